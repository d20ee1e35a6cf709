import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin, Company, Config, CustomField, Pipeline, Stage, WebhookLog } from '@hermes/database';
import { GoogleSignInSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { CookieJar, googleAccount, signedIn, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';
import { OutboundSyncService } from '../core/sync/outbound-sync.service';

const ADA = 'ada.lovelace@tutorcruncher.com';
const PD_BASE_URL = 'https://acme.pipedrive.example';
const TC2_BASE_URL = 'https://secure.tutorcruncher.example';
const RESOURCES = ['admins', 'pipelines', 'stages', 'custom-fields', 'config', 'companies', 'contacts', 'deals', 'meetings', 'sync-jobs', 'webhook-log'];

describe('the admin REST API', () => {
  const google = new GoogleSignInSimulator({ accounts: [googleAccount(ADA)] });
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let dataSource: DataSource;
  let jar: CookieJar;
  let ada: Admin;

  const api = (path: string, init: RequestInit = {}) => jar.fetch(`${url}/admin-api/${path}`, init);
  const send = (method: string, path: string, body: unknown) =>
    api(path, { method, headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify(body) });
  const json = async <T = Record<string, unknown>>(response: Response): Promise<T> => (await response.json()) as T;

  beforeAll(async () => {
    await google.start();
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google, { PD_BASE_URL, PD_API_KEY: 'pd-token', TC2_BASE_URL }));
    await app.listen(new URL(url).port, '127.0.0.1');
    dataSource = app.get(DataSource);
    ada = await dataSource.getRepository(Admin).save({ username: ADA, first_name: 'Ada', last_name: 'Lovelace', is_sales_person: true });
    jar = await signedIn(url, ADA);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await google.stop();
  });

  it('is documented in /docs with its list parameters', async () => {
    const spec = (await (await fetch(`${url}/docs-json`)).json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };

    expect(Object.keys(spec.paths).filter((path) => path.startsWith('/admin-api/') && !path.includes('{'))).toEqual(
      expect.arrayContaining(RESOURCES.map((resource) => `/admin-api/${resource}`)),
    );
    expect(spec.paths['/admin-api/companies'].get!.parameters!.map((p) => p.name)).toEqual(['sort', 'range', 'filter']);
  });

  describe('without a session', () => {
    it.each(RESOURCES)('answers 401 on every route of %s', async (resource) => {
      const anonymous = new CookieJar();
      const statuses = await Promise.all(
        [
          ['GET', resource],
          ['GET', `${resource}/1`],
          ['POST', resource],
          ['PUT', `${resource}/1`],
          ['DELETE', `${resource}/1`],
        ].map(async ([method, path]) => {
          const response = await anonymous.fetch(`${url}/admin-api/${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' || method === 'DELETE' ? undefined : '{}' });
          return [response.status, method, path];
        }),
      );
      // Routes a resource does not have are 404 for everyone; every route it has is 401.
      expect(statuses.filter(([status]) => status !== 404)).toEqual(statuses.filter(([status]) => status !== 404).map(([, m, p]) => [401, m, p]));
      expect(statuses[0][0]).toBe(401);
    });
  });

  describe('CSRF', () => {
    it('refuses writes that are not declared JSON or come from another origin', async () => {
      const body = JSON.stringify({ email: 'eve@tutorcruncher.com' });
      const asForm = await api('admins', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=eve@x.com' });
      const asText = await api('admins', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
      const crossSite = await api('admins', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body });
      const deleteAsText = await api(`admins/${ada.id}`, { method: 'DELETE', headers: { 'content-type': 'text/plain' } });

      expect([asForm.status, asText.status, crossSite.status, deleteAsText.status]).toEqual([403, 403, 403, 403]);
      expect(await dataSource.getRepository(Admin).count()).toBe(1);
    });

    it('accepts JSON writes with no Origin (non-browser clients) or the SPA origin', async () => {
      const noOrigin = await api('admins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bob@tutorcruncher.com' }) });
      const spa = await send('POST', 'admins', { email: 'carol@tutorcruncher.com' });

      expect([noOrigin.status, spa.status]).toEqual([201, 201]);
      await dataSource.getRepository(Admin).delete([(await json<{ id: number }>(noOrigin)).id, (await json<{ id: number }>(spa)).id]);
    });
  });

  describe('list conventions', () => {
    beforeAll(async () => {
      await dataSource.getRepository(Company).save(
        ['Acorn Tutors', 'Birch Academy', 'Cedar Tutors', 'Damson Learning'].map((name, i) => ({
          name,
          sales_person_id: ada.id,
          price_plan: i % 2 ? ('startup' as const) : ('payg' as const),
          pd_org_id: i === 0 ? 501 : null,
          tc2_cligency_id: i === 0 ? 77 : null,
        })),
      );
    });

    it('sorts, pages and filters, with Content-Range giving the total', async () => {
      const response = await api(`companies?${new URLSearchParams({ sort: '["name","DESC"]', range: '[1,2]', filter: '{}' })}`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-range')).toBe('companies 1-2/4');
      expect(response.headers.get('access-control-expose-headers')).toBe('Content-Range');
      expect((await json<Company[]>(response)).map((c) => c.name)).toEqual(['Cedar Tutors', 'Birch Academy']);

      const search = await api(`companies?${new URLSearchParams({ filter: '{"q":"tutors","price_plan":"payg"}' })}`);
      expect((await json<Company[]>(search)).map((c) => c.name)).toEqual(['Cedar Tutors', 'Acorn Tutors']);
      expect(search.headers.get('content-range')).toBe('companies 0-1/2');
    });

    it('searches text columns anywhere in the text, and id columns only for a whole number, equal to it', async () => {
      const numbered = await dataSource.getRepository(Company).save({ name: 'Studio 501 Tutors', sales_person_id: ada.id });
      const names = async (q: string) =>
        (await json<Company[]>(await api(`companies?${new URLSearchParams({ sort: '["name","ASC"]', filter: JSON.stringify({ q }) })}`))).map((c) => c.name);
      try {
        // Acorn's pd_org_id is 501; Studio's name holds the digits.
        expect(await names('501')).toEqual(['Acorn Tutors', 'Studio 501 Tutors']);
        expect(await names(' 77 ')).toEqual(['Acorn Tutors']);
        // Part of an id is no match: ids are not searched as text.
        expect(await names('50')).toEqual(['Studio 501 Tutors']);
        expect(await names('7')).toEqual([]);
        // Beyond any integer column: the text columns alone.
        expect(await names('99999999999')).toEqual([]);
        expect(await names('tutors 5')).toEqual([]);
      } finally {
        await dataSource.getRepository(Company).delete(numbered.id);
      }
    });

    it('answers getMany (a filter on ids) and shows links to Pipedrive and TC2', async () => {
      const ids = (await dataSource.getRepository(Company).find({ order: { id: 'ASC' } })).map((c) => c.id);
      const response = await api(`companies?${new URLSearchParams({ filter: JSON.stringify({ id: [ids[0], ids[2]] }) })}`);
      const rows = await json<(Company & { pd_url: string | null; tc2_url: string | null })[]>(response);

      expect(rows.map((r) => r.id).sort()).toEqual([ids[0], ids[2]]);
      const acorn = rows.find((r) => r.name === 'Acorn Tutors')!;
      expect(acorn).toMatchObject({ pd_url: `${PD_BASE_URL}/organization/501/`, tc2_url: `${TC2_BASE_URL}/clients/77/` });
      expect(rows.find((r) => r.name === 'Cedar Tutors')).toMatchObject({ pd_url: null, tc2_url: null });
    });

    it('answers 400 naming the bad parameter', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ sort: '["password","ASC"]' }, 'sort'],
        [{ sort: '["name","SIDEWAYS"]' }, 'sort'],
        [{ sort: 'name' }, 'sort'],
        [{ range: '[5,1]' }, 'range'],
        [{ range: '[0,100000]' }, 'range'],
        [{ filter: '{"secret":1}' }, 'filter.secret'],
        [{ filter: '{"price_plan":"free"}' }, 'filter.price_plan'],
        [{ filter: '{"sales_person_id":"one"}' }, 'filter.sales_person_id'],
        [{ filter: '[1]' }, 'filter'],
      ];
      for (const [query, parameter] of cases) {
        const response = await api(`companies?${new URLSearchParams(query)}`);
        expect([response.status, Object.keys((await json<{ fields: object }>(response)).fields)]).toEqual([400, [parameter]]);
      }
    });

    it("answers 400 to names of Object's own members in sort and filter, and keeps working", async () => {
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        const sort = await api(`admins?${new URLSearchParams({ sort: JSON.stringify([name, 'ASC']) })}`);
        const filter = await api(`companies?${new URLSearchParams({ filter: JSON.stringify({ [name]: 1 }) })}`);
        expect([name, sort.status, Object.keys((await json<{ fields: object }>(sort)).fields)]).toEqual([name, 400, ['sort']]);
        expect([name, filter.status, Object.keys((await json<{ fields: object }>(filter)).fields)]).toEqual([name, 400, [`filter.${name}`]]);
      }
      // `__proto__` as a sort key once polluted Object.prototype: every later query of the process failed.
      expect((await api('admins')).status).toBe(200);
      expect((await jar.fetch(`${url}/auth/me`)).status).toBe(200);
    });

    it('answers 400 for a non-numeric id, 404 for a missing one', async () => {
      expect((await api('companies/abc')).status).toBe(400);
      expect((await api('companies/999999')).status).toBe(404);
      expect((await api('companies/99999999999')).status).toBe(400);
      expect((await api(`companies?${new URLSearchParams({ filter: '{"id":99999999999}' })}`)).status).toBe(400);
      expect((await send('PUT', 'config/1', { payg_pipeline_id: 99999999999 })).status).toBe(422);
      expect((await api('sync-jobs/not-a-uuid')).status).toBe(400);
    });
  });

  describe('admins', () => {
    it('creates, edits and deletes an admin, shown with email', async () => {
      const created = await send('POST', 'admins', { email: ' Grace.Hopper@TutorCruncher.com ', first_name: 'Grace', timezone: 'America/New_York', sells_us: true });
      expect(created.status).toBe(201);
      const grace = await json<{ id: number }>(created);
      expect(grace).toMatchObject({ email: 'grace.hopper@tutorcruncher.com', first_name: 'Grace', last_name: '', sells_us: true, timezone: 'America/New_York' });
      expect(grace).not.toHaveProperty('username');
      expect(grace).not.toHaveProperty('password');

      // react-admin sends the whole record back, id and all.
      const edited = await send('PUT', `admins/${grace.id}`, { ...grace, last_name: 'Hopper', tc2_admin_id: 42, pd_owner_id: null });
      expect(edited.status).toBe(200);
      expect(await json(edited)).toMatchObject({ id: grace.id, last_name: 'Hopper', tc2_admin_id: 42, sells_us: true });

      const listed = await api(`admins?${new URLSearchParams({ filter: '{"q":"hopper"}' })}`);
      expect((await json<{ email: string }[]>(listed)).map((a) => a.email)).toEqual(['grace.hopper@tutorcruncher.com']);

      const removed = await api(`admins/${grace.id}`, { method: 'DELETE', headers: { 'content-type': 'application/json', origin: url } });
      expect(removed.status).toBe(200);
      expect(await dataSource.getRepository(Admin).existsBy({ id: grace.id })).toBe(false);
    });

    it('answers 422 naming each bad field, with react-admin errors', async () => {
      const response = await send('POST', 'admins', { email: 'not-an-email', timezone: 'Mars/Olympus', tc2_admin_id: 'x', is_bdr_person: 'yes' });

      expect(response.status).toBe(422);
      const body = await json<{ fields: Record<string, string[]>; errors: Record<string, string> }>(response);
      expect(Object.keys(body.fields).sort()).toEqual(['email', 'is_bdr_person', 'tc2_admin_id', 'timezone']);
      expect(body.errors.timezone).toBe('must be an IANA time zone, e.g. Europe/London');
    });

    it('keeps one admin per email, whatever the case, and per TC2 admin id', async () => {
      await dataSource.getRepository(Admin).update(ada.id, { tc2_admin_id: 7 });
      const sameEmail = await send('POST', 'admins', { email: 'ADA.LOVELACE@tutorcruncher.com' });
      const sameTc2 = await send('POST', 'admins', { email: 'new@tutorcruncher.com', tc2_admin_id: 7 });

      expect([sameEmail.status, sameTc2.status]).toEqual([422, 422]);
      expect(Object.keys((await json<{ errors: object }>(sameEmail)).errors)).toEqual(['email']);
      expect(Object.keys((await json<{ errors: object }>(sameTc2)).errors)).toEqual(['tc2_admin_id']);
    });

    it('refuses to delete an admin who still has companies, or oneself', async () => {
      const bo = await dataSource.getRepository(Admin).save({ username: 'bo@tutorcruncher.com' });
      await dataSource.getRepository(Company).save({ name: "Bo's company", sales_person_id: bo.id });
      const busy = await api(`admins/${bo.id}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
      expect(busy.status).toBe(409);
      expect(await json<{ message: string }>(busy)).toMatchObject({ message: expect.stringContaining('still has 1 companies') });

      const self = await api(`admins/${ada.id}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
      expect(self.status).toBe(409);
      expect(await json<{ message: string }>(self)).toMatchObject({ message: expect.stringContaining('You cannot delete yourself') });
      expect(await dataSource.getRepository(Admin).existsBy({ id: ada.id })).toBe(true);
      await dataSource.getRepository(Company).delete({ sales_person_id: bo.id });
      await dataSource.getRepository(Admin).delete(bo.id);
    });
  });

  describe('pipelines and stages', () => {
    let payg: Pipeline;
    let startup: Pipeline;
    let paygStage: Stage;
    let startupStage: Stage;

    beforeAll(async () => {
      [payg, startup] = await dataSource.getRepository(Pipeline).save([
        { pd_pipeline_id: 1, name: 'PAYG' },
        { pd_pipeline_id: 2, name: 'Startup' },
      ]);
      [paygStage, startupStage] = await dataSource.getRepository(Stage).save([
        { pd_stage_id: 11, name: 'Demo booked', pipeline_id: payg.id },
        { pd_stage_id: 21, name: 'Qualified', pipeline_id: startup.id },
      ]);
    });

    it("sets a pipeline's default entry stage to one of its own stages only", async () => {
      const own = await send('PUT', `pipelines/${payg.id}`, { ...payg, name: 'Renamed', dft_entry_stage_id: paygStage.id });
      const other = await send('PUT', `pipelines/${payg.id}`, { dft_entry_stage_id: startupStage.id });
      const missing = await send('PUT', `pipelines/${payg.id}`, { dft_entry_stage_id: 99999 });

      expect(own.status).toBe(200);
      expect(await json(own)).toMatchObject({ name: 'PAYG', dft_entry_stage_id: paygStage.id });
      expect([other.status, missing.status]).toEqual([422, 422]);
      expect((await json<{ errors: Record<string, string> }>(other)).errors.dft_entry_stage_id).toContain('not in the PAYG pipeline');
      expect((await dataSource.getRepository(Pipeline).findOneByOrFail({ id: payg.id })).dft_entry_stage_id).toBe(paygStage.id);
    });

    it("lists a pipeline's stages, and has no way to change them", async () => {
      const stages = await api(`stages?${new URLSearchParams({ filter: JSON.stringify({ pipeline_id: startup.id }) })}`);
      const write = await send('PUT', `stages/${startupStage.id}`, { name: 'Hacked' });

      expect((await json<Stage[]>(stages)).map((s) => s.name)).toEqual(['Qualified']);
      expect(write.status).toBe(404);
    });
  });

  describe('custom fields', () => {
    it('defaults the machine name from the name, and keeps it unique per object', async () => {
      const created = await send('POST', 'custom-fields', { name: 'Lead Source', field_type: 'str', linked_object_type: 'Company', hermes_field_name: '' });
      expect(created.status).toBe(201);
      expect(await json(created)).toMatchObject({ machine_name: 'lead_source', hermes_field_name: null, pd_field_id: null });

      const clash = await send('POST', 'custom-fields', { name: 'Lead source', field_type: 'str', linked_object_type: 'Company' });
      const otherObject = await send('POST', 'custom-fields', { name: 'Lead Source', field_type: 'str', linked_object_type: 'Deal' });

      expect(clash.status).toBe(422);
      expect((await json<{ errors: Record<string, string> }>(clash)).errors.machine_name).toContain('Company already has a custom field "lead_source"');
      expect(otherObject.status).toBe(201);
    });

    it('edits and deletes a field', async () => {
      const field = await dataSource.getRepository(CustomField).save({ name: 'Size', machine_name: 'size', field_type: 'int', linked_object_type: 'Company' });
      const edited = await send('PUT', `custom-fields/${field.id}`, { ...field, pd_field_id: 'abc123', tc2_machine_name: 'size' });
      expect(await json(edited)).toMatchObject({ id: field.id, name: 'Size', pd_field_id: 'abc123', tc2_machine_name: 'size' });

      const removed = await api(`custom-fields/${field.id}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
      expect(removed.status).toBe(200);
      expect(await dataSource.getRepository(CustomField).existsBy({ id: field.id })).toBe(false);
    });

    it('answers 422 for a type or object not in their lists, or no name', async () => {
      const response = await send('POST', 'custom-fields', { name: '', field_type: 'float', linked_object_type: 'Invoice' });

      expect(response.status).toBe(422);
      expect(Object.keys((await json<{ errors: object }>(response)).errors).sort()).toEqual(['field_type', 'linked_object_type', 'name']);
    });
  });

  describe('config', () => {
    it('creates the one row on first read, and edits it', async () => {
      const list = await api('config');
      const [config] = await json<Config[]>(list);
      expect(list.headers.get('content-range')).toBe('config 0-0/1');
      expect(config).toMatchObject({ meeting_dur_mins: 30, meeting_min_start: '10:00', meeting_max_end: '17:30' });

      const pipeline = await dataSource.getRepository(Pipeline).findOneByOrFail({ name: 'PAYG' });
      const edited = await send('PUT', `config/${config.id}`, { ...config, meeting_dur_mins: 45, meeting_min_start: '09:00', payg_pipeline_id: pipeline.id });

      expect(edited.status).toBe(200);
      expect(await dataSource.getRepository(Config).findOneByOrFail({ id: config.id })).toMatchObject({
        meeting_dur_mins: 45,
        meeting_min_start: '09:00',
        payg_pipeline_id: pipeline.id,
      });
    });

    it('answers 422 for times that are not HH:MM, an end before the start, or a missing pipeline', async () => {
      const [config] = await json<Config[]>(await api('config'));
      const badTimes = await send('PUT', `config/${config.id}`, { meeting_min_start: '9am', meeting_max_end: '24:00', meeting_buffer_mins: -5 });
      const backwards = await send('PUT', `config/${config.id}`, { meeting_min_start: '18:00', meeting_max_end: '09:00' });
      const noPipeline = await send('PUT', `config/${config.id}`, { enterprise_pipeline_id: 99999 });

      expect(Object.keys((await json<{ errors: object }>(badTimes)).errors).sort()).toEqual(['meeting_buffer_mins', 'meeting_max_end', 'meeting_min_start']);
      expect(Object.keys((await json<{ errors: object }>(backwards)).errors)).toEqual(['meeting_max_end']);
      expect(Object.keys((await json<{ errors: object }>(noPipeline)).errors)).toEqual(['enterprise_pipeline_id']);
      expect([badTimes.status, backwards.status, noPipeline.status]).toEqual([422, 422, 422]);
    });
  });

  it('answers 422, not 500, for null in a field that must have a value', async () => {
    const field = await dataSource.getRepository(CustomField).save({ name: 'Pupils', machine_name: 'pupils', field_type: 'int', linked_object_type: 'Company' });
    const [config] = await json<Config[]>(await api('config'));
    const refusals = {
      admin: await send('PUT', `admins/${ada.id}`, { email: null, timezone: null, is_sales_person: null, sells_gb: null }),
      newAdmin: await send('POST', 'admins', { email: 'null.flags@tutorcruncher.com', sells_us: null }),
      field: await send('PUT', `custom-fields/${field.id}`, { name: null, field_type: null, linked_object_type: null }),
      config: await send('PUT', `config/${config.id}`, { meeting_dur_mins: null, meeting_buffer_mins: null, meeting_min_start: null, meeting_max_end: null }),
    };
    const named = async (response: Response) => [response.status, Object.keys((await json<{ errors?: object }>(response)).errors ?? {}).sort()];

    expect(await named(refusals.admin)).toEqual([422, ['email', 'is_sales_person', 'sells_gb', 'timezone']]);
    expect(await named(refusals.newAdmin)).toEqual([422, ['sells_us']]);
    expect(await named(refusals.field)).toEqual([422, ['field_type', 'linked_object_type', 'name']]);
    expect(await named(refusals.config)).toEqual([422, ['meeting_buffer_mins', 'meeting_dur_mins', 'meeting_max_end', 'meeting_min_start']]);
    // Nullable columns still take null, and emptied inputs become null.
    const cleared = await send('PUT', `custom-fields/${field.id}`, { pd_field_id: null, tc2_machine_name: '' });
    expect(cleared.status).toBe(200);
  });

  describe('companies deleted or merged away in Pipedrive', () => {
    it('lists them by state and restores one, queueing its sync; a company still in Pipedrive is refused', async () => {
      const gone = await dataSource.getRepository(Company).save({ name: 'Gone Tutors', sales_person_id: ada.id, pd_removed: 'deleted', pd_removed_at: new Date() });
      await dataSource.query(`DELETE FROM pgboss.job`);

      const listed = await api(`companies?${new URLSearchParams({ filter: '{"pd_removed":"deleted"}' })}`);
      expect((await json<Company[]>(listed)).map((c) => c.name)).toEqual(['Gone Tutors']);

      const restored = await send('POST', `companies/${gone.id}/restore`, {});
      expect(restored.status).toBe(200);
      expect(await json(restored)).toMatchObject({ id: gone.id, pd_removed: null, pd_removed_at: null });
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'pipedrive.company-sync' AND data->>'companyId' = $1`, [String(gone.id)]);
      expect(n).toBe(1);

      const again = await send('POST', `companies/${gone.id}/restore`, {});
      expect([again.status, (await json<{ message: string }>(again)).message]).toEqual([409, `Company ${gone.id} is not deleted or merged away in Pipedrive`]);
      expect((await send('POST', 'companies/999999/restore', {})).status).toBe(404);
      await dataSource.getRepository(Company).delete(gone.id);
      await dataSource.query(`DELETE FROM pgboss.job`);
    });
  });

  describe('sync jobs and the webhook log', () => {
    it('lists failed jobs with error and payload, and retries one', async () => {
      const company = await dataSource.getRepository(Company).findOneByOrFail({ name: 'Birch Academy' });
      await dataSource.transaction((manager) => app.get(OutboundSyncService).pipedrive(company.id, manager));
      // What a worker leaves after the last attempt.
      await dataSource.query(
        `UPDATE pgboss.job SET state = 'failed', output = $1, completed_on = now(), retry_count = retry_limit WHERE data->>'companyId' = $2`,
        [{ message: 'Pipedrive POST /api/v2/organizations → 400: bad field' }, String(company.id)],
      );

      const failed = await api(`sync-jobs?${new URLSearchParams({ filter: '{"state":"failed"}', sort: '["created_on","DESC"]', range: '[0,9]' })}`);
      const [job] = await json<{ id: string; data: unknown; error: unknown; state: string }[]>(failed);
      expect(failed.headers.get('content-range')).toBe('sync-jobs 0-0/1');
      expect(job).toMatchObject({ state: 'failed', data: { companyId: company.id }, error: { message: expect.stringContaining('bad field') } });

      const retried = await send('POST', `sync-jobs/${job.id}/retry`, {});
      expect(retried.status).toBe(200);
      expect(await json(retried)).toMatchObject({ id: job.id, state: 'retry' });
      const pending = await api(`sync-jobs?${new URLSearchParams({ filter: '{"state":"pending"}' })}`);
      expect((await json<{ id: string }[]>(pending)).map((j) => j.id)).toEqual([job.id]);
      expect((await send('POST', `sync-jobs/${job.id}/retry`, {})).status).toBe(409);
    });

    it('lists webhooks with their outcome, newest first', async () => {
      await dataSource.getRepository(WebhookLog).save([
        { source: 'tc2', entity: 'Client', action: 'UPDATE', external_id: '9', outcome: 'applied', received_at: new Date('2026-11-01T10:00:00Z') },
        { source: 'pipedrive', entity: 'deal', action: 'change', external_id: '5', outcome: 'rejected', reason: 'unknown stage', received_at: new Date('2026-11-02T10:00:00Z') },
      ]);

      const all = await api('webhook-log');
      const rejected = await api(`webhook-log?${new URLSearchParams({ filter: '{"outcome":"rejected"}' })}`);

      expect((await json<WebhookLog[]>(all)).map((w) => w.entity)).toEqual(['deal', 'Client']);
      expect(await json(rejected)).toEqual([expect.objectContaining({ reason: 'unknown stage' })]);
    });
  });
});
