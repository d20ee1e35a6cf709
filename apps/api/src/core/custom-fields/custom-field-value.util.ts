import { FieldType } from '@hermes/database';

/** Hermes' integer columns are Postgres `integer`s. */
const INT4_MAX = 2_147_483_647;

/** The size of `customfieldvalue.value` (varchar(10000)). */
export const STORED_VALUE_MAX = 10_000;

/**
 * A value from TC2 or Pipedrive as Hermes holds it for a field of this type: numbers for `int` and
 * `fk_field` (within Postgres' integer), booleans, dates, text (structures as JSON). Empty is null;
 * `invalid` when the value does not fit the type.
 */
export function toHermesValue(type: FieldType, raw: unknown): { value: unknown } | 'invalid' {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  switch (type) {
    case 'int':
    case 'fk_field': {
      const number = typeof raw === 'number' ? raw : Number(String(raw).trim());
      return Number.isSafeInteger(number) && Math.abs(number) <= INT4_MAX ? { value: number } : 'invalid';
    }
    case 'bool':
      if (typeof raw === 'boolean') return { value: raw };
      return ['true', 'false'].includes(String(raw).toLowerCase()) ? { value: String(raw).toLowerCase() === 'true' } : 'invalid';
    case 'date': {
      const date = new Date(String(raw));
      return Number.isNaN(date.getTime()) ? 'invalid' : { value: date };
    }
    case 'str':
      return { value: typeof raw === 'object' ? JSON.stringify(raw) : String(raw) };
  }
}

/** A converted value as a `customfieldvalue` row stores it: text, dates as ISO, at most its column's size. */
export function toStoredText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value instanceof Date ? value.toISOString() : value).slice(0, STORED_VALUE_MAX);
}
