import { slugify } from './slugify.util';

describe('slugify', () => {
  it.each([
    ['Moved to a competitor', 'moved-to-a-competitor'],
    ['  Too expensive!  ', 'too-expensive'],
    ['Café – closed down', 'cafe-closed-down'],
    ['already-a-slug', 'already-a-slug'],
    ['snake_case stays', 'snake_case-stays'],
  ])('%j → %j', (input, expected) => expect(slugify(input)).toBe(expected));
});
