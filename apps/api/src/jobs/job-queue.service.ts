import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/unique-violation.util';
import { HermesConfig } from '../config/hermes-config';
import { ErrorReportingService } from '../error-reporting/error-reporting.service';
import { MetricsService } from '../metrics/metrics.service';
import { JOB_KIND, JobHandler, JobKindOptions } from './job-kind.decorator';
import { JobWakeups, notifyEnqueued } from './job-wakeups';
import { Query, QUEUE_SCHEMA, returnToWaiting, selectOrphans, settleWaiting } from './pgboss-tables';

/** A kind of job as the queue works it: its options and the handler a worker runs. */
export interface JobDefinition<T extends object> extends JobKindOptions<T> {
  expireInSeconds: number;
  handle(data: T): Promise<void>;
  failedForGood?(data: T, error: Error): Promise<void>;
}

export interface JobQueueOptions {
  /** Workers per job kind in this process. */
  concurrency: number;
  pollingIntervalSeconds: number;
  /** How often workers look for jobs whose worker died, and how long a job must have run to be one. */
  orphanCheckSeconds: number;
}

/**
 * The durable queue (pg-boss, in Postgres, schema `pgboss`). Its job kinds are the providers marked
 * @JobKind, found at start-up. Jobs are enqueued inside the caller's transaction, so an aborted
 * change enqueues nothing; workers run only in processes whose HERMES_ROLE is `worker` or `all`,
 * and any number of them may share one database.
 */
@Injectable()
export class JobQueueService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueueService.name);
  private readonly boss: PgBoss;
  private readonly wakeups: JobWakeups;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private started?: Promise<void>;
  private readonly workers: Promise<void>[] = [];
  private readonly stopping = new AbortController();
  private options: JobQueueOptions = { concurrency: 4, pollingIntervalSeconds: 1, orphanCheckSeconds: 5 };

  constructor(
    private readonly config: HermesConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
    private readonly errors: ErrorReportingService,
  ) {
    // How often pg-boss looks for jobs past their expiry (their worker died) to run them again: often
    // enough that such a job reruns soon after HERMES_JOB_EXPIRE_SECONDS; at most pg-boss's default 120 s.
    const maintenanceIntervalSeconds = Math.min(120, Math.max(1, Math.ceil(config.jobs.expireSeconds / 4)));
    this.boss = new PgBoss({ connectionString: config.databaseUrl, schema: QUEUE_SCHEMA, max: 4, maintenanceIntervalSeconds });
    this.wakeups = new JobWakeups(config.databaseUrl!);
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

  /** Registers (or replaces) a kind of job; the @JobKind providers are registered so at start-up. */
  define<T extends object>(definition: JobDefinition<T>): void {
    this.definitions.set(definition.name, definition as JobDefinition<object>);
  }

  /** The kind of job registered under this name. */
  definition(name: string): JobDefinition<object> | undefined {
    return this.definitions.get(name);
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const options = wrapper.metatype ? (Reflect.getMetadata(JOB_KIND, wrapper.metatype) as JobKindOptions<object> | undefined) : undefined;
      if (!options || !wrapper.instance) continue;
      const handler = wrapper.instance as JobHandler<object>;
      this.define({
        expireInSeconds: this.config.jobs.expireSeconds,
        ...options,
        handle: (data) => handler.handle(data),
        failedForGood: handler.failedForGood && ((data, error) => handler.failedForGood!(data, error)),
      });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    if (this.config.role === 'api') return;
    await this.wakeups.listen();
    // Each idle worker waits on the stop signal: one listener per worker is expected, not a leak.
    setMaxListeners(this.definitions.size * this.options.concurrency + 2, this.stopping.signal);
    for (const definition of this.definitions.values()) {
      for (let i = 0; i < this.options.concurrency; i++) this.workers.push(this.work(definition));
      const seconds = definition.everySeconds?.(this.config) ?? 0;
      if (seconds > 0) this.workers.push(this.offerEvery(definition, seconds));
    }
    this.workers.push(this.reapOrphans());
  }

  /**
   * Offers a job every `seconds`, the first one interval after start-up; pg-boss makes one per
   * interval of however many offers the processes make (`singletonSeconds`).
   */
  private async offerEvery(definition: JobDefinition<object>, seconds: number): Promise<void> {
    const { signal } = this.stopping;
    for (;;) {
      await sleep(seconds * 1000, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        await this.boss.send(definition.name, {}, { singletonKey: 'every', singletonSeconds: seconds });
      } catch (error) {
        this.logger.error(`Job queue ${definition.name}: could not schedule it: ${(error as Error).message}`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopWorkers(this.config.shutdown.timeoutSeconds * 1000);
    await this.wakeups.close();
    if (this.started) await this.boss.stop({ graceful: true, timeout: 5_000, wait: true });
  }

  /**
   * Workers take no more jobs; resolves true once those under way are done and recorded, or false after
   * `timeoutMs` with some still running: each is handed back when this process ends (its session's
   * liveness lock goes with it), and another worker runs it again within seconds.
   */
  async stopWorkers(timeoutMs: number): Promise<boolean> {
    this.stopping.abort();
    return Promise.race([Promise.all(this.workers).then(() => true), sleep(timeoutMs, false, { ref: false })]);
  }

  /**
   * One worker: fetch a job, run it, mark it done or failed; straight on to the next while there are
   * jobs (waiting out the polling interval after each would cap throughput at `concurrency` jobs a
   * second, below Pipedrive's rate), else wait until one is enqueued (or the polling interval). pg-boss's own `work()` marks jobs without awaiting,
   * so a database outage at that moment is an unhandled rejection that ends the process; here every
   * failure to reach the database is logged and the worker carries on once it is back (a job it could
   * not mark stays active, an orphan once its lock is gone, and runs again).
   */
  private async work(definition: JobDefinition<object>): Promise<void> {
    const { signal } = this.stopping;
    while (!signal.aborted) {
      let job: PgBoss.JobWithMetadata<object> | undefined;
      try {
        [job] = await this.boss.fetch<object>(definition.name, { batchSize: 1, includeMetadata: true });
      } catch (error) {
        this.logger.error(`Job queue ${definition.name}: could not fetch jobs: ${(error as Error).message}`);
      }
      if (!job) {
        await this.wakeups.wait(definition.name, this.options.pollingIntervalSeconds * 1000, signal);
        continue;
      }
      try {
        await this.runHoldingLocks(definition, job);
      } catch (error) {
        this.logger.error(`Job ${definition.name} ${job.id}: ${(error as Error).message}`);
      }
    }
  }

  /**
   * Runs a job and records its outcome while its session holds the job's liveness lock (and its
   * exclusive key's, if it has one). Postgres releases both when the session dies, so a job that is
   * active while nobody holds its lock is an orphan: its worker was killed mid-job. Every run is
   * counted and timed here, and a job failing for good is reported.
   */
  private async runHoldingLocks(definition: JobDefinition<object>, job: PgBoss.JobWithMetadata<object>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const locks = [livenessKey(job.id)];
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [locks[0]]);
      const key = definition.exclusiveBy?.(job.data);
      if (key !== undefined) {
        const exclusive = `${definition.name}:${key}`;
        if (!(await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [exclusive]))[0].locked) {
          await this.defer(definition, job);
          this.metrics.jobRan(definition.name, 'deferred');
          return;
        }
        locks.push(exclusive);
      }
      let failure: unknown;
      const started = performance.now();
      try {
        await definition.handle(job.data);
      } catch (error) {
        failure = error;
      }
      const seconds = (performance.now() - started) / 1000;
      // pg-boss counts the attempts before this one: this was the last when they reach the limit.
      const outcome = failure === undefined ? 'completed' : job.retryCount >= job.retryLimit ? 'failed' : 'retry';
      this.metrics.jobRan(definition.name, outcome, seconds);
      // Its kind hears of a final failure before the job is marked failed, so whoever waits on the job sees both.
      if (outcome === 'failed') await this.reportFailedForGood(definition, job, failure);
      else if (outcome === 'retry') {
        this.logger.warn(`Job ${definition.name} ${job.id} failed (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}); it runs again: ${messageOf(failure)}`);
      }
      try {
        if (failure === undefined) await this.boss.complete(definition.name, job.id);
        else await this.boss.fail(definition.name, job.id, failure as object);
      } catch (error) {
        this.logger.error(`Job ${definition.name} ${job.id}: could not record its outcome: ${(error as Error).message}`);
      }
    } finally {
      try {
        for (const lock of locks.reverse()) await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
      } finally {
        await runner.release();
      }
    }
  }

  private async reportFailedForGood(definition: JobDefinition<object>, job: PgBoss.Job<object>, failure: unknown): Promise<void> {
    const error = failure instanceof Error ? failure : new Error(String(failure));
    this.logger.error(`Job ${definition.name} ${job.id} failed for good: ${error.message}`);
    this.errors.jobFailedForGood(definition.name, job.id, job.data, error);
    try {
      await definition.failedForGood?.(job.data, error);
    } catch (hookError) {
      this.logger.error(`Job ${definition.name} ${job.id}: could not record its failure: ${(hookError as Error).message}`);
    }
  }

  /**
   * Every few seconds, one process at a time: jobs active for a while whose liveness lock nobody
   * holds lost their worker (killed, out of memory, a deploy) and are failed as pg-boss fails a
   * job, so they run again within seconds (after their retry delay) rather than after their expiry.
   */
  private async reapOrphans(): Promise<void> {
    const { signal } = this.stopping;
    while (!signal.aborted) {
      await sleep(this.options.orphanCheckSeconds * 1000, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) break;
      try {
        await this.withAdvisoryLock(
          'hermes.job-orphans',
          async () => {
            const orphans = await selectOrphans((sql, params) => this.dataSource.query(sql, params), this.options.orphanCheckSeconds, LIVENESS_PREFIX);
            for (const { id, name } of orphans) {
              this.logger.warn(`Job ${name} ${id} lost its worker mid-job: it runs again`);
              await this.boss.fail(name, id, { message: 'its worker stopped before it finished' });
            }
          },
          { wait: false },
        );
      } catch (error) {
        this.logger.error(`Job queue: could not look for orphaned jobs: ${(error as Error).message}`);
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
    const { key, settle } = this.keyOf(name, data);
    await this.start();
    const query: Query = (text, values) => manager.query(text, values);
    const quietMs = settle?.quietMs ?? 0;
    // A job already waiting for the key takes this enqueue: its start moves back, and nothing is
    // inserted (pg-boss would refuse it), and the same statement tells the workers when it is now due.
    if (quietMs > 0 && (await settleWaiting(query, name, key!, quietMs / 1000, settle!.maxSeconds))) return null;
    const id = await this.boss.send(name, data, {
      singletonKey: key,
      startAfter: quietMs > 0 ? quietMs / 1000 : undefined,
      db: { executeSql: async (text, values) => ({ rows: await query(text, values) }) },
    });
    // Either another enqueue's job appeared meanwhile (its transaction committed after the statement
    // above), or this one is new and pg-boss counted its delay from when this transaction began: a
    // change that waited its turn would make a job due the moment it commits, mid-burst. Either way
    // the workers are told when it is due.
    if (quietMs > 0) await settleWaiting(query, name, key!, quietMs / 1000, settle!.maxSeconds);
    else if (id !== null) await notifyEnqueued(query, name);
    return id;
  }

  /**
   * Counts as an enqueue for the key's quiet time without enqueuing: a job already waiting for the
   * key starts no sooner than its settle delay after this. For activity about the key that needs no
   * run of its own (an event that turned out stale, out of order within a burst); otherwise nothing.
   */
  async postpone<T extends object>(name: string, data: T, manager: EntityManager): Promise<void> {
    const { key, settle } = this.keyOf(name, data);
    if (!settle?.quietMs) return;
    await this.start();
    await settleWaiting((text, values) => manager.query(text, values), name, key!, settle.quietMs / 1000, settle.maxSeconds);
  }

  /** A job's coalescing key under its kind, and the kind's settling for it (none without a key). */
  private keyOf(name: string, data: object) {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`No job kind "${name}" is defined`);
    const key = definition.coalesceBy?.(data);
    return { key, settle: key === undefined ? undefined : definition.settle?.(this.config) };
  }

  /** Puts failed jobs of one kind back in their queue. */
  async retry(name: string, ids: string[]): Promise<void> {
    await this.start();
    await this.boss.retry(name, ids);
  }

  /**
   * A job whose key is being worked waits again (after a polling interval, its attempt not counted),
   * so later enqueues coalesce into it: a burst is one run after the one under way, however long the
   * burst. If another job for the key is already waiting, that one covers this one, which ends.
   */
  private async defer(definition: JobDefinition<object>, job: PgBoss.JobWithMetadata<object>): Promise<void> {
    try {
      await returnToWaiting((sql, params) => this.dataSource.query(sql, params), definition.name, job.id, this.options.pollingIntervalSeconds);
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Another session holds the advisory lock. */
const BUSY = Symbol('busy');

/** The advisory lock a running job's session holds: free while the job is active means its worker died. */
const LIVENESS_PREFIX = 'hermes.job:';
function livenessKey(jobId: string): string {
  return `${LIVENESS_PREFIX}${jobId}`;
}
