import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pipeline, Stage, WebhookOutcome } from '@hermes/database';
import { DataSource } from 'typeorm';
import { ChangeOutcome, PipedriveEntity } from '../core/from-pipedrive/pipedrive-change';
import { HermesStateService } from '../core/state/hermes-state.service';
import { MetricsService } from '../metrics/metrics.service';
import { PdListedEntity, PdPage, PipedriveClient } from '../pipedrive/pipedrive.client';
import { PipedriveWebhookService } from '../pipedrive-webhook/pipedrive-webhook.service';

/** Where each kind of object's checkpoint is kept: the latest update time applied. */
export const catchUpCheckpoint = (entity: PipedriveEntity) => `pipedrive.catch-up.${entity}`;
/** The last run's summary, for the dashboard. */
export const CATCH_UP_LAST_RUN = 'pipedrive.catch-up.last-run';

/**
 * Each run lists again what was updated shortly before its checkpoint: Pipedrive's update times are
 * whole seconds, and an object saved as a run lists may appear a moment late. Applying an object
 * twice changes nothing.
 */
const OVERLAP_MS = 60_000;
const LISTED: PdListedEntity[] = ['organization', 'person', 'deal'];

export type CatchUpSummary = Record<PipedriveEntity, Record<WebhookOutcome, number>>;

export interface CatchUpRun {
  at: string;
  durationMs: number;
  requests: number;
  summary: CatchUpSummary;
}

interface Changed {
  id: number;
  update_time?: string | null;
  is_deleted?: boolean;
}

/**
 * The scheduled catch-up (docs/self-healing.md): lists what changed in Pipedrive since the last
 * run and applies each object exactly as its webhook would be, so a lost webhook is healed within
 * one interval. Organizations, persons and deals are listed by `updated_since` (deals deleted in
 * the last 30 days included), a page at a time, the checkpoint moving only once a page is applied;
 * pipelines and stages are few and listed whole, which also shows the ones deleted. With nothing
 * changed a run costs one request per kind of object.
 */
@Injectable()
export class PipedriveCatchUpService {
  private readonly logger = new Logger(PipedriveCatchUpService.name);

  constructor(
    private readonly pipedrive: PipedriveClient,
    private readonly webhooks: PipedriveWebhookService,
    private readonly state: HermesStateService,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async run(now = new Date()): Promise<CatchUpRun> {
    const summary = Object.fromEntries(
      (['pipeline', 'stage', ...LISTED] as PipedriveEntity[]).map((entity) => [entity, { applied: 0, ignored: 0, rejected: 0 }]),
    ) as CatchUpSummary;
    const count = (entity: PipedriveEntity, outcome: ChangeOutcome) => {
      summary[entity][outcome.outcome] += 1;
      // What the catch-up applied, or could not, is what webhooks had left out.
      if (outcome.outcome !== 'ignored') this.metrics.driftFound(entity);
      if (outcome.outcome === 'applied') this.metrics.driftHealed(entity);
    };

    const { requests } = await this.pipedrive.countRequests(async () => {
      await this.catchUpWhole('pipeline', await this.pipedrive.listPipelines(), Pipeline, 'pd_pipeline_id', now, count);
      await this.catchUpWhole('stage', await this.pipedrive.listStages(), Stage, 'pd_stage_id', now, count);
      for (const entity of LISTED) await this.catchUpListed(entity, now, count);
    });

    const run: CatchUpRun = { at: now.toISOString(), durationMs: Date.now() - now.getTime(), requests, summary };
    await this.state.set(CATCH_UP_LAST_RUN, run);
    const healed = Object.values(summary).reduce((sum, outcomes) => sum + outcomes.applied, 0);
    const refused = Object.values(summary).reduce((sum, outcomes) => sum + outcomes.rejected, 0);
    if (healed || refused) this.logger.warn(`Catch-up with Pipedrive: ${healed} change(s) applied that no webhook brought, ${refused} refused`);
    return run;
  }

  private async catchUpListed(entity: PdListedEntity, now: Date, count: (entity: PipedriveEntity, outcome: ChangeOutcome) => void): Promise<void> {
    const since = await this.since(entity, now);
    let cursor: string | null = null;
    do {
      const page: PdPage<Changed> = await this.pipedrive.listUpdated(entity, since, cursor);
      for (const object of page.items) count(entity, await this.webhooks.applyCaughtUp(entity, object as Changed));
      await this.advance(entity, page.items);
      cursor = page.nextCursor;
    } while (cursor);
    await this.listedUpTo(entity, now);
  }

  /**
   * Pipelines or stages: those updated since the checkpoint are applied, and those Hermes has that
   * Pipedrive no longer lists are applied as deleted.
   */
  private async catchUpWhole(
    entity: 'pipeline' | 'stage',
    listed: ({ id: number } & Changed)[],
    target: typeof Pipeline | typeof Stage,
    pdColumn: 'pd_pipeline_id' | 'pd_stage_id',
    now: Date,
    count: (entity: PipedriveEntity, outcome: ChangeOutcome) => void,
  ): Promise<void> {
    const since = Date.parse(await this.since(entity, now));
    const changed = listed.filter((object) => !object.update_time || Date.parse(object.update_time) >= since);
    for (const object of changed) count(entity, await this.webhooks.applyCaughtUp(entity, object));
    const present = new Set(listed.map((object) => object.id));
    const known: { pd: number }[] = await this.dataSource
      .createQueryBuilder(target, 'row')
      .select(`row.${pdColumn}`, 'pd')
      .where(`row.${pdColumn} IS NOT NULL`)
      .getRawMany();
    for (const { pd } of known.filter(({ pd }) => !present.has(pd))) {
      count(entity, await this.webhooks.applyCaughtUp(entity, { id: pd, is_deleted: true, update_time: null }));
    }
    await this.advance(entity, changed);
    await this.listedUpTo(entity, now);
  }

  /**
   * The `updated_since` to ask for: a little before the checkpoint. The first run starts the
   * checkpoint at its own time (what changed before is the import's to adopt: `sync from-pipedrive`).
   */
  private async since(entity: PipedriveEntity, now: Date): Promise<string> {
    let checkpoint = (await this.state.get<string>(catchUpCheckpoint(entity)))?.value;
    if (!checkpoint) {
      checkpoint = now.toISOString();
      await this.state.set(catchUpCheckpoint(entity), checkpoint);
    }
    return new Date(Date.parse(checkpoint) - OVERLAP_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** After a page: the checkpoint moves to the latest update time applied. */
  private async advance(entity: PipedriveEntity, applied: Changed[]): Promise<void> {
    await this.moveTo(entity, Math.max(...applied.map((object) => (object.update_time ? Date.parse(object.update_time) : NaN)).filter(Number.isFinite)));
  }

  /**
   * After every page: the checkpoint moves to the run's start, since the list was asked for after it.
   * Without this, a quiet account would list again, each run, whatever changed in the minute before
   * its last change.
   */
  private async listedUpTo(entity: PipedriveEntity, start: Date): Promise<void> {
    await this.moveTo(entity, start.getTime());
  }

  /** The checkpoint never moves back. */
  private async moveTo(entity: PipedriveEntity, time: number): Promise<void> {
    if (!Number.isFinite(time)) return;
    const current = (await this.state.get<string>(catchUpCheckpoint(entity)))?.value;
    if (current && Date.parse(current) >= time) return;
    await this.state.set(catchUpCheckpoint(entity), new Date(time).toISOString());
  }
}
