import { createHmac } from 'node:crypto';
import { Socket } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { HermesTestApp, startHermesApp } from './__fixtures__/hermes-app.fixture';
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
  TRUST_PROXY: 'loopback',
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

describe('behind the proxy TRUST_PROXY names', () => {
  it('takes its X-Forwarded-Proto: sign-in sets the Secure session cookie in production', async () => {
    const hermes = await startHermesApp(PRODUCTION);
    try {
      const signIn = await fetch(`${hermes.url}/auth/google`, { headers: { 'x-forwarded-proto': 'https' }, redirect: 'manual' });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.getSetCookie().find((cookie) => cookie.startsWith('hermes_session='))).toMatch(/; secure/i);
    } finally {
      await hermes.stop();
    }
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

describe('bodies and request ids', () => {
  const TC2_KEY = 'bodies-test-tc2-key';
  const PD_AUTH = `Basic ${Buffer.from('pipedrive:hook-password').toString('base64')}`;
  let hermes: HermesTestApp;

  /** A POST as each sender makes it: TC2 signs its body, Pipedrive sends Basic auth, the rest plain JSON. */
  const post = (path: string, body: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (path === '/tc2/callback/') headers['webhook-signature'] = createHmac('sha256', TC2_KEY).update(body).digest('hex');
    if (path === '/pipedrive/callback/') headers.authorization = PD_AUTH;
    return fetch(`${hermes.url}${path}`, { method: 'POST', headers, body });
  };
  const WEBHOOKS = ['/tc2/callback/', '/pipedrive/callback/'];
  const JSON_ROUTES = ['/callbooker/sales/book/', '/callbooker/support/book/', '/auth/logout', '/admin-api/companies'];
  const MB = 1024 * 1024;
  const padded = (bytes: number) => JSON.stringify({ padding: 'x'.repeat(bytes - 14) });

  beforeAll(async () => {
    hermes = await startHermesApp({ HERMES_ROLE: 'api', TC2_API_KEY: TC2_KEY, PD_WEBHOOK_USER: 'pipedrive', PD_WEBHOOK_PASSWORD: 'hook-password' });
  });

  afterAll(async () => {
    await hermes?.stop();
  });

  it('answers 413 to a webhook over 5 MB, and reads one under it', async () => {
    for (const path of WEBHOOKS) {
      expect({ path, status: (await post(path, padded(5 * MB + 1))).status }).toEqual({ path, status: 413 });
      expect({ path, status: (await post(path, padded(5 * MB - 1))).status }).toEqual({ path, status: 422 });
    }
  });

  it('answers 413 to a JSON body over 100 kB on the other routes', async () => {
    for (const path of JSON_ROUTES) {
      for (const size of [100 * 1024 + 1, 5 * MB + 1]) {
        expect({ path, size, status: (await post(path, padded(size))).status }).toEqual({ path, size, status: 413 });
      }
    }
  });

  it('answers 400, never 500, to deeply nested JSON anywhere in the body', async () => {
    const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const bodies: Record<string, (nested: string) => string> = {
      '/tc2/callback/': (nested) => `{"_request_time":1,"events":[{"action":"CREATED_A_CLIENT","subject":{"id":1,"model":"Client","meta_agency":${nested}}}]}`,
      '/pipedrive/callback/': (nested) => `{"meta":{"action":"change","entity":"deal","entity_id":"1"},"data":${nested}}`,
      '/callbooker/sales/book/': (nested) => `{"admin_id":1,"name":"Jane Doe","company_name":${nested}}`,
      '/auth/logout': (nested) => `{"x":${nested}}`,
    };
    for (const [path, body] of Object.entries(bodies)) {
      for (const nested of [arrays(65), objects(65), arrays(2000), objects(2000), arrays(20_000)]) {
        const response = await post(path, body(nested));
        expect({ path, depth: nested.length / 2, status: response.status }).toEqual({ path, depth: nested.length / 2, status: 400 });
      }
    }
    // 64 levels are still a body like any other.
    expect((await post('/auth/logout', `{"x":${arrays(63)}}`)).status).toBe(204);
  });

  it('gives a fresh request id in place of one that is malformed, too long or repeated', async () => {
    const ids = async (header: string) => {
      const raw = await new Promise<string>((resolve, reject) => {
        const { hostname, port } = new URL(hermes.url);
        let received = '';
        const socket = new Socket()
          .on('data', (chunk) => (received += chunk.toString()))
          .on('error', reject)
          .on('close', () => resolve(received));
        socket.connect(Number(port), hostname, () => socket.end(`GET /loc/ HTTP/1.1\r\nHost: hermes\r\nConnection: close\r\n${header}\r\n\r\n`));
      });
      const [head] = raw.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), lines: head.split('\r\n').slice(1) };
    };
    const fresh = /^X-Request-Id: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    expect((await ids('X-Request-Id: tc2-delivery-42')).lines).toContain('X-Request-Id: tc2-delivery-42');
    expect((await ids(`X-Request-Id: ${'a'.repeat(100)}`)).lines).toContain(`X-Request-Id: ${'a'.repeat(100)}`);
    for (const header of [
      `X-Request-Id: ${'a'.repeat(101)}`,
      'X-Request-Id: abc%0d%0aSet-Cookie: hermes_session=forged',
      'X-Request-Id: <script>alert(1)</script>',
      'X-Request-Id: abc\tdef',
      'X-Request-Id: one\r\nX-Request-Id: two',
    ]) {
      const { status, lines } = await ids(header);
      expect({ header, status, ids: lines.filter((line) => /^x-request-id:/i.test(line)).map((line) => fresh.test(line)) }).toEqual({ header, status: 200, ids: [true] });
      expect(lines.some((line) => /^set-cookie:/i.test(line))).toBe(false);
    }
    // A line break inside the value is not HTTP at all: Node refuses the request.
    for (const header of ['X-Request-Id: abc\nSet-Cookie: hermes_session=forged', 'X-Request-Id: abc\rSet-Cookie: hermes_session=forged', 'X-Request-Id: abc\r\n injected']) {
      const { status, lines } = await ids(header);
      expect({ header, status, cookie: lines.some((line) => /^set-cookie:/i.test(line)) }).toEqual({ header, status: 400, cookie: false });
    }
  });
});
