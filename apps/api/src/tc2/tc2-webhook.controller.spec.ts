import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin, Company, Contact, CustomField, CustomFieldValue, Deal, Meeting, Tc2UnchangedResend, WebhookLog } from '@hermes/database';
import { PD_TOKEN, Seed, seedBoth, until } from '@hermes/testing';
import {
  buildTc2Client,
  PipedriveSimulator,
  Tc2ClientOverrides,
  tc2ClientEvent,
  tc2DeletedClientEvent,
  tc2InvoiceEvent,
  Tc2SimClient,
  Tc2Simulator,
  tc2WebhookBody,
} from '@hermes/sandbox';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { HermesTestApp, simulatorEnv, startHermesApp } from '../__fixtures__/hermes-app.fixture';
import { CompaniesService } from '../core/companies/companies.service';
import { UNCHANGED_RESEND_TABLES } from '../core/companies/unchanged-resends.service';
import { SyncOutcomesService } from '../core/sync/sync-outcomes.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { AgencyClient, tc2ClientInput } from './tc2-client-input.util';

const TC2_KEY = 'tc2-webhook-key';
/** The TC2 admin id of the seeded sales person (the sandbox's default admin). */
const TC2_SALES_ID = 301;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A client that has just signed up: on trial, unpaid, created yesterday. */
function newClient(overrides: Tc2ClientOverrides = {}) {
  return buildTc2Client({
    ...overrides,
    meta_agency: {
      status: 'trial',
      paid_invoice_count: 0,
      created: new Date(Date.now() - DAY_MS).toISOString(),
      ...overrides.meta_agency,
    },
  });
}

describe('POST /tc2/callback/', () => {
  const tc2 = new Tc2Simulator({ apiKey: TC2_KEY });
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let hermes: HermesTestApp;
  let app: NestExpressApplication;
  let url: string;
  let dataSource: DataSource;
  let seed: Seed;

  const db = () => dataSource.manager;
  const send = (events: Parameters<typeof tc2WebhookBody>[0], signing: 'valid' | 'wrong' | 'missing' = 'valid') =>
    tc2.sendWebhook(url, tc2WebhookBody(events), { signing });
  const counts = async () => ({
    companies: await db().count(Company),
    contacts: await db().count(Contact),
    deals: await db().count(Deal),
    values: await db().count(CustomFieldValue),
  });
  const syncAll = async () => {
    const sync = app.get(PipedriveSyncService);
    for (const company of await db().find(Company)) await sync.syncCompany(company.id);
  };
  const queuedSyncs = async (companyId: number): Promise<number> => {
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'pipedrive.company-sync' AND data->>'companyId' = $1`, [
      String(companyId),
    ]);
    return count;
  };

  beforeAll(async () => {
    await Promise.all([tc2.start(), pd.start()]);
    hermes = await startHermesApp({ HERMES_ROLE: 'api', ...simulatorEnv({ tc2, pd }) });
    ({ app, dataSource } = hermes);
    url = `${hermes.url}/tc2/callback/`;
  });

  afterAll(async () => {
    await hermes?.stop();
    await Promise.all([tc2.stop(), pd.stop()]);
  });

  beforeEach(async () => {
    tc2.reset();
    seed = await seedBoth(dataSource, pd);
    await db().query('TRUNCATE webhook_log, event_clock RESTART IDENTITY');
    await db().update(Admin, { id: seed.sales.id }, { tc2_admin_id: TC2_SALES_ID });
  });

  it('answers simultaneous first deliveries of one client with 200 each and one company', async () => {
    const event = tc2ClientEvent(newClient(), { action: 'CREATED_A_CLIENT' });
    const deliveries = await Promise.all([send([event]), send([event]), send([event])]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect(await counts()).toMatchObject({ companies: 1, contacts: 1, deals: 1 });
  });

  it('applies an event that read the client before the previous event committed to what that event wrote: one deal, not two', async () => {
    const companies = app.get(CompaniesService);
    const client = newClient();
    const input = (sentAt: Date) => tc2ClientInput(client as AgencyClient, { field: null, sentAt }, () => undefined);
    const waitingForTurn = async () =>
      (await dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`)).length;
    // The client's company without a deal, as a support link adopts it: its next event makes the deal.
    await companies.adoptTc2Client(input(new Date(Date.now() - 60_000)));

    let commitFirst!: () => void;
    const firstWritten = new Promise<void>((written) => {
      void dataSource.transaction(async (manager) => {
        await companies.upsertFromTc2(input(new Date(Date.now() - 2_000)), manager);
        written();
        await new Promise<void>((resolve) => (commitFirst = resolve));
      });
    });
    await firstWritten;
    // TC2's resend reads the client while the first event's deal is not committed, then waits its turn.
    const resend = dataSource.transaction((manager) => companies.upsertFromTc2(input(new Date()), manager));
    await until(async () => (await waitingForTurn()) === 1);
    commitFirst();
    await resend;

    expect(await db().find(Deal, { select: { status: true } })).toEqual([{ status: 'open' }]);
  });

  it('turns a new client into a company, contact and deal, then Pipedrive objects; the same webhook again adds nothing', async () => {
    const client = newClient({
      extra_attrs: [
        { machine_name: 'referer', value: '  -Google Ads- ' },
        { machine_name: 'utm_source', value: 'NewsLetter' },
      ],
    });

    const delivery = await send([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT' })]);

    expect(delivery.status).toBe(200);
    expect(JSON.parse(delivery.responseBody!)).toEqual({ status: 'ok' });
    const company = await db().findOneByOrFail(Company, { tc2_agency_id: client.meta_agency!.id });
    expect(company).toMatchObject({
      name: 'Brightside Tutors',
      tc2_cligency_id: client.id,
      tc2_status: 'trial',
      country: 'GB',
      price_plan: 'payg',
      website: 'https://brightside.example',
      paid_invoice_count: 0,
      has_signed_up: true,
      narc: false,
      utm_source: 'newsletter',
      sales_person_id: seed.sales.id,
      support_person_id: seed.sales.id,
      bdr_person_id: null,
    });
    expect(company.created.toISOString()).toBe(new Date(client.meta_agency!.created).toISOString());
    const referer = await db().findOneByOrFail(CustomField, { machine_name: 'referer', linked_object_type: 'Company' });
    expect(await db().findBy(CustomFieldValue, { company_id: company.id })).toEqual([
      expect.objectContaining({ custom_field_id: referer.id, value: 'google ads' }),
    ]);
    const contacts = await db().findBy(Contact, { company_id: company.id });
    expect(contacts).toEqual([
      expect.objectContaining({ tc2_sr_id: 401, first_name: 'Jane', last_name: 'Doe', email: 'jane@brightside.example', phone: '+44 20 7946 0018' }),
    ]);
    const [deal] = await db().findBy(Deal, { company_id: company.id });
    expect(deal).toMatchObject({
      name: 'Brightside Tutors',
      status: 'open',
      admin_id: seed.sales.id,
      pipeline_id: seed.pipeline.id,
      stage_id: seed.entryStage.id,
      contact_id: contacts[0].id,
    });
    expect(await queuedSyncs(company.id)).toBe(1);

    await syncAll();
    const synced = await db().findOneByOrFail(Company, { id: company.id });
    expect(pd.object('organization', synced.pd_org_id!)).toMatchObject({
      name: 'Brightside Tutors',
      owner_id: seed.sales.pd_owner_id,
      custom_fields: expect.objectContaining({ company_hermes_id: company.id, company_referer: 'google ads', company_utm_source: 'newsletter' }),
    });
    const contact = await db().findOneByOrFail(Contact, { id: contacts[0].id });
    expect(pd.object('person', contact.pd_person_id!)).toMatchObject({ name: 'Jane Doe', org_id: synced.pd_org_id, owner_id: seed.sales.pd_owner_id });
    const syncedDeal = await db().findOneByOrFail(Deal, { id: deal.id });
    expect(pd.object('deal', syncedDeal.pd_deal_id!)).toMatchObject({
      title: 'Brightside Tutors',
      owner_id: seed.sales.pd_owner_id,
      stage_id: seed.entryStage.pd_stage_id,
      custom_fields: expect.objectContaining({ deal_hermes_id: deal.id, deal_website: 'https://brightside.example' }),
    });

    const before = await counts();
    const pdObjects = () => ['organization', 'person', 'deal'].map((e) => pd.objects(e as 'deal').length);
    const pdBefore = pdObjects();
    expect((await send([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT' })])).status).toBe(200);
    await syncAll();
    expect(await counts()).toEqual(before);
    expect(pdObjects()).toEqual(pdBefore);
  });

  it("queues no sync for a resend that changes nothing, unless the company's last sync failed for good", async () => {
    const client = newClient();
    await send([tc2ClientEvent(client)]);
    await syncAll();
    const company = await db().findOneByOrFail(Company, { tc2_cligency_id: client.id });
    await dataSource.query('DELETE FROM pgboss.job');

    expect((await send([tc2ClientEvent(client)])).status).toBe(200);
    expect(await queuedSyncs(company.id)).toBe(0);

    await app.get(SyncOutcomesService).failedForGood(company.id, 'Pipedrive answered 503');
    expect((await send([tc2ClientEvent(client)])).status).toBe(200);
    expect(await queuedSyncs(company.id)).toBe(1);
  });

  it('updates the company and contacts from an edited client, clearing admins TC2 cleared', async () => {
    const client = newClient();
    await send([tc2ClientEvent(client)]);

    const edited = newClient({
      associated_admin: null,
      user: { phone: '+44 1632 960000' },
      paid_recipients: [{ id: 401, first_name: 'Janet', last_name: 'Doe', email: 'janet@brightside.example' }],
      meta_agency: {
        name: 'Brightside Learning',
        price_plan: '2-startup',
        country: 'Ireland (IE)',
        status: 'active',
        paid_invoice_count: 3,
        created: 1767605400,
        pay0_dt: '2026-02-01T10:00:00Z',
        gclid: 'AbC-123',
        gclid_expiry_dt: '2026-03-01T10:00:00Z',
      },
    });
    expect((await send([tc2ClientEvent(edited)])).status).toBe(200);

    const company = await db().findOneByOrFail(Company, { tc2_agency_id: 201 });
    expect(company).toMatchObject({
      name: 'Brightside Learning',
      price_plan: 'startup',
      country: 'IE',
      tc2_status: 'active',
      paid_invoice_count: 3,
      support_person_id: null,
      gclid: 'AbC-123',
      narc: false,
    });
    expect(company.created.toISOString()).toBe('2026-01-05T09:30:00.000Z');
    expect(company.pay0_dt?.toISOString()).toBe('2026-02-01T10:00:00.000Z');
    expect(company.gclid_expiry_dt?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(await db().findBy(Contact, { company_id: company.id })).toEqual([
      expect.objectContaining({ tc2_sr_id: 401, first_name: 'Janet', email: 'janet@brightside.example', phone: '+44 1632 960000' }),
    ]);
  });

  it('uses payg for a price plan it does not know', async () => {
    await send([tc2ClientEvent(newClient({ meta_agency: { price_plan: '9-galactic' } }))]);
    expect(await db().findOneByOrFail(Company, { tc2_agency_id: 201 })).toMatchObject({ price_plan: 'payg' });
  });

  it('keeps one company per TC2 client when TC2 sends the client under a meta agency new to Hermes', async () => {
    const client = newClient();
    await send([tc2ClientEvent(client)]);
    const company = await db().findOneByOrFail(Company, { tc2_agency_id: 201 });

    const moved = { ...client, meta_agency: { ...client.meta_agency!, id: 202, name: 'Brightside Tutors (new account)' } };
    expect((await send([tc2ClientEvent(moved)])).status).toBe(200);
    expect(await db().find(Company)).toEqual([expect.objectContaining({ id: company.id, tc2_agency_id: 202, tc2_cligency_id: client.id })]);

    // The first agency's company comes back under its own id: the client is the later agency's, not both.
    const other = await db().save(Company, { name: 'Old account', tc2_agency_id: 201, tc2_cligency_id: client.id + 1, sales_person_id: seed.sales.id });
    expect((await send([tc2ClientEvent({ ...client, meta_agency: { ...client.meta_agency!, id: 201 } })])).status).toBe(200);
    expect(await db().findOneByOrFail(Company, { id: other.id })).toMatchObject({ tc2_cligency_id: client.id });
    expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ tc2_cligency_id: null, tc2_agency_id: 202 });
  });

  it('deletes the company of a deleted client with its contacts, deals and meetings', async () => {
    const client = newClient();
    await send([tc2ClientEvent(client)]);
    const company = await db().findOneByOrFail(Company, { tc2_agency_id: 201 });
    const [contact] = await db().findBy(Contact, { company_id: company.id });
    const [deal] = await db().findBy(Deal, { company_id: company.id });
    await db().save(Meeting, { meeting_type: 'sales', admin_id: seed.sales.id, contact_id: contact.id, deal_id: deal.id });

    expect((await send([tc2DeletedClientEvent(client)])).status).toBe(200);

    expect(await counts()).toEqual({ companies: 0, contacts: 0, deals: 0, values: 0 });
    expect(await db().count(Meeting)).toBe(0);
  });

  it('refetches the client of an invoice event from TC2 and updates the company', async () => {
    await send([tc2ClientEvent(newClient())]);
    const seeded = tc2.seedClient({ ...newClient({ meta_agency: { paid_invoice_count: 1, status: 'active' } }) });

    expect((await send([tc2InvoiceEvent(seeded, { id: 77 }, { action: 'CLIENT_PAID_INVOICE' })])).status).toBe(200);

    expect(tc2.requestsTo(`/api/clients/${seeded.id}/`, 'GET')).toHaveLength(1);
    expect(await db().findOneByOrFail(Company, { tc2_agency_id: 201 })).toMatchObject({ paid_invoice_count: 1, tc2_status: 'active' });
  });

  it('ignores other models and AGREE_TERMS events, but not the rest of their batch', async () => {
    const other = { ...tc2ClientEvent(newClient()), subject: { model: 'Lesson', id: 5 } };
    const terms = tc2ClientEvent(newClient({ meta_agency: { id: 202, name: 'Ignored' } }), { action: 'AGREE_TERMS' });

    expect((await send([other, terms, tc2ClientEvent(newClient())])).status).toBe(200);

    expect((await db().find(Company)).map((c) => c.name)).toEqual(['Brightside Tutors']);
    expect(await db().find(WebhookLog, { order: { id: 'ASC' } })).toEqual([
      expect.objectContaining({ source: 'tc2', entity: 'Lesson', outcome: 'ignored', reason: 'Hermes does not process Lesson events' }),
      expect.objectContaining({ entity: 'Client', action: 'AGREE_TERMS', outcome: 'ignored' }),
      expect.objectContaining({ entity: 'Client', outcome: 'applied' }),
    ]);
  });

  it.each(['missing', 'wrong'] as const)('refuses a %s signature with 403 and changes nothing', async (signing) => {
    const delivery = await send([tc2ClientEvent(newClient())], signing);
    expect(delivery.status).toBe(403);
    expect(delivery.responseBody).not.toContain(TC2_KEY);
    expect(await counts()).toEqual({ companies: 0, contacts: 0, deals: 0, values: 0 });
  });

  it('answers 422 naming events when they are not a list', async () => {
    const delivery = await tc2.sendWebhook(url, { events: { oops: true } });
    expect(delivery.status).toBe(422);
    expect(JSON.parse(delivery.responseBody!).fields).toHaveProperty('events');
  });

  it('answers 422 naming a mistyped subject field', async () => {
    const event = tc2ClientEvent(newClient());
    (event.subject as unknown as { meta_agency: { paid_invoice_count: unknown } }).meta_agency.paid_invoice_count = 'lots';
    const delivery = await send([event]);
    expect(delivery.status).toBe(422);
    expect(JSON.parse(delivery.responseBody!).fields).toHaveProperty(['events.0.subject.meta_agency.paid_invoice_count']);
    expect(await counts()).toEqual({ companies: 0, contacts: 0, deals: 0, values: 0 });
  });

  it('checks the signature before reading the body: unsigned non-JSON is refused with 403', async () => {
    expect((await tc2.sendWebhook(url, '{not json', { signing: 'wrong' })).status).toBe(403);
    expect((await tc2.sendWebhook(url, '{not json', { signing: 'missing' })).status).toBe(403);
  });

  it('answers malformed bodies with a 4xx, never a 5xx, and changes nothing', async () => {
    const client = tc2ClientEvent(newClient());
    const withAgency = (changes: Record<string, unknown>) => ({
      events: [{ ...client, subject: { ...client.subject, meta_agency: { ...(client.subject.meta_agency as object), ...changes } } }],
    });
    const bodies: unknown[] = [
      '{not json',
      [],
      'null',
      { events: [null] },
      { events: [[]] },
      { events: [[client]] },
      { events: [{ ...client, subject: { ...client.subject, paid_recipients: [[]] } }] },
      { events: [{ ...client, subject: { ...client.subject, extra_attrs: [[]] } }] },
      { events: [{ action: 'EDITED_A_CLIENT' }] },
      { events: [{ action: 'EDITED_A_CLIENT', subject: 'Client' }] },
      { events: [{ ...client, subject: { ...client.subject, user: undefined } }] },
      { events: [{ action: 'RAISED_INVOICE', subject: { model: 'Invoice', id: 9 } }] },
      { events: [{ action: 'RAISED_INVOICE', subject: { model: 'Invoice', id: 9, client: { id: 0 } } }] },
      withAgency({ name: 'x'.repeat(300) }),
      withAgency({ id: 2 ** 40 }),
      withAgency({ created: 'yesterday' }),
      withAgency({ status: 'a status far too long for its column' }),
    ];
    for (const body of bodies) {
      const delivery = await tc2.sendWebhook(url, body);
      expect({ body, status: [400, 422].includes(delivery.status!) ? '4xx' : delivery.status }).toEqual({ body, status: '4xx' });
    }
    expect(await counts()).toEqual({ companies: 0, contacts: 0, deals: 0, values: 0 });
  });

  it('ignores the fields of models it does not process, whatever their shape', async () => {
    const lesson = { action: 'EDITED_A_LESSON', verb: 'Edited a Lesson', subject: { model: 'Lesson', id: 5, user: 'tutor', status: 3 } };
    expect((await tc2.sendWebhook(url, { events: [lesson] })).status).toBe(200);
  });

  it('answers 422 naming an unknown TC2 admin, leaving the earlier events of the request undone', async () => {
    const unknown = newClient({ meta_agency: { id: 202 }, bdr_person: { id: 999, first_name: 'Who', last_name: 'Else', email: 'who@x.example' } });
    const delivery = await send([tc2ClientEvent(newClient()), tc2ClientEvent(unknown)]);

    expect(delivery.status).toBe(422);
    const body = JSON.parse(delivery.responseBody!);
    expect(body.fields).toEqual({ 'events.1.subject.bdr_person.id': ['no admin has TC2 admin id 999'] });
    expect(await counts()).toEqual({ companies: 0, contacts: 0, deals: 0, values: 0 });
    expect(await db().find(WebhookLog)).toEqual([
      expect.objectContaining({ outcome: 'rejected', reason: 'events.1.subject.bdr_person.id: no admin has TC2 admin id 999' }),
      expect.objectContaining({ outcome: 'rejected' }),
    ]);
  });

  it('ignores a stale event as stale even when it names an admin Hermes does not know', async () => {
    const client = newClient();
    const now = Date.now();
    expect((await send([tc2ClientEvent(client, { timestamp: new Date(now) })])).status).toBe(200);
    const older = { ...client, bdr_person: { id: 999, first_name: 'Who', last_name: 'Else', email: 'who@x.example' } };

    expect((await send([tc2ClientEvent(older, { timestamp: new Date(now - 60_000) })])).status).toBe(200);
    expect(await counts()).toMatchObject({ companies: 1, contacts: 1, deals: 1 });
    expect((await db().find(WebhookLog, { order: { id: 'ASC' } })).map((log) => log.outcome)).toEqual(['applied', 'ignored']);
  });

  it("holds the company's waiting sync back for a stale event of its client, as for one that applied", async () => {
    const client = newClient();
    const now = Date.now();
    expect((await send([tc2ClientEvent(client, { timestamp: new Date(now) })])).status).toBe(200);
    const due = async (): Promise<number> => {
      const [job] = await dataSource.query(
        `SELECT start_after FROM pgboss.job WHERE name = 'pipedrive.company-sync' AND state = 'created'
           AND data->>'companyId' = (SELECT id::text FROM company WHERE tc2_cligency_id = $1)`,
        [client.id],
      );
      return job.start_after.getTime();
    };
    const first = await due();

    await new Promise((resolve) => setTimeout(resolve, 100));
    // An edit TC2 made earlier, delivered after: out of order within a burst, so the burst is not over.
    expect((await send([tc2ClientEvent({ ...client, meta_agency: { ...client.meta_agency!, website: 'https://older.example' } }, { timestamp: new Date(now - 1_000) })])).status).toBe(200);

    expect((await db().find(WebhookLog, { order: { id: 'DESC' }, take: 1 }))[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^stale/) });
    expect(await due()).toBeGreaterThanOrEqual(first + 100);
  });

  it("answers 400 with v2's message when the client has no sales person", async () => {
    const delivery = await send([tc2ClientEvent(newClient({ sales_person: null }))]);

    expect(delivery.status).toBe(400);
    expect(JSON.parse(delivery.responseBody!).message).toBe(
      'Company (ID: 201, Name: Brightside Tutors) must have a sales_person, Please add one in TC2',
    );
    expect(await counts()).toEqual({ companies: 0, contacts: 0, deals: 0, values: 0 });
  });

  it.each([
    ['a live account', { status: 'active' }],
    ['an account older than 90 days', { created: new Date(Date.now() - 91 * DAY_MS).toISOString() }],
    ['an account with a paid invoice', { paid_invoice_count: 1 }],
  ])('creates no deal for %s', async (_case, metaAgency) => {
    await send([tc2ClientEvent(newClient({ meta_agency: metaAgency }))]);
    expect(await counts()).toMatchObject({ companies: 1, contacts: 1, deals: 0 });
  });

  it('accepts a user without an email, giving the first recipient the user email of another recipient', async () => {
    const client = newClient({
      user: { email: null },
      paid_recipients: [
        { id: 401, first_name: 'Jane', last_name: 'Doe', email: null },
        { id: 402, first_name: 'Joe', last_name: 'Bloggs', email: 'joe@brightside.example' },
      ],
    });

    expect((await send([tc2ClientEvent(client)])).status).toBe(200);

    const contacts = await db().find(Contact, { order: { tc2_sr_id: 'ASC' } });
    expect(contacts.map((c) => [c.tc2_sr_id, c.email])).toEqual([
      [401, 'joe@brightside.example'],
      [402, 'joe@brightside.example'],
    ]);
  });

  it('purges a narc company from Pipedrive', async () => {
    const client = newClient();
    await send([tc2ClientEvent(client)]);
    await syncAll();
    expect(pd.objects('organization')).toHaveLength(1);

    expect((await send([tc2ClientEvent(newClient({ meta_agency: { narc: true } }))])).status).toBe(200);
    await syncAll();

    expect(await db().findOneByOrFail(Company, { tc2_agency_id: 201 })).toMatchObject({ narc: true, pd_org_id: null });
    expect(pd.objects('organization')).toHaveLength(0);
    expect(pd.objects('person')).toHaveLength(0);
    expect(pd.objects('deal')).toHaveLength(0);
  });

  describe('a resend that changes nothing', () => {
    /** The statements the API's data source runs while `act` does. */
    const statementsDuring = async (act: () => Promise<unknown>): Promise<string[]> => {
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        await act();
        return spy.mock.calls.map(([sql]) => sql);
      } finally {
        spy.mockRestore();
      }
    };
    const resend = (client: Tc2SimClient, timestamp = new Date()) => send([tc2ClientEvent(client, { timestamp })]);
    /** A client in Hermes and in Pipedrive, its resend remembered as changing nothing. */
    const remembered = async (client: Tc2SimClient = newClient()) => {
      await resend(client);
      await syncAll();
      await resend(client);
      return db().findOneByOrFail(Company, { tc2_cligency_id: client.id });
    };

    it('is answered in one statement, logged as the upsert logs it, and moves the clock on', async () => {
      const client = newClient();
      const company = await remembered(client);
      await dataSource.query('DELETE FROM pgboss.job');
      const before = await counts();
      const at = new Date();

      const statements = await statementsDuring(async () => expect((await resend(client, at)).status).toBe(200));

      expect(statements).toHaveLength(1);
      expect(await counts()).toEqual(before);
      expect(await queuedSyncs(company.id)).toBe(0);
      const [last] = await db().find(WebhookLog, { order: { id: 'DESC' }, take: 1 });
      expect(last).toMatchObject({ source: 'tc2', entity: 'Client', action: 'EDITED_A_CLIENT', external_id: String(client.id), outcome: 'applied' });
      expect(last).toMatchObject({ reason: null, via: 'webhook', company_id: company.id, hermes_id: company.id, fields: null });
      // An edit TC2 sent earlier than that resend, arriving after it, is stale.
      const late = newClient({ meta_agency: { name: 'Renamed Late' } });
      expect((await resend(late, new Date(at.getTime() - 1_000))).status).toBe(200);
      expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ name: 'Brightside Tutors' });
      expect((await db().find(WebhookLog, { order: { id: 'DESC' }, take: 1 }))[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^stale/) });
    });

    it('leaves a remembered resend older than the last event applied to the upsert, which logs it stale', async () => {
      const client = newClient();
      await remembered(client);
      const older = new Date(Date.now() - 60_000);

      const statements = await statementsDuring(async () => expect((await resend(client, older)).status).toBe(200));

      expect(statements.length).toBeGreaterThan(1);
      expect((await db().find(WebhookLog, { order: { id: 'DESC' }, take: 1 }))[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^stale/) });
    });

    it('reads no table the shortcut does not check, so what the upsert decides from cannot change unseen', async () => {
      // The upsert's widest reads: a lead whose price plan has no pipeline, so each resend looks for one.
      await dataSource.query('UPDATE config SET payg_pipeline_id = NULL');
      const client = newClient();
      await resend(client);
      await syncAll();
      await dataSource.query('DELETE FROM tc2_unchanged_resend');

      const statements = await statementsDuring(() => resend(client));

      // The upsert's own statements: not the shortcut's attempt, nor its remembering the outcome.
      const upsert = statements.filter((sql) => !sql.includes('tc2_unchanged_resend'));
      const read = new Set(upsert.flatMap((sql) => [...sql.matchAll(/\b(?:FROM|JOIN)\s+"?(\w+)"?/gi)].map(([, table]) => table)));
      expect(read).toContain('config');
      expect([...read].filter((table) => ![...UNCHANGED_RESEND_TABLES, 'event_clock'].includes(table))).toEqual([]);
      expect(await db().count(Tc2UnchangedResend)).toBe(1);
    });

    it('takes the upsert once a pipeline for its plan is configured, and gets its deal', async () => {
      await dataSource.query('UPDATE config SET payg_pipeline_id = NULL');
      const client = newClient();
      await remembered(client);
      expect(await counts()).toMatchObject({ deals: 0 });

      await dataSource.query('UPDATE config SET payg_pipeline_id = $1', [seed.pipeline.id]);
      expect((await resend(client)).status).toBe(200);

      expect(await db().find(Deal)).toEqual([expect.objectContaining({ status: 'open', pipeline_id: seed.pipeline.id })]);
    });

    it("is refused once the client's admin is unknown to Hermes", async () => {
      const client = newClient();
      await remembered(client);
      await db().update(Admin, { id: seed.sales.id }, { tc2_admin_id: TC2_SALES_ID + 1 });

      const delivery = await resend(client);

      expect(delivery.status).toBe(422);
      expect(JSON.parse(delivery.responseBody!).fields).toEqual({ 'events.0.subject.sales_person.id': [`no admin has TC2 admin id ${TC2_SALES_ID}`] });
    });

    it('takes the upsert after a salesperson edit in Pipedrive changed the company, leaving the edit', async () => {
      const client = newClient();
      const company = await remembered(client);
      await db().update(Company, { id: company.id }, { website: 'https://edited-in-pipedrive.example' });
      await dataSource.query('DELETE FROM pgboss.job');

      const statements = await statementsDuring(() => resend(client));

      expect(statements.length).toBeGreaterThan(1);
      expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ website: 'https://edited-in-pipedrive.example' });
      // Remembered again as it now stands: the next resend is one statement.
      expect(await statementsDuring(() => resend(client))).toHaveLength(1);
    });

    it('waits for an event of the client that changes it, then applies what it sends', async () => {
      const companies = app.get(CompaniesService);
      const client = newClient();
      const company = await remembered(client);
      const renamed = newClient({ meta_agency: { name: 'Renamed Meanwhile' } });
      const waitingForClock = async () =>
        (await dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%tc2_unchanged_resend%'`)).length;

      // The rename has taken its turn and written, not committed, when TC2 sends the old name again, later.
      let commitRename!: () => void;
      const renameWritten = new Promise<void>((written) => {
        void dataSource.transaction(async (manager) => {
          await companies.upsertFromTc2(tc2ClientInput(renamed as AgencyClient, { field: null, sentAt: new Date() }, () => undefined), manager);
          written();
          await new Promise<void>((resolve) => (commitRename = resolve));
        });
      });
      await renameWritten;
      const delivery = resend(client, new Date(Date.now() + 1_000));
      await until(async () => (await waitingForClock()) === 1);
      commitRename();

      expect((await delivery).status).toBe(200);
      expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ name: 'Brightside Tutors' });
    });

    it('waits for a deletion of the client, then makes the company again from its later resend', async () => {
      const companies = app.get(CompaniesService);
      const client = newClient();
      await remembered(client);
      let commitDeletion!: () => void;
      const deleted = new Promise<void>((done) => {
        void dataSource.transaction(async (manager) => {
          await companies.deleteTc2Client(client.id, new Date(), manager);
          done();
          await new Promise<void>((resolve) => (commitDeletion = resolve));
        });
      });
      await deleted;
      const delivery = resend(client, new Date(Date.now() + 1_000));
      await until(async () => (await dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%tc2_unchanged_resend%'`)).length === 1);
      commitDeletion();

      expect((await delivery).status).toBe(200);
      expect(await db().findOneBy(Company, { tc2_cligency_id: client.id })).toMatchObject({ name: 'Brightside Tutors' });
    });
  });
});
