import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { dataSourceOptions, Pipeline, Stage } from '@hermes/database';
import { PipedriveSimulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { JobsModule } from '../jobs/jobs.module';
import { PipedriveWebhookModule } from '../pipedrive-webhook/pipedrive-webhook.module';
import { PipedriveWebhooksService } from '../pipedrive-webhook/pipedrive-webhooks.service';

const ROOT = join(__dirname, '../../../..');
const PD_TOKEN = 'takeover-pd-token';
const HERMES_URL = 'https://hermes.example';
const CALLBACK = `${HERMES_URL}/pipedrive/callback/`;
// The webhooks v2 had, made by hand in Pipedrive: every event of seven objects, webhooks v1, no auth.
const V2_OBJECTS = ['deal', 'organization', 'person', 'pipeline', 'stage', 'product', 'user'];

/** `hermes setup` on the day Hermes takes over from v2: v2's webhooks and stages as v2 left them. */
describe('setup taking over from v2', () => {
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  const env = { PD_API_KEY: PD_TOKEN, PD_WEBHOOK_USER: 'pipedrive', PD_WEBHOOK_PASSWORD: 'secret', HERMES_URL };
  let database: TestDatabase;
  let dataSource: DataSource;

  const setup = () =>
    promisify(execFile)('npm', ['run', '--silent', 'hermes', '--', 'setup'], {
      cwd: ROOT,
      env: { ...process.env, ...env, PD_BASE_URL: pd.url, DATABASE_URL: database.url },
    });

  beforeAll(async () => {
    await pd.start();
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await pd.stop();
  });

  beforeEach(async () => {
    pd.reset();
    await dataSource.query('TRUNCATE pipeline, stage, customfield, config CASCADE');
  });

  it("replaces v2's seven unauthenticated webhooks with Hermes' five, leaves other URLs alone, and gives v2's stages their pipelines", async () => {
    const payg = pd.seedPipeline({ name: 'PAYG' });
    const contacted = pd.seedStage({ name: 'Contacted', pipeline_id: payg.id, order_nr: 0 });
    const demo = pd.seedStage({ name: 'Demo booked', pipeline_id: payg.id, order_nr: 1 });
    for (const event_object of V2_OBJECTS) pd.seedWebhook({ subscription_url: CALLBACK, event_object, version: '1.0' });
    const zapier = pd.seedWebhook({ subscription_url: 'https://hooks.zapier.example/catch/1/', event_object: 'deal', version: '1.0' });
    // v2's rows: its stages never knew their pipeline.
    const manager = dataSource.manager;
    const hermesPayg = await manager.save(Pipeline, { pd_pipeline_id: payg.id, name: 'PAYG' });
    await manager.save(Stage, [
      { pd_stage_id: contacted.id, name: 'Contacted', pipeline_id: null },
      { pd_stage_id: demo.id, name: 'Demo booked', pipeline_id: null },
    ]);

    const { stdout } = await setup();

    for (const object of V2_OBJECTS) expect(stdout).toMatch(new RegExp(`Deleted the Pipedrive ${object} webhook \\d+ at ${CALLBACK}: webhooks v1.0`));
    const ours = pd.webhooks().filter((w) => w.subscription_url === CALLBACK);
    expect(ours.map((w) => w.event_object).sort()).toEqual(['deal', 'organization', 'person', 'pipeline', 'stage']);
    expect(ours.every((w) => w.version === '2.0' && w.event_action === '*' && w.http_auth_user === 'pipedrive' && w.http_auth_password === 'secret')).toBe(true);
    expect(pd.webhooks().find((w) => w.id === zapier.id)).toEqual(zapier);
    expect((await manager.find(Stage, { order: { name: 'ASC' } })).map((s) => [s.name, s.pipeline_id])).toEqual([
      ['Contacted', hermesPayg.id],
      ['Demo booked', hermesPayg.id],
    ]);

    const webhooksBefore = pd.webhooks();
    expect((await setup()).stdout.trim()).toBe('Setup done: nothing to change.');
    expect(pd.webhooks()).toEqual(webhooksBefore);
  });

  it('says what it kept, deleted and registered, for callers other than setup', async () => {
    const stale = pd.seedWebhook({ subscription_url: CALLBACK, event_object: 'deal', http_auth_user: 'pipedrive', http_auth_password: 'old-secret' });
    const kept = pd.seedWebhook({ subscription_url: CALLBACK, event_object: 'person', http_auth_user: 'pipedrive', http_auth_password: 'secret' });

    @Module({ imports: [ConfigModule.forRoot(loadConfig({ ...env, PD_BASE_URL: pd.url, DATABASE_URL: database.url, HERMES_ROLE: 'api' })), DatabaseModule, JobsModule, PipedriveWebhookModule] })
    class WebhooksModule {}
    const app = await NestFactory.createApplicationContext(WebhooksModule, { logger: false });
    try {
      const registry = app.get(PipedriveWebhooksService);
      const done = await registry.ensure();

      expect(done.kept.map((w) => w.id)).toEqual([kept.id]);
      expect(done.deleted).toEqual([{ webhook: expect.objectContaining({ id: stale.id }), reason: 'Basic auth other than PD_WEBHOOK_USER/PD_WEBHOOK_PASSWORD' }]);
      expect(done.registered.map((w) => w.event_object)).toEqual(['organization', 'deal', 'pipeline', 'stage']);
      expect(await registry.inspect()).toMatchObject({ remove: [], register: [] });
    } finally {
      await app.close();
    }
  });
});
