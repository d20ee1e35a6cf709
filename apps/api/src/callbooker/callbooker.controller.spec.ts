import { createHash, createHmac } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DateTime } from 'luxon';
import { Admin, Company, Config, Contact, Deal, Meeting } from '@hermes/database';
import { Sandbox, startSandbox } from '@hermes/sandbox';
import { Seed, seedBoth, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { HermesTestApp, startHermesApp } from '../__fixtures__/hermes-app.fixture';
import { HermesConfig } from '../config/hermes-config';

import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';

const SIGNING_KEY = 'callbooker-test-signing-key';
const CALLBOOKER_BASE_URL = 'https://tutorcruncher.example/book-a-call';

/**
 * A weekday (Wednesday unless told) at least a week ahead, at `time` in the zone (London unless
 * told). With Config's defaults (30 minutes, 15 between, from 10:00) slots start at 10:00, 10:45,
 * 11:30, 12:15, ... 16:45.
 */
function nextWeekday(time: string, weekday = 3, zone = 'Europe/London'): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  let day = DateTime.now().setZone(zone).plus({ days: 7 }).set({ hour, minute, second: 0, millisecond: 0 });
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day;
}

describe('callbooker and the website endpoints', () => {
  let sandbox: Sandbox;
  let hermes: HermesTestApp;
  let app: NestExpressApplication;
  let base: string;
  let dataSource: DataSource;
  let seed: Seed;
  let toronto: Admin;

  // Each test is a visitor of its own (Hermes trusts the loopback proxy here), so the rate limit per
  // visitor (website-throttling.spec.ts) stays out of the way.
  let visitor = 0;
  const db = () => dataSource.manager;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { 'x-forwarded-for': `198.51.100.${visitor}`, ...headers } });
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${visitor}` }, body: JSON.stringify(body) });
  const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
  const freeBusyRequests = () => sandbox.googleCalendar.requestsTo('/calendar/v3/freeBusy').length;

  /** What the website posts for a sales call, extra fields and all. */
  const salesBody = (overrides: Record<string, unknown> = {}) => ({
    admin_id: seed.sales.id,
    bdr_person_id: null,
    utm_campaign: 'winter',
    utm_source: 'google',
    company_id: null,
    name: 'jane van dyke',
    website: '',
    email: 'Jane@Brightside.example',
    country: 'GB',
    phone: '+44 20 7946 0000',
    company_name: 'Brightside Tutors',
    estimated_income: '£150,000 - £500,000',
    currency: 'GBP',
    meeting_dt: nextWeekday('10:00').toUTC().toISO(),
    price_plan: 'payg',
    call_type: 'sales',
    ...overrides,
  });

  beforeAll(async () => {
    sandbox = await startSandbox();
    hermes = await startHermesApp({ ...sandbox.env, HERMES_ROLE: 'api', SIGNING_KEY, CALLBOOKER_BASE_URL, TRUST_PROXY: 'loopback' });
    ({ app, dataSource, url: base } = hermes);
  });

  beforeEach(async () => {
    visitor++;
    seed = await seedBoth(dataSource, sandbox.pipedrive);
    sandbox.googleCalendar.reset();
    sandbox.tc2.reset();
    await db().update(Admin, seed.sales.id, { timezone: 'Europe/London', sells_gb: true, tc2_admin_id: 301 });
    toronto = await db().save(Admin, { username: 'tom@tutorcruncher.com', first_name: 'Tom', last_name: 'North', timezone: 'America/Toronto', is_sales_person: true, is_support_person: true, sells_payg: true, sells_ca: true, sells_us: true });
  });

  afterAll(async () => {
    await hermes?.stop();
    await sandbox?.stop();
  });

  describe('GET /callbooker/availability/', () => {
    it('answers a 4-week window from one Google request, weekdays only, with Config length and buffer', async () => {
      await db().createQueryBuilder().update(Config).set({ meeting_dur_mins: 45, meeting_buffer_mins: 15, meeting_min_start: '10:00', meeting_max_end: '12:00' }).execute();
      const start = nextWeekday('00:00', 1).toUTC();
      const end = start.plus({ weeks: 4 });
      const response = await get(`/callbooker/availability/?admin_id=${seed.sales.id}&start_dt=${start.toISO()}&end_dt=${end.toISO()}`);

      expect(response.status).toBe(200);
      const { status, slots } = (await response.json()) as { status: string; slots: [string, string][] };
      expect(status).toBe('ok');
      expect(freeBusyRequests()).toBe(1);
      // 10:00-10:45 and 11:00-11:45 on each of 20 weekdays.
      expect(slots).toHaveLength(40);
      for (const [slotStart, slotEnd] of slots) {
        const local = DateTime.fromISO(slotStart).setZone('Europe/London');
        expect(local.weekday).toBeLessThanOrEqual(5);
        expect(['10:00', '11:00']).toContain(local.toFormat('HH:mm'));
        expect(DateTime.fromISO(slotEnd).diff(DateTime.fromISO(slotStart), 'minutes').minutes).toBe(45);
      }
    });

    it("leaves out the admin's busy times, touching included, and uses the admin's time zone", async () => {
      const day = nextWeekday('00:00');
      sandbox.googleCalendar.setBusy(toronto.username, [
        { start: day.setZone('America/Toronto').set({ hour: 9 }).toISO()!, end: day.setZone('America/Toronto').set({ hour: 10 }).toISO()! },
      ]);
      const start = day.setZone('America/Toronto').startOf('day').toUTC();
      const response = await get(`/callbooker/availability/?admin_id=${toronto.id}&start_dt=${start.toISO()}&end_dt=${start.plus({ days: 1 }).toISO()}`);
      const { slots } = (await response.json()) as { slots: [string, string][] };

      const local = slots.map(([s]) => DateTime.fromISO(s).setZone('America/Toronto').toFormat('HH:mm'));
      expect(local[0]).toBe('10:45');
      expect(local).not.toContain('10:00');
      expect(local.at(-1)).toBe('16:45');
    });

    it('answers 404 for an unknown admin and 422 naming a bad date', async () => {
      expect((await get('/callbooker/availability/?admin_id=999&start_dt=2026-01-01T00:00:00Z&end_dt=2026-01-02T00:00:00Z')).status).toBe(404);
      const bad = await get(`/callbooker/availability/?admin_id=${seed.sales.id}&start_dt=tomorrow&end_dt=2026-01-02T00:00:00Z`);
      expect(bad.status).toBe(422);
      expect((await json(bad)).fields).toHaveProperty(['start_dt']);
      const backwards = await get(`/callbooker/availability/?admin_id=${seed.sales.id}&start_dt=2026-01-03T00:00:00Z&end_dt=2026-01-02T00:00:00Z`);
      expect((await json(backwards)).fields).toHaveProperty(['end_dt']);
    });
  });

  describe('POST /callbooker/sales/book/', () => {
    it('books a call as the website sends it: company, contact, deal, meeting, Google event, then Pipedrive', async () => {
      const body = salesBody();
      const response = await post('/callbooker/sales/book/', body);
      expect(await json(response)).toEqual({ status: 'ok' });

      const company = await db().findOneByOrFail(Company, { name: 'Brightside Tutors' });
      expect(company).toMatchObject({ website: null, has_booked_call: true, sales_person_id: seed.sales.id, estimated_income: '£150,000 - £500,000', utm_source: 'google', price_plan: 'payg', bdr_person_id: null });
      const contact = await db().findOneByOrFail(Contact, { company_id: company.id });
      expect(contact).toMatchObject({ first_name: 'Jane', last_name: 'Van Dyke', email: 'jane@brightside.example', phone: '+44 20 7946 0000' });
      const deal = await db().findOneByOrFail(Deal, { company_id: company.id });
      expect(deal).toMatchObject({ status: 'open', stage_id: seed.entryStage.id, contact_id: contact.id });
      const meeting = await db().findOneByOrFail(Meeting, { contact_id: contact.id });
      expect(meeting).toMatchObject({ meeting_type: 'sales', deal_id: deal.id, start_time: new Date(body.meeting_dt as string), admin_id: seed.sales.id });
      expect(meeting.end_time!.getTime() - meeting.start_time!.getTime()).toBe(30 * 60_000);

      const [insert] = sandbox.googleCalendar.events(seed.sales.username);
      expect(insert.conferenceDataVersion).toBe('1');
      expect(insert.event).toMatchObject({
        summary: 'TutorCruncher demo with Sam Sales',
        attendees: expect.arrayContaining([expect.objectContaining({ email: 'sam@tutorcruncher.com' }), expect.objectContaining({ email: 'jane@brightside.example' })]),
      });
      // In the admin's time zone, the same instant.
      expect(insert.event.start).toEqual({ dateTime: nextWeekday('10:00').toISO({ suppressMilliseconds: true }), timeZone: 'Europe/London' });
      expect(new Date(insert.event.start.dateTime!).toISOString()).toBe(body.meeting_dt);
      // As v2 wrote it: the demo video, the admin guide, the free trial, then the details for the team.
      expect(insert.event.description).toContain('<a href="https://www.youtube.com/watch?v=2iUK0RTm4pw" target="_blank">Guided product demo.</a>');
      expect(insert.event.description).toContain('<a href="https://cdn.tutorcruncher.com/guides/admin-user-guide.pdf" target="_blank">Admin user guide.</a>');
      expect(insert.event.description).toContain('href="https://secure.tutorcruncher.com/start/1/?tc_source=call_booker"');
      expect(insert.event.description).toContain('- Company: Brightside Tutors');
      expect(insert.event.description).toContain('- Estimated revenue: £150,000 - £500,000 GBP');

      await app.get(PipedriveSyncService).syncCompany(company.id);
      const [activity] = sandbox.pipedrive.objects('activity');
      expect(activity).toMatchObject({ subject: 'TutorCruncher demo with Sam Sales', deal_id: (await db().findOneByOrFail(Deal, { id: deal.id })).pd_deal_id });
    });

    it('reuses the company by company_id, by contact email, by phone and by name (any case)', async () => {
      await post('/callbooker/sales/book/', salesBody());
      const company = await db().findOneByOrFail(Company, { name: 'Brightside Tutors' });
      // Thursday, Friday, Monday, Tuesday after the first.
      const later = (days: number) => nextWeekday('10:00').plus({ days }).toUTC().toISO();

      const answers = [
        await post('/callbooker/sales/book/', salesBody({ company_id: String(company.id), company_name: 'Other', email: 'kim@x.example', name: 'Kim Lee', meeting_dt: later(1) })),
        await post('/callbooker/sales/book/', salesBody({ company_name: 'Other', email: 'JANE@brightside.example', meeting_dt: later(2) })),
        await post('/callbooker/sales/book/', salesBody({ company_name: 'Other', email: 'new@x.example', name: 'Pat Doe', meeting_dt: later(5) })),
        await post('/callbooker/sales/book/', salesBody({ company_name: 'BRIGHTSIDE tutors', email: 'ola@x.example', phone: '', name: 'Ola Nordmann', meeting_dt: later(6) })),
      ];
      for (const answer of answers) expect(await json(answer)).toEqual({ status: 'ok' });

      expect(await db().count(Company)).toBe(1);
      // The same email in any case is the same person; the phone finds the company, not the person.
      expect((await db().find(Contact, { order: { id: 'ASC' } })).map((c) => c.last_name)).toEqual(['Van Dyke', 'Lee', 'Doe', 'Nordmann']);
      expect(await db().count(Deal)).toBe(1);
      expect(await db().count(Meeting)).toBe(5);
    });

    it('refuses, in the website shape, a contact without an email, a second call within 2 hours, and a busy admin', async () => {
      const noEmail = await post('/callbooker/sales/book/', salesBody({ email: null }));
      expect(noEmail.status).toBe(400);
      expect(await json(noEmail)).toEqual({ status: 'error', message: 'Contact must have an email address to book a meeting.' });
      expect(await db().count(Company)).toBe(0);

      const first = salesBody();
      await post('/callbooker/sales/book/', first);
      const soon = await post('/callbooker/sales/book/', salesBody({ meeting_dt: DateTime.fromISO(first.meeting_dt as string).plus({ minutes: 90 }).toISO() }));
      expect(await json(soon)).toEqual({ status: 'error', message: 'You already have a meeting booked around this time.' });

      const busyAt = nextWeekday('14:00');
      sandbox.googleCalendar.setBusy(seed.sales.username, [{ start: busyAt.toISO()!, end: busyAt.plus({ hours: 1 }).toISO()! }]);
      const busy = await post('/callbooker/sales/book/', salesBody({ email: 'x@y.example', name: 'X Y', meeting_dt: busyAt.plus({ minutes: 30 }).toUTC().toISO() }));
      expect(busy.status).toBe(400);
      expect(await json(busy)).toEqual({ status: 'error', message: 'Admin is not free at this time.' });
      expect(await db().count(Meeting)).toBe(1);
      expect(sandbox.googleCalendar.events()).toHaveLength(1);
    });

    it('answers bad input with 422 in the website shape naming the field, never a 500', async () => {
      const past = await post('/callbooker/sales/book/', salesBody({ meeting_dt: '2020-01-01T10:00:00.000Z' }));
      expect(past.status).toBe(422);
      expect(await json(past)).toMatchObject({ status: 'error', message: expect.stringContaining('meeting_dt must be in the future') });

      for (const [body, field] of [
        [salesBody({ name: '' }), 'name'],
        [salesBody({ price_plan: 'gold' }), 'price_plan'],
        [salesBody({ admin_id: 'three' }), 'admin_id'],
        [salesBody({ meeting_dt: 'soon' }), 'meeting_dt'],
        ['not json', 'body'],
      ] as const) {
        const response = await fetch(`${base}/callbooker/sales/book/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const answer = await json(response);
        expect(answer.status).toBe('error');
        if (field !== 'body') expect(answer.message).toContain(field);
      }
      expect(await json(await post('/callbooker/sales/book/', salesBody({ admin_id: 999 })))).toEqual({ status: 'error', message: 'Admin 999 not found' });
      expect(await db().count(Company)).toBe(0);
    });

    it('answers 502 in the website shape when Google Calendar fails, writing nothing', async () => {
      sandbox.googleCalendar.refuseSubject(seed.sales.username);
      const response = await post('/callbooker/sales/book/', salesBody());
      expect(response.status).toBe(502);
      expect(await json(response)).toMatchObject({ status: 'error', message: expect.stringContaining('Google Calendar') });
      expect([await db().count(Company), await db().count(Contact), await db().count(Meeting)]).toEqual([0, 0, 0]);
    });

    it('holds no database transaction open while Google answers', async () => {
      sandbox.googleCalendar.setLatency(600);
      const openTransactions: number[] = [];
      // Open longer than half of Google's answer time: a transaction held across the call, not a
      // worker's between two of its statements.
      const watch = setInterval(() => {
        void dataSource
          .query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND now() - xact_start > interval '300 milliseconds'`,
          )
          .then(([{ n }]: { n: number }[]) => openTransactions.push(n));
      }, 100);
      try {
        expect(await json(await post('/callbooker/sales/book/', salesBody()))).toEqual({ status: 'ok' });
      } finally {
        clearInterval(watch);
        sandbox.googleCalendar.setLatency(0);
      }
      expect(openTransactions.length).toBeGreaterThan(5);
      expect(Math.max(...openTransactions)).toBe(0);
      expect(await db().count(Meeting)).toBe(1);
    });

    it('takes the Google event back when the booking cannot be recorded after it was made', async () => {
      await post('/callbooker/sales/book/', salesBody());
      const contact = await db().findOneByOrFail(Contact, { email: 'jane@brightside.example' });
      const start = nextWeekday('10:00').plus({ days: 1 });
      // While Google is making the event, another booking for the same contact lands an hour later.
      sandbox.googleCalendar.setLatency(500);
      const booking = post('/callbooker/sales/book/', salesBody({ meeting_dt: start.toUTC().toISO() }));
      await until(async () => sandbox.googleCalendar.requestsTo('/calendar/v3/freeBusy').length === 2);
      await db().save(Meeting, { meeting_type: 'sales', start_time: start.plus({ hours: 1 }).toJSDate(), admin_id: seed.sales.id, contact_id: contact.id });
      const response = await booking;
      sandbox.googleCalendar.setLatency(0);

      expect(await json(response)).toEqual({ status: 'error', message: 'You already have a meeting booked around this time.' });
      expect(await db().count(Meeting)).toBe(2);
      expect(sandbox.googleCalendar.events(seed.sales.username)).toHaveLength(1);
    });

    it('answers the CORS preflight of a booking from the website', async () => {
      const response = await fetch(`${base}/callbooker/sales/book/`, {
        method: 'OPTIONS',
        headers: { origin: 'https://tutorcruncher.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://tutorcruncher.com');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')).toContain('content-type');
      const other = await fetch(`${base}/callbooker/sales/book/`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('POST /callbooker/support/book/', () => {
    it("books a support call as the website sends it (company_id as a string, the sales fields along), with no deal", async () => {
      const company = await db().save(Company, { name: 'Existing Tutors', sales_person_id: seed.sales.id });
      // Company ids restart with each test; the queue's jobs of earlier tests do not.
      await dataSource.query(`DELETE FROM pgboss.job WHERE name = 'pipedrive.company-sync'`);
      const response = await post('/callbooker/support/book/', salesBody({ company_id: String(company.id), admin_id: String(toronto.id), call_type: 'support', name: 'Ada Lovelace', email: 'ada@existing.example', meeting_dt: nextWeekday('10:45', 3, 'America/Toronto').toUTC().toISO() }));
      expect(await json(response)).toEqual({ status: 'ok' });

      const contact = await db().findOneByOrFail(Contact, { company_id: company.id });
      expect(await db().findOneByOrFail(Meeting, { contact_id: contact.id })).toMatchObject({ meeting_type: 'support', deal_id: null, admin_id: toronto.id });
      expect(await db().count(Deal)).toBe(0);
      expect(sandbox.googleCalendar.events(toronto.username)[0].event.summary).toBe('TutorCruncher support meeting with Tom North');
      // Not in Pipedrive yet: nothing queued for it.
      expect(
        await dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'pipedrive.company-sync' AND data->>'companyId' = $1`, [String(company.id)]),
      ).toEqual([{ n: 0 }]);

      const unknown = await post('/callbooker/support/book/', salesBody({ company_id: '99999', admin_id: toronto.id }));
      expect(unknown.status).toBe(404);
      expect(await json(unknown)).toEqual({ status: 'error', message: 'Company 99999 not found' });
    });
  });

  describe('who a booking is with', () => {
    it('books the booker by their email, never the contact a shared phone finds, who is left alone', async () => {
      const companyA = await db().save(Company, { name: 'Company A', sales_person_id: seed.sales.id });
      const a = await db().save(Contact, { first_name: 'Ann', last_name: 'Able', email: 'a@x.example', phone: '+44 20 7946 0001', company_id: companyA.id });

      const response = await post('/callbooker/sales/book/', salesBody({ name: 'Bo Baker', email: 'b@y.example', company_name: 'Brand New Ltd', phone: '+44 20 7946 0001' }));
      expect(await json(response)).toEqual({ status: 'ok' });

      const [insert] = sandbox.googleCalendar.events(seed.sales.username);
      expect(insert.event.attendees!.map((attendee) => attendee.email).sort()).toEqual(['b@y.example', seed.sales.username].sort());
      const booker = await db().findOneByOrFail(Contact, { email: 'b@y.example' });
      expect(booker).toMatchObject({ first_name: 'Bo', last_name: 'Baker', company_id: companyA.id });
      expect(await db().findOneByOrFail(Meeting, { admin_id: seed.sales.id })).toMatchObject({ contact_id: booker.id });
      expect(await db().findOneByOrFail(Contact, { id: a.id })).toEqual(a);
    });

    it("makes a namesake with another email a contact of their own, and invites only them", async () => {
      const company = await db().save(Company, { name: 'Okafor Tutors', sales_person_id: seed.sales.id });
      const mei = await db().save(Contact, { first_name: 'Mei', last_name: 'Okafor', email: 'mei.okafor@okafor.example', company_id: company.id });

      const response = await post('/callbooker/sales/book/', salesBody({ company_id: company.id, name: 'Zed Okafor', email: 'zed@evil.example' }));
      expect(await json(response)).toEqual({ status: 'ok' });

      const [insert] = sandbox.googleCalendar.events(seed.sales.username);
      expect(insert.event.attendees!.map((attendee) => attendee.email)).not.toContain(mei.email);
      expect(insert.event.attendees!.map((attendee) => attendee.email)).toContain('zed@evil.example');
      expect(insert.event.description).not.toContain('mei.okafor');
      expect(await db().findOneByOrFail(Contact, { email: 'zed@evil.example' })).toMatchObject({ first_name: 'Zed', company_id: company.id });
      expect(await db().findOneByOrFail(Contact, { id: mei.id })).toEqual(mei);
    });
  });

  describe('when a booking may be', () => {
    const refusal = async (path: string, body: unknown) => {
      const response = await post(path, body);
      return [response.status, await json(response)] as const;
    };

    it('refuses a time availability would not offer, in the booking error shape naming meeting_dt, asking Google nothing', async () => {
      const sunday = DateTime.now().toUTC().plus({ days: 7 }).set({ weekday: 7, hour: 3, minute: 0, second: 0, millisecond: 0 });
      for (const meetingDt of [
        sunday.toISO(),
        nextWeekday('10:00').set({ year: 9999 }).toUTC().toISO(),
        nextWeekday('10:07').set({ second: 13 }).toUTC().toISO(),
        // Before the day starts, and after its last slot.
        nextWeekday('09:15').toUTC().toISO(),
        nextWeekday('17:15').toUTC().toISO(),
      ]) {
        const [status, body] = await refusal('/callbooker/sales/book/', salesBody({ meeting_dt: meetingDt }));
        expect([status, body.status, Object.keys(body.fields as object)]).toEqual([422, 'error', ['meeting_dt']]);
        expect(body.message).toContain('meeting_dt');
      }
      expect(freeBusyRequests()).toBe(0);
      expect(sandbox.googleCalendar.events()).toEqual([]);
      expect([await db().count(Company), await db().count(Contact), await db().count(Meeting)]).toEqual([0, 0, 0]);
    });

    it('takes each slot as availability offers it, in the admin’s own time zone', async () => {
      const day = nextWeekday('00:00', 2, 'America/Toronto');
      const query = `admin_id=${toronto.id}&start_dt=${day.toUTC().toISO()}&end_dt=${day.plus({ days: 1 }).toUTC().toISO()}`;
      const { slots } = (await json(await get(`/callbooker/availability/?${query}`))) as { slots: [string, string][] };
      const [first, second] = slots;

      expect(await json(await post('/callbooker/sales/book/', salesBody({ admin_id: toronto.id, meeting_dt: first[0] })))).toEqual({ status: 'ok' });
      expect(await json(await post('/callbooker/sales/book/', salesBody({ admin_id: toronto.id, email: 'kim@x.example', name: 'Kim Lee', meeting_dt: second[0] })))).toEqual({ status: 'ok' });
      // London's grid is not Toronto's: 10:00 London is no slot of Tom's.
      const [status, body] = await refusal('/callbooker/sales/book/', salesBody({ admin_id: toronto.id, email: 'ola@x.example', meeting_dt: nextWeekday('10:00').toUTC().toISO() }));
      expect([status, Object.keys(body.fields as object)]).toEqual([422, ['meeting_dt']]);
      expect(sandbox.googleCalendar.events(toronto.username).map((insert) => insert.event.start.timeZone)).toEqual(['America/Toronto', 'America/Toronto']);
    });

    it('refuses an admin who does not take that kind of call, naming admin_id', async () => {
      const supportOnly = await db().save(Admin, { username: 'sue@tutorcruncher.com', first_name: 'Sue', is_support_person: true });
      const company = await db().save(Company, { name: 'Existing Tutors', sales_person_id: seed.sales.id });

      const salesOnly = await refusal('/callbooker/support/book/', salesBody({ company_id: company.id, admin_id: seed.sales.id, meeting_dt: nextWeekday('10:00').toUTC().toISO() }));
      const notSales = await refusal('/callbooker/sales/book/', salesBody({ admin_id: supportOnly.id }));
      for (const [status, body] of [salesOnly, notSales]) expect([status, body.status, Object.keys(body.fields as object)]).toEqual([422, 'error', ['admin_id']]);
      expect(sandbox.googleCalendar.events()).toEqual([]);
      expect(await db().count(Meeting)).toBe(0);
    });

    it('offers no slot in the past, nor beyond the booking horizon', async () => {
      const now = DateTime.now();
      const around = await json(await get(`/callbooker/availability/?admin_id=${toronto.id}&start_dt=${now.minus({ days: 10 }).toUTC().toISO()}&end_dt=${now.plus({ days: 10 }).toUTC().toISO()}`));
      const starts = (around.slots as [string, string][]).map(([start]) => Date.parse(start));
      expect(starts.length).toBeGreaterThan(0);
      expect(Math.min(...starts)).toBeGreaterThanOrEqual(now.toMillis());

      const far = await json(await get(`/callbooker/availability/?admin_id=${toronto.id}&start_dt=${now.plus({ days: 100 }).toUTC().toISO()}&end_dt=${now.plus({ days: 130 }).toUTC().toISO()}`));
      expect(far.slots).toEqual([]);
    });
  });

  describe("a support booking's proof: its link's s and e", () => {
    let company: Company;
    const supportAt = (hour: string) => nextWeekday(hour, 3, 'America/Toronto').toUTC().toISO();
    const signed = (companyId: number, e: number) => ({ e: String(e), s: createHmac('sha256', SIGNING_KEY).update(`${toronto.id}:${companyId}:${e}`).digest('hex') });
    const inADay = () => Math.floor(Date.now() / 1000) + 86_400;
    const book = (extra: Record<string, unknown>) =>
      post('/callbooker/support/book/', { company_id: String(company.id), admin_id: String(toronto.id), name: 'Ada Lovelace', email: 'ada@existing.example', meeting_dt: supportAt('10:45'), call_type: 'support', ...extra });

    beforeEach(async () => {
      company = await db().save(Company, { name: 'Existing Tutors', sales_person_id: seed.sales.id });
    });

    it('books with a valid link, as the link was sent (e a string) or signed by v2', async () => {
      expect(await json(await book(signed(company.id, inADay())))).toEqual({ status: 'ok' });
      const e = inADay();
      const v2 = createHash('sha1').update(`${SIGNING_KEY}:${toronto.id}-${company.id}-${e}`).digest('hex');
      expect(await json(await book({ e, s: v2, meeting_dt: supportAt('14:30') }))).toEqual({ status: 'ok' });
      expect(await db().count(Meeting)).toBe(2);
    });

    it('refuses a bad one as the link validation does, writing nothing', async () => {
      const other = await db().save(Company, { name: 'Other Tutors', sales_person_id: seed.sales.id });
      for (const [proof, message] of [
        [{ ...signed(company.id, inADay()), s: 'forged' }, 'Invalid signature'],
        [signed(other.id, inADay()), 'Invalid signature'],
        [{ s: signed(company.id, inADay()).s }, 'Invalid signature'],
        [signed(company.id, Math.floor(Date.now() / 1000) - 60), 'Link has expired'],
      ] as const) {
        const response = await book(proof);
        expect([response.status, await json(response)]).toEqual([403, { status: 'error', message }]);
      }
      // A badly signed booking for a company that does not exist gets the same answer.
      const unknown = await post('/callbooker/support/book/', { company_id: '99999', admin_id: toronto.id, name: 'X', email: 'x@y.example', meeting_dt: supportAt('10:45'), s: 'forged', e: inADay() });
      expect([unknown.status, await json(unknown)]).toEqual([403, { status: 'error', message: 'Invalid signature' }]);
      expect([await db().count(Contact), await db().count(Meeting), sandbox.googleCalendar.events().length]).toEqual([0, 0, 0]);
    });

    it('books without one (the website does not send it yet), logging and counting each', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        expect(await json(await book({}))).toEqual({ status: 'ok' });
        expect(await json(await book({ s: '', e: null, email: 'bob@existing.example', name: 'Bob Smith', meeting_dt: supportAt('14:30') }))).toEqual({ status: 'ok' });
        const logged = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes("without its support link's signature"));
        expect(logged).toHaveLength(2);
        expect(logged[1]).toMatch(new RegExp(`company ${company.id} .*\\((\\d+) since start`));
        expect(Number(/\((\d+) since start/.exec(logged[1])![1]) - Number(/\((\d+) since start/.exec(logged[0])![1])).toBe(1);
      } finally {
        warn.mockRestore();
      }
    });

    it('refuses a booking without one once SUPPORT_BOOKING_REQUIRES_LINK is on', async () => {
      const strict = await startHermesApp({ ...sandbox.env, HERMES_ROLE: 'api', SIGNING_KEY, SUPPORT_BOOKING_REQUIRES_LINK: 'true' });
      try {
        await seedBoth(strict.dataSource, sandbox.pipedrive);
        const supporter = await strict.dataSource.manager.save(Admin, { username: 'tom@tutorcruncher.com', first_name: 'Tom', timezone: 'America/Toronto', is_support_person: true });
        const client = await strict.dataSource.manager.save(Company, { name: 'Strict Tutors', sales_person_id: supporter.id });
        const strictBook = (extra: Record<string, unknown>) =>
          fetch(`${strict.url}/callbooker/support/book/`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ company_id: client.id, admin_id: supporter.id, name: 'Ada Lovelace', email: 'ada@strict.example', meeting_dt: supportAt('10:45'), ...extra }),
          });

        const refused = await strictBook({});
        expect([refused.status, await json(refused)]).toEqual([
          403,
          { status: 'error', message: 's: a support booking needs the signature of its support link (s and e)', fields: { s: ['is required'] } },
        ]);
        const e = inADay();
        const s = createHmac('sha256', SIGNING_KEY).update(`${supporter.id}:${client.id}:${e}`).digest('hex');
        expect(await json(await strictBook({ s, e }))).toEqual({ status: 'ok' });
      } finally {
        await strict.stop();
      }
    });
  });

  describe('support links', () => {
    const wrongKey = { authorization: 'token not-the-key' };

    it('generates a link with the TC2 key that validates, and refuses a tampered or expired one', async () => {
      const company = await db().save(Company, { name: 'Linked Tutors', tc2_cligency_id: 4521, sales_person_id: seed.sales.id });
      expect((await get('/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=4521', wrongKey)).status).toBe(403);
      expect((await get('/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=4521')).status).toBe(403);

      const generated = await get('/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=4521', { authorization: `Bearer ${sandbox.env.TC2_API_KEY}` });
      const { link } = (await generated.json()) as { link: string };
      const url = new URL(link);
      expect(`${url.origin}${url.pathname}`).toBe(`${CALLBOOKER_BASE_URL}/${seed.sales.id}/`);
      expect(url.searchParams.get('company_id')).toBe(String(company.id));
      const ttlSeconds = app.get(HermesConfig).supportTtlDays * 86_400;
      expect(Number(url.searchParams.get('e'))).toBeGreaterThan(Date.now() / 1000 + ttlSeconds - 60);

      const validate = (params: URLSearchParams) => get(`/callbooker/support-link/validate/?${params}`);
      expect(await json(await validate(url.searchParams))).toEqual({ status: 'ok', company_name: 'Linked Tutors' });

      const tampered = new URLSearchParams(url.searchParams);
      tampered.set('e', String(Number(tampered.get('e')) + 86_400));
      const refused = await validate(tampered);
      expect(refused.status).toBe(403);
      expect(await json(refused)).toEqual({ status: 'error', message: 'Invalid signature' });

      const e = Math.floor(Date.now() / 1000) - 60;
      const s = createHmac('sha256', SIGNING_KEY).update(`${seed.sales.id}:${company.id}:${e}`).digest('hex');
      const expired = await validate(new URLSearchParams({ admin_id: String(seed.sales.id), company_id: String(company.id), e: String(e), s }));
      expect(expired.status).toBe(403);
      expect(await json(expired)).toEqual({ status: 'error', message: 'Link has expired' });
    });

    describe('sent by Hermes v2 before the cutover', () => {
      /** v2's signature: SHA-1 of the key, a colon and admin, company and expiry joined by hyphens. */
      const v2Link = (adminId: number, companyId: number, e: number, key = SIGNING_KEY) =>
        new URLSearchParams({
          s: createHash('sha1').update(`${key}:${adminId}-${companyId}-${e}`).digest('hex'),
          admin_id: String(adminId),
          company_id: String(companyId),
          e: String(e),
        });
      const validate = (params: URLSearchParams) => get(`/callbooker/support-link/validate/?${params}`);
      const now = () => Math.floor(Date.now() / 1000);

      it('validates until it expires', async () => {
        const company = await db().save(Company, { name: 'Old Link Tutors', sales_person_id: seed.sales.id });
        // Sent by v2 a day before the cutover, with v2's four days to live.
        const link = v2Link(seed.sales.id, company.id, now() + 3 * 86_400);

        const valid = await validate(link);
        expect([valid.status, await json(valid)]).toEqual([200, { status: 'ok', company_name: 'Old Link Tutors' }]);

        const expired = await validate(v2Link(seed.sales.id, company.id, now() - 60));
        expect([expired.status, await json(expired)]).toEqual([403, { status: 'error', message: 'Link has expired' }]);

        for (const tampered of [
          new URLSearchParams({ ...Object.fromEntries(link), company_id: String(company.id + 1) }),
          new URLSearchParams({ ...Object.fromEntries(link), e: String(now() + 30 * 86_400) }),
          v2Link(seed.sales.id, company.id, now() + 86_400, 'not-the-signing-key'),
        ]) {
          const refused = await validate(tampered);
          expect([refused.status, await json(refused)]).toEqual([403, { status: 'error', message: 'Invalid signature' }]);
        }
      });
    });

    it('checks the signature before looking anything up: a bad link gets one answer, whichever ids it names', async () => {
      const company = await db().save(Company, { name: 'Known Tutors', sales_person_id: seed.sales.id });
      const e = String(Math.floor(Date.now() / 1000) + 86_400);
      const answers = [];
      for (const query of [
        `admin_id=${seed.sales.id}&company_id=${company.id}&e=${e}&s=forged`,
        `admin_id=999&company_id=99999&e=${e}&s=forged`,
        `admin_id=${seed.sales.id}&company_id=99999&e=${e}&s=forged`,
        `admin_id=999&company_id=${company.id}&e=${e}&s=forged`,
        `admin_id=999&company_id=99999&e=${e}`,
        `admin_id=${seed.sales.id}&company_id=${company.id}&e=${e}&s=`,
      ]) {
        const response = await get(`/callbooker/support-link/validate/?${query}`);
        answers.push([response.status, await response.text()]);
      }
      expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(new Set([JSON.stringify([403, '{"status":"error","message":"Invalid signature"}'])]));

      // Only a link Hermes signed learns that its company is gone.
      const s = createHmac('sha256', SIGNING_KEY).update(`${seed.sales.id}:99999:${e}`).digest('hex');
      const gone = await get(`/callbooker/support-link/validate/?admin_id=${seed.sales.id}&company_id=99999&e=${e}&s=${s}`);
      expect([gone.status, await json(gone)]).toEqual([404, { status: 'error', message: 'Company 99999 not found' }]);
    });

    it('fetches a client Hermes lacks from TC2 (no deal), and answers 404 for unknown ones', async () => {
      const client = sandbox.tc2.seedClient({ sales_person: { id: 301, first_name: 'Sam', last_name: 'Sales', email: 'sam@tutorcruncher.com' } });
      const key = { authorization: `token ${sandbox.env.TC2_API_KEY}` };
      const response = await get(`/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=${client.id}`, key);
      expect(response.status).toBe(200);
      expect(await db().findOneByOrFail(Company, { tc2_cligency_id: client.id })).toMatchObject({ sales_person_id: seed.sales.id });
      expect(await db().count(Deal)).toBe(0);

      expect((await get('/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=987654', key)).status).toBe(404);
      expect((await get(`/callbooker/support-link/generate/tc2/?tc2_admin_id=999&tc2_cligency_id=${client.id}`, key)).status).toBe(404);
    });

    it('refuses a client whose sales person Hermes does not know without naming a field the caller never sent', async () => {
      const client = sandbox.tc2.seedClient({ sales_person: { id: 777, first_name: 'Nobody', last_name: 'Known', email: 'nobody@tutorcruncher.com' } });
      const key = { authorization: `token ${sandbox.env.TC2_API_KEY}` };
      const response = await get(`/callbooker/support-link/generate/tc2/?tc2_admin_id=301&tc2_cligency_id=${client.id}`, key);

      expect(response.status).toBe(422);
      const body = await json(response);
      expect(body).toMatchObject({ message: "The TC2 client's sales_person: no admin has TC2 admin id 777" });
      expect(body).not.toHaveProperty('fields');
      expect(await db().count(Company)).toBe(0);
    });
  });

  describe('round robin', () => {
    const companyFor = (salesPersonId: number, plan = 'payg', supportPersonId: number | null = null) =>
      db().save(Company, { name: `C${Math.random()}`, sales_person_id: salesPersonId, support_person_id: supportPersonId, price_plan: plan as Company['price_plan'] });
    const next = async (query: string) => (await json(await get(`/choose-roundrobin/sales/?${query}`))).id;

    it('picks the next seller of the plan in the region, by id, wrapping around', async () => {
      const london2 = await db().save(Admin, { username: 'lee@tutorcruncher.com', is_sales_person: true, sells_payg: true, sells_gb: true, sells_eu: true });
      expect(await next('plan=payg&country_code=GB')).toBe(seed.sales.id);
      await companyFor(seed.sales.id);
      expect(await next('plan=payg&country_code=GB')).toBe(london2.id);
      await companyFor(london2.id);
      expect(await next('plan=payg&country_code=GB')).toBe(seed.sales.id);
      // No country means GB.
      expect(await next('plan=payg&country_code=')).toBe(seed.sales.id);
      // Europe → sells_eu.
      expect(await next('plan=payg&country_code=DE')).toBe(london2.id);
      // North America.
      expect(await next('plan=payg&country_code=CA')).toBe(toronto.id);
      // Nobody sells to the rest of the world: every payg seller is a candidate, the next after london2 wraps.
      expect(await next('plan=payg&country_code=BR')).toBe(seed.sales.id);
      const answer = await json(await get('/choose-roundrobin/sales/?plan=payg&country_code=US'));
      expect(answer).toMatchObject({ id: toronto.id, email: 'tom@tutorcruncher.com', timezone: 'America/Toronto', sells_us: true, is_sales_person: true });
      expect(answer).not.toHaveProperty('password');
    });

    it('answers 422 for a plan that does not exist and 404 when nobody sells it', async () => {
      const bad = await get('/choose-roundrobin/sales/?plan=gold&country_code=GB');
      expect(bad.status).toBe(422);
      expect((await json(bad)).fields).toHaveProperty(['plan']);
      expect((await get('/choose-roundrobin/sales/?plan=enterprise&country_code=GB')).status).toBe(404);
    });

    it('picks the next support person after the latest company’s', async () => {
      const support2 = await db().save(Admin, { username: 'sue@tutorcruncher.com', is_support_person: true });
      expect((await json(await get('/choose-roundrobin/support/'))).id).toBe(toronto.id);
      await companyFor(seed.sales.id, 'payg', toronto.id);
      expect((await json(await get('/choose-roundrobin/support/'))).id).toBe(support2.id);
      await companyFor(seed.sales.id, 'payg', support2.id);
      expect((await json(await get('/choose-roundrobin/support/'))).id).toBe(toronto.id);
    });
  });

  it('GET /loc/ reads Cloudflare’s country header, GB without one', async () => {
    expect(await json(await get('/loc/', { 'cf-ipcountry': 'de' }))).toEqual({ country_code: 'DE' });
    expect(await json(await get('/loc/'))).toEqual({ country_code: 'GB' });
  });

  describe('GET /companies/', () => {
    it('filters companies for TC2, up to ten by name; refuses without the key', async () => {
      await db().save(Company, [
        { name: 'Beta', tc2_cligency_id: 1, sales_person_id: seed.sales.id, narc: true },
        { name: 'Alpha', tc2_cligency_id: 2, sales_person_id: seed.sales.id, narc: true },
        { name: 'Gamma', tc2_cligency_id: 3, sales_person_id: seed.sales.id },
      ]);
      const key = { authorization: `token ${sandbox.env.TC2_API_KEY}` };
      const narc = (await (await get('/companies/?narc=true', key)).json()) as Company[];
      expect(narc.map((c) => c.name)).toEqual(['Alpha', 'Beta']);
      expect(((await (await get('/companies/?tc2_cligency_id=3&price_plan=payg', key)).json()) as Company[]).map((c) => c.name)).toEqual(['Gamma']);

      expect((await get('/companies/', key)).status).toBe(422);
      const unknown = await get('/companies/?password=x', key);
      expect(unknown.status).toBe(422);
      expect((await json(unknown)).fields).toHaveProperty(['password']);
      expect((await get('/companies/?tc2_cligency_id=abc', key)).status).toBe(422);
      // Values Postgres would refuse are refused here, by name, without Postgres' words.
      for (const [field, value] of [['website', '%00'], ['name', 'a%00b'], ['created', '-200000-01-01'], ['created', '99999-01-01'], ['paid_invoice_count', '99999999999']]) {
        const refused = await get(`/companies/?${field}=${value}`, key);
        const body = await json(refused);
        expect([refused.status, Object.keys(body.fields as object)]).toEqual([422, [field]]);
        expect(JSON.stringify(body)).not.toMatch(/UTF8|out of range for type|timestamp out of range/);
      }
      expect((await get('/companies/?narc=true')).status).toBe(401);
      expect((await get('/companies/?narc=true', { authorization: 'token wrong' })).status).toBe(403);
    });
  });
});
