import { availableSlots } from './available-slots.util';

const DAY = { dayStart: '10:00', dayEnd: '12:00', durationMins: 30, bufferMins: 15 };
const iso = (slots: { start: Date; end: Date }[]) => slots.map((s) => [s.start.toISOString(), s.end.toISOString()]);
const range = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

describe('availableSlots', () => {
  it('offers slots of the meeting length a buffer apart, within the working day in the admin zone', () => {
    // Wednesday 2026-01-14, London is on GMT.
    expect(iso(availableSlots(range('2026-01-14T00:00:00Z', '2026-01-15T00:00:00Z'), 'Europe/London', DAY, []))).toEqual([
      ['2026-01-14T10:00:00.000Z', '2026-01-14T10:30:00.000Z'],
      ['2026-01-14T10:45:00.000Z', '2026-01-14T11:15:00.000Z'],
      // 11:30-12:00 fits exactly; a slot must end by the day's end.
      ['2026-01-14T11:30:00.000Z', '2026-01-14T12:00:00.000Z'],
    ]);
  });

  it('follows the admin across a DST change (London: last Sunday of March, Toronto: second Sunday of March)', () => {
    const day = { ...DAY, dayEnd: '10:30' };
    // London: Fri 27 Mar 2026 is GMT, Mon 30 Mar is BST.
    expect(iso(availableSlots(range('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'), 'Europe/London', day, []))).toEqual([
      ['2026-03-27T10:00:00.000Z', '2026-03-27T10:30:00.000Z'],
      ['2026-03-30T09:00:00.000Z', '2026-03-30T09:30:00.000Z'],
    ]);
    // Toronto: Fri 6 Mar 2026 is EST (UTC-5), Mon 9 Mar is EDT (UTC-4).
    expect(iso(availableSlots(range('2026-03-06T00:00:00Z', '2026-03-10T00:00:00Z'), 'America/Toronto', day, []))).toEqual([
      ['2026-03-06T15:00:00.000Z', '2026-03-06T15:30:00.000Z'],
      ['2026-03-09T14:00:00.000Z', '2026-03-09T14:30:00.000Z'],
    ]);
  });

  it('skips weekends in the admin time zone', () => {
    // Sat 17 and Sun 18 Jan 2026.
    expect(availableSlots(range('2026-01-17T00:00:00Z', '2026-01-19T00:00:00Z'), 'Europe/London', DAY, [])).toEqual([]);
  });

  it('leaves out slots overlapping a busy period, touching included', () => {
    const busy = [
      // Ends exactly when the first slot starts: touching, so the first slot goes (as v2).
      { start: new Date('2026-01-14T09:00:00Z'), end: new Date('2026-01-14T10:00:00Z') },
      // Inside the second slot.
      { start: new Date('2026-01-14T10:50:00Z'), end: new Date('2026-01-14T11:00:00Z') },
    ];
    expect(iso(availableSlots(range('2026-01-14T00:00:00Z', '2026-01-15T00:00:00Z'), 'Europe/London', DAY, busy))).toEqual([
      ['2026-01-14T11:30:00.000Z', '2026-01-14T12:00:00.000Z'],
    ]);
  });

  it('keeps only slots wholly inside the range', () => {
    expect(iso(availableSlots(range('2026-01-14T10:40:00Z', '2026-01-14T11:50:00Z'), 'Europe/London', DAY, []))).toEqual([
      ['2026-01-14T10:45:00.000Z', '2026-01-14T11:15:00.000Z'],
    ]);
  });
});
