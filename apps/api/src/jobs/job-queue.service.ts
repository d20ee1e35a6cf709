import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/unique-violation.util';
import { HermesConfig } from '../config/hermes-config';

export const QUEUE_SCHEMA = 'pgboss';

/** A kind of job: its queue, how it retries, and the handler a worker runs. */
export interface JobDefinition<T extends object> {
  name: string;
  /** At most one waiting job per key: a burst of enqueues becomes one run that reads the latest state. */
  coalesceBy?: (data: T) => string;
  /**
   * Jobs with the same key never run at the same time, on any worker (a Postgres advisory lock); one
   * fetched while its key is busy waits again, so it keeps coalescing.
   */
  exclusiveBy?: (data: T) => string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job running longer than this is presumed lost (e.g. its worker was killed) and runs again. */
  expireInSeconds: number;
  /** Also run on this schedule (cron, UTC): pg-boss sends one job per due time, whatever the number of processes. */
  cron?: string;
  handle(data: T): Promise<void>;
}

/** A job as the SPA's sync-jobs list shows it: its kind, state, payload and, once failed, the error. */
export interface JobRecord {
  id: string;
  name: string;
  state: string;
  data: unknown;
  error: unknown;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
}

/** Jobs waiting or running: pg-boss's states before `completed`. */
export const PENDING_JOB_STATES = ['created', 'retry', 'active'] as const;

export interface JobListOptions {
  states: readonly string[];
  name?: string;
  orderBy: 'created_on' | 'completed_on' | 'started_on' | 'name' | 'state' | 'retry_count';
  order: 'ASC' | 'DESC';
  offset: number;
  limit: number | null;
}

export interface JobQueueOptions {
  /** Workers per job kind in this process. */
  concurrency: number;
  pollingIntervalSeconds: number;
}

/**
 * The durable queue (pg-boss, in Postgres, schema `pgboss`). Jobs are enqueued inside the
 * caller's transaction, so an aborted change enqueues nothing; workers run only in processes
 * whose HERMES_ROLE is `worker` or `all`, and any number of them may share one database.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private started?: Promise<void>;
  private readonly workers: Promise<void>[] = [];
  private readonly stopping = new AbortController();
  private options: JobQueueOptions = { concurrency: 4, pollingIntervalSeconds: 1 };

  constructor(
    private readonly config: HermesConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    // How often pg-boss looks for jobs past their expiry (their worker died) to run them again: often
    // enough that such a job reruns soon after HERMES_JOB_EXPIRE_SECONDS; at most pg-boss's default 120 s.
    const maintenanceIntervalSeconds = Math.min(120, Math.max(1, Math.ceil(config.jobs.expireSeconds / 4)));
    this.boss = new PgBoss({ connectionString: config.databaseUrl, schema: QUEUE_SCHEMA, max: 4, maintenanceIntervalSeconds });
    this.boss.on('error', (error) => {
      // Once stopping, dropped connections are expected: Ctrl-C on `npm start` stops the embedded
      // Postgres (same process group) while the queue is still closing.
      if (this.stopping.signal.aborted) this.logger.debug(`Job queue error while stopping: ${error.message}`);
      else this.logger.error(`Job queue error: ${error.message}`);
    });
  }

  /** Tests tune polling and concurrency; call before the application starts. */
  configure(options: Partial<JobQueueOptions>): void {
    this.options = { ...this.options, ...options };
  }

  define<T extends object>(definition: JobDefinition<T>): void {
    this.definitions.set(definition.name, definition as JobDefinition<object>);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    if (this.config.role === 'api') return;
    // Each idle worker waits on the stop signal: one listener per worker is expected, not a leak.
    setMaxListeners(this.definitions.size * this.options.concurrency + 1, this.stopping.signal);
    for (const definition of this.definitions.values()) {
      for (let i = 0; i < this.options.concurrency; i++) this.workers.push(this.work(definition));
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    // Jobs under way may finish (and be marked so) first; one cut off runs again after its expiry.
    await Promise.race([Promise.all(this.workers), sleep(10_000, undefined, { ref: false })]);
    if (this.started) await this.boss.stop({ graceful: true, timeout: 10_000, wait: true });
  }

  /**
   * One worker: fetch a job, run it, mark it done or failed; straight on to the next while there are
   * jobs (waiting out the polling interval after each would cap throughput at `concurrency` jobs a
   * second, below Pipedrive's rate), else poll. pg-boss's own `work()` marks jobs without awaiting,
   * so a database outage at that moment is an unhandled rejection that ends the process; here every
   * failure to reach the database is logged and the worker carries on once it is back (a job it could
   * not mark stays active and runs again after its expiry).
   */
  private async work(definition: JobDefinition<object>): Promise<void> {
    const { signal } = this.stopping;
    while (!signal.aborted) {
      let job: PgBoss.Job<object> | undefined;
      try {
        [job] = await this.boss.fetch<object>(definition.name, { batchSize: 1 });
      } catch (error) {
        this.logger.error(`Job queue ${definition.name}: could not fetch jobs: ${(error as Error).message}`);
      }
      if (!job) {
        await sleep(this.options.pollingIntervalSeconds * 1000, undefined, { signal }).catch(() => undefined);
        continue;
      }
      let failure: unknown;
      try {
        if ((await this.run(definition, job)) === DEFERRED) continue;
      } catch (error) {
        failure = error;
      }
      try {
        if (failure === undefined) await this.boss.complete(definition.name, job.id);
        else await this.boss.fail(definition.name, job.id, failure as object);
      } catch (error) {
        this.logger.error(`Job ${definition.name} ${job.id}: could not record its outcome: ${(error as Error).message}`);
      }
    }
  }

  /** Creates the queue schema, the queues and their schedules; safe to call more than once. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      // Processes starting together (API and worker on a new database) would deadlock creating the
      // same queues: one at a time, across processes.
      await this.withAdvisoryLock('hermes.job-queues', () => this.createQueues());
    })();
    return this.started;
  }

  private async createQueues(): Promise<void> {
    for (const definition of this.definitions.values()) {
      if (!(await this.boss.getQueue(definition.name))) {
        await this.boss.createQueue(definition.name, {
          name: definition.name,
          policy: definition.coalesceBy ? 'short' : 'standard',
          retryLimit: definition.retryLimit,
          retryDelay: definition.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: definition.expireInSeconds,
        });
      }
      if (definition.cron) await this.boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
    }
  }

  /**
   * Enqueues a job in the transaction of `manager`: it exists only if that transaction commits.
   * Returns the job id, or null when it was coalesced into a job already waiting.
   */
  async enqueue<T extends object>(name: string, data: T, manager: EntityManager): Promise<string | null> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`No job kind "${name}" is defined`);
    await this.start();
    return this.boss.send(name, data, {
      singletonKey: definition.coalesceBy?.(data),
      db: { executeSql: async (text, values) => ({ rows: await manager.query(text, values) }) },
    });
  }

  /** Failed jobs, the latest first. */
  async failedJobs(): Promise<JobRecord[]> {
    return (await this.listJobs({ states: ['failed'], orderBy: 'completed_on', order: 'DESC', offset: 0, limit: null })).jobs;
  }

  /** Puts failed jobs back in their queues; returns how many. */
  async retryFailed(ids?: string[]): Promise<number> {
    const failed = (await this.failedJobs()).filter((job) => !ids || ids.includes(job.id));
    for (const job of failed) await this.boss.retry(job.name, job.id);
    return failed.length;
  }

  /** One page of jobs in the given states, and how many there are in all. */
  async listJobs(options: JobListOptions): Promise<{ jobs: JobRecord[]; total: number }> {
    await this.start();
    const where = `state::text = ANY($1)${options.name === undefined ? '' : ' AND name = $2'}`;
    const params: unknown[] = options.name === undefined ? [options.states] : [options.states, options.name];
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM ${QUEUE_SCHEMA}.job WHERE ${where}`, params);
    // orderBy and order come from a fixed list (the type), never from the request as typed.
    const rows: JobRow[] = await this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM ${QUEUE_SCHEMA}.job WHERE ${where}
        ORDER BY ${options.orderBy} ${options.order} NULLS LAST, id ${options.order}
        OFFSET ${Math.trunc(options.offset)} ${options.limit === null ? '' : `LIMIT ${Math.trunc(options.limit)}`}`,
      params,
    );
    return { jobs: rows.map(jobRecord), total };
  }

  async job(id: string): Promise<JobRecord | null> {
    await this.start();
    const rows: JobRow[] = await this.dataSource.query(`SELECT ${JOB_COLUMNS} FROM ${QUEUE_SCHEMA}.job WHERE id = $1`, [id]);
    return rows.length ? jobRecord(rows[0]) : null;
  }

  /** Jobs not yet finished, by queue: for /health and the SPA. */
  async pendingCounts(): Promise<Record<string, number>> {
    await this.start();
    const rows: { name: string; count: string }[] = await this.dataSource.query(
      `SELECT name, count(*) AS count FROM ${QUEUE_SCHEMA}.job WHERE state < 'completed' GROUP BY name`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.count)]));
  }

  /** Runs the job, unless another holds its exclusive key: then the job goes back to waiting (DEFERRED). */
  private async run(definition: JobDefinition<object>, job: PgBoss.Job<object>): Promise<void | typeof DEFERRED> {
    const key = definition.exclusiveBy?.(job.data);
    if (key === undefined) return definition.handle(job.data);
    const ran = await this.withAdvisoryLock(`${definition.name}:${key}`, () => definition.handle(job.data), { wait: false });
    if (ran !== BUSY) return;
    await this.defer(definition, job);
    return DEFERRED;
  }

  /**
   * A job whose key is being worked waits again (after a polling interval, its attempt not counted),
   * so later enqueues coalesce into it: a burst is one run after the one under way, however long the
   * burst. If another job for the key is already waiting, that one covers this one, which ends.
   */
  private async defer(definition: JobDefinition<object>, job: PgBoss.Job<object>): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE ${QUEUE_SCHEMA}.job SET state = 'created', started_on = NULL, start_after = now() + $3 * interval '1 second'
          WHERE name = $1 AND id = $2 AND state = 'active'`,
        [definition.name, job.id, this.options.pollingIntervalSeconds],
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.boss.complete(definition.name, job.id, { coalesced: true });
    }
  }

  /**
   * Runs `work` holding a session-level lock on its own connection: released after, or by Postgres if
   * this process dies. With `wait: false`, answers BUSY at once when another session holds it.
   */
  private async withAdvisoryLock<T>(key: string, work: () => Promise<T>, { wait = true } = {}): Promise<T | typeof BUSY> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (wait) await runner.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      else if (!(await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]))[0].locked) return BUSY;
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}

/** Another session holds the advisory lock. */
const BUSY = Symbol('busy');
/** The job went back to waiting: its exclusive key was being worked. */
const DEFERRED = Symbol('deferred');

const JOB_COLUMNS = 'id, name, state, data, output, retry_count, retry_limit, created_on, started_on, completed_on';

interface JobRow {
  id: string;
  name: string;
  state: string;
  data: unknown;
  output: unknown;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

function jobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    data: row.data,
    error: row.output,
    retryCount: row.retry_count,
    retryLimit: row.retry_limit,
    createdOn: row.created_on,
    startedOn: row.started_on,
    completedOn: row.completed_on,
  };
}
