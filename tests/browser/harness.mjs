// Shared set-up for the browser tests: a static server on a free loopback port
// and Debian's chromium driven by playwright-core (never a downloaded browser).
import { afterEach } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../build-scripts/serve.mjs';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

// Each page runs its own pool of compute workers: close a test's pages when it
// ends, so idle pages do not pile up over a file (registered for every file that
// imports the harness).
const openContexts = new Set();
afterEach(async () => {
  for (const c of openContexts) await c.close().catch(() => {});
  openContexts.clear();
});

/** Starts server + browser; returns { url, browser, newPage, close }. newPage collects console errors; a test's pages close when it ends. */
export async function start(root = WEB_ROOT) {
  const { server, url } = await serve(root, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  async function newPage({ width = 1280, height = 900, colorScheme = 'light' } = {}) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme });
    openContexts.add(context);
    const page = await context.newPage();
    page.errors = [];
    page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
    page.on('pageerror', (e) => page.errors.push(String(e)));
    return page;
  }
  async function close() {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
  return { url, browser, newPage, close };
}

/** Waits until the page has finished `n` runs (body[data-runs] >= n) and is not running. */
export async function waitRuns(page, n = 1, timeout = 30000) {
  await page.waitForFunction((k) => Number(document.body.dataset.runs ?? 0) >= k && document.body.dataset.state !== 'running',
    n, { timeout });
}

/**
 * Counts pixels of a canvas within `tol` of colour `rgb` ([r, g, b]): evidence
 * that a series in that colour was drawn (axes and grid alone never match).
 */
export async function pixelsOfColour(page, selector, rgb, tol = 40) {
  return page.$eval(selector, (c, [rgbIn, t]) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 200 && Math.abs(d[i] - rgbIn[0]) + Math.abs(d[i + 1] - rgbIn[1]) + Math.abs(d[i + 2] - rgbIn[2]) <= t) n++;
    }
    return n;
  }, [rgb, tol]);
}
