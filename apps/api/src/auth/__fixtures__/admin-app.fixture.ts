import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AUTHORIZE_PATH, GoogleSignInSimulator, GoogleSimAccount, TOKEN_PATH, USERINFO_PATH } from '@hermes/sandbox';
import { createApp, CreateAppOptions } from '../../app.factory';
import { loadConfig } from '../../config/hermes-config';
import { SESSION_COOKIE } from '../session';

export function googleAccount(email: string, overrides: Partial<GoogleSimAccount> = {}): GoogleSimAccount {
  const [given, family] = email.split('@')[0].split('.');
  return {
    email,
    name: `${given} ${family ?? ''}`.trim(),
    given_name: given,
    family_name: family ?? '',
    email_verified: true,
    hd: email.split('@')[1],
    ...overrides,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Hermes listening on a port known before it starts, so its public URL (the OAuth callback and the
 * SPA's origin) is the one the test's requests really use; Google sign-in is the simulator.
 */
export async function startAdminApp(
  databaseUrl: string,
  google: GoogleSignInSimulator,
  env: Record<string, string> = {},
  options: CreateAppOptions = {},
): Promise<{ app: NestExpressApplication; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await createApp(
    loadConfig({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      HERMES_ROLE: 'api',
      PORT: String(port),
      HERMES_URL: url,
      GOOGLE_OAUTH_CLIENT_ID: google.clientId,
      GOOGLE_OAUTH_CLIENT_SECRET: google.clientSecret,
      GOOGLE_OAUTH_AUTHORIZE_URL: `${google.url}${AUTHORIZE_PATH}`,
      GOOGLE_OAUTH_TOKEN_URL: `${google.url}${TOKEN_PATH}`,
      GOOGLE_OAUTH_USERINFO_URL: `${google.url}${USERINFO_PATH}`,
      // As a deployment has: Hermes refuses the development key once any service URL is off this machine.
      SIGNING_KEY: 'admin-app-test-signing-key',
      ...env,
    }),
    options,
  );
  return { app, url };
}

/** The cookies a browser would hold for one site: what Set-Cookie gave, minus what it expired. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const expires = attributes.map((a) => a.trim()).find((a) => /^expires=/i.test(a));
      if (expires && Date.parse(expires.slice(8)) <= Date.now()) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(name.length + 1));
    }
    return response;
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The value of one cookie, e.g. `jar.get('hermes_session')`. */
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  get size(): number {
    return this.cookies.size;
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.header());
    return this.take(await fetch(url, { redirect: 'manual', ...init, headers }));
  }
}

/**
 * The browser's round trip through Google sign-in, choosing `email` at the account chooser.
 * Returns the callback's response; the jar then holds whatever session it gave.
 */
export async function signInWithGoogle(appUrl: string, jar: CookieJar, email: string): Promise<Response> {
  const start = await jar.fetch(`${appUrl}/auth/google`);
  if (start.status !== 302) throw new Error(`/auth/google answered ${start.status}`);
  const authorize = new URL(start.headers.get('location')!);
  authorize.searchParams.set('login_hint', email);
  const google = await fetch(authorize, { redirect: 'manual' });
  if (google.status !== 302) throw new Error(`Google answered ${google.status}: ${await google.text()}`);
  return jar.fetch(google.headers.get('location')!);
}

/** A jar holding the session of `email` (who must be an Admin). */
export async function signedIn(appUrl: string, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const callback = await signInWithGoogle(appUrl, jar, email);
  if (callback.status !== 302) throw new Error(`sign-in as ${email} answered ${callback.status}: ${await callback.text()}`);
  return jar;
}

/** What a jar's session cookie holds (cookie-session's base64 JSON). */
export function sessionIn(jar: CookieJar): Record<string, unknown> {
  return JSON.parse(Buffer.from(jar.get(SESSION_COOKIE) ?? '', 'base64').toString('utf8')) as Record<string, unknown>;
}

/** A `Cookie` header carrying `session`, signed with `signingKey` as cookie-session (keygrip) signs it. */
export function forgedSessionCookie(signingKey: string, session: Record<string, unknown>): string {
  const value = Buffer.from(JSON.stringify(session)).toString('base64');
  const signature = createHmac('sha1', signingKey).update(`${SESSION_COOKIE}=${value}`).digest('base64url');
  return `${SESSION_COOKIE}=${value}; ${SESSION_COOKIE}.sig=${signature}`;
}
