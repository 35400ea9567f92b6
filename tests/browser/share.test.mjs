// Sharing, embedding and exporting, for every demo: the page and Node compute
// the same fingerprint for the same link, and every chart exports PNG, CSV and
// JSON carrying the parameters and the version (one page load); embed mode
// shows one demo, its title, a chart and Run without scrolling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { start, waitRuns } from './harness.mjs';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { toHash, defaults } from '../../web/js/demos/state.js';

let env, eng;
before(async () => { env = await start(); eng = await loadEngine(); });
after(async () => { await env?.close(); });

for (const demo of DEMOS) {
  test(`${demo.id}: embed mode shows the demo alone, with a link back to the full page`, async () => {
    const page = await env.newPage({ width: 560, height: 480 });
    await page.goto(`${env.url}${toHash(demo, defaults(demo), { embed: true })}`);
    await waitRuns(page, 1, 120000);
    assert.equal(await page.isVisible('#tabs'), false);
    assert.equal(await page.isVisible('header.top'), false);
    assert.equal(await page.isVisible('#charts canvas'), true);
    const full = await page.getAttribute('#full-page', 'href');
    assert.ok(full.includes(`#/${demo.id}?`) && !full.includes('embed=1'), full);
    // No scrolling inside the snippet's 560 × 480 iframe: the title (the page's h1), the
    // first chart and Run are all in view.
    assert.equal(await page.textContent('h1'), demo.title);
    assert.ok(await page.evaluate(() => {
      const root = document.documentElement;
      const inView = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; };
      return root.scrollWidth <= innerWidth + 1 && root.scrollHeight <= innerHeight + 1 && inView('h1') && inView('#run') && inView('#charts canvas');
    }), 'title, first chart and Run in view without scrolling');
    assert.deepEqual(page.errors, []);
  });

  test(`${demo.id}: same fingerprint as Node for the same link; every chart downloads as PNG, CSV and JSON with the state inside`, async () => {
    // Chromium throttles a page that starts many downloads in a row, so this takes
    // a PNG of every chart (the canvas as drawn) and CSV and JSON of the first;
    // tests/js/demos.test.mjs checks the CSV and JSON of every chart's data.
    const hash = toHash(demo, defaults(demo));
    const node = await runDemo(eng, hash);
    const page = await env.newPage();
    await page.goto(env.url + hash);
    await waitRuns(page, 1, 120000);
    assert.equal(await page.textContent('#fingerprint'), node.fingerprint, 'page and Node computed the same numbers');
    const grab = async (chart, kind) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`figure[data-chart="${chart}"] [data-export=${kind}]`)]);
      return readFile(await dl.path());
    };
    for (const chart of demo.charts) {
      const png = await grab(chart.id, 'png');
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${chart.id}: PNG signature`);
      assert.ok(png.length > 5000, `${chart.id}: PNG of a drawn chart, ${png.length} bytes`);
    }
    const first = demo.charts[0].id;
    const csv = (await grab(first, 'csv')).toString();
    assert.match(csv, new RegExp(`^# depthlab \\d+\\.\\d+\\.\\d+; demo ${demo.id}; fingerprint ${await page.textContent('#fingerprint')}`));
    assert.match(csv, /\nseries,x,y\n/);
    const json = JSON.parse((await grab(first, 'json')).toString());
    assert.equal(json.demo, demo.id);
    assert.deepEqual(Object.keys(json.params).sort(), demo.params.map((p) => p.key).sort());
    assert.ok(json.series.length > 0 && json.series.every((s) => s.x.length === s.y.length));
    assert.deepEqual(page.errors, []);
  });
}
