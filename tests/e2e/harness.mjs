// Shared set-up for the e2e suite: playwright-core driving Debian's Chromium (never a
// downloaded browser), the app URL from scripts/test, and the screenshot folder.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/// The repository root (with a trailing slash).
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

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

/// A fresh page at 1280×800 (or `viewport`) that fails the test on any console error, page error or
/// request leaving 127.0.0.1 (the app must make no network requests). Each test gets a new
/// context, so nothing (storage, a service worker) carries over from another test; the
/// service worker is blocked unless asked for (`serviceWorkers: 'allow'`, tests/e2e/pwa.test.mjs),
/// so a test's reloads and file loads always reach the server it is testing.
/// The browser's language is `locale` (en-US unless asked): the app's UI language follows it.
export async function openApp(browser, { colorScheme = 'light', path = '', viewport = { width: 1280, height: 800 }, serviceWorkers = 'block', url = APP_URL, reducedMotion = 'no-preference', locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, serviceWorkers, reducedMotion, locale });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:', 'about:'].includes(url.protocol)) {
      problems.push(`network request to ${req.url()}`);
    }
  });
  await page.goto(url + path);
  await page.getByTestId('canvas').waitFor();
  return { context, page, problems };
}

/// Opens a link as a fresh page load, the way clicking it in a chat does. A plain
/// `page.goto(link)` on the open app is only a hash change: the app then asks (a `confirm`)
/// before replacing the design on screen, and a reload racing that dialog can hang.
export async function openLink(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
  await page.getByTestId('canvas').waitFor();
}

export function shot(name) {
  return join(OUTPUT, `${name}.png`);
}

/// Drags a palette item onto the canvas at a point relative to `target` (a locator), by
/// default its centre.
export async function dropOn(page, paletteSlug, target, { dx = 0.5, dy = 0.5 } = {}) {
  const canvas = page.getByTestId('canvas');
  const c = await canvas.boundingBox();
  const b = await target.boundingBox();
  const x = Math.min(Math.max(b.x + b.width * dx, c.x + 2), c.x + c.width - 2) - c.x;
  const y = Math.min(Math.max(b.y + b.height * dy, c.y + 2), c.y + c.height - 2) - c.y;
  await page.getByTestId(`palette-${paletteSlug}`).dragTo(canvas, { targetPosition: { x, y } });
}

/// The shape with this model id (its box or tile).
export function shape(page, id) {
  return page.getByTestId('canvas').locator(`[data-id="${id}"]`).locator('rect.box, rect.tile').first();
}

/// Fits the design to the screen (so the next drop targets are visible).
export async function fit(page) {
  await page.getByTestId('fit-to-screen').click();
}

/// The `stratosim` binary of this checkout: under CARGO_TARGET_DIR when set (as scripts/test
/// honours it for the relay), else `target/`.
export function cliBin() {
  const dir = process.env.CARGO_TARGET_DIR;
  return dir ? `${dir.replace(/\/$/, '')}/debug/stratosim` : `${ROOT}target/debug/stratosim`;
}

/// Runs the `stratosim` CLI (building it first if needed) and parses its JSON output, so
/// browser tests can check that the UI and the CLI agree.
let cliBuilt = false;
export function cli(args) {
  const bin = cliBin();
  // Build once per run (a no-op when up to date): a stale binary would compare the UI with
  // an older simulator.
  if (!cliBuilt || !existsSync(bin)) execFileSync('cargo', ['build', '-q', '-p', 'stratosim'], { cwd: ROOT, stdio: 'inherit' });
  cliBuilt = true;
  return JSON.parse(execFileSync(bin, args, { cwd: ROOT, maxBuffer: 64 << 20 }).toString());
}

/// Opens a design file through File › Open.
export async function openDesign(page, path) {
  await page.getByTestId('file-menu').locator('summary').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-open').click();
  await (await chooser).setFiles(path);
}

/// Records browser performance figures under `name` in tests/output/perf.json (merged with
/// what other tests recorded in this run). Figures are measured, never asserted: the machine
/// is shared, so a wall-clock number is not a fact about the code. `scripts/bench` compares
/// them with their goals.
export function recordPerf(name, figures) {
  const path = join(OUTPUT, 'perf.json');
  let all = {};
  try { all = JSON.parse(readFileSync(path, 'utf8')); } catch { /* first figure of the run */ }
  all[name] = { ...figures, recorded_at: new Date().toISOString() };
  writeFileSync(path, JSON.stringify(all, null, 2) + '\n');
  console.log(`perf ${name}: ${JSON.stringify(figures)}`);
}

/// A ceiling for waits on real-time playback: ten times (and more) what the slowest one
/// takes on a loaded machine, so only a hang crosses it.
export const HANG = 120000;

/// Runs a trace from the Traces tab as a learner types it, and waits for the verdict.
export async function trace(page, from, to, port) {
  await page.getByTestId('tab-traces').click();
  await page.getByTestId('trace-from').fill(from);
  await page.getByTestId('trace-from').press('Tab');
  await page.getByTestId('trace-to').fill(to);
  await page.getByTestId('trace-to').press('Tab');
  await page.getByTestId('trace-port').fill(String(port));
  await page.getByTestId('trace-port').press('Tab');
  await page.getByTestId('trace-run').click();
  await page.getByTestId('trace-verdict').waitFor();
}

/// Seeks the cluster clock like a user dragging the bar, and waits until the view shows it.
export async function seek(page, ms) {
  await page.getByTestId('cluster-seek').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await page.locator(`[data-testid=cluster-time][data-ms="${ms}"]`).waitFor();
}

/// The trace's hops as the app lists them, `[component, decision]` each.
export const uiHops = (page) => page.getByTestId('trace-hop').evaluateAll((rows) => rows.map((r) => [r.dataset.component, r.dataset.decision]));

/// The same for `stratosim trace --json`'s output: the forward hops, then the return ones.
export const cliHops = (json) => [...json.hops, ...json.return_hops].map((h) => [h.component, h.decision]);
