import { generateKeyPairSync } from 'node:crypto';
import { CALENDAR_SCOPE, GoogleCalendarSimulator, GoogleCalendarSimulatorOptions } from '@hermes/sandbox';
import { loadConfig } from '../config/hermes-config';
import { GoogleCalendarAuthError, GoogleCalendarError, GoogleCalendarRequestError } from './google-calendar.errors';
import { GoogleCalendarHttpClient } from './google-calendar-http.client';

const SERVICE_ACCOUNT = 'hermes@hermes-sandbox.iam.gserviceaccount.com';
const ADMIN = 'sam@tutorcruncher.example';
const OTHER_ADMIN = 'kim@tutorcruncher.example';
const FREEBUSY_SCOPE = 'https://www.googleapis.com/auth/calendar.freebusy';
const EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';

function rsaKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const serviceAccountKey = rsaKeyPair();
const REAL_TIMERS: FakeableAPI[] = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate',
  'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
];

function makeClient(sim: GoogleCalendarSimulator, env: Record<string, string> = {}): GoogleCalendarHttpClient {
  const config = loadConfig({
    G_CLIENT_EMAIL: SERVICE_ACCOUNT,
    G_PRIVATE_KEY: serviceAccountKey.privateKey,
    G_TOKEN_URI: `${sim.url}/token`,
    GOOGLE_CALENDAR_API_URL: sim.url,
    ...env,
  });
  return new GoogleCalendarHttpClient(config, { timeoutMs: 5000 });
}

/** A simulator configured differently from the shared one, for one test. */
async function withSimulator(options: GoogleCalendarSimulatorOptions, test: (sim: GoogleCalendarSimulator) => Promise<void>): Promise<void> {
  const sim = new GoogleCalendarSimulator({ publicKey: serviceAccountKey.publicKey, clientEmail: SERVICE_ACCOUNT, ...options });
  await sim.start();
  try {
    await test(sim);
  } finally {
    await sim.stop();
  }
}

describe('GoogleCalendarHttpClient against the Google Calendar simulator', () => {
  const sim = new GoogleCalendarSimulator({ publicKey: serviceAccountKey.publicKey, clientEmail: SERVICE_ACCOUNT });
  const start = new Date('2026-11-23T09:00:00Z');
  const end = new Date('2026-11-23T18:00:00Z');
  const booking = {
    summary: 'TutorCruncher demo with Sam Seller',
    description: 'Company: Brightside Tutors',
    start: new Date('2026-11-23T15:00:00Z'),
    end: new Date('2026-11-23T15:30:00Z'),
    timeZone: 'America/Toronto',
    attendees: [{ email: ADMIN }, { email: 'jane@brightside.example', displayName: 'Jane Doe' }],
  };

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  describe('freeBusy', () => {
    it("returns the admin's busy periods, acting as the admin through a token from the configured token URI", async () => {
      sim.setBusy(ADMIN, [
        { start: '2026-11-23T10:00:00Z', end: '2026-11-23T10:30:00Z' },
        { start: '2026-11-23T13:00:00Z', end: '2026-11-23T14:00:00Z' },
      ]);
      sim.setBusy(OTHER_ADMIN, [{ start: '2026-11-23T11:00:00Z', end: '2026-11-23T12:00:00Z' }]);

      const busy = await makeClient(sim).freeBusy(ADMIN, start, end);

      expect(busy).toEqual([
        { start: new Date('2026-11-23T10:00:00Z'), end: new Date('2026-11-23T10:30:00Z') },
        { start: new Date('2026-11-23T13:00:00Z'), end: new Date('2026-11-23T14:00:00Z') },
      ]);
      // The simulator is not oauth2.googleapis.com: the token request reached it only through G_TOKEN_URI.
      expect(sim.tokenRequests).toEqual([
        // The scope v2 asked for, which the Workspace's delegation grants today.
        expect.objectContaining({ iss: SERVICE_ACCOUNT, sub: ADMIN, outcome: 'granted', scope: 'https://www.googleapis.com/auth/calendar' }),
      ]);
      expect(sim.requestsTo('/token', 'POST')[0].body).toMatchObject({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' });

      const [query] = sim.requestsTo('/calendar/v3/freeBusy', 'POST');
      expect(query.headers.authorization).toMatch(/^Bearer ya29\.sandbox-/);
      expect(query.body).toEqual({ timeMin: start.toISOString(), timeMax: end.toISOString(), timeZone: 'UTC', items: [{ id: ADMIN }] });
    });

    it('returns nothing for a free day, and only the part of a busy period inside the range', async () => {
      sim.setBusy(ADMIN, [{ start: '2026-11-23T07:00:00Z', end: '2026-11-23T09:30:00Z' }]);
      const client = makeClient(sim);

      expect(await client.freeBusy(ADMIN, start, end)).toEqual([{ start, end: new Date('2026-11-23T09:30:00Z') }]);
      expect(await client.freeBusy(ADMIN, new Date('2026-11-24T09:00:00Z'), new Date('2026-11-24T18:00:00Z'))).toEqual([]);
    });

    it('fails rather than report a calendar Google could not read as free', async () => {
      sim.setCalendarError(ADMIN, 'notFound');

      const error = await makeClient(sim).freeBusy(ADMIN, start, end).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(GoogleCalendarRequestError);
      expect(error).toMatchObject({ operation: 'freeBusy', adminEmail: ADMIN, reason: 'notFound' });
    });
  });

  describe('auth clients', () => {
    it('keeps one auth client per admin email: later calls reuse its token, another admin gets their own', async () => {
      const client = makeClient(sim);

      await client.freeBusy(ADMIN, start, end);
      await client.freeBusy(ADMIN, start, end);
      await client.freeBusy(ADMIN.toUpperCase(), start, end);
      expect(sim.tokenRequests.map((r) => r.sub)).toEqual([ADMIN]);

      await client.freeBusy(OTHER_ADMIN, start, end);
      expect(sim.tokenRequests.map((r) => r.sub)).toEqual([ADMIN, OTHER_ADMIN]);

      const [first, second] = sim.requestsTo('/calendar/v3/freeBusy').map((r) => r.headers.authorization);
      expect(second).toBe(first);
    });

    it('gets a new token once the cached one is about to expire', async () => {
      const client = makeClient(sim);
      await client.freeBusy(ADMIN, start, end);
      // Only the clock moves (55 minutes on, inside the library's 5-minute renewal margin); timers stay real.
      jest.useFakeTimers({ now: Date.now() + 55 * 60_000, doNotFake: REAL_TIMERS });
      try {
        await client.freeBusy(ADMIN, start, end);
      } finally {
        jest.useRealTimers();
      }

      expect(sim.tokenRequests.map((r) => [r.sub, r.outcome])).toEqual([
        [ADMIN, 'granted'],
        [ADMIN, 'granted'],
      ]);
      const [first, second] = sim.requestsTo('/calendar/v3/freeBusy').map((r) => r.headers.authorization);
      expect(second).not.toBe(first);
    });

    it('starts afresh once when Google stops accepting a cached token (e.g. revoked)', async () => {
      const client = makeClient(sim);
      await client.freeBusy(ADMIN, start, end);
      sim.revokeTokens();

      await expect(client.freeBusy(ADMIN, start, end)).resolves.toEqual([]);

      expect(sim.tokenRequests).toHaveLength(2);
      const answers = sim.requestsTo('/calendar/v3/freeBusy').map((r) => r.headers.authorization);
      expect(answers).toHaveLength(3);
      expect(answers[2]).not.toBe(answers[1]);
    });

    it('surfaces a token Google keeps rejecting as GoogleCalendarAuthError', async () => {
      sim.failNext(2, { status: 401, reason: 'authError', message: 'Invalid Credentials' });

      const error = await makeClient(sim).freeBusy(ADMIN, start, end).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(GoogleCalendarAuthError);
      expect(error).toMatchObject({ status: 401, operation: 'freeBusy', adminEmail: ADMIN });
      expect((error as Error).message).toContain('Invalid Credentials');
      expect(sim.tokenRequests).toHaveLength(2);
    });

    it('surfaces a refused impersonation (user outside the domain) as GoogleCalendarAuthError', async () => {
      sim.refuseSubject(ADMIN);

      const error = await makeClient(sim).freeBusy(ADMIN, start, end).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(GoogleCalendarAuthError);
      expect((error as Error).message).toContain('invalid_grant');
      expect(sim.requestsTo('/calendar/v3/freeBusy')).toHaveLength(0);
    });

    it('surfaces delegation without the scopes asked for as GoogleCalendarAuthError', () =>
      withSimulator({ grantedScopes: [FREEBUSY_SCOPE, EVENTS_SCOPE] }, async (narrowed) => {
        const error = await makeClient(narrowed).freeBusy(ADMIN, start, end).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(GoogleCalendarAuthError);
        expect((error as Error).message).toContain('unauthorized_client');
        expect(narrowed.tokenRequests.map((r) => r.scope)).toEqual([CALENDAR_SCOPE]);
      }));

    it('asks for the scopes G_SCOPES names (space- or comma-separated), for a delegation narrowed to them', () =>
      withSimulator({ grantedScopes: [FREEBUSY_SCOPE, EVENTS_SCOPE] }, async (narrowed) => {
        const client = makeClient(narrowed, { G_SCOPES: `${FREEBUSY_SCOPE}, ${EVENTS_SCOPE}` });

        expect(await client.freeBusy(ADMIN, start, end)).toEqual([]);
        await client.createEvent(ADMIN, booking);
        expect(narrowed.tokenRequests).toEqual([expect.objectContaining({ sub: ADMIN, outcome: 'granted', scope: `${FREEBUSY_SCOPE} ${EVENTS_SCOPE}` })]);
      }));

    it('surfaces a key the service account does not have as GoogleCalendarAuthError', async () => {
      const error = await makeClient(sim, { G_PRIVATE_KEY: rsaKeyPair().privateKey })
        .freeBusy(ADMIN, start, end)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(GoogleCalendarAuthError);
      expect((error as Error).message).toContain('Invalid JWT Signature');
    });

    it('refuses to run without service-account credentials', async () => {
      const client = new GoogleCalendarHttpClient(loadConfig({ G_TOKEN_URI: `${sim.url}/token`, GOOGLE_CALENDAR_API_URL: sim.url }));

      await expect(client.freeBusy(ADMIN, start, end)).rejects.toThrow(GoogleCalendarError);
      expect(sim.requests).toHaveLength(0);
    });
  });

  describe('createEvent', () => {

    it("creates the event in the admin's calendar with a Google Meet conference and invitations sent", async () => {
      const created = await makeClient(sim).createEvent(ADMIN, booking);

      const [insert] = sim.events(ADMIN);
      expect(created).toEqual({ id: insert.event.id, htmlLink: insert.event.htmlLink, meetLink: insert.event.hangoutLink });
      expect(created.meetLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
      expect(insert).toMatchObject({ calendarId: ADMIN, conferenceDataVersion: '1', sendUpdates: 'all' });
      expect(insert.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(insert.event).toMatchObject({
        summary: booking.summary,
        description: booking.description,
        // In the admin's own zone, the same instant.
        start: { dateTime: '2026-11-23T10:00:00-05:00', timeZone: 'America/Toronto' },
        end: { dateTime: '2026-11-23T10:30:00-05:00', timeZone: 'America/Toronto' },
        attendees: [
          { email: ADMIN, organizer: true },
          { email: 'jane@brightside.example', displayName: 'Jane Doe', responseStatus: 'needsAction' },
        ],
      });
      expect(sim.tokenRequests[0].sub).toBe(ADMIN);
    });

    it('writes an admin whose time zone Hermes does not know in UTC', async () => {
      await makeClient(sim).createEvent(ADMIN, { ...booking, timeZone: 'Mars/Olympus_Mons' });

      expect(sim.events(ADMIN)[0].event.start).toEqual({ dateTime: '2026-11-23T15:00:00.000Z', timeZone: 'UTC' });
    });

    it('asks for a fresh conference (requestId) for every event', async () => {
      const client = makeClient(sim);

      const first = await client.createEvent(ADMIN, booking);
      const second = await client.createEvent(ADMIN, { ...booking, start: new Date('2026-11-23T16:00:00Z'), end: new Date('2026-11-23T16:30:00Z') });

      const [a, b] = sim.events(ADMIN);
      expect(a.requestId).not.toBe(b.requestId);
      expect(first.meetLink).not.toBe(second.meetLink);
    });

    it('makes the booked time busy for the next free/busy query', async () => {
      const client = makeClient(sim);
      await client.createEvent(ADMIN, booking);

      expect(await client.freeBusy(ADMIN, start, end)).toEqual([{ start: booking.start, end: booking.end }]);
    });

    it("surfaces Google's refusal with its status and reason, without retrying the insert", async () => {
      sim.failNext(1, { status: 403, reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' });

      const error = await makeClient(sim).createEvent(ADMIN, booking).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(GoogleCalendarRequestError);
      expect(error).toMatchObject({ status: 403, reason: 'rateLimitExceeded', operation: 'events.insert' });
      expect(sim.requestsTo(/\/events$/, 'POST')).toHaveLength(1);
      expect(sim.events()).toEqual([]);
    });
  });

  describe('deleteEvent', () => {

    it('deletes the event, telling the attendees, and frees its time; a second delete is no error', async () => {
      const client = makeClient(sim);
      const created = await client.createEvent(ADMIN, booking);

      await client.deleteEvent(ADMIN, created.id);
      await client.deleteEvent(ADMIN, created.id);

      expect(sim.events(ADMIN)).toEqual([]);
      expect(await client.freeBusy(ADMIN, start, end)).toEqual([]);
      const deletes = sim.requestsTo(new RegExp(`/events/${created.id}$`), 'DELETE');
      expect(deletes.map((request) => request.query.sendUpdates)).toEqual(['all', 'all']);
    });

    it("surfaces Google's other refusals", async () => {
      const client = makeClient(sim);
      const created = await client.createEvent(ADMIN, booking);
      sim.failNext(1, { status: 400, reason: 'badRequest' });

      await expect(client.deleteEvent(ADMIN, created.id)).rejects.toMatchObject({ status: 400, operation: 'events.delete' });
      expect(sim.events(ADMIN)).toHaveLength(1);
    });
  });
});
