import { Injectable } from '@nestjs/common';
import { Tc2Snapshot, Tc2SnapshotType } from '@hermes/database';
import { EntityManager, EntityTarget, SelectQueryBuilder } from 'typeorm';

/** A record with what TC2 last sent for it (null: nothing yet). */
export interface WithTc2Snapshot<T> {
  record: T;
  last: Record<string, unknown> | null;
}

/** What TC2 last sent for a company or contact (`tc2_snapshot`), as JSON values. */
@Injectable()
export class Tc2SnapshotsService {
  /**
   * The records `where` selects (on the query builder's alias `record`), each with its snapshot, in
   * one query: a left join on the snapshot's key.
   */
  async findWithSnapshots<T extends { id: number }>(
    manager: EntityManager,
    entity: EntityTarget<T>,
    type: Tc2SnapshotType,
    where: (query: SelectQueryBuilder<T>) => SelectQueryBuilder<T>,
  ): Promise<WithTc2Snapshot<T>[]> {
    const query = manager
      .createQueryBuilder(entity, 'record')
      .leftJoin(Tc2Snapshot, 'snapshot', 'snapshot.object_type = :snapshotType AND snapshot.object_id = record.id', { snapshotType: type })
      .addSelect('snapshot.payload', 'snapshot_payload');
    const { entities, raw } = await where(query).getRawAndEntities<{ record_id: number; snapshot_payload: Record<string, unknown> | null }>();
    const payloads = new Map(raw.map((row) => [row.record_id, row.snapshot_payload]));
    return entities.map((record) => ({ record, last: payloads.get(record.id) ?? null }));
  }

  async save(manager: EntityManager, type: Tc2SnapshotType, objectId: number, payload: Record<string, unknown>): Promise<void> {
    await manager.query(
      `INSERT INTO tc2_snapshot (object_type, object_id, payload, received_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (object_type, object_id) DO UPDATE SET payload = excluded.payload, received_at = excluded.received_at`,
      [type, objectId, JSON.stringify(payload)],
    );
  }
}

/**
 * TC2's values as a snapshot stores them (dates as ISO text), and whether TC2 changed one: a field
 * is TC2's to change only when its value differs from what TC2 sent last time (none: it does).
 */
export function tc2JsonValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

export function tc2Changed(last: Record<string, unknown> | null | undefined, key: string, value: unknown): boolean {
  return !last || JSON.stringify(tc2JsonValue(last[key])) !== JSON.stringify(tc2JsonValue(value));
}
