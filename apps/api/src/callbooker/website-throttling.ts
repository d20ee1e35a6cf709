import type { Request } from 'express';
import { normalizeIp, SkipThrottle, ThrottlerModuleOptions } from '@nestjs/throttler';
import { clientAddress } from '../common/trust-proxy.util';
import { HermesConfig } from '../config/hermes-config';

/**
 * Visitors' browsers call the bookings, the round robin and `/loc/`: per client address, one count
 * across all of them, far above a visitor's needs and low enough to stop a script.
 */
export const VISITOR_RATE_LIMIT = { name: 'visitor', ttl: 60_000, limit: 120 };

/**
 * Servers call availability and support-link validation for every visitor of the website (so they
 * all share the website server's address) and TC2 the support links and `/companies/`: twice the
 * 600 a minute the website may need, still bounding the Google queries one address can cause.
 */
export const SERVER_RATE_LIMIT = { name: 'server', ttl: 60_000, limit: 1200 };

/** A route the browser calls: limited per visitor. */
export const VisitorRoute = () => SkipThrottle({ [VISITOR_RATE_LIMIT.name]: false, [SERVER_RATE_LIMIT.name]: true });

/** A route a server calls for many people: limited per calling server. */
export const ServerRoute = () => SkipThrottle({ [VISITOR_RATE_LIMIT.name]: true, [SERVER_RATE_LIMIT.name]: false });

/** The throttler's settings: the client's address as TRUST_PROXY allows reading it; one count per address and limit. */
export function websiteThrottling(config: HermesConfig): ThrottlerModuleOptions {
  return {
    throttlers: [VISITOR_RATE_LIMIT, SERVER_RATE_LIMIT],
    getTracker: (req) => normalizeIp(clientAddress(req as Request, config.trustProxy)),
    // The throttler's own key adds the route: a client would get the limit once per route.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
  };
}
