import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { HermesConfig } from '../config/hermes-config';

/**
 * /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise), and is off (404, as an
 * unknown route) without METRICS_TOKEN. Digests of equal length are compared in constant time, so the
 * answer's timing tells nothing of the token, its length included.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: HermesConfig) {
    this.expected = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!this.expected) throw new NotFoundException(`Cannot ${request.method} ${request.path}`);
    const [scheme, token] = (request.headers.authorization ?? '').split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && token && timingSafeEqual(digest(token), this.expected)) return true;
    context.switchToHttp().getResponse().setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    throw new UnauthorizedException('Metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
