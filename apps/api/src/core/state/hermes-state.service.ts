import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HermesState } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Named values every Hermes process shares (`hermes_state`): where the catch-up got to, the last
 * webhook health check, Pipedrive's daily budget as last seen.
 */
@Injectable()
export class HermesStateService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get<T>(key: string, manager: EntityManager = this.dataSource.manager): Promise<{ value: T; updatedAt: Date } | null> {
    const row = await manager.findOneBy(HermesState, { key });
    return row ? { value: row.value as T, updatedAt: row.updated_at } : null;
  }

  async set(key: string, value: unknown, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO hermes_state (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value)],
    );
  }
}
