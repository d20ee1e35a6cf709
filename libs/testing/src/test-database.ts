import { randomBytes } from 'node:crypto';
import { SERVER_URL_VAR, TEMPLATE_VAR, databaseUrl, withServer } from './test-database-server';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of this test file's own, copied from the run's template, so test
 * files never see each other's rows. `empty: true` gives a database with no tables at all.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env[SERVER_URL_VAR];
  const template = process.env[TEMPLATE_VAR];
  if (!serverUrl || !template) throw new Error('The test database server is not set up: run tests through jest (npm test)');

  const name = `hermes_test_${randomBytes(6).toString('hex')}`;
  await withServer(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : template}`),
  );
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
