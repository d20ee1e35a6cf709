import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Company, Contact, Deal } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createCompany, createTestDatabase, PD_TOKEN, seedBoth, TestDatabase, until } from '@hermes/testing';
import { startSyncContext, SyncContext } from './__fixtures__/sync-test-context';

const ROOT = join(__dirname, '../../../..');

/**
 * A worker killed in the middle of a sync (kill -9: a deploy, an out-of-memory kill), after Pipedrive
 * created the organization but before Hermes recorded its id: the job runs again in the next worker
 * within 30 seconds of its start (not after HERMES_JOB_EXPIRE_SECONDS, 600 by default), and that
 * worker finds the organization instead of creating a second one.
 */
describe('a Pipedrive sync whose worker is killed mid-job', () => {
  const sim = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let context: SyncContext;
  const workers: { process: ChildProcess; output: string }[] = [];

  /**
   * start:api's main.ts as a worker, in its own process group so the whole tree can be killed;
   * transpiled by swc-node, so it runs this checkout's code without a build.
   */
  function startWorker() {
    const worker = {
      process: spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
        cwd: ROOT,
        detached: true,
        env: {
          ...process.env,
          HERMES_ROLE: 'worker',
          DATABASE_URL: database.url,
          PD_API_KEY: PD_TOKEN,
          PD_BASE_URL: sim.url,
          LOG_LEVEL: 'warn',
        },
      }),
      output: '',
    };
    worker.process.stdout!.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
    worker.process.stderr!.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
    workers.push(worker);
    return worker;
  }

  function kill(worker: { process: ChildProcess }, signal: NodeJS.Signals): void {
    try {
      process.kill(-worker.process.pid!, signal);
    } catch (error) {
      // ESRCH: the whole group has exited already.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    // The test process only enqueues; its queue settings match the workers'.
    context = await startSyncContext(database.url, sim, { role: 'api' });
  });

  afterAll(async () => {
    for (const worker of workers) kill(worker, 'SIGKILL');
    await context?.app.close();
    await database?.drop();
    await sim.stop();
  });

  it('runs the job again within 30 s of a restart and does not duplicate the organization', async () => {
    const { dataSource } = context;
    const seed = await seedBoth(dataSource, sim);
    const { company } = await createCompany(dataSource, seed);
    // Slow enough that the worker can be killed while Pipedrive is creating the organization.
    sim.setLatency(800);
    const first = startWorker();
    await dataSource.transaction((manager) => context.outbound.pipedrive(company.id, manager));

    await until(() => sim.requestsTo('/api/v2/organizations', 'POST').length === 1, 30_000);
    kill(first, 'SIGKILL');
    await until(() => sim.objects('organization').length === 1);
    expect((await dataSource.manager.findOneByOrFail(Company, { id: company.id })).pd_org_id).toBeNull();

    sim.setLatency(0);
    const restarted = Date.now();
    const second = startWorker();
    try {
      await until(async () => {
        const [linked, contacts, deals] = await Promise.all([
          dataSource.manager.findOneByOrFail(Company, { id: company.id }),
          dataSource.manager.findBy(Contact, { company_id: company.id }),
          dataSource.manager.findBy(Deal, { company_id: company.id }),
        ]);
        return !!linked.pd_org_id && contacts.every((c) => c.pd_person_id) && deals.every((d) => d.pd_deal_id);
      }, 30_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; worker output:\n${second.output}`);
    }

    expect(Date.now() - restarted).toBeLessThan(30_000);
    const [org] = sim.objects('organization');
    expect(sim.objects('organization')).toHaveLength(1);
    expect((await dataSource.manager.findOneByOrFail(Company, { id: company.id })).pd_org_id).toBe(org.id);
    expect(sim.requestsTo('/api/v2/organizations', 'POST')).toHaveLength(1);
    // Found by its hermes_id, linked, and brought up to date.
    expect(sim.requestsTo(`/api/v2/organizations/${org.id}`, 'PATCH')).toHaveLength(1);
    expect([sim.objects('person'), sim.objects('deal')].map((objects) => objects.length)).toEqual([1, 1]);
  }, 60_000);
});
