import { SERVER_URL_VAR, TEMPLATE_VAR, withServer } from './test-database-server';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env[SERVER_URL_VAR];
  const template = process.env[TEMPLATE_VAR];
  if (serverUrl && template) {
    // Each project names this teardown; only the first finds the variables still set.
    delete process.env[SERVER_URL_VAR];
    delete process.env[TEMPLATE_VAR];
    await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
  const embedded = globalThis.__HERMES_TEST_PG__;
  globalThis.__HERMES_TEST_PG__ = undefined;
  await embedded?.stop();
}
