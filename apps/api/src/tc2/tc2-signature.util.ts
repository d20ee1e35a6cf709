import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TC2 signs each webhook with the account's API key: the `Webhook-Signature` header is the
 * lower-case hex HMAC-SHA256 of the raw body bytes. Verify against the bytes as received — a
 * re-serialised JSON body would not match.
 */
export function tc2WebhookSignature(rawBody: Buffer | string, apiKey: string): string {
  return createHmac('sha256', apiKey).update(rawBody).digest('hex');
}

/** Constant-time check of a received signature; a missing or malformed one is simply invalid. */
export function isValidTc2Signature(rawBody: Buffer | string, signature: string | undefined | null, apiKey: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(tc2WebhookSignature(rawBody, apiKey));
  const received = Buffer.from(signature);
  return received.length === expected.length && timingSafeEqual(received, expected);
}
