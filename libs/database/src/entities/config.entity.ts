import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Pipeline } from './pipeline.entity';

/** The one row of settings sales ops edit: meeting lengths and hours, and the pipeline per price plan. */
@Entity('config', { comment: 'The model that stores the configuration for the app.' })
export class Config {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'config_pkey' })
  id: number;

  @Column({ type: 'int', default: 30, comment: 'The length of a newly created meeting' })
  meeting_dur_mins: number;

  @Column({ type: 'int', default: 15, comment: 'The buffer time before and after a meeting' })
  meeting_buffer_mins: number;

  @Column({
    type: 'varchar',
    length: 5,
    default: '10:00',
    comment: 'The earliest time a meeting can be booked for an admin in their timezone.',
  })
  meeting_min_start: string;

  // v2's comment on this column repeats the one above; kept as is so the schemas match.
  @Column({
    type: 'varchar',
    length: 5,
    default: '17:30',
    comment: 'The earliest time a meeting can be booked for an admin in their timezone.',
  })
  meeting_max_end: string;

  @Column({ type: 'int', nullable: true, comment: 'The pipeline that PAYG clients will be added to' })
  payg_pipeline_id: number | null;

  @ManyToOne(() => Pipeline, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'payg_pipeline_id', foreignKeyConstraintName: 'config_payg_pipeline_id_fkey' })
  payg_pipeline?: Pipeline | null;

  @Column({ type: 'int', nullable: true, comment: 'The pipeline that Startup clients will be added to' })
  startup_pipeline_id: number | null;

  @ManyToOne(() => Pipeline, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'startup_pipeline_id', foreignKeyConstraintName: 'config_startup_pipeline_id_fkey' })
  startup_pipeline?: Pipeline | null;

  @Column({ type: 'int', nullable: true, comment: 'The pipeline that Enterprise clients will be added to' })
  enterprise_pipeline_id: number | null;

  @ManyToOne(() => Pipeline, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'enterprise_pipeline_id', foreignKeyConstraintName: 'config_enterprise_pipeline_id_fkey' })
  enterprise_pipeline?: Pipeline | null;
}
