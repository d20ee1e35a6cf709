import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { Request } from 'express';
import { parseRawJsonBody, rawBody } from '../common/raw-json-body.util';
import { HermesConfig } from '../config/hermes-config';
import { isValidTc2Signature } from './tc2-signature.util';

/**
 * Lets a request through only when `Webhook-Signature` is the HMAC of its exact bytes keyed with
 * TC2_API_KEY, and only then parses them as JSON (the app leaves this route's body as bytes), so
 * nobody unsigned learns anything from parse or validation errors. DEV_MODE skips the check so
 * webhooks can be sent by hand.
 */
@Injectable()
export class Tc2SignatureGuard implements CanActivate {
  private readonly logger = new Logger(Tc2SignatureGuard.name);

  constructor(private readonly config: HermesConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!this.config.devMode) {
      const signature = request.header('webhook-signature');
      const apiKey = this.config.tc2.apiKey;
      if (!apiKey || !isValidTc2Signature(rawBody(request), signature, apiKey)) {
        // Only whether a signature came: the expected one would let a reader forge webhooks.
        this.logger.warn(`Rejected a TC2 webhook: ${signature ? 'wrong' : 'missing'} Webhook-Signature`);
        throw new ForbiddenException('Invalid Webhook-Signature');
      }
    }
    parseRawJsonBody(request);
    return true;
  }
}
