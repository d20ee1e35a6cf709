import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Company } from './company.entity';

/** How a company's latest sync to Pipedrive went. */
@Entity('company_sync')
export class CompanySync {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'company_sync_pkey' })
  company_id: number;

  @OneToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'company_sync_company_id_fkey' })
  company?: Company;

  /** The end of the latest sync that succeeded. */
  @Column({ type: 'timestamptz', nullable: true })
  synced_at: Date | null;

  /** Set while the latest sync has failed for good (its retries used up); cleared by the next success. */
  @Column({ type: 'timestamptz', nullable: true })
  failed_at: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;

  /** What the organization's `Hermes sync status` field was last set to (null: empty), so it is written only when it changes. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  pd_status_sent: string | null;
}
