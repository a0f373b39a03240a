// Shared set-up for the browser tests: builds a toolkit with the cardstock
// binary, serves the output folder on 127.0.0.1 with a minimal static server,
// and launches Debian's Chromium through playwright-core.
//
// With CI=true a missing Chromium is a failure; on a developer machine the
// tests are skipped with a message saying how to install it.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(REPO, 'tests', 'browser', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. */
export function skipReason() {
  if (existsSync(CHROMIUM)) return null;
  const message = `Chromium not found at ${CHROMIUM}: install it with \`sudo apt-get install chromium\` (or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(message);
  return message;
}

/** Builds `toolkit` (default: the bundled example) into a fresh folder and returns its path. */
export function buildSite({ toolkit = REPO, name = 'example', baseUrl } = {}) {
  const out = join(REPO, 'target', 'browser-sites', name);
  mkdirSync(dirname(out), { recursive: true });
  const args = ['run', '--quiet', '--', 'build', toolkit, '--out', out];
  if (baseUrl) args.push('--base-url', baseUrl);
  const result = spawnSync('cargo', args, { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`cardstock build failed:\n${result.stderr}`);
  }
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.woff2': 'font/woff2', '.gz': 'application/gzip',
  '.pdf': 'application/pdf',
};

/** Serves `root` on 127.0.0.1 (port chosen by the system); resolves to { url, close }. */
export function serveFolder(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(400).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': TYPES['.html'] }).end(readFileSync(join(root, '404.html')));
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** Launches headless Chromium. Background networking is off: this machine has no network. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Every HTML page of a built site, as site paths (`en/strategies/x/`), redirect and 404 included. */
export function htmlPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html')) pages.push(relative(root, full).split(sep).join('/').replace(/index\.html$/, ''));
    }
  };
  walk(root);
  return pages.sort();
}

/** Runs axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on the open page. */
export async function runAxe(page) {
  const source = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * In the page: the WCAG contrast of every piece of visible text inside
 * `selector` against its background (found by walking up to the first
 * opaque background, compositing translucent ones on the way). Returns
 * [{ text, color, background, ratio }], lowest first.
 */
export function textContrasts(page, selector) {
  return page.evaluate((selector) => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let colour = [255, 255, 255, 1];
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const luminance = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const out = [];
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || !el.checkVisibility() || el.closest('.visually-hidden')) continue;
        const style = getComputedStyle(el);
        const bg = background(el);
        const fg = over(parse(style.color), bg);
        out.push({ text: node.textContent.trim().slice(0, 40), color: style.color, background: `rgb(${bg.slice(0, 3).map(Math.round)})`, ratio: ratio(fg, bg) });
      }
    }
    return out.sort((a, b) => a.ratio - b.ratio);
  }, selector);
}

/** The contrast of two CSS colours (rgb/rgba strings), as WCAG defines it. */
export function contrast(a, b) {
  const parse = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * Runs HTML_CodeSniffer (the engine of pa11y) with the WCAG 2 AA standard on
 * the open page; returns its errors (type 1) as { code, message, element }.
 */
export async function runHtmlcs(page) {
  const source = readFileSync(join(REPO, 'node_modules', 'html_codesniffer', 'build', 'HTMLCS.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(() => new Promise((done) => {
    window.HTMLCS.process('WCAG2AA', document, () => {
      done(window.HTMLCS.getMessages()
        .filter((m) => m.type === window.HTMLCS.ERROR)
        .map((m) => ({ code: m.code, message: m.msg, element: m.element.outerHTML.slice(0, 160) })));
    });
  }));
}
