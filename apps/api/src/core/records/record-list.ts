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
  /** Columns the free-text `q` filter searches (case-insensitive, anywhere in the text). */
  search?: string[];
}

/**
 * Applies a list query to a query builder over one entity (alias `row`). The query must have been
 * checked against the spec (its field names are the spec's own keys), so no caller text reaches SQL.
 */
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
  const sortColumn = spec.sortable[query.sort.field];
  qb.orderBy(sortColumn, query.sort.order, query.sort.order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
  if (sortColumn !== 'row.id') qb.addOrderBy('row.id', query.sort.order);
  if (query.range) qb.offset(query.range.start).limit(query.range.end - query.range.start + 1);
  return qb;
}
