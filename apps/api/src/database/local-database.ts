import { resolve } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '@hermes/database';

export interface LocalDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * The database for commands run on a developer's machine: DATABASE_URL when set, else the
 * embedded Postgres under `.hermes/` with a `hermes` database in it.
 */
export async function localDatabase(databaseUrl: string | undefined): Promise<LocalDatabase> {
  if (databaseUrl) return { url: databaseUrl, stop: async () => undefined };
  const server = await startEmbeddedPostgres(resolve(process.cwd(), '.hermes'));
  return { url: await ensureDatabase(server.url, 'hermes'), stop: () => server.stop() };
}
