import { Browser, Page } from 'playwright-core';
import { launchBrowser, recordCspViolations } from '@hermes/testing';
import { HermesTestApp, startHermesApp } from '../__fixtures__/hermes-app.fixture';

/** The API docs at /docs, in Chromium, under the Content-Security-Policy the API sends. */
describe('Swagger UI', () => {
  let hermes: HermesTestApp;
  let browser: Browser;
  let page: Page;
  let cspViolations: string[];

  beforeAll(async () => {
    hermes = await startHermesApp();
    browser = await launchBrowser();
    page = await browser.newPage();
    cspViolations = await recordCspViolations(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await hermes?.stop();
  });

  it('renders the API and tries an operation, with nothing blocked by the policy', async () => {
    const response = await page.goto(`${hermes.url}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.locator('.swagger-ui .info .title').getByText('Hermes').waitFor();
    const health = page.locator('.opblock-summary', { hasText: '/health' }).first();
    await health.click();
    await page.getByRole('button', { name: 'Try it out' }).click();
    await page.getByRole('button', { name: 'Execute' }).click();
    await page.locator('.responses-wrapper .live-responses-table .response-col_status').getByText('200').waitFor();

    expect(cspViolations).toEqual([]);
  });
});
