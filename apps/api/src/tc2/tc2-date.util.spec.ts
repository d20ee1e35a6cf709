import { parseTc2Date } from './tc2-date.util';

describe('parseTc2Date', () => {
  it('reads ISO date-times and epoch seconds', () => {
    expect(parseTc2Date('2026-01-05T09:30:00.000000Z')).toEqual(new Date('2026-01-05T09:30:00Z'));
    expect(parseTc2Date(1767605400)).toEqual(new Date('2026-01-05T09:30:00Z'));
    expect(parseTc2Date('1767605400')).toEqual(new Date('2026-01-05T09:30:00Z'));
  });

  it.each([null, undefined, '', 'not a date'])('has no date in %p', (value) => expect(parseTc2Date(value)).toBeNull());
});
