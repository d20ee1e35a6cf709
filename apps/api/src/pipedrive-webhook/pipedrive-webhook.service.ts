import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CustomField } from '@hermes/database';
import { DataSource, EntityManager } from 'typeorm';
import { retryOnUniqueViolation } from '../common/unique-violation.util';
import { fieldError } from '../common/validation.pipe';
import { WebhookLogService } from '../hermes/webhook-log.service';
import { DealEvents } from './deal-events.service';
import { PipedriveWebhookDto } from './dto/pipedrive-webhook.dto';
import { OrganizationEvents } from './organization-events.service';
import { PersonEvents } from './person-events.service';
import { PipelineEvents } from './pipeline-events.service';
import { flattenObject, idOf } from './pipedrive-webhook-fields.util';
import { EventOutcome, WebhookEvent } from './webhook-event';

export const IMPORTED_ENTITIES = ['pipeline', 'stage', 'organization', 'person', 'deal'] as const;
export type ImportedEntity = (typeof IMPORTED_ENTITIES)[number];
const PROCESSED = new Set<string>(IMPORTED_ENTITIES);

/**
 * Pipedrive webhooks v2 (SPEC.md §7.2): each delivery is one event, applied in one transaction
 * together with the jobs it enqueues and its webhook log row. What cannot be applied is logged
 * and acknowledged: an error answer only makes Pipedrive retry, and in the end ban the webhook.
 */
@Injectable()
export class PipedriveWebhookService {
  private readonly logger = new Logger(PipedriveWebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WebhookLogService,
    private readonly organizations: OrganizationEvents,
    private readonly persons: PersonEvents,
    private readonly deals: DealEvents,
    private readonly pipelines: PipelineEvents,
  ) {}

  async process(body: PipedriveWebhookDto): Promise<EventOutcome> {
    const { meta } = body;
    if (!PROCESSED.has(meta.entity)) {
      const outcome: EventOutcome = { outcome: 'ignored', reason: `Hermes does not process ${meta.entity} events` };
      await this.record(this.dataSource.manager, meta.entity, meta.action, String(meta.entity_id ?? ''), outcome);
      return outcome;
    }
    const event = this.eventOf(body);
    const apply = () =>
      this.dataSource.transaction(async (manager) => {
        const outcome = await this.dispatch(event, manager);
        await this.record(manager, event.entity, event.action, String(event.pdId), outcome);
        return outcome;
      });
    return retryOnUniqueViolation(apply);
  }

  /**
   * Brings Hermes in line with an object as Pipedrive holds it now (a full import, not a webhook):
   * applied like its creation, in its own transaction, without a webhook log row.
   */
  async applyCurrentState(entity: ImportedEntity, object: { id: number } & object): Promise<EventOutcome> {
    const event: WebhookEvent = { action: 'create', entity, pdId: object.id, data: flattenObject({ ...object }), previous: null, mergedToId: null };
    return retryOnUniqueViolation(() => this.dataSource.transaction((manager) => this.dispatch(event, manager)));
  }

  /** The event, its shape checked: what a well-formed delivery for this action must carry. */
  private eventOf(body: PipedriveWebhookDto): WebhookEvent {
    const { meta } = body;
    const data = flattenObject(body.data ?? null);
    const previous = flattenObject(body.previous ?? null);
    if (meta.action !== 'delete' && !data) throw fieldError('data', `must be an object on ${meta.action}`);
    if (meta.action === 'delete' && !previous && meta.entity_id === undefined) {
      throw fieldError('previous', 'must be an object on delete (or meta.entity_id given)');
    }
    const pdId = idOf(meta.entity_id ?? data?.id ?? previous?.id);
    if (pdId === null) throw fieldError('meta.entity_id', 'must be the id of the object');
    const mergedToId = meta.merged_to_id === undefined || meta.merged_to_id === null ? null : idOf(meta.merged_to_id);
    if (meta.merged_to_id && mergedToId === null) throw fieldError('meta.merged_to_id', 'must be an id');
    return { action: meta.action, entity: meta.entity, pdId, data, previous, mergedToId };
  }

  private async dispatch(event: WebhookEvent, manager: EntityManager): Promise<EventOutcome> {
    if (event.entity === 'pipeline') return this.pipelines.applyPipeline(event, manager);
    if (event.entity === 'stage') return this.pipelines.applyStage(event, manager);
    // Read on every event, so fields added in the SPA apply without a restart.
    const fields = await manager.find(CustomField);
    if (event.entity === 'organization') return this.organizations.apply(event, fields, manager);
    if (event.entity === 'person') return this.persons.apply(event, fields, manager);
    return this.deals.apply(event, fields, manager);
  }

  private async record(manager: EntityManager, entity: string, action: string, externalId: string, outcome: EventOutcome): Promise<void> {
    const line = `Pipedrive ${entity} ${externalId} ${action}: ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ''}`;
    if (outcome.outcome === 'rejected') this.logger.warn(line);
    else this.logger.log(line);
    await this.log.record(manager, {
      source: 'pipedrive',
      entity: entity.slice(0, 32),
      action: action.slice(0, 32),
      external_id: externalId.slice(0, 64) || null,
      hermes_id: outcome.hermesId ?? null,
      outcome: outcome.outcome,
      reason: outcome.reason ?? null,
    });
  }
}
