import 'reflect-metadata';
import { runMigrations } from '@hermes/database';
import { loadDotEnv } from '../config/dotenv';
import { loadConfig } from '../config/hermes-config';
import { localDatabase } from './local-database';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (else the embedded database). */
async function main(): Promise<void> {
  loadDotEnv();
  const database = await localDatabase(loadConfig());
  try {
    const applied = await runMigrations(database.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the database is up to date.');
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
