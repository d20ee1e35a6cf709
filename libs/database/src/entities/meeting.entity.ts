import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { MeetingStatus, MeetingType } from '@hermes/model';
import { Admin } from './admin.entity';
import { Contact } from './contact.entity';
import { Deal } from './deal.entity';

/** A sales or support call booked with a Contact; a Pipedrive activity. */
@Entity('meeting')
@Index('meeting_contact_id_idx', ['contact_id'])
@Index('meeting_deal_id_idx', ['deal_id'], { where: '"deal_id" IS NOT NULL' })
export class Meeting {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'meeting_pkey' })
  id: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  created: Date;

  @Column({ type: 'timestamptz', nullable: true })
  start_time: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  end_time: Date | null;

  @Column({ type: 'varchar', length: 255, default: 'PLANNED' })
  status: MeetingStatus;

  @Column({ type: 'varchar', length: 255 })
  meeting_type: MeetingType;

  @Column({ type: 'int' })
  admin_id: number;

  @ManyToOne(() => Admin, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admin_id', foreignKeyConstraintName: 'meeting_admin_id_fkey' })
  admin?: Admin;

  @Column({ type: 'int' })
  contact_id: number;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'meeting_contact_id_fkey' })
  contact?: Contact;

  @Column({ type: 'int', nullable: true })
  deal_id: number | null;

  @ManyToOne(() => Deal, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'meeting_deal_id_fkey' })
  deal?: Deal | null;
}
