import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Admin, dataSourceOptions } from '@hermes/database';
import { GoogleCalendarSimulator, GoogleSignInSimulator, PipedriveSimulator, TOKEN_PATH, Tc2Simulator } from '@hermes/sandbox';
import { createTestDatabase, TestDatabase } from '@hermes/testing';
import { DataSource } from 'typeorm';

const ROOT = join(__dirname, '../../../..');
const SERVICE_ACCOUNT = 'hermes@hermes-doctor.iam.gserviceaccount.com';
const key = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** `npm run hermes -- doctor` as an operator runs it before the cutover: its lines and its exit status. */
describe('hermes doctor', () => {
  const tc2 = new Tc2Simulator({ apiKey: 'cli-doctor-tc2-key' });
  const pd = new PipedriveSimulator({ apiToken: 'cli-doctor-pd-token' });
  const calendar = new GoogleCalendarSimulator({ publicKey: key.publicKey, clientEmail: SERVICE_ACCOUNT });
  const signIn = new GoogleSignInSimulator();
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  const hermes = async (overrides: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'hermes', '--', ...args], { cwd: ROOT, env: { ...process.env, ...env, ...overrides } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  };

  beforeAll(async () => {
    await Promise.all([tc2.start(), pd.start(), calendar.start(), signIn.start()]);
    database = await createTestDatabase();
    env = {
      DATABASE_URL: database.url,
      HERMES_URL: 'https://hermes.example',
      SIGNING_KEY: 'cli-doctor-signing-key',
      TC2_API_KEY: tc2.apiKey,
      TC2_BASE_URL: tc2.url,
      PD_API_KEY: pd.apiToken,
      PD_BASE_URL: pd.url,
      PD_WEBHOOK_USER: 'pipedrive',
      PD_WEBHOOK_PASSWORD: 'secret',
      G_CLIENT_EMAIL: SERVICE_ACCOUNT,
      G_PRIVATE_KEY: key.privateKey,
      G_TOKEN_URI: `${calendar.url}/token`,
      GOOGLE_CALENDAR_API_URL: calendar.url,
      GOOGLE_OAUTH_CLIENT_ID: signIn.clientId,
      GOOGLE_OAUTH_CLIENT_SECRET: signIn.clientSecret,
      GOOGLE_OAUTH_TOKEN_URL: `${signIn.url}${TOKEN_PATH}`,
    };
    const dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.manager.save(Admin, { username: 'sam@tutorcruncher.example', is_sales_person: true });
    await dataSource.destroy();
  });

  afterAll(async () => {
    await database?.drop();
    await Promise.all([tc2.stop(), pd.stop(), calendar.stop(), signIn.stop()]);
  });

  it('prints a problem with its fix and exits 1; after setup, every line is ok and it exits 0', async () => {
    const before = await hermes({}, 'doctor');
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('PROBLEM  Pipedrive webhooks: at https://hermes.example/pipedrive/callback/: none for organization, person, deal, pipeline, stage. Fix: run `npm run hermes -- setup`');
    expect(before.stdout).toMatch(/^ok {7}TC2: .* accepts TC2_API_KEY \(0 clients\)$/m);
    expect(before.stdout.trim().split('\n').at(-1)).toBe('1 problem to fix.');

    expect((await hermes({}, 'setup')).code).toBe(0);
    const after = await hermes({}, 'doctor');
    expect(after).toMatchObject({ code: 0, stderr: '' });
    const lines = after.stdout.trim().split('\n');
    expect(lines.slice(0, -1).every((line) => line.startsWith('ok       '))).toBe(true);
    expect(lines.at(-1)).toBe('Everything checked is ready.');
  });

  it('reports settings Hermes refuses, and a database it cannot reach, as problems', async () => {
    const production = await hermes({ NODE_ENV: 'production', SIGNING_KEY: '' }, 'doctor');
    expect(production.code).toBe(1);
    expect(production.stdout).toContain('PROBLEM  Configuration: SIGNING_KEY is required when NODE_ENV=production. Fix: correct the setting (README: Configuration)');

    const unreachable = await hermes({ DATABASE_URL: 'postgres://postgres@127.0.0.1:9/hermes' }, 'doctor');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toMatch(/^PROBLEM {2}Database: cannot be reached .*Fix: check DATABASE_URL/m);
  });
});
