import { Injectable } from '@nestjs/common';
import { WebhookLog } from '@hermes/database';
import { EntityManager } from 'typeorm';

export type WebhookLogEntry = Pick<WebhookLog, 'source' | 'entity' | 'action' | 'outcome'> &
  Partial<Pick<WebhookLog, 'external_id' | 'hermes_id' | 'reason' | 'via' | 'company_id' | 'fields'>>;

const REASON_MAX = 1000;

/**
 * The webhook log the SPA shows: one row per inbound event (a webhook, or a change the catch-up
 * found), saying what became of it and why, and which company and fields it concerned.
 */
@Injectable()
export class WebhookLogService {
  /** Records an event; returns its row's id. */
  async record(manager: EntityManager, entry: WebhookLogEntry): Promise<number> {
    const { identifiers } = await manager.insert(WebhookLog, logRow(entry));
    return identifiers[0].id as number;
  }

  /** Rewrites a row recorded before its event was applied, once what became of it is known. */
  async amend(manager: EntityManager, id: number, entry: WebhookLogEntry): Promise<void> {
    await manager.update(WebhookLog, { id }, logRow(entry));
  }
}

function logRow(entry: WebhookLogEntry) {
  return {
    ...entry,
    external_id: entry.external_id ?? null,
    hermes_id: entry.hermes_id ?? null,
    reason: entry.reason ? entry.reason.slice(0, REASON_MAX) : null,
    via: entry.via ?? 'webhook',
    company_id: entry.company_id ?? null,
    fields: entry.fields?.length ? entry.fields : null,
  };
}
