import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin } from '@hermes/database';
import { GoogleSignInSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { CookieJar, googleAccount, signedIn, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';

const ADA = 'ada.lovelace@tutorcruncher.com';
const PRODUCTION = {
  NODE_ENV: 'production',
  SIGNING_KEY: 'a-long-random-signing-key-0123456789',
  TC2_API_KEY: 'tc2-key',
  PD_API_KEY: 'pd-key',
  PD_BASE_URL: 'https://acme.pipedrive.com',
  PD_WEBHOOK_USER: 'pipedrive',
  PD_WEBHOOK_PASSWORD: 'hook-password',
  G_CLIENT_EMAIL: 'calendar@acme.iam.gserviceaccount.com',
  G_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----\\n',
  TRUST_PROXY: 'loopback',
};

/** What helmet must have put on an answer, whatever route gave it. */
function expectSecurityHeaders(response: Response): void {
  const policy = response.headers.get('content-security-policy') ?? '';
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("script-src 'self';");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-powered-by')).toBeNull();
}

describe('security headers', () => {
  const google = new GoogleSignInSimulator({ accounts: [googleAccount(ADA)] });
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let jar: CookieJar;

  beforeAll(async () => {
    await google.start();
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google));
    await app.listen(new URL(url).port, '127.0.0.1');
    await app.get(DataSource).manager.save(Admin, { username: ADA, first_name: 'Ada', last_name: 'Lovelace' });
    jar = await signedIn(url, ADA);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await google.stop();
  });

  it('are on a public route, without HSTS outside production', async () => {
    const response = await fetch(`${url}/health`);

    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });

  it('are on an admin-api route', async () => {
    const response = await jar.fetch(`${url}/admin-api/admins`);

    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
  });

  it('are on the webhook routes, also when their body is refused before it is parsed', async () => {
    const tc2 = await fetch(`${url}/tc2/callback/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"events": []}' });
    const pipedrive = await fetch(`${url}/pipedrive/callback/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const tooLarge = await fetch(`${url}/tc2/callback/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(6 * 1024 * 1024) });

    expect([tc2.status, pipedrive.status, tooLarge.status]).toEqual([403, 401, 413]);
    for (const response of [tc2, pipedrive, tooLarge]) expectSecurityHeaders(response);
  });

  it('are on error answers', async () => {
    const unknown = await fetch(`${url}/no-such-route`);
    const signedOut = await fetch(`${url}/admin-api/admins`);

    expect([unknown.status, signedOut.status]).toEqual([404, 401]);
    for (const response of [unknown, signedOut]) expectSecurityHeaders(response);
  });

  it('include HSTS and the upgrade of insecure requests in production', async () => {
    const production = await startAdminApp(database.url, google, PRODUCTION);
    await production.app.listen(new URL(production.url).port, '127.0.0.1');
    try {
      const response = await fetch(`${production.url}/health`);

      expectSecurityHeaders(response);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await production.app.close();
    }
  });
});
