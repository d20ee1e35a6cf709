import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { HermesConfig } from '../config/hermes-config';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF rule for state-changing admin calls: the body must be declared JSON, which a
 * cross-site form cannot send without a CORS preflight Hermes never grants, and an `Origin`, when
 * the browser sends one, must be the SPA's. Anything else is 403.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  private readonly spaOrigin: string;

  constructor(config: HermesConfig) {
    this.spaOrigin = new URL(config.adminSpaUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    // The header itself, not req.is(): a DELETE has no body, yet must still be declared JSON.
    const mediaType = req.get('content-type')?.split(';')[0].trim().toLowerCase();
    if (mediaType !== 'application/json') throw new ForbiddenException('State-changing requests must have Content-Type: application/json');
    const origin = req.get('origin');
    if (origin !== undefined && origin !== this.spaOrigin) throw new ForbiddenException(`Requests from ${origin} are not allowed`);
    return true;
  }
}
