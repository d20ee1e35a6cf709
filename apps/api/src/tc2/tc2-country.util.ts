/**
 * TC2 sends countries as `Name (CODE)`, e.g. `United Kingdom (GB)`, or a bare code (`GB`), which v2
 * read too; Hermes stores the code. Null when there is none.
 */
export function parseTc2Country(value: string | null | undefined): string | null {
  const text = value ?? '';
  const match = /\(([A-Za-z]{2,3})\)\s*$/.exec(text) ?? /^\s*([A-Za-z]{2,3})\s*$/.exec(text);
  return match ? match[1].toUpperCase() : null;
}
