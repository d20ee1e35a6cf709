import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../apps/api/src/config/hermes-config';
import { localDatabase } from '../../apps/api/src/database/local-database';

/** A database of this run's own on the configured server (DATABASE_URL, else the embedded one). */
export async function benchDatabase(): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  const server = await localDatabase(loadConfig());
  const name = `hermes_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: process.env.DATABASE_URL ? 'DATABASE_URL server, fresh database' : 'embedded (.hermes/), fresh database',
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.stop();
    },
  };
}
