/**
 * Hermes' view of Google Calendar: an admin's busy times and booking a call in their calendar,
 * acting as that admin through the service account's domain-wide delegation. Failures are the
 * errors in `google-calendar.errors.ts`.
 *
 * An abstract class rather than an interface so it can be the NestJS injection token.
 */

export interface BusyPeriod {
  start: Date;
  end: Date;
}

export interface CalendarEventInput {
  summary: string;
  description: string;
  start: Date;
  end: Date;
  /** The admin's IANA time zone: the event is written in it (in UTC if it is no zone Hermes knows). */
  timeZone: string;
  attendees: { email: string; displayName?: string }[];
}

export interface CreatedCalendarEvent {
  id: string;
  htmlLink: string;
  /** Null while Google is still creating the conference (it rarely is). */
  meetLink: string | null;
}

export abstract class GoogleCalendarClient {
  /** The admin's busy periods between `start` and `end`, from one free/busy query. */
  abstract freeBusy(adminEmail: string, start: Date, end: Date): Promise<BusyPeriod[]>;

  /** Creates the event in the admin's calendar with a Google Meet link, and emails the attendees. */
  abstract createEvent(adminEmail: string, event: CalendarEventInput): Promise<CreatedCalendarEvent>;

  /** Deletes an event of the admin's calendar, telling the attendees; one already gone is no error. */
  abstract deleteEvent(adminEmail: string, eventId: string): Promise<void>;
}
