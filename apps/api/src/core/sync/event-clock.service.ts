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
    // The object's events are applied one at a time: the first admitted holds the clock's row until it
    // commits. They queue for a transaction-scoped advisory lock on the object first, in the same
    // statement: its waiters are woken one by one, in turn. Waiting on the row itself, every waiter
    // wakes at each commit and all but one wait again: under a burst for one object, that herd costs
    // more than the work it waits for.
    const rows: unknown[] = await manager.query(
      `INSERT INTO event_clock (source, entity, external_id, event_at)
       SELECT $1::text, $2::text, $3::int, $4::timestamptz FROM (SELECT pg_advisory_xact_lock(hashtext('event_clock:' || $1::text || ':' || $2::text), $3::int)) AS queued
       ON CONFLICT (source, entity, external_id) DO UPDATE SET event_at = excluded.event_at
       WHERE event_clock.event_at <= excluded.event_at
       RETURNING 1`,
      [source, entity, externalId, at],
    );
    return rows.length > 0;
  }
}
