/** Django's `slugify`, which TC2 applies to choice values: ASCII, lower case, words joined by hyphens. */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}
