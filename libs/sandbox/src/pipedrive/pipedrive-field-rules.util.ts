import { PipedriveSimEntity, PipedriveSimField } from './pipedrive-sim.types';

/**
 * What the simulated v2 API accepts for each object, and how strictly. Pipedrive's v2 rejects
 * strings where numbers belong and 0/1 where booleans belong; the simulator does the same, and
 * also rejects unknown fields, so a Hermes bug shows up in tests rather than in production.
 */
type ValueKind =
  | 'string'
  | 'int'
  | 'number'
  | 'boolean'
  | 'date'
  | 'time'
  | 'int-array'
  | 'contacts'
  | 'participants'
  | 'address'
  | 'deal-status';

export interface FieldRule {
  kind: ValueKind;
  nullable?: boolean;
  /** The id must name an existing object of this kind. */
  ref?: PipedriveSimEntity | 'user';
}

export const WRITABLE_FIELDS: Record<PipedriveSimEntity, Record<string, FieldRule>> = {
  organization: {
    name: { kind: 'string' },
    owner_id: { kind: 'int', ref: 'user' },
    visible_to: { kind: 'int' },
    label_ids: { kind: 'int-array' },
    address: { kind: 'address', nullable: true },
  },
  person: {
    name: { kind: 'string' },
    owner_id: { kind: 'int', ref: 'user' },
    org_id: { kind: 'int', nullable: true, ref: 'organization' },
    emails: { kind: 'contacts' },
    phones: { kind: 'contacts' },
    visible_to: { kind: 'int' },
    label_ids: { kind: 'int-array' },
  },
  deal: {
    title: { kind: 'string' },
    owner_id: { kind: 'int', ref: 'user' },
    person_id: { kind: 'int', nullable: true, ref: 'person' },
    org_id: { kind: 'int', nullable: true, ref: 'organization' },
    pipeline_id: { kind: 'int', ref: 'pipeline' },
    stage_id: { kind: 'int', ref: 'stage' },
    value: { kind: 'number' },
    currency: { kind: 'string' },
    status: { kind: 'deal-status' },
    probability: { kind: 'number', nullable: true },
    lost_reason: { kind: 'string', nullable: true },
    expected_close_date: { kind: 'date', nullable: true },
    visible_to: { kind: 'int' },
    label_ids: { kind: 'int-array' },
  },
  activity: {
    subject: { kind: 'string' },
    type: { kind: 'string' },
    owner_id: { kind: 'int', ref: 'user' },
    deal_id: { kind: 'int', nullable: true, ref: 'deal' },
    org_id: { kind: 'int', nullable: true, ref: 'organization' },
    person_id: { kind: 'int', nullable: true, ref: 'person' },
    participants: { kind: 'participants' },
    due_date: { kind: 'date', nullable: true },
    due_time: { kind: 'time', nullable: true },
    duration: { kind: 'time', nullable: true },
    busy: { kind: 'boolean' },
    done: { kind: 'boolean' },
    note: { kind: 'string', nullable: true },
    public_description: { kind: 'string', nullable: true },
  },
  pipeline: {
    name: { kind: 'string' },
    order_nr: { kind: 'int' },
    is_deal_probability_enabled: { kind: 'boolean' },
  },
  stage: {
    name: { kind: 'string' },
    pipeline_id: { kind: 'int', ref: 'pipeline' },
    order_nr: { kind: 'int' },
    deal_probability: { kind: 'int' },
    is_deal_rot_enabled: { kind: 'boolean' },
    days_to_rotten: { kind: 'int', nullable: true },
  },
};

export const REQUIRED_ON_CREATE: Record<PipedriveSimEntity, string[]> = {
  organization: ['name'],
  person: ['name'],
  deal: ['title'],
  activity: [],
  pipeline: ['name'],
  stage: ['name', 'pipeline_id'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?$/;

const isInt = (value: unknown): value is number => Number.isInteger(value);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `value` is not acceptable under `rule`, or undefined when it is. */
export function valueProblem(rule: FieldRule, value: unknown): string | undefined {
  if (value === null) return rule.nullable ? undefined : 'must not be null';
  switch (rule.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'int':
      return isInt(value) ? undefined : 'must be an integer (a JSON number, not a string)';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number (not a string)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'time':
      return typeof value === 'string' && TIME.test(value) ? undefined : 'must be a time HH:MM';
    case 'int-array':
      return Array.isArray(value) && value.every(isInt) ? undefined : 'must be an array of integers';
    case 'deal-status':
      return value === 'open' || value === 'won' || value === 'lost' ? undefined : "must be 'open', 'won' or 'lost'";
    case 'address':
      return isObject(value) && typeof value.value === 'string' ? undefined : 'must be an object with a string value';
    case 'contacts':
      return Array.isArray(value) &&
        value.every(
          (c) =>
            isObject(c) &&
            typeof c.value === 'string' &&
            (c.primary === undefined || typeof c.primary === 'boolean') &&
            (c.label === undefined || typeof c.label === 'string'),
        )
        ? undefined
        : 'must be an array of {value: string, primary?: boolean, label?: string}';
    case 'participants':
      return Array.isArray(value) &&
        value.every((p) => isObject(p) && isInt(p.person_id) && (p.primary === undefined || typeof p.primary === 'boolean'))
        ? undefined
        : 'must be an array of {person_id: integer, primary?: boolean}';
  }
}

/** The data field types the API can create. */
export const CREATABLE_FIELD_TYPES = [
  'varchar', 'text', 'double', 'phone', 'date', 'daterange', 'time', 'timerange', 'set', 'enum',
  'varchar_auto', 'address', 'monetary', 'org', 'people', 'user',
];

/** Why `value` cannot be stored in the custom field, or undefined when it can. */
export function customValueProblem(field: PipedriveSimField, value: unknown): string | undefined {
  if (value === null) return undefined;
  const optionIds = new Set((field.options ?? []).map((o) => o.id));
  switch (field.field_type) {
    case 'double':
    case 'monetary':
    case 'int':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number (not a string)';
    case 'varchar':
    case 'varchar_auto':
    case 'text':
    case 'phone':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'time':
      return typeof value === 'string' && TIME.test(value) ? undefined : 'must be a time HH:MM';
    case 'enum':
      return isInt(value) && optionIds.has(value) ? undefined : 'must be the id of one of its options';
    case 'set':
      return Array.isArray(value) && value.every((v) => isInt(v) && optionIds.has(v))
        ? undefined
        : 'must be an array of ids of its options';
    case 'user':
    case 'org':
    case 'people':
      return isInt(value) ? undefined : 'must be an integer id';
    default:
      return undefined;
  }
}

/** Custom field types whose values the search API looks into. */
export const SEARCHABLE_FIELD_TYPES = new Set(['address', 'varchar', 'text', 'varchar_auto', 'double', 'monetary', 'phone']);

/** Webhooks v2 wrap each custom field value with its type, in one of three shapes. */
export function wrapCustomValue(field: PipedriveSimField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.field_type) {
    case 'enum':
    case 'user':
    case 'org':
    case 'people':
      return { id: value, type: field.field_type };
    case 'set':
      return { values: (value as number[]).map((id) => ({ id })), type: field.field_type };
    default:
      return { type: field.field_type, value };
  }
}
