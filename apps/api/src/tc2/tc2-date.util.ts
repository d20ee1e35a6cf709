/** TC2 sends date-times as ISO strings, or as epoch seconds in older payloads; null/empty is no date. */
export function parseTc2Date(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = typeof value === 'number' || /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
