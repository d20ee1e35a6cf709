import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { DealStatus } from '@hermes/model';
import { Admin } from './admin.entity';
import { Company } from './company.entity';
import { Contact } from './contact.entity';
import { Pipeline } from './pipeline.entity';
import { Stage } from './stage.entity';

@Entity('deal')
@Unique('deal_pd_deal_id_key', ['pd_deal_id'])
@Index('deal_company_id_idx', ['company_id'])
@Index('deal_contact_id_idx', ['contact_id'], { where: '"contact_id" IS NOT NULL' })
export class Deal {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'deal_pkey' })
  id: number;

  @Column({ type: 'int', nullable: true })
  pd_deal_id: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 255, default: 'open' })
  status: DealStatus;

  @Column({ type: 'int' })
  admin_id: number;

  @ManyToOne(() => Admin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admin_id', foreignKeyConstraintName: 'deal_admin_id_fkey' })
  admin?: Admin;

  @Column({ type: 'int' })
  company_id: number;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'deal_company_id_fkey' })
  company?: Company;

  @Column({ type: 'int', nullable: true })
  contact_id: number | null;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'deal_contact_id_fkey' })
  contact?: Contact | null;

  @Column({ type: 'int' })
  pipeline_id: number;

  @ManyToOne(() => Pipeline, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pipeline_id', foreignKeyConstraintName: 'deal_pipeline_id_fkey' })
  pipeline?: Pipeline;

  @Column({ type: 'int' })
  stage_id: number;

  @ManyToOne(() => Stage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'stage_id', foreignKeyConstraintName: 'deal_stage_id_fkey' })
  stage?: Stage;
}
