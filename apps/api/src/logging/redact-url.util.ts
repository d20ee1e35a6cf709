/** Query parameters whose values are credentials: Google's OAuth `code` and `state`, a support link's signature `s`. */
const SECRET_PARAMS = new Set(['code', 'state', 's']);
export const REDACTED = '[redacted]';

function isSecret(rawName: string): boolean {
  let name = rawName;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: compared as it is.
  }
  return SECRET_PARAMS.has(name);
}

/** `url` (a path or an absolute URL) with the values of its secret query parameters replaced, the rest as it was. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const hash = url.indexOf('#', start);
  const end = hash < 0 ? url.length : hash;
  const query = url
    .slice(start + 1, end)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0];
      return isSecret(name) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, start + 1)}${query}${url.slice(end)}`;
}

/** A parsed query with the values of its secret parameters replaced. */
export function redactQuery(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, SECRET_PARAMS.has(name) ? REDACTED : value]));
}
