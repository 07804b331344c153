// Shared set-up for the e2e suite: playwright-core driving Debian's Chromium (never a
// downloaded browser), the app URL from scripts/test, and the screenshot folder.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const APP_URL = process.env.STRATOSIM_URL ?? 'http://127.0.0.1:8080/';
export const OUTPUT = process.env.STRATOSIM_TEST_OUTPUT ?? join(process.cwd(), 'tests', 'output');
mkdirSync(OUTPUT, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

/// A fresh page at 1280×800 that fails the test on any console error, page error or
/// request leaving 127.0.0.1 (the app must make no network requests).
export async function openApp(browser, { colorScheme = 'light', path = '' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) {
      problems.push(`network request to ${req.url()}`);
    }
  });
  await page.goto(APP_URL + path);
  await page.getByTestId('canvas').waitFor();
  return { context, page, problems };
}

export function shot(name) {
  return join(OUTPUT, `${name}.png`);
}
