import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { PdRemoval, PricePlan } from '@hermes/model';
import { Admin } from './admin.entity';

/** A business that is a potential or current customer: a TC2 cligency, a Pipedrive organisation. */
@Entity('company', { comment: 'Represents a company.' })
@Unique('company_tc2_agency_id_key', ['tc2_agency_id'])
@Unique('company_tc2_cligency_id_key', ['tc2_cligency_id'])
@Unique('company_pd_org_id_key', ['pd_org_id'])
// Trigram indexes on name and website for the SPA's search, made by migrations/1764633600200-scale-indexes.ts where pg_trgm is available.
@Index('company_name_trgm_idx', { synchronize: false })
@Index('company_website_trgm_idx', { synchronize: false })
export class Company {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'company_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'int', nullable: true })
  tc2_agency_id: number | null;

  @Column({ type: 'int', nullable: true })
  tc2_cligency_id: number | null;

  @Column({ type: 'varchar', length: 25, nullable: true, default: 'pending_email_conf' })
  tc2_status: string | null;

  @Column({ type: 'int', nullable: true })
  pd_org_id: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  created: Date;

  @Column({ type: 'varchar', length: 255, default: 'payg' })
  price_plan: PricePlan;

  @Column({ type: 'varchar', length: 255, nullable: true, comment: 'Country code, e.g. GB' })
  country: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  website: string | null;

  @Column({ type: 'int', default: 0 })
  paid_invoice_count: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  estimated_income: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  currency: string | null;

  @Column({ type: 'boolean', default: false })
  has_booked_call: boolean;

  @Column({ type: 'boolean', default: false })
  has_signed_up: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  utm_campaign: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  utm_source: string | null;

  @Column({ type: 'boolean', default: false })
  narc: boolean;

  @Column({ type: 'jsonb', nullable: true })
  signup_questionnaire: unknown;

  @Column({ type: 'timestamptz', nullable: true })
  pay0_dt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pay1_dt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pay3_dt: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  gclid: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  gclid_expiry_dt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  email_confirmed_dt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  card_saved_dt: Date | null;

  /**
   * Set when the organization was deleted in Pipedrive, or merged into one another company holds:
   * the company is kept (with its TC2 link) but not pushed to Pipedrive until someone restores it.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  pd_removed: PdRemoval | null;

  @Column({ type: 'timestamptz', nullable: true })
  pd_removed_at: Date | null;

  @Column({ type: 'int' })
  sales_person_id: number;

  @ManyToOne(() => Admin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sales_person_id', foreignKeyConstraintName: 'company_sales_person_id_fkey' })
  sales_person?: Admin;

  @Column({ type: 'int', nullable: true })
  support_person_id: number | null;

  @ManyToOne(() => Admin, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'support_person_id', foreignKeyConstraintName: 'company_support_person_id_fkey' })
  support_person?: Admin | null;

  @Column({ type: 'int', nullable: true })
  bdr_person_id: number | null;

  @ManyToOne(() => Admin, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'bdr_person_id', foreignKeyConstraintName: 'company_bdr_person_id_fkey' })
  bdr_person?: Admin | null;
}
