import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Company } from './company.entity';
import { Contact } from './contact.entity';
import { CustomField } from './custom-field.entity';
import { Deal } from './deal.entity';
import { Meeting } from './meeting.entity';

/**
 * A custom field's value for one object. The index names are the ones v2 created (its last
 * migration added both a unique and a plain index per object), so a v2 database shows no drift.
 */
@Entity('customfieldvalue')
@Index('uid_customfield_custom__eddbbb', ['custom_field_id', 'company_id'], { unique: true })
@Index('uid_customfield_custom__4e670b', ['custom_field_id', 'contact_id'], { unique: true })
@Index('uid_customfield_custom__c313d2', ['custom_field_id', 'deal_id'], { unique: true })
@Index('uid_customfield_custom__b2ecbe', ['custom_field_id', 'meeting_id'], { unique: true })
@Index('idx_customfield_custom__eddbbb', ['custom_field_id', 'company_id'])
@Index('idx_customfield_custom__4e670b', ['custom_field_id', 'contact_id'])
@Index('idx_customfield_custom__c313d2', ['custom_field_id', 'deal_id'])
@Index('idx_customfield_custom__b2ecbe', ['custom_field_id', 'meeting_id'])
@Index('customfieldvalue_company_id_idx', ['company_id'], { where: '"company_id" IS NOT NULL' })
@Index('customfieldvalue_contact_id_idx', ['contact_id'], { where: '"contact_id" IS NOT NULL' })
@Index('customfieldvalue_deal_id_idx', ['deal_id'], { where: '"deal_id" IS NOT NULL' })
@Index('customfieldvalue_meeting_id_idx', ['meeting_id'], { where: '"meeting_id" IS NOT NULL' })
export class CustomFieldValue {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'customfieldvalue_pkey' })
  id: number;

  @Column({ type: 'int' })
  custom_field_id: number;

  @ManyToOne(() => CustomField, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'custom_field_id', foreignKeyConstraintName: 'customfieldvalue_custom_field_id_fkey' })
  custom_field?: CustomField;

  @Column({ type: 'int', nullable: true })
  company_id: number | null;

  @ManyToOne(() => Company, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'customfieldvalue_company_id_fkey' })
  company?: Company | null;

  @Column({ type: 'int', nullable: true })
  contact_id: number | null;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'customfieldvalue_contact_id_fkey' })
  contact?: Contact | null;

  @Column({ type: 'int', nullable: true })
  deal_id: number | null;

  @ManyToOne(() => Deal, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'customfieldvalue_deal_id_fkey' })
  deal?: Deal | null;

  @Column({ type: 'int', nullable: true })
  meeting_id: number | null;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'customfieldvalue_meeting_id_fkey' })
  meeting?: Meeting | null;

  @Column({ type: 'varchar', length: 10000, nullable: true })
  value: string | null;
}
