import 'reflect-metadata';
import { runMigrations } from '@hermes/database';
import { createApp } from './app.factory';
import { loadDotEnv } from './config/dotenv';
import { ConfigError, loadConfig } from './config/hermes-config';
import { localDatabase } from './database/local-database';

/**
 * `npm start`: the one command for a fresh machine. Uses DATABASE_URL or starts an embedded
 * Postgres, applies migrations, then serves the API (and the built admin SPA).
 */
async function main(): Promise<void> {
  loadDotEnv();
  const embedded = !loadConfig().databaseUrl;
  const database = await localDatabase(process.env.DATABASE_URL);
  const config = loadConfig({ ...process.env, DATABASE_URL: database.url });

  const applied = await runMigrations(database.url);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);

  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const base = `http://localhost:${config.port}`;
  console.log(
    [
      '',
      'Hermes is running.',
      `  API        ${base}  (health: ${base}/health)`,
      `  API docs   ${base}/docs`,
      `  Admin SPA  ${config.adminSpaUrl}`,
      `  Database   ${embedded ? 'embedded Postgres, data in .hermes/' : 'DATABASE_URL'}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
