import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, launchBrowser, TestDatabase } from '@hermes/testing';

const ROOT = join(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The entry point behind `npm start`, against an empty database: it must migrate, then serve. */
describe('npm start entry point', () => {
  let database: TestDatabase;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    // What `npm start` does before starting the API: build the admin SPA it serves.
    execFileSync('npx', ['vite', 'build', '-c', 'apps/admin/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT });
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await database.drop();
  });

  let port: number;

  it('migrates an empty database, starts the API and prints where to find it', async () => {
    port = await freePort();
    server = spawn('node', ['-r', '@swc-node/register', 'apps/api/src/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), LOG_LEVEL: 'warn' },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Hermes is running.')) resolve();
      });
      server!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server!.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });

    expect(output).toMatch(/Applied migrations: Baseline\d+/);
    expect(output).toContain(`API docs   http://localhost:${port}/docs`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('serves the admin SPA, which shows the Hermes name', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/admin/`);
      await page.getByText("TutorCruncher's sales integration").waitFor();
      expect(await page.title()).toBe('Hermes');
    } finally {
      await browser.close();
    }
  });
});
