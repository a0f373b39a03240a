// Renderings to look at: light, dark, narrow and print screenshots of the
// main kinds of page, saved in tests/browser/artifacts/ (CI keeps them as
// artifacts). What can be asserted is: every strategy card prints on one or
// two pages without the site's navigation, and reduced motion is honoured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { artifactPath, buildSite, htmlPages, launchBrowser, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
const root = skip ? null : buildSite({ name: 'render' });
let site, browser, context, page;

before(async () => {
  if (skip) return;
  site = await serveFolder(root);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

const SHOTS = {
  home: 'en/',
  'card-index': 'en/strategies/',
  card: 'en/strategies/learning-collaboratives/',
  'card-es': 'es/strategies/learning-collaboratives/',
  'change-package': 'en/change-packages/run-a-learning-collaborative/',
  resources: 'en/resources/',
};

const fileName = (path) => path.replace(/\/$/, '').replace(/\//g, '-') || 'root';

test('light and dark screenshots of each kind of page', { skip }, async () => {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme, media: 'screen' });
    for (const [name, path] of Object.entries(SHOTS)) {
      await page.goto(site.url + path);
      await page.screenshot({ path: artifactPath(`${scheme}-${name}.png`), fullPage: true });
    }
  }
});

test('320 px screenshots, and a filtered card index', { skip }, async () => {
  await page.emulateMedia({ colorScheme: 'light', media: 'screen' });
  await page.setViewportSize({ width: 320, height: 720 });
  for (const name of ['card-index', 'card', 'change-package']) {
    await page.goto(site.url + SHOTS[name]);
    await page.screenshot({ path: artifactPath(`narrow-${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(site.url + SHOTS['card-index']);
  await page.click('#card-filters .filter-toggle'); // the form starts closed
  await page.check('input[name="tags"][value="pdsa"]');
  await page.locator('input[name="tags"][value="pdsa"]').focus();
  await page.screenshot({ path: artifactPath('dark-card-index-filtered.png'), fullPage: true });
});

/** Pages in a PDF made by Chromium: one `/Type /Page` object each. */
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;

test('every strategy card prints as a one- or two-page handout, without site navigation', { skip }, async () => {
  await page.emulateMedia({ colorScheme: 'light', media: 'print' });
  // US Letter at 96 dpi, for screenshots that look like the paper.
  await page.setViewportSize({ width: 816, height: 1056 });
  const cards = htmlPages(root).filter((p) => /^[a-z-]+\/strategies\/[^/]+\/$/.test(p));
  assert.ok(cards.length >= 6, `cards found: ${cards}`);
  for (const path of cards) {
    await page.goto(site.url + path);
    const hidden = await page.evaluate(() => ['.site-header', '.breadcrumbs', '.site-footer', '.skip-link']
      .every((s) => !document.querySelector(s) || getComputedStyle(document.querySelector(s)).display === 'none'));
    assert.ok(hidden, `${path}: header, breadcrumbs and footer are not printed`);
    const pdf = await page.pdf({ format: 'Letter', printBackground: false });
    const pages = pdfPages(pdf);
    assert.ok(pages >= 1 && pages <= 2, `${path} prints on ${pages} pages`);
    if (path === SHOTS.card || path === SHOTS['card-es']) {
      writeFileSync(artifactPath(`print-${fileName(path)}.pdf`), pdf);
      await page.screenshot({ path: artifactPath(`print-${fileName(path)}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
});

/** Whether anything on the page moves: transitions, animations, smooth scrolling. */
async function motion() {
  return page.evaluate(() => [...document.querySelectorAll('*')].some((el) => {
    const s = getComputedStyle(el);
    return s.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || s.animationName !== 'none' || s.scrollBehavior === 'smooth';
  }));
}

test('reduced motion turns off transitions and smooth scrolling', { skip }, async () => {
  await page.emulateMedia({ media: 'screen', reducedMotion: 'no-preference' });
  await page.goto(site.url + SHOTS['card-index']);
  assert.equal(await motion(), true, 'the theme has some motion to turn off');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await motion(), false, 'nothing moves with prefers-reduced-motion: reduce');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
});
