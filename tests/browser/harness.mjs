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
