import { PipedriveApiError } from './pipedrive-api.error';
import { PipedriveSimRecord } from './pipedrive-sim.types';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const SORT_FIELDS = ['id', 'update_time', 'add_time'] as const;
type SortField = (typeof SORT_FIELDS)[number];
const DEAL_STATUSES = ['open', 'won', 'lost', 'deleted'];

/**
 * The v2 list endpoints of organizations, persons and deals: `ids`, `owner_id`, `updated_since`
 * (inclusive) and `updated_until` (exclusive, RFC 3339), `sort_by` (id, update_time, add_time) and
 * `sort_direction`, deals' `status` (a comma-separated list; deleted deals only when asked for),
 * and cursor pages of `limit` (1–500). The cursor marks the first item of the next page by its sort
 * key, so an item updated while a client pages through moves behind it instead of shifting the pages.
 */
export function listPage(
  live: PipedriveSimRecord[],
  deleted: PipedriveSimRecord[],
  query: Record<string, unknown>,
  { withStatus = false } = {},
): { data: PipedriveSimRecord[]; next_cursor: string | null } {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new PipedriveApiError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
  const sortBy = (query.sort_by ?? 'id') as SortField;
  if (!SORT_FIELDS.includes(sortBy)) throw new PipedriveApiError(400, `sort_by must be one of ${SORT_FIELDS.join(', ')}`);
  const direction = query.sort_direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') throw new PipedriveApiError(400, 'sort_direction must be asc or desc');

  let items = withStatus ? byStatus(live, deleted, query.status) : live;
  const since = time(query.updated_since, 'updated_since');
  const until = time(query.updated_until, 'updated_until');
  if (since !== null) items = items.filter((item) => Date.parse(item.update_time as string) >= since);
  if (until !== null) items = items.filter((item) => Date.parse(item.update_time as string) < until);
  if (query.ids !== undefined) {
    const ids = new Set(String(query.ids).split(',').map(Number));
    if (ids.size > 100) throw new PipedriveApiError(400, 'ids takes at most 100 ids');
    items = items.filter((item) => ids.has(item.id));
  }
  if (query.owner_id !== undefined) items = items.filter((item) => item.owner_id === Number(query.owner_id));

  const sign = direction === 'asc' ? 1 : -1;
  const keyOf = (item: PipedriveSimRecord): [number, number] => [sortBy === 'id' ? item.id : Date.parse(item[sortBy] as string), item.id];
  const compare = (a: [number, number], b: [number, number]) => sign * (a[0] - b[0] || a[1] - b[1]);
  items = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));

  if (typeof query.cursor === 'string' && query.cursor) {
    const marker = decodeCursor(query.cursor);
    items = items.filter((item) => compare(keyOf(item), marker) >= 0);
  }
  const data = items.slice(0, limit);
  const next = items[limit];
  return { data, next_cursor: next ? encodeCursor(keyOf(next)) : null };
}

function byStatus(live: PipedriveSimRecord[], deleted: PipedriveSimRecord[], raw: unknown): PipedriveSimRecord[] {
  if (raw === undefined || raw === '') return live;
  const statuses = String(raw).split(',');
  const unknown = statuses.filter((status) => !DEAL_STATUSES.includes(status));
  if (unknown.length) throw new PipedriveApiError(400, `status must be among ${DEAL_STATUSES.join(', ')}`);
  return [...live.filter((deal) => statuses.includes(deal.status as string)), ...(statuses.includes('deleted') ? deleted : [])];
}

function time(raw: unknown, name: string): number | null {
  if (raw === undefined) return null;
  const value = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(value)) throw new PipedriveApiError(400, `${name} must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z`);
  return value;
}

function encodeCursor(key: [number, number]): string {
  return Buffer.from(JSON.stringify({ from: key })).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  try {
    const { from } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { from: unknown };
    if (Array.isArray(from) && from.length === 2 && from.every(Number.isFinite)) return from as [number, number];
  } catch {
    // Falls through to the error below.
  }
  throw new PipedriveApiError(400, 'Invalid cursor');
}
