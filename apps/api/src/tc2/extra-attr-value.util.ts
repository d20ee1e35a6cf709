/**
 * A TC2 extra attr value as Hermes stores it: trimmed, and — except for `gclid`, whose case
 * matters to Google — lower-cased with leading/trailing `-` stripped (TC2 choice values arrive
 * as e.g. `-Google-`). Null means "no value" and is dropped.
 */
export function cleanExtraAttrValue(machineName: string, value: string | number | boolean | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  let cleaned = String(value).trim();
  if (machineName !== 'gclid') cleaned = cleaned.toLowerCase().replace(/^-+|-+$/g, '').trim();
  return cleaned === '' ? null : cleaned;
}
