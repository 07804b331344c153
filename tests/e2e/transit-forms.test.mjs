// The Transit & VPN tab's forms as a learner uses them on the hub-and-spoke design
// (tests/fixtures/transit/hub-and-spoke-design.json):
// - spoke 2's attachment deleted on the canvas cuts spoke 2 off; attaching the VPC again with
//   the form is refused without a subnet and for a VPC already attached, then succeeds with one
//   subnet per zone; the new attachment lands in the default table, where spoke 2 does not see
//   the shared VPC; moving its association to the spokes' table (refused until the default one
//   ends: one table per attachment) makes spoke 2 → shared reachable, with the app's hops
//   equal to `stratosim trace --json`'s on the design the app autosaved.
// - an office dropped as a customer gateway and connected by VPN to the transit gateway is
//   reached from spoke 1 once the spokes' table learns its range and spoke 1's own route table
//   sends that range to the gateway (blocked there before); the CLI agrees hop for hop on the
//   autosaved design.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, OUTPUT, cli, launch, openApp, openDesign, shot, dropOn, fit, HANG, trace, uiHops, cliHops } from './harness.mjs';

const FIXTURE = `${ROOT}tests/fixtures/transit/hub-and-spoke-design.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The design the app holds, as its autosave wrote it, in a file the CLI can read.
async function savedDesign(page, name) {
  await page.getByTestId('save-status').filter({ hasText: 'Saved locally' }).waitFor({ timeout: HANG });
  const text = await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1'));
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, name);
  writeFileSync(path, text);
  return { path, design: JSON.parse(text) };
}

async function openTable(page, table) {
  await page.getByTestId('tab-transit').click();
  await page.getByTestId('transit-view').waitFor();
  await page.getByTestId('tgw-route-table-list').locator(`[data-id-ref="${table}"]`).click();
  await page.locator(`[data-testid=tgw-route-table-detail][data-table="${table}"]`).waitFor();
}

/// Ticks (or unticks) a chip of the route table shown; the box follows once the design does.
async function tick(page, testid, on = true) {
  await page.getByTestId(testid).click();
  await page.locator(`[data-testid="${testid}"]${on ? ':checked' : ':not(:checked)'}`).waitFor();
}

test('a VPC attached again with the form carries traffic once its route tables take it, as the CLI says', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, FIXTURE);
  await page.getByTestId('design-name').filter({ hasText: /hub and spoke/i }).waitFor();
  await fit(page);
  const canvas = page.getByTestId('canvas');

  // Spoke 2's attachment deleted on the canvas: spoke 2 no longer reaches the shared VPC.
  await canvas.locator('[data-id="tgw-attach-spoke-2"]').click();
  await page.keyboard.press('Delete');
  assert.equal(await canvas.locator('[data-id="tgw-attach-spoke-2"]').count(), 0);
  await trace(page, 'i-spoke-2', 'i-shared', 443);
  assert.equal(await page.getByTestId('trace-verdict').getAttribute('data-verdict'), 'unreachable');

  // The form: no subnet chosen is refused, naming the VPC.
  await page.getByTestId('tab-transit').click();
  await page.getByTestId('attach-vpc').selectOption('vpc-spoke-2');
  // Each zone starts on its dedicated attachment subnet, not on "none".
  assert.equal(await page.getByTestId('attach-subnet-ap-northeast-2a').inputValue(), 'subnet-spoke-2-tgw-a');
  assert.equal(await page.getByTestId('attach-subnet-ap-northeast-2c').inputValue(), 'subnet-spoke-2-tgw-c');
  await page.getByTestId('attach-subnet-ap-northeast-2a').selectOption('');
  await page.getByTestId('attach-subnet-ap-northeast-2c').selectOption('');
  await page.getByTestId('attach-vpc-button').click();
  const notice = page.getByTestId('canvas-notice');
  await notice.filter({ hasText: /choose at least one subnet of VPC vpc-spoke-2/ }).waitFor();
  // A VPC that is attached already is refused, naming its attachment.
  await page.getByTestId('attach-vpc').selectOption('vpc-spoke-1');
  await page.getByTestId('attach-subnet-ap-northeast-2a').selectOption('subnet-spoke-1-tgw-a');
  await page.getByTestId('attach-vpc-button').click();
  await notice.filter({ hasText: /VPC vpc-spoke-1 is already attached to transit gateway tgw-hub by tgw-attach-spoke-1/ }).waitFor();

  // One subnet per zone: attached and drawn, and (as AWS does with default association and
  // propagation) associated with and propagated into the gateway's default table, the first.
  const links = '[data-testid=canvas] [data-testid=transit-link][data-kind=attachment]';
  const before = await page.locator(links).count();
  await page.getByTestId('attach-vpc').selectOption('vpc-spoke-2');
  await page.getByTestId('attach-subnet-ap-northeast-2a').selectOption('subnet-spoke-2-tgw-a');
  await page.getByTestId('attach-subnet-ap-northeast-2c').selectOption('subnet-spoke-2-tgw-c');
  await page.getByTestId('attach-vpc-button').click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n + 1, [links, before], { timeout: HANG });
  const { design: attached } = await savedDesign(page, 'transit-forms-attached.json');
  const fresh = attached.network.transit_gateway_attachments.find((a) => a.vpc_id === 'vpc-spoke-2');
  assert.ok(fresh, 'the new attachment of vpc-spoke-2 is in the design');
  assert.deepEqual(fresh.subnet_ids, ['subnet-spoke-2-tgw-a', 'subnet-spoke-2-tgw-c']);
  const shared = attached.network.transit_gateway_route_tables.find((t) => t.id === 'tgw-rtb-shared');
  assert.ok(shared.associations.includes(fresh.id) && shared.propagations.includes(fresh.id), JSON.stringify(shared));
  await canvas.locator(`[data-testid=transit-link][data-link="${fresh.id}"][data-kind=attachment]`).waitFor();
  // In the shared table, spoke 2 sees only the spokes' routes: the shared VPC is not there.
  await trace(page, 'i-spoke-2', 'i-shared', 443);
  assert.equal(await page.getByTestId('trace-verdict').getAttribute('data-verdict'), 'unreachable');

  // An attachment has one route table: associating it with the spokes' table is refused
  // until the default association ends.
  await openTable(page, 'tgw-rtb-spokes');
  await page.getByTestId(`tgw-assoc-${fresh.id}`).click();
  await notice.filter({ hasText: `attachment ${fresh.id} is associated with tgw-rtb-shared` }).waitFor();
  assert.equal(await page.getByTestId(`tgw-assoc-${fresh.id}`).isChecked(), false);
  await openTable(page, 'tgw-rtb-shared');
  await tick(page, `tgw-assoc-${fresh.id}`, false);
  await openTable(page, 'tgw-rtb-spokes');
  await tick(page, `tgw-assoc-${fresh.id}`);
  await trace(page, 'i-spoke-2', 'i-shared', 443);
  assert.equal(await page.getByTestId('trace-verdict').getAttribute('data-verdict'), 'reachable');
  const { path } = await savedDesign(page, 'transit-forms-reattached.json');
  const json = cli(['trace', '--design', path, '--from', 'i-spoke-2', '--to', 'i-shared', '--port', '443', '--json']);
  assert.equal(json.verdict, 'reachable');
  const hops = cliHops(json);
  assert.deepEqual(await uiHops(page), hops);
  assert.ok(hops.some(([c]) => c === fresh.id), `the path crosses ${fresh.id}: ${hops}`);
  await page.screenshot({ path: shot('transit-forms-reattached') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an office connected by VPN to the transit gateway is reached from a spoke, as the CLI says', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, FIXTURE);
  await page.getByTestId('design-name').filter({ hasText: /hub and spoke/i }).waitFor();
  await fit(page);
  const canvas = page.getByTestId('canvas');
  // The customer gateway stands outside every VPC: dropped right of the transit gateway.
  await dropOn(page, 'customer-gateway', canvas, { dx: 0.9, dy: 0.2 });
  await canvas.locator('[data-kind=customer-gateway]').first().waitFor();
  const { design: withCgw } = await savedDesign(page, 'transit-forms-cgw.json');
  assert.equal(withCgw.network.customer_gateways.length, 1);
  const cgw = withCgw.network.customer_gateways[0].id;

  await page.getByTestId('tab-transit').click();
  await page.getByTestId('vpn-cgw').selectOption(cgw);
  await page.getByTestId('vpn-end').selectOption('tgw-hub');
  await page.getByTestId('vpn-routes').fill('192.168.0.0/16');
  await page.getByTestId('vpn-connect').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=canvas] [data-testid=transit-link][data-kind=vpn]').length >= 1, null, { timeout: HANG });
  const { design: connected } = await savedDesign(page, 'transit-forms-vpn.json');
  const vpn = connected.network.vpn_connections[0];
  assert.equal(vpn.customer_gateway_id, cgw);
  assert.deepEqual(vpn.routes, ['192.168.0.0/16']);
  const att = connected.network.transit_gateway_attachments.find((a) => a.vpn_connection_id === vpn.id);
  assert.ok(att, 'a VPN attachment on the transit gateway');

  // By default the VPN attachment is in the first table (associated and propagated): the
  // replies find spoke 1 there. Spoke 1's table has to learn the office's range too.
  const first = connected.network.transit_gateway_route_tables.find((t) => t.id === 'tgw-rtb-shared');
  assert.ok(first.associations.includes(att.id), JSON.stringify(first));
  await openTable(page, 'tgw-rtb-spokes');
  await tick(page, `tgw-prop-${att.id}`);
  // Spoke 1's own route table still sends only 10.0.0.0/8 to the gateway: the trace says so.
  await trace(page, 'i-spoke-1', '192.168.1.10', 22);
  assert.equal(await page.getByTestId('trace-verdict').getAttribute('data-verdict'), 'unreachable');
  assert.equal(await page.getByTestId('trace-verdict').getAttribute('data-blocked-by'), 'rtb-spoke-1');
  // The office's range to the transit gateway, added in the Route tables tab.
  await page.getByTestId('tab-route-tables').click();
  await page.getByTestId('route-table-list').locator('[data-id-ref="rtb-spoke-1"]').click();
  const rows = await page.getByTestId('route-table-detail').getByTestId('route-row').count();
  await page.getByTestId('route-destination').fill('192.168.0.0/16');
  await page.getByTestId('route-target').selectOption({ label: 'tgw-hub' });
  await page.getByTestId('add-route').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=route-row]').length === n + 1, rows);
  await trace(page, 'i-spoke-1', '192.168.1.10', 22);
  const { path } = await savedDesign(page, 'transit-forms-vpn-routed.json');
  const json = cli(['trace', '--design', path, '--from', 'i-spoke-1', '--to', '192.168.1.10', '--port', '22', '--json']);
  assert.equal(await page.getByTestId('trace-verdict').getAttribute('data-verdict'), json.verdict);
  assert.equal(json.verdict, 'reachable', JSON.stringify(json.blocked_by));
  const hops = cliHops(json);
  assert.deepEqual(await uiHops(page), hops);
  assert.ok(hops.some(([c]) => c === att.id), `the path crosses the VPN attachment: ${hops}`);
  await page.screenshot({ path: shot('transit-forms-vpn') });
  assert.deepEqual(problems, []);
  await context.close();
});
