// Screenshots of the key pages, for looking at (not a test). See docs/testing.md.
//
//   npm run shots                 # every page, every width and mode
//   npm run shots -- card search  # only pages whose name contains one of the words
//
// Builds the example toolkit and the translation fixture (tests/fixtures/i18n,
// for Arabic) with the debug binary, serves them on 127.0.0.1 and writes PNGs
// into shots/ (ignored by git): <page>-<width>-<mode>.png for widths 1280, 390
// and 320 CSS px in light and dark mode (320 in light only), and
// <page>-print.png with print styles at the width of US Letter paper. Tall
// pages are cut at 4,000 px; pages with a driver diagram also get
// <page>-<width>-<mode>-diagram.png of the diagram alone.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, buildSite, launchBrowser, serveFolder } from '../tests/browser/harness.mjs';

const OUT = join(REPO, 'shots');
const MAX_HEIGHT = 4000;
const only = process.argv.slice(2);

/** name → [site, path, what to do after loading]. */
const PAGES = [
  ['home', 'example', 'en/'],
  ['card-index', 'example', 'en/strategies/'],
  ['card', 'example', 'en/strategies/learning-collaboratives/'],
  ['change-package', 'example', 'en/change-packages/run-a-learning-collaborative/'],
  ['resources', 'example', 'en/resources/'],
  ['tag', 'example', 'en/tags/coaching/'],
  ['fallback', 'example', 'es/change-packages/run-a-learning-collaborative/'],
  // The Spanish menu: the longest labels of the example, on one row at 1280 px.
  ['es-home', 'example', 'es/'],
  ['search', 'example', 'en/', 'coaching'],
  ['ar-card', 'i18n', 'ar/strategies/peer-coaching/'],
  ['ar-change-package', 'i18n', 'ar/change-packages/improve-follow-up/'],
  // The card list's print-packet boxes, right to left, and a packet of two cards.
  ['ar-card-index', 'i18n', 'ar/strategies/'],
  ['packet', 'example', 'es/strategies/print-packet/?card=es/strategies/learning-collaboratives/&card=es/strategies/external-facilitation/'],
].filter(([name]) => only.length === 0 || only.some((w) => name.includes(w)));

const MODES = [
  { width: 1280, height: 900, scheme: 'light' },
  { width: 1280, height: 900, scheme: 'dark' },
  { width: 390, height: 844, scheme: 'light' },
  { width: 390, height: 844, scheme: 'dark' },
  { width: 320, height: 640, scheme: 'light' },
  { width: 816, height: 1056, scheme: 'light', print: true },
];

mkdirSync(OUT, { recursive: true });
const started = Date.now();
const servers = {
  example: await serveFolder(buildSite({ name: 'shots' })),
  i18n: await serveFolder(buildSite({ toolkit: join(REPO, 'tests', 'fixtures', 'i18n'), name: 'shots-i18n' })),
};
const browser = await launchBrowser();
let written = 0;
try {
  for (const mode of MODES) {
    const context = await browser.newContext({
      viewport: { width: mode.width, height: mode.height },
      colorScheme: mode.scheme,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    if (mode.print) await page.emulateMedia({ media: 'print' });
    for (const [name, site, path, query] of PAGES) {
      if (query && mode.print) continue;
      await page.goto(servers[site].url + path);
      if (path.includes('print-packet')) await page.locator('.packet-card').nth(1).waitFor();
      if (query) {
        await page.waitForFunction(() => document.querySelector('.site-search')?.dataset.ready);
        const shown = page.waitForSelector('.search-panel:not([hidden]) .search-result');
        await page.fill('#site-search-input', query);
        await shown;
      }
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const file = join(OUT, mode.print ? `${name}-print.png` : `${name}-${mode.width}-${mode.scheme}.png`);
      await page.screenshot({
        path: file,
        fullPage: !query,
        clip: query ? undefined : { x: 0, y: 0, width: mode.width, height: Math.min(height, MAX_HEIGHT) },
      });
      written++;
      // The driver diagram alone, at full resolution: the picture readers come for.
      const diagram = page.locator('.diagram');
      if (!mode.print && (await diagram.count())) {
        await diagram.screenshot({ path: file.replace(/\.png$/, '-diagram.png') });
        written++;
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) await s.close();
}
console.log(`${written} screenshots in ${OUT} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
