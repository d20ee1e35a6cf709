import { Admin, Company } from '@hermes/database';
import { buildTc2Client, PipedriveSimulator, tc2ClientEvent, Tc2Simulator, tc2WebhookBody } from '@hermes/sandbox';
import { PD_TOKEN, seedBoth, SERVER_URL_VAR, until, withServer } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesTestApp, simulatorEnv, startHermesApp } from '../__fixtures__/hermes-app.fixture';

const TC2_KEY = 'outage-tc2-key';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Postgres goes away under a running Hermes (API and worker in one process) and comes
 * back. While it is away /health says so (503) and requests get a 503, never a 500 or a crash; once
 * it is back everything recovers without a restart: /health, webhooks, and the job worker.
 */
describe('drill: the database drops every connection and refuses new ones, then returns', () => {
  const tc2 = new Tc2Simulator({ apiKey: TC2_KEY });
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let hermes: HermesTestApp;
  let baseUrl: string;
  let dataSource: DataSource;

  const server = (sql: string) => withServer(process.env[SERVER_URL_VAR]!, (client) => client.query(sql));
  const health = async () => {
    const response = await fetch(`${baseUrl}/health`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const client = (n: number) =>
    buildTc2Client({
      id: 100 + n,
      user: { email: `owner${n}@outage.example` },
      meta_agency: { id: 200 + n, name: `Outage Tutors ${n}`, status: 'trial', paid_invoice_count: 0, created: new Date(Date.now() - DAY_MS).toISOString() },
      paid_recipients: [{ id: 400 + n, first_name: 'Jane', last_name: 'Doe', email: `owner${n}@outage.example` }],
    });
  const deliver = (n: number) => tc2.sendWebhook(`${baseUrl}/tc2/callback/`, tc2WebhookBody([tc2ClientEvent(client(n))]));

  async function cutOff(): Promise<void> {
    const { name } = hermes.database;
    await server(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await server(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  }

  beforeAll(async () => {
    await Promise.all([tc2.start(), pd.start()]);
    // A job the outage cut off (and could not be marked failed) runs again soon.
    hermes = await startHermesApp({ HERMES_ROLE: 'all', ...simulatorEnv({ tc2, pd }), HERMES_JOB_EXPIRE_SECONDS: '3' });
    ({ dataSource, url: baseUrl } = hermes);
    const seed = await seedBoth(dataSource, pd);
    await dataSource.getRepository(Admin).update(seed.sales.id, { tc2_admin_id: 301 });
  });

  afterAll(async () => {
    if (hermes) await server(`ALTER DATABASE ${hermes.database.name} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await hermes?.stop();
    await Promise.all([tc2.stop(), pd.stop()]);
  });

  it('reports the outage, answers 503 meanwhile, and recovers by itself: health, webhooks and the worker', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok' } });
    // A sync under way when the database goes: Pipedrive is slow, and the cut comes mid-job.
    pd.setLatency(500);
    expect((await deliver(1)).status).toBe(200);
    await until(() => pd.requestsTo('/api/v2/organizations', 'POST').length === 1, 15_000);

    await cutOff();
    try {
      expect(await health()).toEqual({ status: 503, body: { status: 'error', database: 'unavailable' } });
      const during = await deliver(2);
      expect(during.status).toBe(503);
      expect(during.responseBody).not.toMatch(/at .*\.(ts|js):\d+/);
      // The interrupted job ends, and the workers keep polling, against a database that refuses them.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect((await health()).status).toBe(503);
    } finally {
      await server(`ALTER DATABASE ${hermes.database.name} ALLOW_CONNECTIONS true`);
      pd.setLatency(0);
    }

    await until(async () => (await health()).status === 200, 15_000);
    expect(await health()).toMatchObject({ body: { status: 'ok', database: 'ok' } });
    // TC2 redelivers what got a 503; the worker syncs it, and runs the interrupted sync again.
    expect((await deliver(2)).status).toBe(200);
    const synced = async () =>
      (await dataSource.getRepository(Company).find()).filter((company) => company.pd_org_id).length === 2 &&
      pd.objects('person').length === 2 &&
      pd.objects('deal').length === 2;
    await until(synced, 40_000);
    expect(pd.objects('organization').map((org) => org.name).sort()).toEqual(['Outage Tutors 1', 'Outage Tutors 2']);
  }, 90_000);
});
