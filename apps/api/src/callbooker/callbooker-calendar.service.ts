import { Injectable, Logger } from '@nestjs/common';
import { HermesError } from '../core/hermes-error';
import { BusyPeriod, CalendarEventInput, CreatedCalendarEvent, GoogleCalendarClient } from '../google-calendar/google-calendar.client';
import { GoogleCalendarError } from '../google-calendar/google-calendar.errors';

/** The Google Calendar calls of the callbooker, Google's failures told as `calendar-unavailable`. */
@Injectable()
export class CallbookerCalendarService {
  private readonly logger = new Logger(CallbookerCalendarService.name);

  constructor(private readonly google: GoogleCalendarClient) {}

  freeBusy(email: string, start: Date, end: Date): Promise<BusyPeriod[]> {
    return this.guard(() => this.google.freeBusy(email, start, end));
  }

  createEvent(email: string, event: CalendarEventInput): Promise<CreatedCalendarEvent> {
    return this.guard(() => this.google.createEvent(email, event));
  }

  /** Takes back an event whose booking could not be recorded; a failure is logged (the admin can delete it). */
  async deleteEvent(email: string, eventId: string): Promise<void> {
    try {
      await this.google.deleteEvent(email, eventId);
    } catch (error) {
      this.logger.error(`Could not delete Google event ${eventId} of a booking that failed: ${(error as Error).message}`);
    }
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof GoogleCalendarError)) throw error;
      this.logger.error(`Google Calendar failed: ${error.message}`);
      throw new HermesError('calendar-unavailable', 'Google Calendar is not answering: please try again in a few minutes.');
    }
  }
}
