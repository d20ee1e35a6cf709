import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Company } from './company.entity';

/**
 * A TC2 client whose latest event changed nothing, with digests of that event and of every row
 * its upsert decided from: while both still match, a resend of it is answered in one statement
 * (docs/architecture.md, "Unchanged resends").
 */
@Entity('tc2_unchanged_resend')
// Deleting a company finds its row by this (the cascade).
@Index('tc2_unchanged_resend_company_id_idx', ['company_id'])
export class Tc2UnchangedResend {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'tc2_unchanged_resend_pkey' })
  tc2_cligency_id: number;

  @Column({ type: 'int' })
  company_id: number;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'tc2_unchanged_resend_company_id_fkey' })
  company?: Company;

  /** sha256 of the client as the event gave it (its time aside) and of the code that decided. */
  @Column({ type: 'varchar', length: 64 })
  input_digest: string;

  /** md5 of the row versions (`xmin`) the upsert read. */
  @Column({ type: 'varchar', length: 32 })
  state_digest: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recorded_at: Date;
}
