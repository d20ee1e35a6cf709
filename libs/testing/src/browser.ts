import { Browser, chromium } from 'playwright-core';

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
