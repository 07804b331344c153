// Transit gateways in the app: the hub-and-spoke design (samples::hub_and_spoke(2), laid out
// by auto_layout; tests/fixtures/transit/hub-and-spoke-design.json) draws the gateway outside the
// VPCs with a line to each attachment; spoke → shared is reachable through the gateway with
// the app's hops equal to `stratosim trace --json`'s and the gateway lit on the canvas; a
// blackhole route added in the Transit & VPN list view blocks it (the CLI agrees on the same
// design), and undo brings the path back. A second VPN gateway on one VPC is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, OUTPUT, cli, launch, openApp, openDesign, shot, dropOn, fit, HANG, trace, uiHops, cliHops } from './harness.mjs';

const FIXTURE = `${ROOT}tests/fixtures/transit/hub-and-spoke-design.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(page) {
  await openDesign(page, FIXTURE);
  await page.getByTestId('design-name').filter({ hasText: /hub and spoke/i }).waitFor();
  await fit(page);
}

test('the transit gateway is drawn outside the VPCs with a line to each attachment and its subnets', async () => {
  const { context, page, problems } = await openApp(browser);
  await open(page);
  const canvas = page.getByTestId('canvas');
  const tgw = canvas.locator('[data-id="tgw-hub"]');
  await tgw.waitFor();
  assert.equal(await tgw.getAttribute('data-kind'), 'transit-gateway');
  assert.match(await tgw.getAttribute('aria-label'), /^Transit gateway hub/);
  // Outside every VPC: to the right of each VPC's box.
  const box = async (id) => canvas.locator(`[data-id="${id}"]`).locator('rect.box, rect.tile').first().boundingBox();
  const g = await box('tgw-hub');
  for (const vpc of ['vpc-shared', 'vpc-spoke-1', 'vpc-spoke-2']) {
    const v = await box(vpc);
    assert.ok(g.x > v.x + v.width, `${vpc} does not hold the gateway`);
  }
  // One line per attachment to the gateway, and knob → subnet lines (one subnet per AZ).
  for (const a of ['tgw-attach-shared', 'tgw-attach-spoke-1', 'tgw-attach-spoke-2']) {
    assert.equal(await canvas.locator(`[data-testid=transit-link][data-link="${a}"][data-kind=attachment]`).count(), 1, a);
    assert.equal(await canvas.locator(`[data-testid=transit-link][data-link="${a}"][data-kind=attachment-subnet]`).count(), 2, a);
    assert.match(await canvas.locator(`[data-id="${a}"]`).getAttribute('aria-label'), /^Transit gateway attachment/);
  }
  await page.screenshot({ path: shot('transit-hub-and-spoke') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('spoke → shared crosses the gateway like the CLI says; a blackhole route blocks it; undo restores it', async () => {
  const { context, page, problems } = await openApp(browser);
  await open(page);
  await trace(page, 'i-spoke-1', 'i-shared', 443);
  const verdict = page.getByTestId('trace-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'reachable');
  const json = cli(['trace', '--design', FIXTURE, '--from', 'i-spoke-1', '--to', 'i-shared', '--port', '443', '--json']);
  assert.equal(json.verdict, 'reachable');
  const hops = cliHops(json);
  assert.deepEqual(await uiHops(page), hops);
  const through = hops.map(([c]) => c);
  for (const c of ['tgw-attach-spoke-1', 'tgw-rtb-spokes', 'tgw-attach-shared']) {
    assert.ok(through.includes(c), `the path goes through ${c}: ${through}`);
  }
  // Played to the end, the gateway and the attachment lines are lit on the canvas.
  await page.getByTestId('trace-step').filter({ hasText: `hop ${hops.length} of ${hops.length}` }).waitFor({ timeout: HANG });
  const canvas = page.getByTestId('canvas');
  await canvas.locator('[data-id="tgw-hub"].trace-ok').waitFor();
  await canvas.locator('[data-id="tgw-attach-spoke-1"].trace-ok').waitFor();
  await canvas.locator('[data-testid=transit-link][data-link="tgw-attach-spoke-1"][data-kind=attachment].trace-ok').waitFor();
  assert.match(await canvas.locator('[data-id="tgw-hub"]').getAttribute('aria-label'), /on the traced path/);
  await page.screenshot({ path: shot('transit-trace-reachable') });

  // A blackhole for the shared subnet in the spokes' route table, from the list view.
  await page.getByTestId('tab-transit').click();
  await page.getByTestId('transit-view').waitFor();
  await page.getByTestId('tgw-route-table-list').locator('[data-id-ref="tgw-rtb-spokes"]').click();
  await page.locator('[data-testid=tgw-route-table-detail][data-table="tgw-rtb-spokes"]').waitFor();
  await page.getByTestId('tgw-route-cidr').fill('10.0.1.0/24');
  await page.getByTestId('tgw-route-target').selectOption('');
  await page.getByTestId('tgw-add-route').click();
  await page.locator('[data-testid=tgw-route-row][data-destination="10.0.1.0/24"][data-blackhole=true]').waitFor();
  await page.getByTestId('tab-traces').click();
  await page.locator('[data-testid=trace-verdict][data-verdict=unreachable]').waitFor();
  assert.equal(await verdict.getAttribute('data-blocked-by'), 'tgw-rtb-spokes');

  // The CLI on the same design (the fixture with that route) says the same, hop for hop.
  const design = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  design.network.transit_gateway_route_tables
    .find((t) => t.id === 'tgw-rtb-spokes')
    .routes.push({ destination: '10.0.1.0/24', blackhole: true, origin: 'static' });
  mkdirSync(OUTPUT, { recursive: true });
  const blocked = join(OUTPUT, 'hub-and-spoke-blackhole.json');
  writeFileSync(blocked, JSON.stringify(design, null, 2));
  const bj = cli(['trace', '--design', blocked, '--from', 'i-spoke-1', '--to', 'i-shared', '--port', '443', '--json']);
  assert.equal(bj.verdict, 'unreachable');
  assert.equal(bj.blocked_by, 'tgw-rtb-spokes');
  assert.deepEqual(await uiHops(page), cliHops(bj));
  await page.getByTestId('trace-play').click();
  await page.getByTestId('trace-step').filter({ hasText: /hop (\d+) of \1/ }).waitFor({ timeout: HANG });
  await canvas.locator('[data-id="tgw-hub"].trace-bad').waitFor();
  await page.screenshot({ path: shot('transit-trace-blackhole') });

  await page.getByTestId('undo').click();
  await page.locator('[data-testid=trace-verdict][data-verdict=reachable]').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a virtual private gateway dropped on a VPC sits on its edge; a second one is refused', async () => {
  const { context, page } = await openApp(browser);
  await open(page);
  const canvas = page.getByTestId('canvas');
  const vpc = canvas.locator('[data-id="vpc-shared"] rect.box').first();
  await dropOn(page, 'vpn-gateway', vpc, { dx: 0.3, dy: 0.5 });
  await canvas.locator('[data-kind=vpn-gateway]').first().waitFor();
  await dropOn(page, 'vpn-gateway', vpc, { dx: 0.3, dy: 0.5 });
  const notice = page.getByTestId('canvas-notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /already has virtual private gateway vgw-\S+ attached; a VPC can have only one/);
  assert.equal(await canvas.locator('[data-kind=vpn-gateway]').count(), 1);
  await context.close();
});
