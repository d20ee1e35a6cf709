import { CanActivate, ExecutionContext, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { Request } from 'express';
import { parseRawJsonBody } from '../common/raw-json-body.util';
import { HermesConfig } from '../config/hermes-config';

/**
 * Pipedrive's webhooks carry the Basic auth `hermes setup` registered (PD_WEBHOOK_USER and
 * PD_WEBHOOK_PASSWORD). Without those configured nothing gets in. The body (left as bytes by the
 * app) is parsed only once the sender is known.
 */
@Injectable()
export class PipedriveBasicAuthGuard implements CanActivate {
  private readonly logger = new Logger(PipedriveBasicAuthGuard.name);

  constructor(private readonly config: HermesConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const { webhookUser, webhookPassword } = this.config.pipedrive;
    if (!webhookUser || !matches(request.header('authorization'), `${webhookUser}:${webhookPassword ?? ''}`)) {
      this.logger.warn(webhookUser ? 'Rejected a Pipedrive webhook: wrong or missing Basic auth' : 'Rejected a Pipedrive webhook: PD_WEBHOOK_USER is not set');
      throw new UnauthorizedException('Basic auth required');
    }
    parseRawJsonBody(request);
    return true;
  }
}

function matches(header: string | undefined, credentials: string): boolean {
  const [scheme, encoded] = (header ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return false;
  const given = Buffer.from(encoded, 'base64');
  const expected = Buffer.from(credentials, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
