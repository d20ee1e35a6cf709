import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SyncedObjectType } from '@hermes/model';

/**
 * What Hermes last sent to Pipedrive for one of its objects, so the next sync sends only what
 * changed, and nothing when nothing did, without reading the object back from Pipedrive first.
 * A snapshot holds only while `pd_id` is still the object's Pipedrive id; a Meeting's activity has
 * no column of its own, so its snapshot is the link (`pd_id` null: sent by Hermes v2, id unknown).
 */
@Entity('pipedrive_sync_snapshot')
export class PipedriveSyncSnapshot {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pipedrive_sync_snapshot_pkey' })
  object_type: SyncedObjectType;

  /** The Hermes id: of the company, contact, deal or meeting. */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pipedrive_sync_snapshot_pkey' })
  object_id: number;

  @Column({ type: 'int', nullable: true })
  pd_id: number | null;

  /** The full payload as last sent (created, or patched to). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  synced_at: Date;
}
