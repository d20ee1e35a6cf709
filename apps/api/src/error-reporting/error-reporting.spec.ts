import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import PgBoss from 'pg-boss';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase, until } from '@hermes/testing';
import { QUEUE_SCHEMA } from '../jobs/pgboss-tables';
import { FAILING_JOB } from './__fixtures__/failing-job-app';

const ROOT = join(__dirname, '../../../..');
const EMAIL = 'jane.planted@example.com';
const TC2_KEY = 'tc2-planted-api-key-0123456789';

/** A Sentry event as the SDK sends it (the parts read here). */
interface SentryEvent {
  environment?: string;
  release?: string;
  tags?: Record<string, string>;
  exception?: { values: { type: string; value: string }[] };
  request?: Record<string, unknown>;
}

/** What the listener standing in for Sentry received: each envelope as sent, and the events in it. */
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
 * Error reports reach Sentry (here a local listener its DSN points at) for a job that failed for good,
 * a route that threw and an unhandled rejection, tagged, with environment and release, and without the
 * email address or API key planted in the request, the job's payload and the errors' messages. Hermes
 * runs in processes of its own: Sentry's SDK hooks into the process it reports from.
 */
describe('error reporting to Sentry', () => {
  const received: Received[] = [];
  /** The headers of the requests Hermes' job made to another system (here, the same listener). */
  const outgoing: IncomingMessage['headers'][] = [];
  let sentry: Server;
  let dsn: string;
  let database: TestDatabase;
  let hermes: ChildProcess | undefined;
  let url: string;
  let output = '';

  beforeAll(async () => {
    sentry = createServer((request, response) => {
      void body(request).then((raw) => {
        if (request.url?.startsWith('/api/1/envelope/')) received.push({ raw, events: eventsOf(raw) });
        if (request.url === '/probe') outgoing.push(request.headers);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => sentry.listen(0, '127.0.0.1', resolve));
    dsn = `http://publickey@127.0.0.1:${(sentry.address() as AddressInfo).port}/1`;

    database = await createTestDatabase();
    hermes = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/error-reporting/__fixtures__/failing-job-app.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        HERMES_ROLE: 'all',
        HOST: '127.0.0.1',
        PORT: '0',
        TC2_API_KEY: TC2_KEY,
        SENTRY_DSN: dsn,
        PROBE_URL: `http://127.0.0.1:${(sentry.address() as AddressInfo).port}/probe`,
        SENTRY_ENVIRONMENT: 'drill',
        HERMES_RELEASE: 'hermes@test-release',
      },
    });
    url = await new Promise<string>((resolve, reject) => {
      hermes!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const listening = /listening on (\S+)/.exec(output);
        if (listening) resolve(listening[1].replace('[::1]', '127.0.0.1'));
      });
      hermes!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      hermes!.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (hermes?.exitCode === null) {
      const exited = new Promise((resolve) => hermes!.once('exit', resolve));
      hermes.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
    await new Promise((resolve) => sentry?.close(resolve));
  });

  const eventsWhere = (test: (event: SentryEvent) => boolean) => received.flatMap((envelope) => envelope.events).filter(test);

  it('reports a job that failed for good, with its kind and company but not its payload', async () => {
    const boss = new PgBoss({ connectionString: database.url, schema: QUEUE_SCHEMA, supervise: false, schedule: false });
    await boss.start();
    try {
      await boss.send(FAILING_JOB, { companyId: 42, email: EMAIL });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }

    await until(() => eventsWhere((event) => event.tags?.job_kind === FAILING_JOB).length === 1, 15_000);
    const [event] = eventsWhere((event) => event.tags?.job_kind === FAILING_JOB);
    expect(event).toMatchObject({ environment: 'drill', release: 'hermes@test-release', tags: { job_kind: FAILING_JOB, company_id: '42' } });
    expect(event.exception!.values[0]).toMatchObject({ type: 'Error', value: 'Pipedrive refused the person [Filtered] (x-api-token [Filtered])' });
    // Sentry adds no trace headers to Hermes' own requests to other systems.
    expect(outgoing).toHaveLength(1);
    expect(Object.keys(outgoing[0])).not.toEqual(expect.arrayContaining(['sentry-trace']));
    expect(Object.keys(outgoing[0])).not.toEqual(expect.arrayContaining(['baggage']));
  });

  it('reports a route that threw (a 500), without the caller’s credentials or query', async () => {
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      await sql.query('ALTER TABLE company RENAME TO company_away');
      try {
        const response = await fetch(`${url}/companies/?name=${encodeURIComponent(EMAIL)}`, {
          headers: { authorization: `token ${TC2_KEY}`, cookie: `hermes_session=${TC2_KEY}` },
        });
        expect(response.status).toBe(500);
      } finally {
        await sql.query('ALTER TABLE company_away RENAME TO company');
      }
    } finally {
      await sql.end();
    }

    await until(() => eventsWhere((event) => event.tags?.status === '500').length === 1, 15_000);
    const [event] = eventsWhere((event) => event.tags?.status === '500');
    expect(event).toMatchObject({ environment: 'drill', release: 'hermes@test-release', tags: { route: '/companies', method: 'GET', request_id: expect.any(String) } });
    expect(event.exception!.values[0].value).toContain('company');
    expect(event.request).toMatchObject({ method: 'GET', headers: expect.objectContaining({ authorization: '[Filtered]', cookie: '[Filtered]' }) });
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
      execFile(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: ROOT }, (error) => resolve(error ? (error.code as number) : 0));
    });
    expect(exit).toBe(1);
    const unawaited = () => eventsWhere((event) => !!event.exception?.values[0].value.startsWith('Nobody awaited'));
    await until(() => unawaited().length === 1, 10_000);
    expect(unawaited()[0].exception!.values[0].value).toBe('Nobody awaited the lookup of [Filtered]');
  }, 30_000);

  it('lets neither the planted email address nor the API key leave Hermes', () => {
    expect(received.length).toBeGreaterThanOrEqual(3);
    for (const { raw } of received) {
      for (const planted of [EMAIL, encodeURIComponent(EMAIL), TC2_KEY]) expect(raw).not.toContain(planted);
    }
  });
});
