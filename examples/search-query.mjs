// Runs queries through the browser's search code (themes/default/static/js/search.js)
// against a built site's index on disk, without a browser: the matching,
// counting and ranking the reader gets, for tests and for looking into results.
//
//   node examples/search-query.mjs <built site> <lang> '["peer coaching ", "housing"]'
//   node examples/search-query.mjs <built site> <lang> -      (queries as JSON on stdin)
//   node examples/search-query.mjs <built site> <lang> --facets
//
// Prints JSON: per query, { count, partial, results: ["<path>#<anchor>", …], tiers } with
// every result in rank order (what "Show more" pages through), each unit named
// by its page path and, for units inside a page (change ideas, resources), its anchor.
// With --facets: { files: [index files read], units: { "<path>#<anchor>": { facet: [labels] } } },
// every facet opened for every unit, as the filters read them.

import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The search engine of search.js reading `<site>/<lang>/search/` from disk. */
export function loadEngine(site, lang, read = []) {
  const sandbox = { atob, console };
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(join(REPO, 'themes/default/static/js/search.js'), 'utf8'), sandbox);
  const fetchJson = async (url) => read.push(url.replace(/\?.*$/, '')) && JSON.parse(readFileSync(join(site, url.replace(/\?.*$/, '')), 'utf8'));
  return sandbox.CardstockSearch.createEngine(`/${lang}/search/`, fetchJson);
}

/** A unit's name: its page path, and its anchor when it is a part of a page. */
export async function unitName(engine, unit) {
  const doc = await engine.doc(unit);
  return doc.u + (doc.a ? '#' + doc.a : '');
}

export async function runQueries(site, lang, queries) {
  const engine = loadEngine(site, lang);
  const out = {};
  for (const q of queries) {
    const found = await engine.search(q);
    const results = [];
    for (const r of found.results) results.push(await unitName(engine, r.unit));
    // Where each result holds the words at best: 0 title, summary, tags;
    // 1 section text; 2 link lists and citations.
    const tiers = found.results.map((r) => r.tier);
    out[q] = { count: found.results.length, partial: found.partial, results, tiers };
  }
  return out;
}

/** Each unit's facet values (labels), read as the filters read them. */
export async function facetsOfUnits(site, lang) {
  const read = [];
  const engine = loadEngine(site, lang, read);
  const manifest = await engine.init();
  const every = Array.from({ length: manifest.units }, (_, u) => u);
  const facets = await Promise.all(manifest.facets.map(async (f) => [f.id, await engine.facet(f.id, every)]));
  const units = {};
  for (let u = 0; u < manifest.units; u++) {
    const values = {};
    for (const [id, data] of facets) {
      const labels = data.of(u).map((v) => data.values[v]);
      if (labels.length) values[id] = labels;
    }
    units[await unitName(engine, u)] = values;
  }
  return { files: read.filter((f) => f.includes('/f/')), units };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [site, lang, queriesArg] = process.argv.slice(2);
  if (!site || !lang || !queriesArg) {
    console.error('usage: node examples/search-query.mjs <built site> <lang> <queries as JSON | ->');
    process.exit(2);
  }
  // No process.exit: it would cut a large output written to a pipe.
  if (queriesArg === '--facets') {
    console.log(JSON.stringify(await facetsOfUnits(site, lang)));
  } else {
    const queries = JSON.parse(queriesArg === '-' ? readFileSync(0, 'utf8') : queriesArg);
    console.log(JSON.stringify(await runQueries(site, lang, queries)));
  }
}
