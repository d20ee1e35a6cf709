import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/hermes-config';

/**
 * `npm run start:api`: the production entry. Everything comes from the environment; no embedded
 * database, no sandbox, no automatic migrations (run `npm run migration:run` first).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required for start:api (npm start uses an embedded database)');
  const app = await createApp(config);
  await app.listen(config.port, config.host);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
