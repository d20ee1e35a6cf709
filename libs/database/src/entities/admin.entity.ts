import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A member of staff: sales, support or BDR person. `username` holds their real Google email. */
@Entity('admin')
@Unique('admin_tc2_admin_id_key', ['tc2_admin_id'])
export class Admin {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'admin_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 255, comment: 'Use their ACTUAL email address, not META' })
  username: string;

  /** Unused since sign-in moved to Google; kept because v2's table has it. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  password: string | null;

  @Column({ type: 'int', nullable: true })
  tc2_admin_id: number | null;

  @Column({ type: 'int', nullable: true })
  pd_owner_id: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  first_name: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  last_name: string;

  @Column({ type: 'varchar', length: 255, default: 'Europe/London' })
  timezone: string;

  @Column({ type: 'boolean', default: false })
  is_sales_person: boolean;

  @Column({ type: 'boolean', default: false })
  is_support_person: boolean;

  @Column({ type: 'boolean', default: false })
  is_bdr_person: boolean;

  @Column({ type: 'boolean', default: false })
  sells_payg: boolean;

  @Column({ type: 'boolean', default: false })
  sells_startup: boolean;

  @Column({ type: 'boolean', default: false })
  sells_enterprise: boolean;

  @Column({ type: 'boolean', default: false })
  sells_us: boolean;

  @Column({ type: 'boolean', default: false })
  sells_gb: boolean;

  @Column({ type: 'boolean', default: false })
  sells_au: boolean;

  @Column({ type: 'boolean', default: false })
  sells_ca: boolean;

  @Column({ type: 'boolean', default: false })
  sells_eu: boolean;

  @Column({ type: 'boolean', default: false })
  sells_row: boolean;
}
