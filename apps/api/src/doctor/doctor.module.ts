import { Module } from '@nestjs/common';
import { GoogleCalendarModule } from '../google-calendar/google-calendar.module';
import { PipedriveModule } from '../pipedrive/pipedrive.module';
import { PipedriveWebhookModule } from '../pipedrive-webhook/pipedrive-webhook.module';
import { Tc2Module } from '../tc2/tc2.module';
import { DoctorService } from './doctor.service';
import { GoogleChecks } from './google.checks';
import { PipedriveChecks } from './pipedrive.checks';
import { SettingsChecks } from './settings.checks';
import { Tc2Checks } from './tc2.checks';

/** `hermes doctor`: one class of checks per system, each through that system's client. */
@Module({
  imports: [Tc2Module, PipedriveModule, PipedriveWebhookModule, GoogleCalendarModule],
  providers: [DoctorService, SettingsChecks, Tc2Checks, PipedriveChecks, GoogleChecks],
  exports: [DoctorService],
})
export class DoctorModule {}
