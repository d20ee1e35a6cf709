import { BadGatewayException, Injectable, Logger } from '@nestjs/common';
import { BusyPeriod, CalendarEventInput, CreatedCalendarEvent, GoogleCalendarClient } from '../google-calendar/google-calendar.client';
import { GoogleCalendarError } from '../google-calendar/google-calendar.errors';

/** The Google Calendar calls of the callbooker, with Google's failures answered as 502 (never a 500). */
@Injectable()
export class CallbookerCalendar {
  private readonly logger = new Logger(CallbookerCalendar.name);

  constructor(private readonly google: GoogleCalendarClient) {}

  freeBusy(email: string, start: Date, end: Date): Promise<BusyPeriod[]> {
    return this.guard(() => this.google.freeBusy(email, start, end));
  }

  createEvent(email: string, event: CalendarEventInput): Promise<CreatedCalendarEvent> {
    return this.guard(() => this.google.createEvent(email, event));
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof GoogleCalendarError)) throw error;
      this.logger.error(`Google Calendar failed: ${error.message}`);
      throw new BadGatewayException('Google Calendar is not answering: please try again in a few minutes.');
    }
  }
}
