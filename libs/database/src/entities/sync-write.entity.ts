import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SyncSystem, SyncWriteOutcome } from '@hermes/model';
import { Company } from './company.entity';

/** One write Hermes made to Pipedrive or TC2 for a company, for its timeline. */
@Entity('sync_write')
@Index('sync_write_company_idx', ['company_id', 'at'])
@Index('sync_write_at_idx', ['at'])
export class SyncWrite {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'sync_write_pkey' })
  id: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'int' })
  company_id: number;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'sync_write_company_id_fkey' })
  company?: Company;

  @Column({ type: 'varchar', length: 16 })
  system: SyncSystem;

  /** The other system's kind of object: `organization`, `person`, `deal`, `activity`, `client`. */
  @Column({ type: 'varchar', length: 16 })
  object: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  external_id: string | null;

  /** `create`, `update`, `link` (an existing object adopted), `delete`, or `sync` for a whole run that failed. */
  @Column({ type: 'varchar', length: 16 })
  action: string;

  /** The fields written, by the other system's names. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  fields: string[];

  @Column({ type: 'varchar', length: 16 })
  outcome: SyncWriteOutcome;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;
}
