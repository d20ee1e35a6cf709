import { ExecutionContext, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { HermesConfig } from '../config/hermes-config';
import { GOOGLE_STRATEGY, SignInRefusal } from './google.strategy';

export interface GoogleSignInRequest extends Request {
  signInRefusal?: SignInRefusal;
}

/**
 * Runs the Google strategy: on `/auth/google` it redirects to Google; on the callback it leaves
 * the Admin in `req.user`, or the reason for refusing in `req.signInRefusal` (the controller shows
 * it), so a refused or failed sign-in is a page, not an error.
 */
@Injectable()
export class GoogleAuthGuard extends AuthGuard(GOOGLE_STRATEGY) {
  private readonly logger = new Logger(GoogleAuthGuard.name);

  constructor(private readonly config: HermesConfig) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (!this.config.googleOAuth.clientId || !this.config.googleOAuth.clientSecret) {
      throw new ServiceUnavailableException('Google sign-in is not configured: set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET');
    }
    return super.canActivate(context);
  }

  override getAuthenticateOptions() {
    const hd = this.config.googleOAuth.hostedDomain;
    return { session: false, prompt: 'select_account', ...(hd ? { hd } : {}) };
  }

  override handleRequest<TUser>(error: unknown, user: TUser, info: unknown, context: ExecutionContext): TUser {
    if (user) return user;
    const req = context.switchToHttp().getRequest<GoogleSignInRequest>();
    if (error) this.logger.warn(`Google sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    req.signInRefusal = { message: refusalMessage(error, info) };
    return null as TUser;
  }
}

function refusalMessage(error: unknown, info: unknown): string {
  if (error) return 'Google sign-in could not be completed. Please try again.';
  const message = (info as { message?: string } | undefined)?.message;
  // No reason: the person cancelled at Google (passport-oauth2 passes on Google's empty description).
  if (!message) return 'Sign-in was cancelled at Google.';
  // passport-oauth2's words for a missing or wrong `state`: a stale or forged callback.
  if (/authorization request state/i.test(message)) return 'This sign-in was not started here or has expired. Please sign in again.';
  return message;
}
