// Accessibility: axe-core (from npm, injected from node_modules, no network) on every screen
// of the app in the light and the dark theme must find no critical and no serious violation;
// and the keyboard works: dialogs take focus, trap Tab, close on Escape and give focus back,
// the canvas is one tab stop with arrow keys between shapes, Enter goes into a container and
// Escape leaves it, tabs move with the arrow keys, and a live region says what happened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { ROOT, APP_URL, launch, openApp, openDesign, openLink, shot, dropOn, HANG } from './harness.mjs';

const AXE = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');
const BASTION = `${ROOT}tests/fixtures/designs/bastion-no-igw-route.json`;
const HUB = `${ROOT}tests/fixtures/transit/hub-and-spoke-design.json`;
const MANIFESTS = `${ROOT}tests/fixtures/k8s/three-node-two-az.yaml`;
const EKS = `${ROOT}tests/fixtures/designs/eks-ingress-rds.json`;
const SHOP = `${ROOT}tests/fixtures/k8s/network/ingress-shop.yaml`;

/// The shop's cluster objects in the cluster view, on the NetworkPolicies list.
async function shopObjects(page) {
  await openDesign(page, EKS);
  await page.getByTestId('design-name').filter({ hasText: /eks/i }).waitFor();
  await openDesign(page, SHOP);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('k8s-objects').waitFor();
  await page.getByTestId('k8s-tab-networkpolicy').click();
  await page.locator('[data-testid=k8s-row][data-kind=networkpolicy]').first().waitFor();
}
const INTERVIEW = 'bastion-ssh-timeout';
const VIEWPORT = { width: 1366, height: 768 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Runs axe on the page as it is and returns the critical and serious violations, one line
/// per rule with its impact and the selectors of the nodes it failed on.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: AXE });
  }
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    // A contrast failure also says which colours met (the selector alone rarely tells).
    const colours = (n) => {
      const d = n.any.map((c) => c.data).find((x) => x && x.fgColor);
      return d ? ` [${d.fgColor} on ${d.bgColor} = ${d.contrastRatio}]` : '';
    };
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ') + colours(n)) }));
  });
  return result.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

function report(violations) {
  return violations.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.slice(0, 8).join(' | ')}${v.targets.length > 8 ? ` … ${v.targets.length} nodes` : ''}`).join('\n');
}

async function trace(page, from, to, port) {
  await page.getByTestId('tab-traces').click();
  for (const [id, v] of [['trace-from', from], ['trace-to', to], ['trace-port', String(port)]]) {
    await page.getByTestId(id).fill(v);
    await page.getByTestId(id).press('Tab');
  }
  await page.getByTestId('trace-run').click();
  await page.getByTestId('trace-verdict').waitFor();
}

function shareFragment(design) {
  return 'design=' + deflateRawSync(Buffer.from(JSON.stringify(design))).toString('base64url');
}

/// Each screen: how to get there from a freshly opened app with the sample design.
const SCREENS = [
  ['shell', async () => {}],
  ['file-menu', async (page) => {
    await page.getByTestId('file-menu').locator('summary').click();
    await page.getByTestId('menu-new-blank').waitFor();
  }],
  ['scenarios', async (page) => {
    await page.getByTestId('open-scenarios').click();
    await page.getByTestId('scenario-picker').waitFor();
  }],
  ['help', async (page) => {
    await page.getByTestId('help').click();
    await page.getByTestId('help-overlay').waitFor();
  }],
  ['traces', async (page) => {
    await openDesign(page, BASTION);
    await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();
    await trace(page, '203.0.113.10', 'i-0bastion', 22);
    await page.getByTestId('trace-step').filter({ hasText: /\b(\d+) ?(?:of|\/) ?\1\b/ }).waitFor({ timeout: HANG });
  }],
  ['cluster-trace', async (page) => {
    // A NetworkPolicy denial traced through the Ingress design's cluster (its ALB drawn).
    await openDesign(page, EKS);
    await page.getByTestId('design-name').filter({ hasText: /ingress/i }).waitFor();
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('cluster-view').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('cluster-import').first().click();
    await (await chooser).setFiles(SHOP);
    await page.locator('[data-testid=cluster-node]').nth(1).waitFor();
    await trace(page, 'pod:shop/web-a', 'internet', 443);
    await page.getByTestId('trace-reason').waitFor();
    await page.locator('[data-testid=planned-alb]').first().waitFor();
    await page.getByTestId('trace-step').filter({ hasText: /\b(\d+) ?(?:of|\/) ?\1\b/ }).waitFor({ timeout: HANG });
  }],
  ['cluster', async (page) => {
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('cluster-view').waitFor();
    await openDesign(page, MANIFESTS);
    await page.locator('[data-testid=cluster-node]').nth(2).waitFor();
  }],
  ['cluster-objects', async (page) => {
    await shopObjects(page);
    await page.getByTestId('k8s-show-pods').first().click();
    await page.getByTestId('k8s-policy-shown').waitFor();
  }],
  ['k8s-yaml-dialog', async (page) => {
    await shopObjects(page);
    await page.locator('[data-testid=k8s-row][data-kind=networkpolicy]').first().getByTestId('k8s-edit').click();
    await page.getByTestId('k8s-yaml').fill('kind: NetworkPolicy\nmetadata: {name: web-from-alb, namespace: shop\n');
    await page.getByTestId('k8s-yaml-apply').click();
    await page.getByTestId('k8s-yaml-error').waitFor();
  }],
  ['route-tables', async (page) => {
    await page.getByTestId('tab-route-tables').click();
    await page.getByTestId('route-table-list').waitFor();
  }],
  ['security-groups', async (page) => {
    await page.getByTestId('tab-security-groups').click();
    await page.getByTestId('sg-list').waitFor();
  }],
  ['network-acls', async (page) => {
    await page.getByTestId('tab-network-acls').click();
    await page.getByTestId('nacl-rules-in').first().waitFor();
  }],
  ['transit', async (page) => {
    await openDesign(page, HUB);
    await page.getByTestId('design-name').filter({ hasText: /hub and spoke/i }).waitFor();
    await page.getByTestId('canvas').locator('[data-id="tgw-hub"]').waitFor();
    await page.getByTestId('tab-transit').click();
    await page.getByTestId('transit-view').waitFor();
  }],
  ['problems', async (page) => {
    await page.getByTestId('tab-problems').click();
    await page.locator('[data-testid=problems], [data-testid=no-problems]').first().waitFor();
  }],
  ['interview', async (page) => {
    await page.getByTestId('open-scenarios').click();
    await page.getByTestId(`interview-${INTERVIEW}`).click();
    await page.getByTestId('interview-card').waitFor();
    await page.getByTestId('checklist').waitFor();
  }],
  ['instance-properties', async (page) => {
    await page.getByTestId('canvas').locator('[data-kind=instance] rect.tile').first().click();
    await page.getByTestId('props-name').waitFor();
  }],
  ['subnet-properties', async (page) => {
    await page.getByTestId('canvas').locator('[data-kind=subnet] rect.box').first().click({ position: { x: 8, y: 60 } });
    await page.locator('[data-testid=properties] [data-testid=props-name]').waitFor();
  }],
  ['history-replay', async (page) => {
    await dropOn(page, 'nat-gateway', page.getByTestId('canvas').locator('[data-kind=subnet] rect.box').first(), { dy: 0.8 });
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-step').first().waitFor();
    await page.getByTestId('history-start').locator('button').click();
    await page.getByTestId('replay-banner').waitFor();
  }],
  ['annotations', async (page) => {
    // A note, a box and an arrow between two components, with the note's panel open.
    const canvas = page.getByTestId('canvas');
    await dropOn(page, 'box', canvas, { dx: 0.85, dy: 0.85 });
    await page.getByTestId('annotation-text').fill('on-premises');
    await page.getByTestId('annotation-text').press('Tab');
    await page.getByTestId('palette-arrow').click();
    await canvas.locator('[data-id="i-0bastion"] rect.tile').click();
    await canvas.locator('[data-id="i-0app"] rect.tile').click();
    await page.getByTestId('annotation-arrow-1').waitFor({ state: 'attached' });
    await dropOn(page, 'note', canvas, { dx: 0.5, dy: 0.9 });
    await page.getByTestId('annotation-text').fill('Users in Seoul reach the bastion over SSH');
    await page.getByTestId('annotation-text').press('Tab');
    await page.getByTestId('annotation-note-1').locator('text').filter({ hasText: 'Users' }).waitFor();
  }],
  ['read-only-link', async (page) => {
    const design = JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')));
    await openLink(page, APP_URL + '#' + shareFragment(design));
    await page.getByTestId('read-only-banner').waitFor();
  }],
];

// Every screen in both themes in English, and in Korean (the words, and so the labels axe
// checks, are another catalogue's) in the light theme.
for (const [theme, locale] of [['light', 'en-US'], ['dark', 'en-US'], ['light', 'ko-KR']]) {
  const ko = locale === 'ko-KR';
  for (const [name, reach] of SCREENS) {
    test(`axe finds no critical or serious violation on the ${name} screen in the ${theme} theme${ko ? ' in Korean' : ''}`, async () => {
      // Reduced motion (a real user setting; the stylesheet then stops transitions): axe reads
      // computed colours, and a colour caught mid-transition would make the verdict depend on
      // timing. What is checked is the settled screen.
      const { context, page, problems } = await openApp(browser, { colorScheme: theme, viewport: VIEWPORT, reducedMotion: 'reduce', locale });
      if (name === 'read-only-link') {
        // The autosave exists once the sample has been saved.
        await page.getByTestId('save-status').filter({ hasText: ko ? '이 브라우저에 저장됨' : 'Saved locally' }).waitFor();
      }
      await reach(page);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      assert.equal(await page.evaluate(() => document.documentElement.lang), ko ? 'ko' : 'en');
      await page.screenshot({ path: shot(`a11y-${name}-${theme}${ko ? '-ko' : ''}`) });
      const violations = await axe(page);
      assert.equal(violations.length, 0, `axe on ${name} (${theme}, ${locale}):\n${report(violations)}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a ? (a.dataset.testid ?? a.dataset.id ?? a.id ?? a.tagName) : null;
});
/// Waits until focus is on `want` (focus moves after the app's next render, sometimes a task
/// later), then asserts it; only a hang reaches the ceiling.
async function focusIs(page, want, message) {
  const until = Date.now() + HANG;
  while ((await focused(page)) !== want && Date.now() < until) await page.waitForTimeout(100);
  assert.equal(await focused(page), want, message);
}
const inside = (page, testid) => page.evaluate((t) => !!document.activeElement?.closest(`[data-testid="${t}"]`), testid);

test('the Help and Scenarios dialogs take focus, keep Tab inside, close on Escape and give focus back', async () => {
  const { context, page, problems } = await openApp(browser, { viewport: VIEWPORT });
  for (const [opener, overlay] of [['help', 'help-overlay'], ['open-scenarios', 'scenario-picker']]) {
    await page.getByTestId(opener).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId(overlay).waitFor();
    assert.ok(await inside(page, overlay), `${overlay} took focus (focus on ${await focused(page)})`);
    // Forty presses of Tab and of Shift+Tab never leave the dialog.
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press(key);
        assert.ok(await inside(page, overlay), `${key} ×${i + 1} left ${overlay} for ${await focused(page)}`);
      }
    }
    await page.keyboard.press('Escape');
    await page.getByTestId(overlay).waitFor({ state: 'detached' });
    await focusIs(page, opener, `focus back on the opener of ${overlay}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the File menu takes focus, moves with the arrow keys, keeps Tab inside and closes on Escape', async () => {
  const { context, page, problems } = await openApp(browser, { viewport: VIEWPORT });
  const menu = page.getByTestId('file-menu');
  await menu.locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('menu-new-blank').waitFor();
  await focusIs(page, 'menu-new-blank', 'the first item has focus');
  await page.keyboard.press('ArrowDown');
  await focusIs(page, 'menu-new-sample');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.notEqual(await focused(page), 'menu-new-blank', 'ArrowUp from the first item wraps to the last');
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await inside(page, 'file-menu'), `Tab ×${i + 1} left the menu for ${await focused(page)}`);
  }
  await page.keyboard.press('Escape');
  assert.equal(await menu.evaluate((d) => d.open), false, 'Escape closes the menu');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY', 'focus back on File');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the canvas is one tab stop; arrow keys move between shapes, Enter goes into a container, Escape leaves it', async () => {
  const { context, page, problems } = await openApp(browser, { viewport: VIEWPORT });
  const canvas = page.getByTestId('canvas');
  assert.ok((await canvas.locator('[data-id]').count()) > 5);
  assert.equal(await canvas.locator('[tabindex="0"]').count(), 1, 'one shape is in the tab order');
  // The skip link is the first stop and lands on the canvas.
  await page.keyboard.press('Tab');
  await focusIs(page, 'skip-to-canvas');
  await page.keyboard.press('Enter');
  const first = await page.evaluate(() => document.activeElement?.dataset.id);
  assert.ok(first, 'the skip link focuses a shape');
  const name = (id) => canvas.locator(`[data-id="${id}"]`).first().getAttribute('aria-label');
  assert.match(await name(first), /^VPC /, 'the first stop is a VPC');
  // The VPC's name says its CIDR.
  assert.match(await name(first), /\d+\.\d+\.\d+\.\d+\/\d+/);
  // Enter goes into the VPC: focus on one of its children, the VPC selected.
  await page.keyboard.press('Enter');
  const child = await page.evaluate(() => document.activeElement?.dataset.id);
  assert.notEqual(child, first);
  assert.equal(await page.getByTestId('props-name').textContent(), await canvas.locator(`[data-id="${first}"]`).first().evaluate((g) => g.querySelector('text.title').textContent));
  // Arrow keys move among the VPC's children, the tab stop following focus.
  const seen = new Set([child]);
  for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown']) {
    await page.keyboard.press(key);
    seen.add(await page.evaluate(() => document.activeElement?.dataset.id));
  }
  assert.ok(seen.size >= 2, `arrow keys moved focus: ${[...seen]}`);
  assert.equal(await canvas.locator('[tabindex="0"]').count(), 1);
  const now = await page.evaluate(() => document.activeElement?.dataset.id);
  assert.equal(await canvas.locator('[tabindex="0"]').getAttribute('data-id'), now);
  // Escape leaves the container: focus back on the VPC.
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), first);
  // Tab leaves the canvas in one press.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=canvas]')), false);
  // A subnet's name says its CIDR and tier.
  const subnet = await canvas.locator('[data-kind=subnet]').first().getAttribute('aria-label');
  assert.match(subnet, /^Subnet .*\d+\.\d+\.\d+\.\d+\/\d+.*(public|private)/, subnet);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the bottom tabs are a tablist: arrow keys move between tabs', async () => {
  const { context, page, problems } = await openApp(browser, { viewport: VIEWPORT });
  await page.getByTestId('tab-problems').click();
  assert.equal(await page.getByTestId('tab-problems').getAttribute('tabindex'), '0');
  assert.equal(await page.getByTestId('tab-traces').getAttribute('tabindex'), '-1');
  await page.keyboard.press('ArrowRight');
  await focusIs(page, 'tab-route-tables');
  assert.equal(await page.getByTestId('tab-route-tables').getAttribute('aria-selected'), 'true');
  await page.getByTestId('route-table-list').waitFor();
  await page.keyboard.press('End');
  await focusIs(page, 'tab-history');
  await page.keyboard.press('ArrowRight');
  await focusIs(page, 'tab-problems', 'wraps around');
  await page.keyboard.press('ArrowLeft');
  await focusIs(page, 'tab-history');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a live region announces the trace verdict and a moved component', async () => {
  const { context, page, problems } = await openApp(browser, { viewport: VIEWPORT });
  const live = page.getByTestId('announcer');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  await openDesign(page, BASTION);
  await page.getByTestId('design-name').filter({ hasText: /bastion/i }).waitFor();
  await trace(page, '203.0.113.10', 'i-0bastion', 22);
  await live.filter({ hasText: /unreachable.*rtb-0public/i }).waitFor();
  // Once played, the shapes the packet reached say so in their names.
  await page.getByTestId('trace-step').filter({ hasText: /\b(\d+) ?(?:of|\/) ?\1\b/ }).waitFor({ timeout: HANG });
  assert.match(await page.getByTestId('canvas').locator('[data-id="i-0bastion"]').getAttribute('aria-label'), /traced/);
  // Select the bastion with the keyboard and nudge it.
  await page.getByTestId('canvas').locator('[data-id="i-0bastion"]').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('props-name').filter({ hasText: 'bastion' }).waitFor();
  await page.keyboard.press('Shift+ArrowRight');
  await live.filter({ hasText: /Moved .*i-0bastion|Moved .*bastion/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 500-component design is still one tab stop on the canvas', async () => {
  const json = execFileSync('cargo', ['run', '-q', '-p', 'sim', '--example', 'generate_design', '--', '500'], { cwd: ROOT, maxBuffer: 64 << 20 }).toString();
  const file = join(mkdtempSync(join(tmpdir(), 'stratosim-a11y-')), 'big-500.json');
  writeFileSync(file, json);
  const { context, page, problems } = await openApp(browser, { viewport: VIEWPORT });
  await openDesign(page, file);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=canvas] .shape').length >= 500, null, { timeout: HANG });
  const canvas = page.getByTestId('canvas');
  assert.equal(await canvas.locator('[tabindex="0"]').count(), 1);
  assert.equal(await canvas.locator('[tabindex="-1"]').count(), (await canvas.locator('.shape').count()) - 1);
  assert.deepEqual(problems, []);
  await context.close();
});
