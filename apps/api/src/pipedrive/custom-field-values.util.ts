import { CustomField, FieldType, LinkedObjectType } from '@hermes/database';
import { PdCustomFields, PdFieldEntity } from './pipedrive.client';

/** Where one Hermes object's custom field values come from. */
export interface CustomFieldSource {
  /** The object's columns by name: the entity itself. */
  columns: object;
  /** Its `customfieldvalue` rows: custom field id → value. */
  values: ReadonlyMap<number, string | null>;
  /** Values Hermes derives rather than stores, by hermes field name (e.g. `tc2_cligency_url`). */
  derived?: Readonly<Record<string, unknown>>;
}

export type PdFieldValue = string | number | boolean;

const HERMES_ID = 'hermes_id';

/** The custom fields of one kind of object that Pipedrive has a key for. */
export function fieldsOf(fields: readonly CustomField[], type: LinkedObjectType): CustomField[] {
  return fields.filter((field) => field.linked_object_type === type && field.pd_field_id);
}

/** The field holding the Hermes id of an object of this kind, if it is in Pipedrive. */
export function hermesIdField(fields: readonly CustomField[], type: LinkedObjectType): CustomField | undefined {
  return fieldsOf(fields, type).find((field) => field.hermes_field_name === 'id');
}

/**
 * A field's value as Hermes holds it (docs/architecture.md, "Custom fields"): a column when the field has a hermes field name
 * (an `fk_field` names the relation, so `support_person` reads `support_person_id`; `id` is the
 * object's own), else the object's `customfieldvalue` row.
 */
export function hermesValue(field: CustomField, source: CustomFieldSource): unknown {
  const name = field.hermes_field_name;
  if (!name) return source.values.get(field.id) ?? null;
  if (source.derived && name in source.derived) return source.derived[name];
  const columns = source.columns as Record<string, unknown>;
  if (field.field_type === 'fk_field' && `${name}_id` in columns) return columns[`${name}_id`];
  return columns[name];
}

/** The Pipedrive object whose data fields hold each kind of record's custom fields (meetings have none). */
export const PIPEDRIVE_FIELD_ENTITY: Record<Exclude<LinkedObjectType, 'Meeting'>, PdFieldEntity> = { Company: 'organization', Contact: 'person', Deal: 'deal' };

/**
 * The Pipedrive field types that take what `pipedriveValue` sends for each type: strings go in text
 * fields, numbers (admin and Hermes ids included) in number fields, dates in date fields. Pipedrive
 * has no true/false field, so a `bool` field fits none.
 */
export const PIPEDRIVE_FIELD_TYPES: Record<FieldType, readonly string[]> = {
  str: ['varchar', 'varchar_auto', 'text', 'phone'],
  int: ['double', 'monetary'],
  fk_field: ['double', 'monetary'],
  date: ['date'],
  bool: [],
};

/**
 * A value as Pipedrive v2 wants it for a field of this type: numbers as numbers, booleans as
 * booleans, dates `YYYY-MM-DD`, anything structured (`signup_questionnaire`) as a JSON string.
 * Undefined when there is nothing to send: no value, or one that does not fit the type.
 */
export function pipedriveValue(type: FieldType, raw: unknown): PdFieldValue | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  switch (type) {
    case 'int':
    case 'fk_field': {
      const number = typeof raw === 'number' ? raw : Number(String(raw).trim());
      return Number.isFinite(number) && String(raw).trim() !== '' ? number : undefined;
    }
    case 'bool':
      return toBoolean(raw);
    case 'date':
      return toIsoDate(raw);
    case 'str':
      if (raw instanceof Date) return toIsoDate(raw);
      return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  }
}

/** `custom_fields` for one object: each of its fields that has a value, under the field's Pipedrive key. */
export function customFieldsPayload(fields: readonly CustomField[], source: CustomFieldSource): PdCustomFields {
  return collect(fields, (field) => pipedriveValue(field.field_type, hermesValue(field, source)));
}

/**
 * `custom_fields` for a Deal. A deal field with neither a hermes field name nor a TC2 machine name
 * is inherited: it carries the value of the Company field with the same machine name (never
 * `hermes_id`, which is each object's own). Deal fields without such a Company field use the
 * deal's own values.
 */
export function dealCustomFieldsPayload(
  dealFields: readonly CustomField[],
  deal: CustomFieldSource,
  companyFields: readonly CustomField[],
  company: CustomFieldSource,
): PdCustomFields {
  return collect(dealFields, (field) => {
    const inheritedFrom =
      !field.hermes_field_name && !field.tc2_machine_name && field.machine_name !== HERMES_ID
        ? companyFields.find((candidate) => candidate.machine_name === field.machine_name)
        : undefined;
    const raw = inheritedFrom ? hermesValue(inheritedFrom, company) : hermesValue(field, deal);
    return pipedriveValue(field.field_type, raw);
  });
}

function collect(fields: readonly CustomField[], valueOf: (field: CustomField) => PdFieldValue | undefined): PdCustomFields {
  const payload: PdCustomFields = {};
  for (const field of fields) {
    if (!field.pd_field_id) continue;
    const value = valueOf(field);
    if (value !== undefined) payload[field.pd_field_id] = value;
  }
  return payload;
}

function toBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return undefined;
}

function toIsoDate(raw: unknown): string | undefined {
  if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw.trim())) return raw.trim().slice(0, 10);
  const date = raw instanceof Date ? raw : new Date(String(raw));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}
