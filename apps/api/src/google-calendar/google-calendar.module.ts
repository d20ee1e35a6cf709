import { Module } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { GoogleCalendarClient } from './google-calendar.client';
import { GoogleCalendarHttpClient } from './google-calendar-http.client';

/** Provides the Google Calendar client; one instance, so each admin's token is cached across requests. */
@Module({
  providers: [
    {
      provide: GoogleCalendarClient,
      inject: [HermesConfig],
      useFactory: (config: HermesConfig) => new GoogleCalendarHttpClient(config),
    },
  ],
  exports: [GoogleCalendarClient],
})
export class GoogleCalendarModule {}
