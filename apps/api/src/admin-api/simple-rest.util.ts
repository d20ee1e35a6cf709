import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The list conventions of `ra-data-simple-rest` (SPEC.md §9): `sort=["field","ASC"]`,
 * `range=[start,end]` (inclusive), `filter={...}` as JSON in the query, answered with the rows and
 * `Content-Range: <resource> <start>-<end>/<total>`.
 */
export interface ListQuery {
  sort: { field: string; order: 'ASC' | 'DESC' };
  /** Absent: every matching row (react-admin's getMany sends only a filter). */
  range?: { start: number; end: number };
  filter: Record<string, unknown>;
}

export type FilterKind = 'int' | 'string' | 'boolean' | { oneOf: readonly string[] };

/** What a resource lets a list sort and filter by: API field → SQL column (of the query's alias). */
export interface ListSpec {
  sortable: Record<string, string>;
  defaultSort: ListQuery['sort'];
  filters: Record<string, { column: string; kind: FilterKind }>;
  /** Columns the free-text `q` filter searches (case-insensitive, anywhere in the text). */
  search?: string[];
}

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
    if (!(sortRaw[0] in spec.sortable)) throw badParameter('sort', `cannot sort by ${sortRaw[0]}; one of: ${Object.keys(spec.sortable).join(', ')}`);
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
    const allowed = spec.filters[name];
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

/** Applies a parsed list query to a query builder over one entity (alias `row`). */
export function applyListQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ListQuery, spec: ListSpec): SelectQueryBuilder<T> {
  let n = 0;
  for (const [name, value] of Object.entries(query.filter)) {
    const param = `f${n++}`;
    if (name === 'q') {
      const text = `%${(value as string).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const clauses = spec.search!.map((column) => `${column}::text ILIKE :${param}`);
      qb.andWhere(`(${clauses.join(' OR ')})`, { [param]: text });
      continue;
    }
    const { column } = spec.filters[name];
    if (value === null) qb.andWhere(`${column} IS NULL`);
    else if (Array.isArray(value)) qb.andWhere(value.length ? `${column} IN (:...${param})` : 'false', { [param]: value });
    else qb.andWhere(`${column} = :${param}`, { [param]: value });
  }
  qb.orderBy(spec.sortable[query.sort.field], query.sort.order, query.sort.order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
  if (spec.sortable[query.sort.field] !== 'row.id') qb.addOrderBy('row.id', query.sort.order);
  if (query.range) qb.offset(query.range.start).limit(query.range.end - query.range.start + 1);
  return qb;
}

/** Sets the `Content-Range` header react-admin reads the total from (and lets the browser read it). */
export function setContentRange(res: Response, resource: string, query: ListQuery, count: number, total: number): void {
  const start = query.range?.start ?? 0;
  const span = count ? `${start}-${start + count - 1}` : '*';
  res.setHeader('Content-Range', `${resource} ${span}/${total}`);
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range');
}

/** One list request from start to finish: parse, query, set the header; the rows for the body. */
export async function listRows<T extends ObjectLiteral>(
  res: Response,
  resource: string,
  qb: SelectQueryBuilder<T>,
  rawQuery: Record<string, unknown>,
  spec: ListSpec,
): Promise<T[]> {
  const query = parseListQuery(rawQuery, spec);
  const [rows, total] = await applyListQuery(qb, query, spec).getManyAndCount();
  setContentRange(res, resource, query, rows.length, total);
  return rows;
}
