// The canvas gets the screen (issue #18): panels resized by their handles and collapsed, with
// the sizes kept across a reload; the hop table full width with the current hop in view; drops
// landing under the pointer; Tidy layout putting VPCs side by side; route table and network
// ACL badges on subnets that light red when they blocked the trace; a minimap; labels that
// never shrink below a readable size (level of detail when zoomed out); an inactive palette
// in read-only mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { ROOT, launch, openApp, openDesign, shot, HANG, trace } from './harness.mjs';

const BASTION = `${ROOT}tests/fixtures/designs/bastion-no-igw-route.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const width = async (loc) => (await loc.boundingBox())?.width ?? 0;

async function drag(page, from, dx, dy) {
  const b = await from.boundingBox();
  // A quarter along the handle: clear of the collapse button in its middle.
  const [x, y] = b.width > b.height ? [b.x + b.width / 4, b.y + b.height / 2] : [b.x + b.width / 2, b.y + b.height / 4];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

test('panels are resized by their handles, collapse, and keep their sizes across a reload', async () => {
  const { context, page, problems } = await openApp(browser);
  const palette = page.getByTestId('palette');
  const canvas = page.getByTestId('canvas');
  const w0 = await width(palette);
  await drag(page, page.getByTestId('splitter-palette'), 80, 0);
  const w1 = await width(palette);
  assert.ok(Math.abs(w1 - (w0 + 80)) <= 4, `palette ${w0} → ${w1} after an 80 px drag`);

  const bottom = page.getByTestId('bottom-panel');
  const h0 = (await bottom.boundingBox()).height;
  await drag(page, page.getByTestId('splitter-bottom'), 0, -100);
  const h1 = (await bottom.boundingBox()).height;
  assert.ok(Math.abs(h1 - (h0 + 100)) <= 4, `bottom panel ${h0} → ${h1} after a 100 px drag`);

  const c0 = await width(canvas);
  await page.getByTestId('collapse-properties').click();
  await page.locator('.properties').waitFor({ state: 'hidden' });
  const c1 = await width(canvas);
  assert.ok(c1 > c0 + 200, `collapsing the properties panel gives the canvas its width (${c0} → ${c1})`);
  // The handle's keyboard: Enter toggles, arrows resize.
  await page.getByTestId('splitter-palette').focus();
  await page.keyboard.press('ArrowLeft');
  const w2 = await width(palette);
  assert.ok(Math.abs(w2 - (w1 - 16)) <= 2, `ArrowLeft narrows the palette (${w1} → ${w2})`);

  await page.reload();
  await canvas.waitFor();
  assert.ok(Math.abs((await width(palette)) - w2) <= 2, 'the palette width survives a reload');
  assert.ok(Math.abs((await bottom.boundingBox()).height - h1) <= 2, 'the bottom panel height survives a reload');
  assert.equal(await page.locator('.properties').count(), 1);
  assert.equal(await page.locator('.properties').isVisible(), false, 'the properties panel stays collapsed');
  assert.equal(await page.getByTestId('collapse-properties').getAttribute('aria-expanded'), 'false');
  await page.screenshot({ path: shot('canvas-space-panels') });
  await page.getByTestId('collapse-properties').click();
  await page.locator('.properties').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the hop table takes the panel width and keeps the current hop in view while it plays', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, BASTION);
  await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();
  await trace(page, '203.0.113.10', 'i-0bastion', 22);
  const hops = page.getByTestId('trace-hops');
  const body = page.locator('.bottom .tab-body');
  const [tw, bw] = [await width(hops), await width(body)];
  assert.ok(tw >= bw - 40, `hop table ${tw} px of a ${bw} px panel`);
  const total = await page.getByTestId('trace-hop').count();
  await page.getByTestId('trace-step').filter({ hasText: `hop ${total} of ${total}` }).waitFor({ timeout: HANG });
  const inView = async () => page.evaluate(() => {
    const row = document.querySelector('[data-testid=trace-hops] tr.current');
    const box = row.closest('.tab-body').getBoundingClientRect();
    const r = row.getBoundingClientRect();
    return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
  assert.equal(await inView(), true, 'the last hop is scrolled into view');
  await page.getByTestId('trace-reset').click();
  assert.equal(await inView(), true, 'the first hop is scrolled back into view');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a component dropped from the palette lands where the pointer is', async () => {
  const { context, page, problems } = await openApp(browser);
  const canvas = page.getByTestId('canvas');
  const c = await canvas.boundingBox();
  const subnet = canvas.locator('[data-kind=subnet] rect.box').first();
  const s = await subnet.boundingBox();
  const ids = async () => canvas.locator('[data-kind=instance]').evaluateAll((els) => els.map((e) => e.dataset.id));
  const before = await ids();
  // The subnet's lower right, clear of the tiles already there.
  const at = { x: s.x + s.width - 60 - c.x, y: s.y + s.height - 50 - c.y };
  await page.getByTestId('palette-instance').dragTo(canvas, { targetPosition: at });
  const added = (await ids()).filter((id) => !before.includes(id));
  assert.equal(added.length, 1);
  const tile = await canvas.locator(`[data-id="${added[0]}"] rect.tile`).boundingBox();
  const zoom = Number(await canvas.getAttribute('data-zoom'));
  const [cx, cy] = [tile.x + tile.width / 2 - c.x, tile.y + tile.height / 2 - c.y];
  // Snapping to the 20-unit grid may move it by half a cell.
  const slack = 10 * zoom + 3;
  assert.ok(Math.abs(cx - at.x) <= slack && Math.abs(cy - at.y) <= slack, `dropped at ${JSON.stringify(at)}, drawn at ${cx},${cy}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Tidy layout puts the VPCs side by side, not in one tall column', async () => {
  const { context, page, problems } = await openApp(browser, { viewport: { width: 1366, height: 768 } });
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId('start-peering-transitive').click();
  // The sample is not the user's work, so the scenario replaces it without asking.
  await page.getByTestId('task-card').waitFor();
  await page.getByTestId('file-menu').locator('summary').click();
  await page.getByTestId('menu-tidy').click();
  const vpcs = await page.getByTestId('canvas').locator('[data-kind=vpc] rect.box').evaluateAll((els) => els.map((e) => ({
    x: Number(e.getAttribute('x')), y: Number(e.getAttribute('y')), w: Number(e.getAttribute('width')), h: Number(e.getAttribute('height')),
  })));
  assert.ok(vpcs.length >= 3, `${vpcs.length} VPCs`);
  const rows = new Set(vpcs.map((v) => v.y));
  assert.ok(rows.size < vpcs.length, `VPCs share a row: ${JSON.stringify(vpcs)}`);
  const right = Math.max(...vpcs.map((v) => v.x + v.w)) - Math.min(...vpcs.map((v) => v.x));
  const bottom = Math.max(...vpcs.map((v) => v.y + v.h)) - Math.min(...vpcs.map((v) => v.y));
  assert.ok(right > bottom * 0.8, `the drawing is ${right} wide and ${bottom} tall`);
  await page.screenshot({ path: shot('canvas-space-tidy-1366') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('each subnet shows its route table and network ACL; the blocking one lights red', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, BASTION);
  await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();
  const canvas = page.getByTestId('canvas');
  for (const subnet of await canvas.locator('[data-kind=subnet]').all()) {
    const whats = await subnet.getByTestId('policy-badge').evaluateAll((els) => els.map((e) => e.dataset.what));
    assert.deepEqual(whats.sort(), ['network ACL', 'route table']);
  }
  assert.equal(await canvas.locator('[data-testid=policy-badge][data-blocked=true]').count(), 0);
  await trace(page, '203.0.113.10', 'i-0bastion', 22);
  const total = await page.getByTestId('trace-hop').count();
  await page.getByTestId('trace-step').filter({ hasText: `hop ${total} of ${total}` }).waitFor({ timeout: HANG });
  const red = canvas.locator('[data-testid=policy-badge][data-blocked=true]');
  await red.first().waitFor();
  assert.deepEqual(await red.evaluateAll((els) => els.map((e) => e.dataset.policy)), ['rtb-0public']);
  const home = await red.first().evaluate((e) => e.closest('[data-kind=subnet]').dataset.id);
  const bastionSubnet = await canvas.locator('[data-id=i-0bastion]').evaluate((e) => e.closest('[data-kind=subnet]')?.dataset.id
    ?? document.querySelector(`[data-kind=subnet][data-id]`).dataset.id);
  assert.equal(home, bastionSubnet, 'lit on the subnet where the route table decided');
  await page.screenshot({ path: shot('canvas-space-policy-badge') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the minimap frames the view, and a click there moves the view', async () => {
  const { context, page, problems } = await openApp(browser);
  const view = page.getByTestId('minimap-view');
  await view.waitFor();
  const x0 = Number(await view.getAttribute('x'));
  const map = await page.getByTestId('minimap').boundingBox();
  await page.mouse.click(map.x + map.width - 4, map.y + map.height / 2);
  await page.waitForFunction((x) => Number(document.querySelector('[data-testid=minimap-view]').getAttribute('x')) > x + 20, x0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('zoomed out, labels stay readable, then give way to icons and plain boxes', async () => {
  const { context, page, problems } = await openApp(browser);
  const canvas = page.getByTestId('canvas');
  await page.getByTestId('zoom-level').click(); // 100 %
  const seen = [];
  for (let i = 0; i < 14; i++) {
    const zoom = Number(await canvas.getAttribute('data-zoom'));
    const lod = await canvas.getAttribute('data-lod');
    const px = await canvas.locator('.leaf-label').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    for (const size of px) assert.ok(size * zoom >= 8.95, `a ${size}px label at ${zoom} is ${size * zoom} px on screen`);
    if (lod === 'icons' || lod === 'boxes') assert.equal(px.length, 0, `no labels in ${lod} mode`);
    const icons = await canvas.locator('[data-kind=instance] svg').count();
    if (lod === 'boxes') assert.equal(icons, 0, 'plain boxes have no icons');
    else assert.ok(icons > 0, `${lod} mode draws icons`);
    if (!seen.includes(lod)) seen.push(lod);
    await page.getByRole('button', { name: 'Zoom out' }).click();
  }
  assert.deepEqual(seen, ['full', 'labels', 'icons', 'boxes']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('in read-only mode the palette looks and is inactive', async () => {
  const design = readFileSync(BASTION);
  const fragment = 'design=' + deflateRawSync(design).toString('base64url');
  const { context, page, problems } = await openApp(browser, { path: `#${fragment}` });
  await page.getByTestId('read-only-banner').waitFor();
  const item = page.getByTestId('palette-vpc');
  assert.equal(await item.getAttribute('aria-disabled'), 'true');
  assert.equal(await item.getAttribute('draggable'), 'false');
  assert.ok(Number(await item.evaluate((e) => getComputedStyle(e).opacity)) < 0.6, 'drawn faded');
  // Pressing it arms nothing: the canvas stays a plain canvas.
  await item.click({ force: true });
  assert.equal(await item.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('.canvas.placing').count(), 0);
  const vpcs = await page.getByTestId('canvas').locator('[data-kind=vpc]').count();
  await item.dragTo(page.getByTestId('canvas'), { targetPosition: { x: 30, y: 30 }, force: true, timeout: 5000 }).catch(() => {});
  assert.equal(await page.getByTestId('canvas').locator('[data-kind=vpc]').count(), vpcs);
  assert.deepEqual(problems, []);
  await context.close();
});

// Screenshots of the main screen for review (issue #18's "done when"): the sample design, and
// a played trace, at three common screen sizes in both themes. Each also checks that the
// canvas has at least a third of the screen with the default panel sizes (collapsing the
// panels gives it the rest) and that nothing scrolls the page.
for (const [w, h] of [[1366, 768], [1440, 900], [1920, 1080]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`main screen at ${w}×${h} (${colorScheme}): the sample, then a played trace`, async () => {
      const { context, page, problems } = await openApp(browser, { viewport: { width: w, height: h }, colorScheme });
      const canvas = await page.getByTestId('canvas').boundingBox();
      assert.ok(canvas.width * canvas.height >= w * h / 3, `the canvas is ${canvas.width}×${canvas.height} of ${w}×${h}`);
      assert.deepEqual(await page.evaluate(() => [document.scrollingElement.scrollWidth, document.scrollingElement.scrollHeight]), [w, h]);
      await page.screenshot({ path: shot(`main-${w}x${h}-${colorScheme}`) });
      await trace(page, '203.0.113.10', 'i-0bastion', 22);
      const total = await page.getByTestId('trace-hop').count();
      await page.getByTestId('trace-step').filter({ hasText: `hop ${total} of ${total}` }).waitFor({ timeout: HANG });
      await page.screenshot({ path: shot(`main-${w}x${h}-${colorScheme}-trace`) });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
