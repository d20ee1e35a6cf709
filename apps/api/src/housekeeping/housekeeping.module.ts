import { Module, OnModuleInit } from '@nestjs/common';
import { HermesConfig } from '../config/hermes-config';
import { JobQueue } from '../jobs/job-queue.service';
import { housekeepingJob } from './housekeeping.job';
import { HousekeepingService } from './housekeeping.service';

/** The daily clean-up of tables that would otherwise only grow. */
@Module({ providers: [HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule implements OnModuleInit {
  constructor(
    private readonly config: HermesConfig,
    private readonly jobs: JobQueue,
    private readonly housekeeping: HousekeepingService,
  ) {}

  onModuleInit(): void {
    this.jobs.define(housekeepingJob(this.housekeeping, this.config.jobs.expireSeconds));
  }
}
