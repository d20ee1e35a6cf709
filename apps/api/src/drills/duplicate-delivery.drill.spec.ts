import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin } from '@hermes/database';
import { PipedriveSimulator, tc2ClientEvent, Tc2Simulator, tc2WebhookBody } from '@hermes/sandbox';
import { PD_TOKEN, seedBoth, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesTestApp, simulatorEnv, startHermesApp } from '../__fixtures__/hermes-app.fixture';
import { PipedriveClient } from '../pipedrive/pipedrive.client';
import { databaseFingerprint } from './__fixtures__/database-fingerprint';
import { JobRecordsService } from '../jobs/job-records.service';

const TC2_KEY = 'duplicate-tc2-key';
const PD_USER = 'pipedrive';
const PD_PASSWORD = 'duplicate-webhook-secret';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotent webhooks, end to end with the worker running: TC2 delivers one event
 * several times at once and again later, and Pipedrive redelivers its webhooks (including the
 * echoes of Hermes' own changes). The state is the state after the first delivery, and Pipedrive
 * holds one organization, person and deal.
 */
describe('drill: duplicate webhook deliveries', () => {
  const tc2 = new Tc2Simulator({ apiKey: TC2_KEY });
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let hermes: HermesTestApp;
  let app: NestExpressApplication;
  let baseUrl: string;
  let dataSource: DataSource;

  const queueEmpty = () =>
    until(async () => Object.values(await app.get(JobRecordsService).pendingCounts()).every((count) => count === 0), 20_000).catch(async (error: Error) => {
      const jobs = await app.get(JobRecordsService).list({ states: ['created', 'retry', 'active', 'failed'], orderBy: 'created_on', order: 'ASC', offset: 0, limit: 20 });
      throw new Error(`${error.message}; jobs: ${JSON.stringify(jobs.jobs)}`);
    });
  const settled = async () => {
    await pd.flushWebhooks();
    await queueEmpty();
    // Pipedrive's echoes of the last sync, and whatever they enqueued.
    await pd.flushWebhooks();
    await queueEmpty();
  };
  const pipedriveCounts = () => ({
    organizations: pd.objects('organization').length,
    persons: pd.objects('person').length,
    deals: pd.objects('deal').length,
  });

  beforeAll(async () => {
    await Promise.all([tc2.start(), pd.start()]);
    hermes = await startHermesApp({ HERMES_ROLE: 'all', ...simulatorEnv({ tc2, pd }), PD_WEBHOOK_USER: PD_USER, PD_WEBHOOK_PASSWORD: PD_PASSWORD });
    ({ app, dataSource, url: baseUrl } = hermes);
    const seed = await seedBoth(dataSource, pd);
    await dataSource.getRepository(Admin).update(seed.sales.id, { tc2_admin_id: 301 });
    for (const entity of ['organization', 'person', 'deal'] as const) {
      await app.get(PipedriveClient).createWebhook({
        name: `Hermes ${entity}`,
        subscription_url: `${baseUrl}/pipedrive/callback/`,
        event_action: '*',
        event_object: entity,
        http_auth_user: PD_USER,
        http_auth_password: PD_PASSWORD,
      });
    }
  });

  afterAll(async () => {
    await hermes?.stop();
    await Promise.all([tc2.stop(), pd.stop()]);
  });

  it('leaves the state of the first delivery and one of each Pipedrive object, whatever is delivered again', async () => {
    // Known to TC2 too, so the updates Hermes pushes there after Pipedrive's webhooks succeed.
    const client = tc2.seedClient({
      id: 101,
      meta_agency: { id: 201, status: 'trial', paid_invoice_count: 0, created: new Date(Date.now() - DAY_MS).toISOString() },
      paid_recipients: [{ id: 401, first_name: 'Jane', last_name: 'Doe', email: 'jane@brightside.example' }],
    });
    const body = tc2WebhookBody([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT' })]);
    const url = `${baseUrl}/tc2/callback/`;

    const first = await Promise.all([tc2.sendWebhook(url, body), tc2.sendWebhook(url, body), tc2.sendWebhook(url, body)]);
    expect(first.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
    await settled();
    expect(pipedriveCounts()).toEqual({ organizations: 1, persons: 1, deals: 1 });
    const state = await databaseFingerprint(dataSource, { jobs: false });
    const pipedriveRequests = pd.requests.length;

    // TC2's retries of the same event, one by one and together.
    expect((await tc2.sendWebhook(url, body)).status).toBe(200);
    expect((await Promise.all([tc2.sendWebhook(url, body), tc2.sendWebhook(url, body)])).map((d) => d.status)).toEqual([200, 200]);
    // Pipedrive's retries of everything it sent (Hermes' own creates and updates, echoed back).
    const echoes = [...pd.deliveries];
    expect(echoes.length).toBeGreaterThan(0);
    const redelivered = await Promise.all(echoes.map((delivery) => pd.redeliver(delivery)));
    expect(redelivered.map((delivery) => delivery.status)).toEqual(echoes.map(() => 200));
    await settled();

    expect(await databaseFingerprint(dataSource, { jobs: false })).toBe(state);
    expect(pipedriveCounts()).toEqual({ organizations: 1, persons: 1, deals: 1 });
    // Nothing changed, so nothing more was sent to Pipedrive (0 requests for a no-op).
    expect(pd.requests.slice(pipedriveRequests).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(await app.get(JobRecordsService).failed()).toEqual([]);
  }, 60_000);
});
