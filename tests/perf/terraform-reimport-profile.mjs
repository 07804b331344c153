// Profiles (never asserts) the re-import measured by terraform-reimport.mjs: the same design
// and one-line change, with a CPU profile (Chrome DevTools Protocol `Profiler`, 100 µs
// samples) and a timeline trace taken around the re-import only. Prints the functions with
// the most self and inclusive time and the browser's own work (style, layout, paint, GC) by
// event name. Names appear only in a bundle built with them kept (`data-keep-debug` on the
// rust link of a local copy of index.html; see docs/PERFORMANCE.md, "Terraform import").
// PROFILE_OUT=dir also writes the raw profile (`reimport.cpuprofile`, loadable in DevTools).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli, cliBin, launch, openApp, HANG } from '../e2e/harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'stratosim-tf-prof-'));
const design = join(work, 'big-500.json');
writeFileSync(design, execFileSync('cargo', ['run', '-q', '-p', 'sim', '--example', 'generate_design', '--', '500'], { cwd: ROOT, maxBuffer: 64 << 20 }));
cli(['lint', '--design', design, '--json']);
const dir = join(work, 'big');
execFileSync(cliBin(), ['export', '--terraform', dir, '--design', design], { stdio: 'pipe' });

const browser = await launch();
const { page } = await openApp(browser);
const notice = page.getByTestId('canvas-notice');
async function importOnce() {
  if (await notice.count()) { await notice.click(); await notice.waitFor({ state: 'detached' }); }
  await page.getByTestId('file-menu').locator('summary').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-import-terraform-folder').click();
  const start = await page.evaluate(() => performance.now());
  await (await chooser).setFiles(dir);
  await notice.waitFor({ timeout: HANG });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=canvas] .shape').length >= 500, null, { timeout: HANG });
  return (await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))))) - start;
}
console.log('import', (await importOnce()).toFixed(1), 'ms');
const sec = join(dir, 'security.tf');
writeFileSync(sec, readFileSync(sec, 'utf8').replace('cidr_blocks = ["0.0.0.0/0"]', 'cidr_blocks = ["10.0.0.0/8"]'));

const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
await cdp.send('Profiler.start');
const ms = await importOnce();
const { profile } = await cdp.send('Profiler.stop');
const trace = JSON.parse((await browser.stopTracing()).toString());
await browser.close();
console.log('re-import (profiled, so slower)', ms.toFixed(1), 'ms');
if (process.env.PROFILE_OUT) writeFileSync(join(process.env.PROFILE_OUT, 'reimport.cpuprofile'), JSON.stringify(profile));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;
const self = new Map();
const incl = new Map();
profile.samples.forEach((id, k) => {
  const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
  const n = byId.get(id);
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) seen.add(name(byId.get(at)));
  for (const s of seen) incl.set(s, (incl.get(s) ?? 0) + dt);
});
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, t]) => `${t.toFixed(1).padStart(8)} ms  ${f.slice(0, 150)}`).join('\n');
console.log('\n== self time ==\n' + top(self, Number(process.env.TOP_SELF ?? 45)));
console.log('\n== inclusive time ==\n' + top(incl, Number(process.env.TOP_INCL ?? 90)));

// The renderer main thread's events by name (complete events, durations summed; nested
// events counted under their own names too).
const events = trace.traceEvents ?? trace;
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const ev = new Map();
for (const e of events) {
  if (main && (e.pid !== main.pid || e.tid !== main.tid)) continue;
  if (e.ph === 'X' && e.dur) ev.set(e.name, (ev.get(e.name) ?? 0) + e.dur / 1000);
}
console.log('\n== main thread trace events ==\n' + top(ev, 30));
