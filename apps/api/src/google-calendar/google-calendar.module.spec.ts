import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { generateKeyPairSync } from 'node:crypto';
import { GoogleCalendarSimulator } from '@hermes/sandbox';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { GoogleCalendarClient } from './google-calendar.client';
import { GoogleCalendarModule } from './google-calendar.module';
import { GoogleCalendarHttpClient } from './google-calendar-http.client';

describe('GoogleCalendarModule', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const sim = new GoogleCalendarSimulator({ publicKey });

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());

  it('injects GoogleCalendarClient as the HTTP client, configured from HermesConfig', async () => {
    sim.setBusy('sam@tutorcruncher.example', [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' }]);
    const config = loadConfig({
      G_CLIENT_EMAIL: 'hermes@hermes-sandbox.iam.gserviceaccount.com',
      // As pasted into an env file: newlines escaped.
      G_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'),
      G_TOKEN_URI: `${sim.url}/token`,
      GOOGLE_CALENDAR_API_URL: sim.url,
    });

    @Module({ imports: [ConfigModule.forRoot(config), GoogleCalendarModule] })
    class TestModule {}

    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    try {
      const client = app.get(GoogleCalendarClient);
      expect(client).toBeInstanceOf(GoogleCalendarHttpClient);
      const busy = await client.freeBusy('sam@tutorcruncher.example', new Date('2026-11-23T09:00:00Z'), new Date('2026-11-23T18:00:00Z'));
      expect(busy).toEqual([{ start: new Date('2026-11-23T10:00:00Z'), end: new Date('2026-11-23T11:00:00Z') }]);
    } finally {
      await app.close();
    }
  });
});
