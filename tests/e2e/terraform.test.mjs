// Terraform in the app: import a root-module folder (File › Import Terraform folder…), see
// it laid out with addresses as labels, trace internet → the bastion and check the blocking
// hop names the same file:line as `stratosim trace --terraform … --json`, re-import an edited
// copy (one line changed) and see the verdict turn reachable with the layout kept; import
// the state JSON of `terraform show -json`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, shot, shape, cli, ROOT, HANG } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TWO_TIER = join(ROOT, 'tests/fixtures/terraform/two-tier');

async function pick(page, item, files) {
  await page.getByTestId('file-menu').locator('summary').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId(item).click();
  await (await chooser).setFiles(files);
}

async function trace(page, from, to, port) {
  await page.getByTestId('tab-traces').click();
  for (const [id, v] of [['trace-from', from], ['trace-to', to], ['trace-port', String(port)]]) {
    await page.getByTestId(id).fill(v);
    await page.getByTestId(id).press('Tab');
  }
  await page.getByTestId('trace-run').click();
  return page.getByTestId('trace-verdict');
}

async function box(page, id) {
  const b = await page.getByTestId('canvas').locator(`[data-id="${id}"] rect`).first();
  return { x: await b.getAttribute('x'), y: await b.getAttribute('y') };
}

test('a Terraform folder is imported, traced with file:line like the CLI, and re-imported keeping the layout', async () => {
  const { context, page, problems } = await openApp(browser);
  await pick(page, 'menu-import-terraform-folder', TWO_TIER);
  await page.getByTestId('design-name').filter({ hasText: 'Terraform: two-tier' }).waitFor({ timeout: HANG });
  const canvas = page.getByTestId('canvas');
  // VPC › AZ › subnet › instance, each labelled with its resource address.
  assert.equal(await canvas.locator('[data-kind=vpc]').count(), 1);
  assert.equal(await canvas.locator('[data-kind=availability-zone]').count(), 1);
  assert.equal(await canvas.locator('[data-kind=subnet]').count(), 2);
  for (const id of ['aws_instance.bastion', 'aws_instance.web[0]', 'aws_instance.web[1]', 'aws_instance.app']) {
    // A long address is drawn in two lines (type, then name); together they are the address.
    const lines = await canvas.locator(`[data-id="${id}"] text.leaf-label`).allTextContents();
    assert.equal(lines.join(''), id);
    // Its accessible name starts with its kind and address.
    assert.match(await canvas.locator(`[data-id="${id}"]`).getAttribute('aria-label'), new RegExp(`^(EC2 instance|Bastion host) ${id.replace(/[[\].]/g, '\\$&')}(,|$)`));
  }
  await canvas.locator('[data-id="aws_subnet.public"] text', { hasText: 'aws_subnet.public' }).first().waitFor();
  await page.screenshot({ path: shot('terraform-imported') });

  // The bastion only takes SSH from the admins (terraform.tfvars): from the internet it is
  // blocked, and the panel says where, like the CLI.
  const golden = cli(['trace', '--terraform', 'tests/fixtures/terraform/two-tier',
    '--from', 'internet', '--to', 'aws_instance.bastion', '--port', '22', '--json']);
  assert.ok(golden.blocked_by_file && golden.blocked_by_line, JSON.stringify(golden).slice(0, 400));
  const verdict = await trace(page, 'internet', 'aws_instance.bastion', 22);
  await page.locator('[data-testid=trace-verdict][data-verdict=unreachable]').waitFor({ timeout: HANG });
  assert.equal(await verdict.getAttribute('data-blocked-by'), golden.blocked_by);
  const where = page.getByTestId('trace-blocker-source');
  const location = await where.getAttribute('data-location');
  assert.equal(location, `two-tier/main.tf:${golden.blocked_by_line}`);
  assert.ok(golden.blocked_by_file.endsWith('two-tier/main.tf'), golden.blocked_by_file);
  // Expanding it shows that block's text, as text.
  await where.locator('summary').click();
  const block = await where.getByTestId('source-text').textContent();
  assert.match(block, /^resource "aws_security_group" "bastion" \{/);
  assert.match(block, /\}$/);
  // Every hop that has a block names it, as the CLI's hops do.
  const hops = page.getByTestId('trace-hop');
  const cliHops = [...golden.hops, ...(golden.return_hops ?? [])];
  assert.equal(await hops.count(), cliHops.length);
  for (let i = 0; i < cliHops.length; i++) {
    const src = hops.nth(i).getByTestId('hop-source');
    if (cliHops[i].line == null) {
      assert.equal(await src.count(), 0);
    } else {
      assert.equal(await src.getAttribute('data-location'), `two-tier/main.tf:${cliHops[i].line}`);
    }
  }
  await page.screenshot({ path: shot('terraform-blocked-hop') });

  // Move the bastion (arrow keys), so "kept" cannot be the automatic layout by chance.
  await shape(page, 'aws_instance.bastion').click();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  // Zoomed in on what is being fixed: a re-import that draws everything where it was keeps
  // this view (no fit to the screen).
  const fitted = await page.getByTestId('zoom-level').textContent();
  await page.getByRole('button', { name: 'Zoom in', exact: true }).click();
  const zoom = await page.getByTestId('zoom-level').textContent();
  assert.notEqual(zoom, fitted);
  const moved = await box(page, 'aws_instance.bastion');
  const app = await box(page, 'aws_instance.app');
  const subnet = await box(page, 'aws_subnet.private');

  // The edited copy: one line of terraform.tfvars changed opens SSH to everyone.
  const dir = join(mkdtempSync(join(tmpdir(), 'stratosim-tf-')), 'two-tier');
  cpSync(TWO_TIER, dir, { recursive: true });
  const tfvars = join(dir, 'terraform.tfvars');
  writeFileSync(tfvars, readFileSync(tfvars, 'utf8').replace('203.0.113.0/24', '0.0.0.0/0'));
  await pick(page, 'menu-import-terraform-folder', dir);
  await page.locator('[data-testid=trace-verdict][data-verdict=reachable]').waitFor({ timeout: HANG });
  assert.deepEqual(await box(page, 'aws_instance.bastion'), moved);
  assert.deepEqual(await box(page, 'aws_instance.app'), app);
  assert.deepEqual(await box(page, 'aws_subnet.private'), subnet);
  assert.equal(await page.getByTestId('zoom-level').textContent(), zoom, 'the view is kept');
  // The CLI agrees on the edited copy.
  const fixed = cli(['trace', '--terraform', dir, '--from', 'internet', '--to', 'aws_instance.bastion', '--port', '22', '--json']);
  assert.equal(fixed.blocked_by ?? null, null);
  // The replaced design was snapshotted.
  await page.getByTestId('file-menu').locator('summary').click();
  assert.ok(await page.getByTestId('menu-restore-snapshot').filter({ hasText: 'before importing Terraform' }).count() >= 2);
  await page.keyboard.press('Escape');
  await page.screenshot({ path: shot('terraform-reimported') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an error names file:line and leaves the design untouched; notes say what rests on an assumption', async () => {
  const { context, page, problems } = await openApp(browser);
  const before = await page.getByTestId('design-name').textContent();
  const dir = mkdtempSync(join(tmpdir(), 'stratosim-tf-bad-'));
  writeFileSync(join(dir, 'main.tf'), 'resource "aws_subnet" "s" {\n  vpc_id = aws_vpc.primary.id\n}\n');
  await pick(page, 'menu-import-terraform-files', [join(dir, 'main.tf')]);
  await page.getByTestId('canvas-notice').filter({ hasText: 'main.tf:2' }).first().waitFor({ timeout: HANG });
  assert.equal(await page.getByTestId('design-name').textContent(), before);

  // NAT per AZ: addresses AWS assigns at launch are assumptions, listed with their block.
  const nat = join(ROOT, 'tests/fixtures/terraform/nat-per-az/main.tf');
  await pick(page, 'menu-import-terraform-files', [nat]);
  await page.getByTestId('design-name').filter({ hasText: 'Terraform: main' }).waitFor({ timeout: HANG });
  await page.getByTestId('tab-problems').click();
  const notes = page.getByTestId('import-note');
  await notes.first().waitFor();
  assert.ok(await notes.count() > 0);
  assert.match(await page.getByTestId('import-notes').textContent(), /main\.tf:\d+/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the state JSON of terraform show -json imports the same way', async () => {
  const { context, page, problems } = await openApp(browser);
  const state = join(ROOT, 'tests/fixtures/terraform/state/applied.json');
  await pick(page, 'menu-import-terraform-files', [state]);
  await page.getByTestId('design-name').filter({ hasText: 'Terraform: applied' }).waitFor({ timeout: HANG });
  const canvas = page.getByTestId('canvas');
  assert.ok(await canvas.locator('[data-kind=vpc]').count() >= 1);
  assert.ok(await canvas.locator('[data-kind=subnet]').count() >= 1);
  const ids = await canvas.locator('[data-kind=instance], [data-kind=bastion]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  assert.ok(ids.length > 0 && ids.every((id) => id.startsWith('aws_') || id.startsWith('module.')), ids.join(','));
  await page.screenshot({ path: shot('terraform-state') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('several Terraform files dropped on the canvas are imported together', async () => {
  const { context, page, problems } = await openApp(browser);
  const files = ['main.tf', 'variables.tf', 'terraform.tfvars'].map((n) => [n, readFileSync(join(TWO_TIER, n), 'utf8')]);
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of files) dt.items.add(new File([text], name, { type: 'text/plain' }));
    const target = document.querySelector('[data-testid=app]');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await page.getByTestId('design-name').filter({ hasText: 'Terraform: main' }).waitFor({ timeout: HANG });
  await page.getByTestId('canvas').locator('[data-id="aws_instance.bastion"]').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
