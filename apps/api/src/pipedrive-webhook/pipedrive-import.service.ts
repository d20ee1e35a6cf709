import { Injectable } from '@nestjs/common';
import { WebhookOutcome } from '@hermes/database';
import { PipedriveClient } from '../pipedrive/pipedrive.client';
import { PIPEDRIVE_ENTITIES, PipedriveEntity } from '../core/from-pipedrive/pipedrive-change';
import { PipedriveWebhookService } from './pipedrive-webhook.service';

export type ImportSummary = Record<PipedriveEntity, Record<WebhookOutcome, number>>;

export interface ImportProgress {
  entity: PipedriveEntity;
  done: number;
  total: number;
}

/**
 * `hermes sync from-pipedrive`: everything in Pipedrive applied to Hermes as its webhooks would
 * have, in dependency order (pipelines and stages, then organizations, persons, deals), each object
 * in its own transaction — to catch up after lost webhooks, or to adopt an existing account.
 */
@Injectable()
export class PipedriveImportService {
  constructor(
    private readonly pipedrive: PipedriveClient,
    private readonly webhooks: PipedriveWebhookService,
  ) {}

  async importAll(onProgress: (progress: ImportProgress) => void = () => undefined): Promise<{ summary: ImportSummary; problems: string[] }> {
    const summary = Object.fromEntries(PIPEDRIVE_ENTITIES.map((entity) => [entity, { applied: 0, ignored: 0, rejected: 0 }])) as ImportSummary;
    const problems: string[] = [];
    for (const entity of PIPEDRIVE_ENTITIES) {
      const objects = await this.list(entity);
      onProgress({ entity, done: 0, total: objects.length });
      for (const [index, object] of objects.entries()) {
        const outcome = await this.webhooks.applyCurrentState(entity, object);
        summary[entity][outcome.outcome] += 1;
        if (outcome.outcome === 'rejected') problems.push(`${entity} ${object.id}: ${outcome.reason}`);
        onProgress({ entity, done: index + 1, total: objects.length });
      }
    }
    return { summary, problems };
  }

  private list(entity: PipedriveEntity): Promise<({ id: number } & object)[]> {
    switch (entity) {
      case 'pipeline':
        return this.pipedrive.listPipelines();
      case 'stage':
        return this.pipedrive.listStages();
      case 'organization':
        return this.pipedrive.listOrganizations();
      case 'person':
        return this.pipedrive.listPersons();
      case 'deal':
        return this.pipedrive.listDeals();
    }
  }
}
