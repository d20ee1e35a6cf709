import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '../auth/auth.module';
import { GoogleCalendarModule } from '../google-calendar/google-calendar.module';
import { HermesModule } from '../hermes/hermes.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { Tc2Module } from '../tc2/tc2.module';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { CallbookerCalendar } from './calendar.service';
import { CallbookerController } from './callbooker.controller';
import { CompaniesService } from './companies.service';
import { PublicController } from './public.controller';
import { RoundRobinService } from './round-robin.service';
import { SupportLinkService } from './support-link.service';
import { Tc2KeyGuard, Tc2KeyOrAdminGuard } from './tc2-key.guard';

/** Requests per IP per minute on the public routes: far above a visitor's, low enough to stop a script. */
export const PUBLIC_RATE_LIMIT = { ttl: 60_000, limit: 120 };

/** The website's endpoints (SPEC.md §7.3): call booking, availability, support links, round robin. */
@Module({
  imports: [ThrottlerModule.forRoot([PUBLIC_RATE_LIMIT]), AuthModule, HermesModule, PipedriveModule, Tc2Module, GoogleCalendarModule],
  controllers: [CallbookerController, PublicController],
  providers: [
    AvailabilityService,
    BookingService,
    CallbookerCalendar,
    CompaniesService,
    RoundRobinService,
    SupportLinkService,
    Tc2KeyGuard,
    Tc2KeyOrAdminGuard,
  ],
})
export class CallbookerModule {}
