import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PipedriveSyncSnapshot, SyncedObjectType } from '@hermes/database';
import { DataSource, EntityManager, In } from 'typeorm';
import { comparable } from '../from-pipedrive/pipedrive-values.util';

/** A payload as sent to Pipedrive: top-level fields, custom fields under `custom_fields`. */
export type SentPayload = object & { custom_fields?: Record<string, unknown> };

/**
 * What Hermes last sent to Pipedrive, per object (the `pipedrive_sync_snapshot` table): the basis of
 * change detection on the way out and of telling Pipedrive's echoes from its edits on the way in.
 */
@Injectable()
export class PipedriveSnapshotsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The payload last sent for the object while it was linked to `pdId`; null when there is none,
   * or it was sent to another Pipedrive object (the link changed since, e.g. by a webhook).
   */
  async lastSent<T extends SentPayload>(type: SyncedObjectType, objectId: number, pdId: number, manager = this.dataSource.manager): Promise<T | null> {
    const snapshot = await manager.findOneBy(PipedriveSyncSnapshot, { object_type: type, object_id: objectId });
    return snapshot?.pd_id === pdId ? (snapshot.payload as T) : null;
  }

  /** The snapshots of these objects of one type, by Hermes id (none for an object never sent). */
  async lastSentAll(type: SyncedObjectType, objectIds: number[]): Promise<Map<number, PipedriveSyncSnapshot>> {
    if (!objectIds.length) return new Map();
    const rows = await this.dataSource.manager.findBy(PipedriveSyncSnapshot, { object_type: type, object_id: In(objectIds) });
    return new Map(rows.map((row) => [row.object_id, row]));
  }

  /** Hermes ids of the objects of this type that have a snapshot. */
  async recorded(type: SyncedObjectType, objectIds: number[]): Promise<Set<number>> {
    if (!objectIds.length) return new Set();
    const rows = await this.dataSource.manager.find(PipedriveSyncSnapshot, {
      select: { object_id: true },
      where: { object_type: type, object_id: In(objectIds) },
    });
    return new Set(rows.map((row) => row.object_id));
  }

  async save(manager: EntityManager, type: SyncedObjectType, objectId: number, pdId: number, payload: object): Promise<void> {
    await manager.query(
      `INSERT INTO pipedrive_sync_snapshot (object_type, object_id, pd_id, payload, synced_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (object_type, object_id)
       DO UPDATE SET pd_id = excluded.pd_id, payload = excluded.payload, synced_at = excluded.synced_at`,
      [type, objectId, pdId, JSON.stringify(payload)],
    );
  }

  /**
   * Pipedrive says it now holds these values for the object (a webhook): the snapshot learns them,
   * so the next sync sends whichever differ from Hermes' own and nothing for those that agree. True
   * when a value differs from the one last sent, or nothing was sent to this object.
   */
  async learn(
    manager: EntityManager,
    type: SyncedObjectType,
    objectId: number,
    pdId: number,
    values: { fields?: Record<string, unknown>; custom_fields?: Record<string, unknown> },
  ): Promise<boolean> {
    const sent = await this.lastSent(type, objectId, pdId, manager);
    if (!sent) return true;
    const fields = Object.entries(values.fields ?? {}).filter(([key, value]) => comparable((sent as Record<string, unknown>)[key]) !== comparable(value));
    const custom = Object.entries(values.custom_fields ?? {}).filter(([key, value]) => comparable(sent.custom_fields?.[key]) !== comparable(value));
    if (!fields.length && !custom.length) return false;
    const payload = { ...sent, ...Object.fromEntries(fields), custom_fields: { ...sent.custom_fields, ...Object.fromEntries(custom) } };
    await this.save(manager, type, objectId, pdId, payload);
    return true;
  }

  async remove(manager: EntityManager, type: SyncedObjectType, objectId: number): Promise<void> {
    await manager.delete(PipedriveSyncSnapshot, { object_type: type, object_id: objectId });
  }

  /** Forgets what was sent to every object of this type: their next syncs send all their fields. */
  async forgetAll(manager: EntityManager, type: SyncedObjectType): Promise<void> {
    await manager.delete(PipedriveSyncSnapshot, { object_type: type });
  }
}
