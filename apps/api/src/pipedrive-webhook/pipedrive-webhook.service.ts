import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WebhookVia } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';
import { retryOnUniqueViolation } from '../common/unique-violation.util';
import { ChangeOutcome, FlatObject, PIPEDRIVE_ENTITIES, PipedriveChange, PipedriveEntity } from '../core/from-pipedrive/pipedrive-change';
import { PipedriveChangesService } from '../core/from-pipedrive/pipedrive-changes.service';
import { idOf } from '../core/from-pipedrive/pipedrive-values.util';
import { HermesError } from '../core/hermes-error';
import { WebhookLogService } from '../core/webhook-log/webhook-log.service';
import { PipedriveWebhookDto } from './dto/pipedrive-webhook.dto';
import { flattenObject } from './pipedrive-webhook-fields.util';

const PROCESSED = new Set<string>(PIPEDRIVE_ENTITIES);

/**
 * Pipedrive webhooks v2: each delivery is one change, applied by the core in one transaction
 * together with the jobs it enqueues and its webhook log row. What cannot be applied is logged and
 * acknowledged: an error answer only makes Pipedrive retry, and in the end ban the webhook.
 */
@Injectable()
export class PipedriveWebhookService {
  private readonly logger = new Logger(PipedriveWebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WebhookLogService,
    private readonly changes: PipedriveChangesService,
  ) {}

  async process(body: PipedriveWebhookDto): Promise<ChangeOutcome> {
    const { meta } = body;
    if (!PROCESSED.has(meta.entity)) {
      const outcome: ChangeOutcome = { outcome: 'ignored', reason: `Hermes does not process ${meta.entity} events` };
      await this.record(this.dataSource.manager, meta.entity, meta.action, String(meta.entity_id ?? ''), outcome);
      return outcome;
    }
    const change = changeOf(body);
    const apply = () =>
      this.dataSource.transaction(async (manager) => {
        const outcome = await this.changes.apply(change, manager);
        await this.record(manager, change.entity, change.action, String(change.pdId), outcome);
        return outcome;
      });
    return retryOnUniqueViolation(apply);
  }

  /**
   * Brings Hermes in line with an object as Pipedrive holds it now (a full import, not a webhook):
   * applied like its creation, in its own transaction, without a webhook log row.
   */
  async applyCurrentState(entity: PipedriveEntity, object: { id: number } & object): Promise<ChangeOutcome> {
    const change: PipedriveChange = { action: 'create', entity, pdId: object.id, data: flattenObject({ ...object }), previous: null, mergedToId: null, at: null };
    return retryOnUniqueViolation(() => this.dataSource.transaction((manager) => this.changes.apply(change, manager)));
  }

  /**
   * An object the catch-up found changed in Pipedrive, applied as its webhook would have been: a
   * change of what Hermes last sent (an echo of Hermes' own write, or an event already applied,
   * changes nothing), a deal deleted there as its delete, an older state than one applied as stale.
   * Only what changed Hermes (or could not) is logged, marked as caught up.
   */
  async applyCaughtUp(entity: PipedriveEntity, object: { id: number; update_time?: string | null; is_deleted?: boolean } & object): Promise<ChangeOutcome> {
    const state = flattenObject({ ...object });
    const deleted = object.is_deleted === true;
    const at = object.update_time ? new Date(object.update_time) : null;
    const change: PipedriveChange = {
      action: deleted ? 'delete' : 'change',
      entity,
      pdId: object.id,
      data: deleted ? null : state,
      previous: deleted ? state : null,
      mergedToId: null,
      at: at && !Number.isNaN(at.getTime()) ? at : null,
    };
    const apply = () =>
      this.dataSource.transaction(async (manager) => {
        const outcome = await this.changes.apply(change, manager);
        if (outcome.outcome !== 'ignored') await this.record(manager, entity, change.action, String(object.id), outcome, 'catch-up');
        return outcome;
      });
    return retryOnUniqueViolation(apply);
  }

  private async record(manager: EntityManager, entity: string, action: string, externalId: string, outcome: ChangeOutcome, via: WebhookVia = 'webhook'): Promise<void> {
    const line = `Pipedrive ${entity} ${externalId} ${action}${via === 'webhook' ? '' : ` (${via})`}: ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ''}`;
    if (outcome.outcome === 'rejected') this.logger.warn(line);
    else this.logger.log(line);
    await this.log.record(manager, {
      source: 'pipedrive',
      via,
      entity: entity.slice(0, 32),
      action: action.slice(0, 32),
      external_id: externalId.slice(0, 64) || null,
      hermes_id: outcome.hermesId ?? null,
      company_id: outcome.companyId ?? null,
      fields: outcome.fields,
      outcome: outcome.outcome,
      reason: outcome.reason ?? null,
    });
  }
}

/** The change a delivery tells, its shape checked: what a well-formed delivery for this action must carry. */
function changeOf(body: PipedriveWebhookDto): PipedriveChange {
  const { meta } = body;
  const data: FlatObject | null = flattenObject(body.data ?? null);
  const previous = flattenObject(body.previous ?? null);
  if (meta.action !== 'delete' && !data) throw HermesError.field('data', `must be an object on ${meta.action}`);
  if (meta.action === 'delete' && !previous && meta.entity_id === undefined) {
    throw HermesError.field('previous', 'must be an object on delete (or meta.entity_id given)');
  }
  const pdId = idOf(meta.entity_id ?? data?.id ?? previous?.id);
  if (pdId === null) throw HermesError.field('meta.entity_id', 'must be the id of the object');
  const mergedToId = meta.merged_to_id === undefined || meta.merged_to_id === null ? null : idOf(meta.merged_to_id);
  if (meta.merged_to_id && mergedToId === null) throw HermesError.field('meta.merged_to_id', 'must be an id');
  const at = meta.timestamp === undefined || meta.timestamp === null ? null : eventTime(meta.timestamp);
  if (at === null && meta.timestamp !== undefined && meta.timestamp !== null) throw HermesError.field('meta.timestamp', 'must be an ISO date-time or epoch seconds');
  return { action: meta.action, entity: meta.entity as PipedriveEntity, pdId, data, previous, mergedToId, at };
}

/** Webhooks v2 give `meta.timestamp` as an ISO date-time; older deliveries as epoch seconds. */
function eventTime(value: string | number): Date | null {
  const date = typeof value === 'number' || /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
