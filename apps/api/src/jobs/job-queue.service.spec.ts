import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase, until } from '@hermes/testing';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { JobQueueService } from './job-queue.service';
import { JobRecordsService } from './job-records.service';
import { JobsModule } from './jobs.module';

interface Ran {
  key: string;
  start: number;
  end: number;
}

/** A queue with test job kinds, in a Nest context of its own (as the API or a worker builds it). */
async function startQueue(databaseUrl: string, role: 'all' | 'api', define: (queue: JobQueueService) => void) {
  // Job kinds are defined while modules initialise, before the workers start, as feature modules do.
  const testJobs = {
    provide: 'TEST_JOBS',
    inject: [JobQueueService],
    useFactory: (queue: JobQueueService) => {
      queue.configure({ pollingIntervalSeconds: 0.5, concurrency: 3 });
      define(queue);
      return true;
    },
  };
  @Module({
    imports: [ConfigModule.forRoot(loadConfig({ DATABASE_URL: databaseUrl, HERMES_ROLE: role })), DatabaseModule, JobsModule],
    providers: [testJobs],
  })
  class QueueTestModule {}
  const app = await NestFactory.createApplicationContext(QueueTestModule, { logger: false });
  return { app, queue: app.get(JobQueueService), records: app.get(JobRecordsService), dataSource: app.get(DataSource) };
}


describe('JobQueueService', () => {
  let database: TestDatabase;
  let app: INestApplicationContext | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await database.drop();
  });

  it('runs a job enqueued in a committed transaction, and nothing from an aborted one', async () => {
    const ran: string[] = [];
    const started = await startQueue(database.url, 'all', (queue) =>
      queue.define<{ key: string }>({
        name: 'record',
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async ({ key }) => void ran.push(key),
      }),
    );
    app = started.app;
    await started.dataSource.transaction((manager) => started.queue.enqueue('record', { key: 'kept' }, manager));
    await expect(
      started.dataSource.transaction(async (manager) => {
        await started.queue.enqueue('record', { key: 'rolled-back' }, manager);
        throw new Error('the webhook failed half way');
      }),
    ).rejects.toThrow('half way');

    await until(() => ran.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ran).toEqual(['kept']);
  });

  it('coalesces a burst for one key into at most two runs, and never runs one key twice at once', async () => {
    const runs: Ran[] = [];
    // A run that starts during the burst waits for its end, however slowly this machine enqueues.
    let burstDone!: () => void;
    const burst = new Promise<void>((resolve) => (burstDone = resolve));
    const started = await startQueue(database.url, 'all', (queue) =>
      queue.define<{ key: string }>({
        name: 'sync',
        coalesceBy: ({ key }) => key,
        exclusiveBy: ({ key }) => key,
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async ({ key }) => {
          await burst;
          const start = Date.now();
          await new Promise((resolve) => setTimeout(resolve, 300));
          runs.push({ key, start, end: Date.now() });
        },
      }),
    );
    app = started.app;
    for (let i = 0; i < 100; i++) {
      await started.dataSource.transaction((manager) => started.queue.enqueue('sync', { key: 'company-1' }, manager));
    }
    await started.dataSource.transaction((manager) => started.queue.enqueue('sync', { key: 'company-2' }, manager));
    burstDone();

    await until(async () => Object.keys(await started.records.pendingCounts()).length === 0 && runs.length >= 2);
    const company1 = runs.filter((r) => r.key === 'company-1');
    expect(company1.length).toBeGreaterThanOrEqual(1);
    expect(company1.length).toBeLessThanOrEqual(2);
    expect(runs.filter((r) => r.key === 'company-2')).toHaveLength(1);
    for (const a of company1) {
      for (const b of company1) if (a !== b) expect(a.end <= b.start || b.end <= a.start).toBe(true);
    }
  });

  it('wakes an idle worker as soon as a job is enqueued, without waiting out the polling interval', async () => {
    const ran: number[] = [];
    const started = await startQueue(database.url, 'all', (queue) => {
      queue.configure({ pollingIntervalSeconds: 30 });
      queue.define({ name: 'record', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60, handle: async () => void ran.push(Date.now()) });
    });
    app = started.app;
    // The workers' first fetch found nothing: they are waiting.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const enqueued = Date.now();
    await started.dataSource.transaction((manager) => started.queue.enqueue('record', {}, manager));

    await until(() => ran.length === 1, 5_000);
    expect(ran[0] - enqueued).toBeLessThan(1_000);
  });

  it('wakes an idle worker when a settling job is due, pushed back or not, without waiting out the polling interval', async () => {
    const runs: Ran[] = [];
    const started = await startQueue(database.url, 'all', (queue) => {
      queue.configure({ pollingIntervalSeconds: 30 });
      queue.define<{ key: string }>({
        name: 'sync',
        coalesceBy: ({ key }) => key,
        settle: () => ({ quietMs: 300, maxSeconds: 10 }),
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async ({ key }) => void runs.push({ key, start: Date.now(), end: Date.now() }),
      });
    });
    app = started.app;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // The workers' first fetch found nothing: they are waiting.
    await pause(1000);

    // One change alone: the first enqueue of its key.
    const enqueued = Date.now();
    await started.dataSource.transaction((manager) => started.queue.enqueue('sync', { key: 'alone' }, manager));
    await until(() => runs.length === 1, 5_000);
    expect(runs[0].start - enqueued).toBeGreaterThanOrEqual(250);
    expect(runs[0].start - enqueued).toBeLessThan(1_000);

    // A change, then a stale event of the same company pushing its sync back.
    await started.dataSource.transaction((manager) => started.queue.enqueue('sync', { key: 'pushed back' }, manager));
    await pause(150);
    await started.dataSource.transaction((manager) => started.queue.postpone('sync', { key: 'pushed back' }, manager));
    const postponed = Date.now();
    await until(() => runs.length === 2, 5_000);
    expect(runs[1].start - postponed).toBeGreaterThanOrEqual(250);
    expect(runs[1].start - postponed).toBeLessThan(1_000);
  });

  it('settles a key: a burst is one run after its last enqueue, and a stream that never stops still runs every maxSeconds', async () => {
    const runs: Ran[] = [];
    const started = await startQueue(database.url, 'all', (queue) =>
      queue.define<{ key: string }>({
        name: 'sync',
        coalesceBy: ({ key }) => key,
        exclusiveBy: ({ key }) => key,
        settle: () => ({ quietMs: 400, maxSeconds: 2 }),
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async ({ key }) => void runs.push({ key, start: Date.now(), end: Date.now() }),
      }),
    );
    app = started.app;
    const enqueue = (key: string) => started.dataSource.transaction((manager) => started.queue.enqueue('sync', { key }, manager));
    const pace = () => new Promise((resolve) => setTimeout(resolve, 100));

    // 12 enqueues 100 ms apart: longer than the quiet time, shorter than the maximum.
    const burstStart = Date.now();
    let lastOfBurst = 0;
    for (let i = 0; i < 12; i++, await pace()) {
      await enqueue('burst');
      lastOfBurst = Date.now();
    }
    await until(() => runs.some((r) => r.key === 'burst'), 5_000);
    // A stream of enqueues that never settles, for 4.5 s.
    const streamStart = Date.now();
    while (Date.now() - streamStart < 4_500) await enqueue('stream').then(pace);
    await until(async () => Object.keys(await started.records.pendingCounts()).length === 0, 10_000);

    const burst = runs.filter((r) => r.key === 'burst');
    expect(burst).toHaveLength(1);
    expect(burst[0].start - lastOfBurst).toBeGreaterThanOrEqual(350);
    expect(burst[0].start - burstStart).toBeLessThan(2_500);
    const stream = runs.filter((r) => r.key === 'stream');
    expect(stream.length).toBeGreaterThanOrEqual(2);
    expect(stream[0].start - streamStart).toBeLessThan(2_600);
  });

  it("holds a waiting job back from its enqueue's own time, however long ago the enqueue's transaction began", async () => {
    const runs: Ran[] = [];
    const started = await startQueue(database.url, 'all', (queue) =>
      queue.define<{ key: string }>({
        name: 'sync',
        coalesceBy: ({ key }) => key,
        settle: () => ({ quietMs: 400, maxSeconds: 10 }),
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async ({ key }) => void runs.push({ key, start: Date.now(), end: Date.now() }),
      }),
    );
    app = started.app;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // A change that waited a second for its turn (a burst for one company) enqueues last.
    let lastEnqueued = 0;
    const waited = started.dataSource.transaction(async (manager) => {
      await pause(1_000);
      await started.queue.enqueue('sync', { key: 'company' }, manager);
      lastEnqueued = Date.now();
    });
    await pause(700);
    await started.dataSource.transaction((manager) => started.queue.enqueue('sync', { key: 'company' }, manager));
    await waited;

    await until(() => runs.length === 1, 5_000);
    expect(runs[0].start - lastEnqueued).toBeGreaterThanOrEqual(350);
  });

  it("holds a new job back from its enqueue's own time, however long ago the enqueue's transaction began", async () => {
    const started = await startQueue(database.url, 'api', (queue) =>
      queue.define<{ key: string }>({
        name: 'sync',
        coalesceBy: ({ key }) => key,
        settle: () => ({ quietMs: 400, maxSeconds: 10 }),
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async () => undefined,
      }),
    );
    app = started.app;

    // The first change of a burst, having waited a second for its turn: due 400 ms after its enqueue.
    const dueIn = await started.dataSource.transaction(async (manager) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await started.queue.enqueue('sync', { key: 'company' }, manager);
      const [{ seconds }] = await manager.query(
        `SELECT extract(epoch FROM start_after - clock_timestamp())::float AS seconds FROM pgboss.job WHERE name = 'sync' AND state = 'created'`,
      );
      return seconds as number;
    });

    expect(dueIn).toBeGreaterThan(0.3);
    expect(dueIn).toBeLessThanOrEqual(0.4);
  });

  it('postpones a waiting job as an enqueue would, and makes none when none is waiting', async () => {
    const runs: Ran[] = [];
    const started = await startQueue(database.url, 'all', (queue) =>
      queue.define<{ key: string }>({
        name: 'sync',
        coalesceBy: ({ key }) => key,
        settle: () => ({ quietMs: 400, maxSeconds: 10 }),
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async ({ key }) => void runs.push({ key, start: Date.now(), end: Date.now() }),
      }),
    );
    app = started.app;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const postpone = (key: string) => started.dataSource.transaction((manager) => started.queue.postpone('sync', { key }, manager));

    await postpone('nothing waiting');
    await started.dataSource.transaction((manager) => started.queue.enqueue('sync', { key: 'company' }, manager));
    // Stale events of the company, 200 ms apart, for a second: the job waits for them to stop.
    let lastPostponed = 0;
    for (let i = 0; i < 5; i++) {
      await pause(200);
      await postpone('company');
      lastPostponed = Date.now();
    }

    await until(() => runs.length === 1, 5_000);
    expect(runs[0].start - lastPostponed).toBeGreaterThanOrEqual(350);
    await pause(1_000);
    expect(runs.map((run) => run.key)).toEqual(['company']);
  });

  it('keeps a job that failed every attempt, with its error and payload, tells its kind once, and retries it on demand', async () => {
    let attempts = 0;
    let healthy = false;
    const failedForGood: { data: object; message: string; attempts: number }[] = [];
    const started = await startQueue(database.url, 'all', (queue) =>
      queue.define<{ companyId: number }>({
        name: 'flaky',
        retryLimit: 1,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async () => {
          attempts++;
          if (!healthy) throw new Error('Pipedrive answered 500');
        },
        failedForGood: async (data, error) => {
          failedForGood.push({ data, message: error.message, attempts });
        },
      }),
    );
    app = started.app;
    await started.dataSource.transaction((manager) => started.queue.enqueue('flaky', { companyId: 7 }, manager));

    await until(async () => (await started.records.failed()).length === 1);
    const [failed] = await started.records.failed();
    expect(attempts).toBe(2);
    expect(failed).toMatchObject({ name: 'flaky', data: { companyId: 7 }, retryCount: 1 });
    expect(JSON.stringify(failed.error)).toContain('Pipedrive answered 500');
    // Its kind hears once, after the last attempt, not after the first.
    expect(failedForGood).toEqual([{ data: { companyId: 7 }, message: 'Pipedrive answered 500', attempts: 2 }]);

    healthy = true;
    expect(await started.records.retryFailed()).toBe(1);
    await until(async () => attempts === 3 && (await started.records.failed()).length === 0);
  });

  it('runs again within seconds a job left active by a worker that died, and never a long job still running', async () => {
    const ran: string[] = [];
    const started = await startQueue(database.url, 'all', (queue) => {
      queue.configure({ orphanCheckSeconds: 1 });
      queue.define<{ key: string }>({
        name: 'record',
        retryLimit: 3,
        retryDelaySeconds: 1,
        expireInSeconds: 600,
        handle: async ({ key }) => {
          ran.push(key);
          // Longer than a few orphan checks: its worker is alive and holds its lock all along.
          if (key === 'long') await new Promise((resolve) => setTimeout(resolve, 4000));
        },
      });
    });
    app = started.app;
    // A worker that fetched a job and was then killed: the job is active, and no session holds its lock.
    // Made active in its enqueue's transaction, so the running workers, woken by the enqueue, never see it waiting.
    await started.dataSource.transaction(async (manager) => {
      await started.queue.enqueue('record', { key: 'orphan' }, manager);
      await manager.query(`UPDATE pgboss.job SET state = 'active', started_on = now() - interval '1 minute' WHERE name = 'record'`);
    });
    await started.dataSource.transaction((manager) => started.queue.enqueue('record', { key: 'long' }, manager));

    await until(() => ran.includes('orphan'), 15_000);
    await until(async () => Object.keys(await started.records.pendingCounts()).length === 0, 15_000);
    expect(ran.sort()).toEqual(['long', 'orphan']);
  });

  it('only enqueues in an API-only process; a worker process runs the jobs', async () => {
    const ran: string[] = [];
    const define = (queue: JobQueueService) =>
      queue.define<{ key: string }>({
        name: 'record',
        retryLimit: 0,
        retryDelaySeconds: 1,
        expireInSeconds: 60,
        handle: async ({ key }) => void ran.push(key),
      });
    const api = await startQueue(database.url, 'api', define);
    app = api.app;
    await api.dataSource.transaction((manager) => api.queue.enqueue('record', { key: 'from-api' }, manager));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ran).toEqual([]);

    const worker = await startQueue(database.url, 'all', define);
    try {
      await until(() => ran.length === 1);
      expect(ran).toEqual(['from-api']);
    } finally {
      await worker.app.close();
    }
  });
});
