import { Injectable } from '@nestjs/common';
import { WebhookLog } from '@hermes/database';
import { EntityManager } from 'typeorm';

export type WebhookLogEntry = Pick<WebhookLog, 'source' | 'entity' | 'action' | 'outcome'> &
  Partial<Pick<WebhookLog, 'external_id' | 'hermes_id' | 'reason'>>;

const REASON_MAX = 1000;

/** The webhook log the SPA shows: one row per inbound event, saying what became of it and why. */
@Injectable()
export class WebhookLogService {
  async record(manager: EntityManager, entry: WebhookLogEntry): Promise<void> {
    await manager.insert(WebhookLog, {
      ...entry,
      external_id: entry.external_id ?? null,
      hermes_id: entry.hermes_id ?? null,
      reason: entry.reason ? entry.reason.slice(0, REASON_MAX) : null,
    });
  }
}
