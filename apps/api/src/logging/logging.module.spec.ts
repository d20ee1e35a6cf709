import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin } from '@hermes/database';
import { GoogleSignInSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { CookieJar, googleAccount, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';
import { LogCapture } from './__fixtures__/log-capture';

const ADA = 'ada.lovelace@tutorcruncher.com';

describe('request logs', () => {
  const google = new GoogleSignInSimulator({ accounts: [googleAccount(ADA)] });
  const log = new LogCapture();
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  /** The request lines logged for `path` (its query aside). */
  const requestLines = (path: string) =>
    log.lines.filter((line) => ((line.req as { url?: string } | undefined)?.url ?? '').split('?')[0] === path && line.msg === 'request completed');

  beforeAll(async () => {
    await google.start();
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google, { LOG_LEVEL: 'info' }, { logDestination: log }));
    await app.listen(new URL(url).port, '127.0.0.1');
    await app.get(DataSource).getRepository(Admin).save({ username: ADA });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await google.stop();
  });

  it('never hold the OAuth code and state, or a support link’s signature', async () => {
    const jar = new CookieJar();
    const start = await jar.fetch(`${url}/auth/google`);
    const authorize = new URL(start.headers.get('location')!);
    authorize.searchParams.set('login_hint', ADA);
    const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!);
    const [code, state] = [back.searchParams.get('code')!, back.searchParams.get('state')!];
    expect((await jar.fetch(back.href)).status).toBe(302);
    // A page the SPA opened from the callback sends it as the Referer.
    await jar.fetch(`${url}/auth/me`, { headers: { referer: back.href } });
    const signature = 'f'.repeat(64);
    await fetch(`${url}/callbooker/support-link/validate/?admin_id=1&company_id=1&e=1795397354&s=${signature}`);

    const [signIn] = requestLines('/auth/google');
    const [callback] = requestLines('/auth/google/callback');
    const [me] = requestLines('/auth/me');
    const [validate] = requestLines('/callbooker/support-link/validate/');
    expect((signIn.res as { headers: { location: string } }).headers.location).toContain('state=[redacted]');
    expect(callback.req).toMatchObject({ url: expect.stringContaining('code=[redacted]'), query: { code: '[redacted]', state: '[redacted]' } });
    expect((me.req as { headers: { referer: string } }).headers.referer).toContain('state=[redacted]');
    expect(validate.req).toMatchObject({ url: expect.stringContaining('s=[redacted]'), query: { s: '[redacted]', admin_id: '1' } });
    for (const secret of [code, state, signature]) expect(log.text).not.toContain(secret);
  });
});
