import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';

export type PipedriveRateBucket = 'general' | 'search';

export interface PipedriveRateLimits {
  /** Requests of any kind per window: PD_RATE_LIMIT_PER_2S. */
  perWindow: number;
  /** Search requests per window (Pipedrive's own, smaller limit); they count against `perWindow` too. */
  searchPerWindow: number;
  windowMs: number;
  /**
   * Added to the window. Pipedrive counts requests when they arrive, a little after a slot is
   * taken here; without the margin, jitter in that delay could squeeze more than the limit into
   * one of Pipedrive's windows.
   */
  marginMs: number;
}

// Waiters that wake together spread out by up to this much instead of all queueing on the lock.
const WAKE_JITTER_MS = 20;

/**
 * One Pipedrive rate limit for every process that shares the database: a rolling
 * window over the send times of recent requests, kept in the `pipedrive_rate_limit` table. Taking
 * a slot is one short transaction under an advisory lock, using Postgres' clock so that processes
 * on different machines agree on the time.
 */
export class PipedriveRateLimiter {
  private readonly limits: PipedriveRateLimits;

  constructor(
    private readonly dataSource: DataSource,
    limits: Partial<PipedriveRateLimits> & Pick<PipedriveRateLimits, 'perWindow'>,
  ) {
    this.limits = { searchPerWindow: 10, windowMs: 2000, marginMs: 150, ...limits };
  }

  /** Resolves once a request of this kind may be sent, having counted it. */
  async acquire(kind: PipedriveRateBucket): Promise<void> {
    const buckets: PipedriveRateBucket[] = kind === 'search' ? ['general', 'search'] : ['general'];
    for (;;) {
      const waitMs = await this.dataSource.transaction((manager) => this.take(manager, buckets));
      if (waitMs <= 0) return;
      await sleep(waitMs + Math.random() * WAKE_JITTER_MS);
    }
  }

  /** Counts the request in every bucket, or in none; returns 0, or how long until all have room. */
  private async take(manager: EntityManager, buckets: PipedriveRateBucket[]): Promise<number> {
    const spanMs = this.limits.windowMs + this.limits.marginMs;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('hermes.pipedrive_rate_limit'))`);

    let waitMs = 0;
    for (const bucket of buckets) {
      const limit = bucket === 'search' ? this.limits.searchPerWindow : this.limits.perWindow;
      // The limit-th most recent request: the bucket has room once it is older than the window.
      const [oldest] = (await manager.query(
        `SELECT EXTRACT(EPOCH FROM sent_at + $2 * interval '1 millisecond' - clock_timestamp()) * 1000 AS wait_ms
           FROM pipedrive_rate_limit WHERE bucket = $1 ORDER BY sent_at DESC OFFSET $3 LIMIT 1`,
        [bucket, spanMs, limit - 1],
      )) as { wait_ms: string }[];
      waitMs = Math.max(waitMs, Number(oldest?.wait_ms ?? 0));
    }
    if (waitMs > 0) return waitMs;

    await manager.query(
      `INSERT INTO pipedrive_rate_limit (bucket, sent_at)
       SELECT bucket, now.at FROM unnest($1::varchar[]) AS bucket, (SELECT clock_timestamp() AS at) AS now`,
      [buckets],
    );
    await manager.query(`DELETE FROM pipedrive_rate_limit WHERE sent_at < clock_timestamp() - $1 * interval '1 millisecond'`, [spanMs]);
    return 0;
  }
}
