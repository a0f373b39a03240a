// `cardstock serve` in a real browser: an edit reloads the open page and keeps
// its scroll position, a stylesheet edit swaps the CSS without a reload, and a
// broken save shows an accessible error overlay that the fix removes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, launchBrowser, runAxe, skipReason } from './harness.mjs';

const skip = skipReason() || false;
const CARD = 'content/en/strategies/learning-collaboratives.md';
const PAGE = 'en/strategies/learning-collaboratives/';
let dir, server, url, browser;

/** Starts `cardstock serve` on a free port and resolves to the site URL it prints. */
function startServer(toolkit) {
  const child = spawn('cargo', ['run', '--quiet', '--', 'serve', toolkit, '--port', '0'], { cwd: REPO });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/Serving at (http:\/\/\S+)/);
      if (found) ok({ child, url: found[1] });
    });
    child.on('exit', (code) => fail(new Error(`cardstock serve exited with ${code}`)));
  });
}

function edit(rel, from, to) {
  const path = join(dir, rel);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${rel} lacks ${from}`);
  writeFileSync(path, text.replace(from, to));
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'cardstock-live-'));
  cpSync(join(REPO, 'cardstock.yaml'), join(dir, 'cardstock.yaml'));
  cpSync(join(REPO, 'content'), join(dir, 'content'), { recursive: true });
  mkdirSync(join(dir, 'static', 'css'), { recursive: true });
  writeFileSync(join(dir, 'static', 'css', 'extra.css'), 'body { border-top: 1px solid; }\n');
  edit('cardstock.yaml', 'theme: default', 'theme: default\nextra_css: [css/extra.css]');
  ({ child: server, url } = await startServer(dir));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an edit reloads the page and keeps the scroll position', { skip }, async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(url + PAGE);
  await page.evaluate(() => window.scrollTo(0, 1200));
  const before = await page.evaluate(() => window.scrollY);
  assert.ok(before > 1000, `the page scrolled (${before})`);
  const reloaded = page.waitForEvent('load', { timeout: 30000 });
  edit(CARD, '## What', '## What\n\nA sentence added while the page is open.\n');
  await reloaded;
  await page.waitForFunction(() => document.body.textContent.includes('A sentence added while the page is open.'));
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 50, before, { timeout: 10000 });
  await page.close();
});

test('a stylesheet edit swaps the CSS without reloading', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(url + PAGE);
  await page.evaluate(() => { window.notReloaded = true; });
  writeFileSync(join(dir, 'static', 'css', 'extra.css'), 'body { border-top: 7px solid rgb(0, 128, 0); }\n');
  await page.waitForFunction(() => getComputedStyle(document.body).borderTopWidth === '7px', null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
  await page.close();
});

test('a broken save shows an accessible overlay; the fix removes it', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(url + PAGE);
  await page.evaluate(() => { window.notReloaded = true; });
  edit(CARD, 'title: Learning Collaboratives', 'title: [Learning Collaboratives');
  const overlay = page.getByRole('alert');
  await overlay.waitFor({ timeout: 30000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/en\/strategies\/learning-collaboratives\.md:3/);
  assert.match(text, /help:/);
  const violations = await runAxe(page);
  assert.deepEqual(violations.filter((v) => v.nodes.some((n) => n.includes('cardstock-build-errors'))), []);

  // A page opened while the build is broken shows the overlay at once.
  const other = await browser.newPage();
  await other.goto(url + 'en/');
  await other.getByRole('alert').waitFor({ timeout: 30000 });

  edit(CARD, 'title: [Learning Collaboratives', 'title: Learning Collaboratives');
  await page.waitForSelector('#cardstock-build-errors', { state: 'detached', timeout: 30000 });
  await other.waitForSelector('#cardstock-build-errors', { state: 'detached', timeout: 30000 });
  await page.close();
  await other.close();
});
