// Live sessions against stratosim-serve: the interviewer starts one, the candidate joins from
// the link, both edit at once (the same component too) and end with the same design; the
// candidate's DOM and every WebSocket frame it receives hold none of the scenario's answer
// strings and no plaintext design; a side cut off from the network keeps its edits and
// catches up; a handshake the relay never answers is dropped and tried again. The latency of an edit reaching the other side on a 500-component design is
// recorded in perf.json, never asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, openLink, shot, recordPerf, dropOn, HANG, ROOT, OUTPUT, APP_URL } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ID = 'bastion-ssh-timeout';
const AUTOSAVE = 'stratosim.autosave.v1';

/// The items of each list of answers.yaml (hints, follow_ups, look_for) — or of its Korean
/// twin, answers.ko.yaml: strings only the interviewer may see, unless they reveal a hint.
function answerLists(id, file = 'answers.yaml') {
  const lists = {};
  let key = null;
  for (const line of readFileSync(`${ROOT}sim/scenarios/${id}/${file}`, 'utf8').split('\n')) {
    const head = line.match(/^([a-z_]+):/);
    if (head) { key = head[1]; lists[key] = []; continue; }
    const item = line.match(/^ {2}- (".*")$/);
    if (item && key) lists[key].push(JSON.parse(item[1]));
  }
  return lists;
}

/// Every answer string in both languages (the session is in English: none of the Korean ones
/// may reach the candidate either).
function answerStrings(id) {
  return [...Object.values(answerLists(id)).flat(), ...Object.values(answerLists(id, 'answers.ko.yaml')).flat()];
}

/// Polls `fn` (async) until it returns a truthy value; only a hang reaches the ceiling.
async function until(fn, what) {
  const deadline = Date.now() + HANG;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never happened: ${what}`);
}

async function design(page) {
  return JSON.parse(await page.evaluate((k) => localStorage.getItem(k), AUTOSAVE));
}

/// Both sides show the same design (their autosaves agree) and `check` holds for it.
async function converged(a, b, what, check = () => true) {
  return until(async () => {
    const [da, db] = [await design(a), await design(b)];
    return JSON.stringify(da) === JSON.stringify(db) && check(da) ? da : null;
  }, what);
}

async function startInterview(page) {
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId(`interview-${ID}`).click();
  await page.getByTestId('interview-card').waitFor();
}

/// The live bar says "connected"; if it never does, the failure quotes what it says instead.
async function connected(page) {
  const status = page.getByTestId('live-status');
  try {
    await status.filter({ hasText: 'connected' }).waitFor({ timeout: HANG });
  } catch (e) {
    throw new Error(`never connected: the live bar says ${JSON.stringify(await status.allTextContents())}\n${e.message}`);
  }
}

/// Opens a live session: the interviewer's page, the candidate's, and every frame the
/// candidate's page receives.
async function session() {
  const interviewer = await openApp(browser);
  await startInterview(interviewer.page);
  await interviewer.page.getByTestId('start-live').click();
  await connected(interviewer.page);
  const link = await interviewer.page.getByTestId('live-link').inputValue();
  assert.match(link, /#design=.*&candidate=.*&live=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  const candidate = await openApp(browser);
  const frames = [];
  candidate.page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(Buffer.from(payload))));
  await openLink(candidate.page, link);
  await connected(candidate.page);
  await converged(interviewer.page, candidate.page, 'the candidate has the room design');
  return { interviewer, candidate, frames, link };
}

async function rename(page, id, name) {
  await page.getByTestId('canvas').locator(`[data-id="${id}"]`).first().focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('tab-properties').click();
  await page.getByTestId('field-name').fill(name);
  await page.getByTestId('field-name').press('Enter');
}

function nameOf(d, id) {
  return d.network.instances.find((i) => i.id === id)?.name;
}

test('two sides edit at once, the same component too, and end with the same design; the candidate receives no answer and no plaintext', async () => {
  const { interviewer, candidate, frames, link } = await session();
  const secrets = answerStrings(ID);
  assert.ok(secrets.length >= 3, JSON.stringify(secrets));
  const key = link.split('&live=')[1].split('.')[1];

  const start = await design(candidate.page);
  const [a, b] = start.network.instances.map((i) => i.id);
  assert.ok(a && b, 'the scenario has two instances');
  const count = start.network.instances.length;
  const subnet = (page) => page.getByTestId('canvas').locator(`[data-id="${start.network.subnets[0].id}"]`).locator('rect.box').first();

  // At once: both rename instance a (the same component), the candidate renames b, and
  // both drop a new instance into the same subnet.
  await Promise.all([
    (async () => { await rename(interviewer.page, a, 'named-by-interviewer'); await dropOn(interviewer.page, 'instance', subnet(interviewer.page), { dx: 0.3, dy: 0.7 }); })(),
    (async () => { await rename(candidate.page, a, 'named-by-candidate'); await rename(candidate.page, b, 'renamed-b'); await dropOn(candidate.page, 'instance', subnet(candidate.page), { dx: 0.7, dy: 0.7 }); })(),
  ]);
  const end = await converged(interviewer.page, candidate.page, 'both edits on both sides',
    (d) => d.network.instances.length === count + 2 && nameOf(d, b) === 'renamed-b'
      && ['named-by-interviewer', 'named-by-candidate'].includes(nameOf(d, a)));
  assert.ok(end, 'converged');
  await interviewer.page.getByTestId('live-presence').filter({ hasText: 'candidate' }).waitFor();
  await candidate.page.getByTestId('live-presence').filter({ hasText: 'interviewer' }).waitFor();
  await interviewer.page.screenshot({ path: shot('live-interviewer') });
  await candidate.page.screenshot({ path: shot('live-candidate') });

  // The interviewer's history credits each side with its own edits (the replay of the build).
  await interviewer.page.getByTestId('tab-history').click();
  const steps = await interviewer.page.getByTestId('history-step').evaluateAll((els) =>
    els.map((e) => `${e.querySelector('.by').textContent}: ${e.querySelector('.what').textContent}`));
  assert.ok(steps.some((s) => /^candidate: .*renamed-b/.test(s)), steps.join('\n'));
  assert.ok(steps.some((s) => /^you: .*named-by-interviewer/.test(s)), steps.join('\n'));

  // Nothing of the answer data reached the candidate, and no frame is a readable design.
  const dom = await candidate.page.content();
  for (const s of secrets) assert.ok(!dom.includes(s), `the candidate's page shows "${s}"`);
  assert.ok(frames.length >= 3, `${frames.length} frames received`);
  for (const f of frames) {
    const text = f.toString('latin1');
    for (const s of secrets) assert.ok(!text.includes(s), `a frame holds "${s}"`);
    for (const word of ['"network"', '"layout"', 'renamed-b', 'named-by', key]) {
      assert.ok(!text.includes(word), `a frame holds ${word} in plaintext`);
    }
    assert.throws(() => JSON.parse(f.subarray(9).toString('utf8')), 'a frame parses as JSON');
  }

  // A hint the interviewer reveals now appears on the candidate's card; the others do not.
  const { hints } = answerLists(ID);
  assert.ok(hints.length >= 2);
  await interviewer.page.getByTestId('tab-task').click();
  await interviewer.page.getByTestId('reveal-hint').click();
  await candidate.page.getByTestId('tab-task').click();
  await candidate.page.getByTestId('hint').filter({ hasText: hints[0] }).waitFor({ timeout: HANG });
  const after = await candidate.page.content();
  for (const s of secrets.filter((s) => s !== hints[0])) assert.ok(!after.includes(s), `the candidate's page shows "${s}"`);
  for (const p of [interviewer, candidate]) assert.deepEqual(p.problems, []);
  await interviewer.context.close();
  await candidate.context.close();
});

test('notes and boxes drawn on either side reach the other side', async () => {
  const { interviewer, candidate } = await session();
  const canvas = (p) => p.page.getByTestId('canvas');
  await dropOn(interviewer.page, 'note', canvas(interviewer), { dx: 0.5, dy: 0.9 });
  await interviewer.page.getByTestId('tab-properties').click();
  await interviewer.page.getByTestId('annotation-text').fill('ask about traffic from Seoul');
  await interviewer.page.getByTestId('annotation-text').press('Tab');
  await dropOn(candidate.page, 'box', canvas(candidate), { dx: 0.8, dy: 0.8 });
  const d = await converged(interviewer.page, candidate.page, 'the note and the box on both sides',
    (d) => (d.annotations ?? []).length === 2 && d.annotations.some((a) => a.text === 'ask about traffic from Seoul'));
  assert.deepEqual(d.annotations.map((a) => a.kind).sort(), ['box', 'note']);
  await candidate.page.getByTestId('annotation-note-1').locator('text').filter({ hasText: 'Seoul' }).waitFor();
  await interviewer.page.getByTestId('tab-history').click();
  const steps = await interviewer.page.getByTestId('history-step').allTextContents();
  assert.ok(steps.some((s) => /candidate.*added box box-1/.test(s)), steps.join('\n'));
  for (const p of [interviewer, candidate]) assert.deepEqual(p.problems, []);
  await interviewer.context.close();
  await candidate.context.close();
});

test('the interviewer reloads and is back in the session; after "Leave live session" a reload stays out', async () => {
  const { interviewer, candidate, link } = await session();
  const start = await design(candidate.page);
  const a = start.network.instances[0].id;
  await interviewer.page.reload();
  await interviewer.page.getByTestId('interview-card').waitFor();
  await connected(interviewer.page);
  assert.equal(await interviewer.page.getByTestId('live-link').inputValue(), link, 'the same candidate link');
  // Edits flow both ways again.
  await rename(candidate.page, a, 'after-reload');
  await converged(interviewer.page, candidate.page, "the candidate's edit reaches the reloaded interviewer", (d) => nameOf(d, a) === 'after-reload');
  await rename(interviewer.page, a, 'interviewer-back');
  await converged(interviewer.page, candidate.page, "the reloaded interviewer's edit reaches the candidate", (d) => nameOf(d, a) === 'interviewer-back');
  await interviewer.page.getByTestId('live-presence').filter({ hasText: 'candidate' }).waitFor({ timeout: HANG });

  await interviewer.page.getByTestId('live-stop').click();
  await interviewer.page.getByTestId('live-bar').waitFor({ state: 'detached' });
  await interviewer.page.reload();
  await interviewer.page.getByTestId('interview-card').waitFor();
  await interviewer.page.getByTestId('start-live').waitFor();
  assert.equal(await interviewer.page.getByTestId('live-bar').count(), 0);
  for (const p of [interviewer, candidate]) assert.deepEqual(p.problems, []);
  await interviewer.context.close();
  await candidate.context.close();
});

test('a side cut off from the network keeps its edits and catches up without loss', async () => {
  const { interviewer, candidate } = await session();
  const start = await design(candidate.page);
  const [a, b] = start.network.instances.map((i) => i.id);
  await candidate.context.setOffline(true);
  await candidate.page.getByTestId('live-status').filter({ hasText: 'reconnecting' }).waitFor({ timeout: HANG });
  await rename(candidate.page, b, 'edited-offline');
  await rename(interviewer.page, a, 'edited-while-the-other-was-away');
  await candidate.context.setOffline(false);
  await connected(candidate.page);
  await converged(interviewer.page, candidate.page, 'both edits after the reconnection',
    (d) => nameOf(d, b) === 'edited-offline' && nameOf(d, a) === 'edited-while-the-other-was-away');
  // Undo on the candidate's side takes back only the candidate's edit.
  await candidate.page.getByTestId('undo').click();
  await converged(interviewer.page, candidate.page, "the candidate's undo",
    (d) => nameOf(d, b) !== 'edited-offline' && nameOf(d, a) === 'edited-while-the-other-was-away');
  for (const p of [interviewer, candidate]) assert.deepEqual(p.problems, []);
  await interviewer.context.close();
  await candidate.context.close();
});

test('an edit on a 500-component design reaches the other side (latency recorded)', async () => {
  const json = execFileSync('cargo', ['run', '-q', '-p', 'sim', '--example', 'generate_design', '--', '500'], { cwd: ROOT, maxBuffer: 64 << 20 }).toString();
  const file = join(mkdtempSync(join(tmpdir(), 'stratosim-live-')), 'big-500.json');
  writeFileSync(file, json);
  const { interviewer, candidate } = await session();
  await interviewer.page.getByTestId('file-menu').locator('summary').click();
  const chooser = interviewer.page.waitForEvent('filechooser');
  await interviewer.page.getByTestId('menu-open').click();
  await (await chooser).setFiles(file);
  await candidate.page.waitForFunction(() => document.querySelectorAll('[data-testid=canvas] .shape').length >= 500, null, { timeout: HANG });
  const big = JSON.parse(json);
  const id = big.network.instances[0].id;
  const x = (page) => page.evaluate((id) => document.querySelector(`[data-testid=canvas] [data-id="${id}"] rect`)?.getAttribute('x'), id);
  await interviewer.page.getByTestId('canvas').locator(`[data-id="${id}"]`).first().focus();
  await interviewer.page.keyboard.press('Enter');
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const before = await x(candidate.page);
    const t0 = Date.now();
    await interviewer.page.keyboard.press('Shift+ArrowRight');
    await candidate.page.waitForFunction(([id, before]) => document.querySelector(`[data-testid=canvas] [data-id="${id}"] rect`)?.getAttribute('x') !== before, [id, before], { timeout: HANG, polling: 'raf' });
    samples.push(Date.now() - t0);
  }
  samples.sort((p, q) => p - q);
  recordPerf('live_edit_visible_500', { components: 500, samples_ms: samples, median_ms: samples[2] });
  await converged(interviewer.page, candidate.page, 'the 500-component design on both sides');
  await interviewer.context.close();
  await candidate.context.close();
});

test('a relay that never answers the handshake is dropped and tried again', async () => {
  // A proxy in front of stratosim-serve that swallows the first WebSocket handshake (the
  // connection stays open, nothing comes back) and passes everything else through.
  const upstream = new URL(APP_URL);
  const held = [];
  let upgrades = 0;
  const proxy = createServer((client) => {
    client.once('data', (first) => {
      const head = first.toString('latin1');
      if (/^GET \/live\//.test(head) && /upgrade: websocket/i.test(head) && upgrades++ === 0) {
        held.push(client);
        return;
      }
      const server = connect(Number(upstream.port), upstream.hostname, () => {
        server.write(first);
        client.pipe(server);
        server.pipe(client);
      });
      const end = () => { client.destroy(); server.destroy(); };
      server.on('error', end);
      client.on('error', end);
    });
  });
  const port = await new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(proxy.address().port)));
  try {
    const { page, context, problems } = await openApp(browser, { url: `http://127.0.0.1:${port}/` });
    await startInterview(page);
    await page.getByTestId('start-live').click();
    await connected(page);
    assert.equal(held.length, 1, 'the first handshake was held');
    assert.ok(upgrades >= 2, `${upgrades} handshakes`);
    // The browser reports the dropped handshake on the console; nothing else may be there.
    assert.deepEqual(problems.filter((p) => !/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/live\/[^']*' failed/.test(p)), []);
    await context.close();
  } finally {
    for (const c of held) c.destroy();
    proxy.close();
  }
});

test('served by a plain static host, the app works and "Start live session" says the server is not reachable', async () => {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => { const p = probe.address().port; probe.close(() => resolve(p)); });
  });
  const stat = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', join(ROOT, 'dist')], { stdio: 'ignore' });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    await until(async () => {
      try { return (await page.goto(`http://127.0.0.1:${port}/`)).ok(); } catch { return false; }
    }, 'the static server answers');
    await page.getByTestId('canvas').waitFor();
    await startInterview(page);
    await page.getByTestId('start-live').click();
    await page.getByTestId('live-status').filter({ hasText: 'not reachable' }).waitFor({ timeout: HANG });
    await page.screenshot({ path: join(OUTPUT, 'live-unreachable.png') });
    await page.getByTestId('live-stop').click();
    await page.getByTestId('live-bar').waitFor({ state: 'detached' });
    await context.close();
  } finally {
    stat.kill();
  }
});
