// Page weight and start-up: loads the built page (dist/, from `make dist`) in headless
// Chromium with an empty cache, records every file fetched (the page's modules,
// CSS, Chart.js, the workers' modules and the wasm module), and gzips each
// (node:zlib, level 9) for the transfer size a gzip-serving host would send. Start:
// time from navigation start to the first chart drawn (the first run finished and
// drawn: body[data-runs] = 1) on the link to the first demo (the page itself opens on
// the start view, which computes nothing), best of 3 cold loads (wall time: it
// includes the browser's own work, so the machine's load shows in it).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../tests/browser/harness.mjs';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** -> { files, raw, gzip (bytes), startMs, demo } */
export async function benchPage({ loads = 3 } = {}) {
  const env = await start(DIST);
  try {
    const files = new Set();
    let best = Infinity, demo = '';
    for (let i = 0; i < loads; i++) {
      const page = await env.newPage();
      page.context().on('request', (r) => files.add(new URL(r.url()).pathname));
      await page.goto(`${env.url}#/modes`);
      await page.waitForFunction(() => Number(document.body.dataset.runs ?? 0) >= 1, null, { timeout: 60000 });
      const ms = await page.evaluate(() => performance.now());   // origin = navigation start
      demo = await page.evaluate(() => location.hash);
      best = Math.min(best, ms);
      await page.context().close();
    }
    let raw = 0, gzip = 0, n = 0;
    for (const p of files) {
      const file = path.join(DIST, p === '/' ? 'index.html' : decodeURIComponent(p));
      let bytes;
      try { bytes = readFileSync(file); } catch { continue; }   // e.g. favicon probes
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
      n++;
    }
    return { files: n, raw, gzip, startMs: best, demo, wasm: [...files].some((f) => f.endsWith('.wasm')) };
  } finally {
    await env.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await benchPage());
