// Availability zones on the canvas (issue #18): a blank design offers every zone of its
// region (ap-northeast-2 has a–d), and changing a subnet's zone redraws it inside that zone's
// box, which is created when the VPC has none for it yet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, shot, dropOn, shape, fit } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const zoneIds = (page) => page.getByTestId('canvas').locator('[data-kind=availability-zone]').evaluateAll((els) => els.map((e) => e.dataset.id));
const selectedId = (page) => page.evaluate(() => document.querySelector('[data-testid=canvas] .shape.selected')?.dataset.id);

/** Whether the box of `inner` lies inside the box of `outer` on screen. */
async function drawnInside(page, inner, outer) {
  const [a, b] = [await shape(page, inner).boundingBox(), await shape(page, outer).boundingBox()];
  return a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
}

async function blankWithVpc(page) {
  await page.getByTestId('file-menu').locator('summary').click();
  await page.getByTestId('menu-new-blank').click();
  await page.getByTestId('canvas-empty').waitFor();
  await dropOn(page, 'vpc', page.getByTestId('canvas'), { dx: 0.3, dy: 0.3 });
  await fit(page);
  const vpc = await page.getByTestId('canvas').locator('[data-kind=vpc]').first().evaluate((e) => e.dataset.id);
  return vpc;
}

async function setField(page, key, value) {
  await page.getByTestId(`field-${key}`).fill(value);
  await page.getByTestId(`field-${key}`).press('Enter');
}

test('a blank design takes a second availability zone box, then every zone of the region', async () => {
  const { context, page, problems } = await openApp(browser);
  const vpc = await blankWithVpc(page);
  for (const dx of [0.3, 0.9]) {
    await dropOn(page, 'availability-zone', shape(page, vpc), { dx, dy: 0.6 });
    await fit(page);
  }
  const notice = page.getByTestId('canvas-notice');
  assert.equal(await notice.count() ? await notice.textContent() : '', '');
  assert.deepEqual((await zoneIds(page)).sort(), [`az:${vpc}:ap-northeast-2a`, `az:${vpc}:ap-northeast-2b`]);
  // The user picks the zone of a box from its properties.
  await shape(page, `az:${vpc}:ap-northeast-2b`).click({ position: { x: 20, y: 10 } });
  await setField(page, 'availability_zone', 'ap-northeast-2d');
  await page.getByTestId('canvas').locator(`[data-id="az:${vpc}:ap-northeast-2d"]`).waitFor();
  assert.deepEqual((await zoneIds(page)).sort(), [`az:${vpc}:ap-northeast-2a`, `az:${vpc}:ap-northeast-2d`]);
  await page.screenshot({ path: shot('zones-blank') });
  assert.deepEqual(problems, []);
  await context.close();
});

test("changing a subnet's zone draws it inside that zone's box, created if needed", async () => {
  const { context, page, problems } = await openApp(browser);
  const vpc = await blankWithVpc(page);
  await dropOn(page, 'availability-zone', shape(page, vpc), { dx: 0.3, dy: 0.6 });
  await fit(page);
  const zoneA = `az:${vpc}:ap-northeast-2a`;
  await dropOn(page, 'subnet', shape(page, zoneA));
  await fit(page);
  const subnet = await selectedId(page);
  assert.ok(subnet?.startsWith('subnet-'), subnet);
  assert.ok(await drawnInside(page, subnet, zoneA));
  // Drop an instance in it: it moves with its subnet.
  await dropOn(page, 'instance', shape(page, subnet), { dx: 0.3, dy: 0.7 });
  const instance = await selectedId(page);
  await shape(page, subnet).click({ position: { x: 20, y: 10 } });
  await setField(page, 'availability_zone', 'ap-northeast-2c');
  const zoneC = `az:${vpc}:ap-northeast-2c`;
  await page.getByTestId('canvas').locator(`[data-id="${zoneC}"]`).waitFor();
  await fit(page);
  assert.ok(await drawnInside(page, subnet, zoneC), 'the subnet is drawn in its new zone');
  assert.ok(!(await drawnInside(page, subnet, zoneA)), 'and no longer in the old one');
  assert.ok(await drawnInside(page, instance, subnet), 'its instance came along');
  assert.ok(await drawnInside(page, zoneC, vpc), 'the new box is inside the VPC');
  // A zone the region does not have is refused where it is typed.
  await shape(page, subnet).click({ position: { x: 20, y: 10 } });
  await setField(page, 'availability_zone', 'us-east-1a');
  await page.getByTestId('canvas-notice').filter({ hasText: 'not an availability zone of ap-northeast-2' }).waitFor();
  await page.screenshot({ path: shot('zones-rehomed') });
  assert.deepEqual(problems, []);
  await context.close();
});
