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
 * it), so a refused or failed sign-in is a page, not an error. Only Hermes' own words reach that
 * page: anyone can open the callback URL with an `error_description` of their choosing.
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
    const refusal = info as Partial<SignInRefusal> | undefined;
    req.signInRefusal =
      refusal?.verified === true && typeof refusal.message === 'string'
        ? { message: refusal.message, verified: true }
        : { message: unverifiedMessage(error, info), verified: false };
    return null as TUser;
  }
}

/** Fixed wording for a callback Google did not vouch for: an error, a cancellation, a stale or forged state. */
function unverifiedMessage(error: unknown, info: unknown): string {
  if (error) return 'Google sign-in could not be completed. Please try again.';
  // passport-oauth2's words for a missing or wrong `state`.
  if (/authorization request state/i.test((info as { message?: string } | undefined)?.message ?? '')) {
    return 'This sign-in was not started here or has expired. Please sign in again.';
  }
  // Otherwise `error=access_denied`: the person cancelled at Google.
  return 'Sign-in was cancelled at Google.';
}
