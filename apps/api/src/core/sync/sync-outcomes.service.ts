import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CompanySync, SyncWrite } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';

export type SyncWriteEntry = Pick<SyncWrite, 'company_id' | 'system' | 'object' | 'action' | 'outcome'> &
  Partial<Pick<SyncWrite, 'external_id' | 'fields' | 'error'>>;

const ERROR_MAX = 1000;

/**
 * What became of Hermes' syncs of a company: each write it made to Pipedrive or TC2 (the company's
 * timeline), and how its latest sync to Pipedrive went (the sync status the SPA shows). A company
 * deleted meanwhile has nothing recorded.
 */
@Injectable()
export class SyncOutcomesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recordWrite(entry: SyncWriteEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO sync_write (company_id, system, object, external_id, action, fields, outcome, error)
       SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM company WHERE id = $1`,
      [
        entry.company_id,
        entry.system,
        entry.object,
        entry.external_id ?? null,
        entry.action,
        JSON.stringify(entry.fields ?? []),
        entry.outcome,
        entry.error ? entry.error.slice(0, ERROR_MAX) : null,
      ],
    );
  }

  /** The company's sync succeeded: it is in step, and no longer failed. */
  async synced(companyId: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO company_sync (company_id, synced_at) SELECT id, now() FROM company WHERE id = $1
       ON CONFLICT (company_id) DO UPDATE SET synced_at = now(), failed_at = NULL, error = NULL`,
      [companyId],
    );
  }

  /** The company's sync used up its retries; stays so until a sync succeeds. */
  async failedForGood(companyId: number, error: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO company_sync (company_id, failed_at, error) SELECT id, now(), $2 FROM company WHERE id = $1
         ON CONFLICT (company_id) DO UPDATE SET failed_at = now(), error = excluded.error`,
        [companyId, error.slice(0, ERROR_MAX)],
      );
      await this.recordWrite({ company_id: companyId, system: 'pipedrive', object: 'organization', action: 'sync', outcome: 'failed', error }, manager);
    });
  }

  async state(companyId: number, manager: EntityManager = this.dataSource.manager): Promise<CompanySync | null> {
    return manager.findOneBy(CompanySync, { company_id: companyId });
  }

  /** Whether the company's latest sync to Pipedrive succeeded (false: it failed for good, or none ran yet). */
  async lastSucceeded(companyId: number, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const sync = await this.state(companyId, manager);
    return !!sync?.synced_at && !sync.failed_at;
  }

  /** Remembers what the organization's `Hermes sync status` field now says (null: empty). */
  async statusSent(companyId: number, status: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO company_sync (company_id, pd_status_sent) SELECT id, $2 FROM company WHERE id = $1
       ON CONFLICT (company_id) DO UPDATE SET pd_status_sent = excluded.pd_status_sent`,
      [companyId, status],
    );
  }
}
