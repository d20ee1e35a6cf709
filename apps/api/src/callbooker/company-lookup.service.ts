import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company } from '@hermes/database';
import { DataSource, FindOptionsWhere, IsNull } from 'typeorm';
import { HermesError } from '../core/hermes-error';

const LIMIT = 10;

/** `GET /companies/?<column>=<value>`: companies matching every filter, by name, at most ten (as v2). */
@Injectable()
export class CompanyLookupService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(query: Record<string, unknown>): Promise<Company[]> {
    const filters = Object.entries(query);
    if (!filters.length) throw HermesError.field('query', 'give at least one filter, e.g. ?tc2_cligency_id=123');
    const where: Record<string, unknown> = {};
    const metadata = this.dataSource.getMetadata(Company);
    for (const [name, raw] of filters) {
      const column = metadata.ownColumns.find((c) => c.propertyName === name && !c.relationMetadata);
      if (!column) throw HermesError.field(name, 'is not a company column');
      if (typeof raw !== 'string') throw HermesError.field(name, 'must be given once');
      where[name] = raw === 'null' && column.isNullable ? IsNull() : parse(name, column.type === Number ? 'int' : String(column.type), raw);
    }
    return this.dataSource.manager.find(Company, { where: where as FindOptionsWhere<Company>, order: { name: 'ASC', id: 'ASC' }, take: LIMIT });
  }
}

/** A query string value as the column's type, or 422 naming the column (never a value Postgres would refuse). */
function parse(name: string, type: string, raw: string): unknown {
  if (raw.includes('\0')) throw HermesError.field(name, 'must not contain NUL characters');
  if (type === 'int') {
    if (!/^-?\d{1,9}$/.test(raw)) throw HermesError.field(name, 'must be an integer');
    return Number(raw);
  }
  if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw HermesError.field(name, 'must be true or false');
    return raw === 'true';
  }
  if (type === 'timestamptz') {
    const date = new Date(raw);
    const year = date.getUTCFullYear();
    if (!(year >= 1 && year <= 9999)) throw HermesError.field(name, 'must be an ISO date-time between the years 1 and 9999');
    return date;
  }
  if (type === 'jsonb') throw HermesError.field(name, 'cannot be filtered on');
  return raw;
}
