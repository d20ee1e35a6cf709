import { Company, CompanySync, Contact, CustomField, CustomFieldValue, PipedriveCreateAttempt } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { addMeeting, CompanyFixture, createCompany, createTestDatabase, PD_TOKEN, Seed, seedBoth, TestDatabase } from '@hermes/testing';
import { startSyncContext, SyncContext } from './__fixtures__/sync-test-context';
import { IN_STEP_BATCH, PipedriveFullSyncService } from './pipedrive-full-sync.service';

const requests = (sim: PipedriveSimulator) => sim.requests.splice(0).map((r) => `${r.method} ${r.path.replace(/\/\d+$/, '/{id}')}`);

describe('PipedriveFullSyncService: sync to-pipedrive --all', () => {
  const sim = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let context: SyncContext;
  let fullSync: PipedriveFullSyncService;
  let seed: Seed;
  let fixtures: CompanyFixture[];

  const db = () => context.dataSource.manager;
  const companies = () => db().find(Company, { order: { id: 'ASC' } });
  const inStepNames = async () => {
    const inStep = await fullSync.inStep(await companies());
    return (await companies()).filter((company) => inStep.has(company.id)).map((company) => company.name);
  };

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    context = await startSyncContext(database.url, sim, { role: 'api' });
    fullSync = context.app.get(PipedriveFullSyncService);
  });

  afterAll(async () => {
    await context?.app.close();
    await database?.drop();
    await sim.stop();
  });

  beforeEach(async () => {
    seed = await seedBoth(context.dataSource, sim);
    fixtures = [];
    for (const name of ['Acorn', 'Birch', 'Cedar', 'Daisy', 'Elm']) fixtures.push(await createCompany(context.dataSource, seed, `${name} Tutors`, `jane@${name.toLowerCase()}.example`));
    expect(await fullSync.syncAll()).toEqual({ inStep: 0, synced: 5, failures: [] });
    sim.requests.splice(0);
  });

  it('sends nothing for companies in step with what was last sent, and syncs each of the others', async () => {
    expect(await fullSync.syncAll()).toEqual({ inStep: 5, synced: 0, failures: [] });
    expect(sim.requests).toEqual([]);

    const [acorn, birch, cedar, daisy] = fixtures;
    await db().update(Company, { id: acorn.company.id }, { name: 'Acorn Tutoring' });
    // A value of the custom fields table, not a column: the sync's own payloads are compared.
    const referer = await db().findOneByOrFail(CustomField, { machine_name: 'referer', linked_object_type: 'Company' });
    await db().insert(CustomFieldValue, { custom_field_id: referer.id, company_id: birch.company.id, value: 'a friend' });
    await addMeeting(context.dataSource, seed, cedar);
    await db().update(CompanySync, { company_id: daisy.company.id }, { error: 'Pipedrive answered 500', failed_at: new Date() });
    const fresh = await createCompany(context.dataSource, seed, 'Fir Tutors', 'jane@fir.example');
    expect(await inStepNames()).toEqual(['Elm Tutors']);

    expect(await fullSync.syncAll()).toEqual({ inStep: 1, synced: 5, failures: [] });
    expect(requests(sim).sort()).toEqual(
      [
        'PATCH /api/v2/organizations/{id}', // Acorn's name
        'PATCH /api/v2/organizations/{id}', // Birch's referer
        'POST /api/v2/activities', // Cedar's meeting
        'POST /api/v2/organizations', // Fir, new: its three creates
        'POST /api/v2/persons',
        'POST /api/v2/deals',
      ].sort(),
    );
    expect(await db().findOneByOrFail(CompanySync, { company_id: daisy.company.id })).toMatchObject({ error: null });
    expect(await db().findOneByOrFail(Company, { id: fresh.company.id })).toMatchObject({ pd_org_id: expect.any(Number) });

    expect(await fullSync.syncAll()).toEqual({ inStep: 6, synced: 0, failures: [] });
    expect(sim.requests).toEqual([]);
  });

  it('syncs a company with a create left unfinished: its contact unlinked, the attempt recorded', async () => {
    const [acorn] = fixtures;
    // As a worker killed after sending the person's create leaves things: Pipedrive has it, Hermes not its id.
    const contact = await db().save(Contact, { company_id: acorn.company.id, first_name: 'Sam', last_name: 'Second', email: 'sam@acorn.example' });
    await db().insert(PipedriveCreateAttempt, { object_type: 'person', hermes_id: contact.id });
    const company = await db().findOneByOrFail(Company, { id: acorn.company.id });
    const made = sim.seedPerson({ name: 'Sam Second', org_id: company.pd_org_id!, emails: [{ value: 'sam@acorn.example', primary: true }], custom_fields: { contact_hermes_id: contact.id } });
    expect(await inStepNames()).toEqual(['Birch Tutors', 'Cedar Tutors', 'Daisy Tutors', 'Elm Tutors']);

    expect(await fullSync.syncAll()).toEqual({ inStep: 4, synced: 1, failures: [] });
    // Searched for and adopted, not made twice.
    expect(requests(sim)).toEqual(['GET /api/v2/persons/search', 'GET /api/v2/persons/{id}', 'PATCH /api/v2/persons/{id}']);
    expect(await db().findOneByOrFail(Contact, { id: contact.id })).toMatchObject({ pd_person_id: made.id });
    expect(await db().count(PipedriveCreateAttempt)).toBe(0);
    expect(await fullSync.syncAll()).toEqual({ inStep: 5, synced: 0, failures: [] });
  });

  it('counts a linked company in step even with a create attempt left over (linked since by a webhook or an import)', async () => {
    const [acorn] = fixtures;
    await db().insert(PipedriveCreateAttempt, { object_type: 'organization', hermes_id: acorn.company.id });
    expect(await inStepNames()).toEqual(['Acorn Tutors', 'Birch Tutors', 'Cedar Tutors', 'Daisy Tutors', 'Elm Tutors']);
    expect(await fullSync.syncAll()).toEqual({ inStep: 5, synced: 0, failures: [] });
    expect(sim.requests).toEqual([]);
  });

  it('sends nothing for a company removed from Pipedrive, whatever changed in Hermes', async () => {
    const [acorn] = fixtures;
    await db().update(Company, { id: acorn.company.id }, { name: 'Acorn Tutoring', pd_removed: 'deleted', pd_removed_at: new Date() });
    expect(await inStepNames()).toEqual(['Acorn Tutoring', 'Birch Tutors', 'Cedar Tutors', 'Daisy Tutors', 'Elm Tutors']);
    expect(await fullSync.syncAll()).toEqual({ inStep: 5, synced: 0, failures: [] });
    expect(sim.requests).toEqual([]);
  });

  it('decides for a batch in the same few queries, however many companies it holds', async () => {
    expect(IN_STEP_BATCH).toBe(1_000);
    const queriesFor = async (batch: Company[]) => {
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        await fullSync.inStep(batch);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const few = await queriesFor(await companies());
    expect(few).toBeGreaterThan(5);
    for (let n = 0; n < 20; n++) await createCompany(context.dataSource, seed, `Grove ${n} Tutors`, `jane@grove${n}.example`);
    await fullSync.syncAll();
    const all = await companies();
    expect(all).toHaveLength(25);
    expect(await queriesFor(all)).toBe(few);
    expect((await fullSync.inStep(all)).size).toBe(25);
  });
});
