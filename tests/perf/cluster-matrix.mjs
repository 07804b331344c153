// Measures (never asserts) the reachability matrix in the app over a cluster of 100 pods with
// 20 NetworkPolicies on 3 ports (issue #15's "pod × pod matrix for 100 pods × 3 ports ≤ 1 s in
// the browser"): the eks-ingress-rds design with the ingress-shop manifests plus 100 generated
// pods on its two nodes; from the ports field's change to the second animation frame after the
// table holds a cell for the last port. Run by `scripts/bench --browser`; the figure goes to
// tests/output/perf.json (`cluster_matrix_100_pods`).
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launch, openApp, openDesign, recordPerf, HANG } from '../e2e/harness.mjs';

const PODS = 100;
const APPS = 5;
const docs = [readFileSync(`${ROOT}tests/fixtures/k8s/network/ingress-shop.yaml`, 'utf8')];
for (let i = 0; i < PODS; i++) {
  docs.push(`apiVersion: v1
kind: Pod
metadata: {name: p-${i}, namespace: shop, labels: {app: app-${i % APPS}, tier: t${i % 2}}}
spec:
  nodeName: ${i % 2 ? 'k8s-c2' : 'k8s-c1'}
  containers: [{name: c, image: c, ports: [{name: http, containerPort: 8080}]}]
`);
}
for (let k = 0; k < 20; k++) {
  const app = `app-${k % APPS}`;
  const from = `app-${(k + 1) % APPS}`;
  docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np-${k}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  policyTypes: [Ingress${k % 4 === 0 ? ', Egress' : ''}]
  ingress:
  - from: [{podSelector: {matchLabels: {app: ${from}}}}${k % 3 === 0 ? ', {ipBlock: {cidr: 10.0.0.0/16, except: [10.0.9.0/24]}}' : ''}]
    ports: [{protocol: TCP, port: ${k % 2 ? 'http' : 80}}]${k % 4 === 0 ? `
  egress:
  - to: [{namespaceSelector: {}}]` : ''}
`);
}
const dir = mkdtempSync(join(tmpdir(), 'stratosim-matrix-'));
const manifests = join(dir, 'cluster-100.yaml');
writeFileSync(manifests, docs.join('---\n'));

const browser = await launch();
const { page } = await openApp(browser);
await openDesign(page, `${ROOT}tests/fixtures/designs/eks-ingress-rds.json`);
await page.getByTestId('design-name').filter({ hasText: /eks/i }).waitFor();
await openDesign(page, manifests);
await page.getByTestId('tab-timeline').click();
await page.locator('[data-testid=cluster-pod][data-pod="shop/p-99"]').waitFor({ timeout: HANG });
await page.getByTestId('tab-traces').click();
await page.getByTestId('matrix-toggle').click();
await page.getByTestId('matrix-ports').waitFor();
const start = await page.evaluate(() => performance.now());
await page.getByTestId('matrix-ports').fill('80,443,8080');
await page.getByTestId('matrix-ports').press('Tab');
await page.locator('[data-testid=matrix-cell][data-port="8080"]').first().waitFor({ timeout: HANG });
const end = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
const cells = await page.locator('[data-testid=matrix-cell]').count();
const rows = await page.locator('[data-testid=matrix] tbody tr').count();
recordPerf('cluster_matrix_100_pods', { pods: PODS, policies: 20, rows, cells, ms: +(end - start).toFixed(1) });
await browser.close();
