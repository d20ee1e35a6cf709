import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { Company } from '@hermes/database';
import { Sandbox, startSandbox } from '@hermes/sandbox';
import { seedBoth } from '@hermes/testing';
import { HermesTestApp, startHermesApp } from '../__fixtures__/hermes-app.fixture';
import { SERVER_RATE_LIMIT, VISITOR_RATE_LIMIT } from './website-throttling';

const SIGNING_KEY = 'throttling-test-signing-key';

/**
 * The website's routes are rate limited per client address: the browser's (bookings, round robin,
 * /loc/) together, per visitor; the ones the website's server calls for all its visitors
 * (availability, support-link validation) with a limit of their own. The client's address comes
 * from a proxy's headers only when TRUST_PROXY names the proxy: here the tests' loopback.
 */
describe("the website routes' rate limits", () => {
  let sandbox: Sandbox;
  let direct: HermesTestApp;
  let proxied: HermesTestApp;
  let adminId: number;
  let companyId: number;

  /** What a visitor's browser calls, in turn. */
  const visitorCalls = [
    (base: string, headers: Record<string, string>) => fetch(`${base}/loc/`, { headers }),
    (base: string, headers: Record<string, string>) => fetch(`${base}/choose-roundrobin/sales/?plan=payg&country_code=GB`, { headers }),
    (base: string, headers: Record<string, string>) => fetch(`${base}/choose-roundrobin/support/`, { headers }),
    (base: string, headers: Record<string, string>) =>
      fetch(`${base}/callbooker/sales/book/`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' }),
  ];
  /** The `i`th call of a visitor's browser, with these headers. */
  const asVisitor = (base: string, i: number, headers: Record<string, string>) => visitorCalls[i % visitorCalls.length](base, headers);

  beforeAll(async () => {
    sandbox = await startSandbox();
    const env = { ...sandbox.env, HERMES_ROLE: 'api', SIGNING_KEY };
    [direct, proxied] = await Promise.all([startHermesApp(env), startHermesApp({ ...env, TRUST_PROXY: 'loopback' })]);
    const seed = await seedBoth(proxied.dataSource, sandbox.pipedrive);
    adminId = seed.sales.id;
    companyId = (await proxied.dataSource.manager.save(Company, { name: 'Linked Tutors', sales_person_id: adminId })).id;
  });

  afterAll(async () => {
    await Promise.all([direct?.stop(), proxied?.stop()]);
    await sandbox?.stop();
  });

  it("sustains the website server's calls for all its visitors: availability and link validation, far beyond 600 a minute", async () => {
    // The website's server, behind the proxy, calls as its pages do: slots from two hours ahead for a month, and links as TC2 signed them.
    const server = { 'x-forwarded-for': '192.0.2.10' };
    const from = DateTime.utc().plus({ hours: 2 });
    const availability = `${proxied.url}/callbooker/availability/?admin_id=${adminId}&start_dt=${from.toISO()}&end_dt=${from.plus({ months: 1 }).toISO()}`;
    const e = Math.floor(Date.now() / 1000) + 86_400;
    const s = createHmac('sha256', SIGNING_KEY).update(`${adminId}:${companyId}:${e}`).digest('hex');
    const validation = `${proxied.url}/callbooker/support-link/validate/?admin_id=${adminId}&company_id=${companyId}&e=${e}&s=${s}`;

    const statuses: number[] = [];
    for (let batch = 0; batch < SERVER_RATE_LIMIT.limit / 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(i % 2 ? validation : availability, { headers: server })));
      statuses.push(...answers.map((answer) => answer.status));
    }

    expect(SERVER_RATE_LIMIT.limit).toBeGreaterThanOrEqual(600);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(statuses).toHaveLength(SERVER_RATE_LIMIT.limit);
    // Still bounded: one address cannot have Hermes ask Google without end.
    expect((await fetch(availability, { headers: server })).status).toBe(429);
    expect((await fetch(validation, { headers: server })).status).toBe(429);
    // The server's browser-facing count is its own.
    expect((await fetch(`${proxied.url}/loc/`, { headers: server })).status).toBe(200);
  }, 120_000);

  it("counts each visitor once across the browser's routes, by the address the trusted proxy gives", async () => {
    const visitor = { 'x-forwarded-for': '203.0.113.7' };
    const statuses: number[] = [];
    for (let i = 0; i < VISITOR_RATE_LIMIT.limit; i++) statuses.push((await asVisitor(proxied.url, i, visitor)).status);
    expect(statuses.filter((status) => status === 429)).toEqual([]);

    for (let i = 0; i < visitorCalls.length; i++) {
      const refused = await asVisitor(proxied.url, i, visitor);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after-visitor'))).toBeGreaterThan(0);
    }
    const booking = await asVisitor(proxied.url, 3, visitor);
    expect(await booking.json()).toMatchObject({ status: 'error' });
    // Another visitor behind the same proxy is not held up.
    expect((await asVisitor(proxied.url, 0, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
  });

  it("takes Cloudflare's CF-Connecting-IP from a trusted proxy, whatever X-Forwarded-For says", async () => {
    for (let i = 0; i < VISITOR_RATE_LIMIT.limit; i++) {
      expect((await asVisitor(proxied.url, i, { 'cf-connecting-ip': '198.51.100.20', 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}` })).status).not.toBe(429);
    }
    expect((await asVisitor(proxied.url, 0, { 'cf-connecting-ip': '198.51.100.20', 'x-forwarded-for': '10.9.9.9' })).status).toBe(429);
    expect((await asVisitor(proxied.url, 0, { 'cf-connecting-ip': '198.51.100.21', 'x-forwarded-for': '10.0.0.0' })).status).toBe(200);
  });

  it('ignores X-Forwarded-For and CF-Connecting-IP without TRUST_PROXY: a client cannot pick its address', async () => {
    const spoofed = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i & 255}`, 'cf-connecting-ip': `198.51.100.${i & 255}` });
    for (let i = 0; i < VISITOR_RATE_LIMIT.limit; i++) expect((await asVisitor(direct.url, i, spoofed(i))).status).not.toBe(429);

    expect((await asVisitor(direct.url, 0, spoofed(250))).status).toBe(429);
    expect((await asVisitor(direct.url, 0, {})).status).toBe(429);
  });
});
