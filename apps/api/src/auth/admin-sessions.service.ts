import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Admin, AdminSession } from '@hermes/database';
import { DataSource, IsNull, LessThan, MoreThan } from 'typeorm';
import { claimsSignIn, endSession, SESSION_MAX_AGE_MS, sessionClaims, writeSession } from './session';

/**
 * The admin SPA's sessions, one admin_session row per sign-in: the cookie names its row, and a
 * session holds only while the row does, unrevoked and younger than SESSION_MAX_AGE_MS. So signing
 * out really ends it (a copy of the cookie is worthless), and deleting an Admin deletes theirs.
 */
@Injectable()
export class AdminSessions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Signs the request's browser in as `adminId`, with a new session. */
  async start(req: Request, adminId: number): Promise<void> {
    const now = new Date();
    const sessions = this.dataSource.getRepository(AdminSession);
    const id = randomUUID();
    await sessions.insert({ id, admin_id: adminId, created_at: now });
    // Sessions past their lifetime mean nothing any more: each sign-in clears the Admin's away.
    await sessions.delete({ admin_id: adminId, created_at: LessThan(new Date(now.getTime() - SESSION_MAX_AGE_MS)) });
    writeSession(req, { sid: id, adminId, iat: now.getTime() });
  }

  /** The Admin whose live session the request carries, or null; a cookie claiming a dead session is cleared. */
  async admin(req: Request): Promise<Admin | null> {
    const claims = sessionClaims(req);
    const session = claims
      ? await this.dataSource.getRepository(AdminSession).findOne({
          where: { id: claims.sid, admin_id: claims.adminId, revoked_at: IsNull(), created_at: MoreThan(new Date(Date.now() - SESSION_MAX_AGE_MS)) },
          relations: { admin: true },
        })
      : null;
    if (!session?.admin) {
      if (claimsSignIn(req)) endSession(req);
      return null;
    }
    return session.admin;
  }

  /** Signs this browser out: its session is revoked, so a copy of the cookie no longer works either. */
  async end(req: Request): Promise<void> {
    const claims = sessionClaims(req);
    if (claims) await this.dataSource.getRepository(AdminSession).update({ id: claims.sid, revoked_at: IsNull() }, { revoked_at: new Date() });
    endSession(req);
  }

  /** Revokes every session of the Admin, in every browser. */
  async endAll(adminId: number): Promise<void> {
    await this.dataSource.getRepository(AdminSession).update({ admin_id: adminId, revoked_at: IsNull() }, { revoked_at: new Date() });
  }
}
