// EBS volumes on the canvas (issue #15, "Storage"): in the statefulset-az-pending scenario each
// orders-db replica's volume is drawn in the zone of the node its pod runs on (VolumeZone),
// joined to that pod; after the zone of one replica fails and its pod is evicted, the volume
// stays drawn in that zone with no pod joined to it (the pod is Pending: its volume can attach
// only there), as the CLI's run of the same manifests says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, shot, HANG, seek } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// `[claim, zone, pod]` of every volume drawn, and the zone of the node each pod's dot is on.
const volumes = (page) => page.locator('[data-testid=cluster-layer] [data-testid=k8s-volume]')
  .evaluateAll((els) => els.map((e) => [e.dataset.claim, e.dataset.zone, e.dataset.pod]).sort());
const podZones = (page) => page.locator('[data-testid=cluster-layer] [data-testid=k8s-mark]')
  .evaluateAll((marks) => Object.fromEntries(marks.flatMap((m) => [...m.querySelectorAll('rect.k8s-pod')]
    .map((p) => [p.dataset.pod, `ap-northeast-2${m.dataset.anchor.slice('i-ord-'.length, 'i-ord-'.length + 1)}`]))));

test('each replica\'s EBS volume is drawn in its zone, joined to its pod; a failed zone keeps its volume', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId('start-statefulset-az-pending').click();
  if (await page.getByTestId('start-dialog').count()) await page.getByTestId('start-dialog-start').click();
  await page.getByTestId('task-card').waitFor();
  await page.getByTestId('tab-timeline').click();
  await seek(page, 60000);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=k8s-volume]').length === 3, null, { timeout: HANG });
  const drawn = await volumes(page);
  const zones = await podZones(page);
  assert.deepEqual(drawn.map(([c]) => c), ['default/data-orders-db-0', 'default/data-orders-db-1', 'default/data-orders-db-2']);
  for (const [claim, zone, pod] of drawn) {
    const ordinal = claim.slice(-1);
    assert.equal(pod, `default/orders-db-${ordinal}`, claim);
    assert.equal(zones[pod], zone, `${claim}: the pod runs in its volume's zone`);
  }
  assert.equal(await page.locator('[data-testid=k8s-volume] line.k8s-volume-link').count(), 3);
  await page.screenshot({ path: shot('k8s-volumes') });

  // orders-db-0's zone fails: once the pod is gone from it, the volume stays there, unjoined.
  const [, lostZone] = drawn[0];
  await page.locator(`[data-testid=cluster-zone][data-zone=${lostZone}]`).getByTestId('inject-zone').click();
  await seek(page, 900000);
  await page.locator(`[data-testid=k8s-volume][data-claim="default/data-orders-db-0"][data-zone=${lostZone}][data-pod=""]`).waitFor({ timeout: HANG });
  const title = await page.locator('[data-testid=k8s-volume][data-claim="default/data-orders-db-0"] title').textContent();
  assert.match(title, new RegExp(`no pod uses it now; its pod can run only in ${lostZone}`));
  await page.screenshot({ path: shot('k8s-volumes-zone-failed') });
  assert.deepEqual(problems, []);
  await context.close();
});
