import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue.service';

/** The durable job queue; feature modules define their job kinds on it. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
