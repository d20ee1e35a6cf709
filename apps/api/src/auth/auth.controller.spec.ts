import { NestExpressApplication } from '@nestjs/platform-express';
import { Admin, AdminSession } from '@hermes/database';
import { GoogleSignInSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { CookieJar, forgedSessionCookie, googleAccount, sessionIn, signedIn, signInWithGoogle, startAdminApp } from './__fixtures__/admin-app.fixture';

const ADA = 'ada.lovelace@tutorcruncher.com';
const EIGHT_DAYS_MS = 8 * 24 * 60 * 60 * 1000;

describe('Google sign-in and the admin session', () => {
  const google = new GoogleSignInSimulator({
    accounts: [
      googleAccount(ADA),
      googleAccount('mallory.x@tutorcruncher.com'),
      googleAccount('alan.turing@tutorcruncher.com'),
      googleAccount('grace.hopper@gmail.example', { email_verified: false, hd: undefined }),
    ],
  });
  const asSpa = () => ({ method: 'POST', headers: { 'content-type': 'application/json', origin: url } });
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let admin: Admin;

  beforeAll(async () => {
    await google.start();
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google));
    await app.listen(new URL(url).port, '127.0.0.1');
    const dataSource = app.get(DataSource);
    await dataSource.getRepository(Admin).save({ username: 'grace.hopper@gmail.example' });
    // Stored with capitals: the match is case-insensitive.
    admin = await dataSource.getRepository(Admin).save({ username: 'Ada.Lovelace@TutorCruncher.com', first_name: 'Ada', last_name: 'Lovelace' });
    await dataSource.getRepository(Admin).save({ username: 'alan.turing@tutorcruncher.com' });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await google.stop();
  });

  it('sends the browser to Google with a state, and signs an Admin in on the way back', async () => {
    const jar = new CookieJar();
    const start = await jar.fetch(`${url}/auth/google`);
    const authorize = new URL(start.headers.get('location')!);
    expect(start.status).toBe(302);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${google.url}/o/oauth2/v2/auth`);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${url}/auth/google/callback`);
    expect(authorize.searchParams.get('state')).toMatch(/.{16,}/);

    authorize.searchParams.set('login_hint', ADA);
    const back = await fetch(authorize, { redirect: 'manual' });
    const callback = await jar.fetch(back.headers.get('location')!);

    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(`${url}/admin/`);
    const cookie = callback.headers.getSetCookie().find((c) => c.startsWith('hermes_session='))!;
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=lax');
    expect(cookie.toLowerCase()).not.toContain('secure');
    const me = await jar.fetch(`${url}/auth/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ id: admin.id, email: 'Ada.Lovelace@TutorCruncher.com', first_name: 'Ada', last_name: 'Lovelace' });
  });

  it('refuses an email that is no Admin, with a page and no session', async () => {
    const jar = new CookieJar();
    const callback = await signInWithGoogle(url, jar, 'mallory.x@tutorcruncher.com');

    expect(callback.status).toBe(403);
    expect(callback.headers.get('content-type')).toContain('text/html');
    expect(await callback.text()).toContain('mallory.x@tutorcruncher.com is not an admin of Hermes');
    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(401);
  });

  it("refuses an Admin's email that Google has not verified", async () => {
    const jar = new CookieJar();
    const callback = await signInWithGoogle(url, jar, 'grace.hopper@gmail.example');

    expect(callback.status).toBe(403);
    expect(await callback.text()).toContain('no verified email');
    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(401);
  });

  it('refuses a callback whose state was not issued to this browser', async () => {
    const victim = new CookieJar();
    const attacker = new CookieJar();
    const start = await attacker.fetch(`${url}/auth/google`);
    const authorize = new URL(start.headers.get('location')!);
    authorize.searchParams.set('login_hint', ADA);
    const back = (await fetch(authorize, { redirect: 'manual' })).headers.get('location')!;

    // The attacker's callback URL, opened in another browser (no state in its session)...
    const forged = await victim.fetch(back);
    // ...or with the state changed.
    const tampered = new URL(back);
    tampered.searchParams.set('state', 'not-the-state');
    const wrongState = await attacker.fetch(tampered.href);

    expect([forged.status, wrongState.status]).toEqual([403, 403]);
    expect(await forged.text()).toContain('not started here');
    expect((await victim.fetch(`${url}/auth/me`)).status).toBe(401);
    expect((await attacker.fetch(`${url}/auth/me`)).status).toBe(401);
  });

  it('leaves the session alone on a callback Google did not vouch for, and shows only its own words', async () => {
    const jar = await signedIn(url, ADA);
    const callback = (query: string) => jar.fetch(`${url}/auth/google/callback?${query}`);
    const planted = 'Your account is locked: call +44 20 0000 0000';

    const cancelled = await callback(`error=access_denied&error_description=${encodeURIComponent(planted)}`);
    const failed = await callback(`error=server_error&error_description=${encodeURIComponent(planted)}`);
    const forged = await callback('code=stolen-code&state=forged-state');

    expect([cancelled.status, failed.status, forged.status]).toEqual([403, 403, 403]);
    const pages = [await cancelled.text(), await failed.text(), await forged.text()];
    expect(pages[0]).toContain('Sign-in was cancelled at Google.');
    expect(pages[1]).toContain('Google sign-in could not be completed.');
    expect(pages[2]).toContain('not started here');
    for (const page of pages) expect(page).not.toContain('locked');
    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(200);
  });

  it('ends the session when a genuine callback is refused', async () => {
    const jar = await signedIn(url, ADA);

    expect((await signInWithGoogle(url, jar, 'mallory.x@tutorcruncher.com')).status).toBe(403);

    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(401);
  });

  it('answers /auth/me with 401 without a session, or with a forged one', async () => {
    const none = await fetch(`${url}/auth/me`);
    const forged = await fetch(`${url}/auth/me`, {
      headers: { cookie: `hermes_session=${Buffer.from(JSON.stringify({ adminId: admin.id })).toString('base64')}` },
    });

    expect([none.status, forged.status]).toEqual([401, 401]);
  });

  it('ends the session on logout, which must be a JSON call from the SPA', async () => {
    const jar = await signedIn(url, ADA);

    const asForm = await jar.fetch(`${url}/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const crossSite = await jar.fetch(`${url}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    expect([asForm.status, crossSite.status]).toEqual([403, 403]);
    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(200);

    const logout = await jar.fetch(`${url}/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url } });
    expect(logout.status).toBe(204);
    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(401);
  });

  it('refuses a copy of the cookie once its session has signed out', async () => {
    const jar = await signedIn(url, ADA);
    const copy = jar.header();

    expect((await jar.fetch(`${url}/auth/logout`, asSpa())).status).toBe(204);

    const replayed = { headers: { cookie: copy } };
    expect((await fetch(`${url}/auth/me`, replayed)).status).toBe(401);
    expect((await fetch(`${url}/admin-api/admins`, replayed)).status).toBe(401);
    expect((await fetch(`${url}/companies/?name=Acorn`, replayed)).status).toBe(401);
  });

  it('gives each sign-in a session of its own, with its id and issue time', async () => {
    const before = Date.now();
    const [laptop, phone] = [await signedIn(url, ADA), await signedIn(url, ADA)];

    const [a, b] = [sessionIn(laptop), sessionIn(phone)];
    expect(a).toEqual({ sid: expect.stringMatching(/^[0-9a-f-]{36}$/), adminId: admin.id, iat: expect.any(Number) });
    expect(a.sid).not.toBe(b.sid);
    expect(a.iat).toBeGreaterThanOrEqual(before);
    // Signing out on one leaves the other signed in.
    await laptop.fetch(`${url}/auth/logout`, asSpa());
    expect((await laptop.fetch(`${url}/auth/me`)).status).toBe(401);
    expect((await phone.fetch(`${url}/auth/me`)).status).toBe(200);
  });

  it('ends a session 7 days after sign-in, whatever the browser keeps', async () => {
    const dataSource = app.get(DataSource);
    const jar = await signedIn(url, ADA);
    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(200);

    await dataSource.query(`UPDATE admin_session SET created_at = created_at - interval '8 days' WHERE id = $1`, [sessionIn(jar).sid]);

    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(401);
  });

  it('refuses a cookie issued more than 7 days ago, or without a session, even when signed with the key', async () => {
    const key = app.get(HermesConfig).signingKey;
    const jar = await signedIn(url, ADA);
    const { sid } = sessionIn(jar);
    const me = (cookie: string) => fetch(`${url}/auth/me`, { headers: { cookie } });

    expect((await me(forgedSessionCookie(key, { sid, adminId: admin.id, iat: Date.now() }))).status).toBe(200);
    expect((await me(forgedSessionCookie(key, { sid, adminId: admin.id, iat: Date.now() - EIGHT_DAYS_MS }))).status).toBe(401);
    // What the cookie used to hold: an admin id alone.
    expect((await me(forgedSessionCookie(key, { adminId: admin.id }))).status).toBe(401);
    expect((await me(forgedSessionCookie(key, { sid: '00000000-0000-4000-8000-000000000000', adminId: admin.id, iat: Date.now() }))).status).toBe(401);
    // Another admin's id with this session.
    expect((await me(forgedSessionCookie(key, { sid, adminId: admin.id + 1, iat: Date.now() }))).status).toBe(401);
  });

  it('signs an Admin out everywhere, leaving other Admins signed in', async () => {
    const [laptop, phone] = [await signedIn(url, ADA), await signedIn(url, ADA)];
    const alan = await signedIn(url, 'alan.turing@tutorcruncher.com');

    const crossSite = await phone.fetch(`${url}/auth/logout-everywhere`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect((await fetch(`${url}/auth/logout-everywhere`, { method: 'POST', headers: { 'content-type': 'application/json' } })).status).toBe(401);

    expect((await phone.fetch(`${url}/auth/logout-everywhere`, asSpa())).status).toBe(204);

    expect((await laptop.fetch(`${url}/auth/me`)).status).toBe(401);
    expect((await phone.fetch(`${url}/auth/me`)).status).toBe(401);
    expect((await alan.fetch(`${url}/auth/me`)).status).toBe(200);
  });

  it('lets a signed-in Admin search GET /companies/', async () => {
    const jar = await signedIn(url, ADA);

    expect((await jar.fetch(`${url}/companies/?name=Acorn`)).status).toBe(200);
    expect((await fetch(`${url}/companies/?name=Acorn`)).status).not.toBe(200);
  });

  it('ends the session of an Admin who has been deleted', async () => {
    const dataSource = app.get(DataSource);
    const temp = await dataSource.getRepository(Admin).save({ username: 'mallory.x@tutorcruncher.com' });
    const jar = await signedIn(url, 'mallory.x@tutorcruncher.com');
    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(200);

    await dataSource.getRepository(Admin).delete(temp.id);

    expect((await jar.fetch(`${url}/auth/me`)).status).toBe(401);
    expect(await dataSource.getRepository(AdminSession).countBy({ admin_id: temp.id })).toBe(0);
  });
});

describe('Google sign-in limited to a Workspace domain', () => {
  const google = new GoogleSignInSimulator({
    accounts: [googleAccount('ada.lovelace@tutorcruncher.com'), googleAccount('ada.lovelace@gmail.example', { hd: undefined })],
  });
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    await google.start();
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google, { GOOGLE_HOSTED_DOMAIN: 'tutorcruncher.com' }));
    await app.listen(new URL(url).port, '127.0.0.1');
    await app.get(DataSource).getRepository(Admin).save([{ username: 'ada.lovelace@tutorcruncher.com' }, { username: 'ada.lovelace@gmail.example' }]);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await google.stop();
  });

  it('asks Google for the domain and signs in only its accounts', async () => {
    const start = await fetch(`${url}/auth/google`, { redirect: 'manual' });
    expect(new URL(start.headers.get('location')!).searchParams.get('hd')).toBe('tutorcruncher.com');

    const inside = new CookieJar();
    const outside = new CookieJar();
    expect((await signInWithGoogle(url, inside, 'ada.lovelace@tutorcruncher.com')).status).toBe(302);
    const refused = await signInWithGoogle(url, outside, 'ada.lovelace@gmail.example');

    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only tutorcruncher.com Google accounts may sign in');
    expect((await inside.fetch(`${url}/auth/me`)).status).toBe(200);
    expect((await outside.fetch(`${url}/auth/me`)).status).toBe(401);
  });
});

describe('Google sign-in not configured', () => {
  it('answers /auth/google with 503 saying what to set', async () => {
    const database = await createTestDatabase();
    const google = new GoogleSignInSimulator();
    await google.start();
    const { app, url } = await startAdminApp(database.url, google, { GOOGLE_OAUTH_CLIENT_ID: '', GOOGLE_OAUTH_CLIENT_SECRET: '' });
    try {
      await app.listen(new URL(url).port, '127.0.0.1');
      const response = await fetch(`${url}/auth/google`, { redirect: 'manual' });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { message: string }).message).toContain('GOOGLE_OAUTH_CLIENT_ID');
    } finally {
      await app.close();
      await database.drop();
      await google.stop();
    }
  });
});
