import { Injectable } from '@nestjs/common';
import { WebhookSource } from '@hermes/database';
import { EntityManager } from 'typeorm';

/**
 * An event's turn on its object's clock: refused as `stale` when an event of a later time was
 * applied; else admitted, `undisturbed` when no event of the object changed its records since the
 * caller read the clock's `version` (what it read of them before its turn still holds; a resend
 * that changed nothing does not count), `disturbed` when one did (it must read them again).
 */
export type Turn = 'stale' | 'undisturbed' | 'disturbed';

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
    return (await this.turn(manager, source, entity, externalId, at)) !== 'stale';
  }

  /** The object's clock as it stands: how many of its events changed its records (0: none yet). */
  async version(manager: EntityManager, source: WebhookSource, entity: string, externalId: number): Promise<number> {
    const [row]: { version: string }[] = await manager.query(
      `SELECT version FROM event_clock WHERE source = $1 AND entity = $2 AND external_id = $3`,
      [source, entity, externalId],
    );
    return row ? Number(row.version) : 0;
  }

  /**
   * As `admit`, for a caller that read the object's records before its turn, after reading the
   * clock's `version` (`seen`): see `Turn`. An event without a time takes no turn: undisturbed.
   */
  async turn(manager: EntityManager, source: WebhookSource, entity: string, externalId: number, at: Date | null, seen = -1): Promise<Turn> {
    if (!at) return 'undisturbed';
    // The object's events are applied one at a time: the first admitted holds the clock's row until it
    // commits. They queue for a transaction-scoped advisory lock on the object first, in the same
    // statement: its waiters are woken one by one, in turn. Waiting on the row itself, every waiter
    // wakes at each commit and all but one wait again: under a burst for one object, that herd costs
    // more than the work it waits for.
    const rows: { version: string }[] = await manager.query(
      `INSERT INTO event_clock (source, entity, external_id, event_at)
       SELECT $1::text, $2::text, $3::int, $4::timestamptz FROM (SELECT pg_advisory_xact_lock(hashtext('event_clock:' || $1::text || ':' || $2::text), $3::int)) AS queued
       ON CONFLICT (source, entity, external_id) DO UPDATE SET event_at = excluded.event_at
       WHERE event_clock.event_at <= excluded.event_at
       RETURNING version`,
      [source, entity, externalId, at],
    );
    if (!rows.length) return 'stale';
    return Number(rows[0].version) === seen ? 'undisturbed' : 'disturbed';
  }

  /**
   * The admitted event of `at` changed the object's records: an event that read them before its
   * turn will read them again (`turn`). An event without a time took no turn and counts nothing.
   */
  async changed(manager: EntityManager, source: WebhookSource, entity: string, externalId: number, at: Date | null): Promise<void> {
    if (!at) return;
    await manager.query(`UPDATE event_clock SET version = version + 1 WHERE source = $1 AND entity = $2 AND external_id = $3`, [source, entity, externalId]);
  }
}
