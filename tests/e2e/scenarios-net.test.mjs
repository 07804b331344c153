// Every built-in scenario opens from the picker without an error (the app reads the same
// scenario data the CLI grades with), and the four network and cluster scenarios of issues
// #14 and #15 start with their statement, their whole checklist graded live, the lesson's
// checks failing and the rest passing — in English and in Korean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { ROOT, launch, openApp, shot, HANG } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const HANGUL = /[\uac00-\ud7a3]/;
const DIR = `${ROOT}sim/scenarios`;
const IDS = readdirSync(DIR).filter((id) => existsSync(`${DIR}/${id}/scenario.yaml`));

/// A top-level `key: "value"` of a scenario file.
function field(id, file, key) {
  const m = readFileSync(`${DIR}/${id}/${file}`, 'utf8').match(new RegExp(`^${key}: "(.*)"$`, 'm'));
  assert.ok(m, `${id}/${file} has a ${key}`);
  return m[1];
}

/// The check ids of a scenario's rubric, in order.
function checkIds(id) {
  return [...readFileSync(`${DIR}/${id}/rubric.yaml`, 'utf8').matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);
}

/// The checks each new scenario's start fails: the lesson (the same rows as sim/tests/grade_scenarios.rs).
const NEW = {
  'tgw-hub-spoke': ['dev-not-to-prod', 'prod-not-to-dev'],
  'hybrid-vpn-endpoint': ['office-https-app', 'office-through-vpn', 'app-to-office-erp', 'admin-ssh-only-from-office-host', 'app-to-private-api', 'office-to-private-api', 'ipv6-egress', 'ipv6-egress-only'],
  'netpol-frontend-api': ['frontend-to-api', 'prometheus-scrapes-api'],
  'statefulset-az-pending': ['db-quorum-after-zone-failure'],
};

async function start(page, id) {
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId(`start-${id}`).click();
  if (await page.getByTestId('start-dialog').count()) await page.getByTestId('start-dialog-start').click();
  await page.getByTestId('task-card').waitFor();
}

test('every scenario in the picker opens without an error', async () => {
  assert.ok(IDS.length >= 16, `${IDS.length} scenarios`);
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('open-scenarios').click();
  const listed = await page.locator('li.scenario[data-testid^=scenario-]').evaluateAll((els) => els.map((e) => e.dataset.testid.slice('scenario-'.length)));
  await page.keyboard.press('Escape');
  assert.deepEqual([...listed].sort(), [...IDS].sort(), 'the picker lists every scenario directory');
  for (const id of IDS) {
    await start(page, id);
    await page.getByTestId('task-card').filter({ hasText: field(id, 'scenario.yaml', 'title') }).waitFor();
    assert.ok(await page.getByTestId('canvas').locator('[data-kind=vpc]').count() >= 1, `${id}: its VPCs are drawn`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [id, failing] of Object.entries(NEW)) {
  test(`${id}: the statement and the whole checklist, with the lesson's checks failing`, async () => {
    const { context, page, problems } = await openApp(browser, { viewport: { width: 1366, height: 900 } });
    await start(page, id);
    assert.match(await page.getByTestId('statement').textContent(), /\(.*[\uac00-\ud7a3].*\)/, 'key Korean terms in parentheses');
    const checks = page.getByTestId('check');
    await checks.first().waitFor({ timeout: HANG });
    const ids = checkIds(id);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=check]').length === n, ids.length, { timeout: HANG });
    const got = await checks.evaluateAll((els) => els.map((e) => [e.dataset.check, e.dataset.passed === 'true']));
    assert.deepEqual(got.map(([c]) => c), ids);
    assert.deepEqual(got.filter(([, passed]) => !passed).map(([c]) => c), failing, `${id}: the start fails exactly the lesson`);
    await page.screenshot({ path: shot(`scenarios-net-${id}`) });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('in Korean, the new scenarios show their Korean titles, statements and checks', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ko-KR' });
  for (const id of Object.keys(NEW)) {
    await page.getByTestId('open-scenarios').click();
    await page.getByTestId(`scenario-${id}`).getByText(field(id, 'ko.yaml', 'title')).waitFor();
    await page.getByTestId(`start-${id}`).click();
    if (await page.getByTestId('start-dialog').count()) await page.getByTestId('start-dialog-start').click();
    await page.getByTestId('task-card').filter({ hasText: field(id, 'ko.yaml', 'title') }).waitFor();
    assert.match(await page.getByTestId('statement').textContent(), HANGUL);
    await page.getByTestId('check').first().waitFor({ timeout: HANG });
    for (const check of await page.getByTestId('check').allTextContents()) assert.match(check, HANGUL, `${id}: ${check}`);
  }
  await page.screenshot({ path: shot('scenarios-net-ko') });
  assert.deepEqual(problems, []);
  await context.close();
});
