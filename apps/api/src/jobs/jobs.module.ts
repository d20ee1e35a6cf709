import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ErrorReportingModule } from '../error-reporting/error-reporting.module';
import { MetricsModule } from '../metrics/metrics.module';
import { JobQueueService } from './job-queue.service';
import { JobRecordsService } from './job-records.service';

/**
 * The durable job queue, which finds the job kinds (@JobKind providers) of every module, and its records;
 * it counts and reports its jobs' runs.
 */
@Global()
@Module({ imports: [DiscoveryModule, MetricsModule, ErrorReportingModule], providers: [JobQueueService, JobRecordsService], exports: [JobQueueService, JobRecordsService] })
export class JobsModule {}
