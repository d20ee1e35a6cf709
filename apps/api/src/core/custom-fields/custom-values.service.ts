import { Injectable } from '@nestjs/common';
import { Admin, CustomField, CustomFieldValue } from '@hermes/database';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { toHermesValue, toStoredText } from './custom-field-value.util';

/** One field's value as TC2 or Pipedrive gave it, before conversion. */
export interface FieldValue {
  field: CustomField;
  raw: unknown;
}

/** The record whose `customfieldvalue` rows are meant. */
export type ValueOwner = { company_id: number } | { contact_id: number } | { deal_id: number };

/**
 * Custom field values arriving from TC2 or Pipedrive, written the one way: a field with a Hermes
 * field name sets that column of the record (an `fk_field` names the relation, so `support_person`
 * sets `support_person_id`), every other field its `customfieldvalue` row. Values are converted to the
 * field's type first; one that does not fit is left out with a note, never failing the whole event.
 */
@Injectable()
export class CustomValuesService {
  /**
   * Sets, on `record` (not saved), the values of the fields that have a Hermes column: cut to the
   * column's length, null only where the column allows it, an `fk_field` only to an Admin that
   * exists. Fields whose value Hermes derives (no column, e.g. `tc2_cligency_url`) are skipped.
   */
  async setColumns<T extends ObjectLiteral>(target: EntityTarget<T>, record: T, values: FieldValue[], manager: EntityManager, notes: string[]): Promise<void> {
    const metadata = manager.connection.getMetadata(target);
    for (const { field, raw } of values) {
      if (!field.hermes_field_name) continue;
      const name = field.field_type === 'fk_field' ? `${field.hermes_field_name}_id` : field.hermes_field_name;
      const column = metadata.findColumnWithPropertyName(name);
      if (!column || column.isPrimary) continue;
      const converted = toHermesValue(field.field_type, raw);
      if (converted === 'invalid') {
        notes.push(`${field.machine_name}: ${JSON.stringify(raw)} is not a valid ${field.field_type}`);
        continue;
      }
      let value = converted.value;
      if (value === null && !column.isNullable) continue;
      if (field.field_type === 'fk_field' && value !== null && !(await manager.existsBy(Admin, { id: value as number }))) {
        notes.push(`${field.machine_name}: admin ${value} does not exist`);
        continue;
      }
      // Free text from the other systems must not make the whole event fail on a column's size.
      if (typeof value === 'string' && column.length) value = value.slice(0, Number(column.length));
      (record as Record<string, unknown>)[name] = value;
    }
  }

  /**
   * Writes the values of the fields kept as rows (no Hermes field name) for one record: only rows
   * whose value changed; a null value deletes the row. Returns how many rows changed.
   */
  async saveRows(owner: ValueOwner, values: FieldValue[], manager: EntityManager, notes: string[]): Promise<number> {
    const rowValues = values.filter(({ field }) => !field.hermes_field_name);
    if (!rowValues.length) return 0;
    const rows = await manager.findBy(CustomFieldValue, owner);
    let changed = 0;
    for (const { field, raw } of rowValues) {
      const converted = toHermesValue(field.field_type, raw);
      if (converted === 'invalid') {
        notes.push(`${field.machine_name}: ${JSON.stringify(raw)} is not a valid ${field.field_type}`);
        continue;
      }
      const value = toStoredText(converted.value);
      const row = rows.find((r) => r.custom_field_id === field.id);
      if ((row?.value ?? null) === value) continue;
      if (value === null) await manager.delete(CustomFieldValue, row!.id);
      else if (row) await manager.update(CustomFieldValue, row.id, { value });
      else await manager.insert(CustomFieldValue, { custom_field_id: field.id, ...owner, value });
      changed += 1;
    }
    return changed;
  }
}
