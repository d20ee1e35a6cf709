import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { Request } from 'express';
import { AdminSessions } from '../auth/admin-sessions.service';
import { HermesConfig } from '../config/hermes-config';

/** `Authorization: <any word> <TC2_API_KEY>`, as TC2 sends it (v2 accepted any scheme word). */
function carriesTc2Key(request: Request, config: HermesConfig): boolean {
  const key = config.tc2.apiKey;
  const given = (request.header('authorization') ?? '').trim().split(/\s+/)[1];
  if (!key || !given) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(key)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** TC2's own calls (the support link): the TC2 API key or 403. */
@Injectable()
export class Tc2KeyGuard implements CanActivate {
  constructor(private readonly config: HermesConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!carriesTc2Key(context.switchToHttp().getRequest<Request>(), this.config)) throw new ForbiddenException('Unauthorized key');
    return true;
  }
}

/** Company data is not public: the TC2 API key, or a signed-in admin's live session. */
@Injectable()
export class Tc2KeyOrAdminGuard implements CanActivate {
  constructor(
    private readonly config: HermesConfig,
    private readonly sessions: AdminSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (carriesTc2Key(request, this.config)) return true;
    if (await this.sessions.admin(request)) return true;
    if (request.header('authorization')) throw new ForbiddenException('Unauthorized key');
    throw new UnauthorizedException('The TC2 API key or an admin session is required');
  }
}
