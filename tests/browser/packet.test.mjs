// The print packet and the PDF links (docs/pdf.md): a facilitator ticks
// cards on the card index, gets a page with just those cards, one per printed
// page, in the reader's language; the packet page fetches nothing but the
// site's own pages, whatever its address says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launchBrowser, runAxe, runHtmlcs, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
let site, browser, context;

before(async () => {
  if (skip) return;
  site = await serveFolder(buildSite({ name: 'packet' }));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

test('ticked cards print together, one per page, in the reader\'s language', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(`${site.url}es/strategies/`);
  const boxes = page.locator('.card-tile input[type=checkbox][name=card]');
  assert.ok(await boxes.count() >= 3, 'every card tile has a box');
  const titles = [];
  for (const i of [0, 2]) {
    const tile = page.locator('.card-tile').nth(i);
    titles.push((await tile.locator('h2').innerText()).trim());
    await tile.locator('input[type=checkbox]').check();
  }
  await page.getByRole('button', { name: 'Imprimir las fichas elegidas' }).click();
  await page.waitForURL(/print-packet\/\?card=/);
  await page.locator('.packet-card').nth(1).waitFor();
  assert.equal(await page.locator('.packet-card').count(), 2);
  const printed = await page.locator('.packet-card h1').allInnerTexts();
  assert.deepEqual(printed.map((t) => t.trim()), titles, 'the chosen cards, in order');
  assert.match(await page.locator('.packet-status').innerText(), /2 fichas de estrategias/);
  // Ids are unique on the packet page, so headings and their sections still pair up.
  const duplicates = await page.evaluate(() => {
    const seen = new Set();
    return [...document.querySelectorAll('[id]')].map((el) => el.id).filter((id) => seen.has(id) || !seen.add(id));
  });
  assert.deepEqual(duplicates, []);
  // Links within the site stay paths, so print shows the addresses of
  // outside links only, as a card printed from its own page does.
  const local = await page.locator(`.packet-card a[href^="${site.url}"]`).count();
  assert.equal(local, 0, 'no link within the site is written as a full address');
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => ({
    second: getComputedStyle(document.querySelectorAll('.packet-card')[1]).breakBefore,
    controls: getComputedStyle(document.querySelector('.packet-controls')).display,
  }));
  assert.equal(layout.second, 'page', 'each card starts a new printed page');
  assert.equal(layout.controls, 'none', 'the controls do not print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(await runAxe(page), []);
  assert.deepEqual(await runHtmlcs(page), []);
  await page.close();
});

test('the packet page fetches only this site\'s pages', { skip }, async () => {
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  const hostile = ['https://evil.example/x/', '//evil.example/x/', '../../../etc/', 'javascript:alert(1)/'];
  const query = hostile.map((c) => `card=${encodeURIComponent(c)}`).join('&');
  await page.goto(`${site.url}en/strategies/print-packet/?${query}`);
  await page.locator('.packet-empty').waitFor();
  assert.equal(await page.locator('.packet-card').count(), 0);
  assert.ok(requested.every((u) => u.startsWith(site.url)), `only the site was asked: ${requested.join(', ')}`);
  await page.close();
});

test('a card page links its PDF, which the site serves as a PDF', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(`${site.url}en/strategies/learning-collaboratives/`);
  const link = page.locator('.handout-links a[type="application/pdf"]');
  assert.equal((await link.innerText()).trim(), 'Download PDF');
  assert.match(await page.locator('.handout-links .handout-size').innerText(), /^\(PDF, \d+ KB\)$/);
  const href = await link.evaluate((a) => a.href);
  const response = await page.request.get(href);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  assert.equal((await response.body()).subarray(0, 5).toString(), '%PDF-');
  const print = page.getByRole('button', { name: 'Print' });
  assert.ok(await print.isVisible(), 'the print button shows once scripts run');
  await page.close();
});

test('the packet works by keyboard alone', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(`${site.url}en/strategies/`);
  // Tab to the first card's box, tick it with Space, then back to the button.
  let reached = null;
  for (let i = 0; i < 80 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => (document.activeElement.matches('.card-tile input[type=checkbox]') ? document.activeElement.value : null));
  }
  assert.ok(reached, 'Tab reaches a card\'s print-packet box');
  await page.keyboard.press('Space');
  assert.ok(await page.evaluate(() => document.activeElement.checked), 'Space ticks it');
  let onButton = false;
  for (let i = 0; i < 80 && !onButton; i += 1) {
    await page.keyboard.press('Shift+Tab');
    onButton = await page.evaluate(() => document.activeElement.matches('#print-packet button[type=submit]'));
  }
  assert.ok(onButton, 'Shift+Tab reaches the print button');
  await page.keyboard.press('Enter');
  await page.waitForURL(/print-packet\/\?card=/);
  await page.locator('.packet-card').first().waitFor();
  assert.equal(await page.locator('.packet-card').count(), 1);
  assert.ok(new URL(page.url()).searchParams.getAll('card').includes(reached));
  await page.close();
});
