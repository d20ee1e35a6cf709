import { ensureDatabase, startEmbeddedPostgres } from '@hermes/database';
import { HermesConfig } from '../config/hermes-config';

export interface LocalDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * The database for commands run on a developer's machine: DATABASE_URL when set, else a database
 * (`hermes` unless named) on the embedded Postgres under HERMES_HOME; `fresh` empties that one.
 */
export async function localDatabase(
  config: Pick<HermesConfig, 'databaseUrl' | 'home'>,
  { name = 'hermes', fresh = false } = {},
): Promise<LocalDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const server = await startEmbeddedPostgres(config.home);
  return { url: await ensureDatabase(server.url, name, { fresh }), stop: () => server.stop() };
}
