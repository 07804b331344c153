// The annotation layer in a real browser: notes, boxes and arrows placed from the palette,
// typed into, moved and undone; an arrow follows the component it is attached to; reload and
// share links keep them; hostile text stays text; traces and the Problems count do not move.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, openLink, shot, dropOn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const canvas = (page) => page.getByTestId('canvas');
const drawing = (page, id) => page.getByTestId(`annotation-${id}`);
const tile = (page, id) => canvas(page).locator(`[data-id="${id}"] rect.tile`).first();

/// Drops an Annotate item on the canvas at a fraction of its size.
async function dropAnnotation(page, slug, dx, dy) {
  await dropOn(page, slug, canvas(page), { dx, dy });
}

/// Types into the selected drawing's text field and commits it (the field loses focus).
async function typeText(page, text) {
  const field = page.getByTestId('annotation-text');
  await field.fill(text);
  await field.press('Tab');
}

/// The arrow's line as numbers.
async function line(page, id) {
  const l = drawing(page, id).locator('line.arrow-line');
  const get = async (k) => Number(await l.getAttribute(k));
  return { x1: await get('x1'), y1: await get('y1'), x2: await get('x2'), y2: await get('y2') };
}

async function testFlowResults(page) {
  await page.getByTestId('tab-traces').click();
  await page.getByTestId('test-flow').first().waitFor();
  return page.getByTestId('test-flow').evaluateAll((els) => els.map((e) => `${e.textContent}|${e.dataset.result}`));
}

test('notes, boxes and arrows are placed, typed, follow their components, undo and survive a reload', async () => {
  const { context, page, problems } = await openApp(browser);
  const problemsTab = await page.getByTestId('tab-problems').textContent();
  const flows = await testFlowResults(page);

  // A note, dropped from the palette, opens its panel; what is typed is drawn.
  await dropAnnotation(page, 'note', 0.5, 0.9);
  await page.getByTestId('annotation-props').waitFor();
  await typeText(page, 'Users in Seoul reach the bastion over SSH');
  await drawing(page, 'note-1').locator('text').filter({ hasText: 'Users in Seoul' }).waitFor();
  assert.equal(await drawing(page, 'note-1').getAttribute('aria-label'), 'note: Users in Seoul reach the bastion over SSH');

  // A box.
  await dropAnnotation(page, 'box', 0.85, 0.85);
  await page.getByTestId('annotation-props').waitFor();
  await typeText(page, 'on-premises');
  await drawing(page, 'box-1').locator('text').filter({ hasText: 'on-premises' }).waitFor();
  assert.equal(await drawing(page, 'box-1').getAttribute('aria-label'), 'box: on-premises');

  // An arrow: press the palette item, click its start and its end.
  await page.getByTestId('palette-arrow').click();
  assert.equal(await canvas(page).getAttribute('data-annotating'), 'arrow');
  await tile(page, 'i-0bastion').click();
  await page.getByTestId('arrow-start').waitFor();
  await tile(page, 'i-0app').click();
  await drawing(page, 'arrow-1').waitFor({ state: 'attached' });
  assert.match(await drawing(page, 'arrow-1').getAttribute('aria-label'), /^arrow from \S.* to \S.*$/);
  assert.equal(await drawing(page, 'arrow-1').locator('line.arrow-line').getAttribute('marker-end'), 'url(#annotation-arrowhead)');
  assert.equal(await page.getByTestId('annotation-from').inputValue(), 'i-0bastion');
  assert.equal(await page.getByTestId('annotation-to').inputValue(), 'i-0app');
  const drawn = await line(page, 'arrow-1');
  await page.screenshot({ path: shot('annotations-placed') });

  // Move the app server: the arrow's head follows it, the tail stays.
  await tile(page, 'i-0app').click();
  await page.getByTestId('props-name').waitFor();
  await page.keyboard.press('Shift+ArrowRight');
  await page.waitForFunction((x) => {
    const l = document.querySelector('[data-testid="annotation-arrow-1"] line.arrow-line');
    return l && Number(l.getAttribute('x2')) !== x;
  }, drawn.x2);
  const moved = await line(page, 'arrow-1');
  assert.ok(Math.abs(moved.x2 - drawn.x2 - 100) < 1, `${JSON.stringify(drawn)} → ${JSON.stringify(moved)}`);
  assert.ok(Math.abs(moved.x1 - drawn.x1) < 40, 'the tail stays on the bastion');

  // Undo the move, redo it; undo the arrow itself, redo it.
  await page.getByTestId('undo').click();
  assert.ok(Math.abs((await line(page, 'arrow-1')).x2 - drawn.x2) < 1);
  await page.getByTestId('redo').click();
  assert.ok(Math.abs((await line(page, 'arrow-1')).x2 - moved.x2) < 1);
  await page.getByTestId('undo').click();
  await page.getByTestId('undo').click();
  await drawing(page, 'arrow-1').waitFor({ state: 'detached' });
  await page.getByTestId('redo').click();
  await drawing(page, 'arrow-1').waitFor({ state: 'attached' });
  await page.getByTestId('redo').click();

  // The History tab words every step.
  await page.getByTestId('tab-history').click();
  const steps = await page.getByTestId('history-step').allTextContents();
  for (const want of [/added note note-1/, /changed note note-1: text “Users in Seoul/, /added box box-1/, /added arrow arrow-1/]) {
    assert.ok(steps.some((s) => want.test(s)), `${want} in ${JSON.stringify(steps)}`);
  }

  // Traces and the Problems count are what they were before any annotation.
  assert.deepEqual(await testFlowResults(page), flows);
  assert.equal(await page.getByTestId('tab-problems').textContent(), problemsTab);

  // The autosave keeps them: a reload draws the same layer.
  await page.getByTestId('save-status').filter({ hasText: 'Saved locally' }).waitFor();
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')));
  assert.deepEqual(saved.annotations.map((a) => [a.id, a.kind]), [['note-1', 'note'], ['box-1', 'box'], ['arrow-1', 'arrow']]);
  assert.deepEqual(saved.annotations[2].to, { id: 'i-0app' });
  await page.reload();
  await canvas(page).waitFor();
  await drawing(page, 'note-1').locator('text').filter({ hasText: 'Users in Seoul' }).waitFor();
  await drawing(page, 'box-1').waitFor();
  assert.ok(Math.abs((await line(page, 'arrow-1')).x2 - moved.x2) < 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a note with markup in it is drawn as text and creates no element', async () => {
  const { context, page, problems } = await openApp(browser);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const hostile = '<img src=x onerror=alert(1)>';
  await dropAnnotation(page, 'note', 0.5, 0.9);
  await typeText(page, hostile);
  const text = drawing(page, 'note-1').locator('text');
  await text.filter({ hasText: '<img' }).waitFor();
  // Wrapped to the note's width: one tspan per line, the words whole and spaced.
  assert.ok((await text.locator('tspan').count()) >= 2);
  assert.equal(await text.textContent(), hostile);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.equal(await drawing(page, 'note-1').locator('*').evaluateAll((els) => els.filter((e) => !['rect', 'text', 'tspan'].includes(e.localName)).length), 0);
  assert.equal(await drawing(page, 'note-1').getAttribute('aria-label'), `note: ${hostile}`);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link carries the annotations and shows them read-only', async () => {
  const sender = await openApp(browser);
  await dropAnnotation(sender.page, 'box', 0.85, 0.85);
  await typeText(sender.page, 'CDN');
  await drawing(sender.page, 'box-1').locator('text').filter({ hasText: 'CDN' }).waitFor();
  await sender.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await sender.page.getByTestId('file-menu').locator('summary').click();
  await sender.page.getByTestId('menu-share').click();
  const link = await sender.page.getByTestId('share-link').textContent();
  assert.ok(link.includes('#design='), link);

  const recipient = await openApp(browser);
  await openLink(recipient.page, link);
  await recipient.page.getByTestId('read-only-banner').waitFor();
  await drawing(recipient.page, 'box-1').locator('text').filter({ hasText: 'CDN' }).waitFor();
  // Read-only: the Annotate items are inactive, the panel cannot edit, Delete removes nothing.
  assert.equal(await recipient.page.getByTestId('palette-note').getAttribute('aria-disabled'), 'true');
  await drawing(recipient.page, 'box-1').locator('text').click();
  await recipient.page.getByTestId('annotation-props').waitFor();
  assert.equal(await recipient.page.getByTestId('annotation-text').isEditable(), false);
  assert.equal(await recipient.page.getByTestId('annotation-delete').isDisabled(), true);
  await recipient.page.keyboard.press('Delete');
  assert.equal(await drawing(recipient.page, 'box-1').count(), 1);
  assert.deepEqual(sender.problems, []);
  assert.deepEqual(recipient.problems, []);
  await sender.context.close();
  await recipient.context.close();
});

test('deleting a component an arrow ends on leaves the arrow ending where it was', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('palette-arrow').click();
  await tile(page, 'i-0bastion').click();
  await tile(page, 'i-0app').click();
  await drawing(page, 'arrow-1').waitFor({ state: 'attached' });
  const before = await line(page, 'arrow-1');
  await tile(page, 'i-0app').click();
  await page.keyboard.press('Delete');
  await canvas(page).locator('[data-id="i-0app"]').waitFor({ state: 'detached' });
  await drawing(page, 'arrow-1').waitFor({ state: 'attached' });
  const after = await line(page, 'arrow-1');
  // The head now ends at the deleted tile's centre, a little past its old edge.
  assert.ok(Math.abs(after.x2 - before.x2) < 40 && Math.abs(after.y2 - before.y2) < 40, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  // A horizontal line has no height for Playwright's visibility check; its wide hit stroke
  // takes the click.
  await drawing(page, 'arrow-1').locator('line.arrow-hit').click({ force: true });
  assert.equal(await page.getByTestId('annotation-to').inputValue(), '');
  assert.match(await drawing(page, 'arrow-1').getAttribute('aria-label'), / to a point$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the drawings are reached from the canvas’s one tab stop with the arrow keys', async () => {
  const { context, page, problems } = await openApp(browser);
  await dropAnnotation(page, 'note', 0.5, 0.9);
  await typeText(page, 'a note');
  await dropAnnotation(page, 'box', 0.85, 0.85);
  const active = () => page.evaluate(() => document.activeElement?.dataset.id ?? null);
  // The VPC is the top level's only shape: past it come the note, then the box.
  await canvas(page).locator('[data-id="vpc-0a1b2c3d"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.dataset.id === 'note-1');
  assert.equal(await canvas(page).locator('[tabindex="0"]').count(), 1, 'still one tab stop');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.dataset.id === 'box-1');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.activeElement?.dataset.id === 'note-1');
  await page.keyboard.press('Enter');
  await page.getByTestId('annotation-props').waitFor();
  assert.equal(await page.getByTestId('props-name').textContent(), 'note: a note');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.activeElement?.dataset.id === 'vpc-0a1b2c3d');
  assert.equal(await active(), 'vpc-0a1b2c3d');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a box is resized by its handle, a drawing is deleted from its panel, and replay shows the design without it', async () => {
  const { context, page, problems } = await openApp(browser);
  // Over the network (a box lets clicks through to what is inside it), clear of the toolbar.
  await dropAnnotation(page, 'box', 0.55, 0.35);
  const frame = drawing(page, 'box-1').locator('rect.box-frame');
  const width = Number(await frame.getAttribute('width'));
  const handle = page.getByTestId('resize-handle');
  const h = await handle.boundingBox();
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 - 120, h.y + h.height / 2 - 80, { steps: 4 });
  await page.mouse.up();
  // Dragged in, never below the box's smallest size; the frame follows.
  await page.waitForFunction((w) => Number(document.querySelector('[data-testid="annotation-box-1"] rect.box-frame').getAttribute('width')) < w, width);
  assert.ok(Number(await frame.getAttribute('width')) >= 60);

  // The panel's Delete removes it; undo brings it back.
  await page.getByTestId('annotation-delete').click();
  await drawing(page, 'box-1').waitFor({ state: 'detached' });
  await page.getByTestId('undo').click();
  await drawing(page, 'box-1').waitFor();

  // Replay the history from its start: the box is not there yet, and nothing can be drawn.
  await page.getByTestId('tab-history').click();
  await page.getByTestId('history-start').locator('button').click();
  await page.getByTestId('replay-banner').waitFor();
  await drawing(page, 'box-1').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('palette-note').getAttribute('aria-disabled'), 'true');
  await page.getByTestId('replay-back-to-now').click();
  await drawing(page, 'box-1').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('in Korean the Annotate group and the drawings’ names read naturally', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ko-KR' });
  const group = page.getByTestId('palette').getByRole('group', { name: '주석' });
  assert.deepEqual((await group.locator('.palette-item .name').allTextContents()), ['메모', '상자', '화살표']);
  await dropAnnotation(page, 'note', 0.5, 0.9);
  await typeText(page, '서울 사용자는 배스천으로 SSH 접속');
  await drawing(page, 'note-1').locator('text').filter({ hasText: '서울' }).waitFor();
  assert.equal(await drawing(page, 'note-1').getAttribute('aria-label'), '메모: 서울 사용자는 배스천으로 SSH 접속');
  await page.getByTestId('palette-arrow').click();
  await tile(page, 'i-0bastion').click();
  await drawing(page, 'note-1').locator('rect.note-paper').click();
  await drawing(page, 'arrow-1').waitFor({ state: 'attached' });
  assert.match(await drawing(page, 'arrow-1').getAttribute('aria-label'), /^.+에서 서울 사용자는.*\(으\)로 가는 화살표$/);
  assert.deepEqual(problems, []);
  await context.close();
});
