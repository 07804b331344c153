// The installable app (issue #18): a web app manifest with icons, and a service worker that
// caches the bundle, so the app opens with no network after the first visit; a new build's
// worker replaces the old build's cache. The other e2e tests block the worker (harness.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, APP_URL, launch, openApp, shot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller != null);
const cacheNames = (page) => page.evaluate(() => caches.keys());

/// The files a service worker precaches, read from its source.
function precached(sw) {
  const m = sw.match(/const FILES = (\[[\s\S]*?\]);/);
  assert.ok(m, 'sw.js lists its files');
  return JSON.parse(m[1]);
}

test('after the first visit the app opens offline from the service worker, and draws the sample', async () => {
  const { context, page, problems } = await openApp(browser, { serviceWorkers: 'allow' });
  const manifest = await (await page.request.get(APP_URL + 'manifest.webmanifest')).json();
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, './');
  assert.ok(manifest.name && manifest.short_name && manifest.theme_color && manifest.background_color);
  const types = manifest.icons.map((i) => i.type).sort();
  assert.deepEqual([...new Set(types)], ['image/png', 'image/svg+xml']);
  for (const icon of manifest.icons) {
    assert.equal((await page.request.get(APP_URL + icon.src)).status(), 200, icon.src);
  }
  assert.equal(await page.locator('link[rel=manifest]').getAttribute('href'), 'manifest.webmanifest');

  await controlled(page);
  const names = await cacheNames(page);
  assert.equal(names.length, 1, `one cache: ${names}`);
  // It holds exactly what index.html references (and the manifest's icons).
  const sw = await (await page.request.get(APP_URL + 'sw.js')).text();
  const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), names[0]);
  assert.deepEqual(cached.sort(), precached(sw).map((f) => new URL(f, APP_URL).pathname).sort());
  const html = await (await page.request.get(APP_URL)).text();
  for (const ref of html.matchAll(/(?:href|src)="\/?([^"#?:]+\.(?:js|wasm|css))"/g)) {
    assert.ok(cached.includes('/' + ref[1]), `${ref[1]} is cached`);
  }

  await context.setOffline(true);
  const fromNetwork = [];
  page.on('response', (r) => { if (!r.fromServiceWorker() && !r.url().startsWith('data:')) fromNetwork.push(r.url()); });
  await page.reload();
  await page.getByTestId('canvas').waitFor();
  await page.getByTestId('canvas').locator('[data-kind=vpc]').first().waitFor();
  assert.ok(await page.getByTestId('canvas').locator('[data-kind=instance]').count() > 0, 'the sample design draws');
  assert.deepEqual(fromNetwork, [], 'offline, every response came from the service worker');
  await page.screenshot({ path: shot('pwa-offline') });
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
};

/// A static server on a free loopback port whose root can be switched (one build, then the
/// next), so the test sees what a returning visitor of a redeployed site sees.
async function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    try {
      const body = readFileSync(join(server.root, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  server.root = root;
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

test('a new build gets a new cache, and its worker deletes the old build\'s cache', async () => {
  // The build under test, fetched file by file from the server of the suite.
  const work = mkdtempSync(join(tmpdir(), 'stratosim-pwa-'));
  const [one, two] = [join(work, 'one'), join(work, 'two')];
  const sw = await (await fetch(APP_URL + 'sw.js')).text();
  for (const f of ['sw.js', ...precached(sw).filter((f) => f !== './')]) {
    mkdirSync(dirname(join(one, f)), { recursive: true });
    writeFileSync(join(one, f), Buffer.from(await (await fetch(APP_URL + f)).arrayBuffer()));
  }
  // The worker is a function of the bundle: the same files give the same sw.js byte for byte,
  // so a rebuild of the same sources does not reinstall anything.
  execFileSync('node', [`${ROOT}scripts/service-worker.mjs`, one]);
  assert.equal(readFileSync(join(one, 'sw.js'), 'utf8'), sw, 'sw.js is deterministic');
  // "The next build": what Trunk does when the stylesheet changes — a new hashed name that
  // index.html points at — then the hook writes that build's worker.
  cpSync(one, two, { recursive: true });
  const css = readdirSync(two).find((f) => f.endsWith('.css'));
  const next = css.replace(/\.css$/, '-next.css');
  renameSync(join(two, css), join(two, next));
  writeFileSync(join(two, 'index.html'), readFileSync(join(two, 'index.html'), 'utf8').replaceAll(css, next));
  execFileSync('node', [`${ROOT}scripts/service-worker.mjs`, two]);
  assert.notEqual(readFileSync(join(two, 'sw.js'), 'utf8'), sw);

  const server = await serve(one);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const { context, page, problems } = await openApp(browser, { serviceWorkers: 'allow', url });
  await controlled(page);
  const [first] = await cacheNames(page);

  server.root = two; // redeployed
  await page.reload();
  await page.getByTestId('canvas').waitFor();
  await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
  // The new worker installs, takes over and deletes the old cache (polled: it happens in the
  // worker, in its own time).
  let names = await cacheNames(page);
  for (let i = 0; i < 600 && !(names.length === 1 && names[0] !== first); i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    names = await cacheNames(page);
  }
  assert.equal(names.length, 1, `one cache after the update: ${names}`);
  const [second] = names;
  assert.notEqual(second, first, 'the new build has a cache of its own');
  const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), second);
  assert.ok(cached.includes('/' + next), `the new build's stylesheet is cached: ${cached}`);
  assert.ok(!cached.includes('/' + css), 'the old build\'s stylesheet is gone');

  // Offline, the next load is the new build, whole.
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('canvas').locator('[data-kind=vpc]').first().waitFor();
  assert.equal(await page.locator('link[rel=stylesheet]').getAttribute('href'), '/' + next);
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
});
