// Keyboard use of the example toolkit: the skip link comes first and works,
// every focusable element shows where focus is, and the language switcher
// and the list filters work with Tab, Space and Enter alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launchBrowser, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
let site, browser, context;

before(async () => {
  if (skip) return;
  site = await serveFolder(buildSite({ name: 'keyboard' }));
  browser = await launchBrowser();
  // Reduced motion: focus scrolls into view at once instead of smoothly, so
  // "is the focused element on screen" can be asked right after each Tab.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

/** What has focus: enough to recognise it and to judge its focus indicator. */
function focused() {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    cls: el.className,
    id: el.id,
    href: el.getAttribute('href'),
    name: el.getAttribute('name'),
    value: el.getAttribute('value'),
    text: (el.textContent || '').trim().slice(0, 60),
    outline: { style: style.outlineStyle, width: parseFloat(style.outlineWidth) },
    onScreen: rect.bottom > 0 && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth,
  };
}

/** Presses Tab until `wanted(focused)` holds; fails after `limit` presses. */
async function tabTo(page, wanted, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(focused);
    if (wanted(f)) return f;
  }
  throw new Error(`not reached with ${limit} presses of Tab`);
}

for (const path of ['en/', 'en/strategies/learning-collaboratives/', 'es/strategies/learning-collaboratives/']) {
  test(`first Tab reaches the skip link, which moves focus to main: ${path}`, { skip }, async () => {
    const page = await context.newPage();
    await page.goto(site.url + path);
    await page.keyboard.press('Tab');
    const f = await page.evaluate(focused);
    assert.equal(f.cls, 'skip-link');
    assert.equal(f.href, '#main');
    assert.ok(f.onScreen, 'the focused skip link is on screen');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    // The next Tab continues inside main, not back at the top of the page.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)));
    await page.close();
  });
}

for (const path of ['en/strategies/', 'en/strategies/learning-collaboratives/', 'en/change-packages/run-a-learning-collaborative/', 'en/resources/']) {
  test(`every focusable element shows a visible focus indicator: ${path}`, { skip }, async () => {
    const page = await context.newPage();
    await page.goto(site.url + path);
    const total = await page.evaluate(() => document.querySelectorAll('a[href], input, button, [tabindex="0"]').length);
    const seen = new Set();
    for (let i = 0; i < total + 5; i += 1) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(focused);
      if (f.tag === 'body') break;
      const key = `${f.tag}|${f.href}|${f.id}|${f.text}`;
      if (seen.has(key) && f.cls === 'skip-link') break; // wrapped around
      seen.add(key);
      assert.notEqual(f.outline.style, 'none', `no focus outline on ${f.tag} “${f.text}”`);
      assert.ok(f.outline.width >= 2, `focus outline of ${f.tag} “${f.text}” is ${f.outline.width}px`);
      assert.ok(f.onScreen, `focused ${f.tag} “${f.text}” is scrolled into view`);
    }
    assert.ok(seen.size >= Math.min(total, 10), `Tab visited ${seen.size} of ${total} elements`);
    await page.close();
  });
}

test('the language switcher works by keyboard and is labelled in the page language', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(site.url + 'en/strategies/learning-collaboratives/');
  const label = await page.getAttribute('nav.lang-switcher', 'aria-label');
  assert.ok(label && label.length > 3, 'the switcher has a label');
  const f = await tabTo(page, (x) => x.text === 'Español', 8);
  assert.equal(f.tag, 'a');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/es\/strategies\/learning-collaboratives\/$/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  const esLabel = await page.getAttribute('nav.lang-switcher', 'aria-label');
  assert.notEqual(esLabel, label, 'the label is translated');
  // Back to English, the same way.
  await tabTo(page, (x) => x.text === 'English', 8);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/en\/strategies\/learning-collaboratives\/$/);
  await page.close();
});

test('the card filters work by keyboard and announce the count', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(site.url + 'en/strategies/');
  const status = page.locator('#card-count');
  assert.equal(await status.getAttribute('role'), 'status');
  const total = await page.locator('.card-tile').count();

  // The form starts closed: its heading button opens it.
  await tabTo(page, (x) => x.cls === 'filter-toggle');
  await page.keyboard.press('Enter');
  const box = await tabTo(page, (x) => x.tag === 'input' && x.name === 'tags');
  await page.keyboard.press('Space');
  assert.equal(await page.locator(`input[name="tags"][value="${box.value}"]`).isChecked(), true);
  const shown = await page.locator('.card-tile:visible').count();
  assert.ok(shown > 0 && shown < total, `one tag narrows the list (${shown} of ${total})`);
  assert.equal(await status.textContent(), `Showing ${shown} of ${total} strategy cards`);

  // Space again unchecks; the whole list is back.
  await page.keyboard.press('Space');
  assert.equal(await page.locator('.card-tile:visible').count(), total);
  assert.equal(await status.textContent(), `${total} strategy cards`);

  // Check one, then clear all with the button, by Enter.
  await page.keyboard.press('Space');
  await tabTo(page, (x) => x.tag === 'button' && x.text === 'Clear filters');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.card-tile[hidden]').length === 0);
  assert.equal(await page.locator('input[type="checkbox"]:checked').count(), 0);
  assert.equal(await status.textContent(), `${total} strategy cards`);
  await page.close();
});

test('the resource filters work by keyboard', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(site.url + 'en/resources/');
  const total = await page.locator('.resource').count();
  await tabTo(page, (x) => x.cls === 'filter-toggle');
  await page.keyboard.press('Enter');
  await tabTo(page, (x) => x.tag === 'input' && x.name === 'kind');
  await page.keyboard.press('Space');
  const shown = await page.locator('.resource:visible').count();
  assert.ok(shown > 0 && shown < total);
  assert.equal(await page.locator('#resource-count').textContent(), `Showing ${shown} of ${total} resources`);
  await page.close();
});

test('on a phone (as everywhere) the filters start closed and open from their heading button', { skip }, async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto(site.url + 'en/strategies/');
  const toggle = page.locator('#card-filters .filter-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#card-filters input').first().isVisible(), false);
  const f = await tabTo(page, (x) => x.cls === 'filter-toggle');
  assert.equal(f.tag, 'button');
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const box = await tabTo(page, (x) => x.tag === 'input', 3);
  assert.equal(box.name, 'tags', 'the first checkbox follows the opened button');
  await page.keyboard.press('Space');
  assert.match(await page.locator('#card-count').textContent(), /^Showing \d+ of \d+ strategy cards$/);
  await page.close();
});
