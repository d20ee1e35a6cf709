import { Client } from 'pg';
import { createTestDatabase } from '@hermes/testing';
import { DatabaseChecks } from './database.checks';

describe('DatabaseChecks', () => {
  it('passes a migrated database', async () => {
    const database = await createTestDatabase();
    try {
      const { reachable, checks } = await new DatabaseChecks(database.url).run();
      expect(reachable).toBe(true);
      expect(checks.map((c) => [c.name, c.ok])).toEqual([['Database', true], ['Migrations', true]]);
    } finally {
      await database.drop();
    }
  });

  it('names the migrations not applied, without applying or recording anything', async () => {
    const database = await createTestDatabase({ empty: true });
    try {
      const { reachable, checks } = await new DatabaseChecks(database.url).run();
      expect(reachable).toBe(true);
      expect(checks[1]).toMatchObject({ name: 'Migrations', ok: false, detail: expect.stringMatching(/^\d+ not applied: Baseline\d+, /), fix: expect.stringContaining('npm run migration:run') });
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'`);
      await client.end();
      expect(rows).toEqual([{ tables: 0 }]);
    } finally {
      await database.drop();
    }
  });

  it('says when the database cannot be reached, without the password', async () => {
    const { reachable, checks } = await new DatabaseChecks('postgres://hermes:sup3rsecret@127.0.0.1:9/hermes').run();
    expect(reachable).toBe(false);
    expect(checks).toEqual([expect.objectContaining({ name: 'Database', ok: false, fix: expect.stringContaining('DATABASE_URL') })]);
    expect(JSON.stringify(checks)).not.toContain('sup3rsecret');
  });
});
