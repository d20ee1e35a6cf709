import { execFile } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createTestDatabase, TestDatabase, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/hermes-config';
import { JobQueueService } from '../jobs/job-queue.service';

const EMAIL = 'jane.planted@example.com';
const TC2_KEY = 'tc2-planted-api-key-0123456789';
const FAILING_JOB = 'test.fails-for-good';

/** A Sentry event as the SDK sends it (the parts read here). */
interface SentryEvent {
  environment?: string;
  release?: string;
  tags?: Record<string, string>;
  exception?: { values: { type: string; value: string }[] };
  request?: { url?: string; method?: string };
}

/** What a listener standing in for Sentry received: each envelope as sent, and the events in it. */
interface Received {
  raw: string;
  events: SentryEvent[];
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString();
}

/** An envelope is lines of JSON: its header, then a header and a payload per item. */
function eventsOf(envelope: string): SentryEvent[] {
  const lines = envelope.split('\n').filter(Boolean);
  const events: SentryEvent[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if ((JSON.parse(lines[i]) as { type?: string }).type === 'event') events.push(JSON.parse(lines[i + 1]) as SentryEvent);
  }
  return events;
}

/**
 * Error reports reach Sentry (here a local listener its DSN points at) for a route that threw and for a
 * job that failed for good, tagged, with environment and release, and without the email address or
 * API key planted in the request, the job's payload and the errors' messages.
 */
describe('error reporting to Sentry', () => {
  const received: Received[] = [];
  let sentry: Server;
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let dsn: string;

  beforeAll(async () => {
    sentry = createServer((request, response) => {
      void body(request).then((raw) => {
        if (request.url?.startsWith('/api/1/envelope/')) received.push({ raw, events: eventsOf(raw) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => sentry.listen(0, '127.0.0.1', resolve));
    const { port } = sentry.address() as AddressInfo;
    dsn = `http://publickey@127.0.0.1:${port}/1`;

    database = await createTestDatabase();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      HERMES_ROLE: 'all',
      TC2_API_KEY: TC2_KEY,
      SENTRY_DSN: dsn,
      SENTRY_ENVIRONMENT: 'drill',
      HERMES_RELEASE: 'hermes@test-release',
    });
    app = await createApp(config);
    const jobs = app.get(JobQueueService);
    jobs.configure({ pollingIntervalSeconds: 0.2 });
    jobs.define<{ companyId: number; email: string }>({
      name: FAILING_JOB,
      retryLimit: 0,
      retryDelaySeconds: 1,
      expireInSeconds: 60,
      handle: async ({ email }) => {
        throw new Error(`Pipedrive refused the person ${email} (x-api-token ${TC2_KEY})`);
      },
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await new Promise((resolve) => sentry?.close(resolve));
  });

  const eventsWhere = (test: (event: SentryEvent) => boolean) => received.flatMap((envelope) => envelope.events).filter(test);

  it('reports a job that failed for good, with its kind and company but not its payload', async () => {
    await app.get(DataSource).transaction((manager) => app.get(JobQueueService).enqueue(FAILING_JOB, { companyId: 42, email: EMAIL }, manager));

    await until(() => eventsWhere((event) => event.tags?.job_kind === FAILING_JOB).length === 1, 15_000);
    const [event] = eventsWhere((event) => event.tags?.job_kind === FAILING_JOB);
    expect(event).toMatchObject({ environment: 'drill', release: 'hermes@test-release', tags: { job_kind: FAILING_JOB, company_id: '42' } });
    expect(event.exception!.values[0]).toMatchObject({ type: 'Error', value: 'Pipedrive refused the person [Filtered] (x-api-token [Filtered])' });
  });

  it('reports a route that threw (a 500), without the caller’s credentials or query', async () => {
    const dataSource = app.get(DataSource);
    await dataSource.query('ALTER TABLE company RENAME TO company_away');
    try {
      const response = await fetch(`${url}/companies/?name=${encodeURIComponent(EMAIL)}`, {
        headers: { authorization: `token ${TC2_KEY}`, cookie: `hermes_session=${TC2_KEY}` },
      });
      expect(response.status).toBe(500);
    } finally {
      await dataSource.query('ALTER TABLE company_away RENAME TO company');
    }

    await until(() => eventsWhere((event) => event.tags?.status === '500').length === 1, 15_000);
    const [event] = eventsWhere((event) => event.tags?.status === '500');
    expect(event).toMatchObject({ environment: 'drill', release: 'hermes@test-release', tags: { route: '/companies', method: 'GET', request_id: expect.any(String) } });
    expect(event.exception!.values[0].value).toContain('company');
    // This test's request left the same process Hermes runs in: requests made there carry no Sentry trace headers.
    expect(JSON.stringify(event.request)).not.toMatch(/sentry-trace|baggage/);
  });

  it('reports an unhandled rejection, which still ends the process', async () => {
    // A process with error reporting on, as Hermes starts it, whose promise nobody awaits fails.
    const script = `
      const { loadConfig } = require('./apps/api/src/config/hermes-config');
      const { ErrorReportingService } = require('./apps/api/src/error-reporting/error-reporting.service');
      const config = loadConfig({ SENTRY_DSN: '${dsn}', TC2_API_KEY: '${TC2_KEY}' });
      new ErrorReportingService(config).onModuleInit().then(() => {
        Promise.reject(new Error('Nobody awaited the lookup of ${EMAIL}'));
      });`;
    const exit = await new Promise<number | null>((resolve) => {
      execFile(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: join(__dirname, '../../../..') }, (error) => resolve(error ? (error.code as number) : 0));
    });
    expect(exit).toBe(1);
    await until(() => eventsWhere((event) => !!event.exception?.values[0].value.startsWith('Nobody awaited')).length === 1, 10_000);
    const [event] = eventsWhere((event) => !!event.exception?.values[0].value.startsWith('Nobody awaited'));
    expect(event.exception!.values[0].value).toBe('Nobody awaited the lookup of [Filtered]');
  }, 30_000);

  it('lets neither the planted email address nor the API key leave Hermes', () => {
    expect(received.length).toBeGreaterThanOrEqual(2);
    for (const { raw } of received) {
      for (const planted of [EMAIL, encodeURIComponent(EMAIL), TC2_KEY]) expect(raw).not.toContain(planted);
    }
  });
});
