import { Company, Contact, Deal } from '@hermes/database';
import { busiestWindow, PipedriveFailure, PipedriveSimulator } from '@hermes/sandbox';
import { createCompany, createTestDatabase, PD_TOKEN, seedBoth, TestDatabase, until } from '@hermes/testing';
import { startSyncContext, SyncContext } from '../pipedrive/__fixtures__/sync-test-context';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';

const RATE_LIMIT = 8;

/**
 * The outbound sync under a bad Pipedrive: 429s, Cloudflare's 403 page, 5xx and empty 200s mixed
 * through the syncs of several companies at once. Every job finishes, nothing is created twice,
 * and Pipedrive never sees more than PD_RATE_LIMIT_PER_2S requests in 2 seconds (retries
 * included). A pure 429 storm is in pipedrive/company-sync.job.spec.ts.
 */
describe('drill: a storm of 429s, 5xx and empty responses from Pipedrive', () => {
  const sim = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let context: SyncContext;

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

  it('finishes every job, creates each object once, and never exceeds the rate', async () => {
    const { dataSource } = context;
    const seed = await seedBoth(dataSource, sim);
    const names = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'];
    const companies = [];
    for (const name of names) companies.push(await createCompany(dataSource, seed, `${name} Tutors`, `jane@${name.toLowerCase()}.example`));
    const storm: PipedriveFailure[] = [
      { kind: 'server-error', status: 500 },
      { kind: 'rate-limit', resetSeconds: 1 },
      { kind: 'server-error', status: 502 },
      { kind: 'empty-body' },
      { kind: 'rate-limit', resetSeconds: 1 },
      { kind: 'cloudflare' },
      { kind: 'server-error', status: 503 },
    ];
    for (let i = 0; i < 3; i++) for (const failure of storm) sim.failNext(1, failure);

    for (const { company } of companies) {
      await dataSource.transaction((manager) => context.outbound.pipedrive(company.id, manager));
    }
    const inSync = async (companyId: number) => {
      const company = await dataSource.manager.findOneByOrFail(Company, { id: companyId });
      const contacts = await dataSource.manager.findBy(Contact, { company_id: companyId });
      const deals = await dataSource.manager.findBy(Deal, { company_id: companyId });
      return !!company.pd_org_id && contacts.every((c) => c.pd_person_id) && deals.every((d) => d.pd_deal_id);
    };
    for (const { company } of companies) await until(() => inSync(company.id), 50_000);
    await until(async () => !(await context.jobs.pendingCounts())[PIPEDRIVE_COMPANY_SYNC_JOB], 20_000);

    expect(await context.jobs.failed()).toEqual([]);
    expect(sim.objects('organization').map((org) => org.name).sort()).toEqual(names.map((name) => `${name} Tutors`).sort());
    expect(sim.objects('person')).toHaveLength(names.length);
    expect(sim.objects('deal')).toHaveLength(names.length);
    expect(busiestWindow(sim.requests)).toBeLessThanOrEqual(RATE_LIMIT);
  }, 90_000);
});
