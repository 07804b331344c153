// Authoring the cluster from the canvas (issue #18): a Pod dropped on a Kubernetes node is
// bound there; a Pod dropped on a subnet is left to the scheduler and the cluster view opens
// on its scheduling decision (per-node filters and scores); both are undoable design edits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, launch, openApp, openDesign, dropOn, shape, fit, shot } from './harness.mjs';

const ON_NETWORK = `${ROOT}tests/fixtures/designs/cluster-network-nodes.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openNodesDesign(page) {
  await openDesign(page, ON_NETWORK);
  await page.getByTestId('design-name').filter({ hasText: /Cluster on the network/ }).waitFor();
  await fit(page);
}

const pod = (page, key) => page.locator(`[data-testid=cluster-pod][data-pod="${key}"]`);

test('a pod dropped on a Kubernetes node is bound to that node, and undo removes it', async () => {
  const { context, page, problems } = await openApp(browser);
  await openNodesDesign(page);
  await dropOn(page, 'pod', shape(page, 'i-0k8s1'));
  // The cluster view comes to the front with the new pod selected.
  await page.getByTestId('cluster-view').waitFor();
  await page.getByTestId('cluster-explain').filter({ hasText: 'default/nginx-1' }).waitFor();
  await pod(page, 'default/nginx-1').first().waitFor();
  assert.equal(await pod(page, 'default/nginx-1').first().getAttribute('data-node'), 'k8s-c1');
  // It never went through the scheduler.
  assert.equal(await page.getByTestId('explain-table').count(), 0);
  await page.getByTestId('undo').click();
  await pod(page, 'default/nginx-1').first().waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a pod dropped on a subnet is scheduled onto a node, with the decision explained per node', async () => {
  const { context, page, problems } = await openApp(browser);
  await openNodesDesign(page);
  await dropOn(page, 'pod', shape(page, 'subnet-0b22'), { dx: 0.97, dy: 0.97 });
  await page.getByTestId('cluster-explain').filter({ hasText: 'default/nginx-1' }).waitFor();
  const verdict = page.getByTestId('explain-verdict');
  await verdict.waitFor();
  const chosen = await verdict.getAttribute('data-node');
  assert.ok(['k8s-c1', 'k8s-c2', 'k8s-a1'].includes(chosen), `scheduled on a design node, got ${chosen}`);
  // Every node of the design is a column of the explanation, exactly one the winner.
  const cols = await page.getByTestId('explain-node').evaluateAll((hs) => hs.map((h) => [h.dataset.node, h.dataset.winner]));
  assert.deepEqual(cols.map(([n]) => n).sort(), ['k8s-a1', 'k8s-c1', 'k8s-c2']);
  assert.deepEqual(cols.filter(([, w]) => w === 'true').map(([n]) => n), [chosen]);
  assert.equal(await pod(page, 'default/nginx-1').first().getAttribute('data-node'), chosen);
  await page.screenshot({ path: shot('pod-dropped-on-subnet') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a pod dropped on a design without Kubernetes nodes is refused with the reason', async () => {
  const { context, page, problems } = await openApp(browser);
  await fit(page);
  const vpc = page.getByTestId('canvas').locator('[data-kind=vpc] rect.box').first();
  await dropOn(page, 'pod', vpc, { dx: 0.5, dy: 0.05 });
  await page.getByTestId('canvas-notice').filter({ hasText: /Kubernetes node/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('Load example cluster runs on the design\'s own nodes, and without nodes says what to add', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('cluster-load-example').click();
  // The sample design has no Kubernetes-node instances: no nodes are invented.
  await page.getByTestId('canvas-notice').filter({ hasText: /kubernetes-node/ }).waitFor();
  assert.equal(await page.locator('[data-testid=cluster-node]').count(), 0);

  await openNodesDesign(page);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('cluster-view').waitFor();
  await page.locator('.cl-more > summary').click();
  await page.getByTestId('cluster-load-example').click();
  await page.locator('[data-testid=cluster-node]').nth(2).waitFor();
  const nodes = await page.locator('[data-testid=cluster-node]').evaluateAll((ns) => ns.map((n) => n.dataset.node).sort());
  assert.deepEqual(nodes, ['k8s-a1', 'k8s-c1', 'k8s-c2']);
  assert.deepEqual(problems, []);
  await context.close();
});
