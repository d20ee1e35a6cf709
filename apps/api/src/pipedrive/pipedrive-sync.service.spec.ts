import { Company, Contact, CustomField, Deal, Meeting, PipedriveCreateAttempt, PipedriveSyncSnapshot, SyncedObjectType } from '@hermes/database';
import { PipedriveSimulator, RecordedRequest } from '@hermes/sandbox';
import { addMeeting, CompanyFixture, createCompany, createTestDatabase, PD_TOKEN, Seed, seedBoth, TestDatabase } from '@hermes/testing';
import { startSyncContext, SyncContext, TC2_BASE_URL } from './__fixtures__/sync-test-context';
import { PipedriveDailyBudgetError } from './pipedrive.errors';

const ORGS = '/api/v2/organizations';
const PERSONS = '/api/v2/persons';
const DEALS = '/api/v2/deals';
const ACTIVITIES = '/api/v2/activities';

/** Requests Hermes made that create, change or delete something (searches and reads left out). */
function writes(sim: PipedriveSimulator): RecordedRequest[] {
  return sim.requests.filter((r) => r.method !== 'GET');
}

describe('PipedriveSyncService: a Company pushed to Pipedrive', () => {
  const sim = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let context: SyncContext;
  let seed: Seed;
  let fixture: CompanyFixture;

  const db = () => context.dataSource.manager;
  const reload = async () => ({
    company: await db().findOneByOrFail(Company, { id: fixture.company.id }),
    contact: await db().findOneByOrFail(Contact, { id: fixture.contact.id }),
    deal: await db().findOneByOrFail(Deal, { id: fixture.deal.id }),
  });
  const sync = () => context.sync.syncCompany(fixture.company.id);
  const forgetRequests = () => sim.requests.splice(0);
  /** As a worker killed between sending a create and saving the new id leaves things. */
  const earlierAttempt = (object_type: SyncedObjectType, hermes_id: number) => db().insert(PipedriveCreateAttempt, { object_type, hermes_id });

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    context = await startSyncContext(database.url, sim, { role: 'api' });
  });

  afterAll(async () => {
    await context?.app.close();
    await database?.drop();
    await sim.stop();
  });

  beforeEach(async () => {
    seed = await seedBoth(context.dataSource, sim);
    fixture = await createCompany(context.dataSource, seed);
  });

  it('creates the organization, person and deal, then patches only what changed, then sends nothing', async () => {
    await sync();

    expect(writes(sim).map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${ORGS}`, `POST ${PERSONS}`, `POST ${DEALS}`]);
    const { company, contact, deal } = await reload();
    const org = sim.object('organization', company.pd_org_id!)!;
    expect(org).toMatchObject({
      name: 'Brightside Tutors',
      owner_id: seed.sales.pd_owner_id,
      custom_fields: {
        company_hermes_id: company.id,
        company_website: 'https://brightsidetutors.example',
        company_tc2_status: 'trial',
        company_tc2_cligency_url: `${TC2_BASE_URL}/clients/${company.tc2_cligency_id}/`,
        company_paid_invoice_count: 0,
      },
    });
    expect(sim.object('person', contact.pd_person_id!)).toMatchObject({
      name: 'Jane Van Dyke',
      org_id: company.pd_org_id,
      emails: [{ value: 'jane@brightside.example', primary: true }],
      custom_fields: { contact_hermes_id: contact.id },
    });
    expect(sim.object('deal', deal.pd_deal_id!)).toMatchObject({
      title: 'Brightside Tutors',
      status: 'open',
      org_id: company.pd_org_id,
      person_id: contact.pd_person_id,
      stage_id: seed.entryStage.pd_stage_id,
      custom_fields: { deal_hermes_id: deal.id, deal_website: 'https://brightsidetutors.example', deal_paid_invoice_count: 0 },
    });

    forgetRequests();
    await db().update(Company, { id: company.id }, { name: 'Brightside Tutoring', paid_invoice_count: 2 });
    await db().update(Contact, { id: contact.id }, { email: 'jane@brightside.example.org' });
    await sync();

    expect(sim.requests.map((r) => ({ method: r.method, path: r.path, body: r.body }))).toEqual([
      { method: 'PATCH', path: `${ORGS}/${company.pd_org_id}`, body: { name: 'Brightside Tutoring', custom_fields: { company_paid_invoice_count: 2 } } },
      { method: 'PATCH', path: `${PERSONS}/${contact.pd_person_id}`, body: { emails: [{ value: 'jane@brightside.example.org', primary: true, label: 'work' }] } },
      // The deal inherits the paid invoice count from the company.
      { method: 'PATCH', path: `${DEALS}/${deal.pd_deal_id}`, body: { custom_fields: { deal_paid_invoice_count: 2 } } },
    ]);

    forgetRequests();
    await sync();
    expect(sim.requests).toEqual([]);
  });

  it('costs a new company its three creates: nothing is searched for when no earlier attempt was left unfinished', async () => {
    await sync();

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${ORGS}`, `POST ${PERSONS}`, `POST ${DEALS}`]);
    expect(await db().count(PipedriveCreateAttempt)).toBe(0);
  });

  it('finds the organization that already holds its hermes_id, instead of creating a second one', async () => {
    await earlierAttempt('organization', fixture.company.id);
    // A decoy whose invoice count equals the company id: the search matches it too, the check does not.
    sim.seedOrganization({ name: 'Decoy Ltd', custom_fields: { company_paid_invoice_count: fixture.company.id } });
    const existing = sim.seedOrganization({ name: 'Brightside (made by an earlier attempt)', custom_fields: { company_hermes_id: fixture.company.id } });

    await sync();

    const { company } = await reload();
    expect(company.pd_org_id).toBe(existing.id);
    expect(sim.requestsTo(ORGS, 'POST')).toEqual([]);
    expect(sim.requestsTo(`${ORGS}/${existing.id}`, 'PATCH')).toHaveLength(1);
    expect(sim.object('organization', existing.id)).toMatchObject({ name: 'Brightside Tutors', owner_id: seed.sales.pd_owner_id });
    expect(sim.objects('organization')).toHaveLength(2);
  });

  it('finds the organization through a contact’s email, and links the person found there too', async () => {
    const org = sim.seedOrganization({ name: 'Brightside' });
    const person = sim.seedPerson({ name: 'Jane', emails: [{ value: 'jane@brightside.example', primary: true }], org_id: org.id });
    await earlierAttempt('organization', fixture.company.id);
    await earlierAttempt('person', fixture.contact.id);

    await sync();

    const { company, contact } = await reload();
    expect(company.pd_org_id).toBe(org.id);
    expect(contact.pd_person_id).toBe(person.id);
    expect(writes(sim).map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${ORGS}/${org.id}`, `PATCH ${PERSONS}/${person.id}`, `POST ${DEALS}`]);
    expect(sim.objects('organization')).toHaveLength(1);
    expect(sim.objects('person')).toHaveLength(1);
  });

  it('does not take an organization linked to another company', async () => {
    const taken = sim.seedOrganization({ name: 'Other Tutors' });
    sim.seedPerson({ name: 'Jane', emails: [{ value: 'jane@brightside.example', primary: true }], org_id: taken.id });
    await earlierAttempt('organization', fixture.company.id);
    await earlierAttempt('person', fixture.contact.id);
    const other = await createCompany(context.dataSource, seed, 'Other Tutors', 'owner@other.example');
    await db().update(Company, { id: other.company.id }, { pd_org_id: taken.id });

    await sync();

    const { company, contact } = await reload();
    expect(company.pd_org_id).not.toBe(taken.id);
    expect(sim.requestsTo(ORGS, 'POST')).toHaveLength(1);
    // The person found by email belongs to the other company's organization: a new one is made here.
    expect(sim.object('person', contact.pd_person_id!)).toMatchObject({ org_id: company.pd_org_id });
  });

  it('re-creates and relinks an organization deleted in Pipedrive (404 on PATCH)', async () => {
    await sync();
    const before = await reload();
    sim.deleteInApp('organization', before.company.pd_org_id!);
    await db().update(Company, { id: fixture.company.id }, { name: 'Brightside Tutoring' });
    forgetRequests();

    await sync();

    const { company, contact, deal } = await reload();
    expect(company.pd_org_id).not.toBe(before.company.pd_org_id);
    expect(sim.objects('organization')).toEqual([expect.objectContaining({ id: company.pd_org_id, name: 'Brightside Tutoring' })]);
    expect(sim.object('person', contact.pd_person_id!)).toMatchObject({ org_id: company.pd_org_id });
    expect(sim.object('deal', deal.pd_deal_id!)).toMatchObject({ org_id: company.pd_org_id });
    expect(writes(sim).map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH ${ORGS}/${before.company.pd_org_id}`,
      `POST ${ORGS}`,
      `PATCH ${PERSONS}/${contact.pd_person_id}`,
      `PATCH ${DEALS}/${deal.pd_deal_id}`,
    ]);
  });

  describe('won deals stay won', () => {
    beforeEach(async () => {
      await sync();
      forgetRequests();
    });

    it('never touches a deal won in Pipedrive and in Hermes', async () => {
      const { deal } = await reload();
      sim.editInApp('deal', deal.pd_deal_id!, { status: 'won' });
      await db().update(Deal, { id: deal.id }, { status: 'won', stage_id: seed.laterStage.id, name: 'Renamed' });
      await db().update(Company, { id: fixture.company.id }, { website: 'https://new.example' });

      await sync();

      expect(sim.requestsTo(new RegExp(`^${DEALS}`))).toEqual([]);
      expect(sim.object('deal', deal.pd_deal_id!)).toMatchObject({ status: 'won', title: 'Brightside Tutors' });
    });

    it('patches an open deal whose Pipedrive copy was won without sending status, so it stays won', async () => {
      const { deal } = await reload();
      sim.editInApp('deal', deal.pd_deal_id!, { status: 'won' });
      await db().update(Deal, { id: deal.id }, { stage_id: seed.laterStage.id });

      await sync();

      const patches = sim.requestsTo(new RegExp(`^${DEALS}/`), 'PATCH');
      expect(patches.map((r) => r.body)).toEqual([{ stage_id: seed.laterStage.pd_stage_id }]);
      expect(sim.object('deal', deal.pd_deal_id!)).toMatchObject({ status: 'won', stage_id: seed.laterStage.pd_stage_id });
    });
  });

  it('keeps inherited deal fields up to date on open deals only', async () => {
    await sync();
    const closed = sim.seedDeal({ title: 'Last year', status: 'lost', org_id: (await reload()).company.pd_org_id });
    await db().save(Deal, {
      name: 'Last year', status: 'lost', pd_deal_id: closed.id, company_id: fixture.company.id,
      admin_id: seed.sales.id, pipeline_id: seed.pipeline.id, stage_id: seed.entryStage.id,
    });
    await db().update(Company, { id: fixture.company.id }, { website: 'https://brightside.example.org' });
    forgetRequests();

    await sync();

    const { company, deal } = await reload();
    expect(sim.requests.map((r) => ({ method: r.method, path: r.path, body: r.body }))).toEqual([
      { method: 'PATCH', path: `${ORGS}/${company.pd_org_id}`, body: { custom_fields: { company_website: 'https://brightside.example.org' } } },
      { method: 'PATCH', path: `${DEALS}/${deal.pd_deal_id}`, body: { custom_fields: { deal_website: 'https://brightside.example.org' } } },
    ]);
    expect(sim.object('deal', closed.id)).toMatchObject({ status: 'lost', custom_fields: { deal_website: null } });
  });

  it('sends a custom field added in the SPA on the very next sync, without a restart', async () => {
    await sync();
    sim.seedField('organization', { name: 'Currency', field_type: 'varchar', key: 'company_currency' });
    await db().save(CustomField, {
      name: 'Currency', machine_name: 'currency', field_type: 'str', hermes_field_name: 'currency', tc2_machine_name: 'currency',
      pd_field_id: 'company_currency', linked_object_type: 'Company',
    });
    await db().update(Company, { id: fixture.company.id }, { currency: 'GBP' });
    forgetRequests();

    await sync();

    const { company } = await reload();
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`)).toEqual([
      `PATCH ${ORGS}/${company.pd_org_id} {"custom_fields":{"company_currency":"GBP"}}`,
    ]);
  });

  it('creates one activity per new meeting, once, and none for meetings v2 already sent', async () => {
    const meeting = await addMeeting(context.dataSource, seed, fixture);
    const fromV2 = await addMeeting(context.dataSource, seed, fixture, '2024-03-05T10:00:00Z');
    await db().insert(PipedriveSyncSnapshot, { object_type: 'activity', object_id: fromV2.id, pd_id: null, payload: {} });
    await db().save(Meeting, { ...(await addMeeting(context.dataSource, seed, fixture, '2026-11-24T10:00:00Z')), status: 'CANCELED' });

    await sync();

    const { company, contact, deal } = await reload();
    expect(sim.requestsTo(ACTIVITIES, 'POST').map((r) => r.body)).toEqual([
      {
        subject: 'TutorCruncher demo with Sam Sales',
        type: 'meeting',
        owner_id: seed.sales.pd_owner_id,
        due_date: '2026-11-23',
        due_time: '10:00',
        duration: '00:30',
        deal_id: deal.pd_deal_id,
        org_id: company.pd_org_id,
        participants: [{ person_id: contact.pd_person_id, primary: true }],
      },
    ]);
    expect(sim.objects('activity')).toEqual([expect.objectContaining({ person_id: contact.pd_person_id, deal_id: deal.pd_deal_id })]);
    expect(await db().findOneBy(PipedriveSyncSnapshot, { object_type: 'activity', object_id: meeting.id })).toMatchObject({
      pd_id: sim.objects('activity')[0].id,
    });

    forgetRequests();
    await sync();
    expect(sim.requests).toEqual([]);

    await addMeeting(context.dataSource, seed, fixture, '2026-12-01T15:00:00Z');
    await sync();
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${ACTIVITIES}`]);
  });

  it('purges a narc company from Pipedrive and unlinks it, an object already gone included', async () => {
    await sync();
    const before = await reload();
    sim.deleteInApp('person', before.contact.pd_person_id!);
    await db().update(Company, { id: fixture.company.id }, { narc: true });
    forgetRequests();

    await sync();

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE ${DEALS}/${before.deal.pd_deal_id}`,
      `DELETE ${PERSONS}/${before.contact.pd_person_id}`,
      `DELETE ${ORGS}/${before.company.pd_org_id}`,
    ]);
    expect([sim.objects('organization'), sim.objects('person'), sim.objects('deal')]).toEqual([[], [], []]);
    const after = await reload();
    expect([after.company.pd_org_id, after.contact.pd_person_id, after.deal.pd_deal_id]).toEqual([null, null, null]);
    expect(await db().count(PipedriveSyncSnapshot)).toBe(0);

    forgetRequests();
    await sync();
    expect(sim.requests).toEqual([]);
  });

  it('ends quietly for a company deleted since its sync was queued', async () => {
    await db().delete(Company, { id: fixture.company.id });
    await sync();
    expect(sim.requests).toEqual([]);
  });

  it('stops at once when the daily budget is spent', async () => {
    sim.setDailyBudget(0);
    await expect(sync()).rejects.toBeInstanceOf(PipedriveDailyBudgetError);
    expect(sim.requests).toHaveLength(1);
  });
});
