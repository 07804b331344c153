// Route tables, security groups and network ACLs are first-class, editable list views.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, shot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the public route table gets its IGW route back by hand, and the lint goes away', async () => {
  const { context, page, problems } = await openApp(browser);
  const design = JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')));
  for (const t of design.network.route_tables) t.routes = t.routes.filter((r) => r.target.kind !== 'igw');
  await page.evaluate((text) => localStorage.setItem('stratosim.autosave.v1', text), JSON.stringify(design));
  await page.reload();
  await page.getByTestId('tab-problems').click();
  await page.locator('[data-testid=problem][data-code=PUBLIC_SUBNET_NO_IGW_ROUTE]').first().waitFor();
  // Select the public subnet: the route table view opens its table.
  await page.getByTestId('canvas').locator('[data-kind=subnet]').first().click({ position: { x: 20, y: 60 } });
  await page.getByTestId('tab-route-tables').click();
  const detail = page.getByTestId('route-table-detail');
  await detail.waitFor();
  const rows = await detail.getByTestId('route-row').count();
  await page.getByTestId('route-destination').fill('0.0.0.0/0');
  await page.getByTestId('route-target').selectOption({ index: 0 });
  await page.getByTestId('add-route').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=route-row]').length === n + 1, rows);
  await page.screenshot({ path: shot('route-table-edit') });
  await page.getByTestId('tab-problems').click();
  assert.equal(await page.locator('[data-testid=problem][data-code=PUBLIC_SUBNET_NO_IGW_ROUTE]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a refused route explains itself and changes nothing', async () => {
  const { context, page } = await openApp(browser);
  await page.getByTestId('tab-route-tables').click();
  const rows = await page.getByTestId('route-row').count();
  await page.getByTestId('route-destination').fill('10.0.0.0/33');
  await page.getByTestId('add-route').click();
  await page.getByTestId('canvas-notice').waitFor();
  assert.match(await page.getByTestId('canvas-notice').textContent(), /not a valid CIDR/);
  assert.equal(await page.getByTestId('route-row').count(), rows);
  await context.close();
});

test('security group rules and NACL entries are added and removed in their list views', async () => {
  const { context, page } = await openApp(browser);
  await page.getByTestId('tab-security-groups').click();
  const inbound = page.getByTestId('sg-rules-in');
  const before = await inbound.getByTestId('sg-rule').count();
  await page.getByTestId('sg-in-ports').fill('8080');
  await page.getByTestId('sg-in-peer').fill('0.0.0.0/0');
  await page.getByTestId('sg-in-add').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=sg-rules-in] [data-testid=sg-rule]').length === n + 1, before);
  await inbound.getByTestId('sg-rule').last().getByRole('button', { name: 'Remove rule' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=sg-rules-in] [data-testid=sg-rule]').length === n, before);

  await page.getByTestId('tab-network-acls').click();
  await page.getByTestId('new-nacl').click();
  await page.getByTestId('nacl-list').locator('button').last().click();
  await page.getByTestId('nacl-in-number').fill('100');
  await page.getByTestId('nacl-in-ports').fill('22');
  await page.getByTestId('nacl-in-cidr').fill('203.0.113.10/32');
  await page.getByTestId('nacl-in-add').click();
  await page.getByTestId('nacl-rules-in').getByTestId('nacl-entry').first().waitFor();
  assert.match(await page.getByTestId('nacl-rules-in').getByTestId('nacl-entry').first().textContent(), /100tcp22203\.0\.113\.10\/32allow/);
  await page.screenshot({ path: shot('nacl-edit') });
  await context.close();
});
