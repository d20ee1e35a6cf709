import { Global, Module } from '@nestjs/common';
import { ErrorReportingService } from './error-reporting.service';

/** Error reports to Sentry: ErrorReportingService, which the HTTP error filters (of every module) and the job queue call. */
@Global()
@Module({ providers: [ErrorReportingService], exports: [ErrorReportingService] })
export class ErrorReportingModule {}
