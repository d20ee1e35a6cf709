import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header is `Bearer <token>`. Digests of equal length are compared in
 * constant time, so the answer's timing tells nothing of the token, its length included.
 */
export function bearerTokenMatches(authorization: string | undefined, token: string): boolean {
  const [scheme, given] = (authorization ?? '').split(' ', 2);
  return scheme?.toLowerCase() === 'bearer' && !!given && timingSafeEqual(digest(given), digest(token));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
