import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
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

  it('injects PipedriveClient as the HTTP client, configured from HermesConfig and using the database', async () => {
    const config = loadConfig({ DATABASE_URL: database.url, PD_API_KEY: 'k', PD_BASE_URL: sim.url });

    @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, PipedriveModule] })
    class TestModule {}

    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    try {
      const client = app.get(PipedriveClient);
      expect(client).toBeInstanceOf(PipedriveHttpClient);
      expect(await client.listUsers()).toEqual([expect.objectContaining({ is_you: true })]);
      expect(sim.requestsTo('/api/v1/users')[0].headers['x-api-token']).toBe('k');
    } finally {
      await app.close();
    }
  });
});
