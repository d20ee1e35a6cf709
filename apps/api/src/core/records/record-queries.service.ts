import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { HermesError } from '../hermes-error';
import { applyListQuery, ListQuery, ListSpec } from './record-list';

export interface Page<T> {
  rows: T[];
  total: number;
}

/** The cost Postgres gives a page read out of order, in a search: SSD's usual figure. */
const SEARCH_RANDOM_PAGE_COST = 1.1;

/** Reads of Hermes' records for the admin SPA: one page of a list, or one record by id. */
@Injectable()
export class RecordQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list<T extends ObjectLiteral>(entity: EntityTarget<T>, query: ListQuery, spec: ListSpec): Promise<Page<T>> {
    const page = async (manager: EntityManager) => {
      const [rows, total] = await applyListQuery(manager.getRepository(entity).createQueryBuilder('row'), query, spec).getManyAndCount();
      return { rows, total };
    };
    if (query.filter.q === undefined) return page(this.dataSource.manager);
    // Priced for spinning disks (random_page_cost 4), the trigram indexes of a search look dearer to
    // Postgres than evaluating ILIKE on every row, which they are not on a database held in memory or
    // on SSD (10× faster on 100,000 companies): priced as such, for this search alone.
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL random_page_cost = ${SEARCH_RANDOM_PAGE_COST}`);
      return page(manager);
    });
  }

  /** The record, or `record-not-found` saying "No {what} {id}". */
  async get<T extends ObjectLiteral>(entity: EntityTarget<T>, id: number, what: string): Promise<T> {
    const row = await this.dataSource.getRepository(entity).findOneBy({ id } as never);
    if (!row) throw new HermesError('record-not-found', `No ${what} ${id}`);
    return row;
  }
}
