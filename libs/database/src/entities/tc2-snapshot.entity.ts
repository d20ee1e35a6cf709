import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TC2_SNAPSHOT_TYPES = ['company', 'contact'] as const;
export type Tc2SnapshotType = (typeof TC2_SNAPSHOT_TYPES)[number];

/**
 * What TC2 last sent for a company or contact, in Hermes' terms: a TC2 event changes a field only
 * when TC2's own value for it differs from this (TC2 resends unchanged clients every few hours).
 */
@Entity('tc2_snapshot')
export class Tc2Snapshot {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'tc2_snapshot_pkey' })
  object_type: Tc2SnapshotType;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'tc2_snapshot_pkey' })
  object_id: number;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  received_at: Date;
}
