// Starting a scenario over the learner's own work: the app asks first (an accessible dialog),
// snapshots their design before replacing it (listed in the File menu at once, and restoring
// it brings back exactly their design), can grade their current design against the
// assignment instead, and Escape leaves everything as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, shot, dropOn, fit } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const NAME = 'learner-vpc';

/// A little design of the learner's own: a blank design with one VPC they named.
async function buildLittleDesign(page) {
  await page.getByTestId('file-menu').locator('summary').click();
  await page.getByTestId('menu-new-blank').click();
  await page.getByTestId('canvas-empty').waitFor();
  await dropOn(page, 'vpc', page.getByTestId('canvas'), { dx: 0.3, dy: 0.3 });
  await fit(page);
  const vpc = page.getByTestId('canvas').locator('[data-kind=vpc]').first();
  const id = await vpc.evaluate((e) => e.dataset.id);
  await page.getByTestId('field-name').fill(NAME);
  await page.getByTestId('field-name').press('Enter');
  await page.getByTestId('canvas').locator(`[data-id="${id}"]`).filter({ hasText: NAME }).waitFor();
  return id;
}

async function startWeek1(page) {
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId('start-vpc-week1').click();
}

function autosaved(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('stratosim.autosave.v1')));
}

function storedSnapshots(page) {
  return page.evaluate(() => localStorage.getItem('stratosim.snapshots.v1'));
}

/// Whether the focused element is inside the start dialog.
function focusInDialog(page) {
  return page.evaluate(() => !!document.activeElement?.closest('[data-testid=start-dialog]'));
}

test('starting a scenario over the learner\'s design asks, snapshots it and lists the snapshot at once', async () => {
  const { page, context, problems } = await openApp(browser);
  const id = await buildLittleDesign(page);
  await startWeek1(page);

  const dialog = page.getByTestId('start-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('role'), 'dialog');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  const title = await page.locator(`#${await dialog.getAttribute('aria-labelledby')}`).textContent();
  assert.match(title, /replace your design/i);
  assert.ok(await focusInDialog(page), 'focus moves into the dialog');
  // Focus stays in the dialog, forwards and backwards.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await focusInDialog(page), `Tab ${i + 1} keeps focus in the dialog`);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await focusInDialog(page), `Shift+Tab ${i + 1} keeps focus in the dialog`);
  }
  // A click on the dialog's text keeps focus in it too.
  await page.locator('#start-dialog-text').click();
  await page.keyboard.press('Shift+Tab');
  assert.ok(await focusInDialog(page), 'Shift+Tab after a click on the text keeps focus in the dialog');
  // Every control has a name.
  for (const b of await dialog.locator('button').all()) {
    assert.ok((await b.textContent()).trim() || (await b.getAttribute('aria-label')), 'a labelled control');
  }
  await page.screenshot({ path: shot('scenario-start-dialog') });

  await page.getByTestId('start-dialog-start').click();
  await page.getByTestId('task-card').waitFor();
  assert.equal(await dialog.count(), 0);
  assert.equal(await page.getByTestId('canvas').locator(`[data-id="${id}"]`).count(), 0, 'the scenario replaced the design');
  assert.ok(!JSON.stringify((await autosaved(page)).network).includes(NAME));

  // The snapshot of the learner's design is listed at once, without a reload, newest first.
  await page.getByTestId('file-menu').locator('summary').click();
  const newest = page.getByTestId('menu-restore-snapshot').first();
  const label = await newest.textContent();
  await newest.click();
  await page.waitForFunction(() => !JSON.parse(localStorage.getItem('stratosim.autosave.v1')).network.vpcs.some((v) => v.id === 'vpc-w1'));
  const vpcs = (await autosaved(page)).network.vpcs;
  assert.deepEqual(vpcs.map((v) => [v.id, v.name]), [[id, NAME]], 'exactly the learner\'s design is back');
  await page.getByTestId('canvas').locator(`[data-id="${id}"]`).filter({ hasText: NAME }).waitFor();
  assert.match(label, /before starting a scenario/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('grade my current design runs the assignment on the learner\'s design without replacing it', async () => {
  const { page, context, problems } = await openApp(browser);
  const id = await buildLittleDesign(page);
  const before = await autosaved(page);
  await startWeek1(page);
  await page.getByTestId('start-dialog-grade').click();
  await page.getByTestId('task-card').waitFor();
  assert.equal(await page.getByTestId('start-dialog').count(), 0);
  // The rubric arrives with the answer data (a fetch): wait for the first check.
  await page.getByTestId('checklist').getByTestId('check').first().waitFor();
  assert.ok((await page.getByTestId('checklist').getByTestId('check').count()) > 0, 'the checklist shows');
  assert.match(await page.getByTestId('score').textContent(), /\d+\s*\/\s*\d+/);
  assert.equal(await page.getByTestId('canvas').locator(`[data-id="${id}"]`).filter({ hasText: NAME }).count(), 1);
  assert.deepEqual((await autosaved(page)).network, before.network, 'the design was not replaced');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Escape in the dialog cancels and changes nothing', async () => {
  const { page, context, problems } = await openApp(browser);
  const id = await buildLittleDesign(page);
  const [design, snapshots] = [await autosaved(page), await storedSnapshots(page)];
  await startWeek1(page);
  await page.getByTestId('start-dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('start-dialog').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('task-card').count(), 0, 'no scenario started');
  assert.equal(await page.getByTestId('canvas').locator(`[data-id="${id}"]`).filter({ hasText: NAME }).count(), 1);
  assert.deepEqual(await autosaved(page), design);
  assert.equal(await storedSnapshots(page), snapshots, 'no snapshot taken');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the untouched sample is replaced without asking', async () => {
  const { page, context, problems } = await openApp(browser);
  await startWeek1(page);
  await page.getByTestId('task-card').waitFor();
  assert.equal(await page.getByTestId('start-dialog').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
