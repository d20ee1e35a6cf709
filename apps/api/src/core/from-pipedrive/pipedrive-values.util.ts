/**
 * Reading the values of a Pipedrive object: references may be plain ids or `{value}` objects,
 * persons carry lists of emails and phones, a merged `hermes_id` holds several ids.
 */

/** Ids are Postgres `integer`s in Hermes and in Pipedrive. */
const MAX_ID = 2_147_483_647;

/** A positive integer id from `12`, `"12"` or `{value: 12}`; null for anything else. */
export function idOf(reference: unknown): number | null {
  const raw = reference !== null && typeof reference === 'object' ? (reference as Record<string, unknown>).value : reference;
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_ID ? id : null;
}

/** Every Hermes id in a `hermes_id` value: `53670`, `"53670"` or, after a merge in Pipedrive, `"55839, 53670"`. */
export function hermesIdsOf(value: unknown): number[] {
  if (typeof value === 'number') return idOf(value) ? [value] : [];
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((part) => idOf(part))
    .filter((id): id is number => id !== null);
}

/** The primary entry of a person's `emails`/`phones` (else the first), or a plain string as sent by older payloads. */
export function primaryValue(entries: unknown): string | null {
  if (typeof entries === 'string') return entries.trim() || null;
  if (!Array.isArray(entries) || !entries.length) return null;
  const items = entries.map((entry) => (typeof entry === 'string' ? { value: entry, primary: false } : (entry as Record<string, unknown>)));
  const chosen = items.find((item) => item?.primary === true && item.value) ?? items.find((item) => item?.value);
  const value = chosen?.value;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** A value as it reads whatever its shape (`12`, `"12"`, `{value: 12}`, a list of emails): for comparing what was sent with what came back. */
export function comparable(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return comparable(primaryValue(value));
  if (typeof value === 'object') return 'value' in value ? comparable((value as { value: unknown }).value) : JSON.stringify(value);
  return String(value).trim();
}

/** A person's email or phone as Hermes sends it: one primary work entry, or none. */
export function contactDetails(value: string | null | undefined): { value: string; primary: boolean; label: string }[] {
  const trimmed = value?.trim();
  return trimmed ? [{ value: trimmed, primary: true, label: 'work' }] : [];
}
