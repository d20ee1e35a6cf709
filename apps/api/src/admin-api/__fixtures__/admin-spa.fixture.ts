import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';

const ROOT = join(__dirname, '../../../../..');
const SECURITY_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy'];

/** A build of the SPA of its own: dist/apps/admin may be rebuilt by another test file running at the same time. */
export function buildAdminSpa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hermes-admin-spa-'));
  execFileSync('npx', ['vite', 'build', '-c', 'apps/admin/vite.config.ts', '--logLevel', 'error', '--outDir', dir, '--emptyOutDir'], { cwd: ROOT });
  return dir;
}

/**
 * The page loads the SPA's files from `spaDir`, under the security headers the API gives its answer
 * at the same path (the policy the browser then enforces); all else goes to the API at `url`.
 */
export async function serveAdminSpa(page: Page, url: string, spaDir: string): Promise<void> {
  await page.route(
    (address) => address.origin === url && address.pathname.startsWith('/admin/'),
    async (route) => {
      const headers = (await route.fetch()).headers();
      const file = join(spaDir, new URL(route.request().url()).pathname.slice('/admin/'.length) || 'index.html');
      const security = Object.fromEntries(Object.entries(headers).filter(([name]) => SECURITY_HEADERS.includes(name)));
      return existsSync(file) ? route.fulfill({ path: file, headers: security }) : route.fulfill({ status: 404, headers: security });
    },
  );
}

/**
 * Through the sign-in page and the simulator's account chooser, as a person would. Signed in, Hermes
 * sends the browser to the SPA; Playwright does not route the target of a redirect, so the page is
 * then loaded again, from the test's build.
 */
export async function signInToSpa(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/admin/#/login`);
  await page.getByRole('link', { name: 'Sign in with Google' }).click();
  await page.locator(`a[data-email="${email}"]`).click();
  await page.waitForURL(`${url}/admin/`);
  await page.reload();
}
