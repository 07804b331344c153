// Cluster traces in the app (issue #15): the eks-ingress-rds design with the ingress-shop
// manifests imported, traced in the Traces tab through the Ingress's ALB, the nodes and the
// pods' NetworkPolicy to RDS — and the UI agrees hop for hop (component, decision, verdict,
// blocked_by, reason_code) with `stratosim trace --design … --manifests … --json`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli, launch, openApp, openDesign, shot, recordPerf, HANG } from './harness.mjs';

const DESIGN = `${ROOT}tests/fixtures/designs/eks-ingress-rds.json`;
const MANIFESTS = `${ROOT}tests/fixtures/k8s/network/ingress-shop.yaml`;
/// A design whose manifests run a 6-replica Deployment: its pod names carry seeded suffixes.
const NODES = `${ROOT}tests/fixtures/designs/cluster-network-nodes.json`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Opens the design, then imports the manifests into it from the Cluster tab.
async function openShop(page) {
  await openDesign(page, DESIGN);
  await page.getByTestId('design-name').filter({ hasText: /ingress/i }).waitFor();
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('cluster-view').waitFor();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cluster-import').first().click();
  await (await chooser).setFiles(MANIFESTS);
  await page.locator('[data-testid=cluster-node]').nth(1).waitFor();
}

/// The CLI's answer for the flow, with the seed the app's cluster run uses.
function cliTrace(seed, from, to, port) {
  return cli(['trace', '--design', DESIGN, '--manifests', MANIFESTS, '--seed', seed, '--from', from, '--to', to, '--protocol', 'tcp', '--port', String(port), '--json']);
}

const cliRows = (json) => [...json.hops, ...json.return_hops].map((h) => [h.component, h.decision]);

/// Runs the flow in the Traces tab and waits until the UI shows `want`'s hops (the previous
/// trace's table stays until the new one renders). Returns the milliseconds it took.
async function traceInUi(page, from, to, port, want) {
  await page.getByTestId('tab-traces').click();
  for (const [id, v] of [['trace-from', from], ['trace-to', to], ['trace-port', String(port)]]) {
    await page.getByTestId(id).fill(v);
    await page.getByTestId(id).press('Tab');
  }
  const t0 = Date.now();
  await page.getByTestId('trace-run').click();
  await page.waitForFunction((rows) => {
    const got = [...document.querySelectorAll('[data-testid=trace-hop]')].map((r) => [r.dataset.component, r.dataset.decision]);
    return JSON.stringify(got) === JSON.stringify(rows);
  }, cliRows(want), { timeout: HANG });
  return Date.now() - t0;
}

async function uiVerdict(page) {
  const v = page.getByTestId('trace-verdict');
  return {
    verdict: await v.getAttribute('data-verdict'),
    blocked_by: await v.getAttribute('data-blocked-by'),
    reason_code: await v.getAttribute('data-code'),
  };
}

const uiRows = (page) => page.getByTestId('trace-hop').evaluateAll((rows) => rows.map((r) => [r.dataset.component, r.dataset.decision]));

test('internet → ingress:shop/web and pod → RDS: the UI and the CLI agree hop for hop, the ALB drawn on the path', async () => {
  const { context, page, problems } = await openApp(browser);
  await openShop(page);
  await page.getByTestId('tab-traces').click();
  // The pickers offer the cluster's endpoints, labelled, and say which cluster run they are.
  const note = page.getByTestId('trace-cluster-note');
  await note.waitFor();
  const seed = await note.getAttribute('data-seed');
  assert.match(seed, /^\d+$/);
  for (const spec of ['pod:shop/web-a', 'service:shop/web', 'ingress:shop/web', 'node:k8s-c1']) {
    const label = await page.locator(`#trace-endpoints option[value="${spec}"]`).textContent();
    assert.ok(label.length > spec.length / 2, `${spec} has a label (${label})`);
  }
  assert.match(await page.locator('#trace-endpoints option[value="ingress:shop/web"]').textContent(), /k8s-alb-shop-web/);

  const ingress = cliTrace(seed, 'internet', 'ingress:shop/web', 80);
  const ms = await traceInUi(page, 'internet', 'ingress:shop/web', 80, ingress);
  assert.deepEqual(await uiRows(page), cliRows(ingress));
  assert.deepEqual(await uiVerdict(page), { verdict: ingress.verdict, blocked_by: ingress.blocked_by, reason_code: ingress.reason_code });
  assert.ok(cliRows(ingress).some(([c]) => c === 'k8s-alb-shop-web'), 'the ALB is on the path');
  assert.ok(cliRows(ingress).some(([c]) => c === 'networkpolicy:shop/web-from-alb'), 'the pod policy is on the path');
  recordPerf('k8s-trace-internet-to-ingress', { trace_ms: ms, hops: cliRows(ingress).length });

  // The ALB the controller would create is not a design component: it is drawn in its
  // subnet, and the packet passes it, then the node, lit green once played to the end.
  const alb = page.locator('[data-testid=planned-alb][data-id="k8s-alb-shop-web"]').first();
  await alb.waitFor();
  assert.equal(await alb.getAttribute('data-ingress'), 'shop/web');
  const n = cliRows(ingress).length;
  await page.getByTestId('trace-step').filter({ hasText: `hop ${n} of ${n}` }).waitFor({ timeout: HANG });
  await page.locator('[data-testid=planned-alb][data-id="k8s-alb-shop-web"].trace-ok').first().waitFor();
  await page.locator('[data-testid=canvas] .shape[data-id="i-0k8s1"].trace-ok').waitFor();
  await page.screenshot({ path: shot('k8s-trace-internet-ingress') });

  const rds = cliTrace(seed, 'pod:shop/web-a', 'db-orders', 5432);
  await traceInUi(page, 'pod:shop/web-a', 'db-orders', 5432, rds);
  assert.deepEqual(await uiRows(page), cliRows(rds));
  assert.deepEqual(await uiVerdict(page), { verdict: rds.verdict, blocked_by: rds.blocked_by, reason_code: rds.reason_code });
  assert.equal(rds.verdict, 'reachable');
  const m = cliRows(rds).length;
  await page.getByTestId('trace-step').filter({ hasText: `hop ${m} of ${m}` }).waitFor({ timeout: HANG });
  await page.locator('[data-testid=canvas] .shape[data-id="db-orders"].trace-ok').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a NetworkPolicy denial shows networkpolicy:NS/NAME, its reason in words, in English and Korean', async () => {
  for (const locale of ['en-US', 'ko-KR']) {
    const { context, page, problems } = await openApp(browser, { locale });
    await openShop(page);
    await page.getByTestId('tab-traces').click();
    const seed = await page.getByTestId('trace-cluster-note').getAttribute('data-seed');
    // web pods may only open 5432 to the database subnet: the internet is denied at egress.
    const denied = cliTrace(seed, 'pod:shop/web-a', 'internet', 443);
    assert.equal(denied.blocked_by, 'networkpolicy:shop/web-from-alb');
    assert.equal(denied.reason_code, 'NETWORK_POLICY_EGRESS');
    await traceInUi(page, 'pod:shop/web-a', 'internet', 443, denied);
    assert.deepEqual(await uiVerdict(page), { verdict: 'unreachable', blocked_by: denied.blocked_by, reason_code: denied.reason_code });
    assert.deepEqual(await uiRows(page), cliRows(denied));
    const denyRow = page.locator('[data-testid=trace-hop][data-decision=deny]').first();
    assert.equal(await denyRow.getAttribute('data-component'), 'networkpolicy:shop/web-from-alb');
    const reason = await page.getByTestId('trace-reason').textContent();
    if (locale === 'ko-KR') assert.match(reason, /이그레스/);
    else assert.match(reason, /selects the source pod for egress/);
    // The deny hop is drawn at the pod's node, lit red.
    const k = cliRows(denied).length;
    await page.getByTestId('trace-step').filter({ hasText: locale === 'ko-KR' ? `홉 ${k}/${k}` : `hop ${k} of ${k}` }).waitFor({ timeout: HANG });
    await page.locator('[data-testid=canvas] .shape[data-id="i-0k8s1"].trace-bad').waitFor();
    await page.screenshot({ path: shot(`k8s-trace-policy-denied-${locale}`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the CLI without --seed names the pods the untouched app traces: one default seed everywhere', async () => {
  const { context, page, problems } = await openApp(browser);
  await openDesign(page, NODES);
  await page.getByTestId('design-name').filter({ hasText: /Cluster on the network/ }).waitFor();
  await page.getByTestId('tab-traces').click();
  const seed = await page.getByTestId('trace-cluster-note').getAttribute('data-seed');
  const appPods = (await page.locator('#trace-endpoints option[value^="pod:"]').evaluateAll((os) => os.map((o) => o.value))).sort();
  assert.equal(appPods.length, 6, appPods.join(' '));
  // The design's own manifests, as a file the CLI reads.
  const manifests = join(mkdtempSync(join(tmpdir(), 'stratosim-seed-')), 'cluster.yaml');
  writeFileSync(manifests, JSON.parse(readFileSync(NODES, 'utf8')).cluster);
  const cliPods = (...extra) => cli(['matrix', '--design', NODES, '--manifests', manifests, '--ports', '80', '--json', ...extra])
    .sources.filter((s) => s.startsWith('pod:')).sort();
  assert.deepEqual(cliPods(), appPods, 'no --seed: the app\'s pods');
  // The check can fail: another seed names other pods.
  assert.notDeepEqual(cliPods('--seed', String(Number(seed) + 1)), appPods);
  assert.deepEqual(problems, []);
  await context.close();
});

// The sentences of cluster traces that once stayed English in the Korean UI.
const ENGLISH = [
  'on node', 'source-NATs', 'keeps the client', 'does not answer', 'delivered to pod', 'NetworkPolicies allow the replies',
  'chosen by kube-proxy', 'subnet tags are not in the model', 'host and path rules', 'unknown endpoint', 'no pod', 'exists one minute',
];
const HANGUL = /[\uac00-\ud7a3]/;

/// Every hop's "why" in the Traces tab, and the notes under the hops.
const hopWhys = (page) => page.locator('[data-testid=trace-hop] td.why').allTextContents();

function assertKorean(what, text) {
  assert.match(text, HANGUL, `${what} is not Korean: ${text}`);
  for (const phrase of ENGLISH) assert.ok(!text.includes(phrase), `${what} says "${phrase}" in English: ${text}`);
}

test('in Korean, a NodePort trace, an Ingress trace and a cluster endpoint error have no English sentence', async () => {
  const { context, page, problems } = await openApp(browser, { locale: 'ko-KR' });
  await openShop(page);
  await page.getByTestId('tab-traces').click();
  const seed = await page.getByTestId('trace-cluster-note').getAttribute('data-seed');
  const flows = [
    // A NodePort from inside the VPC: kube-proxy on the node, SNAT to the node (Cluster policy).
    ['i-0bastion', 'node:k8s-c1', 30080],
    // Target type instance: the ALB → node port → kube-proxy "on node" hop.
    ['internet', 'ingress:shop/web-instance', 80],
    // Target type ip: the planned ALB with its subnet-choice note.
    ['internet', 'ingress:shop/web', 80],
  ];
  for (const [from, to, port] of flows) {
    const want = cliTrace(seed, from, to, port);
    await traceInUi(page, from, to, port, want);
    const whys = await hopWhys(page);
    assert.equal(whys.length, cliRows(want).length);
    // The English the CLI prints for the kube-proxy hop is what the Korean replaces.
    const kubeProxy = [...want.hops, ...want.return_hops].findIndex((h) => h.component === 'service:shop/web');
    if (to !== 'ingress:shop/web') {
      assert.ok(kubeProxy >= 0, `${to}: the kube-proxy hop is on the path`);
      assert.match(want.hops[kubeProxy].explanation, / on node k8s-c\d/);
      assert.match(whys[kubeProxy], /노드 k8s-c\d에서/);
    }
    whys.forEach((w, i) => assertKorean(`${from} → ${to} hop ${i + 1}`, w));
    const notes = page.getByTestId('trace-notes');
    if (want.notes.length) assertKorean(`${from} → ${to} notes`, await notes.textContent());
    if (to === 'ingress:shop/web') {
      assert.ok(want.notes.some((n) => n.includes('subnet tags are not in the model')), want.notes.join('; '));
      assert.match(await notes.textContent(), /서브넷 태그/);
    }
  }
  await page.screenshot({ path: shot('k8s-trace-nodeport-ko') });
  // A pod that does not exist: the error says so in Korean, with the pods that do.
  for (const [id, v] of [['trace-from', 'pod:shop/nope'], ['trace-to', 'db-orders'], ['trace-port', '5432']]) {
    await page.getByTestId(id).fill(v);
    await page.getByTestId(id).press('Tab');
  }
  await page.getByTestId('trace-run').click();
  const error = page.getByTestId('trace-error');
  await error.waitFor();
  const said = await error.textContent();
  assertKorean('the unknown pod error', said);
  assert.ok(said.includes('pod:shop/nope') && said.includes('web-a'), said);
  // The VPC tracer's own refusals and a port that is not one are Korean too, and the
  // endpoint list names the internet in Korean.
  const vpcRefusals = [
    // An address inside the VPC that no interface has.
    [['trace-from', '10.0.99.99'], ['trace-to', 'db-orders'], ['trace-port', '5432'], /10\.0\.99\.99/],
    // Nothing the tracer knows.
    [['trace-from', 'nowhere'], ['trace-to', 'db-orders'], ['trace-port', '5432'], /nowhere/],
    [['trace-from', 'internet'], ['trace-to', 'db-orders'], ['trace-port', 'ssh'], /ssh/],
  ];
  for (const [...fields] of vpcRefusals) {
    const fact = fields.pop();
    for (const [id, v] of fields) {
      await page.getByTestId(id).fill(v);
      await page.getByTestId(id).press('Tab');
    }
    await page.getByTestId('trace-run').click();
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-testid=trace-error]')?.textContent ?? ''), fact.source, { timeout: HANG });
    const text = await page.getByTestId('trace-error').textContent();
    assertKorean(`the refusal of ${fields.map(([, v]) => v).join(' → ')}`, text);
    for (const english of ['is inside VPC', 'expected an instance id', 'is not a port number']) {
      assert.ok(!text.includes(english), `"${english}" in ${text}`);
    }
  }
  const internet = await page.locator('#trace-endpoints option[value=internet]').first().textContent();
  assert.equal(internet, '인터넷');
  assert.deepEqual(problems, []);
  await context.close();
});
