import { Injectable } from '@nestjs/common';
import { WebhookSource } from '@hermes/database';
import { EntityManager } from 'typeorm';

/**
 * The time of the latest event applied per object of TC2 or Pipedrive (`event_clock`): a retried or
 * replayed event older than it must not undo what a newer one did.
 */
@Injectable()
export class EventClockService {
  /**
   * Whether an event of `at` about this object may be applied: not when an event of a later time has
   * been. Admitted, its time is recorded in the caller's transaction. An event without a time is
   * always admitted and records nothing.
   */
  async admit(manager: EntityManager, source: WebhookSource, entity: string, externalId: number, at: Date | null): Promise<boolean> {
    if (!at) return true;
    const rows: unknown[] = await manager.query(
      `INSERT INTO event_clock (source, entity, external_id, event_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source, entity, external_id) DO UPDATE SET event_at = excluded.event_at
       WHERE event_clock.event_at <= excluded.event_at
       RETURNING 1`,
      [source, entity, externalId, at],
    );
    return rows.length > 0;
  }
}
