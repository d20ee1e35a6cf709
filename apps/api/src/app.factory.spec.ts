import { Socket } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { startHermesApp } from './__fixtures__/hermes-app.fixture';
import { createApp, HTTP_TIMEOUTS } from './app.factory';
import { loadConfig } from './config/hermes-config';

/** A production environment whose services are never reached by these tests. */
const PRODUCTION = {
  NODE_ENV: 'production',
  HERMES_ROLE: 'api',
  SIGNING_KEY: 'app-factory-test-signing-key',
  TC2_API_KEY: 'tc2-key',
  PD_API_KEY: 'pd-key',
  PD_BASE_URL: 'https://acme.pipedrive.example',
  PD_WEBHOOK_USER: 'pipedrive',
  PD_WEBHOOK_PASSWORD: 'hook-password',
  G_CLIENT_EMAIL: 'calendar@acme.iam.gserviceaccount.com',
  G_PRIVATE_KEY: 'key',
  GOOGLE_OAUTH_CLIENT_ID: 'client-id',
  GOOGLE_OAUTH_CLIENT_SECRET: 'client-secret',
};

describe('the OpenAPI docs', () => {
  const served = async (env: Record<string, string>) => {
    const hermes = await startHermesApp(env);
    try {
      const [page, spec] = await Promise.all([fetch(`${hermes.url}/docs`), fetch(`${hermes.url}/docs-json`)]);
      return [page.status, spec.status];
    } finally {
      await hermes.stop();
    }
  };

  it('are not served in production unless DOCS_PUBLIC=true', async () => {
    expect(await served(PRODUCTION)).toEqual([404, 404]);
    expect(await served({ ...PRODUCTION, DOCS_PUBLIC: 'true' })).toEqual([200, 200]);
  });

  it('are served elsewhere unless DOCS_PUBLIC=false', async () => {
    expect(await served({ HERMES_ROLE: 'api' })).toEqual([200, 200]);
    expect(await served({ HERMES_ROLE: 'api', DOCS_PUBLIC: 'false' })).toEqual([404, 404]);
  });
});

describe('CORS', () => {
  const WEBSITE = 'https://tutorcruncher.com';
  const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

  const NOT_FOR_BROWSERS_ELSEWHERE: [string, string][] = [
    ['GET', '/admin-api/companies'],
    ['PUT', '/admin-api/config'],
    ['GET', '/auth/me'],
    ['POST', '/auth/logout'],
    ['POST', '/tc2/callback/'],
    ['POST', '/pipedrive/callback/'],
    ['GET', '/companies/?name=Acme'],
    ['GET', '/health'],
  ];

  it.each([
    ['CORS_ORIGINS', {}],
    ['DEV_MODE', { DEV_MODE: 'true' }],
  ])('is granted only on the website’s routes (with %s)', async (_, env) => {
    const hermes = await startHermesApp({ HERMES_ROLE: 'api', ...env });
    try {
      const loc = await fetch(`${hermes.url}/loc/`, { headers: { origin: WEBSITE } });
      const preflight = await fetch(`${hermes.url}/choose-roundrobin/sales/`, {
        method: 'OPTIONS',
        headers: { origin: WEBSITE, 'access-control-request-method': 'GET' },
      });
      expect(loc.headers.get('access-control-allow-origin')).toMatch(/^(https:\/\/tutorcruncher\.com|\*)$/);
      expect([preflight.status, preflight.headers.get('access-control-allow-methods')]).toEqual([204, 'GET,POST']);

      for (const [method, path] of NOT_FOR_BROWSERS_ELSEWHERE) {
        for (const origin of [WEBSITE, 'https://evil.example']) {
          const simple = await fetch(`${hermes.url}${path}`, { method, headers: { origin, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
          const preflight = await fetch(`${hermes.url}${path}`, {
            method: 'OPTIONS',
            headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
          });
          expect({ path, origin, simple: corsHeaders(simple), preflight: corsHeaders(preflight) }).toEqual({ path, origin, simple: [], preflight: [] });
        }
      }
    } finally {
      await hermes.stop();
    }
  });
});

/**
 * Opens a connection, writes `data`, then goes quiet; resolves with what the server sent and when
 * it closed (giving up after 5 s, so a server that never cuts it off fails the test, not hangs it).
 */
function stallAfter(url: string, data: string): Promise<{ received: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = new Socket()
      .on('data', (chunk) => (received += chunk.toString()))
      .on('error', reject)
      .on('close', () => resolve({ received, closedAfterMs: Date.now() - started }));
    socket.setTimeout(5000, () => socket.destroy());
    socket.connect(Number(port), hostname, () => socket.write(data));
  });
}

describe('slow clients', () => {
  const timeouts = { requestMs: 1200, headersMs: 600, keepAliveMs: 65_000 };
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp(loadConfig({ LOG_LEVEL: 'silent', HERMES_ROLE: 'api', DATABASE_URL: database.url }), { httpTimeouts: timeouts });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('are cut off when the body does not arrive in time', async () => {
    const head = 'POST /tc2/callback/ HTTP/1.1\r\nHost: hermes\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"events": [';
    const { received, closedAfterMs } = await stallAfter(url, head);

    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(timeouts.requestMs - 50);
    expect(closedAfterMs).toBeLessThan(timeouts.requestMs + 1000);
  });

  it('are cut off when the headers do not arrive in time', async () => {
    const { received, closedAfterMs } = await stallAfter(url, 'GET /health HTTP/1.1\r\nHost: hermes\r\nX-Slow: ');

    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(timeouts.headersMs - 50);
    expect(closedAfterMs).toBeLessThan(timeouts.headersMs + 1000);
  });

  it('are given 30 s for a request, 20 s for its headers and 65 s of keep-alive by default (above a proxy’s usual 60 s)', async () => {
    const hermes = await startHermesApp({ HERMES_ROLE: 'api' });
    try {
      const server = hermes.app.getHttpServer();
      expect(HTTP_TIMEOUTS).toEqual({ requestMs: 30_000, headersMs: 20_000, keepAliveMs: 65_000 });
      expect([server.requestTimeout, server.headersTimeout, server.keepAliveTimeout]).toEqual([30_000, 20_000, 65_000]);
    } finally {
      await hermes.stop();
    }
  });
});
