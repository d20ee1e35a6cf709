import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SyncedObjectType } from '@hermes/model';

/**
 * A create sent (or about to be sent) to Pipedrive whose new id is not saved yet. Left behind, it means
 * Pipedrive may hold the object already: the next attempt searches for it before creating.
 */
@Entity('pipedrive_create_attempt')
export class PipedriveCreateAttempt {
  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pipedrive_create_attempt_pkey' })
  object_type: SyncedObjectType;

  /** The Company, Contact, Deal or Meeting being created there. */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pipedrive_create_attempt_pkey' })
  hermes_id: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  attempted_at: Date;
}
