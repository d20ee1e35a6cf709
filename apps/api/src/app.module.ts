import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { CallbookerModule } from './callbooker/callbooker.module';
import { AdminApiModule } from './admin-api/admin-api.module';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import { HermesConfig } from './config/hermes-config';
import { DatabaseModule } from './database/database.module';
import { ErrorReportingModule } from './error-reporting/error-reporting.module';
import { GoogleCalendarModule } from './google-calendar/google-calendar.module';
import { HealthModule } from './health/health.module';
import { HttpErrorsFilter } from './common/http-errors.filter';
import { CoreModule } from './core/core.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { JobsModule } from './jobs/jobs.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { PipedriveModule } from './pipedrive/pipedrive.module';
import { PipedriveWebhookModule } from './pipedrive-webhook/pipedrive-webhook.module';
import { SelfHealingModule } from './self-healing/self-healing.module';
import { Tc2Module } from './tc2/tc2.module';

export interface AppModuleOptions {
  /** Where the JSON log lines go (stdout unless given). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: HermesConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(options.logDestination),
        ErrorReportingModule,
        DatabaseModule,
        JobsModule,
        HealthModule,
        MetricsModule,
        CoreModule,
        PipedriveModule,
        Tc2Module,
        PipedriveWebhookModule,
        SelfHealingModule,
        GoogleCalendarModule,
        CallbookerModule,
        AuthModule,
        AdminApiModule,
        HousekeepingModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorsFilter }],
    };
  }
}
