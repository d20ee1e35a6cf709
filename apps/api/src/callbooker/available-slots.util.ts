import { DateTime } from 'luxon';

export interface Interval {
  start: Date;
  end: Date;
}

export interface WorkingDay {
  /** `HH:MM` in the admin's time zone. */
  dayStart: string;
  dayEnd: string;
  durationMins: number;
  bufferMins: number;
}

/**
 * The admin's bookable slots within [rangeStart, rangeEnd]: on each weekday in the
 * admin's time zone (so DST moves the UTC times with it), slots of the meeting length from the day's
 * start to its end, a buffer apart, leaving out those that overlap a busy period — touching counts,
 * as in v2 — and those not wholly inside the range.
 */
export function availableSlots(range: Interval, timezone: string, day: WorkingDay, busy: Interval[]): Interval[] {
  const [startHour, startMinute] = day.dayStart.split(':').map(Number);
  const [endHour, endMinute] = day.dayEnd.split(':').map(Number);
  const busyMs = busy.map((period) => [period.start.getTime(), period.end.getTime()] as const);
  const from = range.start.getTime();
  const to = range.end.getTime();
  const slots: Interval[] = [];

  // A day either side: an admin's working day can start before or end after the range's UTC dates.
  let date = DateTime.fromJSDate(range.start, { zone: timezone }).startOf('day').minus({ days: 1 });
  const lastDate = DateTime.fromJSDate(range.end, { zone: timezone }).startOf('day').plus({ days: 1 });
  for (; date <= lastDate; date = date.plus({ days: 1 })) {
    if (date.weekday > 5) continue;
    const dayEnd = date.set({ hour: endHour, minute: endMinute }).toMillis();
    let slotStart = date.set({ hour: startHour, minute: startMinute }).toMillis();
    for (; slotStart + day.durationMins * 60_000 <= dayEnd; slotStart += (day.durationMins + day.bufferMins) * 60_000) {
      const slotEnd = slotStart + day.durationMins * 60_000;
      if (slotStart < from || slotEnd > to) continue;
      if (busyMs.some(([busyStart, busyEnd]) => busyStart <= slotEnd && busyEnd >= slotStart)) continue;
      slots.push({ start: new Date(slotStart), end: new Date(slotEnd) });
    }
  }
  return slots;
}
