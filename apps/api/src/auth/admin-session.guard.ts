import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { Admin } from '@hermes/database';
import { AdminSessions } from './admin-sessions.service';

export interface AdminRequest extends Request {
  admin: Admin;
}

/** 401 unless the request has a live session of an Admin who still exists; puts that Admin in `req.admin`. */
@Injectable()
export class AdminSessionGuard implements CanActivate {
  constructor(private readonly sessions: AdminSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const admin = await this.sessions.admin(req);
    if (!admin) throw new UnauthorizedException('Sign in with Google first');
    req.admin = admin;
    return true;
  }
}
