/** One request to the service-account token endpoint, with the assertion's claims as decoded. */
export interface GoogleTokenRequest {
  iss?: string;
  /** The impersonated user (domain-wide delegation); absent when the service account acts as itself. */
  sub?: string;
  /** Space-separated, as in the assertion. */
  scope?: string;
  aud?: string;
  iat?: number;
  exp?: number;
  /** `granted`, or the OAuth error the simulator answered with. */
  outcome: string;
  at: string;
}

export interface GoogleBusyPeriod {
  start: Date | string;
  end: Date | string;
}

/** A Calendar API event resource, as `events.insert` returns it. */
export interface GoogleCalendarSimEvent {
  kind: 'calendar#event';
  id: string;
  status: string;
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  creator: { email: string; self: boolean };
  organizer: { email: string; self: boolean };
  start: { dateTime?: string; date?: string; timeZone?: string };
  end: { dateTime?: string; date?: string; timeZone?: string };
  iCalUID: string;
  sequence: number;
  attendees?: { email: string; displayName?: string; responseStatus: string; organizer?: boolean; self?: boolean }[];
  hangoutLink?: string;
  conferenceData?: Record<string, unknown>;
  reminders?: Record<string, unknown>;
  transparency?: string;
  eventType: 'default';
  [field: string]: unknown;
}

/** A stored event with how it was inserted, for tests to assert on. */
export interface GoogleCalendarSimInsert {
  calendarId: string;
  /** The query parameters the client sent (strings, as received). */
  conferenceDataVersion?: string;
  sendUpdates?: string;
  requestId?: string;
  event: GoogleCalendarSimEvent;
}

/** An injected Calendar API failure: Google's error body with this status and reason. */
export interface GoogleCalendarSimFailure {
  status: number;
  reason?: string;
  message?: string;
}

/** A Google account the sign-in simulator can sign in as. */
export interface GoogleSimAccount {
  email: string;
  name: string;
  given_name: string;
  family_name: string;
  email_verified: boolean;
  /** The Workspace domain; absent for consumer (gmail.com) accounts. */
  hd?: string;
  picture?: string;
  /** Google's stable user id; derived from the email when not given. */
  sub?: string;
}
