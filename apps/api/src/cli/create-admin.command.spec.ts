import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@hermes/testing';

const ROOT = join(__dirname, '../../../..');

/** Runs the CLI as an operator does: `npm run hermes -- <args>`. */
function hermes(databaseUrl: string, ...args: string[]) {
  return promisify(execFile)('npm', ['run', '--silent', 'hermes', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

describe('npm run hermes -- create-admin', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  async function admins() {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query('SELECT * FROM admin ORDER BY id')).rows;
    } finally {
      await client.end();
    }
  }

  it('creates an admin who can then sign in with their Google email', async () => {
    const { stdout } = await hermes(
      database.url,
      'create-admin',
      '--email', 'Sam.Sales@TutorCruncher.com',
      '--first-name', 'Sam',
      '--last-name', 'Sales',
      '--tc2-admin-id', '101',
      '--pd-owner-id', '9001',
      '--sales',
      '--bdr',
    );
    expect(stdout).toMatch(/Created admin \d+: sam\.sales@tutorcruncher\.com/);
    expect(await admins()).toEqual([
      expect.objectContaining({
        username: 'sam.sales@tutorcruncher.com',
        first_name: 'Sam',
        last_name: 'Sales',
        tc2_admin_id: 101,
        pd_owner_id: 9001,
        timezone: 'Europe/London',
        is_sales_person: true,
        is_support_person: false,
        is_bdr_person: true,
      }),
    ]);
  });

  it('refuses a second admin with the same email, whatever its case', async () => {
    await expect(hermes(database.url, 'create-admin', '--email', 'SAM.SALES@tutorcruncher.com')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('An admin with the email sam.sales@tutorcruncher.com already exists'),
    });
    expect(await admins()).toHaveLength(1);
  });

  it('refuses a TC2 admin id another admin has, as the admin SPA does', async () => {
    await expect(hermes(database.url, 'create-admin', '--email', 'sue@tutorcruncher.com', '--tc2-admin-id', '101')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("The TC2 admin id 101 is already sam.sales@tutorcruncher.com's"),
    });
    expect(await admins()).toHaveLength(1);
  });

  it('explains bad options instead of writing anything', async () => {
    await expect(hermes(database.url, 'create-admin', '--email', 'not-an-email')).rejects.toMatchObject({
      stderr: expect.stringContaining('--email: "not-an-email" is not an email address'),
    });
    await expect(hermes(database.url, 'create-admin', '--email', 'a@b.co', '--tc2-admin-id', 'abc')).rejects.toMatchObject({
      stderr: expect.stringContaining('"abc" is not a whole number'),
    });
    await expect(hermes(database.url, 'create-admin')).rejects.toMatchObject({
      stderr: expect.stringContaining("required option '--email <email>' not specified"),
    });
    expect(await admins()).toHaveLength(1);
  });
});
