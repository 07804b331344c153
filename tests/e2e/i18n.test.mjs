// The UI in English and Korean (issue #18): the browser's language chooses at first, the
// switch in the top bar changes every word at once (no reload, nothing lost) and is
// remembered; `<html lang>` follows. Ids, CIDRs and codes stay as they are in both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, launch, openApp, openDesign, shot } from './harness.mjs';

const BASTION = `${ROOT}tests/fixtures/designs/bastion-no-igw-route.json`;

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

const HANGUL = /[\uac00-\ud7a3]/;

test('in Korean, lints and trace explanations are Korean and keep every id; a scenario is set in Korean', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ko-KR', viewport: { width: 1366, height: 768 } });
  await openDesign(page, BASTION);
  await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();

  // A trace: the verdict, the teaching sentence and every hop's reason are in Korean, and the
  // ids they name are the design's own.
  await page.getByTestId('tab-traces').click();
  for (const [id, v] of [['trace-from', '203.0.113.10'], ['trace-to', 'i-0bastion'], ['trace-port', '22']]) {
    await page.getByTestId(id).fill(v);
    await page.getByTestId(id).press('Tab');
  }
  await page.getByTestId('trace-run').click();
  const verdict = page.getByTestId('trace-verdict');
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute('data-verdict'), 'unreachable');
  const blockedBy = await verdict.getAttribute('data-blocked-by');
  const code = await verdict.getAttribute('data-code');
  const said = await verdict.textContent();
  assert.match(said, /도달 불가/);
  assert.ok(said.includes(blockedBy) && said.includes(code), said);
  const teacher = await page.getByTestId('trace-explanation').textContent();
  assert.match(teacher, HANGUL, teacher);
  const reasons = await page.locator('td.why').allTextContents();
  assert.ok(reasons.length >= 2, `hops: ${reasons.length}`);
  for (const r of reasons) assert.match(r, HANGUL, r);
  await page.screenshot({ path: shot('i18n-ko-trace-1366') });

  // The same flow in English names the same blocker, in English.
  await page.getByTestId('lang-switch').selectOption('en');
  assert.match(await verdict.textContent(), new RegExp(`Unreachable — blocked by ${blockedBy} \\(${code}\\)`));
  assert.doesNotMatch(await page.getByTestId('trace-explanation').textContent(), HANGUL);
  await page.getByTestId('lang-switch').selectOption('ko');

  // Problems: each message is Korean and keeps the component's id.
  await page.getByTestId('tab-problems').click();
  const rows = page.getByTestId('problem');
  await rows.first().waitFor();
  for (const row of await rows.all()) {
    const msg = await row.locator('.msg').textContent();
    assert.match(msg, HANGUL, msg);
  }

  // A scenario's title, statement and checklist are Korean.
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId('scenario-vpc-week1').getByText('1주차: 퍼블릭, 프라이빗, 관리 계층이 있는 VPC').waitFor();
  await page.getByTestId('start-vpc-week1').click();
  if (await page.getByTestId('start-dialog').count()) await page.getByTestId('start-dialog-start').click();
  await page.getByTestId('task-card').waitFor();
  assert.match(await page.getByTestId('statement').textContent(), HANGUL);
  await page.getByTestId('checklist').waitFor();
  for (const check of await page.getByTestId('check').allTextContents()) assert.match(check, HANGUL, check);
  await page.screenshot({ path: shot('i18n-ko-assignment-1366') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('in Korean, a refused field edit says why in Korean, names the value typed and changes nothing', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ko-KR' });
  const subnet = page.getByTestId('canvas').locator('g[data-kind=subnet]').first();
  const id = await subnet.getAttribute('data-id');
  await subnet.locator('rect.box').first().click({ position: { x: 8, y: 60 } });
  const cidr = page.getByTestId('field-cidr');
  await cidr.waitFor();
  const before = await cidr.inputValue();
  await cidr.fill('10.0.999.0/24');
  await cidr.press('Enter');
  const error = page.locator('.field-error[role=alert]');
  await error.waitFor();
  const said = await error.textContent();
  assert.match(said, HANGUL, said);
  assert.ok(said.includes('10.0.999.0/24'), said);
  assert.equal(await cidr.getAttribute('aria-invalid'), 'true');
  // The design keeps the old block: the subnet on the canvas still shows it, the typed one nowhere.
  const drawn = await page.getByTestId('canvas').locator(`g[data-id="${id}"]`).first().textContent();
  assert.ok(drawn.includes(before), drawn);
  assert.ok(!drawn.includes('10.0.999.0/24'), drawn);
  assert.deepEqual(problems, []);
  await context.close();
});
