import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, in clock ticks: all of it, and the hypervisor's steal (Linux, /proc/stat). */
function cpuTicks(): { total: number; steal: number } {
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is within user)
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: ticks.reduce((sum, t) => sum + t, 0), steal: ticks[7] };
}

/** How much of one second the hypervisor took. */
export interface StealSecond {
  /** performance.now() at the second's end. */
  end: number;
  /** Percent. */
  steal: number;
}

/**
 * The share of CPU time the hypervisor took from this machine (steal) while it runs, overall, in
 * its worst second, and second by second: on a shared virtual machine, latency the code under test
 * cannot cause.
 */
export class StealSampler {
  private readonly first = cpuTicks();
  private last = this.first;
  private readonly seconds: StealSecond[] = [];
  private readonly timer = setInterval(() => this.sample(), 1000);

  /** Percentages, and the seconds one by one. */
  stop(): { average: number; worstSecond: number; seconds: StealSecond[] } {
    clearInterval(this.timer);
    this.sample();
    const worstSecond = Math.max(0, ...this.seconds.map(({ steal }) => steal));
    return { average: share(this.first, this.last), worstSecond, seconds: this.seconds };
  }

  private sample(): void {
    const now = cpuTicks();
    this.seconds.push({ end: performance.now(), steal: share(this.last, now) });
    this.last = now;
  }
}

/**
 * Whether a moment fell in a quiet second: one whose steal, and the previous second's (a backlog
 * outlasts the second it built up in), stayed under `threshold` percent.
 */
export function inQuietSecond(seconds: StealSecond[], at: number, threshold: number): boolean {
  const index = seconds.findIndex(({ end }) => at < end);
  if (index < 0) return false;
  return seconds[index].steal < threshold && (index === 0 || seconds[index - 1].steal < threshold);
}

function share(from: { total: number; steal: number }, to: { total: number; steal: number }): number {
  const total = to.total - from.total;
  return total > 0 ? Math.round(((to.steal - from.steal) / total) * 1000) / 10 : 0;
}
