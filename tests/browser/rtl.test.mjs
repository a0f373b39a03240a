// Right-to-left pages of the translation fixture (tests/fixtures/i18n) as
// readers see them: the contents list's text keeps clear of its accent bar,
// and the recommended citation's address and Latin names keep their own order
// (no slash jumping to the start of the line), on screen and in print.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO, buildSite, launchBrowser, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
let site, browser, context, page;

before(async () => {
  if (skip) return;
  site = await serveFolder(buildSite({ toolkit: join(REPO, 'tests', 'fixtures', 'i18n'), name: 'rtl' }));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

const PACKAGE = 'ar/change-packages/improve-follow-up/';

test('the contents list keeps its text clear of the accent bar in Arabic', { skip }, async () => {
  await page.goto(site.url + PACKAGE);
  const m = await page.$eval('.page-toc', (toc) => {
    const box = toc.getBoundingClientRect();
    const style = getComputedStyle(toc);
    const bar = box.right - parseFloat(style.borderRightWidth);
    const texts = [...toc.querySelectorAll('h2, a')].map((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return range.getBoundingClientRect().right;
    });
    return { bar, rightmostText: Math.max(...texts), paddingRight: parseFloat(style.paddingRight) };
  });
  assert.ok(m.bar - m.rightmostText >= 12, `text ends ${(m.bar - m.rightmostText).toFixed(1)} px from the bar`);
});

/** Where the first and the last character of the citation's address are drawn. */
function addressEnds() {
  const p = document.querySelector('.citation p');
  const text = p.textContent;
  const start = text.indexOf('https://');
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let offset = 0;
  const rects = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const end = offset + node.length;
    for (const at of [start, text.trimEnd().length - 1]) {
      if (at >= offset && at < end) {
        const range = document.createRange();
        range.setStart(node, at - offset);
        range.setEnd(node, at - offset + 1);
        const r = range.getBoundingClientRect();
        rects.push({ char: text[at], left: r.left, top: r.top });
      }
    }
    offset = end;
  }
  return rects;
}

test('the citation address reads left to right inside an Arabic sentence, on screen and in print', { skip }, async () => {
  for (const media of ['screen', 'print']) {
    await page.emulateMedia({ media });
    await page.goto(site.url + PACKAGE);
    const [first, last] = await page.evaluate(addressEnds);
    assert.equal(first.char, 'h');
    assert.equal(last.char, '/');
    assert.ok(first.top < last.top || first.left < last.left, `${media}: “h” drawn before the final “/” (${JSON.stringify([first, last])})`);
  }
  await page.emulateMedia({ media: 'screen' });
});
