// Sharing, embedding and exporting, for every demo: the page and Node compute
// the same fingerprint for the same link, every chart is drawn and exports PNG, CSV and
// JSON carrying the parameters and the version, and "Copy as script" gives a Node
// script of the same state (one page load). (Embed mode at
// 560 × 480 is checked for every demo in a11y.test.mjs's embed pass.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { start, waitRuns } from './harness.mjs';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { toHash, defaults } from '../../web/js/demos/state.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));   // the script imports 'depthlab': the package itself, by name
const run = promisify(execFile);
let env, eng;
before(async () => { env = await start(); eng = await loadEngine(); });
after(async () => { await env?.close(); });

for (const demo of DEMOS) {
  test(`${demo.id}: same fingerprint as Node for the same link; every chart drawn; its PNG, CSV and JSON downloads carry the state`, async () => {
    // Downloads are slow (Chromium throttles a page that starts many in a row), so
    // this downloads the PNG, CSV and JSON of the first chart and checks that every
    // canvas is drawn; tests/js/demos.test.mjs checks the CSV and JSON of every chart's data.
    const hash = toHash(demo, defaults(demo));
    const page = await env.newPage();
    await page.goto(env.url + hash);
    const node = await runDemo(eng, hash);   // while the page computes in its own process
    await waitRuns(page, 1, 120000);
    assert.equal(await page.textContent('#fingerprint'), node.fingerprint, 'page and Node computed the same numbers');
    // Copy as script: the script names this state's link and the fingerprint shown;
    // the first demo's script runs in Node (the package, by its own name) and prints it.
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t) => { window.copied = t; } } }));
    await page.click('#copy-script');
    const script = await page.evaluate(() => window.copied);
    assert.ok(script.includes(`runDemo(eng, ${JSON.stringify(hash)})`) && script.includes(`// the page showed ${node.fingerprint}`), script);
    if (demo === DEMOS[0]) {
      const file = join(repo, `.copied-script-${process.pid}.mjs`);
      try {
        await writeFile(file, script);
        assert.equal((await run(process.execPath, [file])).stdout.trim(), node.fingerprint, 'the copied script prints the page\'s fingerprint');
      } finally { await rm(file, { force: true }); }
    }
    const grab = async (chart, kind) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`figure[data-chart="${chart}"] [data-export=${kind}]`)]);
      return readFile(await dl.path());
    };
    const first = demo.charts[0].id;
    const png = await grab(first, 'png');
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${first}: PNG signature`);
    // Every chart is drawn: its canvas as a PNG (what the download wraps in a title) is
    // more than axes. Downloading each would take a second apiece.
    for (const chart of demo.charts) {
      const bytes = await page.$eval(`figure[data-chart="${chart.id}"] canvas`, (c) => c.toDataURL('image/png').length * 0.75);
      assert.ok(bytes > 5000, `${chart.id}: PNG of a drawn chart, ${bytes} bytes`);
    }
    const csv = (await grab(first, 'csv')).toString();
    assert.match(csv, new RegExp(`^# depthlab \\d+\\.\\d+\\.\\d+; demo ${demo.id}; fingerprint ${await page.textContent('#fingerprint')}`));
    // Line charts list points (series, x, y); a matrix is written as itself, its columns named.
    assert.match(csv, demo.charts[0].kind === 'matrix' ? /\n"row","[^"]+",/ : /\nseries,x,y\n/);
    const json = JSON.parse((await grab(first, 'json')).toString());
    assert.equal(json.demo, demo.id);
    assert.deepEqual(Object.keys(json.params).sort(), demo.params.map((p) => p.key).sort());
    assert.ok(json.series.length > 0 && json.series.every((s) => s.x.length === s.y.length));

    // Change one control. What a link, an embed or an export would carry must match
    // the screen: either the fingerprint on screen is that of a fresh load of the
    // copied link, or the screen shows none and says it is out of date.
    const p = demo.params.find((q) => !q.view && q.type !== 'text' && (!q.showIf || q.showIf(defaults(demo))));
    const now = defaults(demo)[p.key];
    const runs = Number(await page.evaluate(() => document.body.dataset.runs));
    if (p.type === 'choice') await page.selectOption(`#ctl-${p.key}`, p.options[(p.options.indexOf(now) + 1) % p.options.length]);
    else {
      await page.fill(`#ctl-${p.key}`, String(now === p.min ? p.max : p.min));
      await page.press(`#ctl-${p.key}`, 'Enter');
    }
    if (demo.live) await waitRuns(page, runs + 1, 60000);
    const link = page.url();
    assert.ok(link.includes(`${p.key}=`) && link !== env.url + hash, 'the link follows the control');
    await page.click('#embed');
    assert.ok((await page.inputValue('#embed-code')).includes(new URL(link).hash.slice(1).replace('&v=1', '&embed=1&v=1')), 'the embed snippet too');
    await page.keyboard.press('Escape');
    if (demo.live) {
      assert.equal(await page.textContent('#fingerprint'), (await runDemo(eng, link)).fingerprint, `${p.key}: screen = fresh load of the link`);
    } else {
      assert.equal(await page.textContent('#fingerprint'), '—', `${p.key}: no fingerprint for an out-of-date screen`);
      assert.ok(await page.isVisible('#out-of-date'), 'the screen says it is out of date');
      assert.match(await page.textContent('#status'), /Settings changed/);
      assert.ok(await page.isDisabled(`figure[data-chart="${first}"] [data-export=csv]`), 'no export of out-of-date data');
    }
    assert.deepEqual(page.errors, []);
  });
}

test('an out-of-date screen comes back in step on Run; a change during a run ends it', async () => {
  // pl-reduction: the example (fingerprint on screen differed from the copied link's).
  const page = await env.newPage();
  await page.goto(`${env.url}#/pl-reduction?v=1`);
  await waitRuns(page);
  await page.fill('#ctl-offset', '3');
  await page.press('#ctl-offset', 'Enter');
  assert.equal(await page.textContent('#fingerprint'), '—');
  await page.click('#run-again');
  await waitRuns(page, 2);
  assert.equal(await page.textContent('#fingerprint'), (await runDemo(eng, page.url())).fingerprint);
  assert.equal(await page.isVisible('#out-of-date'), false);
  assert.equal(await page.isDisabled('[data-export=csv]'), false);
  // Back and forth: returning to the settings on screen needs no run.
  await page.fill('#ctl-offset', '4');
  await page.press('#ctl-offset', 'Enter');
  await page.fill('#ctl-offset', '3');
  await page.press('#ctl-offset', 'Enter');
  assert.equal(await page.getAttribute('#demo', 'data-shown'), 'current');
  assert.notEqual(await page.textContent('#fingerprint'), '—');
  // A change while a (long) run computes ends it; the screen says it is out of date.
  await page.goto(`${env.url}#/gd-modes?depth=6&width=32&lr=0.002&steps=60000&v=1`);
  await page.waitForFunction(() => document.body.dataset.state === 'running');
  await page.fill('#ctl-seed', '5');
  await page.press('#ctl-seed', 'Enter');
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
  assert.match(await page.textContent('#status'), /Stopped: the settings changed/);
  await page.waitForFunction(() => globalThis.depthlab.client.slots.every((s) => !s.job), null, { timeout: 5000 });
  assert.equal(await page.textContent('#fingerprint'), '—');
  assert.deepEqual(page.errors, []);
});

