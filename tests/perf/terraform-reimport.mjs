// Measures (never asserts) File › Import › Terraform on a 500-component design: the generated
// design is exported with `stratosim export --terraform`, imported through the folder input,
// then re-imported after a one-line change; each time from the file chooser to the second
// animation frame after every shape is on the canvas (`ms`), with when the input's `change`
// fired (`change_ms`) and when the notice of the result entered the DOM (`notice_ms`). Run by
// `scripts/bench --browser`; figures go to tests/output/perf.json (`terraform_import_500`,
// `terraform_reimport_500`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli, cliBin, launch, openApp, recordPerf, HANG } from '../e2e/harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'stratosim-tf-perf-'));
const design = join(work, 'big-500.json');
writeFileSync(design, execFileSync('cargo', ['run', '-q', '-p', 'sim', '--example', 'generate_design', '--', '500'], { cwd: ROOT, maxBuffer: 64 << 20 }));
cli(['lint', '--design', design, '--json']); // builds the CLI
const dir = join(work, 'big');
execFileSync(cliBin(), ['export', '--terraform', dir, '--design', design], { stdio: 'pipe' });

const browser = await launch();
const { page } = await openApp(browser);
// The import's notice is dismissed first and awaited again, so a re-import is timed to its
// own result, not to the shapes the first import left on the canvas.
const notice = page.getByTestId('canvas-notice');
async function importTimed() {
  if (await notice.count()) { await notice.click(); await notice.waitFor({ state: 'detached' }); }
  await page.getByTestId('file-menu').locator('summary').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-import-terraform-folder').click();
  // Where the time goes, in the page's own clock: when the input's `change` fired and when
  // the import's notice entered the DOM (the render that shows the result).
  await page.evaluate(() => {
    window.__phases = {};
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid=canvas-notice]')) { window.__phases.notice = performance.now(); observer.disconnect(); }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const input = document.querySelector('[data-testid=terraform-folder-input]');
    input.addEventListener('change', () => { window.__phases.change = performance.now(); }, { once: true, capture: true });
  });
  const start = await page.evaluate(() => performance.now());
  await (await chooser).setFiles(dir);
  await notice.waitFor({ timeout: HANG });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=canvas] .shape').length >= 500, null, { timeout: HANG });
  const painted = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
  const { change, notice: shown } = await page.evaluate(() => window.__phases);
  const at = (t) => +(t - start).toFixed(1);
  return { ms: at(painted), change_ms: at(change), notice_ms: at(shown) };
}
const first = await importTimed();
const shapes = await page.locator('[data-testid=canvas] .shape').count();
recordPerf('terraform_import_500', { shapes, ...first });
// One line changed that the import reads (a value, not a description or comment, which the
// import cache answers without evaluating): the first security group rule's CIDR.
const sec = join(dir, 'security.tf');
writeFileSync(sec, readFileSync(sec, 'utf8').replace('cidr_blocks = ["0.0.0.0/0"]', 'cidr_blocks = ["10.0.0.0/8"]'));
const again = await importTimed();
recordPerf('terraform_reimport_500', { shapes, ...again });
await browser.close();
