import type { FlatObject } from '../core/from-pipedrive/pipedrive-change';

/**
 * Reading Pipedrive webhooks v2 objects: custom field values arrive wrapped with their type
 * (`{type, value}`, `{id, type}`, `{values: [{id}]}`); Hermes lays them flat beside the other fields.
 */

/** `{type, value}` → value; `{id, type}` (enum, user, org, people) → id; `{values: [{id}]}` (set) → "1,2". */
export function unwrapCustomValue(wrapped: unknown): unknown {
  if (wrapped === null || typeof wrapped !== 'object' || Array.isArray(wrapped)) return wrapped ?? null;
  const field = wrapped as Record<string, unknown>;
  if ('value' in field) return field.value ?? null;
  if ('id' in field) return field.id ?? null;
  if (Array.isArray(field.values)) {
    return field.values.map((option) => (option as Record<string, unknown>)?.id).filter((id) => id != null).join(',');
  }
  return null;
}

/** The object with `custom_fields` unwrapped into its own keys; null stays null. */
export function flattenObject(object: Record<string, unknown> | null): FlatObject | null {
  if (!object) return null;
  const { custom_fields: customFields, ...fields } = object;
  const flat: FlatObject = { ...fields };
  if (customFields && typeof customFields === 'object') {
    for (const [key, wrapped] of Object.entries(customFields)) flat[key] = unwrapCustomValue(wrapped);
  }
  return flat;
}

/** The keys a change event says changed: those in `previous` (custom field keys included, once flattened). */
export function changedKeys(previous: FlatObject | null): Set<string> {
  return new Set(previous ? Object.keys(previous) : []);
}
