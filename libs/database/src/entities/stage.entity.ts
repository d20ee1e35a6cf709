import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Pipeline } from './pipeline.entity';

@Entity('stage')
@Unique('stage_pd_stage_id_key', ['pd_stage_id'])
export class Stage {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'stage_pkey' })
  id: number;

  @Column({ type: 'int' })
  pd_stage_id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Not in v2: lets the SPA offer a pipeline only its own stages. Null for v2's rows until synced. */
  @Column({ type: 'int', nullable: true })
  pipeline_id: number | null;

  // SET NULL, not v2's CASCADE: deleting a pipeline must not cascade through its stages to deals.
  @ManyToOne('Pipeline', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'pipeline_id', foreignKeyConstraintName: 'stage_pipeline_id_fkey' })
  pipeline?: Pipeline | null;
}
