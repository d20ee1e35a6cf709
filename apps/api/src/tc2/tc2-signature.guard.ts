import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { RawBodyRequest } from '@nestjs/common';
import { Request } from 'express';
import { HermesConfig } from '../config/hermes-config';
import { isValidTc2Signature } from './tc2-signature.util';

/**
 * Lets a request through only when `Webhook-Signature` is the HMAC of its exact bytes keyed with
 * TC2_API_KEY. Guards run before pipes, so nobody unsigned learns anything from validation errors.
 * DEV_MODE skips the check so webhooks can be sent by hand.
 */
@Injectable()
export class Tc2SignatureGuard implements CanActivate {
  private readonly logger = new Logger(Tc2SignatureGuard.name);

  constructor(private readonly config: HermesConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.config.devMode) return true;
    const request = context.switchToHttp().getRequest<RawBodyRequest<Request>>();
    const signature = request.header('webhook-signature');
    const apiKey = this.config.tc2.apiKey;
    if (apiKey && request.rawBody && isValidTc2Signature(request.rawBody, signature, apiKey)) return true;
    // Only whether a signature came: the expected one would let a reader forge webhooks.
    this.logger.warn(`Rejected a TC2 webhook: ${signature ? 'wrong' : 'missing'} Webhook-Signature`);
    throw new ForbiddenException('Invalid Webhook-Signature');
  }
}
