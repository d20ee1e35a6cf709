import { randomUUID } from 'node:crypto';
import { auth, calendar, calendar_v3 } from '@googleapis/calendar';
import { DateTime } from 'luxon';
import { HermesConfig } from '../config/hermes-config';
import { BusyPeriod, CalendarEventInput, CreatedCalendarEvent, GoogleCalendarClient } from './google-calendar.client';
import { GoogleCalendarAuthError, GoogleCalendarError, GoogleCalendarRequestError } from './google-calendar.errors';

/** google-auth-library (through gtoken) always posts the JWT grant here. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

// 403 reasons that mean the token is not allowed, rather than a quota or a calendar's sharing.
const AUTH_REASONS = new Set(['authError', 'insufficientPermissions']);

type JwtClient = InstanceType<typeof auth.JWT>;

interface AdminCalendar {
  auth: JwtClient;
  api: calendar_v3.Calendar;
}

export interface GoogleCalendarHttpOptions {
  /** Per request, token requests included. */
  timeoutMs?: number;
}

/**
 * GoogleCalendarClient over Google's client library, acting as each admin in turn through the
 * service account's domain-wide delegation. One auth client (and so one cached access token) per
 * admin email. `G_TOKEN_URI` replaces the token URL the library hard-codes, by rewriting it in a
 * request interceptor on the auth client's own transporter; `GOOGLE_CALENDAR_API_URL` is the API
 * root. Requests use Node's fetch: the library would otherwise `import('node-fetch')`, which
 * fails under Jest's CommonJS runtime.
 */
export class GoogleCalendarHttpClient extends GoogleCalendarClient {
  private readonly calendars = new Map<string, AdminCalendar>();
  private readonly timeoutMs: number;

  constructor(
    private readonly config: HermesConfig,
    options: GoogleCalendarHttpOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async freeBusy(adminEmail: string, start: Date, end: Date): Promise<BusyPeriod[]> {
    const operation = 'freeBusy';
    const result = await this.call(adminEmail, operation, (api) =>
      api.freebusy.query({
        requestBody: { timeMin: start.toISOString(), timeMax: end.toISOString(), timeZone: 'UTC', items: [{ id: adminEmail }] },
      }),
    );
    const calendars = result.calendars ?? {};
    const entry =
      calendars[adminEmail] ?? Object.entries(calendars).find(([id]) => id.toLowerCase() === adminEmail.toLowerCase())?.[1];
    if (!entry) throw new GoogleCalendarRequestError('the answer has no entry for this calendar', operation, adminEmail);
    // An error here means Google could not compute the calendar's busy times: treating it as free would double-book.
    const error = entry.errors?.[0];
    if (error) {
      const reason = error.reason ?? undefined;
      throw new GoogleCalendarRequestError(`calendar error: ${reason}`, operation, adminEmail, undefined, reason);
    }
    return (entry.busy ?? []).map((period) => ({ start: new Date(period.start!), end: new Date(period.end!) }));
  }

  async createEvent(adminEmail: string, input: CalendarEventInput): Promise<CreatedCalendarEvent> {
    const event = await this.call(adminEmail, 'events.insert', (api) =>
      api.events.insert({
        calendarId: adminEmail,
        conferenceDataVersion: 1,
        sendUpdates: 'all',
        requestBody: {
          summary: input.summary,
          description: input.description,
          start: eventTime(input.start, input.timeZone),
          end: eventTime(input.end, input.timeZone),
          attendees: input.attendees.map(({ email, displayName }) => ({ email, ...(displayName ? { displayName } : {}) })),
          reminders: { useDefault: true },
          // A fresh requestId per event: Google reuses the conference of a requestId it has seen.
          conferenceData: { createRequest: { requestId: randomUUID(), conferenceSolutionKey: { type: 'hangoutsMeet' } } },
        },
      }),
    );
    const video = event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video');
    return { id: event.id!, htmlLink: event.htmlLink!, meetLink: event.hangoutLink ?? video?.uri ?? null };
  }

  async deleteEvent(adminEmail: string, eventId: string): Promise<void> {
    try {
      await this.call(adminEmail, 'events.delete', (api) => api.events.delete({ calendarId: adminEmail, eventId, sendUpdates: 'all' }));
    } catch (error) {
      // 410: deleted already; 404: never there (or not this admin's). Either way it is gone.
      if (error instanceof GoogleCalendarRequestError && (error.status === 410 || error.status === 404)) return;
      throw error;
    }
  }

  /**
   * Runs one API call as the admin. A 401 means Google no longer accepts the cached token (the
   * library only renews tokens near expiry): drop the admin's client and try once more afresh.
   */
  private async call<T>(adminEmail: string, operation: string, send: (api: calendar_v3.Calendar) => Promise<{ data: T }>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const admin = this.adminCalendar(adminEmail);
      await this.ensureToken(admin, operation, adminEmail);
      try {
        return (await send(admin.api)).data;
      } catch (error) {
        const failure = apiFailure(error, operation, adminEmail);
        if (failure.status === 401 && attempt === 1) {
          this.forget(adminEmail, admin);
          continue;
        }
        throw failure;
      }
    }
  }

  /** Gets (or reuses) the admin's access token, so token failures are told apart from API failures. */
  private async ensureToken(admin: AdminCalendar, operation: string, adminEmail: string): Promise<void> {
    try {
      await admin.auth.getAccessToken();
    } catch (error) {
      this.forget(adminEmail, admin);
      const { status, message } = describe(error);
      if (status !== undefined && status < 500) {
        throw new GoogleCalendarAuthError(`token request refused: ${message}`, operation, adminEmail, status);
      }
      throw new GoogleCalendarRequestError(`token request failed: ${message}`, operation, adminEmail, status);
    }
  }

  private adminCalendar(adminEmail: string): AdminCalendar {
    const key = adminEmail.toLowerCase();
    let admin = this.calendars.get(key);
    if (!admin) {
      const jwt = this.authClient(adminEmail);
      admin = { auth: jwt, api: calendar({ version: 'v3', auth: jwt, rootUrl: `${this.config.google.calendarApiUrl}/` }) };
      this.calendars.set(key, admin);
    }
    return admin;
  }

  private forget(adminEmail: string, admin: AdminCalendar): void {
    const key = adminEmail.toLowerCase();
    if (this.calendars.get(key) === admin) this.calendars.delete(key);
  }

  private authClient(adminEmail: string): JwtClient {
    const { clientEmail, privateKey, privateKeyId, tokenUri } = this.config.google;
    if (!clientEmail || !privateKey) {
      const message = 'G_CLIENT_EMAIL and G_PRIVATE_KEY are not set: configure Google (or run in sandbox mode)';
      throw new GoogleCalendarError(message, 'auth', adminEmail);
    }
    const jwt = new auth.JWT({
      email: clientEmail,
      key: privateKey,
      keyId: privateKeyId,
      subject: adminEmail,
      // Never empty (the config insists): without scopes the JWT client signs self-signed tokens
      // instead of calling the token endpoint, and the `sub` (impersonation) silently does nothing.
      scopes: this.config.google.scopes,
      transporterOptions: { fetchImplementation: fetch, timeout: this.timeoutMs },
    });
    if (tokenUri !== GOOGLE_TOKEN_URL) {
      const target = new URL(tokenUri);
      jwt.transporter.interceptors.request.add({
        resolved: async (request) => {
          if (request.url.href === GOOGLE_TOKEN_URL) request.url = new URL(target);
          return request;
        },
      });
    }
    return jwt;
  }
}

/** An event time in the admin's own zone, the same instant: the local time with its offset, and the zone's name. */
function eventTime(instant: Date, timeZone: string): calendar_v3.Schema$EventDateTime {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) return { dateTime: instant.toISOString(), timeZone: 'UTC' };
  return { dateTime: local.toISO({ suppressMilliseconds: true })!, timeZone };
}

/** Maps a library error from an API call to Hermes' errors, keeping Google's message and reason. */
function apiFailure(error: unknown, operation: string, adminEmail: string): GoogleCalendarError {
  const { status, message, reason } = describe(error);
  if (status === 401 || (status === 403 && reason !== undefined && AUTH_REASONS.has(reason))) {
    return new GoogleCalendarAuthError(message, operation, adminEmail, status);
  }
  return new GoogleCalendarRequestError(message, operation, adminEmail, status, reason);
}

/** Status, message and reason of a gaxios error, without the request (which carries the token). */
function describe(error: unknown): { status?: number; message: string; reason?: string } {
  const failure = error as { response?: { status?: number; data?: unknown }; message?: string };
  const data = failure.response?.data as { error?: { message?: string; errors?: { reason?: string }[] } | string } | undefined;
  const apiError = typeof data?.error === 'object' ? data.error : undefined;
  return {
    status: failure.response?.status,
    message: apiError?.message ?? failure.message ?? String(error),
    reason: apiError?.errors?.[0]?.reason,
  };
}
