import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { CoreModule } from '../core/core.module';
import { HermesStateService } from '../core/state/hermes-state.service';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { CompanySyncJob } from './company-sync.job';
import { PipedriveClient } from './pipedrive.client';
import { PIPEDRIVE_BUDGET_STATE, PipedriveBudgetRecorder } from './pipedrive-budget';
import { PipedriveFinderService } from './pipedrive-finder.service';
import { PipedriveFullSyncService } from './pipedrive-full-sync.service';
import { PipedriveHttpClient } from './pipedrive-http.client';
import { PipedriveSyncService } from './pipedrive-sync.service';
import { SyncStatusFieldService } from './sync-status-field.service';

/**
 * Pipedrive: the client (its rate limiter keeps its state in Hermes' database) and the durable
 * sync of Companies to Pipedrive (the `pipedrive.company-sync` job).
 */
@Module({
  imports: [CoreModule, MetricsModule],
  providers: [
    {
      provide: PipedriveClient,
      inject: [HermesConfig, DataSource, HermesStateService, MetricsService],
      useFactory: (config: HermesConfig, dataSource: DataSource, state: HermesStateService, metrics: MetricsService) => {
        const budget = new PipedriveBudgetRecorder((value) => state.set(PIPEDRIVE_BUDGET_STATE, value));
        return new PipedriveHttpClient(config, dataSource, { onDailyBudget: (left) => budget.observe(left), metrics });
      },
    },
    PipedriveFinderService,
    PipedriveSyncService,
    PipedriveFullSyncService,
    SyncStatusFieldService,
    CompanySyncJob,
  ],
  exports: [PipedriveClient, PipedriveSyncService, PipedriveFullSyncService],
})
export class PipedriveModule {}
