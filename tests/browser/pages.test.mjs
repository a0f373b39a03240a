// Every page of the example toolkit, in every language, in headless Chromium:
// axe-core (WCAG 2.0/2.1/2.2 A and AA rules) in light and in dark mode,
// HTML_CodeSniffer (WCAG2AA errors; a second engine, the one pa11y uses), the
// main menu on one row at 1280 px (English pages),
// nothing the page loads answered with an error (the favicon included), the
// heading outline and landmarks the theme promises, and no horizontal
// scrolling at 320 CSS pixels (WCAG 1.4.10 Reflow).
//
// One browser and one page for the whole file; each test only navigates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, htmlPages, launchBrowser, runAxe, runHtmlcs, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
// A base URL at the server root, so the 404 page's root-relative links work on 127.0.0.1.
const root = skip ? null : buildSite({ name: 'pages', baseUrl: 'http://127.0.0.1/' });
// The 404 page is served for unknown URLs at any depth: test it where readers meet it.
const paths = skip ? [] : htmlPages(root).map((p) => (p === '404.html' ? 'en/no-such-page/deeper/' : p));
let site, browser, context, page;
let failedLoads = [];

before(async () => {
  if (skip) return;
  site = await serveFolder(root);
  browser = await launchBrowser();
  // Reduced motion: no colour transitions while switching to dark mode, so axe
  // measures the colours readers settle on (render.test.mjs covers motion).
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') failedLoads.push(`${r.status()} ${r.url()}`);
  });
  // The root page sends readers on with <meta http-equiv="refresh">; for the
  // audit we keep it from leaving (the redirect itself is tested below).
  await page.route(site.url, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/<meta http-equiv="refresh"[^>]*>/, '');
    await route.fulfill({ response, body });
  });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

function describe(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/** The page's headings, landmarks and tables, as plain data. */
function outline() {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(visible)
    .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim() }));
  const name = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return ids.split(' ').map((id) => document.getElementById(id)?.textContent.trim() || '').join(' ').trim();
    return (el.getAttribute('aria-label') || '').trim();
  };
  return {
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    headings,
    mains: document.querySelectorAll('main').length,
    banners: document.querySelectorAll('body > header').length,
    footers: document.querySelectorAll('body > footer').length,
    navs: [...document.querySelectorAll('nav')].map(name),
    tables: [...document.querySelectorAll('table')].map((t) => ({
      caption: t.querySelector('caption')?.textContent.trim() || '',
      headers: t.querySelectorAll('th').length,
    })),
  };
}

for (const path of paths) {
  test(`accessible in light and dark, outline, 320 px: /${path}`, { skip }, async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    failedLoads = [];
    await page.goto(site.url + path, { waitUntil: 'networkidle' });
    assert.deepEqual(failedLoads, [], 'every file the page loads exists');
    // Without a declared icon browsers ask for /favicon.ico, a 404 on most hosts.
    const icon = await page.evaluate(async () => {
      const link = document.querySelector('link[rel~="icon"]');
      return link ? (await fetch(link.href)).status : null;
    });
    assert.equal(icon, 200, 'the page declares an icon that exists');

    const light = await runAxe(page);
    assert.deepEqual(light, [], `axe, light mode:\n${describe(light)}`);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await runAxe(page);
    assert.deepEqual(dark, [], `axe, dark mode:\n${describe(dark)}`);

    // In every language: the Spanish menu, with its longer labels beside the
    // two long English titles of untranslated pages, fits one row too.
    const navRows = await page.$$eval('.main-nav li', (lis) => new Set(lis.map((li) => Math.round(li.getBoundingClientRect().top))).size);
    assert.ok(navRows <= 1, `the main menu is one row at 1280 px (${navRows} rows)`);

    const sniffed = await runHtmlcs(page);
    assert.deepEqual(sniffed, [], `HTML_CodeSniffer, WCAG2AA errors:\n${sniffed.map((e) => `${e.code}: ${e.message}\n    ${e.element}`).join('\n')}`);

    const o = await page.evaluate(outline);
    assert.match(o.lang, /^[a-z]{2}/, 'html has a lang');
    assert.ok(['ltr', 'rtl'].includes(o.dir), 'html has a dir');
    assert.equal(o.headings.filter((h) => h.level === 1).length, 1, `exactly one h1: ${JSON.stringify(o.headings)}`);
    assert.equal(o.headings[0].level, 1, 'the h1 comes first');
    o.headings.forEach((h, i) => {
      if (i === 0) return;
      const previous = o.headings[i - 1].level;
      assert.ok(h.level <= previous + 1, `“${h.text}” (h${h.level}) follows an h${previous}: a level is skipped`);
    });
    assert.equal(o.mains, 1, 'one main landmark');
    if (path !== '') {
      assert.equal(o.banners, 1, 'one page header (banner)');
      assert.equal(o.footers, 1, 'one page footer (contentinfo)');
    }
    o.navs.forEach((name) => assert.ok(name, 'every nav has a label'));
    assert.equal(new Set(o.navs).size, o.navs.length, `nav labels are distinct: ${o.navs}`);
    o.tables.forEach((t) => {
      assert.ok(t.caption, 'every table has a caption');
      assert.ok(t.headers > 0, `table “${t.caption}” has header cells`);
    });

    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 320, height: 640 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `no horizontal scroll at 320 px (page is ${widths.scroll} px wide)`);
  });
}

test('the root page sends readers to the default language, also without JavaScript', { skip }, async () => {
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p = await plain.newPage();
  await p.goto(site.url);
  await p.waitForURL(/\/en\/$/);
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'en');
  await plain.close();
});
