import { isDeepStrictEqual } from 'node:util';
import { PdCustomFields } from './pipedrive.client';

/** What Hermes sends for an object: top-level fields, custom fields under `custom_fields`. */
export type PdPayload = object & { custom_fields?: PdCustomFields };

// Every Pipedrive object has an owner: when Hermes stops knowing one, Pipedrive keeps the last. A
// deal's status is Pipedrive's (Hermes sends it only to close a deal), so its snapshot may hold it.
const NEVER_CLEARED = new Set(['owner_id', 'status']);

/**
 * The PATCH that takes an object from what Hermes last sent (`previous`) to `next`: only the fields
 * that differ, custom fields compared one by one. A field Hermes no longer sends is cleared (null).
 * With nothing sent before (no snapshot), all of `next`. Null when nothing changed.
 */
export function changedFields<T extends PdPayload>(previous: T | null, next: T): Partial<T> | null {
  if (!previous) return next;
  const before = previous as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const changes: Record<string, unknown> = {};

  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'custom_fields') continue;
    if (!(key in after)) {
      if (!NEVER_CLEARED.has(key) && before[key] !== null) changes[key] = null;
    } else if (!isDeepStrictEqual(before[key], after[key])) {
      changes[key] = after[key];
    }
  }

  const customFields = changedCustomFields(previous.custom_fields ?? {}, next.custom_fields ?? {});
  if (customFields) changes.custom_fields = customFields;
  return Object.keys(changes).length ? (changes as Partial<T>) : null;
}

function changedCustomFields(before: PdCustomFields, after: PdCustomFields): PdCustomFields | null {
  const changes: PdCustomFields = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const value = after[key] ?? null;
    if (!isDeepStrictEqual(before[key] ?? null, value)) changes[key] = value;
  }
  return Object.keys(changes).length ? changes : null;
}
