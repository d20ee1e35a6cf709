import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Stage } from './stage.entity';

@Entity('pipeline')
@Unique('pipeline_pd_pipeline_id_key', ['pd_pipeline_id'])
export class Pipeline {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pipeline_pkey' })
  id: number;

  @Column({ type: 'int' })
  pd_pipeline_id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'int', nullable: true })
  dft_entry_stage_id: number | null;

  @ManyToOne(() => Stage, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'dft_entry_stage_id', foreignKeyConstraintName: 'pipeline_dft_entry_stage_id_fkey' })
  dft_entry_stage?: Stage | null;
}
