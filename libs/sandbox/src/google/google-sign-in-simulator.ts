import { createHash, randomBytes } from 'node:crypto';
import { Express, Request, Response } from 'express';
import { Simulator } from '../simulator';
import { accountChooserPage, signInErrorPage } from './google-account-chooser.util';
import { GoogleSimAccount } from './google-sim.types';

export interface GoogleSignInSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  accounts?: GoogleSimAccount[];
  /** When set, only these redirect URIs are accepted, as Google accepts only registered ones. */
  redirectUris?: string[];
}

export const AUTHORIZE_PATH = '/o/oauth2/v2/auth';
export const TOKEN_PATH = '/token';
export const USERINFO_PATH = '/v1/userinfo';

const CODE_LIFETIME_MS = 10 * 60_000;
const TOKEN_LIFETIME_SECONDS = 3599;
const EMAIL_SCOPE = 'https://www.googleapis.com/auth/userinfo.email';
const PROFILE_SCOPE = 'https://www.googleapis.com/auth/userinfo.profile';
// The short names passport and most apps ask for, and what Google grants for them.
const SCOPE_ALIASES: Record<string, string> = { email: EMAIL_SCOPE, profile: PROFILE_SCOPE };

interface IssuedCode {
  email: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

interface IssuedToken {
  email: string;
  scopes: string[];
  code: string;
  expiresAt: number;
}

/**
 * A stateful Google sign-in: the OAuth 2.0 authorization-code flow for the
 * accounts configured. `GET /o/oauth2/v2/auth` shows an account chooser (or, with `login_hint`,
 * signs that account in at once) and redirects to `redirect_uri?code=&state=`; `POST /token`
 * exchanges a code once, as passport-oauth2 sends it (form-encoded, client credentials in the
 * body or Basic auth); `GET /v1/userinfo` answers the OpenID Connect userinfo for the token
 * (bearer header, or `access_token` in the query as passport's OAuth2 library sends it).
 */
export class GoogleSignInSimulator extends Simulator {
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly configuredAccounts: GoogleSimAccount[];
  private readonly redirectUris?: string[];
  private readonly accountsByEmail = new Map<string, GoogleSimAccount>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(options: GoogleSignInSimulatorOptions = {}) {
    super();
    this.clientId = options.clientId ?? 'sandbox-client-id.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret ?? 'sandbox-client-secret';
    this.configuredAccounts = options.accounts ?? [];
    this.redirectUris = options.redirectUris;
    this.clearState();
  }

  state() {
    return {
      accounts: this.accounts(),
      codes: [...this.codes.values()].map(({ email, clientId, redirectUri, scopes, used }) => ({
        email,
        clientId,
        redirectUri,
        scopes,
        used,
      })),
      tokensIssued: this.tokens.size,
    };
  }

  /** Forgets codes and tokens; the accounts go back to those given to the constructor. */
  protected clearState(): void {
    this.codes.clear();
    this.tokens.clear();
    this.accountsByEmail.clear();
    for (const account of this.configuredAccounts) this.addAccount(account);
  }

  // --- Test helpers -----------------------------------------------------------------------------

  addAccount(account: GoogleSimAccount): GoogleSimAccount {
    const stored = { ...account, sub: account.sub ?? googleUserId(account.email) };
    this.accountsByEmail.set(account.email.toLowerCase(), stored);
    return { ...stored };
  }

  accounts(): GoogleSimAccount[] {
    return [...this.accountsByEmail.values()].map((a) => ({ ...a }));
  }

  /** The authorize URL a relying party would redirect to (client id and scopes filled in). */
  authorizeUrl(params: { redirect_uri: string; state?: string; login_hint?: string; scope?: string; client_id?: string }): string {
    const url = new URL(AUTHORIZE_PATH, this.url);
    const all = { response_type: 'code', client_id: this.clientId, scope: 'profile email', ...params };
    for (const [name, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(name, value);
    return url.href;
  }

  // --- HTTP -------------------------------------------------------------------------------------

  protected routes(app: Express): void {
    app.get(AUTHORIZE_PATH, (req, res) => this.authorize(req, res));
    app.post(TOKEN_PATH, (req, res) => this.token(req, res));
    // Google serves userinfo at both; passport-google-oauth20 defaults to the second.
    app.get(USERINFO_PATH, (req, res) => this.userinfo(req, res));
    app.get('/oauth2/v3/userinfo', (req, res) => this.userinfo(req, res));
  }

  private authorize(req: Request, res: Response): void {
    const clientId = param(req.query.client_id);
    const redirectUri = param(req.query.redirect_uri);
    const scope = param(req.query.scope);
    const state = param(req.query.state);
    const loginHint = param(req.query.login_hint);

    // Problems with the client or redirect URI are shown to the user: there is nowhere safe to redirect.
    if (clientId !== this.clientId) return errorPage(res, 401, 'Error 401: invalid_client', 'The OAuth client was not found.');
    if (!redirectUri || !isHttpUrl(redirectUri)) {
      return errorPage(res, 400, 'Error 400: invalid_request', 'Missing required parameter: redirect_uri');
    }
    if (this.redirectUris && !this.redirectUris.includes(redirectUri)) {
      const detail = `The redirect URI in the request, ${redirectUri}, does not match the ones authorized for the OAuth client.`;
      return errorPage(res, 400, 'Error 400: redirect_uri_mismatch', detail);
    }

    const back = (params: Record<string, string>) => {
      const url = new URL(redirectUri);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      if (state !== undefined) url.searchParams.set('state', state);
      res.redirect(302, url.href);
    };
    if (param(req.query.response_type) !== 'code') return back({ error: 'unsupported_response_type' });
    if (!scope) return errorPage(res, 400, 'Error 400: invalid_request', 'Missing required parameter: scope');
    if (param(req.query.sandbox_action) === 'cancel') return back({ error: 'access_denied' });

    if (loginHint === undefined) {
      const withHint = (email: string) => withParams(req, { login_hint: email });
      res.type('html').send(accountChooserPage(this.accounts(), withHint, withParams(req, { sandbox_action: 'cancel' })));
      return;
    }
    const account = this.accountsByEmail.get(loginHint.toLowerCase());
    if (!account) return errorPage(res, 404, "Couldn't find your Google Account", `No sandbox account is configured for ${loginHint}.`);

    const code = `4/sandbox-${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, {
      email: account.email.toLowerCase(),
      clientId,
      redirectUri,
      scopes: expandScopes(scope),
      expiresAt: Date.now() + CODE_LIFETIME_MS,
      used: false,
    });
    back({ code, scope: expandScopes(scope).join(' ') });
  }

  private token(req: Request, res: Response): void {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const basic = basicCredentials(req.get('authorization'));
    const clientId = basic?.id ?? param(body.client_id);
    const clientSecret = basic?.secret ?? param(body.client_secret);
    const fail = (status: number, error: string, description: string) => {
      res.status(status).json({ error, error_description: description });
    };

    if (clientId !== this.clientId || clientSecret !== this.clientSecret) return fail(401, 'invalid_client', 'Unauthorized');
    const grantType = param(body.grant_type);
    if (grantType !== 'authorization_code') return fail(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
    const codeValue = param(body.code) ?? '';
    const code = this.codes.get(codeValue);
    if (!code || code.expiresAt <= Date.now() || code.clientId !== clientId) return fail(400, 'invalid_grant', 'Malformed auth code.');
    if (code.used) {
      // A replayed code may be stolen: like Google, also revoke what it was exchanged for.
      for (const [token, issued] of this.tokens) if (issued.code === codeValue) this.tokens.delete(token);
      return fail(400, 'invalid_grant', 'Bad Request');
    }
    if (param(body.redirect_uri) !== code.redirectUri) return fail(400, 'redirect_uri_mismatch', 'Bad Request');

    code.used = true;
    const accessToken = `ya29.sandbox-${randomBytes(24).toString('base64url')}`;
    const expiresAt = Date.now() + TOKEN_LIFETIME_SECONDS * 1000;
    this.tokens.set(accessToken, { email: code.email, scopes: code.scopes, code: codeValue, expiresAt });
    res.json({ access_token: accessToken, expires_in: TOKEN_LIFETIME_SECONDS, scope: code.scopes.join(' '), token_type: 'Bearer' });
  }

  private userinfo(req: Request, res: Response): void {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const issued = this.tokens.get(bearer ?? param(req.query.access_token) ?? '');
    const account = issued && issued.expiresAt > Date.now() ? this.accountsByEmail.get(issued.email) : undefined;
    if (!issued || !account) {
      res.status(401).json({ error: 'invalid_request', error_description: 'Invalid Credentials' });
      return;
    }
    const info: Record<string, unknown> = { sub: account.sub };
    if (issued.scopes.includes(PROFILE_SCOPE)) {
      Object.assign(info, {
        name: account.name,
        given_name: account.given_name,
        family_name: account.family_name,
        picture: account.picture ?? `https://lh3.googleusercontent.com/a/sandbox-${account.sub}=s96-c`,
      });
    }
    if (issued.scopes.includes(EMAIL_SCOPE)) Object.assign(info, { email: account.email, email_verified: account.email_verified });
    if (account.hd) info.hd = account.hd;
    res.json(info);
  }
}

/** A stable, Google-looking numeric user id for an email. */
function googleUserId(email: string): string {
  const digest = createHash('sha256').update(email.toLowerCase()).digest();
  return `1${digest.readBigUInt64BE(0).toString().padStart(20, '0')}`;
}

function expandScopes(scope: string): string[] {
  return [...new Set(scope.split(/[\s,]+/).filter(Boolean).map((s) => SCOPE_ALIASES[s] ?? s))];
}

/** The current authorize request's URL with some parameters added: what the chooser's links point at. */
function withParams(req: Request, extra: Record<string, string>): string {
  const url = new URL(req.originalUrl, 'http://placeholder');
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function errorPage(res: Response, status: number, title: string, detail: string): void {
  res.status(status).type('html').send(signInErrorPage(title, detail));
}

function param(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
