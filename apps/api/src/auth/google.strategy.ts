import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { Profile, Strategy } from 'passport-google-oauth20';
import { Admin } from '@hermes/database';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';

export const GOOGLE_STRATEGY = 'google';
export const GOOGLE_CALLBACK_PATH = '/auth/google/callback';

/** Why a sign-in got no session; shown to the person on the refusal page. */
export interface SignInRefusal {
  message: string;
  /** Google vouched for the account (the callback was genuine) and Hermes refused it. */
  verified: boolean;
}

/**
 * Google sign-in for the admin SPA: the OAuth code flow with `state` kept in the
 * session cookie; the account must have a verified email equal to an Admin's username (any
 * case), and belong to GOOGLE_HOSTED_DOMAIN when that is set.
 */
@Injectable()
export class GoogleStrategy extends PassportStrategy(Strategy, GOOGLE_STRATEGY) {
  constructor(
    private readonly config: HermesConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super({
      clientID: config.googleOAuth.clientId!,
      clientSecret: config.googleOAuth.clientSecret!,
      callbackURL: `${config.hermesUrl}${GOOGLE_CALLBACK_PATH}`,
      authorizationURL: config.googleOAuth.authorizeUrl,
      tokenURL: config.googleOAuth.tokenUrl,
      userProfileURL: config.googleOAuth.userinfoUrl,
      scope: ['email', 'profile'],
      state: true,
    });
  }

  async validate(_accessToken: string, _refreshToken: string, profile: Profile): Promise<Admin | [false, SignInRefusal]> {
    const info = profile._json as { email?: string; email_verified?: boolean | string; hd?: string };
    const email = info.email?.trim().toLowerCase();
    // Google sends a boolean; some OpenID providers send the string.
    if (!email || String(info.email_verified) !== 'true') {
      return [false, { message: 'Your Google account has no verified email address.', verified: true }];
    }
    const domain = this.config.googleOAuth.hostedDomain?.toLowerCase();
    // `hd` is Google's word for the Workspace an account belongs to (consumer accounts have none).
    if (domain && info.hd?.toLowerCase() !== domain) {
      return [false, { message: `Only ${domain} Google accounts may sign in; ${email} is not one.`, verified: true }];
    }
    const admin = await this.dataSource
      .getRepository(Admin)
      .createQueryBuilder('admin')
      .where('lower(admin.username) = :email', { email })
      .orderBy('admin.id')
      .getOne();
    if (!admin) return [false, { message: `${email} is not an admin of Hermes. Ask an existing admin to add you.`, verified: true }];
    return admin;
  }
}
