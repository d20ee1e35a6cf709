import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { PipedriveSimulator } from '@hermes/sandbox';
import { PD_TOKEN } from '@hermes/testing';
import { ConfigModule } from '../../config/config.module';
import { loadConfig } from '../../config/hermes-config';
import { DatabaseModule } from '../../database/database.module';
import { OutboundSyncService } from '../../core/sync/outbound-sync.service';
import { JobQueueService } from '../../jobs/job-queue.service';
import { JobRecordsService } from '../../jobs/job-records.service';
import { JobsModule } from '../../jobs/jobs.module';
import { PipedriveModule } from '../pipedrive.module';
import { PipedriveSyncService } from '../pipedrive-sync.service';

export const TC2_BASE_URL = 'https://secure.tutorcruncher.example';

export interface SyncContext {
  app: INestApplicationContext;
  dataSource: DataSource;
  sync: PipedriveSyncService;
  outbound: OutboundSyncService;
  queue: JobQueueService;
  jobs: JobRecordsService;
}

/**
 * Hermes as a process builds it, with the Pipedrive client pointed at the simulator. `role: 'api'`
 * runs no workers (tests call the sync themselves); `all` works the queue, polling quickly.
 */
export async function startSyncContext(
  databaseUrl: string,
  sim: PipedriveSimulator,
  options: { role: 'api' | 'all'; env?: Record<string, string> },
): Promise<SyncContext> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    HERMES_ROLE: options.role,
    PD_API_KEY: PD_TOKEN,
    PD_BASE_URL: sim.url,
    TC2_BASE_URL,
    ...options.env,
  });
  const fastQueue = {
    provide: 'FAST_QUEUE',
    inject: [JobQueueService],
    useFactory: (queue: JobQueueService) => queue.configure({ pollingIntervalSeconds: 0.5 }),
  };
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, JobsModule, PipedriveModule], providers: [fastQueue] })
  class SyncTestModule {}
  const app = await NestFactory.createApplicationContext(SyncTestModule, { logger: false });
  return {
    app,
    dataSource: app.get(DataSource),
    sync: app.get(PipedriveSyncService),
    outbound: app.get(OutboundSyncService),
    queue: app.get(JobQueueService),
    jobs: app.get(JobRecordsService),
  };
}
