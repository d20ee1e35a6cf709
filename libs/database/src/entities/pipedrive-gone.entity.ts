import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SyncedObjectType } from '@hermes/model';

/** A Pipedrive object that answered 404 or 410: gone for good, so no search may pick it again. */
@Entity('pipedrive_gone')
export class PipedriveGone {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pipedrive_gone_pkey' })
  object_type: SyncedObjectType;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pipedrive_gone_pkey' })
  pd_id: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  gone_at: Date;
}
