// The week-1 assignment of seed 003, built from scratch in the browser by dragging and
// editing (VPC, two AZs, five subnets, IGW, route table, security groups), in assignment
// mode: the live checklist ticks to 100 %, and Submit downloads the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openApp, shot, dropOn, shape, fit, HANG } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function rename(page, id, name) {
  await shape(page, id).click({ position: { x: 12, y: 12 } });
  await page.getByTestId('tab-properties').click();
  await page.getByTestId('field-name').fill(name);
  await page.getByTestId('field-name').press('Enter');
  await page.getByTestId('canvas').locator(`[data-id="${id}"]`).filter({ hasText: name }).waitFor();
}

async function addRule(page, side, ports, peer) {
  const rows = page.getByTestId(`sg-rules-${side}`).getByTestId('sg-rule');
  const before = await rows.count();
  await page.getByTestId(`sg-${side}-ports`).fill(ports);
  await page.getByTestId(`sg-${side}-peer`).fill(peer);
  await page.getByTestId(`sg-${side}-add`).click();
  await page.waitForFunction(([s, n]) => document.querySelectorAll(`[data-testid=sg-rules-${s}] [data-testid=sg-rule]`).length === n + 1, [side, before]);
}

test('build the week-1 VPC from scratch and pass every check of the rubric', async () => {
  const { context, page, problems } = await openApp(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId('start-vpc-week1').click();
  await page.getByTestId('task-card').waitFor();
  assert.match(await page.getByTestId('statement').textContent(), /management subnet/);
  const max = (await page.getByTestId('score').textContent()).split('/')[1].trim();
  await page.getByTestId('reveal-hint').click();
  assert.equal(await page.getByTestId('hint').count(), 1);

  const vpc = 'vpc-w1';
  // Two availability zones in the VPC, then the subnets: public + private in each, mgmt in a.
  await dropOn(page, 'availability-zone', shape(page, vpc), { dx: 0.3, dy: 0.6 });
  await fit(page);
  await dropOn(page, 'availability-zone', shape(page, vpc), { dx: 0.9, dy: 0.6 });
  await fit(page);
  const zones = await page.getByTestId('canvas').locator('[data-kind=availability-zone]').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.equal(zones.length, 2, zones.join());
  const subnetIds = [];
  for (const [zone, count] of [[zones[0], 3], [zones[1], 2]]) {
    for (let i = 0; i < count; i++) {
      await dropOn(page, 'subnet', shape(page, zone), { dx: 0.5, dy: 0.5 });
      await fit(page);
      subnetIds.push(await page.evaluate(() => document.querySelector('[data-testid=canvas] .shape.selected')?.dataset.id));
    }
  }
  await page.screenshot({ path: shot('week1-subnets') });
  assert.equal(subnetIds.filter(Boolean).length, 5, subnetIds.join());
  const [pubA, privA, mgmt, pubC, privC] = subnetIds;
  await page.getByTestId('tab-properties').click();
  for (const [id, name] of [[pubA, 'public-a'], [privA, 'private-a'], [mgmt, 'mgmt-a'], [pubC, 'public-c'], [privC, 'private-c']]) {
    await rename(page, id, name);
  }
  await dropOn(page, 'internet-gateway', shape(page, vpc), { dx: 0.5, dy: 0.02 });
  await fit(page);

  // One instance per subnet; web servers and the management host get public IPs.
  const hosts = {};
  for (const [subnet, name, pub] of [[pubA, 'web-a', true], [pubC, 'web-c', true], [privA, 'db-a', false], [privC, 'db-c', false], [mgmt, 'mgmt', true]]) {
    await dropOn(page, 'instance', shape(page, subnet), { dx: 0.2, dy: 0.6 });
    const id = await page.evaluate(() => document.querySelector('[data-testid=canvas] .shape.selected')?.dataset.id);
    hosts[name] = id;
    await page.getByTestId('tab-properties').click();
    await page.getByTestId('field-name').fill(name);
    await page.getByTestId('field-name').press('Enter');
    if (pub && !(await page.getByTestId('field-public_ip').isChecked())) await page.getByTestId('field-public_ip').click();
    await fit(page);
  }

  // A public route table: 0.0.0.0/0 → the IGW, for the public and management subnets.
  await page.getByTestId('tab-route-tables').click();
  await page.getByTestId('new-route-table').click();
  await page.getByTestId('route-table-list').locator('button').last().click();
  await page.getByTestId('route-destination').fill('0.0.0.0/0');
  await page.getByTestId('add-route').click();
  for (const name of ['public-a', 'public-c', 'mgmt-a']) await page.getByTestId(`rt-assoc-${name}`).check();

  // Security groups: mgmt (22 from the admin), web (8080 from anywhere, 22 from mgmt),
  // db (3306 from web, 22 from mgmt); each host gets its group instead of the default one.
  await page.getByTestId('tab-security-groups').click();
  for (const name of ['mgmt', 'web', 'db']) {
    await page.getByTestId('new-sg-name').fill(name);
    await page.getByTestId('new-sg').click();
    await page.getByTestId('sg-list').locator('button', { hasText: `${name} (` }).waitFor();
  }
  const open = (name) => page.getByTestId('sg-list').locator('button', { hasText: `${name} (` }).click();
  await open('mgmt');
  await addRule(page, 'in', '22', '203.0.113.10/32');
  await page.getByTestId('sg-attach-mgmt').check();
  await open('web');
  await addRule(page, 'in', '8080', '0.0.0.0/0');
  await addRule(page, 'in', '22', 'mgmt');
  await page.getByTestId('sg-attach-web-a').check();
  await page.getByTestId('sg-attach-web-c').check();
  await open('db');
  await addRule(page, 'in', '3306', 'web');
  await addRule(page, 'in', '22', 'mgmt');
  await page.getByTestId('sg-attach-db-a').check();
  await page.getByTestId('sg-attach-db-c').check();
  await open('default');
  for (const h of ['web-a', 'web-c', 'db-a', 'db-c', 'mgmt']) await page.getByTestId(`sg-attach-${h}`).uncheck();

  // The checklist is all green.
  await page.getByTestId('tab-task').click();
  await page.getByTestId('score').filter({ hasText: `${max} / ${max}` }).waitFor({ timeout: HANG }).catch(async () => {
    const failing = await page.locator('[data-testid=check][data-passed=false]').allTextContents();
    assert.fail(`not every check passes: ${failing.join(' | ')}`);
  });
  await page.screenshot({ path: shot('week1-complete') });

  // Submit: a report downloads and a link to the design is produced.
  await page.getByTestId('student-name').fill('Kim Min-ji');
  const download = page.waitForEvent('download');
  await page.getByTestId('submit').click();
  const file = await download;
  const html = readFileSync(await file.path(), 'utf8');
  assert.match(html, new RegExp(`${max} / ${max} \\(100%\\)`));
  assert.match(html, /Week 1/);
  const link = await page.getByTestId('share-link').textContent();
  assert.match(link, /#design=.*&scenario=vpc-week1/);

  // Undo/redo work through the whole build, and a reload restores the design exactly.
  const saved = await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1'));
  await page.getByTestId('undo').click();
  await page.getByTestId('redo').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved locally' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')), saved);
  await page.reload();
  await page.getByTestId('task-card').waitFor();
  await page.getByTestId('score').filter({ hasText: `${max} / ${max}` }).waitFor();

  // The submitted link opens read-only, graded, in a fresh browser.
  const reviewer = await openApp(browser, { path: link.slice(link.indexOf('#')) });
  await reviewer.page.getByTestId('review-card').waitFor();
  await reviewer.page.getByTestId('score').filter({ hasText: `${max} / ${max}` }).waitFor();
  assert.ok(await reviewer.page.getByTestId('read-only-banner').isVisible());
  await reviewer.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});
