// Replay (issue 16): every edit is a history step with its time, author and words; the
// slider shows the design of any step on the canvas and pauses editing; the history survives
// a reload and travels in a share link, credited to the sender; a candidate link never
// carries it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, openLink, shot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const count = (page, kind) => page.getByTestId('canvas').locator(`[data-kind=${kind}]`).count();

async function dropInto(page, paletteSlug, dx) {
  const canvas = page.getByTestId('canvas');
  const subnet = canvas.locator('[data-kind=subnet] rect.box').first();
  const c = await canvas.boundingBox();
  const b = await subnet.boundingBox();
  await page.getByTestId(`palette-${paletteSlug}`).dragTo(canvas, {
    targetPosition: { x: b.x - c.x + dx, y: b.y - c.y + b.height - 40 },
  });
}

const stepTexts = async (page) =>
  (await page.getByTestId('history-step').locator('.what').allTextContents()).map((t) => t.trim());

/// Sets the replay slider to step `k` the way a keyboard user does: focus, then Home and
/// ArrowRight (each press is one `input` event).
async function slideTo(page, k) {
  const slider = page.getByTestId('history-slider');
  await slider.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < k; i++) await page.keyboard.press('ArrowRight');
}

test('each edit is a step; the slider replays the design of then and pauses editing; Back to now returns', async () => {
  const { context, page, problems } = await openApp(browser);
  const nats = await count(page, 'nat-gateway');
  const dbs = await count(page, 'database');
  await dropInto(page, 'nat-gateway', 40);
  await dropInto(page, 'database', 140);
  await page.getByTestId('tab-history').click();
  assert.match(await page.getByTestId('history-summary').textContent(), /^2 steps since \d\d:\d\d:\d\d\.$/);
  const texts = await stepTexts(page);
  assert.equal(texts.length, 2, texts.join(' | '));
  assert.match(texts[0], /^added NAT gateway /);
  assert.match(texts[1], /^added database /);
  assert.match(await page.getByTestId('history-step').first().locator('.by').textContent(), /you/);
  assert.match(await page.getByTestId('history-step').first().locator('time').textContent(), /^\d\d:\d\d:\d\d$/);

  // Step 1 of 2: the gateway is there, the database not yet.
  await slideTo(page, 1);
  await page.getByTestId('replay-banner').waitFor();
  assert.match(await page.getByTestId('replay-banner').textContent(), /step 1 of 2: you added NAT gateway/);
  assert.equal(await count(page, 'nat-gateway'), nats + 1);
  assert.equal(await count(page, 'database'), dbs);
  assert.equal(await page.getByTestId('history-position').textContent(), '1 of 2');
  assert.equal(await page.getByTestId('history-step').first().locator('button').getAttribute('aria-current'), 'step');
  // Before the first step: neither.
  await page.getByTestId('history-start').locator('button').click();
  assert.equal(await count(page, 'nat-gateway'), nats);
  // Editing is paused: the palette refuses, the design keeps its two steps.
  assert.equal(await page.getByTestId('palette-instance').isDisabled(), true);
  await page.screenshot({ path: shot('history-replay') });

  await page.getByTestId('replay-back-to-now').click();
  await page.getByTestId('replay-banner').waitFor({ state: 'detached' });
  assert.equal(await count(page, 'nat-gateway'), nats + 1);
  assert.equal(await count(page, 'database'), dbs + 1);
  assert.equal(await page.getByTestId('history-now').isDisabled(), true);

  // Undo is a step too (the replay shows what happened, in order).
  await page.getByTestId('undo').click();
  const after = await stepTexts(page);
  assert.equal(after.length, 3);
  assert.match(after[2], /^undid: removed database /);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Play walks through every step and ends back at now', async () => {
  const { context, page, problems } = await openApp(browser);
  await dropInto(page, 'nat-gateway', 40);
  await dropInto(page, 'database', 140);
  await page.getByTestId('tab-history').click();
  await page.getByTestId('history-play').click();
  // Playing starts from the beginning, shows each step, then returns to the design of now.
  await page.getByTestId('replay-banner').filter({ hasText: 'step 0 of 2' }).waitFor();
  await page.getByTestId('replay-banner').filter({ hasText: 'step 1 of 2' }).waitFor();
  await page.getByTestId('replay-banner').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('history-play').textContent(), 'Play');
  assert.equal(await page.getByTestId('history-position').textContent(), '2 of 2');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the history survives a reload, and a share link carries it credited to the sender', async () => {
  const sender = await openApp(browser);
  await dropInto(sender.page, 'nat-gateway', 40);
  await dropInto(sender.page, 'database', 140);
  await sender.page.getByTestId('save-status').filter({ hasText: 'Saved locally' }).waitFor();
  await sender.page.reload();
  await sender.page.getByTestId('canvas').waitFor();
  await sender.page.getByTestId('tab-history').click();
  assert.equal((await stepTexts(sender.page)).length, 2);

  await sender.page.getByTestId('file-menu').locator('summary').click();
  await sender.page.getByTestId('menu-share').click();
  const link = await sender.page.getByTestId('share-link').textContent();
  assert.match(link, /&history=[A-Za-z0-9_-]+/);

  const recipient = await openApp(browser);
  await openLink(recipient.page, link);
  await recipient.page.getByTestId('read-only-banner').waitFor();
  await recipient.page.getByTestId('tab-history').click();
  const texts = await stepTexts(recipient.page);
  assert.deepEqual(texts, await stepTexts(sender.page));
  assert.match(await recipient.page.getByTestId('history-step').first().locator('.by').textContent(), /the author/);
  await slideTo(recipient.page, 1);
  assert.equal(await count(recipient.page, 'database'), 0);
  assert.deepEqual(recipient.problems, []);
  await sender.context.close();
  await recipient.context.close();
});

test('a link whose history was tampered with opens the design and says the history cannot be replayed', async () => {
  const sender = await openApp(browser);
  await dropInto(sender.page, 'nat-gateway', 40);
  await sender.page.getByTestId('file-menu').locator('summary').click();
  await sender.page.getByTestId('menu-share').click();
  const link = await sender.page.getByTestId('share-link').textContent();
  const broken = link.replace(/&history=([A-Za-z0-9_-]{8})/, '&history=AAAAAAAA');
  const recipient = await openApp(browser);
  await openLink(recipient.page, broken);
  await recipient.page.getByTestId('read-only-banner').waitFor();
  assert.match(await recipient.page.getByTestId('canvas-notice').textContent(), /edit history cannot be replayed/);
  assert.equal(await count(recipient.page, 'nat-gateway'), 1);
  await recipient.page.getByTestId('tab-history').click();
  await recipient.page.getByTestId('history-empty').waitFor();
  await sender.context.close();
  await recipient.context.close();
});
