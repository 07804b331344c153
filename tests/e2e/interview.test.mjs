// Interviews: the candidate's side never receives the answer data (neither in its DOM, nor in
// the requests it makes, nor in the wasm bundle it loads); the prompt travels with the
// candidate link; "Make a copy" keeps the recipient's own design; notes are shared by tabs and
// a stale tab never overwrites newer ones; "Leave" asks; a link pasted into an open tab
// loads it (asking when there is work on screen); the clock's limit warns; the card folds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { launch, openApp, openLink, shot, ROOT, APP_URL } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ID = 'bastion-ssh-timeout';

/// The items of each list of a scenario's answers.yaml and the messages of its rubric, in
/// English and in Korean (answers.ko.yaml: the same lists, and the checks' messages and hints):
/// every string only the interviewer may see. (Our files write list items as `- "…"`.)
function answerStrings(id) {
  const lists = {};
  const dir = `${ROOT}sim/scenarios/${id}`;
  for (const file of ['answers.yaml', 'answers.ko.yaml'].filter((f) => existsSync(`${dir}/${f}`))) {
    let key = null;
    for (const line of readFileSync(`${dir}/${file}`, 'utf8').split('\n')) {
      const head = line.match(/^([a-z_]+):/);
      if (head) { key = head[1]; lists[key] ??= []; continue; }
      const item = line.match(/^ {2}- (".*")$/) ?? line.match(/^ {4}(?:message|hint): (".*")$/);
      if (item && key) lists[key].push(JSON.parse(item[1]));
    }
  }
  const rubric = [...readFileSync(`${dir}/rubric.yaml`, 'utf8').matchAll(/^ {4}message: (".*")$/gm)].map((m) => JSON.parse(m[1]));
  return { ...lists, rubric: [...rubric, ...(lists.checks ?? [])] };
}

function prompt(id) {
  const m = readFileSync(`${ROOT}sim/scenarios/${id}/scenario.yaml`, 'utf8').match(/^ {2}prompt: (".*")$/m);
  return JSON.parse(m[1]);
}

function shareFragment(design) {
  return 'design=' + deflateRawSync(Buffer.from(JSON.stringify(design))).toString('base64url');
}

/// Polls `fn` until it is true (dialogs are answered asynchronously); a hang fails the test.
async function until(fn, what) {
  for (let i = 0; i < 400; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`never happened: ${what}`);
}

async function startInterview(page, id = ID) {
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId(`interview-${id}`).click();
  await page.getByTestId('interview-card').waitFor();
  // The answer data arrives by fetch and fills the card; waiting for it keeps a click from
  // landing while the card grows (as a user waits for the page to settle).
  await page.getByTestId('checklist').waitFor();
}

test('the candidate link carries the prompt and the revealed hint, and the candidate receives no other answer data', async () => {
  const secret = answerStrings(ID);
  assert.ok(secret.hints.length >= 2 && secret.look_for.length >= 1 && secret.rubric.length >= 3, JSON.stringify(secret));

  // The interviewer sees the answer data (fetched), reveals one hint, sets what the candidate sees.
  const interviewer = await openApp(browser);
  await startInterview(interviewer.page);
  const card = interviewer.page.getByTestId('interview-card');
  await card.getByText(secret.look_for[0]).waitFor();
  await interviewer.page.getByTestId('checklist').waitFor();
  await interviewer.page.getByTestId('reveal-hint').click();
  await interviewer.page.getByTestId('candidate-lints').selectOption('warnings');
  await interviewer.page.getByTestId('timer-limit').fill('45');
  await interviewer.page.getByTestId('timer-limit').press('Enter');
  await interviewer.page.getByTestId('timer-limit').blur();
  await interviewer.page.getByTestId('timer').filter({ hasText: '/ 45:00' }).waitFor();
  await interviewer.page.getByTestId('candidate-link').click();
  const link = await interviewer.page.getByTestId('share-link').textContent();
  assert.ok(link.includes('candidate='), link);
  assert.ok(!link.includes(ID), `the link names no scenario: ${link}`);
  await interviewer.page.screenshot({ path: shot('interview-interviewer') });

  // The candidate: a fresh browser context, every request recorded.
  const candidate = await openApp(browser);
  const requests = [];
  candidate.page.on('request', (r) => requests.push(r.url()));
  await openLink(candidate.page, link);
  await candidate.page.getByTestId('candidate-card').waitFor();
  assert.equal(await candidate.page.getByTestId('question').textContent(), prompt(ID));
  assert.deepEqual(await candidate.page.getByTestId('hint').allTextContents(), [`Hint 1: ${secret.hints[0]}`]);
  assert.match(await candidate.page.getByTestId('timer').textContent(), /\/ 45:00$/);
  // The design is the candidate's to edit, under a neutral name; no library, no checklist, no notes.
  assert.equal(await candidate.page.getByTestId('read-only-banner').count(), 0);
  assert.doesNotMatch(await candidate.page.getByTestId('design-name').textContent(), /ssh|time/i);
  for (const id of ['open-scenarios', 'checklist', 'interview-notes', 'interview-card', 'reveal-hint']) {
    assert.equal(await candidate.page.getByTestId(id).count(), 0, id);
  }
  // Lints: warnings only, and no one-click fix anywhere.
  await candidate.page.getByTestId('tab-problems').click();
  assert.equal(await candidate.page.locator('[data-testid=problem].error').count(), 0);
  assert.equal(await candidate.page.getByTestId('apply-fix').count(), 0);
  await candidate.page.screenshot({ path: shot('interview-candidate') });

  const html = await candidate.page.content();
  const hidden = [...secret.hints.slice(1), ...secret.follow_ups, ...secret.look_for, ...secret.rubric];
  for (const s of hidden) assert.ok(!html.includes(s), `the candidate's DOM holds “${s}”`);
  assert.deepEqual(requests.filter((u) => u.includes('/answers/')), [], 'the candidate fetched answer data');
  // Nor is it in the bundle the candidate's browser loaded.
  const wasm = requests.find((u) => u.endsWith('.wasm'));
  assert.ok(wasm, requests.join('\n'));
  const bundle = Buffer.from(await (await fetch(wasm)).arrayBuffer());
  // …for any scenario of the library.
  const ids = readdirSync(`${ROOT}sim/scenarios`).filter((d) => existsSync(`${ROOT}sim/scenarios/${d}/answers.yaml`));
  // An assignment's statement (public: it is the task) may word a check as a rubric does —
  // its own or another scenario's ("a NAT gateway in a public subnet").
  const statement = ids.flatMap((id) => ['scenario.yaml', 'ko.yaml'].filter((f) => existsSync(`${ROOT}sim/scenarios/${id}/${f}`))
    .map((f) => readFileSync(`${ROOT}sim/scenarios/${id}/${f}`, 'utf8'))).join('\n');
  for (const id of ids) {
    const all = answerStrings(id);
    for (const s of [...all.hints, ...all.follow_ups, ...all.look_for, ...all.rubric].filter((s) => !statement.includes(s))) {
      assert.equal(bundle.indexOf(Buffer.from(s)), -1, `the wasm bundle holds ${id}'s “${s}”`);
    }
  }

  // A reload keeps the candidate's side (the link was consumed into the session).
  await candidate.page.reload();
  await candidate.page.getByTestId('candidate-card').waitFor();
  assert.deepEqual([...interviewer.problems, ...candidate.problems], []);
  await interviewer.context.close();
  await candidate.context.close();
});

test('"Make a copy" keeps the recipient\'s own design as a snapshot first', async () => {
  const { context, page, problems } = await openApp(browser);
  const own = JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')));
  own.name = 'my own work';
  await page.evaluate((t) => localStorage.setItem('stratosim.autosave.v1', t), JSON.stringify(own));
  const shared = structuredClone(own);
  shared.name = 'their design';
  await openLink(page, APP_URL + '#' + shareFragment(shared));
  await page.getByTestId('read-only-banner').waitFor();
  await page.getByTestId('make-copy').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved locally' }).waitFor();
  const snaps = JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.snapshots.v1')));
  const kept = snaps.find((s) => s.label === 'my own work (before making a copy)');
  assert.ok(kept, JSON.stringify(snaps.map((s) => s.label)));
  assert.equal(kept.design.name, 'my own work');
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1'))).name, 'their design');
  assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs share the interview notes and a stale tab never overwrites newer ones', async () => {
  const { context, page: a, problems } = await openApp(browser);
  await startInterview(a, 'vpc-week1');
  await a.getByTestId('interview-notes').fill('asked about NACLs');
  const b = await context.newPage();
  await b.goto(APP_URL);
  await b.getByTestId('interview-card').waitFor();
  // The second tab shows the first tab's notes…
  await b.waitForFunction(() => document.querySelector('[data-testid=interview-notes]')?.value === 'asked about NACLs');
  // …its newer notes reach the first tab through the storage event…
  await b.getByTestId('interview-notes').fill('asked about NACLs; missed ephemeral ports');
  await a.waitForFunction(() => document.querySelector('[data-testid=interview-notes]')?.value === 'asked about NACLs; missed ephemeral ports');
  // …and a reload of the first tab (its saved mode holds older notes) keeps the newer ones.
  await a.reload();
  await a.getByTestId('interview-card').waitFor();
  await a.waitForFunction(() => document.querySelector('[data-testid=interview-notes]')?.value === 'asked about NACLs; missed ephemeral ports');
  const stored = await a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stratosim.notes.')).map((k) => JSON.parse(localStorage.getItem(k)).text));
  assert.deepEqual(stored, ['asked about NACLs; missed ephemeral ports']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Leave" asks, and cancelling keeps the interview', async () => {
  const { context, page, problems } = await openApp(browser);
  await startInterview(page, 'vpc-week1');
  const answers = [false, true];
  const asked = [];
  page.on('dialog', async (d) => { asked.push(d.message()); (answers.shift() ? d.accept() : d.dismiss()); });
  await page.getByTestId('exit-mode').click();
  await until(() => asked.length === 1, 'the first question');
  assert.equal(await page.getByTestId('interview-card').count(), 1, 'cancelled: still in the interview');
  await page.getByTestId('exit-mode').click();
  await page.getByTestId('interview-card').waitFor({ state: 'detached' });
  assert.equal(asked.length, 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link pasted into an open tab loads it, asking first when the design on screen has work', async () => {
  const { context, page, problems } = await openApp(browser);
  const design = JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')));
  const shared = structuredClone(design);
  shared.name = 'pasted design';
  // The untouched sample: no question.
  let asked = 0;
  let accept = false;
  page.on('dialog', async (d) => { asked += 1; await (accept ? d.accept() : d.dismiss()); });
  await page.evaluate((f) => { location.hash = f; }, shareFragment(shared));
  await page.getByTestId('read-only-banner').waitFor();
  assert.equal(await page.getByTestId('design-name').textContent(), 'pasted design');
  assert.equal(asked, 0);
  // Own work on screen: the app asks; "Cancel" keeps it, "OK" opens the link.
  await page.goto(APP_URL);
  await page.getByTestId('make-copy').waitFor({ state: 'detached' });
  design.name = 'work in progress';
  await page.evaluate((t) => localStorage.setItem('stratosim.autosave.v1', t), JSON.stringify(design));
  await page.reload();
  await page.getByTestId('design-name').filter({ hasText: 'work in progress' }).waitFor();
  shared.name = 'second pasted design';
  await page.evaluate((f) => { location.hash = f; }, shareFragment(shared));
  await until(() => asked === 1, 'the question before replacing work');
  assert.equal(await page.getByTestId('design-name').textContent(), 'work in progress');
  accept = true;
  await page.evaluate((f) => { location.hash = f + '&again'; }, shareFragment(shared));
  await page.getByTestId('design-name').filter({ hasText: 'second pasted design' }).waitFor();
  assert.equal(asked, 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the interview clock warns near its limit and the card folds to its header', async () => {
  const { context, page, problems } = await openApp(browser);
  await startInterview(page, 'vpc-week1');
  // An interview restored 58 minutes into a 60-minute limit.
  await page.evaluate(() => {
    const m = JSON.parse(localStorage.getItem('stratosim.mode.v1'));
    m.started_at = Date.now() - 58 * 60000;
    m.limit_min = 60;
    localStorage.setItem('stratosim.mode.v1', JSON.stringify(m));
  });
  await page.reload();
  await page.getByTestId('timer').and(page.locator('[data-state=warning]')).waitFor();
  assert.match(await page.getByTestId('timer-note').textContent(), /nearly up/);
  const open = (await page.getByTestId('interview-card').boundingBox()).height;
  await page.getByTestId('card-toggle').click();
  await page.getByTestId('question').waitFor({ state: 'detached' });
  const folded = (await page.getByTestId('interview-card').boundingBox()).height;
  assert.ok(folded < open / 3, `folded ${folded} px, open ${open} px`);
  assert.equal(await page.getByTestId('timer').count(), 1, 'the clock stays visible');
  await page.screenshot({ path: shot('interview-folded') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Compare with…" lists the components, rules and test-flow verdicts that differ from a linked design', async () => {
  const { context, page, problems } = await openApp(browser);
  await startInterview(page);
  await page.getByTestId('save-status').filter({ hasText: 'Saved locally' }).waitFor();
  const start = JSON.parse(await page.evaluate(() => localStorage.getItem('stratosim.autosave.v1')));
  // The linked design: one instance fewer, one more security-group rule.
  const other = structuredClone(start);
  const gone = other.network.instances.pop();
  const group = other.network.security_groups[0];
  group.ingress.push({ protocol: 'tcp', ports: { from: 443, to: 443 }, peer: { cidr: '0.0.0.0/0' } });
  await page.getByTestId('compare-link').fill(APP_URL + '#' + shareFragment(other));
  await page.getByTestId('compare').click();
  await page.getByTestId('comparison').waitFor();
  const components = await page.getByTestId('diff-component').allTextContents();
  assert.ok(components.some((t) => t.startsWith('added') && t.includes(gone.id)), components.join('\n'));
  const rules = await page.getByTestId('diff-rule').allTextContents();
  assert.ok(rules.some((t) => t.startsWith('removed') && t.includes(group.id) && t.includes('443')), rules.join('\n'));
  await page.getByTestId('comparison').screenshot({ path: shot('interview-compare') });
  // A link that holds no design says so.
  await page.getByTestId('compare-link').fill('https://example.invalid/#nothing');
  await page.getByTestId('compare').click();
  await page.getByTestId('compare-error').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
