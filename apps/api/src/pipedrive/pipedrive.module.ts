import { Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { JobQueue } from '../jobs/job-queue.service';
import { companySyncJob } from './company-sync.job';
import { PipedriveClient } from './pipedrive.client';
import { PipedriveFinder } from './pipedrive-finder.service';
import { PipedriveHttpClient } from './pipedrive-http.client';
import { PipedriveSnapshots } from './pipedrive-snapshots.service';
import { PipedriveSyncService } from './pipedrive-sync.service';

/**
 * Pipedrive: the client (its rate limiter keeps its state in Hermes' database) and the durable
 * sync of Companies to Pipedrive, whose job kind is defined on the queue here.
 */
@Module({
  providers: [
    {
      provide: PipedriveClient,
      inject: [HermesConfig, DataSource],
      useFactory: (config: HermesConfig, dataSource: DataSource) => new PipedriveHttpClient(config, dataSource),
    },
    PipedriveFinder,
    PipedriveSnapshots,
    PipedriveSyncService,
  ],
  exports: [PipedriveClient, PipedriveSnapshots, PipedriveSyncService],
})
export class PipedriveModule implements OnModuleInit {
  constructor(
    private readonly config: HermesConfig,
    private readonly jobs: JobQueue,
    private readonly sync: PipedriveSyncService,
  ) {}

  onModuleInit(): void {
    this.jobs.define(companySyncJob(this.sync, this.config.jobs.expireSeconds));
  }
}
