import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { HermesConfig } from '../config/hermes-config';

/** How a kind of job runs: its queue, how it coalesces, retries and is scheduled. */
export interface JobKindOptions<T extends object> {
  name: string;
  /** At most one waiting job per key: a burst of enqueues becomes one run that reads the latest state. */
  coalesceBy?: (data: T) => string;
  /**
   * Jobs with the same key never run at the same time, on any worker (a Postgres advisory lock); one
   * fetched while its key is busy waits again, so it keeps coalescing.
   */
  exclusiveBy?: (data: T) => string;
  /**
   * With `coalesceBy`: a job starts once its key has had no enqueue for `quietMs`, but at most
   * `maxSeconds` after its first, so a burst spread over seconds is still one run. Read from the
   * configuration at each enqueue; a `quietMs` of 0 starts jobs at once.
   */
  settle?: (config: HermesConfig) => { quietMs: number; maxSeconds: number };
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job running longer than this is presumed lost and runs again; HERMES_JOB_EXPIRE_SECONDS by default. */
  expireInSeconds?: number;
  /** Also run on this schedule (cron, UTC): pg-boss sends one job per due time, whatever the number of processes. */
  cron?: string;
  /**
   * Also run every this many seconds (0: not at all), for schedules finer than cron's minutes: each
   * worker process offers a job per interval, the first one interval after it starts, and pg-boss
   * keeps one per interval whatever the number of processes. Read from the configuration at start-up.
   */
  everySeconds?: (config: HermesConfig) => number;
}

/** What a worker runs for each job of a kind. */
export interface JobHandler<T extends object> {
  handle(data: T): Promise<void>;
  /** Called once a job's last attempt has failed: it stays failed until retried by hand. */
  failedForGood?(data: T, error: Error): Promise<void>;
}

export const JOB_KIND = Symbol('hermes:job-kind');

/**
 * Marks a provider as a kind of job: the JobQueueService finds every provider so marked at start-up and
 * works its queue with the provider's `handle`. Each kind lives in the module that owns its work.
 */
export function JobKind<T extends object>(options: JobKindOptions<T>): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(JOB_KIND, options));
}
