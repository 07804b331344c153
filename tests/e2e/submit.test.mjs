// Submitting with a name, and grading what was submitted: the learner's Submit asks for their
// name (and an optional id), puts them in the link and the report with a checksum, and the
// CLI grading that link agrees on the student, the score and the checksum. A reviewer who
// opens the link sees whose design it is and downloads a report with their comment and score.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openApp, cli, shot } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function startWeek1(page) {
  await page.getByTestId('open-scenarios').click();
  await page.getByTestId('start-vpc-week1').click();
  await page.getByTestId('task-card').waitFor();
  await page.getByTestId('score').waitFor();
}

test('Submit asks for a name; the link and report carry it, and the CLI grades the link to the same score and checksum', async () => {
  const { context, page, problems } = await openApp(browser);
  await startWeek1(page);
  const [score, max] = (await page.getByTestId('score').textContent()).split('/').map((t) => Number(t.trim()));

  // Without a name nothing is submitted; the field says why and takes focus.
  await page.getByTestId('student-name').fill('');
  await page.getByTestId('submit').click();
  assert.match(await page.getByTestId('submit-error').textContent(), /Type your name/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'student-name');
  assert.equal(await page.getByTestId('share-link').textContent(), '');

  await page.getByTestId('student-name').fill('Kim Min-ji <b>');
  await page.getByTestId('student-id').fill('2026-017');
  const download = page.waitForEvent('download');
  await page.getByTestId('submit').click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^vpc-week1-.+-kim-min-ji-b-report\.html$/);
  const html = readFileSync(await file.path(), 'utf8');
  assert.match(html, /Student: <strong>Kim Min-ji &lt;b&gt;<\/strong> \(2026-017\)/);
  assert.match(html, /data:image\/svg\+xml;base64,/, 'the report shows the design');
  const checksum = html.match(/data-testid="checksum">([0-9a-f]{16})</)[1];
  const link = await page.getByTestId('share-link').textContent();
  assert.match(link, /#design=.+&scenario=vpc-week1&student=Kim%20Min-ji%20%3Cb%3E&student_id=2026-017$/);

  // The CLI reads the link and agrees: student, score, and the checksum the report printed.
  const graded = cli(['grade', '--scenario', 'vpc-week1', '--format', 'json', link]);
  const r = graded.results[0];
  assert.equal(r.student, 'Kim Min-ji <b>');
  assert.deepEqual([r.score, r.max], [score, max]);
  assert.equal(r.checksum, checksum);
  await page.screenshot({ path: shot('submit-named') });

  // A reload prefills the name for the next Submit.
  await page.reload();
  await page.getByTestId('task-card').waitFor();
  assert.equal(await page.getByTestId('student-name').inputValue(), 'Kim Min-ji <b>');
  assert.deepEqual(problems, []);
  await context.close();

  // The reviewer opens the link: it names the student; their comment and score are kept.
  const reviewer = await openApp(browser, { path: link.slice(link.indexOf('#')) });
  const rp = reviewer.page;
  await rp.getByTestId('review-card').waitFor();
  await rp.getByTestId('score').filter({ hasText: `${score} / ${max}` }).waitFor();
  assert.equal(await rp.getByTestId('submitted-by').textContent(), 'Submitted by Kim Min-ji <b> (2026-017)');
  await rp.getByTestId('review-score').fill(String(max + 1));
  await rp.getByTestId('review-report').click();
  assert.match(await rp.getByTestId('review-error').textContent(), new RegExp(`from 0 to ${max}`));
  await rp.getByTestId('review-comment').fill('Good start.\nThe DB group allows <too much>.');
  await rp.getByTestId('review-score').fill(String(Math.max(0, score - 1)));
  const reviewDownload = rp.waitForEvent('download');
  await rp.getByTestId('review-report').click();
  const review = await reviewDownload;
  assert.match(review.suggestedFilename(), /-kim-min-ji-b-review\.html$/);
  const reviewHtml = readFileSync(await review.path(), 'utf8');
  assert.match(reviewHtml, /The DB group allows &lt;too much&gt;\./);
  assert.match(reviewHtml, new RegExp(`${Math.max(0, score - 1)} / ${max} <span class="muted small">\\(reviewer's score; graded ${score} / ${max}`));
  assert.match(reviewHtml, new RegExp(`data-testid="checksum">${checksum}<`), 'the graded score keeps its checksum');
  assert.deepEqual(reviewer.problems, []);
  await reviewer.context.close();
});

test('a reviewer grades a submission with their own rubric file; a broken one names its line and changes nothing', async () => {
  const learner = await openApp(browser);
  await startWeek1(learner.page);
  await learner.page.getByTestId('student-name').fill('Lee');
  const download = learner.page.waitForEvent('download');
  await learner.page.getByTestId('submit').click();
  await download;
  const link = await learner.page.getByTestId('share-link').textContent();
  await learner.context.close();

  const { context, page, problems } = await openApp(browser, { path: link.slice(link.indexOf('#')) });
  await page.getByTestId('review-card').waitFor();
  await page.getByTestId('score').waitFor();
  const scenarioChecks = await page.getByTestId('check').count();
  assert.ok(scenarioChecks > 2, `${scenarioChecks} checks`);
  assert.match(await page.getByTestId('rubric-source').textContent(), /the scenario's rubric/);

  // The class's own rubric: two checks, 7 points in all.
  const own = [
    'id: class-week1',
    'title: Class rubric',
    'checks:',
    '  - id: ssh-bastion',
    '    points: 3',
    '    message: SSH reaches the bastion from the office',
    '    reach: {from: 203.0.113.10, to: "role:bastion", port: 22, expect: allowed}',
    '  - id: db-closed',
    '    points: 4',
    '    message: The internet cannot reach MySQL',
    '    reach: {from: internet, to: "role:app", port: 3306, expect: denied}',
    '',
  ].join('\n');
  await page.getByTestId('rubric-input').setInputFiles({ name: 'class-week1.yaml', mimeType: 'text/yaml', buffer: Buffer.from(own) });
  await page.getByTestId('rubric-file').filter({ hasText: 'class-week1.yaml' }).waitFor();
  assert.deepEqual(await page.getByTestId('check').evaluateAll((els) => els.map((e) => e.dataset.check)), ['ssh-bastion', 'db-closed']);
  assert.match(await page.getByTestId('score').textContent(), /^\d \/ 7$/);
  await page.screenshot({ path: shot('review-own-rubric') });

  // A broken file: the error names the file and line; the class rubric keeps grading.
  const broken = own.replace('points: 4', 'points: four');
  await page.getByTestId('rubric-input').setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from(broken) });
  await page.getByTestId('rubric-error').filter({ hasText: /^broken\.yaml:9/ }).waitFor();
  assert.equal(await page.getByTestId('check').count(), 2);
  assert.equal(await page.getByTestId('rubric-file').textContent(), 'class-week1.yaml');

  // The report says which rubric graded it.
  const report = page.waitForEvent('download');
  await page.getByTestId('review-report').click();
  const html = readFileSync(await (await report).path(), 'utf8');
  assert.match(html, /Graded with the reviewer's rubric <code>class-week1\.yaml<\/code> \(id <code>class-week1<\/code>\)/);
  assert.match(html, /\d \/ 7/);

  // Back to the scenario's rubric.
  await page.getByTestId('scenario-rubric').click();
  await page.getByTestId('rubric-source').filter({ hasText: "the scenario's rubric" }).waitFor();
  assert.equal(await page.getByTestId('check').count(), scenarioChecks);
  assert.deepEqual(problems, []);
  await context.close();
});
