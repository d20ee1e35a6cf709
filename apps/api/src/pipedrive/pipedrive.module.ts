import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { CoreModule } from '../core/core.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { CompanySyncJob } from './company-sync.job';
import { PipedriveClient } from './pipedrive.client';
import { PipedriveFinderService } from './pipedrive-finder.service';
import { PipedriveHttpClient } from './pipedrive-http.client';
import { PipedriveSyncService } from './pipedrive-sync.service';

/**
 * Pipedrive: the client (its rate limiter keeps its state in Hermes' database) and the durable
 * sync of Companies to Pipedrive (the `pipedrive.company-sync` job).
 */
@Module({
  imports: [CoreModule, MetricsModule],
  providers: [
    {
      provide: PipedriveClient,
      inject: [HermesConfig, DataSource, MetricsService],
      useFactory: (config: HermesConfig, dataSource: DataSource, metrics: MetricsService) => new PipedriveHttpClient(config, dataSource, { metrics }),
    },
    PipedriveFinderService,
    PipedriveSyncService,
    CompanySyncJob,
  ],
  exports: [PipedriveClient, PipedriveSyncService],
})
export class PipedriveModule {}
