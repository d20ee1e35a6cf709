import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { Request } from 'express';
import { Admin } from '@hermes/database';
import { DataSource } from 'typeorm';
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

/** Company data is not public: the TC2 API key, or a signed-in admin's session (`req.session.adminId`). */
@Injectable()
export class Tc2KeyOrAdminGuard implements CanActivate {
  constructor(
    private readonly config: HermesConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { session?: { adminId?: unknown } | null }>();
    if (carriesTc2Key(request, this.config)) return true;
    const adminId = request.session?.adminId;
    if (typeof adminId === 'number' && (await this.dataSource.manager.existsBy(Admin, { id: adminId }))) return true;
    if (request.header('authorization')) throw new ForbiddenException('Unauthorized key');
    throw new UnauthorizedException('The TC2 API key or an admin session is required');
  }
}
