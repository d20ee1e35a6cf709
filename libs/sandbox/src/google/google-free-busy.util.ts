export interface Interval {
  start: Date;
  end: Date;
}

/** Busy intervals as free/busy reports them: clipped to the window, overlapping ones merged, in order. */
export function busyWithin(periods: Interval[], timeMin: Date, timeMax: Date): Interval[] {
  const clipped = periods
    .map((p) => ({
      start: new Date(Math.max(p.start.getTime(), timeMin.getTime())),
      end: new Date(Math.min(p.end.getTime(), timeMax.getTime())),
    }))
    .filter((p) => p.start < p.end)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: Interval[] = [];
  for (const period of clipped) {
    const last = merged[merged.length - 1];
    if (last && period.start <= last.end) {
      if (period.end > last.end) last.end = period.end;
    } else {
      merged.push({ ...period });
    }
  }
  return merged;
}

/** RFC 3339 in UTC without zero milliseconds, as Google writes times. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
