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

  /**
   * Records `entry` once for each row the statement `companies` returns (a query or a data-modifying
   * statement with `RETURNING company_id`, taking `params`), as that company's, in one statement with
   * it; returns how many rows were recorded.
   */
  async recordForEach(manager: EntityManager, entry: WebhookLogEntry, companies: string, params: unknown[]): Promise<number> {
    const { company_id: _company, hermes_id: _hermes, ...row } = logRow(entry);
    const columns = Object.keys(row);
    // Typed as their columns: a parameter in a SELECT list is otherwise text.
    const metadata = manager.connection.getMetadata(WebhookLog);
    const values = columns.map((column, index) => `$${params.length + index + 1}::${metadata.findColumnWithPropertyName(column)!.type as string}`);
    const rows: unknown[] = await manager.query(
      `WITH found AS (${companies})
       INSERT INTO webhook_log (${[...columns, 'company_id', 'hermes_id'].join(', ')})
       SELECT ${[...values, 'found.company_id', 'found.company_id'].join(', ')} FROM found RETURNING id`,
      [...params, ...columns.map((column) => jsonValue(row[column as keyof typeof row]))],
    );
    return rows.length;
  }

  /** Rewrites a row recorded before its event was applied, once what became of it is known. */
  async amend(manager: EntityManager, id: number, entry: WebhookLogEntry): Promise<void> {
    await manager.update(WebhookLog, { id }, logRow(entry));
  }
}

/** A value as a query parameter: the jsonb `fields` as JSON text. */
function jsonValue(value: unknown): unknown {
  return Array.isArray(value) ? JSON.stringify(value) : value;
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
