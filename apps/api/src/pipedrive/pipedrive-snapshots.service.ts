import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PipedriveSyncSnapshot, SyncedObjectType } from '@hermes/database';
import { DataSource, EntityManager, In } from 'typeorm';
import { PdPayload } from './changed-fields.util';

/** What Hermes last sent to Pipedrive, per object (the `pipedrive_sync_snapshot` table). */
@Injectable()
export class PipedriveSnapshots {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The payload last sent for the object while it was linked to `pdId`; null when there is none,
   * or it was sent to another Pipedrive object (the link changed since, e.g. by a webhook).
   */
  async lastSent<T extends PdPayload>(type: SyncedObjectType, objectId: number, pdId: number): Promise<T | null> {
    const snapshot = await this.dataSource.manager.findOneBy(PipedriveSyncSnapshot, { object_type: type, object_id: objectId });
    return snapshot?.pd_id === pdId ? (snapshot.payload as T) : null;
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

  async save(manager: EntityManager, type: SyncedObjectType, objectId: number, pdId: number, payload: PdPayload): Promise<void> {
    await manager.query(
      `INSERT INTO pipedrive_sync_snapshot (object_type, object_id, pd_id, payload, synced_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (object_type, object_id)
       DO UPDATE SET pd_id = excluded.pd_id, payload = excluded.payload, synced_at = excluded.synced_at`,
      [type, objectId, pdId, JSON.stringify(payload)],
    );
  }

  async remove(manager: EntityManager, type: SyncedObjectType, objectId: number): Promise<void> {
    await manager.delete(PipedriveSyncSnapshot, { object_type: type, object_id: objectId });
  }
}
