import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';

export const QUEUE_SCHEMA = 'pgboss';

/** A kind of job: its queue, how it retries, and the handler a worker runs. */
export interface JobDefinition<T extends object> {
  name: string;
  /** At most one waiting job per key: a burst of enqueues becomes one run that reads the latest state. */
  coalesceBy?: (data: T) => string;
  /** Jobs with the same key never run at the same time, on any worker (a Postgres advisory lock). */
  exclusiveBy?: (data: T) => string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job running longer than this is presumed lost (e.g. its worker was killed) and runs again. */
  expireInSeconds: number;
  handle(data: T): Promise<void>;
}

export interface FailedJob {
  id: string;
  name: string;
  data: unknown;
  error: unknown;
  retryCount: number;
  createdOn: Date;
  failedOn: Date;
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
  private options: JobQueueOptions = { concurrency: 4, pollingIntervalSeconds: 1 };

  constructor(
    private readonly config: HermesConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    // How often pg-boss looks for jobs past their expiry (their worker died) to run them again: often
    // enough that such a job reruns soon after HERMES_JOB_EXPIRE_SECONDS; at most pg-boss's default 120 s.
    const maintenanceIntervalSeconds = Math.min(120, Math.max(1, Math.ceil(config.jobs.expireSeconds / 4)));
    this.boss = new PgBoss({ connectionString: config.databaseUrl, schema: QUEUE_SCHEMA, max: 4, maintenanceIntervalSeconds });
    this.boss.on('error', (error) => this.logger.error(`Job queue error: ${error.message}`));
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
    for (const definition of this.definitions.values()) {
      for (let i = 0; i < this.options.concurrency; i++) {
        await this.boss.work<object>(
          definition.name,
          { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds },
          ([job]) => this.run(definition, job.data),
        );
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 10_000, wait: true });
  }

  /** Creates the queue schema and the queues; safe to call more than once. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
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
      }
    })();
    return this.started;
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

  async failedJobs(): Promise<FailedJob[]> {
    await this.start();
    const rows: { id: string; name: string; data: unknown; output: unknown; retry_count: number; created_on: Date; completed_on: Date }[] =
      await this.dataSource.query(
        `SELECT id, name, data, output, retry_count, created_on, completed_on FROM ${QUEUE_SCHEMA}.job
          WHERE state = 'failed' ORDER BY completed_on DESC`,
      );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      data: row.data,
      error: row.output,
      retryCount: row.retry_count,
      createdOn: row.created_on,
      failedOn: row.completed_on,
    }));
  }

  /** Puts failed jobs back in their queues; returns how many. */
  async retryFailed(ids?: string[]): Promise<number> {
    const failed = (await this.failedJobs()).filter((job) => !ids || ids.includes(job.id));
    for (const job of failed) await this.boss.retry(job.name, job.id);
    return failed.length;
  }

  /** Jobs not yet finished, by queue: for /health and the SPA. */
  async pendingCounts(): Promise<Record<string, number>> {
    await this.start();
    const rows: { name: string; count: string }[] = await this.dataSource.query(
      `SELECT name, count(*) AS count FROM ${QUEUE_SCHEMA}.job WHERE state < 'completed' GROUP BY name`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.count)]));
  }

  private async run(definition: JobDefinition<object>, data: object): Promise<void> {
    const key = definition.exclusiveBy?.(data);
    if (key === undefined) return definition.handle(data);
    // A session-level lock on its own connection: released by unlock, or by Postgres if this process dies.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`${definition.name}:${key}`]);
      try {
        await definition.handle(data);
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`${definition.name}:${key}`]);
      }
    } finally {
      await runner.release();
    }
  }
}
