import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { CoreModule } from '../core/core.module';
import { CompanySyncJob } from './company-sync.job';
import { PipedriveClient } from './pipedrive.client';
import { PipedriveFinderService } from './pipedrive-finder.service';
import { PipedriveHttpClient } from './pipedrive-http.client';
import { PipedriveSyncService } from './pipedrive-sync.service';
import { SyncStatusFieldService } from './sync-status-field.service';

/**
 * Pipedrive: the client (its rate limiter keeps its state in Hermes' database) and the durable
 * sync of Companies to Pipedrive (the `pipedrive.company-sync` job).
 */
@Module({
  imports: [CoreModule],
  providers: [
    {
      provide: PipedriveClient,
      inject: [HermesConfig, DataSource],
      useFactory: (config: HermesConfig, dataSource: DataSource) => new PipedriveHttpClient(config, dataSource),
    },
    PipedriveFinderService,
    PipedriveSyncService,
    SyncStatusFieldService,
    CompanySyncJob,
  ],
  exports: [PipedriveClient, PipedriveSyncService],
})
export class PipedriveModule {}
