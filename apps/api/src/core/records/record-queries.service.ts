import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { HermesError } from '../hermes-error';
import { applyListQuery, ListQuery, ListSpec } from './record-list';

export interface Page<T> {
  rows: T[];
  total: number;
}

/** Reads of Hermes' records for the admin SPA: one page of a list, or one record by id. */
@Injectable()
export class RecordQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list<T extends ObjectLiteral>(entity: EntityTarget<T>, query: ListQuery, spec: ListSpec): Promise<Page<T>> {
    const qb = this.dataSource.getRepository(entity).createQueryBuilder('row');
    const [rows, total] = await applyListQuery(qb, query, spec).getManyAndCount();
    return { rows, total };
  }

  /** The record, or `record-not-found` saying "No {what} {id}". */
  async get<T extends ObjectLiteral>(entity: EntityTarget<T>, id: number, what: string): Promise<T> {
    const row = await this.dataSource.getRepository(entity).findOneBy({ id } as never);
    if (!row) throw new HermesError('record-not-found', `No ${what} ${id}`);
    return row;
  }
}
