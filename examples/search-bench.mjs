// Search benchmark (prints figures; not a test). See docs/search.md.
//
//   node examples/search-bench.mjs [--cards 10000] [--runs 3] [--no-pagefind] [--debug]
//
// --debug builds and runs the debug binaries (no release build on a shared machine);
// byte counts are the same, times are not comparable.
// Generates a synthetic toolkit (examples/gen_search_toolkit.rs), builds it with the
// release binary, prints the index report (examples/search_report.rs), then
// types queries into the built site in headless Chromium and counts the bytes
// the search downloads, gzip-compressed as a static host serves them, and the
// time to results. If the `pagefind` npm package installs, it indexes the same
// site and answers the same queries, side by side.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync, rmSync, cpSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO, launchBrowser } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const cards = Number(flag('--cards', '10000'));
const withPagefind = !args.includes('--no-pagefind');
const profile = args.includes('--debug') ? 'debug' : 'release';
const BENCH = join(REPO, 'target', 'bench');
const toolkit = join(BENCH, `toolkit-${cards}`);
const site = join(BENCH, `site-${cards}`);

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: REPO, encoding: 'utf8', stdio: options.quiet ? 'pipe' : 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed\n${r.stderr || ''}`);
  return r.stdout;
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
console.log(`# Search benchmark: ${cards} cards (machine: ${(await import('node:os')).cpus().length} cores; load average ${load()})\n`);
run('cargo', ['build', ...(profile === 'release' ? ['--release'] : []), '--quiet', '--bin', 'cardstock', '--example', 'gen_search_toolkit', '--example', 'search_report']);
run(join(REPO, `target/${profile}/examples/gen_search_toolkit`), ['--cards', String(cards), '--out', toolkit]);
const started = Date.now();
run(join(REPO, `target/${profile}/cardstock`), ['build', toolkit, '--out', site]);
console.log(`cardstock build (one run, ${profile}): ${Date.now() - started} ms\n`);
run(join(REPO, `target/${profile}/examples/search_report`), [toolkit, '--runs', flag('--runs', '3')]);

// ---- What the index adds to the site, as stored and as served ----

const COMPRESSED = new Set(['.html', '.css', '.js', '.json', '.svg', '.xml', '.txt', '.csv']);
/** Files, raw bytes, bytes as served (gzip for text) and disk use (4 KiB blocks) of the site, index apart. */
function siteSizes(root, inSite = () => false) {
  const sum = () => ({ files: 0, raw: 0, served: 0, disk: 0 });
  const totals = { site: sum(), index: sum() };
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) { walk(full); continue; }
      const rel = relative(root, full).split(sep).join('/');
      const t = !inSite(rel) && /^[^/]+\/search\//.test(rel) ? totals.index : totals.site;
      const body = readFileSync(full);
      t.files += 1;
      t.raw += body.length;
      t.served += COMPRESSED.has(extname(name)) ? gzipSync(body, { level: 6 }).length : body.length;
      t.disk += Math.ceil(body.length / 4096) * 4096;
    }
  };
  walk(root);
  return totals;
}
{
  const { site: s, index: x } = siteSizes(site);
  const mb = (n) => (n / 1048576).toFixed(1) + ' MiB';
  const pct = (a, b) => (100 * a / b).toFixed(1) + '%';
  console.log('\n== Index size against the site (all languages)\n');
  console.log('| | files | raw | served (gzip) | disk (4 KiB blocks) |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| site without index | ${s.files} | ${mb(s.raw)} | ${mb(s.served)} | ${mb(s.disk)} |`);
  console.log(`| search index | ${x.files} | ${mb(x.raw)} | ${mb(x.served)} | ${mb(x.disk)} |`);
  console.log(`| index / site | ${pct(x.files, s.files)} | ${pct(x.raw, s.raw)} | ${pct(x.served, s.served)} | ${pct(x.disk, s.disk)} |`);
}

// ---- A static server that gzips text as hosts do, and counts what it sends ----

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.svg', '.xml', '.txt', '.csv']);
const gzCache = new Map();
let log = [];

function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) return res.writeHead(400).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    let body = readFileSync(file);
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'max-age=3600' };
    if (COMPRESSIBLE.has(extname(file)) && /gzip/.test(req.headers['accept-encoding'] || '')) {
      if (!gzCache.has(file)) gzCache.set(file, gzipSync(body, { level: 6 }));
      body = gzCache.get(file);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    log.push({ path, bytes: body.length });
    res.writeHead(200, headers).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const queries = JSON.parse(readFileSync(join(toolkit, 'bench-queries.json'), 'utf8'));

async function typeQuery(page, query) {
  const done = page.evaluate((q) => new Promise((ok) => {
    document.querySelector('form[role=search]').addEventListener('cardstock-search', function on(e) {
      if (e.detail.query === q) { this.removeEventListener('cardstock-search', on); ok(e.detail); }
    });
  }), query);
  await page.fill('#site-search-input', query);
  return done;
}

/** One query in a fresh browser context (nothing cached): bytes by kind and time to results. */
async function measureCardstock(browser, server, query, facet) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + 'en/');
  await page.waitForFunction(() => document.querySelector('.site-search')?.dataset.ready);
  // The search code; its styles are part of cardstock.css, which every page loads anyway.
  const code = log.filter((r) => /\/js\/search\.js$/.test(r.path)).reduce((a, r) => a + r.bytes, 0);
  log = [];
  const cold = await typeQuery(page, query);
  let facetBytes = 0;
  if (facet) {
    const before = log.length;
    const rendered = page.evaluate(() => new Promise((ok) => {
      const panel = document.querySelector('.search-panel');
      new MutationObserver((m, o) => { if (panel.querySelector('details[open] input[type=checkbox]')) { o.disconnect(); ok(); } }).observe(panel, { subtree: true, childList: true });
    }));
    await page.click('details.search-facet-group summary');
    await rendered;
    const filtered = page.evaluate(() => new Promise((ok) => {
      const list = document.querySelector('.search-results');
      new MutationObserver((m, o) => { o.disconnect(); ok(); }).observe(list, { childList: true });
    }));
    await page.click('details[open] input[type=checkbox]');
    await filtered;
    facetBytes = log.slice(before).reduce((a, r) => a + r.bytes, 0);
  }
  const fetched = log.filter((r) => r.path.includes('/search/'));
  const bytes = fetched.reduce((a, r) => a + r.bytes, 0);
  const byKind = (re) => fetched.filter((r) => re.test(r.path)).reduce((a, r) => a + r.bytes, 0);
  // Warm: the same query again, all files cached in the page.
  await page.fill('#site-search-input', '');
  const warm = await typeQuery(page, query);
  const shown = await page.$$eval('.search-result', (l) => l.length);
  await context.close();
  return {
    query: query + (facet ? ' + facet' : ''), results: cold.count, shown, bytes, code, facetBytes,
    manifest: byKind(/manifest/), shards: byKind(/\/s\//), docs: byKind(/\/d\//), facets: byKind(/\/f\//),
    files: fetched.length, coldMs: cold.ms, warmMs: warm.ms,
  };
}

async function measurePagefind(browser, server, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + 'en/');
  log = [];
  const result = await page.evaluate(async (q) => {
    const t0 = performance.now();
    const pf = await import('/pagefind/pagefind.js');
    await pf.init();
    const search = await pf.search(q);
    await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    const t1 = performance.now();
    const again = await pf.search(q + ' ');
    await Promise.all(again.results.slice(0, 5).map((r) => r.data()));
    return { count: search.results.length, coldMs: t1 - t0, warmMs: performance.now() - t1 };
  }, query);
  const fetched = log.filter((r) => r.path.startsWith('/pagefind/'));
  await context.close();
  return { ...result, bytes: fetched.reduce((a, r) => a + r.bytes, 0), files: fetched.length };
}

let pagefindSite = null;
if (withPagefind) {
  const prefix = join(BENCH, 'pagefind-npm');
  const install = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, 'pagefind'], { encoding: 'utf8' });
  const bin = join(prefix, 'node_modules', '.bin', 'pagefind');
  if (install.status === 0 && existsSync(bin)) {
    pagefindSite = join(BENCH, `site-${cards}-pagefind`);
    rmSync(pagefindSite, { recursive: true, force: true });
    cpSync(site, pagefindSite, { recursive: true });
    const times = [];
    for (let i = 0; i < Number(flag('--runs', '3')) && pagefindSite; i++) {
      rmSync(join(pagefindSite, 'pagefind'), { recursive: true, force: true });
      const t = Date.now();
      const out = spawnSync(bin, ['--site', pagefindSite], { encoding: 'utf8' });
      if (out.status !== 0) { console.log('pagefind failed:', out.stderr); pagefindSite = null; }
      times.push(Date.now() - t);
    }
    if (pagefindSite) {
      const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
      const pf = siteSizes(join(pagefindSite, 'pagefind'), () => true).site;
      console.log(`\n${version} indexed the site in ${median(times)} ms (min ${Math.min(...times)} – max ${Math.max(...times)}, ${times.length} runs); its index: ${pf.files} files, raw ${(pf.raw / 1048576).toFixed(1)} MiB, disk ${(pf.disk / 1048576).toFixed(1)} MiB (its files are gzip-compressed already)`);
    }
  } else {
    console.log('\npagefind could not be installed from npm; skipping the comparison');
  }
}

const browser = await launchBrowser();
const server = await serve(site);
const rows = [];
const oneWord5 = queries.one_word_five_results;
for (const q of [...oneWord5, ...queries.one_word, ...queries.two_words]) rows.push(await measureCardstock(browser, server, q, false));
for (const q of queries.with_facet) rows.push(await measureCardstock(browser, server, q, true));
server.close();

console.log('\n## Cardstock: bytes a query downloads (gzip), fresh browser, then the same query again (warm)\n');
console.log('| query | results | search files | manifest | shards | docs | facets | total | + js/css | time cold | time warm |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.query} | ${r.results} | ${r.files} | ${kb(r.manifest)} | ${kb(r.shards)} | ${kb(r.docs)} | ${kb(r.facets)} | ${kb(r.bytes)} | ${kb(r.bytes + r.code)} | ${r.coldMs.toFixed(0)} ms | ${r.warmMs.toFixed(1)} ms |`);
}
const five = rows.filter((r) => oneWord5.includes(r.query));
console.log(`\nOne-word queries with 5 results: median ${kb(median(five.map((r) => r.bytes + r.code)))} including search.js (min ${kb(Math.min(...five.map((r) => r.bytes + r.code)))} – max ${kb(Math.max(...five.map((r) => r.bytes + r.code)))}); index files alone median ${kb(median(five.map((r) => r.bytes)))}. Budget: 50 KB.`);
console.log(`Time to results once cached (warm), all queries: median ${median(rows.map((r) => r.warmMs)).toFixed(1)} ms, max ${Math.max(...rows.map((r) => r.warmMs)).toFixed(1)} ms. Budget: 50 ms.`);

if (pagefindSite) {
  const pfServer = await serve(pagefindSite);
  console.log('\n## Side by side with Pagefind (same site, same queries, 5 results\' data loaded)\n');
  console.log('| query | Cardstock results | Cardstock bytes (with js/css) | Pagefind results | Pagefind bytes | Cardstock cold | Pagefind cold | Cardstock warm | Pagefind warm |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows.filter((x) => !x.query.endsWith('+ facet'))) {
    const p = await measurePagefind(browser, pfServer, r.query);
    console.log(`| ${r.query} | ${r.results} | ${kb(r.bytes + r.code)} | ${p.count} | ${kb(p.bytes)} | ${r.coldMs.toFixed(0)} ms | ${p.coldMs.toFixed(0)} ms | ${r.warmMs.toFixed(1)} ms | ${p.warmMs.toFixed(1)} ms |`);
  }
  pfServer.close();
}
await browser.close();
console.log(`\nload average at the end: ${load()}`);
