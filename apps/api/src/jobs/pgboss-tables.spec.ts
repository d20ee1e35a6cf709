import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@hermes/database';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { isUniqueViolation } from '../common/unique-violation.util';
import { countPending, JOB_COLUMNS, JOB_STATES, Query, QUEUE_SCHEMA, queueStats, returnToWaiting, selectJob, selectJobs } from './pgboss-tables';

/**
 * Hermes reads and writes pg-boss's own tables (pgboss-tables.ts). These tests hold pg-boss, as
 * installed, to what those queries assume: they fail when an upgrade changes the columns, the
 * states or the singleton rule.
 */
describe("pg-boss's tables, as Hermes uses them", () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let boss: PgBoss;
  let query: Query;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    query = (sql, params) => dataSource.query(sql, params);
    boss = new PgBoss({ connectionString: database.url, schema: QUEUE_SCHEMA, supervise: false, schedule: false });
    await boss.start();
    await boss.createQueue('coalesced', { name: 'coalesced', policy: 'short' });
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await dataSource?.destroy();
    await database?.drop();
  });

  it('has the columns and the job states the queries name, in the order they rely on', async () => {
    const columns: { column_name: string }[] = await dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'job'`,
      [QUEUE_SCHEMA],
    );
    expect(columns.map((c) => c.column_name)).toEqual(expect.arrayContaining([...JOB_COLUMNS]));

    const states: { state: string }[] = await dataSource.query(
      `SELECT unnest(enum_range(NULL::${QUEUE_SCHEMA}.job_state))::text AS state`,
    );
    // countPending counts the states before `completed`: their order is part of the contract.
    expect(states.map((s) => s.state)).toEqual([...JOB_STATES]);
  });

  it('lists, reads and counts jobs', async () => {
    const id = (await boss.send('coalesced', { companyId: 1 }, { singletonKey: '1' }))!;

    const { jobs, total } = await selectJobs(query, { states: ['created'], ids: [id], orderBy: 'created_on', order: 'DESC', offset: 0, limit: 10 });
    expect(total).toBe(1);
    expect(jobs[0]).toMatchObject({ id, name: 'coalesced', state: 'created', data: { companyId: 1 }, retryCount: 0 });
    expect(await selectJob(query, id)).toMatchObject({ id, state: 'created' });
    expect(await countPending(query)).toEqual({ coalesced: 1 });
    await boss.deleteJob('coalesced', id);
  });

  it('puts an active job back to waiting, unless a job with its singleton key already waits', async () => {
    await boss.send('coalesced', { companyId: 2 }, { singletonKey: '2' });
    const [active] = await boss.fetch('coalesced');
    // A `short` queue keeps one waiting job per key beside the active one.
    expect(await boss.send('coalesced', { companyId: 2 }, { singletonKey: '2' })).toEqual(expect.any(String));
    expect(await boss.send('coalesced', { companyId: 2 }, { singletonKey: '2' })).toBeNull();

    const refused = await returnToWaiting(query, 'coalesced', active.id, 1).catch((error: unknown) => error);
    expect(isUniqueViolation(refused)).toBe(true);

    const [waiting] = (await selectJobs(query, { states: ['created'], orderBy: 'created_on', order: 'ASC', offset: 0, limit: 10 })).jobs;
    await boss.deleteJob('coalesced', waiting.id);
    await returnToWaiting(query, 'coalesced', active.id, 1);
    expect(await selectJob(query, active.id)).toMatchObject({ state: 'created', startedOn: null });
  });

  it('counts each queue’s unfinished jobs by state and ages its oldest due job, idle queues included', async () => {
    await boss.createQueue('stats', { name: 'stats', retryLimit: 1, retryDelay: 60 });
    await boss.createQueue('idle', { name: 'idle' });
    await boss.send('stats', { n: 1 });
    await boss.send('stats', { n: 2 });
    await boss.send('stats', { n: 3 }, { startAfter: 3600 });
    const [running] = await boss.fetch('stats');
    await boss.send('stats', { n: 4 });
    await boss.fail('stats', (await boss.fetch('stats'))[0].id, { message: 'once' });
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const stats = await queueStats(query);
    expect(stats.find((queue) => queue.name === 'idle')).toEqual({ name: 'idle', created: 0, retry: 0, active: 0, oldestWaitingSeconds: 0 });
    const busy = stats.find((queue) => queue.name === 'stats')!;
    // Of four: one active, one failed once (waiting 60 s to retry, so not due), two waiting of which one not due.
    expect(busy).toMatchObject({ created: 2, retry: 1, active: 1 });
    expect(busy.oldestWaitingSeconds).toBeGreaterThan(1);
    expect(busy.oldestWaitingSeconds).toBeLessThan(60);
    await boss.complete('stats', running.id);
  });
});
