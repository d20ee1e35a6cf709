import { Client } from 'pg';

/**
 * How the test run reaches Postgres. Global setup picks the server (TEST_DATABASE_URL, else
 * DATABASE_URL, else an embedded one), builds a migrated template database there, and passes
 * both to the test workers through these environment variables.
 */
export const SERVER_URL_VAR = 'TEST_PG_SERVER_URL';
export const TEMPLATE_VAR = 'TEST_PG_TEMPLATE';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
