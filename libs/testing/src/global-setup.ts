import { resolve } from 'node:path';
// Relative, not `@hermes/database`: Jest's module mapper does not apply to global setup.
import { startEmbeddedPostgres } from '../../database/src/embedded-postgres';
import { runMigrations } from '../../database/src/migrate';
import { SERVER_URL_VAR, TEMPLATE_VAR, databaseUrl, withServer } from './test-database-server';

declare global {
  // The embedded server started for this run, stopped by global teardown.
  var __HERMES_TEST_PG__: { stop(): Promise<void> } | undefined;
}

/** Runs once per `jest` invocation (each project names it; only the first does the work). */
export default async function globalSetup(): Promise<void> {
  if (process.env[SERVER_URL_VAR]) return;

  let serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres(resolve(__dirname, '../../../.hermes/test'));
    globalThis.__HERMES_TEST_PG__ = embedded;
    serverUrl = embedded.url;
  }

  // One template per run, so simultaneous runs against one server never drop each other's.
  const template = `hermes_test_template_${process.pid}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${template}`));
  await runMigrations(databaseUrl(serverUrl, template));

  process.env[SERVER_URL_VAR] = serverUrl;
  process.env[TEMPLATE_VAR] = template;
}
