import { Browser, chromium, Page } from 'playwright-core';

/**
 * Debian's Chromium, headless, for the SPA's browser tests (`.ci/run` installs it when missing).
 * The flags keep it off the network: this machine has none, and Chromium's background
 * connections would otherwise fail noisily.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * What the page's Content-Security-Policy blocked, from now on, in every document it loads: each
 * `securitypolicyviolation` event and each console message about the policy.
 */
export async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__hermesCspViolation', (violation: string) => violations.push(violation));
  // A string: this code runs in the page, whose DOM types the Node project does not have.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
    window.__hermesCspViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' in ' + event.documentURI))`);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
