import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { FieldType, LinkedObjectType } from '@hermes/model';

/** One extra value carried between Hermes, TC2 (extra attrs) and Pipedrive (Data fields). See docs/architecture.md, "Custom fields". */
@Entity('customfield', {
  comment: 'Used to store the custom fields that we have in Pipedrive/TC. When the app is started, we run',
})
@Unique('uid_customfield_machine_3ef6e9', ['machine_name', 'linked_object_type'])
export class CustomField {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'customfield_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  machine_name: string | null;

  @Column({ type: 'varchar', length: 255, comment: 'The type of field.' })
  field_type: FieldType;

  @Column({
    type: 'varchar',
    length: 255,
    nullable: true,
    comment: 'If this is connected to data from the Hermes model, this is the field name. Eg: `website`',
  })
  hermes_field_name: string | null;

  @Column({
    type: 'varchar',
    length: 255,
    nullable: true,
    comment: 'The machine name of the Custom Field in TC2, if not in the normal data.',
  })
  tc2_machine_name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, comment: 'The ID of the Custom Field in Pipedrive' })
  pd_field_id: string | null;

  @Column({
    type: 'varchar',
    length: 255,
    comment: 'The name of the model this is linked to, ("Company", "Contact", "Deal", "Meeting")',
  })
  linked_object_type: LinkedObjectType;
}
