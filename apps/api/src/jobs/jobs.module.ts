import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueueService } from './job-queue.service';
import { JobRecordsService } from './job-records.service';

/** The durable job queue, which finds the job kinds (@JobKind providers) of every module, and its records. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [JobQueueService, JobRecordsService], exports: [JobQueueService, JobRecordsService] })
export class JobsModule {}
