import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Company } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createCompany, createTestDatabase, PD_TOKEN, seedBoth, TestDatabase, until } from '@hermes/testing';
import { startSyncContext, SyncContext } from '../pipedrive/__fixtures__/sync-test-context';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';

const ROOT = join(__dirname, '../../../..');
const TIMEOUT_SECONDS = 20;
const DELAY_SECONDS = 2;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** GET `path`: its status and JSON body, or `refused` when no connection could be made. */
async function get(url: string): Promise<{ status: number; body: unknown } | 'refused'> {
  try {
    const response = await fetch(url);
    return { status: response.status, body: await response.json() };
  } catch {
    return 'refused';
  }
}

/**
 * `npm run start:api` (API and worker in one process, as HERMES_ROLE=all runs) sent SIGTERM in the
 * middle of a Pipedrive sync: readiness says 503 at once while the API still answers for
 * SHUTDOWN_DELAY_SECONDS, then it takes no more connections, the sync finishes once (one
 * organization, the job completed) and the process exits 0 within SHUTDOWN_TIMEOUT_SECONDS, having
 * logged no error.
 */
describe('a SIGTERM while a sync job runs', () => {
  const sim = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let context: SyncContext;
  let server: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    // This process only seeds and enqueues.
    context = await startSyncContext(database.url, sim, { role: 'api' });
  });

  afterAll(async () => {
    if (server?.exitCode === null) process.kill(-server.pid!, 'SIGKILL');
    await context?.app.close();
    await database?.drop();
    await sim.stop();
  });

  it('drains: readiness 503, the sync finished exactly once, exit 0 within the bound, no error logged', async () => {
    const { dataSource } = context;
    const seed = await seedBoth(dataSource, sim);
    const { company } = await createCompany(dataSource, seed);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        HERMES_ROLE: 'all',
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        PD_API_KEY: PD_TOKEN,
        PD_BASE_URL: sim.url,
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
        SHUTDOWN_DELAY_SECONDS: String(DELAY_SECONDS),
      },
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    const failWith = (error: unknown) => new Error(`${(error as Error).message}; its output:\n${output}`);

    await until(async () => {
      const ready = await get(`${url}/health/ready`);
      return ready !== 'refused' && ready.status === 200;
    }, 60_000).catch((error: unknown) => {
      throw failWith(error);
    });
    expect(await get(`${url}/health/ready`)).toEqual({ status: 200, body: { status: 'ready' } });

    // Slow enough that the sync (searches, then organization, person and deal) outlasts the delay.
    sim.setLatency(700);
    const before = sim.requestsTo(/^\/api\//).length;
    await dataSource.transaction((manager) => context.outbound.pipedrive(company.id, manager));
    await until(() => sim.requestsTo(/^\/api\//).length > before, 15_000);
    const signalled = Date.now();
    server.kill('SIGTERM');

    // Still answering, but not ready: a load balancer polling readiness takes it out.
    await until(async () => {
      const ready = await get(`${url}/health/ready`);
      return ready !== 'refused' && ready.status === 503;
    }, 5_000);
    expect(await get(`${url}/health/ready`)).toEqual({ status: 503, body: { status: 'draining' } });
    expect(await get(`${url}/health`)).toMatchObject({ status: 200 });
    expect(Date.now() - signalled).toBeLessThan(DELAY_SECONDS * 1000);

    // After the delay it takes no more connections, while the sync carries on.
    await until(async () => (await get(`${url}/health`)) === 'refused', 10_000);
    expect(sim.objects('deal')).toHaveLength(0);

    const code = await exited;
    const took = Date.now() - signalled;
    try {
      expect(code).toBe(0);
      expect(took).toBeLessThan(TIMEOUT_SECONDS * 1000);
      const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(lines.filter((line) => line.level >= 50)).toEqual([]);
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^SIGTERM: shutting down/), 'Shut down']));
    } catch (error) {
      throw failWith(error);
    }

    // The job finished, once: one organization, person and deal, linked, and the job completed.
    expect([sim.objects('organization'), sim.objects('person'), sim.objects('deal')].map((objects) => objects.length)).toEqual([1, 1, 1]);
    expect(sim.requestsTo('/api/v2/organizations', 'POST')).toHaveLength(1);
    expect((await dataSource.manager.findOneByOrFail(Company, { id: company.id })).pd_org_id).toBe(sim.objects('organization')[0].id);
    const jobs = await context.jobs.list({ states: ['created', 'retry', 'active', 'completed', 'failed'], name: PIPEDRIVE_COMPANY_SYNC_JOB, orderBy: 'created_on', order: 'ASC', offset: 0, limit: 10 });
    expect(jobs.jobs.map((job) => job.state)).toEqual(['completed']);
  }, 120_000);
});
