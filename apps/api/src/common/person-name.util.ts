/** A person's name in Hermes' two columns, as v2 split it: "Jane Van Dyke" → Jane / Van Dyke; a single word is the last name. */
export function splitName(name: unknown): { first_name: string | null; last_name: string | null } {
  const text = typeof name === 'string' ? name.trim() : '';
  if (!text) return { first_name: null, last_name: null };
  const space = text.indexOf(' ');
  return space === -1 ? { first_name: null, last_name: text } : { first_name: text.slice(0, space), last_name: text.slice(space + 1).trim() };
}
