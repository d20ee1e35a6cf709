import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, Page } from 'playwright-core';
import { Admin, Company, Config, CustomField, Pipeline, Stage } from '@hermes/database';
import { GoogleSignInSimulator, PipedriveSimulator } from '@hermes/sandbox';
import { createCompany, createTestDatabase, launchBrowser, PD_TOKEN, recordCspViolations, Seed, seedBoth, TestDatabase, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { googleAccount, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';
import { JobQueueService } from '../jobs/job-queue.service';
import { PIPEDRIVE_COMPANY_SYNC_JOB } from '../core/sync/outbound-sync.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { OutboundSyncService } from '../core/sync/outbound-sync.service';
import { JobRecordsService } from '../jobs/job-records.service';
import { SyncOutcomesService } from '../core/sync/sync-outcomes.service';
import { PipedriveWebhookService } from '../pipedrive-webhook/pipedrive-webhook.service';
import { CompanySyncViewService } from '../self-healing/company-sync-view.service';

const ROOT = join(__dirname, '../../../..');
const ADA = 'ada.lovelace@tutorcruncher.com';
const MALLORY = 'mallory.x@tutorcruncher.com';
const SECURITY_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy'];

/** The admin SPA in Chromium, against Hermes with the sandbox's Google sign-in and Pipedrive. */
describe('admin SPA', () => {
  const google = new GoogleSignInSimulator({ accounts: [googleAccount(ADA, { name: 'Ada Lovelace' }), googleAccount(MALLORY)] });
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let dataSource: DataSource;
  let seed: Seed;
  let browser: Browser;
  let page: Page;
  let spaDir: string;
  let cspViolations: string[];
  const spaPolicies: (string | undefined)[] = [];

  const db = () => dataSource.manager;
  const open = (hash: string) => page.goto(`${url}/admin/#${hash}`);

  /** Through the sign-in page and the simulator's account chooser, as a person would. */
  async function signInAs(email: string): Promise<void> {
    await open('/login');
    await page.getByRole('link', { name: 'Sign in with Google' }).click();
    await page.locator(`a[data-email="${email}"]`).click();
  }

  /**
   * Signed in, Hermes sends the browser to the SPA. Playwright does not route the target of a
   * redirect, so the page is then loaded again, from this test's build.
   */
  async function signInAndOpenSpa(email: string): Promise<void> {
    await signInAs(email);
    await page.waitForURL(`${url}/admin/`);
    await page.reload();
  }

  beforeAll(async () => {
    // A build of its own: dist/apps/admin may be rebuilt by another test file running at the same time.
    spaDir = mkdtempSync(join(tmpdir(), 'hermes-admin-spa-'));
    execFileSync('npx', ['vite', 'build', '-c', 'apps/admin/vite.config.ts', '--logLevel', 'error', '--outDir', spaDir, '--emptyOutDir'], { cwd: ROOT });
    await Promise.all([google.start(), pd.start()]);
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google, { HERMES_ROLE: 'all', PD_API_KEY: PD_TOKEN, PD_BASE_URL: pd.url }));
    app.get(JobQueueService).configure({ pollingIntervalSeconds: 0.5 });
    await app.listen(new URL(url).port, '127.0.0.1');
    dataSource = app.get(DataSource);
    seed = await seedBoth(dataSource, pd);
    await db().save(Admin, { username: ADA, first_name: 'Ada', last_name: 'Lovelace' });
    browser = await launchBrowser();
    page = await browser.newPage();
    cspViolations = await recordCspViolations(page);
    // The SPA's files come from that build, under the security headers the API gives its answer at
    // the same path (the policy the browser then enforces); all else goes to the API.
    await page.route(
      (address) => address.origin === url && address.pathname.startsWith('/admin/'),
      async (route) => {
        const headers = (await route.fetch()).headers();
        spaPolicies.push(headers['content-security-policy']);
        const file = join(spaDir, new URL(route.request().url()).pathname.slice('/admin/'.length) || 'index.html');
        const security = Object.fromEntries(Object.entries(headers).filter(([name]) => SECURITY_HEADERS.includes(name)));
        return existsSync(file) ? route.fulfill({ path: file, headers: security }) : route.fulfill({ status: 404, headers: security });
      },
    );
  }, 120_000);

  // Every step below also proves the SPA and the sign-in pages work under the API's policy.
  afterEach(() => {
    expect(cspViolations).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
    await Promise.all([google.stop(), pd.stop()]);
    if (spaDir) rmSync(spaDir, { recursive: true, force: true });
  });

  it('refuses an email that is not an Admin', async () => {
    await signInAs(MALLORY);

    await page.getByText('Sign-in refused').waitFor();
    expect(await page.locator('#reason').textContent()).toContain(`${MALLORY} is not an admin of Hermes`);
    expect((await page.context().cookies()).filter((c) => c.name.startsWith('hermes_session'))).toEqual([]);
  });

  it('signs an Admin in with Google and shows the dashboard', async () => {
    await signInAndOpenSpa(ADA);

    await page.getByText("TutorCruncher's sales integration").waitFor();
    await page.getByText('Recent failures').waitFor();
    await page.getByText('Ada Lovelace').waitFor();
    expect(await page.getByTestId('count-Companies').textContent()).toBe('0');
    // The API gave every file of the SPA its policy: scripts only its own, no framing.
    expect(spaPolicies.length).toBeGreaterThan(1);
    for (const policy of spaPolicies) {
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain("frame-ancestors 'none'");
    }
  });

  it('creates an admin, and shows the API’s validation errors in the form', async () => {
    await open('/admins/create');
    await page.getByLabel('Email (their Google account)').fill('grace.hopper@tutorcruncher.com');
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Sales repr').check();
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByRole('cell', { name: 'grace.hopper@tutorcruncher.com' }).waitFor();
    expect(await db().findOneBy(Admin, { username: 'grace.hopper@tutorcruncher.com' })).toMatchObject({
      first_name: 'Grace',
      is_sales_person: true,
      timezone: 'Europe/London',
    });

    // The same email again: only the API knows it is taken, and the form shows what it said.
    await open('/admins/create');
    await page.getByLabel('Email (their Google account)').fill('Grace.Hopper@tutorcruncher.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/is already the email of admin \d+/).waitFor();
    expect(await db().countBy(Admin, { username: 'grace.hopper@tutorcruncher.com' })).toBe(1);
  });

  it("sets a pipeline's default entry stage, offering only that pipeline's stages", async () => {
    const other = await db().save(Pipeline, { pd_pipeline_id: 999, name: 'Enterprise' });
    await db().save(Stage, { pd_stage_id: 9991, name: 'Enterprise intro', pipeline_id: other.id });
    await db().update(Stage, [seed.entryStage.id, seed.laterStage.id], { pipeline_id: seed.pipeline.id });

    await open(`/pipelines/${seed.pipeline.id}`);
    await page.getByRole('combobox', { name: 'Default entry stage' }).click();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Demo booked', 'Demo done']));
    expect(options).not.toContain('Enterprise intro');
    await page.getByRole('option', { name: 'Demo done' }).click();
    await page.getByRole('button', { name: 'Save' }).click();

    await until(async () => (await db().findOneByOrFail(Pipeline, { id: seed.pipeline.id })).dft_entry_stage_id === seed.laterStage.id);
  });

  it('adds a custom field that the next sync uses, without a restart', async () => {
    pd.seedField('organization', { name: 'Lead country', field_type: 'varchar', key: 'company_lead_country' });
    const { company } = await createCompany(dataSource, seed, 'Rowan Tutors', 'jo@rowan.example');
    await db().update(Company, company.id, { country: 'GB' });

    await open('/custom-fields/create');
    await page.getByLabel('Name').first().fill('Lead country');
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Text' }).click();
    await page.getByRole('combobox', { name: 'Object' }).click();
    await page.getByRole('option', { name: 'Company' }).click();
    await page.getByLabel('Hermes field').fill('country');
    await page.getByLabel('Pipedrive field key').fill('company_lead_country');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'lead_country', exact: true }).waitFor();

    await app.get(PipedriveSyncService).syncCompany(company.id);

    const org = pd.objects('organization').find((o) => o.name === 'Rowan Tutors')!;
    expect((org.custom_fields as Record<string, unknown>).company_lead_country).toBe('GB');
    expect(await db().findOneBy(CustomField, { machine_name: 'lead_country', linked_object_type: 'Company' })).toMatchObject({ hermes_field_name: 'country' });
  });

  it('edits Config, refusing a day that ends before it starts', async () => {
    await open('/config');
    const length = page.getByLabel('Meeting length (minutes)');
    await length.waitFor();
    await length.fill('45');
    await page.getByLabel("Earliest meeting start (HH:MM, admin's time)").fill('09:00');
    await page.getByLabel("Latest meeting end (HH:MM, admin's time)").fill('08:30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText("must be after the day's start (09:00)").waitFor();

    await page.getByLabel("Latest meeting end (HH:MM, admin's time)").fill('18:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await until(async () => (await db().findOneByOrFail(Config, { id: (await db().find(Config))[0].id })).meeting_dur_mins === 45);
    expect((await db().find(Config))[0]).toMatchObject({ meeting_dur_mins: 45, meeting_min_start: '09:00', meeting_max_end: '18:00' });
  });

  it('shows a failed sync job with its error, and retries it', async () => {
    const { company } = await createCompany(dataSource, seed, 'Failing Tutors', 'sam@failing.example');
    // Pipedrive refuses the sync's first request; one attempt only, so the job fails at once.
    pd.failNext(1, { kind: 'status', status: 400, error: 'Sandbox says no' });
    await dataSource.transaction(async (manager) => {
      await app.get(OutboundSyncService).pipedrive(company.id, manager);
      await manager.query(`UPDATE pgboss.job SET retry_limit = 0 WHERE name = $1 AND data->>'companyId' = $2`, [PIPEDRIVE_COMPANY_SYNC_JOB, String(company.id)]);
    });
    const queue = app.get(JobRecordsService);
    await until(async () => (await queue.failed()).length === 1, 15_000);
    const [failed] = await queue.failed();

    await open('/sync-jobs');
    const row = page.getByRole('row').filter({ hasText: `"companyId":${company.id}` });
    await row.getByText('Sandbox says no').waitFor();
    await row.getByRole('button', { name: 'Retry' }).click();

    await until(async () => (await queue.get(failed.id))?.state === 'completed', 15_000);
    expect(pd.objects('organization').map((o) => o.name)).toContain('Failing Tutors');
    await open('/');
    await page.getByText('No failed sync jobs.').waitFor();
  });

  it('shows a company deleted in Pipedrive as such, and restores it', async () => {
    const { company } = await createCompany(dataSource, seed, 'Vanished Tutors', 'vi@vanished.example');
    await db().update(Company, company.id, { pd_removed: 'deleted', pd_removed_at: new Date('2026-11-30T09:00:00Z') });

    await open('/companies');
    await page.getByRole('row').filter({ hasText: 'Vanished Tutors' }).getByText('Deleted in Pipedrive').waitFor();
    await open(`/companies/${company.id}/show`);
    await page.getByText(/Deleted in Pipedrive on .*: Hermes keeps the company/).waitFor();
    await page.getByRole('button', { name: 'Restore to Pipedrive' }).click();

    await page.getByText('Restored: the company will be synced to Pipedrive again').waitFor();
    await until(async () => (await db().findOneByOrFail(Company, { id: company.id })).pd_removed === null);
    await until(async () => pd.objects('organization').some((o) => o.name === 'Vanished Tutors'), 15_000);
    // The page refetches the company after the restore; on a busy machine that can land after the sync.
    await page.getByRole('button', { name: 'Restore to Pipedrive' }).waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByText(/Deleted in Pipedrive on/).waitFor({ state: 'detached' });
  });

  it("shows each company's sync status and timeline, and the dashboard the drift healed", async () => {
    const { company } = await createCompany(dataSource, seed, 'Timeline Tutors', 'tim@timeline.example');
    await dataSource.transaction((manager) => app.get(OutboundSyncService).pipedrive(company.id, manager));
    await until(async () => (await db().findOneByOrFail(Company, { id: company.id })).pd_org_id !== null, 15_000);
    await until(async () => (await app.get(CompanySyncViewService).statuses([await db().findOneByOrFail(Company, { id: company.id })])).get(company.id)?.state === 'in-step', 15_000);
    const { pd_org_id: orgId } = await db().findOneByOrFail(Company, { id: company.id });

    // A rename in Pipedrive whose webhook was lost, found by the catch-up.
    pd.editInApp('organization', orgId!, { name: 'Timeline Tutors Ltd' });
    await app.get(PipedriveWebhookService).applyCaughtUp('organization', pd.object('organization', orgId!)! as { id: number });

    await open(`/companies/${company.id}/show`);
    await page.getByTestId('sync-status-panel').getByText(/^In step\. Last synced /).waitFor();
    const timeline = page.getByRole('table', { name: 'Timeline' });
    await timeline.getByRole('row').filter({ hasText: 'Pipedrive → Hermes (Catch-up)' }).filter({ hasText: `organization change #${orgId}` }).getByText('name').waitFor();
    await timeline.getByRole('row').filter({ hasText: 'Hermes → Pipedrive' }).filter({ hasText: `organization create #${orgId}` }).waitFor();
    expect(await page.getByRole('link', { name: 'Open in Pipedrive' }).getAttribute('href')).toContain(`/organization/${orgId}`);

    await app.get(SyncOutcomesService).failedForGood(company.id, 'Pipedrive POST /api/v2/persons → 400: Validation failed');
    await open('/companies');
    await page.getByRole('row').filter({ hasText: 'Timeline Tutors Ltd' }).getByTestId('sync-status').getByText('Sync failed').waitFor();
    await open(`/companies/${company.id}/show`);
    await page.getByTestId('sync-status-panel').getByText(/Sync failed on .*: Pipedrive POST \/api\/v2\/persons → 400: Validation failed/).waitFor();

    await open('/');
    await page.getByTestId('health-Drift in the last 24 hours').getByText('1 healed of 1 found').waitFor();
    await page.getByTestId('health-Pipedrive requests left today').waitFor();
  });

  it('signs out', async () => {
    await open('/');
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();

    await page.getByRole('link', { name: 'Sign in with Google' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/auth/me')).status);
    expect(me).toBe(401);
  });
});
