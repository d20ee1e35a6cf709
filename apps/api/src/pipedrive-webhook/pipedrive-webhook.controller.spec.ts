import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin, Company, Contact, Deal, Meeting, Pipeline, Stage, WebhookLog } from '@hermes/database';
import { PipedriveSimulator, Tc2Simulator } from '@hermes/sandbox';
import { addMeeting, CompanyFixture, createCompany, fieldKey, PD_TOKEN, Seed, seedBoth, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesTestApp, simulatorEnv, startHermesApp } from '../__fixtures__/hermes-app.fixture';

import { PipedriveClient } from '../pipedrive/pipedrive.client';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { JobRecordsService } from '../jobs/job-records.service';

const TC2_KEY = 'tc2-key';
const USER = 'pipedrive';
const PASSWORD = 'webhook-secret';
const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const HERMES_ID = { organization: fieldKey('Company', 'hermes_id'), person: fieldKey('Contact', 'hermes_id'), deal: fieldKey('Deal', 'hermes_id') };
const QUESTIONNAIRE = fieldKey('Company', 'signup_questionnaire');
const extraAttrs = (save: { payload: unknown }) => (save.payload as { extra_attrs: Record<string, unknown> }).extra_attrs;

describe('POST /pipedrive/callback/', () => {
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  const tc2 = new Tc2Simulator({ apiKey: TC2_KEY });
  let hermes: HermesTestApp;
  let app: NestExpressApplication;
  let url: string;
  let dataSource: DataSource;
  let seed: Seed;

  const db = () => dataSource.manager;
  const post = (body: string | object, authorization: string | null = AUTH) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const log = () => db().find(WebhookLog, { order: { id: 'ASC' } });
  const lastLog = async () => (await log()).at(-1)!;
  const counts = async () => ({
    companies: await db().count(Company),
    contacts: await db().count(Contact),
    deals: await db().count(Deal),
    meetings: await db().count(Meeting),
  });
  /** Applies every webhook the simulator has queued, then lets the jobs they enqueued finish. */
  const settle = async () => {
    await pd.flushWebhooks();
    await until(async () => Object.values(await app.get(JobRecordsService).pendingCounts()).every((count) => count === 0), 15_000).catch(async (error) => {
      console.log(JSON.stringify(await app.get(JobRecordsService).pendingCounts()), JSON.stringify(await app.get(JobRecordsService).failed()));
      throw error;
    });
  };

  /** A company from TC2 (its client in the TC2 simulator), synced to Pipedrive, the echoes applied. */
  const syncedCompany = async (name = 'Brightside Tutors', email = 'jane@brightside.example'): Promise<CompanyFixture> => {
    const fixture = await createCompany(dataSource, seed, name, email);
    const client = tc2.seedClient({ user: { email, first_name: 'Jane', last_name: 'Van Dyke' } });
    await db().update(Company, fixture.company.id, { tc2_cligency_id: client.id, tc2_agency_id: client.meta_agency!.id });
    await app.get(PipedriveSyncService).syncCompany(fixture.company.id);
    await settle();
    tc2.saves.length = 0;
    const reload = async <T extends { id: number }>(entity: new () => T, id: number) => db().findOneByOrFail(entity, { id } as never);
    return {
      company: await reload(Company, fixture.company.id),
      contact: await reload(Contact, fixture.contact.id),
      deal: await reload(Deal, fixture.deal.id),
    };
  };

  beforeAll(async () => {
    await Promise.all([pd.start(), tc2.start()]);
    hermes = await startHermesApp({ HERMES_ROLE: 'all', ...simulatorEnv({ tc2, pd }), PD_WEBHOOK_USER: USER, PD_WEBHOOK_PASSWORD: PASSWORD });
    ({ app, dataSource } = hermes);
    url = `${hermes.url}/pipedrive/callback/`;
  });

  beforeEach(async () => {
    seed = await seedBoth(dataSource, pd);
    await db().query('TRUNCATE webhook_log RESTART IDENTITY');
    tc2.reset();
    for (const entity of ['organization', 'person', 'deal', 'pipeline', 'stage'] as const) {
      await app.get(PipedriveClient).createWebhook({
        name: `Hermes ${entity}`,
        subscription_url: url,
        event_action: '*',
        event_object: entity,
        http_auth_user: USER,
        http_auth_password: PASSWORD,
      });
    }
  });

  afterAll(async () => {
    await hermes?.stop();
    await Promise.all([pd.stop(), tc2.stop()]);
  });

  describe('refuses what it cannot trust or read', () => {
    const body = { meta: { action: 'delete', entity: 'organization', entity_id: '1' }, data: null, previous: { id: 1, name: 'X' } };

    it.each([
      ['no', null],
      ['wrong', `Basic ${Buffer.from(`${USER}:nope`).toString('base64')}`],
      ['a non-Basic', 'Bearer abc'],
    ])('answers 401 to %s credentials, before reading the body', async (_name, authorization) => {
      for (const payload of [body, '{not json']) {
        const response = await post(payload, authorization);
        expect(response.status).toBe(401);
      }
      expect(await log()).toEqual([]);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const response = await post('{"meta": ');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: 'The body is not valid JSON' });
    });

    it('answers 422 naming the field when the envelope is not a webhooks v2 event, changing nothing', async () => {
      const fixture = await syncedCompany();
      const before = await counts();
      const cases: [object, string][] = [
        [{ data: {} }, 'meta'],
        [{ meta: { action: 'merged', entity: 'organization', entity_id: '1' } }, 'meta.action'],
        [{ meta: { action: 'change', entity: 'organization', entity_id: '1' }, data: null }, 'data'],
        [{ meta: { action: 'change', entity: 'organization', entity_id: 'x' }, data: { name: 'A' } }, 'meta.entity_id'],
        [{ meta: { action: 'change', entity: 'organization' }, data: 'Acme' }, 'data'],
      ];
      for (const [payload, field] of cases) {
        const response = await post(payload);
        expect(response.status).toBe(422);
        expect(((await response.json()) as { fields: object }).fields).toHaveProperty([field]);
      }
      expect(await counts()).toEqual(before);
      expect(await db().findOneByOrFail(Company, { id: fixture.company.id })).toMatchObject({ pd_org_id: fixture.company.pd_org_id });
    });

    it('acknowledges entities Hermes does not process, and logs them', async () => {
      const response = await post({ meta: { action: 'create', entity: 'note', entity_id: '9' }, data: { id: 9 }, previous: null });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      expect(await lastLog()).toMatchObject({ source: 'pipedrive', entity: 'note', action: 'create', external_id: '9', outcome: 'ignored' });
    });
  });

  describe('organizations', () => {
    it('create a Company for an organization made in Pipedrive, and give it its Hermes id there', async () => {
      const org = pd.createInApp('organization', { name: 'Made In Pipedrive', owner_id: seed.sales.pd_owner_id });
      await settle();

      const company = await db().findOneByOrFail(Company, { pd_org_id: org.id });
      expect(company).toMatchObject({ name: 'Made In Pipedrive', sales_person_id: seed.sales.id });
      expect(pd.object('organization', org.id)!.custom_fields).toMatchObject({ [HERMES_ID.organization]: company.id });
      expect(await log()).toContainEqual(expect.objectContaining({ entity: 'organization', action: 'create', outcome: 'applied', hermes_id: company.id }));
    });

    it('log, and acknowledge, a new organization whose owner is not a Hermes admin', async () => {
      const stranger = pd.seedUser({ name: 'Stranger', email: 'stranger@example.com' });
      pd.createInApp('organization', { name: 'Nobody Owns Me', owner_id: stranger.id });
      const [delivery] = await pd.flushWebhooks();

      expect(delivery.status).toBe(200);
      expect(await db().count(Company)).toBe(0);
      expect(await lastLog()).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining(`owner ${stranger.id} is not a Hermes admin`) });
    });

    it('apply a rename, a new owner and custom fields, then update the TC2 client', async () => {
      const { company } = await syncedCompany();
      tc2.seedAdmin({ id: 777, first_name: 'Kim', last_name: 'Lee', email: 'kim@tutorcruncher.com' });
      const owner = pd.seedUser({ name: 'Kim Lee', email: 'kim@tutorcruncher.com' });
      const other = await db().save(Admin, { username: 'kim@tutorcruncher.com', pd_owner_id: owner.id, tc2_admin_id: 777 });
      pd.editInApp('organization', company.pd_org_id!, {
        name: 'Brightside Learning',
        owner_id: other.pd_owner_id,
        custom_fields: { [fieldKey('Company', 'website')]: 'https://brightside.example/new', [fieldKey('Company', 'referer')]: 'a friend' },
      });
      await settle();

      const updated = await db().findOneByOrFail(Company, { id: company.id });
      expect(updated).toMatchObject({ name: 'Brightside Learning', sales_person_id: other.id, website: 'https://brightside.example/new' });
      const [save] = tc2.saves;
      expect(save).toMatchObject({ clientId: company.tc2_cligency_id });
      expect(save.payload).toMatchObject({ sales_person: 777, extra_attrs: expect.objectContaining({ website: 'https://brightside.example/new', referer: 'a friend' }) });
    });

    it('keep the sales person when the new owner is unknown, saying so in the log', async () => {
      const { company } = await syncedCompany();
      const stranger = pd.seedUser({ name: 'Stranger', email: 'stranger@example.com' });
      pd.editInApp('organization', company.pd_org_id!, { owner_id: stranger.id, name: 'Renamed' });
      await settle();

      expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({ name: 'Renamed', sales_person_id: seed.sales.id });
      expect(await lastLog()).toMatchObject({ outcome: 'applied', reason: expect.stringContaining('sales person unchanged') });
    });

    it('put back a signup questionnaire edited in Pipedrive', async () => {
      const { company } = await syncedCompany();
      await db().update(Company, company.id, { signup_questionnaire: { tutors: 12 } });
      await app.get(PipedriveSyncService).syncCompany(company.id);
      await settle();
      pd.editInApp('organization', company.pd_org_id!, { custom_fields: { [QUESTIONNAIRE]: 'edited by hand' } });
      await settle();

      expect((await db().findOneByOrFail(Company, { id: company.id })).signup_questionnaire).toEqual({ tutors: 12 });
      expect(pd.object('organization', company.pd_org_id!)!.custom_fields).toMatchObject({ [QUESTIONNAIRE]: '{"tutors":12}' });
    });

    it('on delete, keep the company with its TC2 link, marked deleted in Pipedrive, and tell TC2 it has no organization', async () => {
      const { company } = await syncedCompany();
      pd.deleteInApp('organization', company.pd_org_id!);
      await settle();

      expect(await db().findOneByOrFail(Company, { id: company.id })).toMatchObject({
        pd_removed: 'deleted',
        pd_removed_at: expect.any(Date),
        pd_org_id: null,
        tc2_cligency_id: company.tc2_cligency_id,
      });
      expect(await counts()).toEqual({ companies: 1, contacts: 1, deals: 1, meetings: 0 });
      const [save] = tc2.saves;
      expect(save).toMatchObject({ clientId: company.tc2_cligency_id });
      expect(extraAttrs(save)).toMatchObject({ pipedrive_url: null });
      expect(await lastLog()).toMatchObject({ action: 'delete', outcome: 'applied', reason: expect.stringContaining('company kept') });
    });

    it('acknowledge the delete of an organization Hermes never had', async () => {
      const org = pd.createInApp('organization', { name: 'Gone Soon', owner_id: pd.seedUser({ name: 'X', email: 'x@example.com' }).id });
      pd.deleteInApp('organization', org.id);
      const deliveries = await pd.flushWebhooks();

      expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
      expect(await lastLog()).toMatchObject({ action: 'delete', outcome: 'ignored', reason: `Hermes has no company linked to organization ${org.id}` });
    });

    it('on a merge, keep the absorbed company, and the survivor its link', async () => {
      const first = await syncedCompany('First Tutors', 'first@example.com');
      const second = await syncedCompany('Second Tutors', 'second@example.com');
      pd.merge('organization', first.company.pd_org_id!, second.company.pd_org_id!);
      await settle();

      expect(await db().findOneByOrFail(Company, { id: second.company.id })).toMatchObject({ pd_org_id: second.company.pd_org_id });
      // The survivor has its own company: the absorbed one is kept, marked, and not made again.
      expect(await db().findOneByOrFail(Company, { id: first.company.id })).toMatchObject({ pd_org_id: null, pd_removed: 'merged' });
      expect(await db().count(Contact)).toBe(2);
      expect(await log()).toContainEqual(expect.objectContaining({ action: 'delete', outcome: 'applied', reason: expect.stringContaining('marked as merged away, not deleted') }));
    });

    it('resolve a merged hermes_id to the company linked to the organization, and tell Pipedrive', async () => {
      const first = await syncedCompany('First Tutors', 'first@example.com');
      const second = await syncedCompany('Second Tutors', 'second@example.com');
      const org = pd.object('organization', second.company.pd_org_id!)!;
      const merged = `${first.company.id}, ${second.company.id}`;
      const response = await post({
        meta: { action: 'change', entity: 'organization', entity_id: String(org.id), merged_from_id: String(first.company.pd_org_id), change_source: 'app' },
        data: { ...org, custom_fields: { [HERMES_ID.organization]: { type: 'varchar', value: merged } } },
        previous: { custom_fields: { [HERMES_ID.organization]: { type: 'varchar', value: String(second.company.id) } } },
      });
      expect(response.status).toBe(200);
      await settle();

      expect(await db().findOneByOrFail(Company, { id: second.company.id })).toMatchObject({ pd_org_id: org.id });
      expect(await db().findOneByOrFail(Company, { id: first.company.id })).toMatchObject({ pd_org_id: first.company.pd_org_id });
      const patches = pd.requests.filter((r) => r.method === 'PATCH' && r.path === `/api/v2/organizations/${org.id}`);
      expect(patches.at(-1)!.body).toEqual({ custom_fields: { [HERMES_ID.organization]: second.company.id } });
    });

    it('use the first id of a merged hermes_id when no company is linked to the organization', async () => {
      const first = await syncedCompany('First Tutors', 'first@example.com');
      await db().update(Company, first.company.id, { pd_org_id: null });
      const org = pd.seedOrganization({ name: 'First Tutors (dup)', owner_id: seed.sales.pd_owner_id });
      const response = await post({
        meta: { action: 'change', entity: 'organization', entity_id: String(org.id) },
        data: { ...org, custom_fields: { [HERMES_ID.organization]: { type: 'varchar', value: `${first.company.id}, 99999` } } },
        previous: { custom_fields: { [HERMES_ID.organization]: null } },
      });
      expect(response.status).toBe(200);
      await settle();

      expect(await db().findOneByOrFail(Company, { id: first.company.id })).toMatchObject({ pd_org_id: org.id });
      expect(pd.object('organization', org.id)!.custom_fields).toMatchObject({ [HERMES_ID.organization]: first.company.id });
    });
  });

  describe('persons', () => {
    it('create, change and delete the Contact of a person in a known organization', async () => {
      const { company } = await syncedCompany();
      const person = pd.createInApp('person', {
        name: 'Jane Van Dyke',
        org_id: company.pd_org_id,
        emails: [
          { label: 'work', value: 'other@x.com', primary: false },
          { label: 'home', value: 'jane.vd@x.com', primary: true },
        ],
        phones: [{ label: 'work', value: '+44 20 7946 0000', primary: true }],
      });
      await settle();
      const contact = await db().findOneByOrFail(Contact, { pd_person_id: person.id });
      expect(contact).toMatchObject({ first_name: 'Jane', last_name: 'Van Dyke', email: 'jane.vd@x.com', phone: '+44 20 7946 0000', company_id: company.id });
      expect(pd.object('person', person.id)!.custom_fields).toMatchObject({ [HERMES_ID.person]: contact.id });

      pd.editInApp('person', person.id, { name: 'Cher' });
      await settle();
      expect(await db().findOneByOrFail(Contact, { id: contact.id })).toMatchObject({ first_name: null, last_name: 'Cher', email: 'jane.vd@x.com' });

      pd.deleteInApp('person', person.id);
      await settle();
      expect(await db().findOneBy(Contact, { id: contact.id })).toBeNull();
      expect(await db().findOneBy(Company, { id: company.id })).not.toBeNull();
    });

    it('ignore, and log, a person whose organization Hermes does not know', async () => {
      const org = pd.seedOrganization({ name: 'Unknown Org', owner_id: seed.sales.pd_owner_id });
      pd.createInApp('person', { name: 'Sam Smith', org_id: org.id });
      const [delivery] = await pd.flushWebhooks();

      expect(delivery.status).toBe(200);
      expect(await db().count(Contact)).toBe(0);
      expect(await lastLog()).toMatchObject({ entity: 'person', outcome: 'ignored', reason: `organization ${org.id} is not linked to a Hermes company` });
    });

    it('take odd values from a well-formed event without failing', async () => {
      const { company } = await syncedCompany();
      const response = await post({
        meta: { action: 'create', entity: 'person', entity_id: '9001' },
        data: { id: 9001, name: `Jo ${'x'.repeat(300)}`, org_id: { value: company.pd_org_id }, emails: [null, 5, { value: 7 }], phones: 'n/a', owner_id: 'me' },
        previous: null,
      });
      expect(response.status).toBe(200);
      const contact = await db().findOneByOrFail(Contact, { pd_person_id: 9001 });
      expect(contact).toMatchObject({ first_name: 'Jo', email: null, phone: 'n/a' });
      expect(contact.last_name).toHaveLength(255);
    });

    it('acknowledge the delete of a person Hermes never had', async () => {
      const person = pd.seedPerson({ name: 'Ghost' });
      pd.deleteInApp('person', person.id);
      const [delivery] = await pd.flushWebhooks();
      expect(delivery.status).toBe(200);
      expect(await lastLog()).toMatchObject({ outcome: 'ignored' });
    });
  });

  describe('deals', () => {
    it('apply a stage change and a win, then update the TC2 client', async () => {
      const { company, deal } = await syncedCompany();
      pd.editInApp('deal', deal.pd_deal_id!, { stage_id: seed.laterStage.pd_stage_id, title: 'Brightside (demo done)' });
      await settle();

      expect(await db().findOneByOrFail(Deal, { id: deal.id })).toMatchObject({ stage_id: seed.laterStage.id, name: 'Brightside (demo done)' });
      expect(tc2.saves.at(-1)).toMatchObject({ clientId: company.tc2_cligency_id });
      expect(extraAttrs(tc2.saves.at(-1)!)).toMatchObject({ pipedrive_deal_stage: 'Demo done', pipedrive_pipeline: 'PAYG' });

      pd.editInApp('deal', deal.pd_deal_id!, { status: 'won' });
      await settle();
      expect(await db().findOneByOrFail(Deal, { id: deal.id })).toMatchObject({ status: 'won' });
    });

    it('create a Deal for a deal made in Pipedrive on a known organization, unknown person → none', async () => {
      const { company } = await syncedCompany();
      const made = pd.createInApp('deal', {
        title: 'Upsell',
        org_id: company.pd_org_id,
        person_id: pd.seedPerson({ name: 'Not In Hermes', org_id: company.pd_org_id }).id,
        owner_id: seed.sales.pd_owner_id,
        pipeline_id: seed.pipeline.pd_pipeline_id,
        stage_id: seed.entryStage.pd_stage_id,
      });
      await settle();

      const deal = await db().findOneByOrFail(Deal, { pd_deal_id: made.id });
      expect(deal).toMatchObject({ name: 'Upsell', company_id: company.id, contact_id: null, admin_id: seed.sales.id, stage_id: seed.entryStage.id });
      expect(pd.object('deal', made.id)!.custom_fields).toMatchObject({ [HERMES_ID.deal]: deal.id });
    });

    it('ignore, and log, a deal on an unknown organization', async () => {
      const org = pd.seedOrganization({ name: 'Unknown Org', owner_id: seed.sales.pd_owner_id });
      pd.createInApp('deal', { title: 'Stray', org_id: org.id, pipeline_id: seed.pipeline.pd_pipeline_id, stage_id: seed.entryStage.pd_stage_id });
      const [delivery] = await pd.flushWebhooks();

      expect(delivery.status).toBe(200);
      expect(await db().count(Deal)).toBe(0);
      expect(await lastLog()).toMatchObject({ entity: 'deal', outcome: 'ignored', reason: `organization ${org.id} is not linked to a Hermes company` });
    });

    it('put back an inherited field edited in Pipedrive', async () => {
      const { deal } = await syncedCompany();
      const key = fieldKey('Deal', 'website');
      expect(pd.object('deal', deal.pd_deal_id!)!.custom_fields).toMatchObject({ [key]: 'https://brightsidetutors.example' });
      pd.editInApp('deal', deal.pd_deal_id!, { custom_fields: { [key]: 'https://hand-edited.example' } });
      await settle();

      expect(pd.object('deal', deal.pd_deal_id!)!.custom_fields).toMatchObject({ [key]: 'https://brightsidetutors.example' });
    });

    it('on delete, keep the deal marked deleted (company, contacts, meetings stay) and update TC2', async () => {
      const fixture = await syncedCompany();
      const meeting = await addMeeting(dataSource, seed, fixture);
      pd.deleteInApp('deal', fixture.deal.pd_deal_id!);
      await settle();

      expect(await db().findOneByOrFail(Deal, { id: fixture.deal.id })).toMatchObject({ status: 'deleted', pd_deal_id: null });
      expect(await counts()).toEqual({ companies: 1, contacts: 1, deals: 1, meetings: 1 });
      expect(await db().findOneByOrFail(Meeting, { id: meeting.id })).toMatchObject({ deal_id: fixture.deal.id });
      expect(tc2.saves.at(-1)).toMatchObject({ clientId: fixture.company.tc2_cligency_id });
    });

    it('apply the same delivery twice to the same state', async () => {
      const { deal } = await syncedCompany();
      pd.editInApp('deal', deal.pd_deal_id!, { stage_id: seed.laterStage.pd_stage_id });
      const [delivery] = await pd.flushWebhooks();
      await pd.redeliver(delivery);
      await settle();

      expect(await db().findOneByOrFail(Deal, { id: deal.id })).toMatchObject({ stage_id: seed.laterStage.id });
      expect(await db().count(Deal)).toBe(1);
      expect(pd.objects('deal')).toHaveLength(1);
    });
  });

  describe('pipelines and stages', () => {
    it('create, rename and delete them by their Pipedrive ids', async () => {
      const pipeline = pd.createInApp('pipeline', { name: 'Enterprise' });
      const stage = pd.createInApp('stage', { name: 'Qualified', pipeline_id: pipeline.id });
      await settle();
      const hermesPipeline = await db().findOneByOrFail(Pipeline, { pd_pipeline_id: pipeline.id });
      expect(await db().findOneByOrFail(Stage, { pd_stage_id: stage.id })).toMatchObject({ name: 'Qualified', pipeline_id: hermesPipeline.id });

      pd.editInApp('stage', stage.id, { name: 'Qualified lead' });
      pd.editInApp('pipeline', pipeline.id, { name: 'Enterprise sales' });
      await settle();
      expect(await db().findOneByOrFail(Stage, { pd_stage_id: stage.id })).toMatchObject({ name: 'Qualified lead' });
      expect(await db().findOneByOrFail(Pipeline, { pd_pipeline_id: pipeline.id })).toMatchObject({ name: 'Enterprise sales' });

      pd.deleteInApp('stage', stage.id);
      pd.deleteInApp('pipeline', pipeline.id);
      await settle();
      expect(await db().findOneBy(Stage, { pd_stage_id: stage.id })).toBeNull();
      expect(await db().findOneBy(Pipeline, { pd_pipeline_id: pipeline.id })).toBeNull();
    });

    it('refuse, in the log, to delete a stage Hermes deals are in', async () => {
      await syncedCompany();
      const response = await post({
        meta: { action: 'delete', entity: 'stage', entity_id: String(seed.entryStage.pd_stage_id) },
        data: null,
        previous: { id: seed.entryStage.pd_stage_id, name: 'Demo booked' },
      });
      expect(response.status).toBe(200);
      expect(await db().findOneBy(Stage, { id: seed.entryStage.id })).not.toBeNull();
      expect(await lastLog()).toMatchObject({ outcome: 'rejected', reason: '1 Hermes deal(s) are still in this stage' });
    });
  });
});
