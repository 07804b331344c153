// The network list views' forms for the rest of the AWS network, used as a learner would:
// - IPv6 routes (docs/SEMANTICS.md#x8) on the dual-stack capture
//   (tests/fixtures/ipv6/dual-stack.json): with batch's `::/0` route removed its worker
//   cannot reach the internet over IPv6; the form offers the egress-only gateway only once
//   the destination typed is IPv6, refuses a NAT gateway dropped in the batch subnet for
//   `::/0` naming both, and the route `::/0 → eigw-batch` it adds carries the trace out
//   through the gateway, with the app's hops equal to `stratosim trace --json`'s on the
//   design the app autosaved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, OUTPUT, cli, launch, openApp, openDesign, shot, dropOn, fit, HANG, trace, uiHops, cliHops } from './harness.mjs';

const DUAL = `${ROOT}tests/fixtures/ipv6/dual-stack.json`;
const WORKER = '2600:1f18:abcd:ef02::20';

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

/// File › Import › AWS CLI JSON, as a learner brings in a capture.
async function importAws(page, path) {
  await page.getByTestId('file-menu').locator('summary').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-import-aws').click();
  await (await chooser).setFiles(path);
  await page.getByTestId('design-name').filter({ hasText: /Imported: dual-stack/ }).waitFor();
}

async function openRouteTable(page, table) {
  await page.getByTestId('tab-route-tables').click();
  await page.getByTestId('route-table-list').locator(`[data-id-ref="${table}"]`).click();
  await page.locator(`[data-testid=route-table-detail][data-table="${table}"]`).waitFor();
}

/// The target options the route form offers now.
const targetOptions = (page) => page.getByTestId('route-target').locator('option').evaluateAll((os) => os.map((o) => o.value));

/// Waits until the route form offers exactly `want` (it follows the destination typed).
async function offers(page, want) {
  await page.waitForFunction((w) => {
    const os = [...document.querySelectorAll('[data-testid=route-target] option')].map((o) => o.value);
    return JSON.stringify(os) === JSON.stringify(w);
  }, want, { timeout: HANG }).catch(async () => assert.deepEqual(await targetOptions(page), want));
}

test('an IPv6 default route to the egress-only gateway, added in the form, carries the worker out, as the CLI says', async () => {
  const { context, page, problems } = await openApp(browser);
  await importAws(page, DUAL);
  await fit(page);

  // Batch's `::/0 → eigw-batch` removed: the worker reaches nothing outside over IPv6.
  await openRouteTable(page, 'rtb-batch');
  const rows = page.getByTestId('route-table-detail').getByTestId('route-row');
  const v6default = rows.filter({ hasText: 'eigw-batch' });
  await v6default.getByRole('button').click();
  await v6default.waitFor({ state: 'detached' });
  await trace(page, WORKER, 'internet', 443);
  const verdict = page.getByTestId('trace-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'unreachable');
  assert.equal(await verdict.getAttribute('data-blocked-by'), 'rtb-batch');

  // A NAT gateway in the batch subnet, to be offered for IPv4 only.
  const canvas = page.getByTestId('canvas');
  await dropOn(page, 'nat-gateway', canvas.locator('[data-id="subnet-batch"] rect.box').first(), { dx: 0.8, dy: 0.8 });
  await canvas.locator('[data-kind=nat-gateway]').first().waitFor();
  const { design: withNat } = await savedDesign(page, 'aws-forms-nat.json');
  const nat = withNat.network.nat_gateways.find((n) => n.subnet_id === 'subnet-batch').id;

  // The form offers the egress-only gateway only once the destination is IPv6 (X8).
  await openRouteTable(page, 'rtb-batch');
  const dest = page.getByTestId('route-destination');
  await offers(page, [nat, 'i-worker']);
  await dest.fill('0.0.0.0/0');
  await offers(page, [nat, 'i-worker']);
  await dest.fill('::/0');
  await offers(page, ['eigw-batch', nat, 'i-worker']);

  // Wrong family: the NAT gateway for ::/0 is refused, naming both; nothing is added.
  const notice = page.getByTestId('canvas-notice');
  const before = await rows.count();
  await page.getByTestId('route-target').selectOption(nat);
  await page.getByTestId('add-route').click();
  await notice.filter({ hasText: `NAT gateway ${nat} carries IPv4 only (and NAT64's 64:ff9b::/96), and ::/0 is IPv6` }).waitFor();
  assert.equal(await rows.count(), before);
  // The VPC's own /56 is its local route's.
  await dest.fill('2600:1f18:abcd:ef00::/56');
  await page.getByTestId('route-target').selectOption('eigw-batch');
  await page.getByTestId('add-route').click();
  await notice.filter({ hasText: 'route table rtb-batch already has a route for 2600:1f18:abcd:ef00::/56' }).waitFor();

  // ::/0 → eigw-batch, added: one more row, and the worker goes out through the gateway.
  await dest.fill('::/0');
  await page.getByTestId('route-target').selectOption('eigw-batch');
  await page.getByTestId('add-route').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=route-table-detail] [data-testid=route-row]').length === n + 1, before);
  await rows.filter({ hasText: 'eigw-batch' }).filter({ hasText: '::/0' }).waitFor();
  await trace(page, WORKER, 'internet', 443);
  assert.equal(await verdict.getAttribute('data-verdict'), 'reachable');
  const { path } = await savedDesign(page, 'aws-forms-eigw.json');
  const json = cli(['trace', '--design', path, '--from', WORKER, '--to', 'internet', '--port', '443', '--json']);
  assert.equal(json.verdict, 'reachable');
  const hops = cliHops(json);
  assert.deepEqual(await uiHops(page), hops);
  assert.ok(hops.some(([c]) => c === 'eigw-batch'), `the path leaves through eigw-batch: ${hops}`);
  await page.screenshot({ path: shot('aws-forms-eigw') });
  assert.deepEqual(problems, []);
  await context.close();
});

// - VGW route propagation (G3) on the hub-and-spoke design: a virtual private gateway dropped
//   on spoke 1 and an office connected to it by VPN; spoke 1 reaches the office only once its
//   route table propagates the gateway's routes, and the propagated route is listed as such
//   (read-only, no remove button) with the same destination the trace's hop names; the CLI
//   agrees hop for hop. Turning propagation off takes the route away again.
const HUB = `${ROOT}tests/fixtures/transit/hub-and-spoke-design.json`;

test('route propagation from a virtual private gateway, toggled in the route table, shows the propagated route the trace follows', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, HUB);
  await page.getByTestId('design-name').filter({ hasText: /hub and spoke/i }).waitFor();
  await fit(page);
  const canvas = page.getByTestId('canvas');
  await dropOn(page, 'vpn-gateway', canvas.locator('[data-id="vpc-spoke-1"] rect.box').first(), { dx: 0.5, dy: 0.05 });
  await canvas.locator('[data-kind=vpn-gateway]').first().waitFor();
  await dropOn(page, 'customer-gateway', canvas, { dx: 0.9, dy: 0.2 });
  await canvas.locator('[data-kind=customer-gateway]').first().waitFor();
  const { design: dropped } = await savedDesign(page, 'aws-forms-vgw.json');
  const vgw = dropped.network.vpn_gateways[0];
  assert.equal(vgw.attached_vpc, 'vpc-spoke-1');
  const cgw = dropped.network.customer_gateways[0].id;
  await page.getByTestId('tab-transit').click();
  await page.getByTestId('vpn-cgw').selectOption(cgw);
  await page.getByTestId('vpn-end').selectOption(vgw.id);
  await page.getByTestId('vpn-routes').fill('192.168.0.0/16');
  await page.getByTestId('vpn-connect').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=canvas] [data-testid=transit-link][data-kind=vpn]').length >= 1, null, { timeout: HANG });

  // Without propagation the office is not routed from spoke 1.
  await trace(page, 'i-spoke-1', '192.168.1.10', 22);
  const verdict = page.getByTestId('trace-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'unreachable');
  assert.equal(await verdict.getAttribute('data-blocked-by'), 'rtb-spoke-1');

  // Spoke 2's table offers no propagation (the gateway is not in its VPC); spoke 1's does.
  await openRouteTable(page, 'rtb-spoke-2');
  assert.equal(await page.getByTestId('route-propagation').count(), 0);
  await openRouteTable(page, 'rtb-spoke-1');
  const propagated = page.getByTestId('route-table-detail').getByTestId('propagated-route-row');
  assert.equal(await propagated.count(), 0);
  await page.getByTestId(`rt-propagate-${vgw.id}`).check();
  await propagated.filter({ hasText: '192.168.0.0/16' }).filter({ hasText: vgw.id }).waitFor();
  assert.equal(await propagated.first().getAttribute('data-origin'), 'propagated');
  assert.equal(await propagated.first().getByRole('button').count(), 0, 'a propagated route has no remove button');
  await propagated.first().filter({ hasText: 'propagated' }).waitFor();

  await trace(page, 'i-spoke-1', '192.168.1.10', 22);
  const { path, design: on } = await savedDesign(page, 'aws-forms-propagating.json');
  assert.deepEqual(on.network.vpn_gateways[0].propagates_to, ['rtb-spoke-1']);
  const json = cli(['trace', '--design', path, '--from', 'i-spoke-1', '--to', '192.168.1.10', '--port', '22', '--json']);
  assert.equal(json.verdict, 'reachable', JSON.stringify(json.blocked_by));
  assert.equal(await verdict.getAttribute('data-verdict'), 'reachable');
  const hops = cliHops(json);
  assert.deepEqual(await uiHops(page), hops);
  assert.ok(hops.some(([c]) => c === vgw.id), `the path crosses ${vgw.id}: ${hops}`);
  const routeHop = json.hops.find((h) => h.component === 'rtb-spoke-1');
  assert.equal(routeHop.rule.destination, '192.168.0.0/16 (propagated)', JSON.stringify(routeHop.rule));
  await page.screenshot({ path: shot('aws-forms-propagated') });

  // Off again: the route goes, and so does the path (one undo brings it back).
  await openRouteTable(page, 'rtb-spoke-1');
  await page.getByTestId(`rt-propagate-${vgw.id}`).uncheck();
  await propagated.first().waitFor({ state: 'detached' });
  await page.getByTestId('undo').click();
  await propagated.first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

// - Prefix lists (M4) on the starting design: a list made in the Transit & VPN tab refuses an
//   IPv6 entry (it is IPv4), takes the bastion's /32, and as the source of the app group's
//   inbound rule decides the bastion → app:5432 trace (blocked before), with the app's hops
//   equal to the CLI's; a list in use cannot be deleted.
test('a prefix list created in its view and used as a security-group source decides the trace, as the CLI says', async () => {
  const { context, page, problems } = await openApp(browser);
  await trace(page, 'i-0bastion', 'i-0app', 5432);
  const verdict = page.getByTestId('trace-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'unreachable');

  await page.getByTestId('tab-transit').click();
  await page.getByTestId('pl-new-name').fill('bastions');
  await page.getByTestId('pl-new-family').selectOption('IPv4');
  await page.getByTestId('pl-new-max').fill('5');
  await page.getByTestId('pl-create-button').click();
  const detail = page.getByTestId('pl-detail');
  await detail.filter({ hasText: 'bastions' }).waitFor();
  const id = await detail.getAttribute('data-id');
  assert.equal(await page.getByTestId('pl-family').textContent(), 'IPv4');
  // Wrong family: refused, naming the block and the list.
  const notice = page.getByTestId('canvas-notice');
  await page.getByTestId('pl-entry-cidr').fill('2001:db8::/32');
  await page.getByTestId('pl-add-entry').click();
  await notice.filter({ hasText: `2001:db8::/32 is not an IPv4 block, and prefix list ${id} holds IPv4 entries only` }).waitFor();
  assert.equal(await page.getByTestId('pl-entry').count(), 0);
  await page.getByTestId('pl-entry-cidr').fill('10.0.1.10/32');
  await page.getByTestId('pl-entry-description').fill('the bastion');
  await page.getByTestId('pl-add-entry').click();
  await page.locator('[data-testid=pl-entry][data-cidr="10.0.1.10/32"]').filter({ hasText: 'the bastion' }).waitFor();

  // The app group's inbound rule from the list.
  await page.getByTestId('tab-security-groups').click();
  await page.getByTestId('sg-list').locator('[data-id-ref="sg-0app"]').click();
  const inbound = page.getByTestId('sg-rules-in');
  const before = await inbound.getByTestId('sg-rule').count();
  await page.getByTestId('sg-in-ports').fill('5432');
  await page.getByTestId('sg-in-peer').fill(id);
  await page.getByTestId('sg-in-add').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=sg-rules-in] [data-testid=sg-rule]').length === n + 1, before);

  await trace(page, 'i-0bastion', 'i-0app', 5432);
  assert.equal(await verdict.getAttribute('data-verdict'), 'reachable');
  const { path } = await savedDesign(page, 'aws-forms-prefix-list.json');
  const json = cli(['trace', '--design', path, '--from', 'i-0bastion', '--to', 'i-0app', '--port', '5432', '--json']);
  assert.equal(json.verdict, 'reachable');
  assert.deepEqual(await uiHops(page), cliHops(json));
  const decided = json.hops.find((h) => h.component === 'sg-0app' && h.direction === 'inbound');
  assert.ok(decided.explanation.includes(id), decided.explanation);

  // In use: deleting it is refused, naming the group.
  await page.getByTestId('tab-transit').click();
  await page.getByTestId('prefix-list-list').locator(`[data-id-ref="${id}"]`).click();
  await page.getByTestId('pl-delete').click();
  await notice.filter({ hasText: `prefix list ${id} is used by sg-0app` }).waitFor();
  await page.screenshot({ path: shot('aws-forms-prefix-list') });
  assert.deepEqual(problems, []);
  await context.close();
});
