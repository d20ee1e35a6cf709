import { RecordedRequest } from './simulator';

/** The most requests that arrived within any rolling window (Pipedrive's rate limit counts 2 s). */
export function busiestWindow(requests: RecordedRequest[], windowMs = 2000): number {
  const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  let busiest = 0;
  for (let last = 0, first = 0; last < times.length; last++) {
    while (times[last] - times[first] >= windowMs) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}
