import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Admin } from '@hermes/database';
import { DataSource } from 'typeorm';
import { endSession, sessionAdminId } from './session';

export interface AdminRequest extends Request {
  admin: Admin;
}

/** 401 unless the request has the session of an Admin who still exists; puts that Admin in `req.admin`. */
@Injectable()
export class AdminSessionGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const adminId = sessionAdminId(req);
    const admin = adminId === undefined ? null : await this.dataSource.getRepository(Admin).findOneBy({ id: adminId });
    if (!admin) {
      // An Admin deleted since signing in loses the session at once.
      if (adminId !== undefined) endSession(req);
      throw new UnauthorizedException('Sign in with Google first');
    }
    req.admin = admin;
    return true;
  }
}
