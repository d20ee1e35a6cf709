import { generateKeyPairSync } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Admin, CustomField, dataSourceOptions, Stage } from '@hermes/database';
import { CALENDAR_FREEBUSY_SCOPE, GoogleCalendarSimulator, GoogleSignInSimulator, PipedriveSimulator, TOKEN_PATH, Tc2Simulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/hermes-config';
import { DatabaseModule } from '../database/database.module';
import { JobsModule } from '../jobs/jobs.module';
import { SetupModule } from '../setup/setup.module';
import { SetupService } from '../setup/setup.service';
import { DoctorCheck } from './doctor-check';
import { DoctorModule } from './doctor.module';
import { DoctorService } from './doctor.service';

const SERVICE_ACCOUNT = 'hermes@hermes-doctor.iam.gserviceaccount.com';
const SAM = 'sam@tutorcruncher.example';
const HERMES_URL = 'https://hermes.example';
const CALLBACK = `${HERMES_URL}/pipedrive/callback/`;
const key = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** The doctor against a deployment of simulators: healthy first, then broken one way at a time. */
describe('DoctorService', () => {
  const tc2 = new Tc2Simulator({ apiKey: 'doctor-tc2-key' });
  const pd = new PipedriveSimulator({ apiToken: 'doctor-pd-token', rateLimitPer2s: 20 });
  const calendar = new GoogleCalendarSimulator({ publicKey: key.publicKey, clientEmail: SERVICE_ACCOUNT });
  const signIn = new GoogleSignInSimulator();
  let database: TestDatabase;
  let env: Record<string, string>;

  /** Runs `work` in Hermes' services configured with `env` and the overrides. */
  async function withHermes<T>(overrides: Record<string, string | undefined>, work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
    const settings = Object.fromEntries(Object.entries({ ...env, ...overrides }).filter(([, value]) => value !== undefined)) as Record<string, string>;
    @Module({ imports: [ConfigModule.forRoot(loadConfig(settings)), DatabaseModule, JobsModule, DoctorModule, SetupModule] })
    class DoctorTestModule {}
    const app = await NestFactory.createApplicationContext(DoctorTestModule, { logger: false });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  }

  const diagnose = (overrides: Record<string, string | undefined> = {}) => withHermes(overrides, (app) => app.get(DoctorService).run());
  const problems = (checks: DoctorCheck[]) => checks.filter((c) => !c.ok);
  const named = (checks: DoctorCheck[], name: string) => checks.filter((c) => c.name === name);
  let dataSource: DataSource;

  beforeAll(async () => {
    await Promise.all([tc2.start(), pd.start(), calendar.start(), signIn.start()]);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    env = {
      DATABASE_URL: database.url,
      HERMES_ROLE: 'api',
      HERMES_URL,
      SIGNING_KEY: 'doctor-test-signing-key',
      TC2_API_KEY: tc2.apiKey,
      TC2_BASE_URL: tc2.url,
      PD_API_KEY: pd.apiToken,
      PD_BASE_URL: pd.url,
      PD_WEBHOOK_USER: 'pipedrive',
      PD_WEBHOOK_PASSWORD: 'secret',
      PD_RATE_LIMIT_PER_2S: '20',
      G_CLIENT_EMAIL: SERVICE_ACCOUNT,
      G_PRIVATE_KEY: key.privateKey,
      G_CLIENT_ID: '1234567890',
      G_TOKEN_URI: `${calendar.url}/token`,
      GOOGLE_CALENDAR_API_URL: calendar.url,
      GOOGLE_OAUTH_CLIENT_ID: signIn.clientId,
      GOOGLE_OAUTH_CLIENT_SECRET: signIn.clientSecret,
      GOOGLE_OAUTH_TOKEN_URL: `${signIn.url}${TOKEN_PATH}`,
    };
    // A deployment that is ready: a client in TC2, Pipedrive set up by `hermes setup`, a sales person.
    tc2.seedClient();
    const payg = pd.seedPipeline({ name: 'PAYG' });
    pd.seedStage({ name: 'Contacted', pipeline_id: payg.id, order_nr: 0 });
    await withHermes({}, (app) => app.get(SetupService).run());
    await dataSource.manager.save(Admin, { username: SAM, is_sales_person: true });
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await Promise.all([tc2.stop(), pd.stop(), calendar.stop(), signIn.stop()]);
  });

  it('finds nothing wrong with a deployment that is ready, a line per check, and changes nothing', async () => {
    const before = pd.requests.length;
    const checks = await diagnose();

    expect(problems(checks)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual([
      'SIGNING_KEY',
      'HERMES_URL',
      'TC2',
      'Pipedrive',
      'Pipedrive rate limit',
      'Pipedrive daily budget',
      'Custom fields',
      'Pipedrive webhooks',
      'Stages',
      `Google Calendar of ${SAM}`,
      'Google sign-in',
    ]);
    expect(named(checks, 'TC2')[0].detail).toBe(`${tc2.url} accepts TC2_API_KEY (1 clients)`);
    expect(named(checks, 'Pipedrive rate limit')[0].detail).toBe("PD_RATE_LIMIT_PER_2S=20, within the plan's 20 per 2 seconds");
    expect(named(checks, 'Pipedrive webhooks')[0].detail).toBe(`organization, person, deal, pipeline, stage at ${CALLBACK}, with Basic auth`);
    expect(named(checks, `Google Calendar of ${SAM}`)[0].detail).toBe('a token with https://www.googleapis.com/auth/calendar, and free/busy answered');
    expect(pd.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('says when TC2 refuses the key, or none is set', async () => {
    const [wrong] = named(await diagnose({ TC2_API_KEY: 'not-the-key' }), 'TC2');
    expect(wrong).toMatchObject({ ok: false, detail: `${tc2.url} refuses TC2_API_KEY (401)`, fix: expect.stringContaining('private key') });
    expect(named(await diagnose({ TC2_API_KEY: undefined }), 'TC2')[0]).toMatchObject({ ok: false, detail: 'TC2_API_KEY is not set' });
  });

  it('says when Pipedrive refuses the token, and skips what needs it', async () => {
    const checks = await diagnose({ PD_API_KEY: 'not-the-token' });

    expect(problems(checks)).toEqual([expect.objectContaining({ name: 'Pipedrive', detail: `${pd.url} refuses PD_API_KEY (401)` })]);
    expect(checks.map((c) => c.name)).not.toContain('Custom fields');
    expect(checks.map((c) => c.name)).toContain('Stages');
    expect(named(await diagnose({ PD_API_KEY: undefined }), 'Pipedrive')[0]).toMatchObject({ ok: false, detail: 'PD_API_KEY not set' });
  });

  it("compares PD_RATE_LIMIT_PER_2S with the plan's burst limit, and reports the daily budget", async () => {
    const [tooFast] = named(await diagnose({ PD_RATE_LIMIT_PER_2S: '40' }), 'Pipedrive rate limit');
    expect(tooFast).toMatchObject({ ok: false, detail: expect.stringContaining('the plan allows 20 requests per 2 seconds'), fix: 'set PD_RATE_LIMIT_PER_2S to 20 or less (less if other integrations share the account)' });

    pd.setDailyBudget(0);
    try {
      const [spent] = named(await diagnose(), 'Pipedrive');
      expect(spent).toMatchObject({ ok: false, detail: "the account's daily API budget is spent (x-daily-requests-left: 0)" });
    } finally {
      pd.setDailyBudget(5000);
    }
    expect(named(await diagnose(), 'Pipedrive daily budget')[0]).toMatchObject({ ok: true, detail: expect.stringMatching(/^49\d\d requests left today$/) });
  });

  it('names each custom field whose key Pipedrive lacks or whose type refuses its values', async () => {
    const manager = dataSource.manager;
    const text = pd.seedField('organization', { name: 'Tutors', field_type: 'varchar' });
    const added = await manager.save(CustomField, [
      { name: 'Lead source', machine_name: 'lead_source', field_type: 'str', linked_object_type: 'Company', pd_field_id: 'abc0000000000000000000000000000000000000' },
      { name: 'Tutor count', machine_name: 'tutor_count', field_type: 'int', linked_object_type: 'Company', pd_field_id: text.field_code },
      { name: 'Not in Pipedrive', machine_name: 'local_only', field_type: 'str', linked_object_type: 'Deal', pd_field_id: null },
      { name: 'Is franchise', machine_name: 'is_franchise', field_type: 'bool', linked_object_type: 'Company', pd_field_id: text.field_code },
    ]);
    try {
      const fields = problems(await diagnose()).filter((c) => c.name.startsWith('Custom field'));

      expect(fields).toEqual([
        expect.objectContaining({ name: 'Custom field "Lead source"', detail: '(Company, lead_source): Pipedrive has no organization field with the key abc0000000000000000000000000000000000000' }),
        expect.objectContaining({
          name: 'Custom field "Tutor count"',
          detail: `(Company, tutor_count) is int, but Pipedrive's organization field "Tutors" is varchar: it refuses the values Hermes sends`,
          fix: expect.stringContaining('double or monetary'),
        }),
        expect.objectContaining({ name: 'Custom field "Is franchise"', fix: expect.stringContaining('Pipedrive has no field type for bool values') }),
      ]);
    } finally {
      await manager.delete(CustomField, added.map((f) => f.id));
    }
  });

  it("flags v2's unauthenticated webhooks, missing ones, and webhooks without PD_WEBHOOK_USER", async () => {
    const v2 = pd.seedWebhook({ subscription_url: CALLBACK, event_object: 'product', version: '1.0' });
    const [withV2] = named(await diagnose(), 'Pipedrive webhooks');
    expect(withV2).toMatchObject({ ok: false, detail: `at ${CALLBACK}: webhook ${v2.id} (product): webhooks v1.0 (Hermes reads webhooks v2)` });

    // Elsewhere, e.g. a Hermes on a new address: none of its webhooks exist yet.
    const [moved] = named(await diagnose({ HERMES_URL: 'https://hermes.tutorcruncher.example' }), 'Pipedrive webhooks');
    expect(moved).toMatchObject({ ok: false, detail: expect.stringContaining('none for organization, person, deal, pipeline, stage'), fix: expect.stringContaining('npm run hermes -- setup') });

    const [unset] = named(await diagnose({ PD_WEBHOOK_USER: undefined }), 'Pipedrive webhooks');
    expect(unset).toMatchObject({ ok: false, detail: 'PD_WEBHOOK_USER is not set: Hermes refuses every delivery' });
    await fetch(`${pd.url}/api/v1/webhooks/${v2.id}`, { method: 'DELETE', headers: { 'x-api-token': pd.apiToken } });
  });

  it('names the stages that have no pipeline', async () => {
    const manager = dataSource.manager;
    const orphan = await manager.save(Stage, { pd_stage_id: 4242, name: 'Old v2 stage', pipeline_id: null });
    try {
      const [stages] = named(await diagnose(), 'Stages');
      expect(stages).toMatchObject({ ok: false, detail: '1 without their pipeline: "Old v2 stage" (Pipedrive stage 4242)' });
    } finally {
      await manager.delete(Stage, orphan.id);
    }
  });

  it('checks each bookable admin\'s calendar with the scopes asked for, and says when delegation lacks them', async () => {
    const narrow = new GoogleCalendarSimulator({ publicKey: key.publicKey, clientEmail: SERVICE_ACCOUNT, grantedScopes: [CALENDAR_FREEBUSY_SCOPE] });
    await narrow.start();
    try {
      const [refused] = named(await diagnose({ G_TOKEN_URI: `${narrow.url}/token`, GOOGLE_CALENDAR_API_URL: narrow.url }), `Google Calendar of ${SAM}`);
      expect(refused).toMatchObject({ ok: false, detail: expect.stringContaining('unauthorized_client'), fix: expect.stringContaining('let client 1234567890 use https://www.googleapis.com/auth/calendar;') });
    } finally {
      await narrow.stop();
    }

    calendar.setCalendarError(SAM, 'notFound');
    const [notFound] = named(await diagnose(), `Google Calendar of ${SAM}`);
    expect(notFound).toMatchObject({ ok: false, detail: expect.stringContaining('free/busy failed') });
    calendar.reset();

    expect(named(await diagnose({ G_PRIVATE_KEY: undefined }), 'Google Calendar')[0]).toMatchObject({ ok: false, detail: expect.stringContaining('G_CLIENT_EMAIL and G_PRIVATE_KEY are not set') });
    const manager = dataSource.manager;
    await manager.update(Admin, { username: SAM }, { is_sales_person: false });
    try {
      expect(named(await diagnose(), 'Google Calendar')[0]).toMatchObject({ ok: false, detail: 'no admin is a sales or support person: the callbooker has nobody to book' });
    } finally {
      await manager.update(Admin, { username: SAM }, { is_sales_person: true });
    }
  });

  it('asks Google whether it knows the sign-in client, and that someone can sign in', async () => {
    const [wrong] = named(await diagnose({ GOOGLE_OAUTH_CLIENT_SECRET: 'not-the-secret' }), 'Google sign-in');
    expect(wrong).toMatchObject({ ok: false, detail: 'Google does not accept GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET (invalid_client: Unauthorized)' });
    expect(named(await diagnose({ GOOGLE_OAUTH_CLIENT_ID: undefined }), 'Google sign-in')[0]).toMatchObject({ ok: false, detail: expect.stringContaining('are not set') });

    const manager = dataSource.manager;
    const admins = await manager.find(Admin);
    await manager.delete(Admin, admins.map((a) => a.id));
    try {
      expect(named(await diagnose(), 'Google sign-in')[0]).toMatchObject({ ok: false, detail: 'Google knows the client, but there is no Admin to sign in' });
    } finally {
      await manager.save(Admin, admins);
    }
  });
});
