import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Company } from './company.entity';

/** Someone who works for a Company: a TC2 paying recipient (SR), a Pipedrive person. */
@Entity('contact', { comment: 'Represents a contact, an individual who works at a company.' })
@Unique('contact_tc2_sr_id_key', ['tc2_sr_id'])
@Unique('contact_pd_person_id_key', ['pd_person_id'])
@Index('contact_company_id_idx', ['company_id'])
export class Contact {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'contact_pkey' })
  id: number;

  @Column({ type: 'int', nullable: true })
  tc2_sr_id: number | null;

  @Column({ type: 'int', nullable: true })
  pd_person_id: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  created: Date;

  @Column({ type: 'varchar', length: 255, nullable: true })
  first_name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  last_name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  country: string | null;

  @Column({ type: 'int' })
  company_id: number;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'contact_company_id_fkey' })
  company?: Company;
}
