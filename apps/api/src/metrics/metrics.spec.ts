import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Admin } from '@hermes/database';
import { buildTc2Client, PipedriveSimulator, tc2ClientEvent, Tc2Simulator, tc2WebhookBody } from '@hermes/sandbox';
import { createCompany, createTestDatabase, PD_TOKEN, seedBoth, TestDatabase, until } from '@hermes/testing';
import { HermesTestApp, simulatorEnv, startHermesApp } from '../__fixtures__/hermes-app.fixture';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';
import { JobQueueService } from '../jobs/job-queue.service';
import { startSyncContext, SyncContext } from '../pipedrive/__fixtures__/sync-test-context';
import { MetricsService } from './metrics.service';
import { serveWorkerMetrics } from './worker-metrics.server';

const TOKEN = 'metrics-scrape-token-0123456789';
const TC2_KEY = 'tc2-metrics-key';

/** The value of one series in Prometheus' text format (0 when absent); `labels` must all match. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = (match[2] ?? '').split(/,(?=[a-z_]+=")/);
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

async function scrape(hermes: HermesTestApp, authorization = `Bearer ${TOKEN}`): Promise<Response> {
  return fetch(`${hermes.url}/metrics`, { headers: { authorization } });
}

async function metricsText(hermes: HermesTestApp): Promise<string> {
  const response = await scrape(hermes);
  expect(response.status).toBe(200);
  return response.text();
}

describe('GET /metrics', () => {
  it('is off (404, as an unknown route) without METRICS_TOKEN', async () => {
    const hermes = await startHermesApp({ HERMES_ROLE: 'api' });
    try {
      const response = await scrape(hermes);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404, message: 'Cannot GET /metrics' });
    } finally {
      await hermes.stop();
    }
  });

  describe('with METRICS_TOKEN, the API only (nobody works the queue)', () => {
    let hermes: HermesTestApp;

    beforeAll(async () => {
      hermes = await startHermesApp({ HERMES_ROLE: 'api', METRICS_TOKEN: TOKEN });
    });

    afterAll(async () => {
      await hermes?.stop();
    });

    it('answers 401 without the bearer token, and the metrics with it', async () => {
      for (const authorization of ['', `Bearer not-${TOKEN}`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
        const refused = await scrape(hermes, authorization);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await refused.text()).not.toContain('hermes_');
      }
      const response = await scrape(hermes);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      expect(text).toContain('# TYPE hermes_http_requests_total counter');
      // The Node process' own figures, and the counters reconciliation moves (none yet).
      expect(text).toContain('process_resident_memory_bytes');
      expect(text).toContain('# TYPE hermes_drift_found_total counter');
      expect(text).toContain('# TYPE hermes_drift_healed_total counter');
    });

    it('labels requests by route pattern, never by the URL as sent', async () => {
      await fetch(`${hermes.url}/admin-api/companies/123456`);
      await fetch(`${hermes.url}/admin-api/companies/654321?x=1`);
      await fetch(`${hermes.url}/no-such-route/987`);
      const text = await metricsText(hermes);
      expect(valueOf(text, 'hermes_http_requests_total', { method: 'GET', route: '/admin-api/companies/:id', status: '401' })).toBe(2);
      expect(valueOf(text, 'hermes_http_request_duration_seconds_count', { method: 'GET', route: '/admin-api/companies/:id' })).toBe(2);
      expect(valueOf(text, 'hermes_http_requests_total', { method: 'GET', route: '(unrouted)', status: '404' })).toBe(1);
      expect(text).not.toMatch(/companies\/\d|no-such-route/);
    });

    it('reads the depth of each queue and the age of its oldest waiting job when scraped', async () => {
      const idle = await metricsText(hermes);
      expect(valueOf(idle, 'hermes_queue_jobs', { kind: PIPEDRIVE_COMPANY_SYNC_JOB, state: 'created' })).toBe(0);
      expect(idle).toContain(`hermes_queue_oldest_waiting_seconds{kind="${PIPEDRIVE_COMPANY_SYNC_JOB}"} 0`);

      const jobs = hermes.app.get(JobQueueService);
      await hermes.dataSource.transaction(async (manager) => {
        await jobs.enqueue(PIPEDRIVE_COMPANY_SYNC_JOB, { companyId: 1 }, manager);
        await jobs.enqueue(PIPEDRIVE_COMPANY_SYNC_JOB, { companyId: 2 }, manager);
      });
      // Due once their settle delay (PD_SYNC_SETTLE_MS, 300 ms) is over; waiting is counted from then.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const waiting = await metricsText(hermes);
      expect(valueOf(waiting, 'hermes_queue_jobs', { kind: PIPEDRIVE_COMPANY_SYNC_JOB, state: 'created' })).toBe(2);
      expect(valueOf(waiting, 'hermes_queue_oldest_waiting_seconds', { kind: PIPEDRIVE_COMPANY_SYNC_JOB })).toBeGreaterThanOrEqual(1);
    });
  });

  describe('with METRICS_TOKEN, the API and its workers', () => {
    const tc2 = new Tc2Simulator({ apiKey: TC2_KEY });
    const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
    let hermes: HermesTestApp;
    let webhookUrl: string;

    beforeAll(async () => {
      await Promise.all([tc2.start(), pd.start()]);
      hermes = await startHermesApp({ HERMES_ROLE: 'all', METRICS_TOKEN: TOKEN, ...simulatorEnv({ tc2, pd }) });
      const seed = await seedBoth(hermes.dataSource, pd);
      await hermes.dataSource.manager.update(Admin, { id: seed.sales.id }, { tc2_admin_id: 301 });
      webhookUrl = `${hermes.url}/tc2/callback/`;
    });

    afterAll(async () => {
      await hermes?.stop();
      await Promise.all([tc2.stop(), pd.stop()]);
    });

    const newClient = (name: string) =>
      buildTc2Client({ meta_agency: { name, status: 'trial', paid_invoice_count: 0, created: new Date().toISOString() } });
    const completedSyncs = async () => valueOf(await metricsText(hermes), 'hermes_jobs_total', { kind: PIPEDRIVE_COMPANY_SYNC_JOB, outcome: 'completed' });

    it('counts a TC2 webhook by outcome, the sync job it causes and its Pipedrive requests', async () => {
      expect((await tc2.sendWebhook(webhookUrl, tc2WebhookBody([tc2ClientEvent(newClient('Brightside Tutors'))]), { signing: 'wrong' })).status).toBe(403);
      expect((await tc2.sendWebhook(webhookUrl, tc2WebhookBody([tc2ClientEvent(newClient('Brightside Tutors'))]))).status).toBe(200);
      await until(async () => (await completedSyncs()) === 1);

      const text = await metricsText(hermes);
      expect(valueOf(text, 'hermes_webhooks_received_total', { source: 'tc2', outcome: 'accepted' })).toBe(1);
      expect(valueOf(text, 'hermes_webhooks_received_total', { source: 'tc2', outcome: 'refused' })).toBe(1);
      expect(valueOf(text, 'hermes_http_requests_total', { method: 'POST', route: '/tc2/callback', status: '200' })).toBe(1);
      expect(valueOf(text, 'hermes_job_duration_seconds_count', { kind: PIPEDRIVE_COMPANY_SYNC_JOB, outcome: 'completed' })).toBe(1);
      expect(valueOf(text, 'hermes_pipedrive_requests_total', { method: 'POST', endpoint: '/api/v2/organizations', status: '200' })).toBe(1);
      expect(valueOf(text, 'hermes_pipedrive_requests_total', { method: 'POST', endpoint: '/api/v2/deals', status: '200' })).toBe(1);
      expect(valueOf(text, 'hermes_pipedrive_daily_requests_left')).toBe(pd.state().dailyRequestsLeft);
      expect(valueOf(text, 'hermes_pipedrive_rate_limited_total')).toBe(0);
    });

    it('counts a 429 from Pipedrive, which the sync rides out', async () => {
      pd.failNext(1, { kind: 'rate-limit', resetSeconds: 1 });
      expect((await tc2.sendWebhook(webhookUrl, tc2WebhookBody([tc2ClientEvent(newClient('Brightside Tutoring Ltd'))]))).status).toBe(200);
      await until(async () => (await completedSyncs()) === 2, 15_000);

      const text = await metricsText(hermes);
      const [endpoint] = /endpoint="([^"]+)"/.exec(text.split('\n').find((line) => line.startsWith('hermes_pipedrive_rate_limited_total{'))!)!.slice(1);
      expect(endpoint).toMatch(/^\/api\/v2\/organizations(\/\{id\})?$/);
      expect(valueOf(text, 'hermes_pipedrive_rate_limited_total', { endpoint })).toBe(1);
      expect(valueOf(text, 'hermes_pipedrive_requests_total', { endpoint, status: '429' })).toBe(1);
      expect(valueOf(text, 'hermes_jobs_total', { kind: PIPEDRIVE_COMPANY_SYNC_JOB, outcome: 'retry' })).toBe(0);
    });
  });

  describe('of a worker (no API), with METRICS_TOKEN', () => {
    const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
    let database: TestDatabase;
    let worker: SyncContext;
    let server: Server;
    let url: string;

    beforeAll(async () => {
      await pd.start();
      database = await createTestDatabase();
      worker = await startSyncContext(database.url, pd, { role: 'all' });
      server = await serveWorkerMetrics(worker.app.get(MetricsService), TOKEN, 0, '127.0.0.1');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await worker?.app.close();
      await database?.drop();
      await pd.stop();
    });

    it('serves its own job and Pipedrive counters at /metrics alone, behind the token', async () => {
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer not-${TOKEN}` } })).headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect((await fetch(`${url}/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);

      const seed = await seedBoth(worker.dataSource, pd);
      const { company } = await createCompany(worker.dataSource, seed);
      await worker.dataSource.transaction((manager) => worker.outbound.pipedrive(company.id, manager));
      const scrapeWorker = async () => (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      await until(async () => valueOf(await scrapeWorker(), 'hermes_jobs_total', { kind: PIPEDRIVE_COMPANY_SYNC_JOB, outcome: 'completed' }) === 1, 15_000);
      expect(valueOf(await scrapeWorker(), 'hermes_pipedrive_requests_total', { method: 'POST', endpoint: '/api/v2/organizations', status: '200' })).toBe(1);
    });
  });
});
