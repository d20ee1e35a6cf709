import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, Page } from 'playwright-core';
import { createTestDatabase, launchBrowser, TestDatabase } from '@hermes/testing';
import { readSandboxEnv } from './sandbox-mode/sandbox-env.util';

const ROOT = join(__dirname, '../../..');
// Whatever the machine's environment holds, `npm start` must find no credentials here.
const CREDENTIALS = ['TC2_API_KEY', 'PD_API_KEY', 'PD_BASE_URL', 'G_PRIVATE_KEY', 'G_CLIENT_EMAIL', 'GOOGLE_OAUTH_CLIENT_ID', 'GOOGLE_OAUTH_CLIENT_SECRET'];

interface PipedriveState {
  webhooks: { event_object: string; subscription_url: string }[];
  organizations: { id: number; name: string }[];
  deals: { org_id: number }[];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The one-command demo: `npm start` on an empty database without credentials runs the sandbox.
 * What a newcomer would do with it, in order: read the printed tour, sign in to the SPA as a demo
 * admin, send a TC2 webhook and book a call with the CLI, and find the results in the SPA and in
 * the simulated Pipedrive and Google Calendar.
 */
describe('npm start in sandbox mode', () => {
  let database: TestDatabase;
  let home: string;
  let server: ChildProcess | undefined;
  let browser: Browser;
  let page: Page;
  let url: string;
  let env: NodeJS.ProcessEnv;
  let output = '';

  /** `npm run hermes -- sandbox <args>` in its own process, as the printed tour says. */
  const sandboxCommand = async (...args: string[]) =>
    (await promisify(execFile)('npm', ['run', '--silent', 'hermes', '--', 'sandbox', ...args], { cwd: ROOT, env })).stdout;
  const simulatorState = async <T>(setting: 'PD_BASE_URL' | 'GOOGLE_CALENDAR_API_URL'): Promise<T> =>
    (await fetch(`${readSandboxEnv(home)[setting]}/__sandbox/state`)).json() as Promise<T>;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    home = mkdtempSync(join(tmpdir(), 'hermes-home-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { ...process.env, DATABASE_URL: database.url, PORT: String(port), HERMES_URL: url, HERMES_HOME: home };
    for (const name of [...CREDENTIALS, 'LOG_LEVEL']) delete env[name];
    // What `npm start` does before starting the API: build the admin SPA it serves.
    execFileSync('npx', ['vite', 'build', '-c', 'apps/admin/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT });

    server = spawn('node', ['-r', '@swc-node/register', 'apps/api/src/start.ts'], { cwd: ROOT, env });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/\nLogs: .*\n/.test(output)) resolve();
      });
      server!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server!.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it('migrates the empty database, sets the sandbox up and prints the tour', async () => {
    expect(output).toMatch(/Applied migrations: Baseline\d+/);
    expect(output).toContain('6 demo admins created; setup against the simulated Pipedrive made');
    expect(output).toContain(`API docs   http://localhost:${new URL(url).port}/docs`);
    expect(output).toContain(`Sign in to the admin SPA at ${url}/admin/`);
    // The admin ids the website's booking pages name: sales 1, 2 and 9, support 3 and 4.
    expect(output).toContain('sam.seller@hermes.example (sales, admin 1)');
    expect(output).toContain('tia.dealer@hermes.example (sales, admin 9)');
    expect(output).toContain('raj.helper@hermes.example (support, admin 4)');
    expect(output).toContain('npm run hermes -- sandbox send-tc2-client');
    expect(output).toContain('npm run hermes -- sandbox book-call');
    // Only warnings and errors are logged in the sandbox, and there are none: nothing buries the tour.
    expect(output).toContain('Logs: warnings and errors only; LOG_LEVEL=info npm start shows every request and sync.');
    expect(output).not.toContain('"level"');

    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    // `setup` ran against the simulated Pipedrive: its webhooks point back at this Hermes.
    const pipedrive = await simulatorState<PipedriveState>('PD_BASE_URL');
    expect(pipedrive.webhooks.map((w) => w.event_object).sort()).toEqual(['deal', 'organization', 'person', 'pipeline', 'stage']);
    expect(pipedrive.webhooks[0].subscription_url).toBe(`${url}/pipedrive/callback/`);
  });

  it('signs a demo admin in through the simulated Google and serves the SPA', async () => {
    await page.goto(`${url}/admin/#/login`);
    await page.getByRole('link', { name: 'Sign in with Google' }).click();
    await page.locator('a[data-email="sam.seller@hermes.example"]').click();
    await page.waitForURL(`${url}/admin/`);

    await page.getByText("TutorCruncher's sales integration").waitFor();
    await page.getByText('Sam Seller').waitFor();
    expect(await page.title()).toBe('Hermes');
  });

  it('sends a TC2 webhook: the company shows in the SPA, the organization and deal in Pipedrive', async () => {
    const printed = await sandboxCommand('send-tc2-client', '--name', 'Smoke Test Tutors');

    expect(printed).toMatch(/TC2 sent a webhook about its new client \d+, "Smoke Test Tutors"/);
    expect(printed).toMatch(/organization \d+ "Smoke Test Tutors"/);
    expect(printed).toMatch(/deal \d+ "Smoke Test Tutors" in stage "New lead"/);
    const pipedrive = await simulatorState<PipedriveState>('PD_BASE_URL');
    const org = pipedrive.organizations.find((o) => o.name === 'Smoke Test Tutors');
    expect(pipedrive.deals.filter((d) => d.org_id === org?.id)).toHaveLength(1);

    await page.goto(`${url}/admin/#/companies`);
    await page.getByRole('cell', { name: 'Smoke Test Tutors' }).waitFor();
  });

  it('books a sales call as the website does: a meeting in Google Calendar and a deal in Pipedrive', async () => {
    const printed = await sandboxCommand('book-call', '--company', 'Booked Tutors', '--name', 'ada lovelace');

    expect(printed).toMatch(/booked a sales call for ada lovelace \(ada\.lovelace@bookedtutors\.example\) of "Booked Tutors" with Sam Seller/);
    expect(printed).toMatch(/deal \d+ "Booked Tutors"/);
    const calendar = await simulatorState<{ events: { calendarId: string }[] }>('GOOGLE_CALENDAR_API_URL');
    expect(calendar.events).toEqual([expect.objectContaining({ calendarId: 'sam.seller@hermes.example' })]);

    await page.goto(`${url}/admin/#/meetings`);
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
  });

  it("serves the website's booking pages as they call it: their admin ids' slots, and a booking with one", async () => {
    const from = new Date(Date.now() + 2 * 60 * 60 * 1000);
    const to = new Date(from.getTime() + 28 * 24 * 60 * 60 * 1000);
    const slotsOf = async (adminId: number) => {
      const query = new URLSearchParams({ admin_id: String(adminId), start_dt: from.toISOString(), end_dt: to.toISOString() });
      return ((await (await fetch(`${url}/callbooker/availability/?${query}`)).json()) as { slots: [string, string][] }).slots;
    };
    for (const adminId of [1, 2, 9, 3, 4]) expect((await slotsOf(adminId)).length).toBeGreaterThan(10);

    const [[meetingDt]] = await slotsOf(9);
    const booking = await fetch(`${url}/callbooker/sales/book/`, {
      method: 'POST',
      // From the website's development server.
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({
        admin_id: 9, name: 'Grace Hopper', email: 'grace@cobol.example', company_name: 'Cobol Tutors', country: 'US', phone: '+1 312 555 0100',
        estimated_income: '$50,000 - $150,000', currency: 'USD', price_plan: 'payg', meeting_dt: meetingDt, website: '', call_type: 'sales',
      }),
    });
    expect(booking.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(await booking.json()).toEqual({ status: 'ok' });
    const calendar = await simulatorState<{ events: { calendarId: string; event: { start: { timeZone: string } } }[] }>('GOOGLE_CALENDAR_API_URL');
    expect(calendar.events).toContainEqual(expect.objectContaining({ calendarId: 'tia.dealer@hermes.example', event: expect.objectContaining({ start: expect.objectContaining({ timeZone: 'America/Chicago' }) }) }));
  });

  it('tells the operator when no sandbox is running', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'hermes-home-'));
    try {
      await expect(
        promisify(execFile)('npm', ['run', '--silent', 'hermes', '--', 'sandbox', 'book-call'], { cwd: ROOT, env: { ...env, HERMES_HOME: elsewhere } }),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('No sandbox is running') });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
