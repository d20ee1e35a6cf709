/** TC2 sends countries as `Name (CODE)`, e.g. `United Kingdom (GB)`; Hermes stores the code. Null when there is none. */
export function parseTc2Country(value: string | null | undefined): string | null {
  const match = /\(([A-Za-z]{2,3})\)\s*$/.exec(value ?? '');
  return match ? match[1].toUpperCase() : null;
}
