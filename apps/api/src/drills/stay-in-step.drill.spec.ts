import { NestExpressApplication } from '@nestjs/platform-express';
import { DateTime } from 'luxon';
import { Admin, Company, Contact, Deal, Meeting, WebhookLog } from '@hermes/database';
import { buildTc2Client, PipedriveSimulator, Sandbox, startSandbox, Tc2ClientOverrides, tc2ClientEvent, Tc2SimClient, Tc2Simulator, tc2WebhookBody } from '@hermes/sandbox';
import { Seed, seedBoth, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesTestApp, startHermesApp } from '../__fixtures__/hermes-app.fixture';
import { JobRecordsService } from '../jobs/job-records.service';
import { PipedriveClient } from '../pipedrive/pipedrive.client';

const USER = 'pipedrive';
const PASSWORD = 'stay-in-step';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Drill: the event sequences production sends, against Hermes with its workers running, TC2 and
 * Pipedrive simulated over HTTP (Pipedrive's webhooks delivered back to Hermes). Each case is one of
 * the ways the three systems drifted apart before (docs/field-ownership.md says who owns what).
 */
describe('drill: TC2, Pipedrive and Hermes stay in step', () => {
  let sandbox: Sandbox;
  let pd: PipedriveSimulator;
  let tc2: Tc2Simulator;
  let hermes: HermesTestApp;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let seed: Seed;
  let clock = Date.now();

  const db = () => dataSource.manager;
  /** TC2 sends its client, as an event of `at` (each call later than the last unless told). */
  const sendClient = async (client: Tc2SimClient, { at = new Date((clock += 60_000)), action = 'EDITED_A_CLIENT' } = {}) => {
    const delivery = await tc2.sendWebhook(`${hermes.url}/tc2/callback/`, tc2WebhookBody([tc2ClientEvent(client, { action, timestamp: at })], at));
    expect(delivery.status).toBe(200);
  };
  /** Everything in flight lands: Pipedrive's webhooks to Hermes, and the jobs they and TC2's events queued. */
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      const delivered = (await pd.flushWebhooks()).length;
      await until(async () => Object.values(await app.get(JobRecordsService).pendingCounts()).every((count) => count === 0), 20_000);
      if ((await pd.flushWebhooks()).length === delivered) return;
    }
    throw new Error('Hermes and Pipedrive kept answering each other');
  };
  const companyOf = (client: Tc2SimClient) => db().findOneByOrFail(Company, { tc2_cligency_id: client.id });
  const requests = (method: string, path: RegExp) => pd.requests.filter((r) => r.method === method && path.test(r.path));
  const failedJobs = () => app.get(JobRecordsService).failed();

  /** A weekday two weeks ahead at 10:00 in London (a slot with Config's defaults), `plusMinutes` later. */
  const meetingTime = (plusMinutes = 0) => {
    let at = DateTime.now().setZone('Europe/London').plus({ days: 14 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    while (at.weekday > 5) at = at.plus({ days: 1 });
    return at.plus({ minutes: plusMinutes }).toJSDate();
  };
  /** A sales call booked as the website books it. */
  const bookSales = (overrides: Record<string, unknown> = {}) =>
    fetch(`${hermes.url}/callbooker/sales/book/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        admin_id: seed.sales.id,
        name: 'Ada Lovelace',
        email: 'ada@analytical.example',
        company_name: 'Analytical Engines',
        country: 'GB',
        estimated_income: '£1,000',
        currency: 'GBP',
        price_plan: 'payg',
        meeting_dt: meetingTime().toISOString(),
        ...overrides,
      }),
    }).then((response) => response.json() as Promise<Record<string, unknown>>);

  /** A client that has just signed up, as TC2 sends it: on trial, unpaid, created yesterday. */
  function newClient(overrides: Tc2ClientOverrides = {}): Tc2SimClient {
    const client = buildTc2Client({
      ...overrides,
      meta_agency: { status: 'trial', paid_invoice_count: 0, created: new Date(Date.now() - DAY_MS).toISOString(), ...overrides.meta_agency },
    });
    return tc2.seedClient(client);
  }

  /** A new client from TC2, synced: its organization, person and deal in Pipedrive, the echoes applied. */
  async function syncedClient(overrides: Tc2ClientOverrides = {}) {
    const client = newClient(overrides);
    await sendClient(client, { action: 'CREATED_A_CLIENT' });
    await settle();
    const company = await companyOf(client);
    const [contact] = await db().findBy(Contact, { company_id: company.id });
    const [deal] = await db().findBy(Deal, { company_id: company.id });
    expect([company.pd_org_id, contact.pd_person_id, deal.pd_deal_id]).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    return { client, company, contact, deal };
  }

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ pipedrive: pd, tc2 } = sandbox);
    hermes = await startHermesApp({ HERMES_ROLE: 'all', ...sandbox.env, PD_WEBHOOK_USER: USER, PD_WEBHOOK_PASSWORD: PASSWORD });
    ({ app, dataSource } = hermes);
  });

  afterAll(async () => {
    await hermes?.stop();
    await sandbox?.stop();
  });

  beforeEach(async () => {
    seed = await seedBoth(dataSource, pd);
    await db().query('TRUNCATE webhook_log, tc2_snapshot, event_clock, pipedrive_gone RESTART IDENTITY');
    await dataSource.query(`DELETE FROM pgboss.job`);
    tc2.reset();
    sandbox.googleCalendar.reset();
    await db().update(Admin, seed.sales.id, { tc2_admin_id: 301 });
    for (const entity of ['organization', 'person', 'deal', 'pipeline', 'stage'] as const) {
      await app.get(PipedriveClient).createWebhook({
        name: `Hermes ${entity}`,
        subscription_url: `${hermes.url}/pipedrive/callback/`,
        event_action: '*',
        event_object: entity,
        http_auth_user: USER,
        http_auth_password: PASSWORD,
      });
    }
  });

  it('1. a deal lost in Pipedrive stays lost when TC2 sends the client again; a booking still makes a new one', async () => {
    const { client, company, deal } = await syncedClient();
    pd.editInApp('deal', deal.pd_deal_id!, { status: 'lost' });
    await settle();
    expect(await db().findOneByOrFail(Deal, { id: deal.id })).toMatchObject({ status: 'lost' });

    await sendClient(client);
    await settle();
    expect(await db().findBy(Deal, { company_id: company.id })).toEqual([expect.objectContaining({ id: deal.id, status: 'lost' })]);
    expect(pd.objects('deal')).toEqual([expect.objectContaining({ id: deal.pd_deal_id, status: 'lost' })]);

    // A new booking is a new opportunity.
    expect(await bookSales({ company_id: company.id, email: client.user.email })).toEqual({ status: 'ok' });
    await settle();
    expect((await db().find(Deal, { where: { company_id: company.id }, order: { id: 'ASC' } })).map((d) => d.status)).toEqual(['lost', 'open']);
    expect(pd.objects('deal').map((d) => d.status)).toEqual(['lost', 'open']);
  });

  it('2. an organization deleted in Pipedrive stays deleted: TC2 still updates the company, nothing goes back to Pipedrive', async () => {
    const { client, company } = await syncedClient();
    pd.deleteInApp('organization', company.pd_org_id!);
    await settle();
    const before = pd.requests.length;

    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, name: 'Brightside Tutors Ltd' } });
    await settle();

    expect(await companyOf(client)).toMatchObject({ name: 'Brightside Tutors Ltd', pd_removed: 'deleted', pd_org_id: null });
    expect(pd.objects('organization')).toEqual([]);
    expect(pd.requests.slice(before).filter((r) => r.path.startsWith('/api/v2/'))).toEqual([]);
  });

  it('3. a salesperson’s edits in Pipedrive survive TC2’s resends; a real change in TC2 still wins', async () => {
    const { client, company, contact } = await syncedClient();
    const kim = pd.seedUser({ name: 'Kim Closer', email: 'kim@tutorcruncher.com' });
    const closer = await db().save(Admin, { username: 'kim@tutorcruncher.com', pd_owner_id: kim.id, is_sales_person: true });
    pd.editInApp('organization', company.pd_org_id!, { name: 'Brightside Learning', owner_id: kim.id });
    pd.editInApp('person', contact.pd_person_id!, { name: 'Janet Doe', emails: [{ value: 'janet@brightside.example', primary: true, label: 'work' }] });
    await settle();

    await sendClient(client);
    await settle();

    expect(await companyOf(client)).toMatchObject({ name: 'Brightside Learning', sales_person_id: closer.id });
    expect(await db().findOneByOrFail(Contact, { id: contact.id })).toMatchObject({ first_name: 'Janet', email: 'janet@brightside.example' });
    expect(pd.object('organization', company.pd_org_id!)).toMatchObject({ name: 'Brightside Learning', owner_id: kim.id });
    expect(pd.object('person', contact.pd_person_id!)).toMatchObject({ name: 'Janet Doe' });

    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, name: 'Brightside Tutors Group' } });
    await settle();
    expect(await companyOf(client)).toMatchObject({ name: 'Brightside Tutors Group', sales_person_id: closer.id });
    expect(pd.object('organization', company.pd_org_id!)).toMatchObject({ name: 'Brightside Tutors Group', owner_id: kim.id });
  });

  it('3. a change whose webhook was lost is applied with the next event; echoes of Hermes’ writes change nothing', async () => {
    const { client, company } = await syncedClient();
    pd.loseWebhooks(true);
    pd.editInApp('organization', company.pd_org_id!, { name: 'Renamed While Banned' });
    pd.loseWebhooks(false);
    const kim = pd.seedUser({ name: 'Kim Closer', email: 'kim@tutorcruncher.com' });
    const closer = await db().save(Admin, { username: 'kim@tutorcruncher.com', pd_owner_id: kim.id, is_sales_person: true });
    pd.editInApp('organization', company.pd_org_id!, { owner_id: kim.id });
    await settle();
    expect(await companyOf(client)).toMatchObject({ name: 'Renamed While Banned', sales_person_id: closer.id });

    // A change in TC2 goes to Pipedrive; Pipedrive's webhook about that write changes nothing here.
    await db().query('TRUNCATE webhook_log RESTART IDENTITY');
    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, paid_invoice_count: 1 } });
    await settle();
    const echoes = await db().find(WebhookLog, { where: { source: 'pipedrive', entity: 'organization' } });
    expect(echoes.length).toBeGreaterThan(0);
    expect(echoes.every((entry) => entry.outcome === 'ignored')).toBe(true);
    expect(await companyOf(client)).toMatchObject({ name: 'Renamed While Banned', paid_invoice_count: 1 });
  });

  it('3. TC2’s fields edited in Pipedrive are put back', async () => {
    const { company } = await syncedClient();
    pd.editInApp('organization', company.pd_org_id!, { custom_fields: { company_paid_invoice_count: 40, company_tc2_status: 'live' } });
    await settle();

    expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ paid_invoice_count: 0, tc2_status: 'trial' });
    expect(pd.object('organization', company.pd_org_id!)!.custom_fields).toMatchObject({ company_paid_invoice_count: 0, company_tc2_status: 'trial' });
  });

  it('4. an organization deleted in Pipedrive without a webhook is made again once, and the sync settles', async () => {
    const { client, company, contact } = await syncedClient();
    pd.loseWebhooks(true);
    pd.deleteInApp('organization', company.pd_org_id!);
    pd.loseWebhooks(false);

    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, name: 'Brightside Tutors Ltd' } });
    await settle();
    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, name: 'Brightside Tutors Ltd', paid_invoice_count: 1 } });
    await settle();

    expect(await failedJobs()).toEqual([]);
    const [org] = pd.objects('organization');
    expect(pd.objects('organization')).toHaveLength(1);
    expect(requests('POST', /^\/api\/v2\/organizations$/)).toHaveLength(2);
    expect(requests('PATCH', new RegExp(`^/api/v2/organizations/${company.pd_org_id}$`))).toHaveLength(1);
    expect(await companyOf(client)).toMatchObject({ pd_org_id: org.id, pd_removed: null });
    expect(pd.object('person', contact.pd_person_id!)).toMatchObject({ org_id: org.id });
  });

  it('4. a deal deleted in Pipedrive without a webhook is marked deleted, not made again', async () => {
    const { client, deal } = await syncedClient();
    pd.loseWebhooks(true);
    pd.deleteInApp('deal', deal.pd_deal_id!);
    pd.loseWebhooks(false);

    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, website: 'https://brightside-tutors.example' } });
    await settle();
    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, website: 'https://brightside-tutors.example' } });
    await settle();

    expect(await failedJobs()).toEqual([]);
    expect(await db().findOneByOrFail(Deal, { id: deal.id })).toMatchObject({ status: 'deleted', pd_deal_id: null });
    expect(pd.objects('deal')).toEqual([]);
    expect(requests('POST', /^\/api\/v2\/deals$/)).toHaveLength(1);
  });

  it('5. a terminated client’s open deal is lost in Hermes and Pipedrive, and not opened again', async () => {
    const { client, deal } = await syncedClient();
    const terminated = { ...client, meta_agency: { ...client.meta_agency!, status: 'terminated' } };
    await sendClient(terminated);
    await settle();

    expect(await db().findOneByOrFail(Deal, { id: deal.id })).toMatchObject({ status: 'lost' });
    expect(pd.object('deal', deal.pd_deal_id!)).toMatchObject({ status: 'lost' });

    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, status: 'trial' } });
    await settle();
    expect(await db().findBy(Deal, { company_id: deal.company_id })).toEqual([expect.objectContaining({ id: deal.id, status: 'lost' })]);
    expect(pd.objects('deal').map((d) => d.status)).toEqual(['lost']);
  });

  it('7. an older TC2 event replayed after a newer one changes nothing, and is logged as stale', async () => {
    const client = newClient();
    const first = new Date((clock += 60_000));
    await sendClient(client, { at: first, action: 'CREATED_A_CLIENT' });
    await sendClient({ ...client, meta_agency: { ...client.meta_agency!, name: 'Riverside Tutors RENAMED' } });
    await sendClient(client, { at: first, action: 'CREATED_A_CLIENT' });
    await settle();

    expect(await companyOf(client)).toMatchObject({ name: 'Riverside Tutors RENAMED' });
    const [last] = await db().find(WebhookLog, { where: { source: 'tc2' }, order: { id: 'DESC' }, take: 1 });
    expect(last).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('stale') });
  });

  it('7. an older Pipedrive event delivered after a newer one changes nothing', async () => {
    const { company } = await syncedClient();
    const stale = { meta: { action: 'change', entity: 'organization', entity_id: String(company.pd_org_id), timestamp: new Date(Date.now() - DAY_MS).toISOString() } };
    const response = await fetch(`${hermes.url}/pipedrive/callback/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
      body: JSON.stringify({ ...stale, data: { id: company.pd_org_id, name: 'Yesterday’s Name', owner_id: seed.sales.pd_owner_id }, previous: { name: 'Brightside Tutors' } }),
    });
    expect(response.status).toBe(200);

    expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ name: 'Brightside Tutors' });
    const [last] = await db().find(WebhookLog, { where: { source: 'pipedrive' }, order: { id: 'DESC' }, take: 1 });
    expect(last).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('stale') });
  });

  it('9. TC2 input as v2 accepted it: ids as digit strings, a bare country code, a bare plan name', async () => {
    const client = newClient({ meta_agency: { country: 'GB', price_plan: 'startup' } });
    const body = tc2WebhookBody([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT' })]);
    const subject = body.events[0].subject as unknown as Record<string, unknown> & { meta_agency: Record<string, unknown>; paid_recipients: Record<string, unknown>[] };
    subject.id = String(subject.id);
    subject.meta_agency.id = String(subject.meta_agency.id);
    subject.meta_agency.paid_invoice_count = '0';
    subject.paid_recipients[0].id = String(subject.paid_recipients[0].id);
    (subject.sales_person as Record<string, unknown>).id = '301';

    expect((await tc2.sendWebhook(`${hermes.url}/tc2/callback/`, body)).status).toBe(200);
    expect(await companyOf(client)).toMatchObject({ tc2_agency_id: client.meta_agency!.id, country: 'GB', price_plan: 'startup', sales_person_id: seed.sales.id });
    expect(await db().findOneByOrFail(Contact, { tc2_sr_id: client.paid_recipients[0].id })).toMatchObject({ email: client.paid_recipients[0].email });
  });

  it('8. two bookings racing for one person: one is booked, the other told it clashes', async () => {
    // Both are with Google at once: neither had a meeting when it was checked.
    sandbox.googleCalendar.setLatency(300);
    const answers = await Promise.all([bookSales(), bookSales({ meeting_dt: meetingTime(90).toISOString() })]);
    sandbox.googleCalendar.setLatency(0);

    expect(answers).toEqual(
      expect.arrayContaining([{ status: 'ok' }, { status: 'error', message: 'You already have a meeting booked around this time.' }]),
    );
    expect(await db().count(Meeting)).toBe(1);
    expect(await db().count(Contact)).toBe(1);
    expect(sandbox.googleCalendar.events()).toHaveLength(1);
  });
});
