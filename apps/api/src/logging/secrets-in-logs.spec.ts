import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin, Company } from '@hermes/database';
import { GoogleSignInSimulator, PipedriveSimulator, tc2ClientEvent, tc2InvoiceEvent, Tc2Simulator, tc2WebhookBody } from '@hermes/sandbox';
import { createTestDatabase, seedBoth, TestDatabase, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { googleAccount, signedIn, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';
import { JobQueueService } from '../jobs/job-queue.service';
import { LogCapture } from './__fixtures__/log-capture';

// A file of its own: nestjs-pino sends logs made outside a request (the job workers') to the
// destination of the first app a process starts.
describe('logs and secrets', () => {
  const SECRETS = {
    TC2_API_KEY: 'tc2-secret-7f3a9c1e5b',
    PD_API_KEY: 'pd-secret-2b8d4f6a0c',
    PD_WEBHOOK_PASSWORD: 'pd-hook-secret-9e1c3a5f7d',
    SIGNING_KEY: 'signing-secret-4a6c8e0b2d',
    GOOGLE_OAUTH_CLIENT_SECRET: 'google-secret-1d3f5b7a9c',
  };
  const SAM = 'sam@tutorcruncher.com';
  const tc2 = new Tc2Simulator({ apiKey: SECRETS.TC2_API_KEY });
  const pd = new PipedriveSimulator({ apiToken: SECRETS.PD_API_KEY });
  const google = new GoogleSignInSimulator({ clientSecret: SECRETS.GOOGLE_OAUTH_CLIENT_SECRET, accounts: [googleAccount(SAM)] });
  const log = new LogCapture();
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    await Promise.all([tc2.start(), pd.start(), google.start()]);
    database = await createTestDatabase();
    const env = {
      ...SECRETS,
      LOG_LEVEL: 'debug',
      HERMES_ROLE: 'all',
      TC2_BASE_URL: tc2.url,
      PD_BASE_URL: pd.url,
      PD_WEBHOOK_USER: 'pipedrive',
    };
    ({ app, url } = await startAdminApp(database.url, google, env, { logDestination: log }));
    app.get(JobQueueService).configure({ pollingIntervalSeconds: 0.5 });
    await app.listen(new URL(url).port, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await Promise.all([tc2.stop(), pd.stop(), google.stop()]);
  });

  it('holds none of them, whatever the requests, and failing calls to TC2 and Pipedrive', async () => {
    const dataSource = app.get(DataSource);
    const seed = await seedBoth(dataSource, pd);
    await dataSource.getRepository(Admin).update(seed.sales.id, { tc2_admin_id: 301 });
    const tc2Key = { authorization: `token ${SECRETS.TC2_API_KEY}` };
    const pdAuth = `Basic ${Buffer.from(`pipedrive:${SECRETS.PD_WEBHOOK_PASSWORD}`).toString('base64')}`;

    // The admin SPA: sign-in (the client secret goes to Google), a session cookie on every call.
    const jar = await signedIn(url, SAM);
    const session = jar.header();
    await jar.fetch(`${url}/admin-api/companies`);
    await jar.fetch(`${url}/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    // TC2: a new client (its sync to Pipedrive fails once: 500, then a retry), then an invoice whose
    // client TC2 fails to send once.
    const client = tc2.seedClient();
    pd.failNext(1, { kind: 'server-error' });
    const created = await tc2.sendWebhook(`${url}/tc2/callback/`, tc2WebhookBody([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT' })]));
    tc2.failNext(1, { kind: 'server-error' });
    await tc2.sendWebhook(`${url}/tc2/callback/`, tc2WebhookBody([tc2InvoiceEvent(client, { id: 1 })]));
    await fetch(`${url}/companies/?name=Acme`, { headers: tc2Key });
    const { link } = (await (await fetch(`${url}/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=${client.id}`, { headers: tc2Key })).json()) as { link: string };
    await fetch(`${url}/callbooker/support-link/validate/${new URL(link).search}`);
    // Pipedrive's webhook, with its Basic auth.
    await fetch(`${url}/pipedrive/callback/`, { method: 'POST', headers: { authorization: pdAuth, 'content-type': 'application/json' }, body: '{}' });
    const company = await dataSource.getRepository(Company).findOneByOrFail({ tc2_cligency_id: client.id });
    const pipedriveRetry = /Pipedrive \w+ \/[^:]+: server error \(500\); retrying/;
    await until(async () => pipedriveRetry.test(log.text) && (await dataSource.getRepository(Company).findOneByOrFail({ id: company.id })).pd_org_id !== null);

    // The failing calls were logged, so the check below looked at them.
    expect(log.text).toMatch(/TC2 GET \/api\/clients\/\d+\/: server error \(500\); retrying/);
    const secrets = [
      ...Object.values(SECRETS),
      pdAuth.split(' ')[1],
      created.signature!,
      new URL(link).searchParams.get('s')!,
      ...session.split('; ').map((cookie) => cookie.split('=')[1]),
    ];
    for (const secret of secrets) expect({ secret, logged: log.text.includes(secret) }).toEqual({ secret, logged: false });
  });
});
