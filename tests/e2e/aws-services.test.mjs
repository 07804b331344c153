// AWS services beside the VPCs (docs/SEMANTICS.md#w1): place one from the palette, pick its
// kind, trace to it from a private subnet through the NAT and internet gateways; with a
// gateway endpoint route the trace goes through the endpoint instead, and the app and
// `stratosim trace --json` agree hop for hop on both designs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, cli, launch, openApp, openDesign, dropOn, shape, fit, shot, HANG, trace, uiHops } from './harness.mjs';

const VIA_NAT = `${ROOT}tests/fixtures/services/s3-via-nat.json`;
const VIA_ENDPOINT = `${ROOT}tests/fixtures/services/s3-via-gateway-endpoint.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function agreesWithCli(page, design, from, to, port) {
  const json = cli(['trace', '--design', design, '--from', from, '--to', to, '--port', String(port), '--json']);
  const verdict = await page.getByTestId('trace-verdict').getAttribute('data-verdict');
  assert.equal(verdict, json.verdict);
  assert.deepEqual(await uiHops(page), [...json.hops, ...json.return_hops].map((h) => [h.component, h.decision]));
  return json;
}

test('a service placed beside the VPC is reached from a private subnet through the NAT and the IGW', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, VIA_NAT);
  await page.getByTestId('design-name').filter({ hasText: /through a NAT gateway/ }).waitFor();
  await fit(page);
  const canvas = page.getByTestId('canvas');
  const services = canvas.locator('[data-kind=aws-service]');
  assert.equal(await services.count(), 1);
  // Under the fixture's S3 tile: outside the VPC, where services go.
  await dropOn(page, 'aws-service', shape(page, 'svc-0photos'), { dx: 0.5, dy: 3 });
  assert.equal(await services.count(), 2);
  const added = await services.last().getAttribute('data-id');
  assert.match(added, /^svc-/);
  assert.match(await services.last().getAttribute('aria-label'), /AWS service/);

  // Its properties: a name and a kind picked from a list.
  await services.last().click();
  const kind = page.getByTestId('field-service_kind');
  assert.equal(await kind.inputValue(), 's3');
  await kind.selectOption('sqs');
  await canvas.locator(`[data-id="${added}"][aria-label*="Amazon SQS"]`).waitFor();

  // The To list offers it, and the trace goes NAT → IGW → the service's public endpoint.
  await page.getByTestId('tab-traces').click();
  const offered = await page.locator('#trace-endpoints option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.includes(added), `${added} in ${offered}`);
  await trace(page, 'i-0app', added, 443);
  assert.equal(await page.getByTestId('trace-verdict').getAttribute('data-verdict'), 'reachable');
  const hops = (await uiHops(page)).map(([c]) => c);
  const [nat, igw, svc] = ['nat-0a1b', 'igw-0c3d4e5f', added].map((c) => hops.indexOf(c));
  assert.ok(nat >= 0 && nat < igw && igw < svc, JSON.stringify(hops));
  // The packet animates to the service, which lights green when it gets there.
  await page.getByTestId('trace-step').filter({ hasText: /hop (\d+) of \1/ }).waitFor({ timeout: HANG });
  await page.locator(`[data-testid=canvas] [data-id="${added}"].trace-ok`).waitFor();
  await page.screenshot({ path: shot('aws-service-via-nat') });

  // The fixture's own service: the app and the CLI agree on every hop.
  await trace(page, 'i-0app', 'svc-0photos', 443);
  const json = await agreesWithCli(page, VIA_NAT, 'i-0app', 'svc-0photos', 443);
  assert.equal(json.verdict, 'reachable');
  assert.ok(json.hops.some((h) => h.component === 'nat-0a1b'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('with a gateway endpoint route, S3 is reached through the endpoint, not the NAT', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, VIA_ENDPOINT);
  await page.getByTestId('design-name').filter({ hasText: /gateway endpoint/ }).waitFor();
  await trace(page, 'i-0app', 'svc-0photos', 443);
  const json = await agreesWithCli(page, VIA_ENDPOINT, 'i-0app', 'svc-0photos', 443);
  assert.equal(json.verdict, 'reachable');
  const hops = (await uiHops(page)).map(([c]) => c);
  assert.ok(hops.includes('vpce-0s3'), JSON.stringify(hops));
  assert.ok(!hops.includes('nat-0a1b') && !hops.includes('igw-0c3d4e5f'), JSON.stringify(hops));
  await page.getByTestId('trace-step').filter({ hasText: /hop (\d+) of \1/ }).waitFor({ timeout: HANG });
  await page.screenshot({ path: shot('aws-service-via-gateway-endpoint') });
  assert.deepEqual(problems, []);
  await context.close();
});
