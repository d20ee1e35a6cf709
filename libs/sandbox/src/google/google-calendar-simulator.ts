import { KeyObject, randomBytes } from 'node:crypto';
import { Express, NextFunction, Request, Response } from 'express';
import { DateTime, IANAZone } from 'luxon';
import { Simulator } from '../simulator';
import { googleApiError } from './google-api-error.util';
import { busyWithin, Interval, rfc3339 } from './google-free-busy.util';
import { decodeJwt, hasValidRs256Signature } from './google-jwt.util';
import {
  GoogleBusyPeriod,
  GoogleCalendarSimEvent,
  GoogleCalendarSimFailure,
  GoogleCalendarSimInsert,
  GoogleTokenRequest,
} from './google-sim.types';

export interface GoogleCalendarSimulatorOptions {
  /** The service account's public key: when set, assertions must carry a valid RS256 signature by its private key. */
  publicKey?: KeyObject | string;
  /** When set, only assertions issued by this service account are accepted. */
  clientEmail?: string;
  /** Scopes the Workspace admin granted the service account for domain-wide delegation. */
  grantedScopes?: string[];
  /** Lifetime of the access tokens issued (Google: just under an hour). */
  tokenLifetimeSeconds?: number;
}

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
export const CALENDAR_EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';
export const CALENDAR_FREEBUSY_SCOPE = 'https://www.googleapis.com/auth/calendar.freebusy';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Scopes that let a token read free/busy, and write events.
const FREEBUSY_SCOPES = [
  CALENDAR_FREEBUSY_SCOPE,
  CALENDAR_SCOPE,
  'https://www.googleapis.com/auth/calendar.readonly',
  CALENDAR_EVENTS_SCOPE,
];
const EVENTS_SCOPES = [CALENDAR_EVENTS_SCOPE, CALENDAR_SCOPE];
const MEET_ICON = 'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png';

interface IssuedToken {
  subject: string;
  scopes: string[];
  expiresAt: number;
}

/**
 * A stateful Google Calendar for a Workspace domain: the service-account token
 * endpoint (JWT-bearer grant, as used for domain-wide delegation — tokens are bound to the
 * impersonated user and the scopes asked for), `freeBusy` from configured busy periods plus the
 * events created here, and `events.insert` with Google Meet conferences. Point `G_TOKEN_URI` at
 * `{url}/token` and `GOOGLE_CALENDAR_API_URL` at `{url}`.
 */
export class GoogleCalendarSimulator extends Simulator {
  /** Every token request, oldest first, with the assertion's claims. */
  readonly tokenRequests: GoogleTokenRequest[] = [];
  private readonly inserts: GoogleCalendarSimInsert[] = [];
  private readonly busy = new Map<string, Interval[]>();
  private readonly calendarErrors = new Map<string, string>();
  private readonly refusedSubjects = new Set<string>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly grantedScopes: string[];
  private readonly tokenLifetimeSeconds: number;
  private failures: GoogleCalendarSimFailure[] = [];
  private latencyMs = 0;

  constructor(private readonly options: GoogleCalendarSimulatorOptions = {}) {
    super();
    this.grantedScopes = options.grantedScopes ?? [CALENDAR_SCOPE, CALENDAR_EVENTS_SCOPE, CALENDAR_FREEBUSY_SCOPE];
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
  }

  state() {
    return {
      busy: Object.fromEntries([...this.busy].map(([email, periods]) => [email, periods.map(toJson)])),
      calendarErrors: Object.fromEntries(this.calendarErrors),
      tokenRequests: this.tokenRequests,
      events: this.inserts,
    };
  }

  protected clearState(): void {
    this.tokenRequests.length = 0;
    this.inserts.length = 0;
    this.busy.clear();
    this.calendarErrors.clear();
    this.refusedSubjects.clear();
    this.tokens.clear();
    this.failures = [];
    this.latencyMs = 0;
  }

  // --- Test helpers -----------------------------------------------------------------------------

  /** Replaces the busy periods of a user's calendar (events created here are busy too). */
  setBusy(email: string, periods: GoogleBusyPeriod[]): void {
    this.busy.set(email.toLowerCase(), periods.map((p) => ({ start: new Date(p.start), end: new Date(p.end) })));
  }

  /** Free/busy reports this error (e.g. `notFound`, `internalError`) for the calendar instead of its periods. */
  setCalendarError(email: string, reason: string): void {
    this.calendarErrors.set(email.toLowerCase(), reason);
  }

  /** The token endpoint refuses to impersonate this user, as for an address outside the domain. */
  refuseSubject(email: string): void {
    this.refusedSubjects.add(email.toLowerCase());
  }

  /** Every access token issued so far stops working, as after a revocation. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Every Calendar API request (not token requests) takes this long to answer, as on a slow day. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** The next `count` Calendar API requests (after the token check) fail with Google's error body. */
  failNext(count: number, failure: GoogleCalendarSimFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** Events created and not deleted since, with how they were inserted; optionally of one calendar. */
  events(calendarId?: string): GoogleCalendarSimInsert[] {
    return this.inserts
      .filter((i) => i.event.status !== 'cancelled' && (!calendarId || i.calendarId === calendarId.toLowerCase()))
      .map((i) => structuredClone(i));
  }

  // --- HTTP -------------------------------------------------------------------------------------

  protected routes(app: Express): void {
    app.post('/token', (req, res) => this.token(req, res));

    app.post(
      '/calendar/v3/freeBusy',
      (req, res, next) => this.authorize(req, res, next, FREEBUSY_SCOPES),
      (req, res) => this.freeBusy(req, res),
    );
    app.post(
      '/calendar/v3/calendars/:calendarId/events',
      (req, res, next) => this.authorize(req, res, next, EVENTS_SCOPES),
      (req, res) => this.insertEvent(req, res),
    );
    app.delete(
      '/calendar/v3/calendars/:calendarId/events/:eventId',
      (req, res, next) => this.authorize(req, res, next, EVENTS_SCOPES),
      (req, res) => this.deleteEvent(req, res),
    );
  }

  private token(req: Request, res: Response): void {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const jwt = typeof body.assertion === 'string' ? decodeJwt(body.assertion) : undefined;
    const claims = (jwt?.payload ?? {}) as { iss?: string; sub?: string; scope?: string; aud?: string; iat?: number; exp?: number };
    const refuse = (status: number, error: string, description: string) => {
      this.tokenRequests.push({ ...pickClaims(claims), outcome: error, at: new Date().toISOString() });
      res.status(status).json({ error, error_description: description });
    };

    if (body.grant_type !== JWT_BEARER) return refuse(400, 'unsupported_grant_type', `Invalid grant_type: ${body.grant_type ?? ''}`);
    if (!jwt) return refuse(400, 'invalid_grant', 'Invalid JWT: the assertion is not a signed JWT.');
    const { publicKey, clientEmail } = this.options;
    if (publicKey && !hasValidRs256Signature(jwt, publicKey)) return refuse(400, 'invalid_grant', 'Invalid JWT Signature.');
    if (clientEmail && claims.iss !== clientEmail) return refuse(401, 'invalid_client', 'The OAuth client was not found.');
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= now || claims.exp - claims.iat > 3600) {
      return refuse(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.');
    }
    const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
    if (!scopes.length) return refuse(400, 'invalid_scope', 'Empty or missing scope not allowed.');
    if (claims.sub && this.refusedSubjects.has(claims.sub.toLowerCase())) return refuse(400, 'invalid_grant', 'Invalid email or User ID');
    if (claims.sub && !scopes.every((s) => this.grantedScopes.includes(s))) {
      return refuse(
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }

    const accessToken = `ya29.sandbox-${randomBytes(24).toString('base64url')}`;
    const subject = (claims.sub ?? claims.iss ?? '').toLowerCase();
    this.tokens.set(accessToken, { subject, scopes, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    this.tokenRequests.push({ ...pickClaims(claims), outcome: 'granted', at: new Date().toISOString() });
    res.json({ access_token: accessToken, expires_in: this.tokenLifetimeSeconds, token_type: 'Bearer' });
  }

  /** After any latency, a valid, unexpired bearer token with one of the scopes the method accepts; then any injected failure. */
  private async authorize(req: Request, res: Response, next: NextFunction, acceptedScopes: string[]): Promise<void> {
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      const message = 'Request is missing required authentication credential. Expected OAuth 2 access token.';
      res.status(401).json(googleApiError(401, 'required', message));
      return;
    }
    const token = this.tokens.get(match[1]);
    if (!token || token.expiresAt <= Date.now()) {
      res.status(401).json(googleApiError(401, 'authError', 'Invalid Credentials'));
      return;
    }
    if (!token.scopes.some((s) => acceptedScopes.includes(s))) {
      res.status(403).json(googleApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.'));
      return;
    }
    const failure = this.failures.shift();
    if (failure) {
      const { status, reason = 'backendError', message = 'Injected failure' } = failure;
      res.status(status).json(googleApiError(status, reason, message));
      return;
    }
    res.locals.subject = token.subject;
    next();
  }

  private freeBusy(req: Request, res: Response): void {
    const body = (req.body ?? {}) as { timeMin?: string; timeMax?: string; items?: { id?: string }[] };
    const timeMin = new Date(body.timeMin ?? '');
    const timeMax = new Date(body.timeMax ?? '');
    const missing = (name: string) => void res.status(400).json(googleApiError(400, 'required', `Missing ${name}.`));
    if (!body.timeMin || Number.isNaN(timeMin.getTime())) return missing('timeMin');
    if (!body.timeMax || Number.isNaN(timeMax.getTime())) return missing('timeMax');
    if (timeMax <= timeMin) return void res.status(400).json(googleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.'));

    const calendars: Record<string, unknown> = {};
    for (const { id } of body.items ?? []) {
      if (!id) continue;
      const key = id.toLowerCase();
      const error = this.calendarErrors.get(key);
      calendars[id] = error
        ? { errors: [{ domain: 'global', reason: error }], busy: [] }
        : { busy: busyWithin([...(this.busy.get(key) ?? []), ...this.eventIntervals(key)], timeMin, timeMax).map(toJson) };
    }
    res.json({ kind: 'calendar#freeBusy', timeMin: rfc3339(timeMin), timeMax: rfc3339(timeMax), calendars });
  }

  private insertEvent(req: Request, res: Response): void {
    const subject = res.locals.subject as string;
    const requested = String(req.params.calendarId);
    const calendarId = requested === 'primary' ? subject : requested.toLowerCase();
    // Delegated tokens act as one user: other people's calendars are not theirs to write.
    if (calendarId !== subject) return void res.status(404).json(googleApiError(404, 'notFound', 'Not Found'));

    const body = (req.body ?? {}) as Partial<GoogleCalendarSimEvent> & { conferenceData?: { createRequest?: ConferenceCreateRequest } };
    for (const [name, time] of [['start', body.start], ['end', body.end]] as const) {
      if (!time?.dateTime && !time?.date) return void res.status(400).json(googleApiError(400, 'required', `Missing ${name} time.`));
      // A time zone is an IANA name; a dateTime needs an offset or one.
      if (time.timeZone !== undefined && !IANAZone.isValidZone(time.timeZone)) {
        return void res.status(400).json(googleApiError(400, 'invalid', `Invalid time zone definition for ${name} time.`));
      }
      if (time.dateTime && !hasOffset(time.dateTime) && !time.timeZone) {
        return void res.status(400).json(googleApiError(400, 'required', `Missing time zone definition for ${name} time.`));
      }
    }
    const start = eventTime(body.start);
    const end = eventTime(body.end);
    if (!start) return void res.status(400).json(googleApiError(400, 'invalid', 'Invalid start time.'));
    if (!end) return void res.status(400).json(googleApiError(400, 'invalid', 'Invalid end time.'));
    if (end < start) return void res.status(400).json(googleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.'));

    const conferenceDataVersion = queryString(req.query.conferenceDataVersion);
    const createRequest = body.conferenceData?.createRequest;
    // Without conferenceDataVersion=1 Google ignores conferenceData, so no Meet link is made.
    const wantsConference = conferenceDataVersion === '1' && createRequest !== undefined;
    if (wantsConference && createRequest.conferenceSolutionKey?.type !== 'hangoutsMeet') {
      return void res.status(400).json(googleApiError(400, 'invalid', 'Invalid conference type value.'));
    }
    if (wantsConference && !createRequest.requestId) {
      return void res.status(400).json(googleApiError(400, 'invalid', 'Invalid conference create request: requestId is required.'));
    }

    const id = eventId();
    const now = new Date().toISOString();
    const event: GoogleCalendarSimEvent = {
      kind: 'calendar#event',
      id,
      status: 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendarId}`).toString('base64url')}`,
      created: now,
      updated: now,
      summary: body.summary,
      description: body.description,
      creator: { email: calendarId, self: true },
      organizer: { email: calendarId, self: true },
      start: body.start!,
      end: body.end!,
      iCalUID: `${id}@google.com`,
      sequence: 0,
      attendees: body.attendees?.map((a) =>
        a.email.toLowerCase() === calendarId
          ? { ...a, organizer: true, self: true, responseStatus: 'accepted' }
          : { ...a, responseStatus: 'needsAction' },
      ),
      reminders: body.reminders ?? { useDefault: true },
      transparency: body.transparency,
      eventType: 'default',
    };
    if (wantsConference) Object.assign(event, meetConference(createRequest.requestId!));

    this.inserts.push({
      calendarId,
      conferenceDataVersion,
      sendUpdates: queryString(req.query.sendUpdates),
      requestId: createRequest?.requestId,
      event,
    });
    res.json(event);
  }

  /** As Google: the event is cancelled (kept, but no longer shown or busy); a second delete is 410 Gone. */
  private deleteEvent(req: Request, res: Response): void {
    const subject = res.locals.subject as string;
    const requested = String(req.params.calendarId);
    const calendarId = requested === 'primary' ? subject : requested.toLowerCase();
    const insert = calendarId === subject ? this.inserts.find((i) => i.calendarId === calendarId && i.event.id === req.params.eventId) : undefined;
    if (!insert) return void res.status(404).json(googleApiError(404, 'notFound', 'Not Found'));
    if (insert.event.status === 'cancelled') return void res.status(410).json(googleApiError(410, 'deleted', 'Resource has been deleted'));
    insert.event.status = 'cancelled';
    insert.event.updated = new Date().toISOString();
    res.status(204).end();
  }

  /** Events make their time busy unless marked transparent ("show as available") or deleted. */
  private eventIntervals(calendarId: string): Interval[] {
    return this.inserts
      .filter((i) => i.calendarId === calendarId && i.event.transparency !== 'transparent' && i.event.status !== 'cancelled')
      .map((i) => ({ start: eventTime(i.event.start)!, end: eventTime(i.event.end)! }));
  }
}

interface ConferenceCreateRequest {
  requestId?: string;
  conferenceSolutionKey?: { type?: string };
}

function meetConference(requestId: string): Pick<GoogleCalendarSimEvent, 'hangoutLink' | 'conferenceData'> {
  const letters = () => randomBytes(4).reduce((code, byte) => code + String.fromCharCode(97 + (byte % 26)), '');
  const code = `${letters().slice(0, 3)}-${letters()}-${letters().slice(0, 3)}`;
  const uri = `https://meet.google.com/${code}`;
  return {
    hangoutLink: uri,
    conferenceData: {
      createRequest: { requestId, conferenceSolutionKey: { type: 'hangoutsMeet' }, status: { statusCode: 'success' } },
      entryPoints: [{ entryPointType: 'video', uri, label: `meet.google.com/${code}` }],
      conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet', iconUri: MEET_ICON },
      conferenceId: code,
    },
  };
}

/** Google's event ids: 26 characters of base32hex. */
function eventId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...randomBytes(26)].map((byte) => alphabet[byte % 32]).join('');
}

/** The instant an event time names: a dateTime without an offset is in its timeZone, as Google reads it. */
function eventTime(time: { dateTime?: string; date?: string; timeZone?: string } | undefined): Date | undefined {
  if (time?.dateTime && !hasOffset(time.dateTime)) {
    const local = DateTime.fromISO(time.dateTime, { zone: time.timeZone });
    return local.isValid ? local.toJSDate() : undefined;
  }
  const value = time?.dateTime ?? time?.date;
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function hasOffset(dateTime: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(dateTime.trim());
}

function queryString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function pickClaims(claims: Record<string, unknown>): Omit<GoogleTokenRequest, 'outcome' | 'at'> {
  const { iss, sub, scope, aud, iat, exp } = claims as Omit<GoogleTokenRequest, 'outcome' | 'at'>;
  return { iss, sub, scope, aud, iat, exp };
}

function toJson(period: Interval): { start: string; end: string } {
  return { start: rfc3339(period.start), end: rfc3339(period.end) };
}
