import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a support link signs: who may book with whom, until when (unix seconds). */
export interface SupportLinkTerms {
  admin_id: number;
  company_id: number;
  e: number;
}

/** Hermes' signature: an HMAC-SHA256 of the three values with the signing key. */
export function supportLinkSignature(key: string, { admin_id, company_id, e }: SupportLinkTerms): string {
  return createHmac('sha256', key).update(`${admin_id}:${company_id}:${e}`).digest('hex');
}

/**
 * Hermes v2's signature, which the links it sent before the cutover carry: SHA-1 of the key, a
 * colon and the values joined by hyphens, leaving out any that is 0 (v2 dropped falsy values).
 */
export function v2SupportLinkSignature(key: string, { admin_id, company_id, e }: SupportLinkTerms): string {
  return createHash('sha1').update(`${key}:${[admin_id, company_id, e].filter(Boolean).join('-')}`).digest('hex');
}

/** Whether `given` is either signature of these terms, compared in constant time. */
export function isSupportLinkSignature(key: string, terms: SupportLinkTerms, given: string): boolean {
  const current = sameInConstantTime(given, supportLinkSignature(key, terms));
  const v2 = sameInConstantTime(given, v2SupportLinkSignature(key, terms));
  return current || v2;
}

function sameInConstantTime(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
