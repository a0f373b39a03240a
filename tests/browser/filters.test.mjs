// The list filters (themes/default/static/js/filters.js): the full lists are
// there without JavaScript, and with it the filters show exactly the cards
// the browse pages list (tag, audience and setting pages are built by the
// generator, independently of the script) and the resources of a kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSite, launchBrowser, serveFolder, skipReason } from './harness.mjs';

const skip = skipReason() || false;
let site, browser, context, page;

before(async () => {
  if (skip) return;
  site = await serveFolder(buildSite({ name: 'filters' }));
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

const titles = (p, selector) => p.locator(`${selector}:visible h2 a`).allTextContents();

/** Opens a list page and its filter form (it starts closed). */
async function openList(path) {
  await page.goto(site.url + path);
  await page.click('.filter-toggle[aria-expanded="false"]');
}

/** The card titles listed on a browse page, e.g. en/tags/pdsa/. */
async function browsePage(path) {
  await page.goto(site.url + path);
  return (await titles(page, '.card-tile')).sort();
}

test('without JavaScript the lists are complete and the filter forms stay hidden', { skip }, async () => {
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p = await plain.newPage();
  for (const [path, form, items, count] of [
    ['en/strategies/', '#card-filters', '.card-tile', '#card-count'],
    ['es/strategies/', '#card-filters', '.card-tile', '#card-count'],
    ['en/resources/', '#resource-filters', '.resource', '#resource-count'],
  ]) {
    await p.goto(site.url + path);
    assert.equal(await p.locator(form).count(), 1, `${path} has the form in its HTML`);
    assert.equal(await p.locator(form).isVisible(), false, `${path}: no controls that do nothing`);
    const all = await p.locator(items).count();
    assert.ok(all > 0);
    assert.equal(await p.locator(`${items}:visible`).count(), all, `${path}: every item is shown`);
    assert.match(await p.locator(count).textContent(), new RegExp(`^${all} `));
  }
  await plain.close();
});

test('with JavaScript the form appears, with a legend per group', { skip }, async () => {
  await page.goto(site.url + 'en/strategies/');
  assert.equal(await page.locator('#card-filters').isVisible(), true);
  const legends = await page.locator('#card-filters legend').allTextContents();
  assert.deepEqual(legends, ['Tags', 'Audiences', 'Settings']);
  // Every checkbox has a label that names it.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('#card-filters input')].filter((i) => !i.labels.length || !i.labels[0].textContent.trim()).length);
  assert.equal(unlabelled, 0);
});

test('the form starts closed, its button counts the checked options, and submitting moves to the count', { skip }, async () => {
  await page.goto(site.url + 'en/strategies/');
  const toggle = page.locator('#card-filters .filter-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#card-filters-body').isVisible(), false, 'closed at 1280 px too');
  const formBottom = await page.locator('#card-filters').evaluate((f) => f.getBoundingClientRect().bottom);
  const firstCard = await page.locator('.card-tile').first().evaluate((c) => c.getBoundingClientRect().top);
  assert.ok(firstCard < 900, `the first card is in the first screen (${firstCard} px; form ends at ${formBottom} px)`);
  await toggle.click();
  await page.check('input[name="tags"][value="pdsa"]');
  await page.check('input[name="tags"][value="coaching"]');
  assert.equal((await toggle.textContent()).trim(), 'Filter strategy cards (2)');
  await page.click('#card-filters button[type="submit"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'card-count');
  await page.click('#card-filters button[type="reset"]');
  await page.waitForFunction(() => document.querySelector('.filter-count').hidden);
});

test('on the resource list at 1280 px the categories sit beside the list and the filters are closed', { skip }, async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(site.url + 'en/resources/');
  const toc = await page.locator('nav.toc').evaluate((n) => n.getBoundingClientRect().toJSON());
  const first = await page.locator('.resource').first().evaluate((r) => r.getBoundingClientRect().toJSON());
  assert.ok(toc.left > first.right, 'the categories are a column beside the resources');
  // With the categories above it and the filters open, the first resource started about 1,650 px down.
  assert.ok(first.top < 1200, `the first resource starts ${first.top.toFixed(0)} px down`);
});

test('the browse links name the page the reader is on without linking to it', { skip }, async () => {
  for (const [path, name] of [['en/strategies/', 'Strategy cards'], ['en/tags/', 'Tags']]) {
    await page.goto(site.url + path);
    const current = await page.locator('.browse [aria-current="page"]').evaluateAll((els) => els.map((e) => ({ tag: e.tagName, text: e.textContent })));
    assert.deepEqual(current, [{ tag: 'SPAN', text: name }], path);
    const self = await page.locator('main a').evaluateAll((as) => as.filter((a) => a.href === location.href).map((a) => a.outerHTML));
    assert.deepEqual(self, [], `${path}: no link in main leads to the page itself`);
  }
});

test('one option shows the cards of its browse page; options of one group add up', { skip }, async () => {
  const pdsa = await browsePage('en/tags/pdsa/');
  const coaching = await browsePage('en/tags/coaching/');
  await openList('en/strategies/');
  await page.check('input[name="tags"][value="pdsa"]');
  assert.deepEqual((await titles(page, '.card-tile')).sort(), pdsa);
  await page.check('input[name="tags"][value="coaching"]');
  const either = [...new Set([...pdsa, ...coaching])].sort();
  assert.deepEqual((await titles(page, '.card-tile')).sort(), either);
});

test('groups narrow each other, and no match says so', { skip }, async () => {
  const tagPages = ['pdsa', 'coaching', 'training', 'health-equity', 'sustainability'];
  const settingPages = ['primary-care', 'behavioral-health', 'addiction-treatment'];
  const cardsOf = {};
  for (const t of tagPages) cardsOf[`tags/${t}`] = await browsePage(`en/tags/${t}/`);
  for (const s of settingPages) cardsOf[`settings/${s}`] = await browsePage(`en/settings/${s}/`);
  let sawEmpty = false;
  let sawNarrowed = false;
  for (const t of tagPages) {
    for (const s of settingPages) {
      const both = cardsOf[`tags/${t}`].filter((c) => cardsOf[`settings/${s}`].includes(c));
      await openList('en/strategies/');
      await page.check(`input[name="tags"][value="${t}"]`);
      await page.check(`input[name="settings"][value="${s}"]`);
      assert.deepEqual((await titles(page, '.card-tile')).sort(), both, `${t} and ${s}`);
      const status = await page.locator('#card-count').textContent();
      if (both.length === 0) {
        sawEmpty = true;
        assert.match(status, /^No strategy card matches/);
      } else {
        sawNarrowed = true;
        assert.match(status, new RegExp(`^Showing ${both.length} of \\d+ strategy cards$`));
      }
    }
  }
  assert.ok(sawNarrowed, 'some pair has cards in common');
  assert.ok(sawEmpty, 'some pair has none (the example toolkit is meant to have one)');
});

test('Spanish filters speak Spanish', { skip }, async () => {
  await openList('es/strategies/');
  assert.equal(await page.locator('#card-filters h2').textContent(), 'Filtrar fichas de estrategias');
  await page.locator('#card-filters input').first().check();
  assert.match(await page.locator('#card-count').textContent(), /^Se muestran \d+ de \d+ fichas de estrategias$/);
});

test('resource filters: by kind, and emptied categories leave the page and its contents list', { skip }, async () => {
  await openList('en/resources/');
  const kinds = await page.locator('#resource-filters input[name="kind"]').evaluateAll((boxes) => boxes.map((b) => [b.value, b.labels[0].firstChild.textContent.trim()]));
  assert.ok(kinds.length > 1);
  for (const [value, label] of kinds) {
    await openList('en/resources/');
    await page.check(`input[name="kind"][value="${value}"]`);
    // Every resource still shown carries the kind's visible badge, and every one with the badge is shown.
    const shownBadges = await page.locator('.resource:visible .badge').allTextContents();
    const allWithBadge = await page.locator('.resource .badge', { hasText: new RegExp(`^${label}$`) }).count();
    assert.ok(shownBadges.length > 0);
    assert.ok(shownBadges.every((b) => b === label), `${label}: ${shownBadges}`);
    assert.equal(shownBadges.length, allWithBadge);
    const sections = await page.locator('.resource-category').evaluateAll((all) => all.map((s) => ({
      hidden: s.hidden,
      visibleItems: [...s.querySelectorAll('.resource')].filter((r) => !r.hidden).length,
      tocHidden: document.querySelector(`.toc a[href="#${s.getAttribute('aria-labelledby')}"]`).parentElement.hidden,
    })));
    for (const s of sections) {
      assert.equal(s.hidden, s.visibleItems === 0, 'a category is hidden exactly when it is empty');
      assert.equal(s.tocHidden, s.hidden, 'its contents entry follows it');
    }
  }
});

test('audience filter on resources matches the audience line of each resource', { skip }, async () => {
  await openList('en/resources/');
  const first = page.locator('#resource-filters input[name="audience"]').first();
  const label = (await first.evaluate((b) => b.labels[0].firstChild.textContent)).trim();
  await first.check();
  const shown = await page.locator('.resource:visible').count();
  const withAudience = await page.locator('.resource .meta', { hasText: label }).count();
  assert.ok(shown > 0);
  assert.equal(shown, withAudience);
});
