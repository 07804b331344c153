// The cluster view's objects: the shop behind an ALB Ingress (designs/eks-ingress-rds.json with
// k8s/network/ingress-shop.yaml plus one api pod) lists its Namespace, Service, Ingresses and
// NetworkPolicy with what each does; a NetworkPolicy's "Show pods" highlights its pods on the
// node cards and the canvas; editing its YAML so the selector changes moves the highlight; a
// broken edit is refused with its line and the typed text stays; undo takes the edit back; a
// PersistentVolumeClaim is added through the same dialog; in Korean, a refusal (the dialog's own
// and the importer's) reads in Korean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, OUTPUT, launch, openApp, openDesign, shot, HANG, seek } from './harness.mjs';

const EKS = `${ROOT}tests/fixtures/designs/eks-ingress-rds.json`;
const SHOP = readFileSync(`${ROOT}tests/fixtures/k8s/network/ingress-shop.yaml`, 'utf8');
// One more pod, labelled app=api, so a selector edit moves the highlight between pods.
mkdirSync(OUTPUT, { recursive: true });
const MANIFESTS = join(OUTPUT, 'k8s-objects-shop.yaml');
writeFileSync(MANIFESTS, `${SHOP}---
# an api pod beside the web pods
apiVersion: v1
kind: Pod
metadata: {name: api-a, namespace: shop, labels: {app: api}}
spec:
  nodeName: k8s-c1
  containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]
`);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const row = (page, kind, key) => page.locator(`[data-testid=k8s-row][data-kind=${kind}][data-key="${key}"]`);
const lit = (page) => page.locator('[data-testid=cluster-pod][data-highlighted=true]')
  .evaluateAll((els) => els.map((e) => e.dataset.pod).sort());
const litOnCanvas = (page) => page.locator('[data-testid=cluster-layer] rect.k8s-pod[data-highlighted=true]')
  .evaluateAll((els) => els.map((e) => e.dataset.pod).sort());

async function until(what, f, want) {
  // Only a hang crosses this (a loaded CI machine still answers in well under a second).
  const end = Date.now() + HANG;
  let got;
  while (Date.now() < end) {
    got = await f();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(got, want, what);
}

test('the cluster objects are listed, a policy highlights its pods, YAML edits are checked and undoable', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, EKS);
  await page.getByTestId('design-name').filter({ hasText: /eks/i }).waitFor();
  await openDesign(page, MANIFESTS);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('k8s-objects').waitFor();
  await page.locator('[data-testid=cluster-pod][data-pod="shop/api-a"]').waitFor();
  await seek(page, 60000);

  // Namespaces: shop, with its automatic name label.
  await page.getByTestId('k8s-tab-namespace').click();
  assert.match(await row(page, 'namespace', 'shop').textContent(), /kubernetes\.io\/metadata\.name=shop/);

  // Services: type, port → targetPort, selector, ready endpoints.
  await page.getByTestId('k8s-tab-service').click();
  const web = row(page, 'service', 'shop/web');
  const text = await web.textContent();
  assert.match(text, /NodePort/);
  assert.match(text, /80:30080 → http\/TCP/);
  assert.match(text, /app=web/);
  await page.locator('[data-testid=k8s-row][data-key="shop/web"][data-ready="2"]').waitFor();
  assert.equal(await web.getByTestId('k8s-endpoints').textContent(), '2 of 2 ready');
  // …and on the canvas, a badge joined to its two pods.
  await page.locator('[data-testid=k8s-service-badge][data-service="shop/web"][data-pods="2"]').waitFor();

  // Ingresses: class and rules → backend.
  await page.getByTestId('k8s-tab-ingress').click();
  assert.match(await row(page, 'ingress', 'shop/web').textContent(), /alb.*\*\/ → web:80/);
  assert.match(await row(page, 'ingress', 'shop/web-instance').textContent(), /default backend → web:http/);

  // NetworkPolicies: selector, pods, what it isolates and allows; "Show pods" highlights them.
  await page.getByTestId('k8s-tab-networkpolicy').click();
  const np = row(page, 'networkpolicy', 'shop/web-from-alb');
  const npText = await np.textContent();
  assert.match(npText, /app=web/);
  assert.match(npText, /2 pods/);
  assert.match(npText, /isolates ingress and egress/);
  assert.match(npText, /from 10\.0\.1\.0\/24 on TCP http/);
  assert.match(npText, /to 10\.0\.2\.0\/24 on TCP 5432/);
  await np.getByTestId('k8s-show-pods').click();
  assert.equal(await np.getByTestId('k8s-show-pods').getAttribute('aria-pressed'), 'true');
  assert.match(await page.getByTestId('k8s-policy-shown').textContent(), /selects 2 pods \(isolates ingress and egress\)/);
  await until('the web pods are highlighted on the node cards', () => lit(page), ['shop/web-a', 'shop/web-b']);
  await until('…and on the canvas', () => litOnCanvas(page), ['shop/web-a', 'shop/web-b']);
  await page.screenshot({ path: shot('k8s-objects-policy-shown') });

  // Edit its YAML: the selector now picks the api pod.
  await np.getByTestId('k8s-edit').click();
  const area = page.getByTestId('k8s-yaml');
  await area.waitFor();
  // The dialog takes focus (its textarea, labelled) and keeps Tab inside.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'k8s-yaml');
  assert.equal(await page.getByLabel('Manifest (YAML)').getAttribute('data-testid'), 'k8s-yaml');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=k8s-yaml-dialog]')), 'Tab stays in the dialog');
  const yaml = await area.inputValue();
  assert.match(yaml, /podSelector: \{matchLabels: \{app: web\}\}/);
  assert.ok(!/kind: Service/.test(yaml), 'only this object is in the dialog');
  await area.fill(yaml.replace('{app: web}}', '{app: api}}'));
  await page.getByTestId('k8s-yaml-apply').click();
  await page.getByTestId('k8s-yaml-dialog').waitFor({ state: 'detached' });
  await until('the api pod is highlighted now', () => lit(page), ['shop/api-a']);
  await until('…on the canvas too', () => litOnCanvas(page), ['shop/api-a']);
  assert.match(await np.textContent(), /app=api/);

  // A broken edit: refused with its line, field and value; the typed text stays; nothing changes.
  await np.getByTestId('k8s-edit').click();
  const now = await area.inputValue();
  const broken = now.replace('policyTypes: [Ingress, Egress]', 'policyTypes:\n  - Ingress\n  - Sideways');
  assert.notEqual(broken, now);
  await area.fill(broken);
  await page.getByTestId('k8s-yaml-apply').click();
  const error = page.getByTestId('k8s-yaml-error');
  await error.waitFor();
  const line = broken.split('\n').findIndex((l) => l.includes('Sideways')) + 1;
  assert.equal(await error.getAttribute('data-line'), String(line));
  assert.match(await error.textContent(), new RegExp(`Line ${line}, spec\\.policyTypes\\[1\\] = "Sideways"`));
  assert.equal(await area.inputValue(), broken, 'the typed text is kept');
  assert.equal(await area.getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: shot('k8s-objects-refused') });
  // Escape closes the dialog (without applying) and gives focus back to its Edit button.
  await page.keyboard.press('Escape');
  await page.getByTestId('k8s-yaml-dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'k8s-edit');
  assert.deepEqual(await lit(page), ['shop/api-a'], 'the refused edit changed nothing');

  // Undo takes the selector edit back.
  await page.getByTestId('undo').click();
  await until('undo: the web pods again', () => lit(page), ['shop/web-a', 'shop/web-b']);
  assert.match(await np.textContent(), /app=web/);

  // Add a PersistentVolumeClaim through the same dialog, then delete it.
  await page.getByTestId('k8s-tab-pvc').click();
  assert.match(await page.getByTestId('k8s-list-pvc').textContent(), /declare no PersistentVolumeClaims/);
  await page.getByTestId('k8s-add-pvc').click();
  assert.match(await area.inputValue(), /kind: PersistentVolumeClaim/);
  await page.getByTestId('k8s-yaml-apply').click();
  await page.getByTestId('k8s-yaml-dialog').waitFor({ state: 'detached' });
  const pvc = row(page, 'pvc', 'default/data-1');
  await pvc.waitFor();
  assert.match(await pvc.textContent(), /10Gi/);
  await pvc.getByTestId('k8s-delete').click();
  await pvc.waitFor({ state: 'detached' });

  assert.deepEqual(problems, []);
  await context.close();
});

test('the objects and a refusal are worded in Korean', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ko-KR' });
  await openDesign(page, EKS);
  await page.getByTestId('design-name').filter({ hasText: /eks/i }).waitFor();
  await openDesign(page, MANIFESTS);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('k8s-tab-networkpolicy').click();
  const np = row(page, 'networkpolicy', 'shop/web-from-alb');
  assert.match(await np.textContent(), /인그레스와 이그레스 격리/);
  await np.getByTestId('k8s-edit').click();
  await page.getByTestId('k8s-yaml').fill('apiVersion: v1\nkind: Service\nmetadata: {name: web-from-alb, namespace: shop}\n');
  await page.getByTestId('k8s-yaml-apply').click();
  assert.match(await page.getByTestId('k8s-yaml-error').textContent(), /2행, kind = "Service": .*NetworkPolicy/);
  await page.keyboard.press('Escape');
  await page.getByTestId('k8s-yaml-dialog').waitFor({ state: 'detached' });

  // The importer's own refusal (an unknown access mode) reads in Korean too, with its field
  // and value as typed.
  await page.getByTestId('k8s-tab-pvc').click();
  await page.getByTestId('k8s-add-pvc').click();
  const area = page.getByTestId('k8s-yaml');
  await area.fill('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data-1}\nspec:\n  accessModes: [ReadWriteSometimes]\n  resources: {requests: {storage: 1Gi}}\n');
  await page.getByTestId('k8s-yaml-apply').click();
  const refusal = await page.getByTestId('k8s-yaml-error').textContent();
  assert.match(refusal, /spec\.accessModes\[0\]/);
  assert.match(refusal, /"ReadWriteSometimes"은\(는\) ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod 중 하나가 아닙니다/);
  assert.doesNotMatch(refusal, /is not/);
  await page.screenshot({ path: shot('k8s-objects-refused-ko') });
  assert.deepEqual(problems, []);
  await context.close();
});
