import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '../auth/auth.module';
import { HermesConfig } from '../config/hermes-config';
import { CoreModule } from '../core/core.module';
import { GoogleCalendarModule } from '../google-calendar/google-calendar.module';
import { Tc2Module } from '../tc2/tc2.module';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { CallbookerCalendarService } from './callbooker-calendar.service';
import { CallbookerController } from './callbooker.controller';
import { CompanyLookupService } from './company-lookup.service';
import { PublicController } from './public.controller';
import { RoundRobinService } from './round-robin.service';
import { SupportLinkService } from './support-link.service';
import { Tc2KeyGuard, Tc2KeyOrAdminGuard } from './tc2-key.guard';
import { websiteThrottling } from './website-throttling';

/** The website's endpoints: call booking, availability, support links, round robin, and TC2's company lookup. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({ inject: [HermesConfig], useFactory: websiteThrottling }),
    AuthModule,
    CoreModule,
    Tc2Module,
    GoogleCalendarModule,
  ],
  controllers: [CallbookerController, PublicController],
  providers: [
    AvailabilityService,
    BookingService,
    CallbookerCalendarService,
    CompanyLookupService,
    RoundRobinService,
    SupportLinkService,
    Tc2KeyGuard,
    Tc2KeyOrAdminGuard,
  ],
})
export class CallbookerModule {}
