// Keyboard use of the example toolkit: the skip link comes first and works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launchBrowser, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
let site, browser;

before(async () => {
  if (skip) return;
  site = await serveFolder(buildSite());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

for (const path of ['en/', 'en/strategies/learning-collaboratives/', 'es/strategies/learning-collaboratives/']) {
  test(`first Tab reaches the skip link, which moves focus to main: ${path}`, { skip }, async () => {
    const page = await browser.newPage();
    await page.goto(site.url + path);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute('href') }));
    assert.equal(focused.cls, 'skip-link');
    assert.equal(focused.href, '#main');
    const visible = await page.evaluate(() => document.activeElement.getBoundingClientRect().top >= 0);
    assert.ok(visible, 'the focused skip link is on screen');
    await page.keyboard.press('Enter');
    const target = await page.evaluate(() => document.activeElement.id || window.location.hash);
    assert.match(target, /main/);
    await page.close();
  });
}
