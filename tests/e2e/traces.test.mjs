// Packet traces in the app: the seed-004 bastion bug shows red at the route table, "Apply
// fix" turns it green, and the UI agrees hop for hop with `stratosim trace --json`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, cli, launch, openApp, openDesign, shot, HANG, trace } from './harness.mjs';

const FIXTURE = `${ROOT}tests/fixtures/designs/bastion-no-igw-route.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('SSH to the bastion is blocked at the public route table; Apply fix makes it green', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, FIXTURE);
  await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();
  await trace(page, '203.0.113.10', 'i-0bastion', 22);
  const verdict = page.getByTestId('trace-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'unreachable');
  assert.equal(await verdict.getAttribute('data-blocked-by'), 'rtb-0public');
  assert.equal(await verdict.getAttribute('data-code'), 'NO_ROUTE_TO_DESTINATION');
  assert.match(await page.getByTestId('trace-explanation').textContent(), /no route matching 203\.0\.113\.10/);
  const dropped = page.locator('[data-testid=trace-hop][data-decision=drop]');
  assert.equal(await dropped.first().getAttribute('data-component'), 'rtb-0public');

  // The UI and the CLI agree on the verdict, the blocker and every hop.
  const json = cli(['trace', '--design', FIXTURE, '--from', '203.0.113.10', '--to', 'i-0bastion', '--port', '22', '--json']);
  assert.equal(json.verdict, 'unreachable');
  assert.equal(json.blocked_by, 'rtb-0public');
  const uiHops = await page.getByTestId('trace-hop').evaluateAll((rows) => rows.map((r) => [r.dataset.component, r.dataset.decision]));
  const cliHops = [...json.hops, ...json.return_hops].map((h) => [h.component, h.decision]);
  assert.deepEqual(uiHops, cliHops);

  // Tracing plays the hops one by one; at the end the blocker is lit red and pulses.
  await page.getByTestId('trace-step').filter({ hasText: `hop ${cliHops.length} of ${cliHops.length}` }).waitFor({ timeout: HANG });
  await page.locator('[data-testid=canvas] .shape.trace-bad').first().waitFor();
  await page.screenshot({ path: shot('trace-bastion-blocked') });

  await page.getByTestId('trace-apply-fix').click();
  await page.locator('[data-testid=trace-verdict][data-verdict=reachable]').waitFor();
  const fixed = cli(['trace', '--design', FIXTURE, '--from', '203.0.113.10', '--to', 'i-0bastion', '--port', '22', '--json']);
  assert.equal(fixed.verdict, 'unreachable', 'the fixture on disk is unchanged; only the app design was fixed');
  await page.getByTestId('trace-play').click();
  await page.getByTestId('trace-step').filter({ hasText: /hop (\d+) of \1/ }).waitFor({ timeout: HANG });
  await page.screenshot({ path: shot('trace-bastion-fixed') });
  // The fix is one undo step away.
  await page.getByTestId('undo').click();
  await page.locator('[data-testid=trace-verdict][data-verdict=unreachable]').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a saved test flow shows pass or fail and re-evaluates after an edit', async () => {
  const { context, page } = await openApp(browser);
  await openDesign(page, FIXTURE);
  await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();
  await trace(page, '203.0.113.10', 'i-0bastion', 22);
  await page.getByTestId('save-flow-allowed').click();
  const flow = page.getByTestId('test-flow').last();
  await flow.waitFor();
  assert.equal(await flow.getAttribute('data-result'), 'fail');
  await page.getByTestId('trace-apply-fix').click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=test-flow]')].pop()?.dataset.result === 'pass');
  await context.close();
});

test('a matrix cell opens its own trace, which gives the verdict the cell showed', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, FIXTURE);
  await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();
  await page.getByTestId('tab-traces').click();
  for (const [cls, verdict] of [['no', 'unreachable'], ['yes', 'reachable']]) {
    await page.getByTestId('matrix-toggle').click();
    const cell = page.locator(`[data-testid=matrix-cell].${cls}`).first();
    await cell.waitFor();
    const [from, to, port] = await cell.evaluate((c) => [c.dataset.from, c.dataset.to, c.dataset.port]);
    await cell.getByRole('button').click();
    await page.locator(`[data-testid=trace-verdict][data-verdict=${verdict}]`).waitFor();
    assert.equal(await page.getByTestId('trace-from').inputValue(), from);
    assert.equal(await page.getByTestId('trace-to').inputValue(), to);
    assert.equal(await page.getByTestId('trace-port').inputValue(), port);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
