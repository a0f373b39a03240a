// Cardstock search: the search box in the header of every page.
//
// Reads the static index that `cardstock build` writes under /{lang}/search/
// (see docs/search.md): a manifest, term shards, per-result documents and
// facet membership sets. A query fetches only the shards of its words, the documents
// of the results it shows, and facet data when a facet is opened; everything
// fetched is kept for later queries. No dependencies, no framework.
//
// Without JavaScript the header shows links to the browse pages instead; the
// CSS shows the form in their place on pages js/enhance.js marked as scripted.
// When search cannot run here, this script brings the links back (.search-off).
(function (global) {
  'use strict';

  // ---- Words: the same rules as src/search/tokenize.rs and text::fold ----

  const WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
  const IDEOGRAPH = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  const FOLDABLE_MARKS = /[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
  const SPELLED_OUT = { 'æ': 'ae', 'œ': 'oe', 'ß': 'ss', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ł': 'l', 'ı': 'i', 'þ': 'th', 'ħ': 'h', 'ŧ': 't', 'ς': 'σ' };
  const MAX_WORD_CHARS = 64;

  /** The words of `text` with their UTF-16 offsets: [{ w, s, e }]. */
  function words(text) {
    const out = [];
    let start = -1;
    let count = 0;
    let i = 0;
    const flush = (end) => {
      if (start >= 0 && count <= MAX_WORD_CHARS) out.push({ w: text.slice(start, end), s: start, e: end });
      start = -1;
    };
    for (const c of text) {
      if (IDEOGRAPH.test(c)) {
        flush(i);
        out.push({ w: c, s: i, e: i + c.length });
      } else if (WORD_CHAR.test(c)) {
        if (start < 0) { start = i; count = 0; }
        count++;
      } else {
        flush(i);
      }
      i += c.length;
    }
    flush(i);
    return out;
  }

  /** Lowercase, no diacritics: the index's key for a word. */
  function fold(s) {
    let lower = '';
    for (const c of s) lower += c.toLowerCase();
    return lower.normalize('NFD').replace(FOLDABLE_MARKS, '')
      .replace(/[æœßøđðłıþħŧς]/g, (c) => SPELLED_OUT[c]).normalize('NFC');
  }

  // ---- Ranking weights (the field weights are applied at build time) ----

  const K1 = 1.2;
  const EXACT = 1.0; // the word as typed (folded)
  const STEMMED = 0.7; // another word with the same stem
  const PREFIX = 0.55; // a longer word starting with the word being typed
  const FALLBACK = 0.5; // an unknown word's longest known stem
  // Tiers: where a unit has a word at best — 0 title, "also called",
  // summary, tags; 1 section text; 2 link lists and citations. A word's
  // score is its tier's base plus BM25 (below K1 + 1), so title matches come
  // before section text, and section text before link lists.
  const TIER_BASE = [2 * (K1 + 1), K1 + 1, 0];
  // A unit outside a term's head is scored as if the term were once in a
  // field of its tier, and never above the head's weakest posting.
  const TIER_TF = [2.5, 1.0, 0.3];
  const TOGETHER = 1.3; // every word in one section
  const MAX_PREFIX_SHARDS = 2;
  const MAX_PREFIX_WORDS = 60;

  function stemsOf(entry) {
    const s = entry.s;
    const one = (x) => (typeof x === 'number' ? entry.k.slice(0, x) : x);
    if (s === undefined) return [entry.k];
    return Array.isArray(s) ? s.map(one) : [one(s)];
  }

  /** The ranked head as parallel arrays of record ids, scaled term frequencies and tiers. */
  function decode(entry) {
    if (!entry.records) {
      const p = entry.p;
      const records = new Array(p.length / 2);
      const tfs = new Array(p.length / 2);
      const tiers = new Array(p.length / 2);
      let record = 0;
      for (let i = 0; i < p.length; i += 2) {
        record += p[i];
        records[i / 2] = record;
        tfs[i / 2] = p[i + 1] >> 2;
        tiers[i / 2] = p[i + 1] & 3;
      }
      entry.records = records;
      entry.tfs = tfs;
      entry.tiers = tiers;
    }
    return entry;
  }

  /**
   * Sorted ids from base64 varint gaps, or from a bitmap after a `~`
   * (`encode_id_list` in src/search/ids.rs).
   */
  function decodeIds(text) {
    const ids = [];
    if (text[0] === '~') {
      const bits = atob(text.slice(1));
      for (let i = 0; i < bits.length; i++) {
        const b = bits.charCodeAt(i);
        if (b) for (let j = 0; j < 8; j++) if (b & (1 << j)) ids.push(i * 8 + j);
      }
      return ids;
    }
    const bytes = atob(text);
    let id = 0;
    let gap = 0;
    let shift = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes.charCodeAt(i);
      gap |= (b & 0x7f) << shift;
      if (b & 0x80) {
        shift += 7;
      } else {
        id += gap;
        ids.push(id);
        gap = 0;
        shift = 0;
      }
    }
    return ids;
  }

  /**
   * Every unit holding an entry's term, per tier (0 title/summary/tags,
   * 1 section text, 2 link lists): the unit lists when the head was cut,
   * else the units of the head's records.
   */
  function unitsOf(entry) {
    if (!entry.units) {
      entry.units = entry.u ? entry.u.map(decodeIds) : null;
    }
    return entry.units;
  }

  /** Reads the index in `base` (a URL ending in /search/) with `fetchJson(url)`. */
  function createEngine(base, fetchJson) {
    const cache = new Map();
    let manifest = null;

    async function init() {
      if (!manifest) manifest = await fetchJson(base + 'manifest.json');
      return manifest;
    }

    function get(path) {
      const url = base + path + '?v=' + manifest.version;
      if (!cache.has(url)) {
        const pending = fetchJson(url);
        cache.set(url, pending);
        pending.catch(() => cache.delete(url));
      }
      return cache.get(url);
    }

    /** The shard whose range holds `key`: the last boundary ≤ key. */
    function shardFor(key) {
      const b = manifest.shards;
      let lo = 0;
      let hi = b.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (b[mid] <= key) lo = mid + 1;
        else hi = mid;
      }
      return Math.max(0, lo - 1);
    }

    const shards = new Map(); // shard number → parsed shard

    async function shard(n) {
      if (shards.has(n)) return shards.get(n);
      const data = await get('s/' + n + '.json');
      data.words = new Map(data.w.map((e) => [e.k, e]));
      data.stems = new Map(data.s.map((e) => [e.k, e]));
      shards.set(n, data);
      return data;
    }

    function idf(df) {
      const n = manifest.records;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }

    const bm25 = (tf) => (tf * (K1 + 1)) / (tf + K1);

    /**
     * Adds an index entry (a word or a stem group) into a term's matches,
     * scaled by `weight`: each unit and head record keeps its best score.
     * Head postings are scored by their tier and BM25; the other units of
     * the entry's unit lists by their tier, below the head's weakest posting.
     */
    function addEntry(acc, entry, weight) {
      decode(entry);
      const w = idf(entry.n || entry.records.length) * weight;
      const scale = manifest.tf_scale;
      const stride = manifest.stride;
      let weakest = Infinity;
      for (let i = 0; i < entry.records.length; i++) {
        const tf = entry.tfs[i] / scale;
        if (tf < weakest) weakest = tf;
        const score = w * (TIER_BASE[entry.tiers[i]] + bm25(tf));
        const r = entry.records[i];
        if (!(acc.records.get(r) >= score)) acc.records.set(r, score);
        const u = Math.floor(r / stride);
        if (!(acc.units.get(u) >= score)) acc.units.set(u, score);
        if (!(acc.tiers.get(u) <= entry.tiers[i])) acc.tiers.set(u, entry.tiers[i]);
      }
      const tiers = unitsOf(entry);
      if (!tiers) return;
      tiers.forEach((ids, tier) => {
        const score = w * (TIER_BASE[tier] + bm25(Math.min(TIER_TF[tier], weakest)));
        for (const u of ids) {
          if (!(acc.units.get(u) >= score)) acc.units.set(u, score);
          if (!(acc.tiers.get(u) <= tier)) acc.tiers.set(u, tier);
        }
      });
    }

    /**
     * Matches one query term: exact word, its stem group, words it starts
     * (when it is being typed), or — for a word the corpus lacks — its longest
     * known stem. Returns { units, records, tiers, marks }: every unit holding the
     * term with its score and its best tier, the scores of head records (to pick the section
     * shown), and the folded words and prefixes to highlight.
     */
    async function scoreTerm(term, isPrefix) {
      const acc = { units: new Map(), records: new Map(), tiers: new Map() };
      const marks = { words: new Set([term]), prefixes: [] };
      const home = await shard(shardFor(term));
      const entry = home.words.get(term);
      if (entry) {
        addEntry(acc, entry, EXACT);
        if (entry.g) {
          for (const stem of stemsOf(entry)) {
            const group = (await shard(shardFor(stem))).stems.get(stem);
            if (group) {
              addEntry(acc, group, STEMMED);
              markGroup(marks, stem);
            }
          }
        }
      }
      if (isPrefix) {
        await addPrefixMatches(acc, marks, term);
      }
      if (!entry && acc.units.size === 0) {
        fallbackToKnownStem(acc, marks, home, term);
      }
      return { units: acc.units, records: acc.records, tiers: acc.tiers, marks };
    }

    /** Highlights the words of a stem group that are in loaded shards. */
    function markGroup(marks, stem) {
      marks.prefixes.push(stem);
      for (const data of shards.values()) {
        for (const e of data.w) if (stemsOf(e).includes(stem)) marks.words.add(e.k);
      }
    }

    async function addPrefixMatches(acc, marks, term) {
      const first = shardFor(term);
      const last = shardFor(term + '\uffff');
      const range = [];
      for (let n = first; n <= last; n++) range.push(n);
      // A short prefix can span many shards: then use only those already here.
      const wanted = range.length <= MAX_PREFIX_SHARDS ? range : range.filter((n) => n === first || shards.has(n));
      const loaded = await Promise.all(wanted.map(shard));
      const found = [];
      for (const data of loaded) {
        for (const e of data.w) {
          if (e.k !== term && e.k.startsWith(term)) found.push(e);
        }
      }
      // The most widely used completions first, then cut: typing "co" must stay fast.
      const df = (e) => e.n || e.p.length / 2;
      found.sort((a, b) => df(b) - df(a));
      for (const e of found.slice(0, MAX_PREFIX_WORDS)) {
        addEntry(acc, e, PREFIX * Math.sqrt(term.length / e.k.length));
      }
      if (found.length) marks.prefixes.push(term);
    }

    /** An unknown word takes the longest stem it starts with, as Snowball would mostly agree. */
    function fallbackToKnownStem(acc, marks, data, term) {
      // At least 3 letters and 40% of the word: measured on the benchmark
      // vocabulary (leave-one-out, examples/search_report.rs), this finds the
      // Snowball stem for 76% of unseen words that have one, a different stem
      // for 6%, none for 18% (docs/search.md).
      const minimum = Math.max(3, Math.ceil((term.length * 2) / 5));
      let best = '';
      const consider = (stem) => {
        if (stem.length > best.length && stem.length >= minimum && stem.length <= term.length && term.startsWith(stem)) best = stem;
      };
      for (const e of data.w) stemsOf(e).forEach(consider);
      for (const e of data.s) consider(e.k);
      if (!best) return;
      const group = data.stems.get(best);
      if (group) addEntry(acc, group, FALLBACK);
      else for (const e of data.w) if (stemsOf(e).includes(best)) addEntry(acc, e, FALLBACK);
      marks.prefixes.push(best);
    }

    /** Splits a query into folded terms; the last is a prefix while it is being typed. */
    function parse(text) {
      const list = words(text);
      const typing = list.length > 0 && list[list.length - 1].e === text.length;
      const seen = new Set();
      const terms = [];
      list.slice(0, 8).forEach((t, i) => {
        const term = fold(t.w);
        if (seen.has(term)) return;
        seen.add(term);
        terms.push({ term, prefix: typing && i === list.length - 1 });
      });
      return terms;
    }

    /**
     * Runs a query. Every word must match: the results are all units holding
     * every word, sorted by score: [{ unit, score, record, matched, missing }]
     * (`record` is the best-matching section when known from the heads, else
     * -1). When no unit holds every word of a query of several, the results
     * are the units holding any of them, those with most words first, each
     * with the words it lacks (`missing`), and `partial` is true.
     */
    async function search(text) {
      await init();
      const terms = parse(text);
      const scored = await Promise.all(terms.map((t) => scoreTerm(t.term, t.prefix)));
      const stride = manifest.stride;
      const n = terms.length;
      // Head records, summed over the terms: which section to show, and
      // whether one section holds every word.
      const byRecord = new Map(); // record → [summed score, terms]
      for (const s of scored) {
        for (const [r, score] of s.records) {
          const at = byRecord.get(r);
          if (at) { at[0] += score; at[1]++; } else byRecord.set(r, [score, 1]);
        }
      }
      const recordsOfUnit = new Map();
      for (const r of byRecord.keys()) {
        const u = Math.floor(r / stride);
        const list = recordsOfUnit.get(u);
        if (list) list.push(r); else recordsOfUnit.set(u, [r]);
      }
      const result = (unit) => {
        let score = 0;
        let matched = 0;
        let tier = 0; // the worst of the matched words' best tiers
        const missing = [];
        scored.forEach((s, i) => {
          const x = s.units.get(unit);
          if (x) { score += x; matched++; tier = Math.max(tier, s.tiers.get(unit) ?? 0); } else missing.push(terms[i].term);
        });
        let record = -1;
        let best = -1;
        let together = false;
        for (const r of recordsOfUnit.get(unit) || []) {
          const [sum, count] = byRecord.get(r);
          if (sum > best || (sum === best && r < record)) { best = sum; record = r; }
          if (count === n) together = true;
        }
        if (together && n > 1) score *= TOGETHER;
        return { unit, score, tier, record: record < 0 ? -1 : record % stride, matched, missing };
      };
      let results = [];
      if (n > 0) {
        const rarest = scored.reduce((a, b) => (b.units.size < a.units.size ? b : a));
        for (const unit of rarest.units.keys()) {
          if (scored.every((s) => s.units.has(unit))) results.push(result(unit));
        }
      }
      let partial = false;
      if (results.length === 0 && n > 1) {
        const any = new Set();
        for (const s of scored) for (const unit of s.units.keys()) any.add(unit);
        results = [...any].map(result);
        partial = results.length > 0;
      }
      results.sort((a, b) => b.matched - a.matched || b.score - a.score || a.unit - b.unit);
      const marks = { words: new Set(), prefixes: [] };
      for (const s of scored) {
        s.marks.words.forEach((w) => marks.words.add(w));
        marks.prefixes.push(...s.marks.prefixes);
      }
      return { terms, results, partial, marks };
    }

    /** The content type of a unit, from the id ranges in the manifest. */
    function typeOf(unit) {
      let end = 0;
      for (const [id, , count] of manifest.types) {
        end += count;
        if (unit < end) return id;
      }
      return null;
    }

    /** A result's document: its file holds a few consecutive units of one type. */
    async function doc(unit) {
      let start = 0;
      for (const [, , count, perFile] of manifest.types) {
        if (unit < start + count) {
          const first = start + Math.floor((unit - start) / perFile) * perFile;
          return (await get('d/' + first + '.json'))[unit - first];
        }
        start += count;
      }
      throw new Error('no unit ' + unit);
    }

    /**
     * Loads a facet: its values' labels and, for the blocks of units holding
     * `units`, per value the units holding it (id lists as in the term
     * shards, numbered from the block's first unit).
     */
    async function facet(id, units) {
      const size = manifest.facet_block;
      const blocks = [...new Set(units.map((u) => Math.floor(u / size)))];
      const [data, ...sets] = await Promise.all([
        get('f/' + id + '.json'),
        ...blocks.map((b) => get('f/' + id + '-' + b + '.json')),
      ]);
      if (!data.byUnit) data.byUnit = new Map();
      const { byUnit } = data;
      blocks.forEach((b, i) => {
        const block = sets[i];
        if (block.read) return;
        block.read = true;
        block.m.forEach((set, value) => {
          for (const local of decodeIds(set)) {
            const u = b * size + local;
            const list = byUnit.get(u);
            if (list) list.push(value);
            else byUnit.set(u, [value]);
          }
        });
      });
      return { values: data.v, of: (u) => byUnit.get(u) || [] };
    }

    return {
      init,
      search,
      typeOf,
      facet,
      doc,
      get manifest() { return manifest; },
      shardFor,
    };
  }

  // ---- Snippets ----

  /** Whether a folded word is one the query matched. */
  function isMark(marks, folded) {
    return marks.words.has(folded) || marks.prefixes.some((p) => folded.startsWith(p));
  }

  /**
   * Cuts `text` around its first match to about `size` characters. Returns
   * pieces [{ text, mark }] so the caller can build DOM nodes safely.
   */
  function snippet(text, marks, size = 180) {
    const list = words(text);
    const hits = list.filter((t) => isMark(marks, fold(t.w)));
    let start = 0;
    if (hits.length && hits[0].s > size / 3) {
      start = hits[0].s - Math.floor(size / 3);
      const next = list.find((t) => t.s >= start);
      start = next ? next.s : start;
    }
    let end = Math.min(text.length, start + size);
    const cut = list.find((t) => t.s < end && t.e > end);
    if (cut) end = cut.e;
    const pieces = [];
    if (start > 0) pieces.push({ text: '…', mark: false });
    let at = start;
    for (const h of hits) {
      if (h.s < start || h.e > end) continue;
      if (h.s > at) pieces.push({ text: text.slice(at, h.s), mark: false });
      pieces.push({ text: text.slice(h.s, h.e), mark: true });
      at = h.e;
    }
    if (at < end) pieces.push({ text: text.slice(at, end), mark: false });
    if (end < text.length) pieces.push({ text: '…', mark: false });
    return pieces;
  }

  /**
   * The section of a result to show: the one the index's heads ranked best,
   * else (a unit found through its unit lists only) the head when its title
   * or summary has a query word, else the first section that has one.
   */
  function pickRecord(doc, record, marks) {
    if (record >= 0) return record;
    const has = (text) => Boolean(text) && words(text).some((t) => isMark(marks, fold(t.w)));
    if (has(doc.t) || (doc.o || []).some(has)) return 0;
    const at = doc.r.findIndex((r) => has(r[0]) || has(r[2]));
    return at < 0 ? 0 : at;
  }

  // ---- The search box ----

  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 150;

  function element(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) el.append(c);
    return el;
  }

  function marked(pieces) {
    const frag = document.createDocumentFragment();
    for (const p of pieces) frag.append(p.mark ? element('mark', { text: p.text }) : p.text);
    return frag;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  }

  function init() {
    const box = document.querySelector('.site-search[data-search-index]');
    if (!box || box.dataset.ready) return;
    const form = box.querySelector('form[role="search"]');
    const input = form.querySelector('input');
    if (!window.fetch) {
      form.hidden = true;
      box.classList.add('search-off');
      return;
    }
    box.dataset.ready = 'true';
    const root = box.dataset.searchRoot || '';
    const fetchJson = (url) => fetch(url).then((r) => {
      if (!r.ok) throw new Error(r.status + ' ' + url);
      return r.json();
    });
    const engine = createEngine(box.dataset.searchIndex, fetchJson);

    // The live region stays in the page (an announcement from inside content
    // that is just being shown is often lost); the panel shows the same count.
    const status = element('p', { class: 'search-status visually-hidden', role: 'status' });
    const panel = element('section', { class: 'search-panel', id: 'search-results', hidden: true });
    const count = element('p', { class: 'search-count' });
    const facets = element('div', { class: 'search-facets' });
    const list = element('ol', { class: 'search-results' });
    // Added with its text once the index's strings are loaded: never a button without a name.
    const more = element('button', { type: 'button', class: 'search-more', hidden: true });
    panel.append(count, facets, list);
    form.append(status);
    form.after(panel);
    input.setAttribute('aria-controls', panel.id);

    const state = {
      seq: 0,
      query: '',
      found: null, // last engine result
      shown: 0,
      selected: new Map(), // facet id → Set of values
      open: new Set(), // facet ids whose values are shown
      facetData: new Map(),
    };
    let strings = {};
    let timer = 0;
    // Set when the reader closes the results (Escape, or focus leaving them):
    // then focusing the box again does not reopen them; typing or ArrowDown does.
    let dismissed = false;

    function close() {
      panel.hidden = true;
      status.textContent = '';
    }

    function dismiss() {
      close();
      dismissed = true;
    }

    function showError() {
      status.textContent = strings.unavailable || 'Search is not available.';
      box.classList.add('search-off');
    }

    async function run() {
      const query = input.value;
      const seq = ++state.seq;
      if (query.trim().length < 2) {
        state.query = '';
        close();
        return;
      }
      const started = performance.now();
      let found;
      try {
        const manifest = await engine.init();
        strings = manifest.strings || {};
        panel.setAttribute('aria-label', strings.results || 'Search results');
        found = await engine.search(query);
      } catch (err) {
        if (seq === state.seq) showError();
        return;
      }
      if (seq !== state.seq) return;
      state.query = query;
      state.found = found;
      state.shown = PAGE_SIZE;
      dismissed = false;
      await render(seq);
      if (seq !== state.seq) return;
      form.dispatchEvent(new CustomEvent('cardstock-search', {
        detail: { query, count: filtered().length, ms: performance.now() - started },
      }));
    }

    /** Units passing every facet filter except `skip`. */
    function filtered(skip) {
      const results = state.found ? state.found.results : [];
      return results.filter((r) => {
        for (const [id, chosen] of state.selected) {
          if (id === skip || chosen.size === 0) continue;
          if (id === 'type') {
            if (!chosen.has(engine.typeOf(r.unit))) return false;
          } else {
            const data = state.facetData.get(id);
            if (data && !data.of(r.unit).some((v) => chosen.has(String(v)))) return false;
          }
        }
        return true;
      });
    }

    async function loadFacets() {
      const units = state.found.results.map((r) => r.unit);
      const ids = new Set([...state.open, ...[...state.selected.keys()].filter((k) => k !== 'type')]);
      await Promise.all([...ids].map(async (id) => state.facetData.set(id, await engine.facet(id, units))));
    }

    async function render(seq) {
      try {
        await loadFacets();
        const results = filtered();
        const docs = await Promise.all(results.slice(0, state.shown).map((r) => engine.doc(r.unit)));
        if (seq !== state.seq) return;
        renderFacets();
        renderResults(results, docs);
      } catch (err) {
        if (seq === state.seq) showError();
        return;
      }
      if (!dismissed) panel.hidden = false;
    }

    function renderResults(results, docs) {
      const n = results.length;
      let message = fill(countText(n), { n: localNumber(n), q: state.query.trim() });
      if (state.found.partial) message += ' ' + (strings.some_words || '');
      status.textContent = message;
      count.textContent = message;
      list.replaceChildren(...docs.map((doc, i) => resultItem(results[i], doc)));
      more.textContent = strings.more || 'More';
      more.hidden = results.length <= state.shown;
      if (!more.isConnected) panel.append(more);
    }

    /**
     * The count line's pattern: `none`, else `count_<plural category>` as the
     * build's UI strings name them (CLDR categories: Arabic has zero, one,
     * two, few, many, other), or `count_other`. The count is exact: every
     * unit holding the words is in the results.
     */
    /** A count grouped as the page's language groups it, in the language's digits (from the UI strings). */
    function localNumber(n) {
      const grouped = n.toLocaleString(document.documentElement.lang);
      const digits = strings.digits || '';
      if ([...digits].length !== 10) return grouped;
      const mapped = [...digits];
      return grouped.replace(/[0-9]/g, (d) => mapped[Number(d)]);
    }

    function countText(n) {
      if (n === 0) return strings.none || '{n}';
      let category = 'other';
      try {
        category = new Intl.PluralRules(document.documentElement.lang).select(n);
      } catch (err) { /* unknown language tag: the `other` form */ }
      return strings['count_' + category] || strings.count_other || '{n}';
    }

    /** The name of a language in the page's language ("inglés"), as the build's UI strings name it. */
    function languageName(code) {
      const named = (engine.manifest.languages || {})[code];
      if (named) return named;
      try {
        return new Intl.DisplayNames([document.documentElement.lang], { type: 'language' }).of(code) || code;
      } catch (err) {
        return code;
      }
    }

    function resultItem(result, doc) {
      const record = doc.r[pickRecord(doc, result.record, state.found.marks)] || doc.r[0];
      const anchor = record[1] || doc.a;
      const href = root + doc.u + (anchor ? '#' + anchor : '');
      const marks = state.found.marks;
      const lang = doc.l || null;
      const types = strings.types || {};
      const meta = element('p', { class: 'result-meta' },
        element('span', { class: 'result-type', text: doc.k ? (types[doc.y] || doc.y) + ' · ' + doc.k : (types[doc.y] || doc.y) }));
      if (record[0] && record[0] !== doc.t) meta.append(' › ', element('span', { class: 'result-section', text: record[0] }));
      if (lang) {
        const name = languageName(lang);
        meta.append(' ', element('span', { class: 'result-lang', text: fill(strings.in_language || '{language}', { language: name }) }));
      }
      const title = element('a', { href, hreflang: lang, lang, class: 'result-link' }, marked(snippet(doc.t, marks, 400)));
      const item = element('li', { class: 'search-result' }, element('h2', { class: 'result-title' }, title), meta);
      const also = (doc.o || []).filter((name) => words(name).some((t) => isMark(marks, fold(t.w))));
      if (also.length && !record[0]) {
        item.append(element('p', { class: 'result-also', lang }, (strings.also_called || '') + ': ', marked(snippet(also.join('; '), marks, 200))));
      }
      if (record[2]) item.append(element('p', { class: 'result-snippet', lang }, marked(snippet(record[2], marks))));
      if (result.missing && result.missing.length) {
        item.classList.add('search-result-partial');
        item.append(element('p', { class: 'result-missing', text: fill(strings.missing || '{words}', { words: result.missing.join(', ') }) }));
      }
      return item;
    }

    function renderFacets() {
      const m = engine.manifest;
      const groups = [];
      const base = filtered('type');
      const typeCounts = new Map();
      for (const r of base) {
        const t = engine.typeOf(r.unit);
        typeCounts.set(t, (typeCounts.get(t) || 0) + 1);
      }
      const typeValues = m.types.map(([id, label]) => ({ value: id, label, count: typeCounts.get(id) || 0 }));
      groups.push(facetGroup('type', strings.content_type || 'Type', typeValues, null));
      for (const f of m.facets) {
        let values = null;
        const data = state.facetData.get(f.id);
        if (state.open.has(f.id) && data) {
          const counts = new Array(data.values.length).fill(0);
          for (const r of filtered(f.id)) for (const v of data.of(r.unit)) counts[v]++;
          values = data.values.map((label, v) => ({ value: String(v), label, count: counts[v] }))
            .filter((v) => v.count > 0 || (state.selected.get(f.id) || new Set()).has(v.value));
        }
        groups.push(facetGroup(f.id, f.label, values, f));
      }
      const focusedId = document.activeElement && facets.contains(document.activeElement) ? document.activeElement.id : null;
      facets.replaceChildren(element('h2', { class: 'visually-hidden', text: strings.filters || 'Filters' }), ...groups);
      if (focusedId) {
        const again = document.getElementById(focusedId);
        if (again) again.focus();
      }
    }

    function facetGroup(id, label, values, facetInfo) {
      const chosen = state.selected.get(id) || new Set();
      const fieldset = element('fieldset', { class: 'search-facet' });
      if (values) {
        for (const v of values) {
          if (id === 'type' && v.count === 0 && !chosen.has(v.value)) continue;
          const boxId = 'sf-' + id + '-' + v.value;
          const check = element('input', { type: 'checkbox', id: boxId, value: v.value, checked: chosen.has(v.value) });
          check.addEventListener('change', () => toggleValue(id, v.value, check.checked));
          fieldset.append(element('div', { class: 'search-facet-value' }, check,
            element('label', { for: boxId }, v.label + ' ', element('span', { class: 'count', text: '(' + v.count + ')' }))));
        }
      }
      if (!facetInfo) {
        fieldset.prepend(element('legend', { text: label }));
        return fieldset;
      }
      const details = element('details', { class: 'search-facet-group', open: state.open.has(id) },
        element('summary', { id: 'sf-' + id + '-summary', text: label + (chosen.size ? ' (' + chosen.size + ')' : '') }));
      fieldset.prepend(element('legend', { class: 'visually-hidden', text: label }));
      details.append(fieldset);
      details.addEventListener('toggle', () => {
        if (details.open === state.open.has(id)) return;
        if (details.open) state.open.add(id);
        else state.open.delete(id);
        render(state.seq);
      });
      return details;
    }

    function toggleValue(id, value, on) {
      const set = state.selected.get(id) || new Set();
      if (on) set.add(value);
      else set.delete(value);
      state.selected.set(id, set);
      render(state.seq);
    }

    more.addEventListener('click', async () => {
      const first = state.shown;
      state.shown += PAGE_SIZE;
      await render(state.seq);
      const link = list.children[first] && list.children[first].querySelector('a');
      if (link) link.focus();
    });

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    const canReopen = () => state.query && state.query === input.value && panel.hidden && state.found;
    input.addEventListener('focus', () => {
      if (canReopen() && !dismissed) panel.hidden = false;
    });
    input.addEventListener('click', () => {
      if (canReopen()) {
        dismissed = false;
        panel.hidden = false;
      }
    });

    const links = () => [...list.querySelectorAll('a.result-link')];
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && links().length && (!panel.hidden || canReopen())) {
        e.preventDefault();
        dismissed = false;
        panel.hidden = false;
        links()[0].focus();
      } else if (e.key === 'Escape') {
        if (!panel.hidden) {
          e.preventDefault();
          dismiss();
        } else if (input.value) {
          e.preventDefault();
          input.value = '';
        }
      }
    });
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        dismiss();
        input.focus();
        return;
      }
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (e.key === 'ArrowDown' && at < all.length - 1) {
        e.preventDefault();
        all[at + 1].focus();
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        (at > 0 ? all[at - 1] : input).focus();
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        all[e.key === 'Home' ? 0 : all.length - 1].focus();
      }
    });
    // Clicking elsewhere closes the results, and so does focus moving out of
    // the search (Tab past the last result, Shift+Tab before the box): the
    // panel must not stay open over the part of the page focus is in (WCAG
    // 2.4.11). Focus leaving the window (no relatedTarget) keeps it open.
    document.addEventListener('pointerdown', (e) => {
      if (!box.contains(e.target) && !panel.contains(e.target)) close();
    });
    box.addEventListener('focusout', (e) => {
      if (e.relatedTarget && !box.contains(e.relatedTarget) && !panel.hidden) dismiss();
    });
    // A query in the address (?q=…, what the form submits before this script runs) is run at once.
    const asked = new URLSearchParams(location.search).get('q');
    if (asked) {
      input.value = asked;
      run();
    }
    document.addEventListener('keydown', (e) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  global.CardstockSearch = { words, fold, createEngine, snippet, pickRecord, decodeIds };
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
  }
})(typeof window !== 'undefined' ? window : globalThis);
