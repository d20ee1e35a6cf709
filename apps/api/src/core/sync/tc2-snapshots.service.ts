import { Injectable } from '@nestjs/common';
import { Tc2Snapshot, Tc2SnapshotType } from '@hermes/database';
import { EntityManager } from 'typeorm';

/** What TC2 last sent for a company or contact (`tc2_snapshot`), as JSON values. */
@Injectable()
export class Tc2SnapshotsService {
  async get(manager: EntityManager, type: Tc2SnapshotType, objectId: number): Promise<Record<string, unknown> | null> {
    return (await manager.findOneBy(Tc2Snapshot, { object_type: type, object_id: objectId }))?.payload ?? null;
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
