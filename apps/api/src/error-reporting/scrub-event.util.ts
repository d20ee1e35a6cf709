/** Stands in for a value that must not leave Hermes. */
export const FILTERED = '[Filtered]';

/** Keys whose values are credentials or personal data, wherever they appear in a report (headers, breadcrumbs, extras). */
const SENSITIVE_KEY = /authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|session|e-?mail|phone|mobile|^(first|last|full|display|contact|person|user)[-_]?name$|^username$|^ip(_address)?$/i;

/**
 * Query parameters whose values are credentials (Google sign-in's `code` and `state`, a support link's
 * signature `s`, a Pipedrive token) or personal data (Pipedrive searches' `term`: an email, a phone).
 */
const SENSITIVE_PARAM = /(^|[?&])(s|code|state|term|api_token|email|phone|name)=[^&#\s"']*/gi;

/** Addresses, also percent-encoded as in a search URL. */
const EMAIL = /[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/gi;

/**
 * What Hermes lets a Sentry report carry: no user, no request body or cookies; credentials and personal
 * data masked by key anywhere in it; in every string, the configured secrets (`secrets`), email
 * addresses and sensitive query values masked. Pure: it returns a scrubbed copy.
 */
export function scrubEvent<T extends object>(event: T, secrets: readonly string[]): T {
  const copy = { ...event } as T & { user?: unknown; request?: Record<string, unknown> };
  delete copy.user;
  if (copy.request) {
    const { data: _data, cookies: _cookies, ...request } = copy.request;
    copy.request = request;
  }
  const needles = secrets.filter((secret) => secret.length >= 8).flatMap((secret) => [...new Set([secret, encodeURIComponent(secret)])]);
  return scrubValue(copy, needles) as T;
}

function scrubValue(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') return scrubString(value, needles);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, needles));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SENSITIVE_KEY.test(key) && inner !== null && inner !== undefined ? FILTERED : scrubValue(inner, needles)]),
  );
}

function scrubString(text: string, needles: readonly string[]): string {
  let scrubbed = text;
  for (const needle of needles) scrubbed = scrubbed.split(needle).join(FILTERED);
  return scrubbed.replace(SENSITIVE_PARAM, (_match, start: string, name: string) => `${start}${name}=${FILTERED}`).replace(EMAIL, FILTERED);
}
