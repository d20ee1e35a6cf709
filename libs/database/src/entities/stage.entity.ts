import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('stage')
@Unique('stage_pd_stage_id_key', ['pd_stage_id'])
export class Stage {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'stage_pkey' })
  id: number;

  @Column({ type: 'int' })
  pd_stage_id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;
}
