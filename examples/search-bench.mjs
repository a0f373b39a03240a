// Search benchmark (prints figures; not a test). See docs/search.md.
//
//   node examples/search-bench.mjs [--cards 10000] [--runs 3] [--no-pagefind] [--profile debug|release|bench-fast]
//   node examples/search-bench.mjs --synthetic [--cards 10000] [--profile …] [--reuse]
//
// --profile picks the cargo profile of the binaries (default release; `--debug` is
// `--profile debug`, for a shared machine: byte counts are the same, times are not
// comparable; `bench-fast` is release without LTO, much quicker to compile).
// By default it generates the search toolkit (examples/gen_search_toolkit.rs), builds
// it (no PDFs), prints the index report (examples/search_report.rs), then types
// queries into the built site in headless Chromium and counts the bytes the search
// downloads, raw and gzip-compressed as a static host serves them, and the time to
// results. With --synthetic it uses the two-language toolkit of
// examples/support/synthetic.rs (N cards per language; the corpus of the other
// benchmarks) and rare/mid/common/two-word/facet queries on its words, and builds
// the site with examples/search_scan.rs, which also scans the indexed text: each
// query's recall (results the search reaches, paging to the end, against the
// units holding every word) is printed beside its bytes. If the `pagefind` npm
// package installs, it indexes the same site (its body limited to <main> with
// data-pagefind-body, so its counts are fair) and answers the same queries.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO, launchBrowser } from '../tests/browser/harness.mjs';
import { runQueries, loadEngine } from './search-query.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const cards = Number(flag('--cards', '10000'));
const withPagefind = !args.includes('--no-pagefind');
const synthetic = args.includes('--synthetic');
const profile = args.includes('--debug') ? 'debug' : flag('--profile', 'release');
const BENCH = join(REPO, 'target', 'bench');
const toolkit = join(BENCH, synthetic ? `syn-${cards}` : `toolkit-${cards}`);
const site = join(BENCH, synthetic ? `syn-site-${cards}` : `site-${cards}`);

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: REPO, encoding: 'utf8', stdio: options.quiet ? 'pipe' : 'inherit', maxBuffer: 1 << 30, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed\n${r.stderr || ''}`);
  return r.stdout;
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
console.log(`# Search benchmark: ${cards} cards (machine: ${(await import('node:os')).cpus().length} cores; load average ${load()})\n`);
const bin = (name) => join(REPO, `target/${profile === 'dev' ? 'debug' : profile}/${name}`);
const cargoProfile = profile === 'debug' ? [] : ['--profile', profile];
// The synthetic toolkit's queries: a word of one card, a tag word (one card in
// eight), a word of every card, and pairs of them.
const SYNTHETIC_QUERIES = {
  one_word_five_results: [],
  one_word: ['00042', 'fidelity', 'coaches'],
  two_words: ['crisis care', 'telehealth coaches', '00042 coaches'],
  with_facet: ['00042', 'fidelity', 'coaches', 'telehealth coaches'],
};
let scanned = null;
if (synthetic) {
  run('cargo', ['build', ...cargoProfile, '--quiet', '--example', 'gen_toolkit', '--example', 'search_scan']);
  if (!existsSync(toolkit)) run(bin('examples/gen_toolkit'), [toolkit, String(cards)]);
  writeFileSync(join(toolkit, 'bench-queries.json'), JSON.stringify(SYNTHETIC_QUERIES));
  const all = [...new Set(Object.values(SYNTHETIC_QUERIES).flat())];
  // --reuse: the site and scan of an earlier run (same cards and queries).
  const saved = join(BENCH, `syn-scan-${cards}.json`);
  if (args.includes('--reuse') && existsSync(saved) && existsSync(site)) {
    scanned = JSON.parse(readFileSync(saved, 'utf8'));
  } else {
    const started = Date.now();
    const out = run(bin('examples/search_scan'), [toolkit, site, JSON.stringify(all)], { quiet: true });
    console.log(`build and scan (one run, ${profile}): ${Date.now() - started} ms\n`);
    writeFileSync(saved, out);
    scanned = JSON.parse(out);
  }
} else {
  run('cargo', ['build', ...cargoProfile, '--quiet', '--bin', 'cardstock', '--example', 'gen_search_toolkit', '--example', 'search_report']);
  run(bin('examples/gen_search_toolkit'), ['--cards', String(cards), '--out', toolkit]);
  const started = Date.now();
  run(bin('cardstock'), ['build', toolkit, '--out', site, '--no-pdf']);
  console.log(`cardstock build (one run, ${profile}): ${Date.now() - started} ms\n`);
  run(bin('examples/search_report'), [toolkit, '--runs', flag('--runs', '3')]);
}

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
    const raw = body.length;
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'max-age=3600' };
    if (COMPRESSIBLE.has(extname(file)) && /gzip/.test(req.headers['accept-encoding'] || '')) {
      if (!gzCache.has(file)) gzCache.set(file, gzipSync(body, { level: 6 }));
      body = gzCache.get(file);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    log.push({ path, bytes: body.length, raw });
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
  let facetRaw = 0;
  let facetFiles = 0;
  let facetRequests = 0;
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
    const added = log.slice(before);
    facetBytes = added.reduce((a, r) => a + r.bytes, 0);
    facetRaw = added.reduce((a, r) => a + r.raw, 0);
    facetFiles = added.filter((r) => r.path.includes('/f/')).reduce((a, r) => a + r.bytes, 0);
    facetRequests = added.length;
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
    query: query + (facet ? ' + facet' : ''), results: cold.count, shown, bytes, code, facetBytes, facetRaw, facetFiles, facetRequests,
    raw: fetched.reduce((a, r) => a + r.raw, 0),
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

/** Limits Pagefind to each page's main content (in the copy it indexes), as Cardstock indexes only that. */
function markPagefindBody(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) markPagefindBody(full);
    else if (name.endsWith('.html')) {
      const html = readFileSync(full, 'utf8');
      const marked = html.replace('<main id="main"', '<main data-pagefind-body id="main"');
      if (marked !== html) writeFileSync(full, marked);
    }
  }
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
    markPagefindBody(pagefindSite);
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

// Recall against the scan (synthetic toolkit): every result, as paging reaches them.
const recall = new Map();
if (scanned) {
  const words = [...new Set(rows.map((r) => r.query.replace(/ \+ facet$/, '')))];
  const found = await runQueries(site, 'en', words.map((q) => q + ' '));
  for (const q of words) {
    const want = new Set(scanned.en[q]);
    const got = found[q + ' '].results;
    const hit = got.filter((u) => want.has(u)).length;
    recall.set(q, { scan: want.size, count: found[q + ' '].count, recall: want.size ? hit / want.size : 1, extra: got.length - hit });
  }
}
const recallText = (q) => {
  const r = recall.get(q.replace(/ \+ facet$/, ''));
  return r ? `${r.scan} | ${(100 * r.recall).toFixed(1)}%${r.extra ? ` (+${r.extra})` : ''}` : '– | –';
};

// The facet data the previous format (format 2: per-unit value columns in
// files of 250 units, fetched for the chunks holding a result, plus the values
// file) would send for the same query and facet, rebuilt exactly from this
// index's sets, beside what the current file sends.
async function facetFormats(query, facetId) {
  const engine = loadEngine(site, 'en');
  const manifest = await engine.init();
  const units = (await engine.search(query + ' ')).results.map((r) => r.unit);
  const all = await engine.facet(facetId, Array.from({ length: manifest.units }, (_, u) => u));
  const data = all;
  const gz = (text) => gzipSync(Buffer.from(text), { level: 6 }).length;
  const chunks = new Set(units.map((u) => Math.floor(u / 250)));
  let previous = gz(JSON.stringify({ v: data.values }));
  for (const c of chunks) {
    const columns = [];
    for (let u = c * 250; u < Math.min(manifest.units, c * 250 + 250); u++) columns.push(data.of(u));
    previous += gz(JSON.stringify(columns));
  }
  const blocks = new Set(units.map((u) => Math.floor(u / manifest.facet_block)));
  let current = gz(readFileSync(join(site, 'en/search/f', facetId + '.json')));
  for (const b of blocks) current += gz(readFileSync(join(site, 'en/search/f', `${facetId}-${b}.json`)));
  return { previousFiles: chunks.size + 1, previous, currentFiles: blocks.size + 1, current };
}
if (queries.with_facet.length) {
  const first = JSON.parse(readFileSync(join(site, 'en/search/manifest.json'), 'utf8')).facets[0].id;
  console.log(`\n## Facet data for "${first}" (the facet the browser rows open), gzip: previous format (values + per-unit columns of the chunks holding a result) against the values and the membership files of the blocks holding a result\n`);
  console.log('| query | previous: files | previous: gzip | now: files | now: gzip |');
  console.log('|---|---:|---:|---:|---:|');
  for (const q of queries.with_facet) {
    const f = await facetFormats(q, first);
    console.log(`| ${q} | ${f.previousFiles} | ${kb(f.previous)} | ${f.currentFiles} | ${kb(f.current)} |`);
  }
}

console.log('\n## Cardstock: what a query downloads, fresh browser, then the same query again (warm)\n');
console.log('Bytes are gzip as served unless marked raw; "+ facet" rows also show what opening the first facet and ticking its first value added.\n');
console.log('| query | results | scan | recall | requests | raw | gzip | manifest | shards | docs | + js/css | facet added: requests | raw | gzip | of it facet files | time cold | time warm |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const facet = r.query.endsWith('+ facet');
  const q = { files: r.files - r.facetRequests, raw: r.raw - r.facetRaw, bytes: r.bytes - (facet ? r.facetBytes : 0) };
  const f = facet ? `${r.facetRequests} | ${kb(r.facetRaw)} | ${kb(r.facetBytes)} | ${kb(r.facetFiles)}` : '– | – | – | –';
  console.log(`| ${r.query} | ${r.results} | ${recallText(r.query)} | ${q.files} | ${kb(q.raw)} | ${kb(q.bytes)} | ${kb(r.manifest)} | ${kb(r.shards)} | ${kb(r.docs)} | ${kb(q.bytes + r.code)} | ${f} | ${r.coldMs.toFixed(0)} ms | ${r.warmMs.toFixed(1)} ms |`);
}
const five = rows.filter((r) => oneWord5.includes(r.query));
if (five.length) console.log(`\nOne-word queries with 5 results: median ${kb(median(five.map((r) => r.bytes + r.code)))} including search.js (min ${kb(Math.min(...five.map((r) => r.bytes + r.code)))} – max ${kb(Math.max(...five.map((r) => r.bytes + r.code)))}); index files alone median ${kb(median(five.map((r) => r.bytes)))}. Budget: 50 KB.`);
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
