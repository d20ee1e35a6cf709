import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, in clock ticks: all of it, and the hypervisor's steal (Linux, /proc/stat). */
function cpuTicks(): { total: number; steal: number } {
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is within user)
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: ticks.reduce((sum, t) => sum + t, 0), steal: ticks[7] };
}

/**
 * The share of CPU time the hypervisor took from this machine (steal) while it runs, overall and in
 * its worst second: on a shared virtual machine, latency the code under test cannot cause.
 */
export class StealSampler {
  private readonly first = cpuTicks();
  private last = this.first;
  private worst = 0;
  private readonly timer = setInterval(() => {
    const now = cpuTicks();
    this.worst = Math.max(this.worst, share(this.last, now));
    this.last = now;
  }, 1000);

  /** Percentages. */
  stop(): { average: number; worstSecond: number } {
    clearInterval(this.timer);
    const now = cpuTicks();
    return { average: share(this.first, now), worstSecond: Math.max(this.worst, share(this.last, now)) };
  }
}

function share(from: { total: number; steal: number }, to: { total: number; steal: number }): number {
  const total = to.total - from.total;
  return total > 0 ? Math.round(((to.steal - from.steal) / total) * 1000) / 10 : 0;
}
