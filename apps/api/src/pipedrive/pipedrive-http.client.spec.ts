import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { loadConfig } from '../config/hermes-config';
import {
  PipedriveAuthError,
  PipedriveDailyBudgetError,
  PipedriveGoneError,
  PipedriveRequestError,
  PipedriveRetriesExhaustedError,
} from './pipedrive.errors';
import { PipedriveHttpClient, PipedriveHttpOptions } from './pipedrive-http.client';

const TOKEN = 'pd-secret-token';

describe('PipedriveHttpClient against the Pipedrive simulator', () => {
  const sim = new PipedriveSimulator({ apiToken: TOKEN });
  let database: TestDatabase;
  let dataSource: DataSource;
  let waits: number[];
  let warnings: string[];

  function makeClient(options: PipedriveHttpOptions = {}, env: Record<string, string> = {}): PipedriveHttpClient {
    // A generous limit: these tests are about the API, not the rate limiter.
    const config = loadConfig({ PD_API_KEY: TOKEN, PD_BASE_URL: sim.url, PD_RATE_LIMIT_PER_2S: '1000', ...env });
    return new PipedriveHttpClient(config, dataSource, {
      baseDelayMs: 10,
      // Records the waits instead of sleeping, so backoff and x-ratelimit-reset can be checked exactly.
      sleep: async (ms) => {
        waits.push(ms);
      },
      logger: { warn: (message: string) => warnings.push(message) },
      ...options,
    });
  }

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });

  afterAll(async () => {
    await sim.stop();
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => {
    sim.reset();
    waits = [];
    warnings = [];
  });

  describe('objects', () => {
    it('creates, reads, patches (only the given fields) and deletes organizations', async () => {
      const client = makeClient();
      const hermesId = sim.seedField('organization', { name: 'Hermes ID', field_type: 'double' });
      const website = sim.seedField('organization', { name: 'Website', field_type: 'varchar' });

      const org = await client.createOrganization({ name: 'Acme', custom_fields: { [hermesId.field_code]: 7, [website.field_code]: 'acme.com' } });
      expect(org).toMatchObject({ id: expect.any(Number), name: 'Acme', custom_fields: { [hermesId.field_code]: 7, [website.field_code]: 'acme.com' } });
      expect(await client.getOrganization(org.id)).toEqual(org);

      const updated = await client.updateOrganization(org.id, { custom_fields: { [website.field_code]: 'acme.io' } });
      expect(sim.requestsTo(`/api/v2/organizations/${org.id}`, 'PATCH').map((r) => r.body)).toEqual([
        { custom_fields: { [website.field_code]: 'acme.io' } },
      ]);
      expect(updated).toMatchObject({ name: 'Acme', custom_fields: { [hermesId.field_code]: 7, [website.field_code]: 'acme.io' } });

      await client.deleteOrganization(org.id);
      expect(sim.object('organization', org.id)).toBeUndefined();
      await expect(client.getOrganization(org.id)).rejects.toBeInstanceOf(PipedriveGoneError);
    });

    it('creates, reads, patches and deletes persons linked to an organization', async () => {
      const client = makeClient();
      const org = sim.seedOrganization({ name: 'Acme' });

      const person = await client.createPerson({ name: 'Jane Doe', org_id: org.id, emails: [{ value: 'jane@acme.com', primary: true }] });
      expect(person).toMatchObject({ name: 'Jane Doe', org_id: org.id, emails: [{ value: 'jane@acme.com', primary: true }] });

      const updated = await client.updatePerson(person.id, { phones: [{ value: '+44 20 1234', primary: true }] });
      expect(sim.requestsTo(`/api/v2/persons/${person.id}`, 'PATCH')[0].body).toEqual({ phones: [{ value: '+44 20 1234', primary: true }] });
      expect(updated).toMatchObject({ name: 'Jane Doe', emails: [{ value: 'jane@acme.com' }], phones: [{ value: '+44 20 1234' }] });
      expect(await client.getPerson(person.id)).toEqual(updated);

      await client.deletePerson(person.id);
      await expect(client.getPerson(person.id)).rejects.toBeInstanceOf(PipedriveGoneError);
    });

    it('creates deals in a pipeline stage, moves and closes them, and deletes them', async () => {
      const client = makeClient();
      const pipeline = sim.seedPipeline({ name: 'PAYG' });
      const newStage = sim.seedStage({ name: 'New', pipeline_id: pipeline.id });
      const demoStage = sim.seedStage({ name: 'Demo', pipeline_id: pipeline.id });
      const org = sim.seedOrganization({ name: 'Acme' });

      const deal = await client.createDeal({ title: 'Acme', org_id: org.id, pipeline_id: pipeline.id, stage_id: newStage.id });
      expect(deal).toMatchObject({ title: 'Acme', org_id: org.id, stage_id: newStage.id, status: 'open' });

      const won = await client.updateDeal(deal.id, { stage_id: demoStage.id, status: 'won' });
      expect(sim.requestsTo(`/api/v2/deals/${deal.id}`, 'PATCH')[0].body).toEqual({ stage_id: demoStage.id, status: 'won' });
      expect(won).toMatchObject({ title: 'Acme', stage_id: demoStage.id, status: 'won', won_time: expect.any(String) });
      expect((await client.getDeal(deal.id)).status).toBe('won');

      await client.deleteDeal(deal.id);
      await expect(client.getDeal(deal.id)).rejects.toBeInstanceOf(PipedriveGoneError);
    });

    it('creates activities with the person as primary participant, patches and deletes them', async () => {
      const client = makeClient();
      const person = sim.seedPerson({ name: 'Jane Doe' });
      const owner = sim.seedUser({ name: 'Sam Sales', email: 'sam@example.com' });

      const activity = await client.createActivity({
        subject: 'TutorCruncher demo with Sam',
        type: 'meeting',
        owner_id: owner.id,
        due_date: '2026-11-23',
        due_time: '10:00',
        duration: '00:30',
        participants: [{ person_id: person.id, primary: true }],
      });
      expect(activity).toMatchObject({ owner_id: owner.id, person_id: person.id, participants: [{ person_id: person.id, primary: true }] });

      const done = await client.updateActivity(activity.id, { done: true });
      expect(sim.requestsTo(`/api/v2/activities/${activity.id}`, 'PATCH')[0].body).toEqual({ done: true });
      expect(done).toMatchObject({ done: true, subject: 'TutorCruncher demo with Sam' });
      expect(await client.getActivity(activity.id)).toEqual(done);

      await client.deleteActivity(activity.id);
      await expect(client.getActivity(activity.id)).rejects.toBeInstanceOf(PipedriveGoneError);
    });

    it('sends the token in x-api-token, never in the URL', async () => {
      await makeClient().listUsers();
      const [request] = sim.requestsTo('/api/v1/users');
      expect(request.headers['x-api-token']).toBe(TOKEN);
      expect(request.query).toEqual({});
    });
  });

  describe('search, lists and setup', () => {
    it('searches organizations by custom field and persons by email, exact match', async () => {
      const client = makeClient();
      const hermesId = sim.seedField('organization', { name: 'Hermes ID', field_type: 'double' });
      const acme = sim.seedOrganization({ name: 'Acme', custom_fields: { [hermesId.field_code]: 42 } });
      sim.seedOrganization({ name: 'Acme 42 Ltd' });
      sim.seedPerson({ name: 'Jane', org_id: acme.id, emails: [{ value: 'jane@acme.com' }] });
      sim.seedPerson({ name: 'Janet', emails: [{ value: 'janet@acme.com' }] });

      const orgs = await client.searchOrganizations('42', ['custom_fields']);
      expect(orgs).toEqual([expect.objectContaining({ id: acme.id, name: 'Acme' })]);
      expect(sim.requestsTo('/api/v2/organizations/search')[0].query).toEqual({
        term: '42',
        fields: 'custom_fields',
        exact_match: 'true',
        limit: '100',
      });

      const persons = await client.searchPersons('jane@acme.com', ['email']);
      expect(persons).toEqual([expect.objectContaining({ name: 'Jane', organization: expect.objectContaining({ id: acme.id }) })]);
      expect(await client.searchPersons('nobody@acme.com', ['email', 'phone'])).toEqual([]);
    });

    it('follows next_cursor until every page of a list is read', async () => {
      const client = makeClient({ pageSize: 2 });
      const pipelines = ['PAYG', 'Startup', 'Enterprise', 'US', 'Partners'].map((name) => sim.seedPipeline({ name }));
      sim.seedStage({ name: 'New', pipeline_id: pipelines[0].id });
      sim.seedStage({ name: 'Qualified', pipeline_id: pipelines[1].id });

      expect((await client.listPipelines()).map((p) => p.name)).toEqual(['PAYG', 'Startup', 'Enterprise', 'US', 'Partners']);
      expect(sim.requestsTo('/api/v2/pipelines').map((r) => r.query.cursor ?? null)).toEqual([null, expect.any(String), expect.any(String)]);
      expect((await client.listStages(pipelines[1].id)).map((s) => s.name)).toEqual(['Qualified']);
      expect(await client.listStages()).toHaveLength(2);
    });

    it('creates data fields through v2 and lists them with their keys', async () => {
      const client = makeClient();
      const field = await client.createField('deal', { field_name: 'Hermes ID', field_type: 'double' });
      expect(field).toMatchObject({ field_name: 'Hermes ID', field_type: 'double', is_custom_field: true, field_code: expect.stringMatching(/^[0-9a-f]{40}$/) });
      expect(sim.requestsTo('/api/v2/dealFields', 'POST')).toHaveLength(1);
      const fields = await client.listFields('deal');
      expect(fields.filter((f) => f.is_custom_field)).toEqual([field]);
      expect(fields.some((f) => f.field_code === 'title' && !f.is_custom_field)).toBe(true);
    });

    it('registers webhooks v2 with Basic auth, lists and deletes them through v1, and lists users', async () => {
      const client = makeClient();
      const webhook = await client.createWebhook({
        name: 'Hermes organizations',
        subscription_url: 'https://hermes.example.com/pipedrive/callback/',
        event_action: '*',
        event_object: 'organization',
        http_auth_user: 'hermes',
        http_auth_password: 'pw',
      });
      expect(webhook).toMatchObject({ event_object: 'organization', version: '2.0', http_auth_user: 'hermes' });
      expect(sim.requestsTo('/api/v1/webhooks', 'POST')[0].body).toMatchObject({ version: '2.0' });
      expect((await client.listWebhooks()).map((w) => w.id)).toEqual([webhook.id]);
      await client.deleteWebhook(webhook.id);
      expect(await client.listWebhooks()).toEqual([]);

      expect(await client.listUsers()).toEqual([expect.objectContaining({ name: 'Sandbox Admin', is_you: true })]);
    });

    it("reads the token's user and the plan's limits from Pipedrive's rate-limit headers", async () => {
      const plan = new PipedriveSimulator({ apiToken: TOKEN, rateLimitPer2s: 80, dailyBudget: 5000 });
      await plan.start();
      try {
        const status = await makeClient({}, { PD_BASE_URL: plan.url }).getAccountStatus();
        expect(status).toEqual({ user: expect.objectContaining({ name: 'Sandbox Admin', is_you: true }), rateLimitPer2s: 80, dailyRequestsLeft: 4999 });
      } finally {
        await plan.stop();
      }
    });
  });

  describe('retries', () => {
    it('waits x-ratelimit-reset seconds after a 429, then succeeds', async () => {
      sim.failNext(1, { kind: 'rate-limit', resetSeconds: 2 });
      expect(await makeClient().listUsers()).toHaveLength(1);
      expect(sim.requestsTo('/api/v1/users')).toHaveLength(2);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(2000);
      expect(waits[0]).toBeLessThan(2010);
    });

    it('treats Cloudflare’s 403 page as a rate limit and retries', async () => {
      sim.failNext(1, { kind: 'cloudflare' });
      expect(await makeClient().listUsers()).toHaveLength(1);
      expect(sim.requestsTo('/api/v1/users')).toHaveLength(2);
      expect(warnings[0]).toContain('Cloudflare');
    });

    it('backs off exponentially, with jitter, after 5xx responses', async () => {
      sim.failNext(3, { kind: 'server-error', status: 503 });
      const org = await makeClient().createOrganization({ name: 'Acme' });
      expect(org.name).toBe('Acme');
      expect(sim.requestsTo('/api/v2/organizations', 'POST')).toHaveLength(4);
      // base 10 ms: attempt n waits between half and all of 10 × 2^(n−1)
      expect(waits).toHaveLength(3);
      [10, 20, 40].forEach((ceiling, i) => {
        expect(waits[i]).toBeGreaterThanOrEqual(ceiling / 2);
        expect(waits[i]).toBeLessThanOrEqual(ceiling);
      });
    });

    it('retries Pipedrive’s empty 200 responses', async () => {
      sim.failNext(2, { kind: 'empty-body' });
      sim.seedPipeline({ name: 'PAYG' });
      expect((await makeClient().listPipelines()).map((p) => p.name)).toEqual(['PAYG']);
      expect(sim.requestsTo('/api/v2/pipelines')).toHaveLength(3);
      expect(warnings[0]).toContain('empty or unreadable body (200)');
    });

    it('retries a request that timed out', async () => {
      sim.failNext(1, { kind: 'latency', ms: 400 });
      expect(await makeClient({ timeoutMs: 100 }).listUsers()).toHaveLength(1);
      expect(warnings[0]).toContain('timed out after 100 ms');
    });

    it('gives up after the last attempt with the last problem', async () => {
      sim.failNext(3, { kind: 'server-error' });
      const failure = makeClient({ attempts: 3 }).listUsers();
      await expect(failure).rejects.toBeInstanceOf(PipedriveRetriesExhaustedError);
      await expect(failure).rejects.toMatchObject({ attempts: 3, status: 500, lastProblem: 'server error (500)' });
      expect(sim.requestsTo('/api/v1/users')).toHaveLength(3);
    });

    it('gives up on an unreachable Pipedrive after the last attempt', async () => {
      const client = makeClient({ attempts: 2 }, { PD_BASE_URL: 'http://127.0.0.1:1' });
      await expect(client.listUsers()).rejects.toMatchObject({
        name: 'PipedriveRetriesExhaustedError',
        lastProblem: 'network error: fetch failed (bad port)',
      });
    });
  });

  describe('counting what a run costs', () => {
    it('counts the requests sent within the work, not those other work sends meanwhile', async () => {
      const client = makeClient();
      let besideDone!: () => void;
      const beside = new Promise<void>((resolve) => (besideDone = resolve));
      const counted = client.countRequests(async () => {
        await client.listPipelines();
        await beside;
        return client.listStages();
      });
      await client.listUsers();
      besideDone();

      const { result, requests } = await counted;
      expect(result).toEqual(expect.any(Array));
      expect(requests).toBe(2);
      expect(sim.requests).toHaveLength(3);
    });
  });

  describe('failures that are not retried', () => {
    it('fails fast when the daily budget is spent: one request, no retry', async () => {
      sim.setDailyBudget(0);
      await expect(makeClient().createOrganization({ name: 'Acme' })).rejects.toBeInstanceOf(PipedriveDailyBudgetError);
      expect(sim.requestsTo('/api/v2/organizations')).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it('reports 404 and 410 as gone, so callers can unlink and re-create', async () => {
      const client = makeClient();
      await expect(client.getDeal(999)).rejects.toMatchObject({ name: 'PipedriveGoneError', status: 404 });
      sim.failNext(1, { kind: 'status', status: 410, error: 'Gone' });
      await expect(client.updatePerson(20001, { name: 'Jane' })).rejects.toMatchObject({ name: 'PipedriveGoneError', status: 410 });
      expect(sim.requests).toHaveLength(2);
    });

    it('reports a bad token, and a JSON 403, as an auth error', async () => {
      await expect(makeClient({}, { PD_API_KEY: 'wrong' }).listUsers()).rejects.toMatchObject({
        name: 'PipedriveAuthError',
        status: 401,
      });
      sim.failNext(1, { kind: 'status', status: 403, error: 'You do not have permission' });
      await expect(makeClient().listUsers()).rejects.toBeInstanceOf(PipedriveAuthError);
      expect(sim.requests).toHaveLength(2);
    });

    it('reports other 4xx with Pipedrive’s message', async () => {
      const failure = makeClient().createOrganization({ name: 'Acme', custom_fields: { ['a'.repeat(40)]: 'x' } });
      await expect(failure).rejects.toBeInstanceOf(PipedriveRequestError);
      await expect(failure).rejects.toMatchObject({
        status: 400,
        pipedriveMessage: expect.stringContaining('is not a custom field of organization'),
      });
    });

    it('never puts the API token in errors or logs', async () => {
      sim.failNext(1, { kind: 'server-error' });
      const client = makeClient({ attempts: 1 });
      const error = await client.listUsers().catch((e: Error) => e);
      sim.failNext(1, { kind: 'rate-limit', resetSeconds: 1 });
      await makeClient().listUsers();
      expect(String(error)).not.toContain(TOKEN);
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.join('\n')).not.toContain(TOKEN);
    });
  });
});
