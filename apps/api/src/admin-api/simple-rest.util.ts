import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import type { FilterKind, ListQuery, ListSpec } from '../core/records/record-list';

/**
 * The list conventions of `ra-data-simple-rest`: `sort=["field","ASC"]`, `range=[start,end]`
 * (inclusive), `filter={...}` as JSON in the query, answered with the rows and
 * `Content-Range: <resource> <start>-<end>/<total>`. The query is read here, at the edge; the core
 * runs it (core/records).
 */
export type { FilterKind, ListQuery, ListSpec } from '../core/records/record-list';

/** The largest value of Postgres' `int`, the type of every id and count column. */
export const INT4_MAX = 2_147_483_647;

/** The most rows one page may ask for. */
export const MAX_PAGE = 500;

export function badParameter(name: string, problem: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${name}: ${problem}`, fields: { [name]: [problem] } });
}

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badParameter(name, 'must be given once, as JSON');
  try {
    return JSON.parse(raw);
  } catch {
    throw badParameter(name, 'must be valid JSON');
  }
}

/** Reads and checks sort, range and filter against what the resource allows; 400 naming the parameter. */
export function parseListQuery(query: Record<string, unknown>, spec: Pick<ListSpec, 'sortable' | 'defaultSort' | 'filters' | 'search'>): ListQuery {
  const sortRaw = parseJson('sort', query.sort);
  let sort = spec.defaultSort;
  if (sortRaw !== undefined) {
    const order = Array.isArray(sortRaw) && typeof sortRaw[1] === 'string' ? sortRaw[1].toUpperCase() : undefined;
    if (!Array.isArray(sortRaw) || sortRaw.length !== 2 || typeof sortRaw[0] !== 'string' || (order !== 'ASC' && order !== 'DESC')) {
      throw badParameter('sort', 'must be ["field", "ASC" or "DESC"]');
    }
    if (!Object.hasOwn(spec.sortable, sortRaw[0])) throw badParameter('sort', `cannot sort by ${sortRaw[0]}; one of: ${Object.keys(spec.sortable).join(', ')}`);
    sort = { field: sortRaw[0], order };
  }

  const rangeRaw = parseJson('range', query.range);
  let range: ListQuery['range'];
  if (rangeRaw !== undefined) {
    const valid =
      Array.isArray(rangeRaw) && rangeRaw.length === 2 && rangeRaw.every((n) => Number.isSafeInteger(n) && n >= 0) && rangeRaw[1] >= rangeRaw[0];
    if (!valid) throw badParameter('range', 'must be [start, end] with whole numbers 0 ≤ start ≤ end');
    if (rangeRaw[1] - rangeRaw[0] >= MAX_PAGE) throw badParameter('range', `at most ${MAX_PAGE} rows at a time`);
    range = { start: rangeRaw[0], end: rangeRaw[1] };
  }

  const filterRaw = parseJson('filter', query.filter) ?? {};
  if (typeof filterRaw !== 'object' || filterRaw === null || Array.isArray(filterRaw)) throw badParameter('filter', 'must be a JSON object');
  const filter: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(filterRaw)) {
    if (name === 'q' && spec.search) {
      if (typeof value !== 'string') throw badParameter('filter.q', 'must be text');
      filter.q = value;
      continue;
    }
    // Own keys only: `__proto__` or `constructor` must name nothing, not Object's own members.
    const allowed = Object.hasOwn(spec.filters, name) ? spec.filters[name] : undefined;
    if (!allowed) throw badParameter(`filter.${name}`, `is not a filter here; one of: ${[...Object.keys(spec.filters), ...(spec.search ? ['q'] : [])].join(', ')}`);
    const values = Array.isArray(value) ? value : [value];
    const problem = values.map((v) => filterProblem(allowed.kind, v)).find(Boolean);
    if (problem) throw badParameter(`filter.${name}`, problem);
    filter[name] = value;
  }
  return { sort, range, filter };
}

function filterProblem(kind: FilterKind, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (kind === 'int') return Number.isInteger(value) && Math.abs(value as number) <= INT4_MAX ? undefined : 'must be a whole number (or a list of them)';
  if (kind === 'string') return typeof value === 'string' ? undefined : 'must be text';
  if (kind === 'boolean') return typeof value === 'boolean' ? undefined : 'must be true or false';
  return kind.oneOf.includes(value as string) ? undefined : `must be one of: ${kind.oneOf.join(', ')}`;
}

/** Sets the `Content-Range` header react-admin reads the total from (and lets the browser read it). */
export function setContentRange(res: Response, resource: string, query: ListQuery, count: number, total: number): void {
  const start = query.range?.start ?? 0;
  const span = count ? `${start}-${start + count - 1}` : '*';
  res.setHeader('Content-Range', `${resource} ${span}/${total}`);
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range');
}

/** One list request: the query read and checked, run by `fetch`, answered as react-admin reads it (rows, and the total in `Content-Range`). */
export async function listed<T>(
  res: Response,
  resource: string,
  raw: Record<string, unknown>,
  spec: ListSpec,
  fetch: (query: ListQuery) => Promise<{ rows: T[]; total: number }>,
): Promise<T[]> {
  const query = parseListQuery(raw, spec);
  const page = await fetch(query);
  setContentRange(res, resource, query, page.rows.length, page.total);
  return page.rows;
}
