import { createSign, generateKeyPairSync } from 'node:crypto';
import { CALENDAR_EVENTS_SCOPE, CALENDAR_FREEBUSY_SCOPE, CALENDAR_SCOPE, GoogleCalendarSimulator } from './google-calendar-simulator';

const SERVICE_ACCOUNT = 'hermes@hermes-sandbox.iam.gserviceaccount.com';
const ADMIN = 'sam@tutorcruncher.example';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** The token request's form for an assertion with these claims. */
function grant(claims: Record<string, unknown>, privateKey?: string): Record<string, string> {
  return { grant_type: JWT_BEARER, assertion: assertion(claims, privateKey) };
}

/** A service-account assertion as google-auth-library signs it. */
function assertion(claims: Record<string, unknown>, privateKey = keys.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const payload = { iss: SERVICE_ACCOUNT, aud: 'https://oauth2.googleapis.com/token', iat: now, exp: now + 3600, ...claims };
  const input = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

describe('GoogleCalendarSimulator', () => {
  const sim = new GoogleCalendarSimulator({ publicKey: keys.publicKey, clientEmail: SERVICE_ACCOUNT });

  function requestToken(form: Record<string, string>): Promise<Response> {
    return fetch(`${sim.url}/token`, { method: 'POST', body: new URLSearchParams(form) });
  }

  async function tokenFor(claims: Record<string, unknown>): Promise<string> {
    const response = await requestToken(grant(claims));
    return ((await response.json()) as { access_token: string }).access_token;
  }

  function callApi(path: string, token: string | undefined, body: unknown): Promise<Response> {
    return fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  }

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  describe('token endpoint', () => {
    it('grants a bearer token for a signed JWT-bearer assertion and records its subject and scopes', async () => {
      const response = await requestToken(grant({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE }));

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3599, token_type: 'Bearer' });
      expect(sim.tokenRequests).toEqual([
        expect.objectContaining({ iss: SERVICE_ACCOUNT, sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE, outcome: 'granted' }),
      ]);
    });

    it.each([
      ['another grant type', { ...grant({ scope: CALENDAR_FREEBUSY_SCOPE }), grant_type: 'client_credentials' }, 400, 'unsupported_grant_type'],
      ['no assertion', { grant_type: JWT_BEARER }, 400, 'invalid_grant'],
      ['a signature by another key', grant({ scope: CALENDAR_FREEBUSY_SCOPE }, otherKey), 400, 'invalid_grant'],
      ['another service account', grant({ iss: 'intruder@example.iam.gserviceaccount.com', scope: CALENDAR_FREEBUSY_SCOPE }), 401, 'invalid_client'],
      ['an expired assertion', grant({ scope: CALENDAR_FREEBUSY_SCOPE, iat: 1_600_000_000, exp: 1_600_003_600 }), 400, 'invalid_grant'],
      ['an assertion without scopes', grant({ sub: ADMIN }), 400, 'invalid_scope'],
      ['a scope not granted for delegation', grant({ sub: ADMIN, scope: 'https://mail.google.com/' }), 401, 'unauthorized_client'],
    ])('refuses %s', async (_case, form, status, error) => {
      const response = await requestToken(form);

      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error });
      expect(sim.tokenRequests[0].outcome).toBe(error);
    });

    it('refuses to impersonate a subject marked as outside the domain', async () => {
      sim.refuseSubject(ADMIN);

      const response = await requestToken(grant({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE }));

      expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid email or User ID' });
    });
  });

  describe('Calendar API', () => {
    const window = { timeMin: '2026-11-23T09:00:00Z', timeMax: '2026-11-23T18:00:00Z', items: [{ id: ADMIN }] };

    it('rejects calls without a valid bearer token, or with a token lacking the scope', async () => {
      const freeBusyOnly = await tokenFor({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE });

      const none = await callApi('/calendar/v3/freeBusy', undefined, window);
      const unknown = await callApi('/calendar/v3/freeBusy', 'ya29.made-up', window);
      const noScope = await callApi(`/calendar/v3/calendars/${ADMIN}/events`, freeBusyOnly, {});

      expect([none.status, unknown.status, noScope.status]).toEqual([401, 401, 403]);
      expect(await unknown.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'authError' }] } });
      expect(await noScope.json()).toMatchObject({ error: { errors: [{ reason: 'insufficientPermissions' }] } });
    });

    it('answers free/busy from the configured periods and the events created, merged and clipped', async () => {
      const token = await tokenFor({ sub: ADMIN, scope: `${CALENDAR_FREEBUSY_SCOPE} ${CALENDAR_EVENTS_SCOPE}` });
      sim.setBusy(ADMIN, [
        { start: '2026-11-23T08:00:00Z', end: '2026-11-23T09:30:00Z' },
        { start: new Date('2026-11-23T12:00:00Z'), end: new Date('2026-11-23T12:30:00Z') },
      ]);
      await callApi(`/calendar/v3/calendars/${ADMIN}/events`, token, {
        start: { dateTime: '2026-11-23T12:15:00Z' },
        end: { dateTime: '2026-11-23T13:00:00Z' },
      });
      await callApi(`/calendar/v3/calendars/primary/events`, token, {
        start: { dateTime: '2026-11-23T15:00:00Z' },
        end: { dateTime: '2026-11-23T16:00:00Z' },
        transparency: 'transparent',
      });

      const response = await callApi('/calendar/v3/freeBusy', token, { ...window, items: [{ id: ADMIN }, { id: 'nobody@tutorcruncher.example' }] });

      expect(await response.json()).toEqual({
        kind: 'calendar#freeBusy',
        timeMin: '2026-11-23T09:00:00Z',
        timeMax: '2026-11-23T18:00:00Z',
        calendars: {
          [ADMIN]: {
            busy: [
              { start: '2026-11-23T09:00:00Z', end: '2026-11-23T09:30:00Z' },
              { start: '2026-11-23T12:00:00Z', end: '2026-11-23T13:00:00Z' },
            ],
          },
          'nobody@tutorcruncher.example': { busy: [] },
        },
      });
    });

    it('refuses an empty time range, and reports calendar errors per calendar', async () => {
      const token = await tokenFor({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE });
      sim.setCalendarError(ADMIN, 'notFound');

      const empty = await callApi('/calendar/v3/freeBusy', token, { ...window, timeMax: window.timeMin });
      const withError = await callApi('/calendar/v3/freeBusy', token, window);

      expect(empty.status).toBe(400);
      expect(((await withError.json()) as { calendars: unknown }).calendars).toEqual({
        [ADMIN]: { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] },
      });
    });

    it('adds a Meet conference only with conferenceDataVersion=1, and writes only the subject’s calendar', async () => {
      const token = await tokenFor({ sub: ADMIN, scope: CALENDAR_EVENTS_SCOPE });
      const event = {
        start: { dateTime: '2026-11-23T10:00:00Z' },
        end: { dateTime: '2026-11-23T10:30:00Z' },
        conferenceData: { createRequest: { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } } },
      };

      const insert = async (query: string) =>
        (await (await callApi(`/calendar/v3/calendars/${ADMIN}/events${query}`, token, event)).json()) as Record<string, unknown>;

      const withMeet = await insert('?conferenceDataVersion=1&sendUpdates=all');
      const withoutMeet = await insert('');
      const elsewhere = await callApi('/calendar/v3/calendars/kim@tutorcruncher.example/events', token, event);

      expect(withMeet).toMatchObject({
        hangoutLink: expect.stringMatching(/^https:\/\/meet\.google\.com\//),
        conferenceData: { createRequest: { requestId: 'req-1', status: { statusCode: 'success' } }, entryPoints: [{ entryPointType: 'video' }] },
        organizer: { email: ADMIN },
      });
      expect(withoutMeet.hangoutLink).toBeUndefined();
      expect(elsewhere.status).toBe(404);
      expect(sim.events(ADMIN).map((i) => [i.conferenceDataVersion, i.sendUpdates])).toEqual([
        ['1', 'all'],
        [undefined, undefined],
      ]);
    });

    it('reads event times as Google does: an offset, or a local time in the IANA zone given; anything else is refused', async () => {
      const token = await tokenFor({ sub: ADMIN, scope: CALENDAR_SCOPE });
      const insert = (start: object, end: object) => callApi(`/calendar/v3/calendars/${ADMIN}/events`, token, { start, end });

      expect((await insert({ dateTime: '2026-11-23T10:00:00-05:00', timeZone: 'America/Toronto' }, { dateTime: '2026-11-23T15:30:00Z' })).status).toBe(200);
      expect((await insert({ dateTime: '2026-11-24T10:00:00', timeZone: 'America/Toronto' }, { dateTime: '2026-11-24T10:30:00', timeZone: 'America/Toronto' })).status).toBe(200);
      const noZone = await insert({ dateTime: '2026-11-25T10:00:00' }, { dateTime: '2026-11-25T10:30:00Z' });
      const badZone = await insert({ dateTime: '2026-11-25T10:00:00Z' }, { dateTime: '2026-11-25T10:30:00Z', timeZone: 'Europe/Atlantis' });

      expect([noZone.status, ((await noZone.json()) as { error: { message: string } }).error.message]).toEqual([400, 'Missing time zone definition for start time.']);
      expect([badZone.status, ((await badZone.json()) as { error: { message: string } }).error.message]).toEqual([400, 'Invalid time zone definition for end time.']);
      const busy = (await (await callApi('/calendar/v3/freeBusy', token, { timeMin: '2026-11-23T00:00:00Z', timeMax: '2026-11-26T00:00:00Z', items: [{ id: ADMIN }] })).json()) as {
        calendars: Record<string, { busy: unknown[] }>;
      };
      expect(busy.calendars[ADMIN].busy).toEqual([
        { start: '2026-11-23T15:00:00Z', end: '2026-11-23T15:30:00Z' },
        { start: '2026-11-24T15:00:00Z', end: '2026-11-24T15:30:00Z' },
      ]);
    });

    it('deletes an event as Google does: 204, then 410 Gone; no longer listed or busy; only the subject’s', async () => {
      const token = await tokenFor({ sub: ADMIN, scope: CALENDAR_EVENTS_SCOPE });
      const event = { start: { dateTime: '2026-11-23T10:00:00Z' }, end: { dateTime: '2026-11-23T10:30:00Z' } };
      const { id } = (await (await callApi(`/calendar/v3/calendars/${ADMIN}/events`, token, event)).json()) as { id: string };
      const remove = (calendar: string, eventId: string) =>
        fetch(`${sim.url}/calendar/v3/calendars/${calendar}/events/${eventId}?sendUpdates=all`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });

      expect((await remove('kim@tutorcruncher.example', id)).status).toBe(404);
      expect((await remove(ADMIN, 'nosuchevent')).status).toBe(404);
      const deleted = await remove(ADMIN, id);
      expect([deleted.status, await deleted.text()]).toEqual([204, '']);
      const again = await remove(ADMIN, id);
      expect(again.status).toBe(410);
      expect(sim.events(ADMIN)).toEqual([]);
      const busy = (await (await callApi('/calendar/v3/freeBusy', await tokenFor({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE }), window)).json()) as {
        calendars: Record<string, { busy: unknown[] }>;
      };
      expect(busy.calendars[ADMIN].busy).toEqual([]);
    });

    it('answers Calendar API calls after the latency set, token requests at once', async () => {
      const token = await tokenFor({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE });
      sim.setLatency(300);
      const started = Date.now();
      await callApi('/calendar/v3/freeBusy', token, window);
      const api = Date.now() - started;
      const tokenStarted = Date.now();
      await tokenFor({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE });

      expect(api).toBeGreaterThanOrEqual(300);
      expect(Date.now() - tokenStarted).toBeLessThan(300);
    });

    it('injects Google errors after the token check', async () => {
      const token = await tokenFor({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE });
      sim.failNext(1, { status: 503, reason: 'backendError', message: 'Backend Error' });

      const failed = await callApi('/calendar/v3/freeBusy', token, window);
      const ok = await callApi('/calendar/v3/freeBusy', token, window);

      expect(failed.status).toBe(503);
      expect(await failed.json()).toEqual({
        error: {
          code: 503,
          message: 'Backend Error',
          errors: [{ message: 'Backend Error', domain: 'global', reason: 'backendError' }],
          status: 'UNAVAILABLE',
        },
      });
      expect(ok.status).toBe(200);
    });
  });

  it('exposes busy periods, token requests and events as JSON state', async () => {
    sim.setBusy(ADMIN, [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' }]);
    await tokenFor({ sub: ADMIN, scope: CALENDAR_FREEBUSY_SCOPE });

    const state = (await (await fetch(`${sim.url}/__sandbox/state`)).json()) as Record<string, unknown>;

    expect(state).toMatchObject({
      busy: { [ADMIN]: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' }] },
      tokenRequests: [{ sub: ADMIN, outcome: 'granted' }],
      events: [],
    });
  });
});
