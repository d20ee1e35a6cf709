import cookieSession from 'cookie-session';
import type { Request, RequestHandler } from 'express';
import { HermesConfig } from '../config/hermes-config';

export const SESSION_COOKIE = 'hermes_session';
/** How long a sign-in lasts, counted from the sign-in; the server enforces it, not only the browser. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** What the cookie of a signed-in browser holds: its session's id (a row of admin_session), whose it is, since when. */
export interface SessionClaims {
  sid: string;
  adminId: number;
  /** When the session was issued, in ms since the epoch. */
  iat: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The admin session: a signed cookie, not readable by scripts, not sent on cross-site
 * requests other than top-level navigations. Before sign-in it carries the OAuth state; after, the
 * SessionClaims, which AdminSessions checks against the database on every request.
 */
export function sessionMiddleware(config: HermesConfig): RequestHandler {
  return cookieSession({
    name: SESSION_COOKIE,
    keys: [config.signingKey],
    httpOnly: true,
    sameSite: 'lax',
    secure: config.production,
    maxAge: SESSION_MAX_AGE_MS,
  });
}

/** The sign-in the cookie claims, if well-formed and not past its lifetime (whether it still holds is the database's say). */
export function sessionClaims(req: Request, now = Date.now()): SessionClaims | undefined {
  const { sid, adminId, iat } = (req.session ?? {}) as Partial<Record<keyof SessionClaims, unknown>>;
  if (typeof sid !== 'string' || !UUID.test(sid) || !Number.isSafeInteger(adminId) || typeof iat !== 'number') return undefined;
  if (!(now - iat < SESSION_MAX_AGE_MS)) return undefined;
  return { sid, adminId: adminId as number, iat };
}

/** Whether the cookie claims a sign-in at all (as opposed to being empty or holding only the OAuth state). */
export function claimsSignIn(req: Request): boolean {
  return req.session?.sid !== undefined || req.session?.adminId !== undefined;
}

/** Replaces whatever the session held (e.g. the OAuth state) with these claims alone. */
export function writeSession(req: Request, claims: SessionClaims): void {
  req.session = { ...claims };
}

export function endSession(req: Request): void {
  req.session = null;
}
