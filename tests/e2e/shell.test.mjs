// The app shell: palette, canvas with the sample design, properties, bottom panel, themes,
// and dropping a component from the palette onto the canvas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, shot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the shell shows the palette, the sample design, properties and the bottom panel', async () => {
  const { context, page, problems } = await openApp(browser);
  const palette = page.getByTestId('palette');
  assert.ok(await palette.isVisible());
  for (const slug of ['vpc', 'availability-zone', 'subnet', 'internet-gateway', 'nat-gateway', 'bastion',
    'instance', 'load-balancer', 'database', 'kubernetes-node', 'pod']) {
    assert.ok(await page.getByTestId(`palette-${slug}`).isVisible(), `palette item ${slug}`);
  }
  const canvas = page.getByTestId('canvas');
  for (const kind of ['vpc', 'subnet', 'bastion', 'instance', 'internet-gateway']) {
    assert.ok((await canvas.locator(`[data-kind=${kind}]`).count()) > 0, `sample design shows a ${kind}`);
  }
  assert.ok(await page.getByTestId('properties').isVisible());
  assert.ok(await page.getByTestId('bottom-panel').isVisible());
  // Nothing is unstyled: the stylesheet loaded and the layout grid is in force.
  assert.equal(await page.getByTestId('app').evaluate((el) => getComputedStyle(el).display), 'grid');
  await page.screenshot({ path: shot('shell-light') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('dragging an EC2 instance from the palette into a subnet adds it to the design', async () => {
  const { context, page, problems } = await openApp(browser);
  const canvas = page.getByTestId('canvas');
  const before = await canvas.locator('[data-kind=instance]').count();
  const subnet = canvas.locator('[data-kind=subnet]').first().locator('rect.box');
  const box = await subnet.boundingBox();
  await page.getByTestId('palette-instance').dragTo(canvas, {
    targetPosition: { x: box.x - (await canvas.boundingBox()).x + 60, y: box.y - (await canvas.boundingBox()).y + box.height - 50 },
  });
  await canvas.locator('[data-kind=instance]').nth(before).waitFor();
  assert.equal(await canvas.locator('[data-kind=instance]').count(), before + 1);
  // The new instance is selected and its properties show.
  assert.match(await page.getByTestId("props-name").textContent(), /^instance-\d+$/);
  await page.screenshot({ path: shot('shell-after-drop') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('dropping an instance outside any subnet is refused with the reason', async () => {
  const { context, page } = await openApp(browser);
  const canvas = page.getByTestId('canvas');
  const before = await canvas.locator('[data-kind=instance]').count();
  const cbox = await canvas.boundingBox();
  await page.getByTestId('palette-instance').dragTo(canvas, { targetPosition: { x: cbox.width - 40, y: cbox.height - 80 } });
  await page.getByTestId('canvas-notice').waitFor();
  assert.match(await page.getByTestId('canvas-notice').textContent(), /inside a subnet/);
  assert.equal(await canvas.locator('[data-kind=instance]').count(), before);
  await context.close();
});

test('the dark theme follows the system and can be switched', async () => {
  const { context, page } = await openApp(browser, { colorScheme: 'dark' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.screenshot({ path: shot('shell-dark') });
  await page.getByTestId('theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await context.close();
});
