import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named value every Hermes process shares: catch-up checkpoints, webhook health, Pipedrive's daily budget. */
@Entity('hermes_state')
export class HermesState {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'hermes_state_pkey' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updated_at: Date;
}
