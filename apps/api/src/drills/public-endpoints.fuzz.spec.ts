import { createHmac } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { Admin } from '@hermes/database';
import { buildTc2Client, Sandbox, startSandbox, tc2ClientEvent, tc2DeletedClientEvent, tc2InvoiceEvent, tc2WebhookBody } from '@hermes/sandbox';
import { createCompany, createTestDatabase, Seed, seedBoth, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { CookieJar, googleAccount, signedIn, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';
import { ReadinessService } from '../health/readiness.service';
import { PipedriveClient } from '../pipedrive/pipedrive.client';
import { databaseFingerprint } from './__fixtures__/database-fingerprint';

/**
 * No fuzzed body or query gets a 5xx from any endpoint, and a refused request (4xx)
 * changes nothing in the database. Requests carry valid credentials (TC2's signature over the
 * exact bytes sent, Pipedrive's Basic auth, an admin session), so the fuzz reaches validation and
 * the services instead of stopping at 401/403. Bodies are mostly valid ones with a few values
 * replaced by hostile ones, plus arbitrary JSON and non-JSON text.
 *
 * Adding an endpoint is one entry in ENDPOINTS; the last test fails for routes in /docs that have none.
 * FUZZ_RUNS sets the requests per endpoint (default 50); FUZZ_SEED replays a failure's seed.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
/** Replays a failure: the seed fast-check printed with it (random otherwise, so each run explores anew). */
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PD_USER = 'pipedrive';
const PD_PASSWORD = 'fuzz-webhook-secret';
const METRICS_TOKEN = 'fuzz-metrics-scrape-token';
/** The signed-in admin: an id the fuzzed DELETE /admin-api/admins/{id} does not pick, so the session lasts. */
const ADA = { id: 4242, username: 'ada.lovelace@tutorcruncher.com', first_name: 'Ada', last_name: 'Lovelace' };
const DAY_MS = 24 * 60 * 60 * 1000;

type Auth = 'tc2-signature' | 'tc2-token' | 'pipedrive-basic' | 'session' | 'metrics-token' | 'none';
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Endpoint {
  method: Method;
  /** As /docs names it: `{id}` is a path parameter, fuzzed too. */
  path: string;
  auth: Auth;
  /** Valid bodies to start from (read when the run starts); none → the endpoint takes no body. */
  bodies?: () => Promise<unknown[]>;
  /** A valid query to start from (read when the run starts). */
  query?: Record<string, string> | (() => Promise<Record<string, string>>);
}

const LIST_QUERY = { sort: '["id","ASC"]', range: '[0,24]', filter: '{}' };

/** A resource of the admin REST API (ra-data-simple-rest conventions), with the routes it has. */
function adminResource(resource: string, routes: ('list' | 'one' | 'create' | 'update' | 'delete')[]): Endpoint[] {
  const path = `/admin-api/${resource}`;
  const record = async () => [await (await context.jar.fetch(`${context.url}${path}/1`)).json()];
  const all: Record<(typeof routes)[number], Endpoint> = {
    list: { method: 'GET', path, auth: 'session', query: LIST_QUERY },
    one: { method: 'GET', path: `${path}/{id}`, auth: 'session' },
    create: { method: 'POST', path, auth: 'session', bodies: record },
    update: { method: 'PUT', path: `${path}/{id}`, auth: 'session', bodies: record },
    delete: { method: 'DELETE', path: `${path}/{id}`, auth: 'session' },
  };
  return routes.map((route) => all[route]);
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: '/health', auth: 'none' },
  { method: 'GET', path: '/health/ready', auth: 'none' },
  { method: 'GET', path: '/metrics', auth: 'metrics-token' },
  { method: 'POST', path: '/tc2/callback/', auth: 'tc2-signature', bodies: async () => tc2Bodies() },
  { method: 'POST', path: '/pipedrive/callback/', auth: 'pipedrive-basic', bodies: async () => context.pipedriveBodies },
  { method: 'GET', path: '/auth/google', auth: 'none' },
  { method: 'GET', path: '/auth/google/callback', auth: 'none', query: { code: 'a-code', state: 'a-state' } },
  { method: 'GET', path: '/auth/me', auth: 'session' },
  ...adminResource('admins', ['list', 'one', 'create', 'update', 'delete']),
  ...adminResource('pipelines', ['list', 'one', 'update']),
  ...adminResource('stages', ['list', 'one']),
  ...adminResource('custom-fields', ['list', 'one', 'create', 'update', 'delete']),
  ...adminResource('config', ['list', 'one', 'update']),
  ...adminResource('companies', ['list', 'one', 'update']),
  ...adminResource('contacts', ['list', 'one']),
  ...adminResource('deals', ['list', 'one']),
  ...adminResource('meetings', ['list', 'one']),
  ...adminResource('sync-jobs', ['list', 'one']),
  { method: 'POST', path: '/admin-api/sync-jobs/{id}/retry', auth: 'session', bodies: async () => [{}] },
  { method: 'POST', path: '/admin-api/sync-jobs/retry-failed', auth: 'session', bodies: async () => [{}] },
  { method: 'POST', path: '/admin-api/companies/{id}/restore', auth: 'session', bodies: async () => [{}] },
  { method: 'GET', path: '/admin-api/companies/{id}/timeline', auth: 'session', query: { limit: '20' } },
  { method: 'GET', path: '/admin-api/sync-health', auth: 'session' },
  ...adminResource('webhook-log', ['list', 'one']),
  { method: 'GET', path: '/callbooker/availability/', auth: 'none', query: async () => ({ admin_id: '1', ...fourWeeks() }) },
  { method: 'POST', path: '/callbooker/sales/book/', auth: 'none', bodies: async () => [salesBooking()] },
  { method: 'POST', path: '/callbooker/support/book/', auth: 'none', bodies: async () => [supportBooking()] },
  { method: 'GET', path: '/callbooker/support-link/generate/tc2/', auth: 'tc2-token', query: { tc2_admin_id: '301', tc2_cligency_id: '101' } },
  { method: 'GET', path: '/callbooker/support-link/validate/', auth: 'none', query: async () => supportLinkQuery() },
  { method: 'GET', path: '/choose-roundrobin/sales/', auth: 'none', query: { plan: 'payg', country_code: 'GB' } },
  { method: 'GET', path: '/choose-roundrobin/support/', auth: 'none' },
  { method: 'GET', path: '/loc/', auth: 'none' },
  { method: 'GET', path: '/companies/', auth: 'tc2-token', query: { name: 'Brightside Tutors' } },
  // Last: they end the session the entries above use (logout needs none).
  { method: 'POST', path: '/auth/logout-everywhere', auth: 'session', bodies: async () => [{}] },
  { method: 'POST', path: '/auth/logout', auth: 'session', bodies: async () => [{}] },
];

/** 10:00 in London on a weekday `days` or more ahead: a slot availability offers (Config's defaults). */
function slotAhead(days: number): string {
  let day = DateTime.now().setZone('Europe/London').plus({ days }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toUTC().toISO()!;
}

function fourWeeks(): { start_dt: string; end_dt: string } {
  const start = new Date(Date.now() + DAY_MS);
  return { start_dt: start.toISOString(), end_dt: new Date(start.getTime() + 28 * DAY_MS).toISOString() };
}

/** What the website sends, extra fields included. */
function salesBooking(): Record<string, unknown> {
  return {
    admin_id: 1, bdr_person_id: null, company_id: null, name: 'jane fuzz', email: 'Jane@Fuzz.example', phone: '+44 20 7946 0000', website: '',
    country: 'GB', company_name: 'Fuzz Learning', estimated_income: '£150,000 - £500,000', currency: 'GBP', price_plan: 'payg',
    meeting_dt: slotAhead(3), utm_campaign: 'autumn', utm_source: 'google', call_type: 'sales',
  };
}

function supportBooking(): Record<string, unknown> {
  return { company_id: '1', admin_id: 1, meeting_dt: slotAhead(8), email: 'jane@brightside.example', name: 'Jane Doe', call_type: 'support' };
}

async function supportLinkQuery(): Promise<Record<string, string>> {
  const response = await fetch(`${context.url}/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=101`, {
    headers: { authorization: `token ${context.tc2Key}` },
  });
  if (!response.ok) throw new Error(`support link: ${response.status} ${await response.text()}`);
  return Object.fromEntries(new URL(((await response.json()) as { link: string }).link).searchParams);
}

function tc2Bodies(): unknown[] {
  const client = buildTc2Client({ meta_agency: { status: 'trial', paid_invoice_count: 0, created: new Date(Date.now() - DAY_MS).toISOString() } });
  return [
    tc2WebhookBody([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT' })]),
    tc2WebhookBody([tc2InvoiceEvent(client, { id: 77 })]),
    tc2WebhookBody([tc2DeletedClientEvent({ id: 999_001, user: { first_name: 'Gone', last_name: 'Client' } })]),
  ];
}

// --- What the fuzzer sends ---------------------------------------------------------------------

type JsonPath = (string | number)[];

/** Every place in a JSON value a fuzzed value can go: each member and element, at every depth. */
function jsonPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...jsonPaths(item, [...prefix, i])]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...jsonPaths(item, [...prefix, key])]);
  }
  return [];
}

function setAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (!path.length) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  if (replacement === undefined && !rest.length) delete copy[head];
  else copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

/** Values that have broken services before: wrong types, out-of-range numbers, overlong text, odd dates. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, '', ' ', 0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), true, false, [], {}, [null], { id: null }),
  fc.constantFrom('x'.repeat(256), 'x'.repeat(20_000), '2026-13-45T25:61:00Z', 'NaN', '1e309', "'; DROP TABLE company; --", '\u0000', '🙂', 'null'),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

function bodyArbitrary(templates: unknown[]): fc.Arbitrary<string> {
  const mutated = fc
    .constantFrom(...templates)
    .chain((template) =>
      fc
        .array(fc.tuple(fc.constantFrom(...jsonPaths(template), [] as JsonPath), hostile), { minLength: 1, maxLength: 3 })
        .map((changes) => changes.reduce<unknown>((body, [path, value]) => setAt(body, path, value), template)),
    )
    .map((body) => JSON.stringify(body) ?? '');
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string() },
  );
}

function queryArbitrary(valid: Record<string, string> = {}): fc.Arbitrary<[string, string][]> {
  const keys = [...Object.keys(valid), 'id', 'filter', 'sort', 'range', 'page'];
  const value = fc.oneof(fc.string(), fc.constantFrom('[', '{"id":', '["id","DROP"]', '[0,1e9]', '[-5,2]', '{"q":{"$ne":1}}', '-1', 'x'.repeat(3000)));
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string()), value), { maxLength: 4 });
  return fc.tuple(fc.subarray(Object.entries(valid)), extra).map(([kept, added]) => [...kept, ...added]);
}

const pathSegment = fc.oneof(
  fc.constantFrom('1', '2', '0', '-1', '2147483648', '1.5', 'abc', '%00', '..', '1e3', '99999999999999999999'),
  fc.integer().map(String),
  fc.string({ minLength: 1 }),
);

// --- The run -----------------------------------------------------------------------------------

interface Context {
  url: string;
  tc2Key: string;
  jar: CookieJar;
  pipedriveBodies: unknown[];
}
let context: Context;

describe('every public endpoint, fuzzed with valid credentials', () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let seed: Seed;
  let requests = 0;

  async function send(endpoint: Endpoint, segment: string, query: [string, string][], body: string | undefined): Promise<Response> {
    const url = new URL(`${context.url}${endpoint.path.replace('{id}', encodeURIComponent(segment))}`);
    for (const [key, value] of query) url.searchParams.append(key, value);
    // Each request from an address of its own, so the public endpoints' rate limit per IP stays out of the way.
    const headers: Record<string, string> = { 'x-forwarded-for': `10.${(requests >> 16) & 255}.${(requests >> 8) & 255}.${requests++ & 255}` };
    // The SPA declares every write JSON, bodiless DELETEs included (its CSRF rule).
    if (body !== undefined || endpoint.auth === 'session') headers['content-type'] = 'application/json';
    if (endpoint.auth === 'tc2-signature') headers['webhook-signature'] = createHmac('sha256', context.tc2Key).update(body ?? '').digest('hex');
    if (endpoint.auth === 'tc2-token') headers.authorization = `token ${context.tc2Key}`;
    if (endpoint.auth === 'metrics-token') headers.authorization = `Bearer ${METRICS_TOKEN}`;
    if (endpoint.auth === 'pipedrive-basic') headers.authorization = `Basic ${Buffer.from(`${PD_USER}:${PD_PASSWORD}`).toString('base64')}`;
    if (endpoint.auth === 'session') {
      headers.origin = context.url;
      return context.jar.fetch(url.toString(), { method: endpoint.method, headers, body });
    }
    return fetch(url, { method: endpoint.method, headers, body, redirect: 'manual' });
  }

  beforeAll(async () => {
    sandbox = await startSandbox();
    sandbox.googleSignIn.addAccount(googleAccount(ADA.username));
    database = await createTestDatabase();
    let url: string;
    ({ app, url } = await startAdminApp(database.url, sandbox.googleSignIn, {
      ...sandbox.env,
      PD_WEBHOOK_USER: PD_USER,
      PD_WEBHOOK_PASSWORD: PD_PASSWORD,
      METRICS_TOKEN,
      // The loopback proxy is trusted, so each request's X-Forwarded-For is an address of its own.
      TRUST_PROXY: 'loopback',
    }));
    await app.listen(new URL(url).port, '127.0.0.1');
    // As the entry points do once listening: readiness answers 200 (it answers 503, by design, until then).
    app.get(ReadinessService).serving();
    dataSource = app.get(DataSource);
    seed = await seedBoth(dataSource, sandbox.pipedrive);
    // Admin 1 takes both kinds of call, so valid bookings of either kind reach the services.
    await dataSource.getRepository(Admin).update(seed.sales.id, { tc2_admin_id: 301, is_support_person: true });
    await dataSource.getRepository(Admin).insert(ADA);
    // A company known to TC2 (cligency 101), for support bookings and links.
    const { company } = await createCompany(dataSource, seed, 'Brightside Tutors', 'jane@brightside.example');
    sandbox.tc2.seedClient({ id: 101, meta_agency: { id: 201 } });
    await dataSource.query('UPDATE company SET tc2_cligency_id = 101, tc2_agency_id = 201 WHERE id = $1', [company.id]);
    context = { url, tc2Key: sandbox.tc2.apiKey, jar: await signedIn(url, ADA.username), pipedriveBodies: await pipedriveBodies(url) };
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await sandbox?.stop();
  });

  /** Real webhooks v2 bodies: what the simulator sends when objects are made and changed in the app. */
  async function pipedriveBodies(url: string): Promise<unknown[]> {
    for (const entity of ['organization', 'person', 'deal', 'pipeline', 'stage'] as const) {
      await app.get(PipedriveClient).createWebhook({
        name: `Hermes ${entity}`,
        subscription_url: `${url}/pipedrive/callback/`,
        event_action: '*',
        event_object: entity,
        http_auth_user: PD_USER,
        http_auth_password: PD_PASSWORD,
      });
    }
    const pd = sandbox.pipedrive;
    const owner = seed.sales.pd_owner_id;
    const org = pd.createInApp('organization', { name: 'Fuzz Tutors', owner_id: owner });
    const person = pd.createInApp('person', { name: 'Jane Fuzz', org_id: org.id, emails: [{ value: 'jane@fuzz.example', primary: true }] });
    const deal = pd.createInApp('deal', {
      title: 'Fuzz deal', org_id: org.id, person_id: person.id, owner_id: owner, pipeline_id: seed.pipeline.pd_pipeline_id, stage_id: seed.entryStage.pd_stage_id,
    });
    pd.editInApp('organization', org.id, { name: 'Fuzz Tutors Ltd' });
    pd.editInApp('deal', deal.id, { stage_id: seed.laterStage.pd_stage_id });
    pd.deleteInApp('person', person.id);
    const deliveries = await pd.flushWebhooks();
    expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 200));
    return deliveries.map((delivery) => delivery.payload);
  }

  it.each(ENDPOINTS.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint] as const))('%s: no 5xx, and a refusal changes nothing', async (_name, endpoint) => {
    const bodies = endpoint.bodies ? await endpoint.bodies() : undefined;
    const query = typeof endpoint.query === 'function' ? await endpoint.query() : endpoint.query;
    const request = fc.record({
      segment: pathSegment,
      query: queryArbitrary(query),
      body: bodies ? bodyArbitrary(bodies) : fc.constant(undefined),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ segment, query, body }) => {
        const before = await databaseFingerprint(dataSource);
        const response = await send(endpoint, segment, query, body);
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) throw new Error(`${response.status}: ${text.slice(0, 500)}`);
        if (response.status >= 400 && (await databaseFingerprint(dataSource)) !== before) {
          throw new Error(`refused with ${response.status} (${text.slice(0, 200)}) but changed the database`);
        }
      }),
      { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // The credentials worked: the fuzz reached validation and the services, not just the guards.
    if (endpoint.auth !== 'none') expect([...statuses.keys()].some((status) => status !== 401 && status !== 403)).toBe(true);
    if (process.env.FUZZ_VERBOSE) console.log(`${endpoint.method} ${endpoint.path}`, Object.fromEntries(statuses));
  }, 120_000);

  it('has an entry for every route in the API docs', async () => {
    const spec = (await (await fetch(`${context.url}/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const normalise = (path: string) => path.replace(/\/+$/, '');
    const documented = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${normalise(path)}`),
    );
    const fuzzed = new Set(ENDPOINTS.map((endpoint) => `${endpoint.method} ${normalise(endpoint.path)}`));
    expect(documented.filter((route) => !fuzzed.has(route))).toEqual([]);
  });
});
