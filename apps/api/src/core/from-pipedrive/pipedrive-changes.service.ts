import { Injectable } from '@nestjs/common';
import { CustomField } from '@hermes/database';
import { EntityManager } from 'typeorm';
import { PipelinesService } from '../pipelines/pipelines.service';
import { EventClockService } from '../sync/event-clock.service';
import { DealChangesService } from './deal-changes.service';
import { OrganizationChangesService } from './organization-changes.service';
import { ChangeOutcome, PipedriveChange } from './pipedrive-change';
import { PersonChangesService } from './person-changes.service';

/**
 * Applies a change made in Pipedrive to Hermes' records, in the caller's transaction, with the syncs
 * it needs enqueued there too: the one way a webhook, the import or a patch changes Hermes from Pipedrive.
 */
@Injectable()
export class PipedriveChangesService {
  constructor(
    private readonly organizations: OrganizationChangesService,
    private readonly persons: PersonChangesService,
    private readonly deals: DealChangesService,
    private readonly pipelines: PipelinesService,
    private readonly clock: EventClockService,
  ) {}

  async apply(change: PipedriveChange, manager: EntityManager): Promise<ChangeOutcome> {
    if (!(await this.clock.admit(manager, 'pipedrive', change.entity, change.pdId, change.at))) {
      return { outcome: 'ignored', reason: `stale: a later event about ${change.entity} ${change.pdId} was applied already` };
    }
    if (change.entity === 'pipeline') return this.pipelines.applyPipeline(change, manager);
    if (change.entity === 'stage') return this.pipelines.applyStage(change, manager);
    // Read on every change, so fields added in the SPA apply without a restart.
    const fields = await manager.find(CustomField);
    if (change.entity === 'organization') return this.organizations.apply(change, fields, manager);
    if (change.entity === 'person') return this.persons.apply(change, fields, manager);
    return this.deals.apply(change, fields, manager);
  }
}
