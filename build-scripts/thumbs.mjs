// `make thumbs`: the figure gallery's thumbnails, rendered from the gallery table's
// links in headless Chromium (Debian's, driven by playwright-core) so each shows what
// depthlab computes there. One page, navigating by hash; for each entry its chart's
// canvas (the entry's `chart`, else the view's first), scaled to THUMB on white and encoded as WebP by the browser, goes to
// web/gallery/<id>.webp, and web/gallery/manifest.json records the link it was made
// from (tests/js/gallery.test.mjs checks every entry's is there and current).
//   node build-scripts/thumbs.mjs [id ...]   (only those entries; default all)
import { writeFile, readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { GALLERY, THUMB, MAX_THUMB_BYTES, galleryLink } from '../web/js/demos/gallery-table.js';

const ROOT = new URL('../web/', import.meta.url);
const OUT = new URL('../web/gallery/', import.meta.url);
const MANIFEST = new URL('manifest.json', OUT);
const only = process.argv.slice(2);

const manifest = JSON.parse(await readFile(MANIFEST, 'utf8').catch(() => '{}'));
const { server, url } = await serve(ROOT.pathname, 0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme: 'light' })).newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e}`));
  await page.goto(`${url}#/`);
  for (const e of GALLERY.filter((x) => !only.length || only.includes(x.id))) {
    const link = galleryLink(e), t0 = Date.now();
    const runs = await page.evaluate(() => Number(document.body.dataset.runs ?? 0));
    await page.evaluate((h) => { location.hash = h; }, link);
    await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n && document.body.dataset.state !== 'running', runs, { timeout: 300000 });
    await page.waitForTimeout(200);
    // Lower the quality until the file fits the budget.
    let bytes = null;
    for (const q of [0.85, 0.7, 0.55, 0.4, 0.25]) {
      const b64 = await page.evaluate(([size, quality, chart]) => {
        const src = document.querySelector(`#charts figure${chart ? `[data-chart="${chart}"]` : ''} canvas`);
        const c = document.createElement('canvas');
        c.width = size.width; c.height = size.height;
        const g = c.getContext('2d');
        g.fillStyle = '#ffffff';
        g.fillRect(0, 0, c.width, c.height);
        const k = Math.min(c.width / src.width, c.height / src.height), w = src.width * k, h = src.height * k;
        g.drawImage(src, (c.width - w) / 2, (c.height - h) / 2, w, h);
        return c.toDataURL('image/webp', quality).split(',')[1];
      }, [THUMB, q, e.chart ?? '']);
      bytes = Buffer.from(b64, 'base64');
      if (bytes.length <= MAX_THUMB_BYTES) break;
    }
    if (bytes.length > MAX_THUMB_BYTES) throw new Error(`${e.id}: thumbnail of ${bytes.length} bytes, above ${MAX_THUMB_BYTES}`);
    await writeFile(new URL(`${e.id}.webp`, OUT), bytes);
    manifest[e.id] = link;
    console.log(`${e.id}: ${bytes.length} bytes, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const ids = new Set(GALLERY.map((e) => e.id));
  const kept = Object.fromEntries(Object.entries(manifest).filter(([id]) => ids.has(id)).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(MANIFEST, `${JSON.stringify(kept, null, 2)}\n`);
} finally {
  await browser.close();
  server.close();
}
