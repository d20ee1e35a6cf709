import { ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TestDatabase } from '@hermes/testing';

const ROOT = join(__dirname, '../../..');
const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/**
 * The production build (`nx run api:build`, the admin SPA's build) laid out as the Docker image
 * has it: package.json, node_modules and dist/, no TypeScript sources. Its `npm run start:api`
 * migrates nothing, so the compiled migration:run goes first.
 */
describe('the compiled build', () => {
  let app: string;
  let database: TestDatabase;
  let server: ChildProcess | undefined;
  let url: string;
  let output = '';

  beforeAll(async () => {
    await run('npx', ['nx', 'run', 'api:build', '--skip-nx-cache'], { cwd: ROOT });
    app = mkdtempSync(join(tmpdir(), 'hermes-build-'));
    copyFileSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    cpSync(join(ROOT, 'dist/apps/api'), join(app, 'dist/apps/api'), { recursive: true });
    // The SPA built for this test alone: dist/apps/admin may be rebuilt by another test meanwhile.
    await run('npx', ['vite', 'build', '-c', 'apps/admin/vite.config.ts', '--logLevel', 'error', '--outDir', join(app, 'dist/apps/admin'), '--emptyOutDir'], { cwd: ROOT });
    database = await createTestDatabase({ empty: true });
  }, 180_000);

  afterAll(async () => {
    try {
      if (server) process.kill(-server.pid!, 'SIGKILL');
    } catch (error) {
      // ESRCH: the whole group has exited already.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    await database?.drop();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('is JavaScript for the API, the CLI, the libraries it uses and the migrations', () => {
    const files = filesUnder(join(app, 'dist/apps/api'));

    for (const entry of ['main', 'start', 'cli/main', 'database/migration-run', 'database/migration-generate']) {
      expect(files).toContain(`apps/api/src/${entry}.js`);
    }
    expect(files).toContain('libs/database/src/index.js');
    expect(files).toContain('libs/sandbox/src/index.js');
    expect(files.filter((f) => f.startsWith('migrations/') && f.endsWith('-baseline.js'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.ts') || f.includes('.spec.') || f.includes('__fixtures__'))).toEqual([]);
  });

  it('migrates with the compiled migration:run, its @hermes/* imports resolved', async () => {
    const { stdout } = await run(process.execPath, ['dist/apps/api/apps/api/src/database/migration-run.js'], {
      cwd: app,
      env: { ...process.env, DATABASE_URL: database.url },
    });

    expect(stdout).toMatch(/^Applied: Baseline\d+/);
  }, 60_000);

  it('serves /health, the docs and the built SPA from `npm run start:api`', async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn('npm', ['run', '--silent', 'start:api'], {
      cwd: app,
      detached: true,
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', HERMES_ROLE: 'api', LOG_LEVEL: 'warn' },
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    let health: Response | undefined;
    while (!health && Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`start:api exited with ${server.exitCode}:\n${output}`);
      health = await fetch(`${url}/health`).catch(() => undefined);
      if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(health?.status).toBe(200);
    expect(await health?.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    const spa = await fetch(`${url}/admin/`);
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<div id="root"></div>');
    expect(spa.headers.get('content-security-policy')).toContain("script-src 'self'");
  }, 90_000);

  it('runs the compiled CLI', async () => {
    const { stdout } = await run(process.execPath, ['dist/apps/api/apps/api/src/cli/main.js', '--help'], { cwd: app });

    expect(stdout).toContain('create-admin');
  });
});
