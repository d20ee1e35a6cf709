import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Tc2Simulator } from '@hermes/sandbox';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { Tc2Client } from './tc2.client';
import { Tc2Module } from './tc2.module';
import { Tc2HttpClient } from './tc2-http.client';

describe('Tc2Module', () => {
  const sim = new Tc2Simulator({ apiKey: 'k' });

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());

  it('injects Tc2Client as the HTTP client, pointed at TC2_BASE_URL with TC2_API_KEY', async () => {
    const seeded = sim.seedClient();
    const config = loadConfig({ TC2_API_KEY: 'k', TC2_BASE_URL: sim.url });

    @Module({ imports: [ConfigModule.forRoot(config), Tc2Module] })
    class TestModule {}

    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    try {
      const client = app.get(Tc2Client);
      expect(client).toBeInstanceOf(Tc2HttpClient);
      expect(await client.getClient(seeded.id)).toEqual(seeded);
      expect(sim.requestsTo(`/api/clients/${seeded.id}/`)[0].headers.authorization).toBe('token k');
    } finally {
      await app.close();
    }
  });
});
