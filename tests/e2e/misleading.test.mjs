// Things that misled learners (issue #18): a new route table or security group is chosen with its
// first field focused (not main/default); the `default` group is said on the instance and in
// the security-group view; Problems groups info notes, filters by severity and counts "1 error";
// "Open this flow in the tracer" brings Traces to the front and plays; scenario blurbs are not
// cut inside an address; a "chosen" banner on a node that died since says it is history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, launch, openApp, openDesign, dropOn, shape, fit, shot } from './harness.mjs';

const ON_NETWORK = `${ROOT}tests/fixtures/designs/cluster-network-nodes.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const focused = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? null);

test('a new route table and a new security group are chosen with their first field focused', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('tab-route-tables').click();
  const detail = page.getByTestId('route-table-detail');
  const before = await detail.getAttribute('data-table');
  await page.getByTestId('new-route-table').click();
  await page.waitForFunction((b) => document.querySelector('[data-testid=route-table-detail]')?.dataset.table !== b, before);
  assert.notEqual(await detail.getAttribute('data-table'), before);
  assert.doesNotMatch(await detail.locator('h4').textContent(), /\(main\)/);
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'route-destination');

  await page.getByTestId('tab-security-groups').click();
  await page.getByTestId('new-sg-name').fill('web');
  await page.getByTestId('new-sg').click();
  await page.getByTestId('sg-detail').locator('h4').filter({ hasText: /^web — / }).waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'sg-in-ports');
  assert.equal(await focused(page), 'sg-in-ports');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an instance in the default group says so, and the default group lists its members', async () => {
  const { context, page, problems } = await openApp(browser);
  await fit(page);
  await dropOn(page, 'instance', shape(page, 'subnet-0b22'), { dx: 0.85, dy: 0.8 });
  const note = page.locator('[data-testid=field-shown][data-label="Default group"]');
  await note.waitFor();
  assert.match(await note.textContent(), /default group, given to every new instance/);
  const name = await page.getByTestId('props-name').textContent();
  await page.getByTestId('tab-security-groups').click();
  await page.getByTestId('sg-list').locator('button', { hasText: /^default/ }).click();
  const sgNote = page.getByTestId('sg-default-note');
  await sgNote.waitFor();
  assert.match(await sgNote.textContent(), new RegExp(`Members now: .*${name}`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('Problems groups info notes, filters by severity and says "1 error"', async () => {
  const { context, page, problems } = await openApp(browser);
  // The sample has two subnets: two SUBNET_CAPACITY info notes, grouped in one row.
  const group = page.locator('[data-testid=info-group][data-code=SUBNET_CAPACITY]');
  await group.waitFor();
  assert.equal(await group.locator('[data-testid=problem]').count(), 2);
  assert.equal(await group.locator('details').getAttribute('open'), null, 'collapsed');
  await page.getByTestId('problems-filter').selectOption('errors');
  await group.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid=problem][data-severity=info]').count(), 0);
  assert.equal(await page.locator('[data-testid=problem][data-severity=warning]').count(), 0);
  // One error: a public subnet whose route table loses its internet route.
  await page.getByTestId('tab-route-tables').click();
  await page.getByTestId('route-table-list').locator('button', { hasText: /^public/ }).click();
  await page.locator('[data-testid=route-row]').filter({ hasText: '0.0.0.0/0' }).getByRole('button').click();
  await page.getByTestId('tab-problems').filter({ hasText: /· 1 error,/ }).waitFor();
  assert.doesNotMatch(await page.getByTestId('tab-problems').textContent(), /1 errors/);
  await page.getByTestId('tab-problems').click();
  await page.screenshot({ path: shot('problems-filtered') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a checklist flow opens in the Traces tab and plays; scenario blurbs keep their addresses', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('open-scenarios').click();
  const blurbs = await page.locator('li[data-testid^=scenario-] p').allTextContents();
  assert.ok(blurbs.length > 0);
  for (const b of blurbs) assert.doesNotMatch(b, /(\(10\.|\b0\.)$/, `cut blurb: ${b}`);
  // A broken challenge: its reachability checks fail at the start.
  await page.getByTestId('start-bastion-ssh-timeout').click();
  const link = page.locator('[data-testid=check][data-passed=false]').getByRole('button', { name: 'Open this flow in the tracer' }).first();
  await link.click();
  assert.equal(await page.getByTestId('tab-traces').getAttribute('aria-selected'), 'true');
  await page.getByTestId('trace-verdict').waitFor();
  await page.getByTestId('trace-play').filter({ hasText: 'Pause' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a "chosen" banner on a node that has died since says it is history', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, ON_NETWORK);
  await page.getByTestId('design-name').filter({ hasText: /Cluster on the network/ }).waitFor();
  await fit(page);
  await dropOn(page, 'pod', shape(page, 'subnet-0b22'), { dx: 0.97, dy: 0.97 });
  const verdict = page.getByTestId('explain-verdict');
  await verdict.waitFor();
  const chosen = await verdict.getAttribute('data-node');
  const card = page.locator(`[data-testid=cluster-node][data-node="${chosen}"]`);
  assert.equal(await card.getByTestId('node-verdict').getAttribute('data-verdict'), 'winner');
  await card.getByTestId('inject-kill').click();
  await page.getByTestId('cluster-seek').evaluate((el) => {
    el.value = '70000';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.locator(`[data-testid=cluster-node][data-node="${chosen}"][data-ready=Unknown]`).waitFor();
  const banner = card.getByTestId('node-verdict');
  await card.locator('[data-testid=node-verdict][data-verdict=stale]').waitFor();
  assert.match(await banner.textContent(), /was chosen for .* the node is NotReady now/);
  assert.equal(await page.locator(`[data-testid=cluster-node][data-node="${chosen}"] [data-verdict=winner]`).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('trace From/To keep every keystroke while a trace plays; the player uses SVG icons, not font glyphs', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('tab-traces').click();
  await page.getByTestId('trace-run').click();
  await page.getByTestId('trace-verdict').waitFor();
  await page.getByTestId('trace-speed').selectOption('4');
  if ((await page.getByTestId('trace-play').textContent()) !== 'Pause') await page.getByTestId('trace-play').click();
  await page.getByTestId('trace-play').filter({ hasText: 'Pause' }).waitFor();
  const from = page.getByTestId('trace-from');
  await from.click();
  await from.press('Control+a');
  await from.press('Delete');
  // Typed slowly enough that the playback re-renders the panel between keystrokes.
  await page.keyboard.type('203.0.113.77', { delay: 120 });
  assert.equal(await from.inputValue(), '203.0.113.77');
  await from.press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid=trace-from]')?.value === '203.0.113.77');
  for (const id of ['trace-reset', 'trace-back', 'trace-forward']) {
    const b = page.getByTestId(id);
    assert.equal(await b.locator('svg.icon.control').count(), 1, id);
    assert.equal((await b.textContent()).trim(), '', `${id} has no glyph text`);
    assert.ok((await b.getAttribute('aria-label')).length > 0);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a hop links to the rule that decided it: the list view opens on its object with the row highlighted', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('tab-traces').click();
  // The sample's bastion → app SSH: allowed by a route, NACL entries and security-group rules.
  for (const [id, v] of [['trace-from', 'i-0bastion'], ['trace-to', 'i-0app'], ['trace-port', '22']]) {
    await page.getByTestId(id).fill(v);
    await page.getByTestId(id).press('Tab');
  }
  await page.getByTestId('trace-run').click();
  await page.getByTestId('trace-verdict').waitFor();
  const views = [
    { prefix: 'rtb', tab: 'tab-route-tables', detail: 'route-table-detail', attr: 'data-table', row: 'route-row' },
    { prefix: 'acl', tab: 'tab-network-acls', detail: 'nacl-detail', attr: 'data-acl', row: 'nacl-entry' },
    { prefix: 'sg', tab: 'tab-security-groups', detail: 'sg-detail', attr: 'data-group', row: 'sg-rule' },
  ];
  for (const v of views) {
    if ((await page.getByTestId('tab-traces').getAttribute('aria-selected')) !== 'true') await page.getByTestId('tab-traces').click();
    const hop = page.locator(`[data-testid=trace-hop][data-component^="${v.prefix}-"]`).filter({ has: page.getByTestId('hop-show-rule') }).first();
    const component = await hop.getAttribute('data-component');
    // By keyboard (the button may sit under the table's sticky header in a short panel).
    await hop.getByTestId('hop-show-rule').focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=${v.tab}][aria-selected=true]`).waitFor();
    await page.locator(`[data-testid=${v.detail}][${v.attr}="${component}"]`).waitFor();
    assert.equal(await page.locator(`[data-testid=${v.row}][data-marked=true]`).count(), 1, `${v.prefix}: one highlighted row`);
    await page.screenshot({ path: shot(`hop-rule-${v.prefix}`) });
  }
  assert.deepEqual(problems, []);
  await context.close();
});
