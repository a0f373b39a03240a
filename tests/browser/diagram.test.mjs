// The driver diagram of a change package as readers see it, in the example
// toolkit and in Arabic (tests/fixtures/i18n): at 1280, 768 and 390 px the
// whole drawing is on screen (nothing clipped or scrolled out of sight), its
// text is near body size, there are no empty bands around it, it runs right
// to left in Arabic, and it fits on one printed page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO, buildSite, launchBrowser, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
let site, i18nSite, browser;

before(async () => {
  if (skip) return;
  site = await serveFolder(buildSite({ name: 'diagram' }));
  i18nSite = await serveFolder(buildSite({ toolkit: join(REPO, 'tests', 'fixtures', 'i18n'), name: 'diagram-i18n' }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await i18nSite?.close();
});

const PACKAGE = 'en/change-packages/run-a-learning-collaborative/';

/** Measures the drawing that is shown: its box, what clips it, its text size and the boxes' positions. */
function measure() {
  const shown = [...document.querySelectorAll('.diagram svg, .diagram .dd-bands')].filter((e) => e.checkVisibility());
  const drawing = shown[0];
  drawing.scrollIntoView({ block: 'start', behavior: 'instant' });
  const r = drawing.getBoundingClientRect();
  const clipped = [];
  for (let e = drawing; e && e !== document.documentElement; e = e.parentElement) {
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') clipped.push(e.className.baseVal ?? e.className);
  }
  const svg = drawing.tagName === 'svg';
  const scale = svg ? r.width / drawing.viewBox.baseVal.width : 1;
  const textEl = drawing.querySelector(svg ? '.dd-text' : '.dd-label');
  const boxes = [...drawing.querySelectorAll(svg ? 'rect' : '.dd-box')].map((b) => b.getBoundingClientRect());
  const headings = [...drawing.querySelectorAll(svg ? '.dd-heading' : '.dd-band-title')].map((h) => {
    h.scrollIntoView({ block: 'center', behavior: 'instant' });
    const hr = h.getBoundingClientRect();
    const top = document.elementFromPoint(hr.left + 2, hr.top + hr.height / 2);
    return { text: h.textContent, left: hr.left, right: hr.right, onTop: h === top || h.contains(top) };
  });
  return {
    kind: svg ? 'svg' : 'bands',
    count: shown.length,
    left: r.left,
    right: r.right,
    width: r.width,
    viewport: document.documentElement.clientWidth,
    pageScroll: document.documentElement.scrollWidth,
    clipped,
    fontPx: parseFloat(getComputedStyle(textEl).fontSize) * scale,
    bodyPx: parseFloat(getComputedStyle(document.body).fontSize),
    topGap: Math.min(...boxes.map((b) => b.top)) - r.top,
    bottomGap: r.bottom - Math.max(...boxes.map((b) => b.bottom)),
    headings,
    aimX: boxes[0].left + boxes[0].width / 2,
    lastX: boxes.at(-1).left + boxes.at(-1).width / 2,
  };
}

for (const [width, kind] of [[1280, 'svg'], [768, 'bands'], [390, 'bands']]) {
  test(`the whole diagram is on screen at ${width} px, text near body size, no empty bands`, { skip }, async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(site.url + PACKAGE);
    const m = await page.evaluate(measure);
    assert.equal(m.count, 1, 'one drawing is shown');
    assert.equal(m.kind, kind);
    assert.deepEqual(m.clipped, [], 'nothing around the drawing hides part of it');
    assert.ok(m.left >= 0 && m.right <= m.viewport + 0.5, `the drawing fits the screen (${m.left}–${m.right} of ${m.viewport})`);
    assert.ok(m.pageScroll <= m.viewport, 'the page does not scroll sideways');
    assert.ok(m.fontPx >= 0.85 * m.bodyPx, `text at ${m.fontPx.toFixed(1)} px, body ${m.bodyPx} px`);
    assert.ok(m.topGap < 80 && m.bottomGap < 80, `no empty bands (${m.topGap.toFixed(0)} px above the boxes, ${m.bottomGap.toFixed(0)} px below)`);
    assert.equal(m.headings.length, 4, 'four levels');
    for (const h of m.headings) {
      assert.ok(h.onTop && h.left >= 0 && h.right <= m.viewport, `level “${h.text}” is visible`);
    }
    if (width === 1280) assert.ok(m.width >= 1000, `full-bleed beyond the text column (${m.width} px wide)`);
    await context.close();
  });
}

test('in Arabic the diagram runs right to left, at 1280 px and 390 px', { skip }, async () => {
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(i18nSite.url + 'ar/change-packages/improve-follow-up/');
    const m = await page.evaluate(measure);
    assert.deepEqual(m.clipped, []);
    assert.ok(m.left >= 0 && m.right <= m.viewport + 0.5);
    if (m.kind === 'svg') assert.ok(m.aimX > m.lastX, 'the aim is on the right, change ideas on the left');
    else assert.ok(m.headings[0].right > m.viewport / 2, 'band titles start on the right');
    await context.close();
  }
});

test('the diagram prints on one page, whole', { skip }, async () => {
  const context = await browser.newContext({ viewport: { width: 816, height: 1056 } });
  const page = await context.newPage();
  await page.goto(site.url + PACKAGE);
  await page.emulateMedia({ media: 'print' });
  const m = await page.evaluate(() => {
    const svg = document.querySelector('.diagram svg');
    const r = svg.getBoundingClientRect();
    return { visible: svg.checkVisibility(), bands: document.querySelector('.dd-bands').checkVisibility(), width: r.width, height: r.height, breakInside: getComputedStyle(svg.closest('.diagram')).breakInside };
  });
  assert.ok(m.visible && !m.bands, 'the columns print, not the bands');
  // US Letter less the page margins (1.6 cm × 1.8 cm) is about 7.6 × 9.7 in: at
  // the paper's width the drawing must leave room for its heading on the page.
  const printedHeight = (m.height / m.width) * 7.6;
  assert.ok(printedHeight <= 9, `${m.width.toFixed(0)} × ${m.height.toFixed(0)} px prints ${printedHeight.toFixed(1)} in tall`);
  assert.equal(m.breakInside, 'avoid');
  await context.close();
});
