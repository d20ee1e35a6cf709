import { CanActivate, ExecutionContext, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HermesConfig } from '../config/hermes-config';
import { bearerTokenMatches } from './bearer-token.util';

/** Sent with a 401 from /metrics. */
export const METRICS_CHALLENGE = 'Bearer realm="metrics"';

/** /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise), and is off (404, as an unknown route) without METRICS_TOKEN. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: HermesConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const { metricsToken } = this.config;
    if (!metricsToken) throw new NotFoundException(`Cannot ${request.method} ${request.path}`);
    if (bearerTokenMatches(request.headers.authorization, metricsToken)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', METRICS_CHALLENGE);
    throw new UnauthorizedException('Metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
}
