import { rmSync } from 'node:fs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, Page } from 'playwright-core';
import { Admin, Company } from '@hermes/database';
import { GoogleSignInSimulator, PipedriveSimulator } from '@hermes/sandbox';
import { createCompany, createTestDatabase, fieldKey, launchBrowser, PD_TOKEN, recordCspViolations, seedBoth, TestDatabase, until } from '@hermes/testing';
import { DataSource } from 'typeorm';
import { googleAccount, startAdminApp } from '../auth/__fixtures__/admin-app.fixture';
import { JobQueueService } from '../jobs/job-queue.service';
import { PipedriveSyncService } from '../pipedrive/pipedrive-sync.service';
import { buildAdminSpa, serveAdminSpa, signInToSpa } from './__fixtures__/admin-spa.fixture';

const ADA = 'ada.lovelace@tutorcruncher.com';

/** Correcting a company in the SPA, in Chromium, until the change is in Pipedrive. */
describe('admin SPA: editing a company', () => {
  const google = new GoogleSignInSimulator({ accounts: [googleAccount(ADA, { name: 'Ada Lovelace' })] });
  const pd = new PipedriveSimulator({ apiToken: PD_TOKEN });
  let database: TestDatabase;
  let app: NestExpressApplication;
  let url: string;
  let dataSource: DataSource;
  let browser: Browser;
  let page: Page;
  let spaDir: string;
  let cspViolations: string[];

  beforeAll(async () => {
    spaDir = buildAdminSpa();
    await Promise.all([google.start(), pd.start()]);
    database = await createTestDatabase();
    ({ app, url } = await startAdminApp(database.url, google, { HERMES_ROLE: 'all', PD_API_KEY: PD_TOKEN, PD_BASE_URL: pd.url }));
    app.get(JobQueueService).configure({ pollingIntervalSeconds: 0.5 });
    await app.listen(new URL(url).port, '127.0.0.1');
    dataSource = app.get(DataSource);
    browser = await launchBrowser();
    page = await browser.newPage();
    cspViolations = await recordCspViolations(page);
    await serveAdminSpa(page, url, spaDir);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
    await Promise.all([google.stop(), pd.stop()]);
    if (spaDir) rmSync(spaDir, { recursive: true, force: true });
  });

  it('saves the edit and the sync carries it to the Pipedrive organization', async () => {
    const seed = await seedBoth(dataSource, pd);
    const db = dataSource.manager;
    await db.save(Admin, { username: ADA, first_name: 'Ada', last_name: 'Lovelace' });
    const sue = await db.save(Admin, { username: 'sue.support@tutorcruncher.com', first_name: 'Sue', last_name: 'Support', is_support_person: true });
    const { company } = await createCompany(dataSource, seed, 'Brightside Tutors');
    // Made by a booking, not TC2: only Pipedrive is told of the change.
    await db.update(Company, company.id, { tc2_agency_id: null, tc2_cligency_id: null });
    await app.get(PipedriveSyncService).syncCompany(company.id);
    const { pd_org_id } = await db.findOneByOrFail(Company, { id: company.id });

    await signInToSpa(page, url, ADA);
    await page.goto(`${url}/admin/#/companies/${company.id}/show`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(`${url}/admin/#/companies/${company.id}`);
    await page.getByRole('textbox', { name: 'Name' }).fill('Brightside Learning');
    await page.getByRole('textbox', { name: 'Website' }).fill('https://brightside-learning.example');
    await page.getByRole('combobox', { name: 'Support person' }).click();
    await page.getByRole('option', { name: 'sue.support@tutorcruncher.com' }).click();
    await page.getByRole('button', { name: 'Save' }).click();

    // Back on the company's page, saved.
    await page.waitForURL(`${url}/admin/#/companies/${company.id}/show`);
    await page.getByText('Brightside Learning').first().waitFor();
    expect(await db.findOneByOrFail(Company, { id: company.id })).toMatchObject({
      name: 'Brightside Learning',
      website: 'https://brightside-learning.example',
      support_person_id: sue.id,
    });
    await until(() => pd.object('organization', pd_org_id!)?.name === 'Brightside Learning', 15_000);
    const fields = pd.object('organization', pd_org_id!)!.custom_fields as Record<string, unknown>;
    expect(fields[fieldKey('Company', 'website')]).toBe('https://brightside-learning.example');
    expect(fields[fieldKey('Company', 'support_person_id')]).toBe(sue.id);
    expect(cspViolations).toEqual([]);
  });

  it('shows the API’s refusal under the field it names', async () => {
    const [company] = await dataSource.manager.find(Company);
    // A fresh load of the form (from another page: the same URL but for its hash would only re-render
    // it, from the cache or not), then the company's answer: text typed before it is replaced by the
    // company's own (and Save, with nothing changed, stays disabled).
    await page.goto('about:blank');
    const fetched = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith(`/admin-api/companies/${company.id}`));
    await page.goto(`${url}/admin/#/companies/${company.id}`);
    await fetched;
    const website = page.getByRole('textbox', { name: 'Website' });
    const tooLong = 'x'.repeat(256);
    await until(async () => {
      await website.fill(tooLong);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (await website.inputValue()) === tooLong;
    }, 10_000);
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByText('website must be shorter than or equal to 255 characters').waitFor();
    expect(await dataSource.manager.findOneByOrFail(Company, { id: company.id })).toEqual(company);
  });
});
