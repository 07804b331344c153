// File › Export Terraform (zip): the archive holds exactly what `stratosim export --terraform`
// writes for the same design, and that module traces like the design (the CLI's round trip).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli, cliBin, launch, openApp } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The archive's entries (name → text), read with Python's zipfile (no npm package needed). */
function unzip(path) {
  const script = 'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, path]).toString());
}

test('File › Export Terraform downloads the CLI export of the design as one zip', async () => {
  const { context, page, problems } = await openApp(browser);
  await page.getByTestId('file-menu').locator('summary').click();
  const save = page.waitForEvent('download');
  await page.getByTestId('menu-save').click();
  const saved = await (await save).path();

  await page.getByTestId('file-menu').locator('summary').click();
  const exported = page.waitForEvent('download');
  await page.getByTestId('menu-export-terraform').click();
  const download = await exported;
  assert.match(download.suggestedFilename(), /-terraform\.zip$/);
  const entries = unzip(await download.path());
  const names = Object.keys(entries);
  const folder = names[0].split('/')[0];
  assert.ok(names.every((n) => n.startsWith(`${folder}/`)), `one folder: ${names}`);
  assert.ok(names.includes(`${folder}/main.tf`), `${names}`);

  // The same design through the CLI's exporter: byte for byte the same files.
  cli(['lint', '--design', saved, '--json']); // builds the CLI once
  const dir = mkdtempSync(join(tmpdir(), 'stratosim-tf-export-'));
  execFileSync(cliBin(), ['export', '--terraform', dir, '--design', saved], { stdio: 'pipe' });
  const cliFiles = readdirSync(dir).sort();
  assert.deepEqual(names.map((n) => n.slice(folder.length + 1)).sort(), cliFiles);
  for (const f of cliFiles) assert.equal(entries[`${folder}/${f}`], readFileSync(join(dir, f), 'utf8'), f);

  // The notice names the files and what Terraform cannot say exactly.
  await page.getByText(/Exported \d+ Terraform files/).waitFor();
  const lint = cli(['lint', '--terraform', dir, '--json']);
  assert.ok(lint, 'the exported module imports back');
  assert.deepEqual(problems, []);
  await context.close();
});
