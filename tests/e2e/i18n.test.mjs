// The UI in English and Korean (issue #18): the browser's language chooses at first, the
// switch in the top bar changes every word at once (no reload, nothing lost) and is
// remembered; `<html lang>` follows. Ids, CIDRs and codes stay as they are in both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, shot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

test('a Korean browser gets the Korean UI; the switch changes it to English and the choice is kept', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ko-KR' });
  assert.equal(await htmlLang(page), 'ko');
  await assert.doesNotReject(page.getByTestId('file-menu').locator('summary').getByText('파일', { exact: true }).waitFor());
  assert.equal((await page.getByTestId('palette').locator('.panel-title').textContent()).trim(), '구성 요소');
  assert.equal((await page.getByTestId('palette-bastion').locator('.name').textContent()).trim(), '배스천 호스트');
  assert.equal(await page.getByTestId('save-status').textContent(), '이 브라우저에 저장됨');
  assert.equal(await page.getByTestId('lang-switch').inputValue(), 'ko');
  // The design itself is not translated: its ids and CIDRs are as they were.
  const ids = await page.locator('g[data-id]').evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert.ok(ids.length >= 6, `shapes drawn: ${ids.length}`);
  await page.screenshot({ path: shot('i18n-ko-1280') });

  // Switching is immediate and keeps the design (same shapes, same selection).
  await page.getByTestId(ids.at(-1)).click();
  const selected = await page.getByTestId('props-name').textContent();
  await page.getByTestId('lang-switch').selectOption('en');
  assert.equal(await htmlLang(page), 'en');
  assert.equal((await page.getByTestId('file-menu').locator('summary').textContent()).trim(), 'File');
  assert.equal(await page.getByTestId('save-status').textContent(), 'Saved locally');
  assert.equal(await page.getByTestId('props-name').textContent(), selected);

  // The choice beats the browser's language after a reload.
  await page.reload();
  await page.getByTestId('canvas').waitFor();
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await page.getByTestId('lang-switch').inputValue(), 'en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an English browser switches to Korean: menus, help and notices speak Korean', async () => {
  const { context, page, problems } = await openApp(browser);
  assert.equal(await htmlLang(page), 'en');
  await page.getByTestId('lang-switch').selectOption('ko');
  assert.equal(await htmlLang(page), 'ko');
  // The switch names itself in both languages, so whoever cannot read one still finds it.
  const label = await page.getByTestId('lang-switch').getAttribute('aria-label');
  assert.match(label, /Language/);
  assert.match(label, /언어/);

  await page.getByTestId('file-menu').locator('summary').click();
  assert.equal((await page.getByTestId('menu-new-blank').locator('span').textContent()).trim(), '새 빈 설계');
  await page.getByTestId('menu-snapshot').click();
  await assert.doesNotReject(page.getByText('스냅샷을 찍었습니다.').waitFor());

  await page.getByTestId('help').click();
  await assert.doesNotReject(page.getByRole('dialog').getByText('키보드와 마우스').waitFor());
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await context.close();
});
