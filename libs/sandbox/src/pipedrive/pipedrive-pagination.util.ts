import { PipedriveApiError } from './pipedrive-api.error';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/** v2 cursor pagination: `limit` (1–500, default 100) and an opaque `cursor`; `next_cursor` is null on the last page. */
export function paginate<T>(items: T[], query: Record<string, unknown>): { data: T[]; next_cursor: string | null } {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new PipedriveApiError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const offset = typeof query.cursor === 'string' && query.cursor ? decodeCursor(query.cursor) : 0;
  const end = offset + limit;
  return { data: items.slice(offset, end), next_cursor: end < items.length ? encodeCursor(end) : null };
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { offset: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch {
    // Falls through to the error below.
  }
  throw new PipedriveApiError(400, 'Invalid cursor');
}
