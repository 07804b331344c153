// Authoring the cluster in the app (issue #18): a Deployment is created and edited through the
// cluster view's form (image, replicas, requests, spread, node affinity, tolerations) on the
// design's own Kubernetes nodes and zones, every save is an undoable design edit, a bad value is
// refused with the field and the value, and injected events are saved with the design and come
// back after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT, launch, openApp, openDesign, shot, OUTPUT, seek } from './harness.mjs';
import { join } from 'node:path';

const ON_NETWORK = `${ROOT}tests/fixtures/designs/cluster-network-nodes.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The fixture's network (three kubernetes-node instances in ap-northeast-2a/2c) without
/// manifests: what a learner has after placing nodes on the canvas.
function nodesOnly() {
  const d = JSON.parse(readFileSync(ON_NETWORK, 'utf8'));
  d.cluster = null;
  d.name = 'Nodes only';
  const path = join(OUTPUT, 'deployments-nodes-only.json');
  writeFileSync(path, JSON.stringify(d, null, 2));
  return path;
}

async function openClusterTab(page) {
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('cluster-view').waitFor();
}

const card = (page, key) => page.locator(`[data-testid=cluster-deployment][data-deployment="${key}"]`);
const apiPods = (page) => page.locator('[data-testid=cluster-pod][data-pod^="default/api-"]')
  .evaluateAll((ps) => ps.map((p) => ({ status: p.dataset.status, node: p.dataset.node })));

test('a Deployment is created through the form on the design\'s own nodes and zones, edited, refused with the field on a bad value, and undone', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, nodesOnly());
  await page.getByTestId('design-name').filter({ hasText: /Nodes only/ }).waitFor();
  await openClusterTab(page);
  // No manifests yet: the view offers a new Deployment (not only the example).
  await page.getByTestId('deployment-new').click();
  const form = page.getByTestId('deployment-form');
  await form.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'df-name', 'the first field has focus');
  // The zones offered are the design's, not another region's.
  const zones = await form.getByTestId('df-zone').evaluateAll((bs) => bs.map((b) => b.dataset.zone));
  assert.deepEqual(zones, ['ap-northeast-2a', 'ap-northeast-2c']);

  await form.getByTestId('df-name').fill('api');
  await form.getByTestId('df-image').fill('nginx:1.27');
  await form.getByTestId('df-replicas').fill('4');
  await form.getByTestId('df-cpu').fill('300m');
  await form.getByTestId('df-memory').fill('128Mi');
  await form.getByTestId('df-add-spread').click();
  await form.getByTestId('df-spread-key').selectOption('kubernetes.io/hostname');
  await form.getByTestId('df-spread-when').selectOption('ScheduleAnyway');
  await form.locator('[data-testid=df-zone][data-zone=ap-northeast-2c]').check();
  await form.getByTestId('df-add-toleration').click();
  await form.getByTestId('df-tol-key').fill('dedicated');
  await form.getByTestId('df-tol-value').fill('api');
  await form.getByTestId('df-tol-effect').selectOption('NoExecute');
  await form.getByTestId('df-tol-seconds').fill('60');
  await page.screenshot({ path: shot('deployment-form-new') });
  await form.getByTestId('df-save').click();
  await form.waitFor({ state: 'detached' });

  const api = card(page, 'default/api');
  await api.waitFor();
  assert.equal(await api.getByTestId('deployment-requests').textContent(), '300m CPU, 128Mi');
  assert.match(await api.getByTestId('deployment-spread').first().textContent(), /maxSkew 1 over kubernetes\.io\/hostname \(ScheduleAnyway\)/);
  assert.match(await api.getByTestId('deployment-tolerations').textContent(), /dedicated=api:NoExecute for 60s/);
  assert.match(await api.getByTestId('deployment-affinity').textContent(), /node affinity: 1 required term/);
  // The scheduler honours the affinity: 4 pods, all on the design's 2c nodes.
  await seek(page, 30000);
  let pods = await apiPods(page);
  assert.equal(pods.length, 4);
  assert.ok(pods.every((p) => p.status === 'Running' && ['k8s-c1', 'k8s-c2'].includes(p.node)), JSON.stringify(pods));

  // Edit: the form opens with what the manifests say; two replicas, any zone.
  await api.getByTestId('deployment-edit').click();
  await form.waitFor();
  assert.equal(await form.getByTestId('df-name').isDisabled(), true, 'a rename is a new Deployment');
  assert.equal(await form.getByTestId('df-cpu').inputValue(), '300m');
  assert.equal(await form.locator('[data-testid=df-zone][data-zone=ap-northeast-2c]').isChecked(), true);
  assert.equal(await form.getByTestId('df-tol-key').inputValue(), 'dedicated');
  await form.getByTestId('df-replicas').fill('2');
  await form.locator('[data-testid=df-zone][data-zone=ap-northeast-2c]').uncheck();
  await form.getByTestId('df-save').click();
  await form.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cluster-pod][data-pod^="default/api-"]').length === 2);
  assert.equal(await api.getByTestId('deployment-affinity').count(), 0);

  // A bad quantity is refused in the form with the field and the value; nothing is written.
  await api.getByTestId('deployment-edit').click();
  await form.getByTestId('df-cpu').fill('two');
  await form.getByTestId('df-save').click();
  const err = form.getByTestId('df-error');
  await err.waitFor();
  assert.match(await err.textContent(), /requests\.cpu: "two"/);
  await page.screenshot({ path: shot('deployment-form-refused') });
  await form.getByTestId('df-cancel').click();
  await form.waitFor({ state: 'detached' });
  assert.equal(await api.getByTestId('deployment-requests').textContent(), '300m CPU, 128Mi');

  // Delete, then undo brings it back; undo twice more returns to two, then four replicas.
  await api.getByTestId('deployment-edit').click();
  await form.getByTestId('df-delete').click();
  await api.waitFor({ state: 'detached' });
  await page.getByTestId('undo').click();
  await api.waitFor();
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cluster-pod][data-pod^="default/api-"]').length === 4);
  pods = await apiPods(page);
  assert.ok(pods.every((p) => ['k8s-c1', 'k8s-c2'].includes(p.node)), JSON.stringify(pods));
  assert.deepEqual(problems, []);
  await context.close();
});

test('injected events are saved with the design and restored on reload', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, ON_NETWORK);
  await page.getByTestId('design-name').filter({ hasText: /Cluster on the network/ }).waitFor();
  await openClusterTab(page);
  await page.locator('[data-testid=cluster-node][data-node=k8s-c1]').getByTestId('inject-kill').click();
  await page.getByTestId('cluster-injection').filter({ hasText: '0s kill node k8s-c1' }).waitFor();
  await seek(page, 60000);
  await page.locator('[data-testid=cluster-zone][data-zone=ap-northeast-2a]').getByTestId('inject-zone').click();
  await page.getByTestId('cluster-injection').nth(1).waitFor();
  assert.match(await page.getByTestId('injections-saved').textContent(), /saved with the design/);
  // The autosaved design holds them in events-file syntax.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => (localStorage.getItem(k) ?? '').includes('nodeFailure')));

  await page.reload();
  await page.getByTestId('canvas').waitFor();
  await openClusterTab(page);
  const listed = await page.getByTestId('cluster-injection').allTextContents();
  assert.match(listed[0] ?? '', /^0s kill node k8s-c1/);
  assert.match(listed[1] ?? '', /fail AZ ap-northeast-2a/);
  assert.equal(listed.length, 2);
  await seek(page, 70000);
  await page.locator('[data-testid=cluster-node][data-node=k8s-c1][data-ready=Unknown]').waitFor();
  await page.screenshot({ path: shot('injections-after-reload') });
  // Removing one is an edit too: undo brings it back.
  await page.getByTestId('cluster-injection').first().getByRole('button').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cluster-injection]').length === 1);
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cluster-injection]').length === 2);
  assert.deepEqual(problems, []);
  await context.close();
});
