// Files: import AWS CLI JSON (laid out automatically), export SVG, save and reopen a design,
// bad files reported without losing the user's work; copy/paste and resizing on the canvas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openApp, shot, shape } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function pick(page, item, file) {
  await page.getByTestId('file-menu').locator('summary').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId(item).click();
  await (await chooser).setFiles(file);
}

test('importing AWS CLI JSON lays the network out in VPCs, AZ columns and subnet rows', async () => {
  const { context, page, problems } = await openApp(browser);
  await pick(page, 'menu-import-aws', join(ROOT, 'tests/fixtures/aws/week1-merged.json'));
  await page.getByTestId('design-name').filter({ hasText: /Imported/ }).waitFor();
  const canvas = page.getByTestId('canvas');
  assert.equal(await canvas.locator('[data-kind=vpc]').count(), 1);
  assert.equal(await canvas.locator('[data-kind=subnet]').count(), 5);
  assert.equal(await canvas.locator('[data-kind=availability-zone]').count(), 2);
  // Every subnet is drawn inside its AZ column, every instance inside its subnet.
  const nested = await page.evaluate(() => {
    const box = (el) => el.querySelector('rect').getBBox();
    const inside = (a, b) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
    const zones = [...document.querySelectorAll('[data-kind=availability-zone]')].map(box);
    const subnets = [...document.querySelectorAll('[data-kind=subnet]')].map(box);
    const leaves = [...document.querySelectorAll('[data-kind=instance], [data-kind=bastion]')].map(box);
    return subnets.every((s) => zones.some((z) => inside(s, z))) && leaves.every((l) => subnets.some((s) => inside(l, s)));
  });
  assert.ok(nested, 'imported components nest inside their containers');
  await page.screenshot({ path: shot('import-aws') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an AWS capture saved as UTF-16 by Windows PowerShell imports like the UTF-8 file; bytes that are no text are named', async () => {
  const { context, page, problems } = await openApp(browser);
  const dir = mkdtempSync(join(tmpdir(), 'stratosim-e2e-'));
  const utf16 = join(dir, 'week1-powershell.json');
  const text = readFileSync(join(ROOT, 'tests/fixtures/aws/week1-merged.json'), 'utf8');
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  await pick(page, 'menu-import-aws', utf16);
  await page.getByTestId('design-name').filter({ hasText: /Imported/ }).waitFor();
  assert.equal(await page.getByTestId('canvas').locator('[data-kind=subnet]').count(), 5);
  const binary = join(dir, 'garbage.json');
  writeFileSync(binary, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xfd, 0x22, 0x7d]));
  await pick(page, 'menu-import-aws', binary);
  await page.getByTestId('canvas-notice').waitFor();
  assert.match(await page.getByTestId('canvas-notice').textContent(), /garbage\.json: not valid UTF-8 at byte 2/);
  assert.equal(await page.getByTestId('canvas').locator('[data-kind=subnet]').count(), 5, 'the imported design stays');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a malformed file is reported with where it went wrong, and the design stays', async () => {
  const { context, page } = await openApp(browser);
  const dir = mkdtempSync(join(tmpdir(), 'stratosim-e2e-'));
  const bad = join(dir, 'broken.json');
  writeFileSync(bad, '{"version": 1, "network": {"subnets": [{"id": "subnet-1", "vpc_id": "v", "cidr": 5}]}}');
  const before = await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1'));
  await pick(page, 'menu-open', bad);
  await page.getByTestId('canvas-notice').waitFor();
  assert.match(await page.getByTestId('canvas-notice').textContent(), /broken\.json: .*network\.subnets\[0\]\.cidr/);
  assert.equal(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')), before);
  await context.close();
});

test('export SVG gives a standalone picture of the design; save and reopen round-trips', async () => {
  const { context, page } = await openApp(browser);
  await page.getByTestId('file-menu').locator('summary').click();
  const svgDownload = page.waitForEvent('download');
  await page.getByTestId('menu-export-svg').click();
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<style>/);
  assert.match(svg, /public-a/);
  assert.doesNotMatch(svg, /<script/i);

  await page.getByTestId('file-menu').locator('summary').click();
  const save = page.waitForEvent('download');
  await page.getByTestId('menu-save').click();
  const saved = await (await save).path();
  const json = JSON.parse(readFileSync(saved, 'utf8'));
  assert.equal(json.version, 1);
  await page.getByTestId('file-menu').locator('summary').click();
  await page.getByTestId('menu-new-blank').click();
  await page.getByTestId('canvas-empty').waitFor();
  await pick(page, 'menu-open', saved);
  await page.getByTestId('canvas').locator('[data-kind=vpc]').first().waitFor();
  assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1'))).network, json.network);
  // The blank design was snapshotted before it was replaced, and can be restored.
  await page.getByTestId('file-menu').locator('summary').click();
  assert.ok((await page.getByTestId('menu-restore-snapshot').count()) >= 1);
  await context.close();
});

test('copy and paste an instance, and resize a subnet from its handle', async () => {
  const { context, page } = await openApp(browser);
  const canvas = page.getByTestId('canvas');
  const before = await canvas.locator('[data-kind=instance]').count();
  await canvas.locator('[data-kind=instance] rect.tile').first().click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  assert.equal(await canvas.locator('[data-kind=instance]').count(), before + 1);
  await page.keyboard.press('Control+z');
  assert.equal(await canvas.locator('[data-kind=instance]').count(), before);

  const subnet = canvas.locator('[data-kind=subnet]').first();
  await subnet.locator('rect.box').click({ position: { x: 30, y: 60 } });
  const handle = page.getByTestId('resize-handle');
  const h = await handle.boundingBox();
  const w0 = await subnet.locator('rect.box').evaluate((r) => r.getBBox().width);
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + 80, h.y + 40, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction((w) => document.querySelector('[data-testid=canvas] [data-kind=subnet] rect.box').getBBox().width > w, w0);
  await context.close();
});
