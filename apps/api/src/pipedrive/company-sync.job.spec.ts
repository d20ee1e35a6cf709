import { Company, Contact, Deal } from '@hermes/database';
import { busiestWindow, PipedriveSimulator } from '@hermes/sandbox';
import { createCompany, createTestDatabase, PD_TOKEN, Seed, seedBoth, TestDatabase, until } from '@hermes/testing';
import { startSyncContext, SyncContext } from './__fixtures__/sync-test-context';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';

const RATE_LIMIT = 8;

describe('the Pipedrive company sync job, worked by the queue', () => {
  const sim = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let context: SyncContext;
  let seed: Seed;

  const db = () => context.dataSource.manager;
  const inSync = async (companyId: number) => {
    const company = await db().findOneByOrFail(Company, { id: companyId });
    const contacts = await db().findBy(Contact, { company_id: companyId });
    const deals = await db().findBy(Deal, { company_id: companyId });
    return !!company.pd_org_id && contacts.every((c) => c.pd_person_id) && deals.every((d) => d.pd_deal_id);
  };
  const idle = async () => !(await context.jobs.pendingCounts())[PIPEDRIVE_COMPANY_SYNC_JOB];

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    context = await startSyncContext(database.url, sim, { role: 'all', env: { PD_RATE_LIMIT_PER_2S: String(RATE_LIMIT) } });
  });

  afterAll(async () => {
    await context?.app.close();
    await database?.drop();
    await sim.stop();
  });

  beforeEach(async () => {
    seed = await seedBoth(context.dataSource, sim);
  });

  it('syncs a company enqueued in a committed transaction, and nothing from an aborted one', async () => {
    const kept = await createCompany(context.dataSource, seed);
    const dropped = await createCompany(context.dataSource, seed, 'Dropped Tutors', 'x@dropped.example');
    await context.dataSource.transaction((manager) => context.outbound.pipedrive(kept.company.id, manager));
    await expect(
      context.dataSource.transaction(async (manager) => {
        await context.outbound.pipedrive(dropped.company.id, manager);
        throw new Error('the webhook failed half way');
      }),
    ).rejects.toThrow('half way');

    await until(() => inSync(kept.company.id));
    await until(idle);
    expect(sim.objects('organization').map((org) => org.name)).toEqual(['Brightside Tutors']);
  });

  it('turns a burst of 100 enqueues for one company into at most two syncs', async () => {
    const { company } = await createCompany(context.dataSource, seed);
    // A sync that starts during the burst waits for its end: one under way, and one after it for the
    // rest of the burst, however slowly this machine enqueues (each sync that ends mid-burst is
    // rightly followed by another).
    let burstDone!: () => void;
    const burst = new Promise<void>((resolve) => (burstDone = resolve));
    const syncCompany = context.sync.syncCompany.bind(context.sync);
    const runs = jest.spyOn(context.sync, 'syncCompany').mockImplementation(async (id) => {
      await burst;
      return syncCompany(id);
    });
    try {
      await Promise.all(
        Array.from({ length: 100 }, () => context.dataSource.transaction((manager) => context.outbound.pipedrive(company.id, manager))),
      );
      burstDone();
      await until(() => inSync(company.id));
      await until(idle);

      expect(runs.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(runs.mock.calls.length).toBeLessThanOrEqual(2);
      expect(sim.requestsTo('/api/v2/organizations', 'POST')).toHaveLength(1);
    } finally {
      runs.mockRestore();
    }
  });

  it('rides out a storm of 429s: every job finishes, and Pipedrive never sees more than the rate', async () => {
    const companies = await Promise.all(
      ['Alpha', 'Beta', 'Gamma'].map((name) => createCompany(context.dataSource, seed, `${name} Tutors`, `jane@${name.toLowerCase()}.example`)),
    );
    sim.failNext(9, { kind: 'rate-limit', resetSeconds: 1 });
    for (const { company } of companies) {
      await context.dataSource.transaction((manager) => context.outbound.pipedrive(company.id, manager));
    }

    for (const { company } of companies) await until(() => inSync(company.id), 30_000);
    await until(idle);

    // 3 creates a company, plus the 9 refused.
    expect(sim.requests.length).toBeGreaterThanOrEqual(3 * 3 + 9);
    // Each create made once, refusals and all.
    expect([sim.objects('organization'), sim.objects('person'), sim.objects('deal')].map((objects) => objects.length)).toEqual([3, 3, 3]);
    expect(await context.jobs.failed()).toEqual([]);
    expect(busiestWindow(sim.requests)).toBeLessThanOrEqual(RATE_LIMIT);
  }, 40_000);
});
