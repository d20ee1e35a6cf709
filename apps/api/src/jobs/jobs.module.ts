import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueue } from './job-queue.service';
import { JobRecordsService } from './job-records.service';

/** The durable job queue, which finds the job kinds (@JobKind providers) of every module, and its records. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [JobQueue, JobRecordsService], exports: [JobQueue, JobRecordsService] })
export class JobsModule {}
