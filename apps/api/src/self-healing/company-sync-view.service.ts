import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Company, CompanySync, SyncState, WebhookLog, WebhookSource, WebhookVia } from '@hermes/database';
import { DataSource, In } from 'typeorm';
import { HermesStateService } from '../core/state/hermes-state.service';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';
import { JobRecordsService } from '../jobs/job-records.service';
import { PIPEDRIVE_BUDGET_STATE, PipedriveBudget } from '../pipedrive/pipedrive-budget';
import { CATCH_UP_LAST_RUN, CatchUpRun } from './pipedrive-catch-up.service';
import { WEBHOOK_HEALTH_STATE, WebhookHealth } from './webhook-health.service';

/** Where a company stands with Pipedrive, as the SPA shows it on every company. */
export interface CompanySyncStatus {
  state: SyncState;
  /** The error of a sync that failed for good. */
  error: string | null;
  synced_at: Date | null;
  failed_at: Date | null;
}

/** One line of a company's timeline: an event that reached Hermes, or a write Hermes made. */
export interface TimelineEntry {
  id: string;
  at: Date;
  direction: 'in' | 'out';
  system: WebhookSource;
  /** How an inbound event came: its webhook, or the catch-up. */
  via: WebhookVia | null;
  object: string;
  action: string;
  external_id: string | null;
  fields: string[];
  outcome: string;
  detail: string | null;
}

/** What the dashboard shows of Hermes' health with Pipedrive. */
export interface SyncHealth {
  drift: { found: number; healed: number; since: Date };
  catchUp: CatchUpRun | null;
  webhooks: WebhookHealth | null;
  pipedriveBudget: (PipedriveBudget & { at: Date }) | null;
  failedJobs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The read side of self-healing: sync states, company timelines and health, for the SPA. */
@Injectable()
export class CompanySyncViewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobRecordsService,
    private readonly state: HermesStateService,
  ) {}

  async statuses(companies: Company[]): Promise<Map<number, CompanySyncStatus>> {
    const ids = companies.map((company) => company.id);
    const rows = ids.length ? await this.dataSource.manager.findBy(CompanySync, { company_id: In(ids) }) : [];
    const syncs = new Map(rows.map((row) => [row.company_id, row]));
    const pending = await this.jobs.pendingFor(PIPEDRIVE_COMPANY_SYNC_JOB, 'companyId', ids);
    return new Map(
      companies.map((company) => {
        const sync = syncs.get(company.id);
        const state: SyncState = company.pd_removed
          ? 'removed'
          : pending.has(String(company.id))
            ? 'pending'
            : sync?.error
              ? 'failed'
              : company.pd_org_id
                ? 'in-step'
                : 'not-synced';
        return [company.id, { state, error: sync?.error ?? null, synced_at: sync?.synced_at ?? null, failed_at: sync?.failed_at ?? null }];
      }),
    );
  }

  /** The company's inbound events and outbound writes, newest first. */
  async timeline(companyId: number, limit: number): Promise<TimelineEntry[]> {
    const rows: (Omit<TimelineEntry, 'at'> & { at: Date | string })[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT 'in-' || id AS id, received_at AS at, 'in' AS direction, source AS system, via, entity AS object, action, external_id,
                coalesce(fields, '[]'::jsonb) AS fields, outcome, reason AS detail
         FROM webhook_log WHERE company_id = $1
         UNION ALL
         SELECT 'out-' || id, at, 'out', system, NULL, object, action, external_id, fields, outcome, error
         FROM sync_write WHERE company_id = $1
       ) timeline ORDER BY at DESC, id DESC LIMIT $2`,
      [companyId, limit],
    );
    return rows.map((row) => ({ ...row, at: new Date(row.at) }));
  }

  async health(now = new Date()): Promise<SyncHealth> {
    const since = new Date(now.getTime() - DAY_MS);
    const drift = await this.dataSource
      .createQueryBuilder(WebhookLog, 'log')
      .select(`count(*) FILTER (WHERE log.outcome <> 'ignored')`, 'found')
      .addSelect(`count(*) FILTER (WHERE log.outcome = 'applied')`, 'healed')
      .where(`log.via = 'catch-up' AND log.received_at >= :since`, { since })
      .getRawOne<{ found: string; healed: string }>();
    const budget = await this.state.get<PipedriveBudget>(PIPEDRIVE_BUDGET_STATE);
    return {
      drift: { found: Number(drift?.found ?? 0), healed: Number(drift?.healed ?? 0), since },
      catchUp: (await this.state.get<CatchUpRun>(CATCH_UP_LAST_RUN))?.value ?? null,
      webhooks: (await this.state.get<WebhookHealth>(WEBHOOK_HEALTH_STATE))?.value ?? null,
      pipedriveBudget: budget ? { ...budget.value, at: budget.updatedAt } : null,
      failedJobs: (await this.jobs.list({ states: ['failed'], orderBy: 'completed_on', order: 'DESC', offset: 0, limit: 1 })).total,
    };
  }
}
