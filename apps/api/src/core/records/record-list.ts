import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** One page of a list: how to sort, which rows, and which filters (`q` searches text). */
export interface ListQuery {
  sort: { field: string; order: 'ASC' | 'DESC' };
  /** Absent: every matching row. */
  range?: { start: number; end: number };
  filter: Record<string, unknown>;
}

export type FilterKind = 'int' | 'string' | 'boolean' | { oneOf: readonly string[] };

/** What a list lets callers sort and filter by: their field name → SQL column (of the query's alias `row`). */
export interface ListSpec {
  sortable: Record<string, string>;
  defaultSort: ListQuery['sort'];
  filters: Record<string, { column: string; kind: FilterKind }>;
  /** Text columns the free-text `q` filter searches (case-insensitive, anywhere in the text). */
  search?: string[];
  /**
   * Integer id columns `q` finds a row by, when it is a whole number: equality, which their indexes
   * serve (a search of their digits as text would scan the table).
   */
  searchIds?: string[];
}

const INT_MAX = 2_147_483_647;

/**
 * Applies a list query to a query builder over one entity (alias `row`). The query must have been
 * checked against the spec (its field names are the spec's own keys), so no caller text reaches SQL.
 */
export function applyListQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ListQuery, spec: ListSpec): SelectQueryBuilder<T> {
  let n = 0;
  for (const [name, value] of Object.entries(query.filter)) {
    const param = `f${n++}`;
    if (name === 'q') {
      const q = value as string;
      const text = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const params: Record<string, unknown> = { [param]: text };
      const clauses = (spec.search ?? []).map((column) => `${column} ILIKE :${param}`);
      const id = /^\d{1,10}$/.test(q.trim()) ? Number(q.trim()) : NaN;
      if (id <= INT_MAX && spec.searchIds?.length) {
        clauses.push(...spec.searchIds.map((column) => `${column} = :${param}id`));
        params[`${param}id`] = id;
      }
      qb.andWhere(`(${clauses.join(' OR ')})`, params);
      continue;
    }
    const { column } = spec.filters[name];
    if (value === null) qb.andWhere(`${column} IS NULL`);
    else if (Array.isArray(value)) qb.andWhere(value.length ? `${column} IN (:...${param})` : 'false', { [param]: value });
    else qb.andWhere(`${column} = :${param}`, { [param]: value });
  }
  const sortColumn = spec.sortable[query.sort.field];
  // The id is never null: without a NULLS clause its primary key index serves the ORDER BY (and the LIMIT).
  if (sortColumn === 'row.id') qb.orderBy(sortColumn, query.sort.order);
  else qb.orderBy(sortColumn, query.sort.order, query.sort.order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
  if (sortColumn !== 'row.id') qb.addOrderBy('row.id', query.sort.order);
  if (query.range) qb.offset(query.range.start).limit(query.range.end - query.range.start + 1);
  return qb;
}
