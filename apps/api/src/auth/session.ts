import cookieSession from 'cookie-session';
import type { Request, RequestHandler } from 'express';
import { HermesConfig } from '../config/hermes-config';

export const SESSION_COOKIE = 'hermes_session';
const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The admin session: a signed cookie, not readable by scripts, not sent on cross-site
 * requests other than top-level navigations. A signed-in request has `req.session.adminId`.
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

/** The signed-in Admin's id, if the request carries a session. */
export function sessionAdminId(req: Request): number | undefined {
  const adminId: unknown = req.session?.adminId;
  return typeof adminId === 'number' ? adminId : undefined;
}

/** Replaces whatever the session held (e.g. the OAuth state) with the signed-in Admin alone. */
export function startSession(req: Request, adminId: number): void {
  req.session = { adminId };
}

export function endSession(req: Request): void {
  req.session = null;
}
