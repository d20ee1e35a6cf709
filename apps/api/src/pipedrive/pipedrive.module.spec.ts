import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { JobQueueService } from '../jobs/job-queue.service';
import { JobsModule } from '../jobs/jobs.module';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';
import { PipedriveClient } from './pipedrive.client';
import { PipedriveModule } from './pipedrive.module';
import { PipedriveHttpClient } from './pipedrive-http.client';

describe('PipedriveModule', () => {
  const sim = new PipedriveSimulator({ apiToken: 'k' });
  let database: TestDatabase;

  beforeAll(async () => {
    await sim.start();
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await sim.stop();
    await database?.drop();
  });

  it('injects PipedriveClient as the HTTP client, configured from HermesConfig and using the database, and defines the company sync job', async () => {
    const config = loadConfig({ DATABASE_URL: database.url, PD_API_KEY: 'k', PD_BASE_URL: sim.url, HERMES_ROLE: 'api' });

    @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, JobsModule, PipedriveModule] })
    class TestModule {}

    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    try {
      const client = app.get(PipedriveClient);
      expect(client).toBeInstanceOf(PipedriveHttpClient);
      expect(await client.listUsers()).toEqual([expect.objectContaining({ is_you: true })]);
      expect(sim.requestsTo('/api/v1/users')[0].headers['x-api-token']).toBe('k');
      const queue = app.get(JobQueueService);
      const enqueued = await app.get(DataSource).transaction((manager) => queue.enqueue(PIPEDRIVE_COMPANY_SYNC_JOB, { companyId: 1 }, manager));
      expect(enqueued).toEqual(expect.any(String));
    } finally {
      await app.close();
    }
  });
});
