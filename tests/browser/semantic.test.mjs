// The Semantic differentiation tab in real Chromium: every view loads, runs,
// draws its charts (labelled matrices and line charts), and reacts to controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';
import { DEMOS } from '../../web/js/demos/index.js';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const BLUE = [0, 114, 178], ORANGE = [213, 94, 0];
const semantic = DEMOS.filter((d) => d.area === 'semantic');

test('the semantic tab lists its views and opens the first', async () => {
  assert.ok(semantic.length >= 8, `${semantic.length} views`);
  const page = await env.newPage();
  await page.goto(`${env.url}#/sem-data`);
  await waitRuns(page);
  await page.click('#tab-semantic');
  await waitRuns(page, 1);
  assert.match(page.url(), /#\/sem-data\?/);
  const links = await page.$$eval('#views a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(links, semantic.map((d) => d.title));
  assert.deepEqual(page.errors, []);
});

for (const demo of semantic) {
  test(`${demo.id}: runs and draws every chart`, async () => {
    const page = await env.newPage();
    await page.goto(`${env.url}#/${demo.id}`);
    await waitRuns(page, 1, 60000);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
    for (const c of demo.charts) {
      const sel = `figure[data-chart="${c.id}"] canvas`;
      // every chart draws in the palette's blue or orange (series 0/1, matrix colour ends)
      const n = (await pixelsOfColour(page, sel, BLUE, 60)) + (await pixelsOfColour(page, sel, ORANGE, 60));
      assert.ok(n > 30, `${demo.id}/${c.id}: ${n} coloured pixels`);
    }
    assert.ok((await page.$$('#readout tr')).length > 0);
    assert.deepEqual(page.errors, []);
  });
}

test('sem-data: each dataset (tree, diffusion, living, planted, CSV examples) computes in the page', async () => {
  const page = await env.newPage();
  for (const ds of ['diffusion', 'living', 'planted', 'csv-animals', 'csv-vehicles', 'tree']) {
    const runs = Number(await page.evaluate(() => document.body.dataset.runs ?? 0));
    await page.goto(`${env.url}#/sem-data?dataset=${ds}`);
    await waitRuns(page, runs + 1, 60000);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready', `${ds}: ${await page.textContent('#status')}`);
    const rows = await page.$$eval('#readout td', (tds) => tds.map((t) => t.textContent));
    assert.ok(rows[0].includes('items'), `${ds}: ${rows[0]}`);
  }
  assert.deepEqual(page.errors, []);
});

test('sem-differentiation: the time slider moves the similarity matrix', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/sem-differentiation?time=0`);
  await waitRuns(page, 1, 60000);
  const sel = 'figure[data-chart="sim"] canvas';
  const early = await pixelsOfColour(page, sel, ORANGE, 60);
  const runs = Number(await page.evaluate(() => document.body.dataset.runs));
  await page.goto(`${env.url}#/sem-differentiation?time=1`);
  await waitRuns(page, runs + 1, 60000);
  const late = await pixelsOfColour(page, sel, ORANGE, 60);
  // at t = 0 representations are tiny (near-white cells); at the end, strong blocks
  assert.ok(late > early + 100, `orange pixels early ${early}, late ${late}`);
  assert.deepEqual(page.errors, []);
});

test('your own CSV: pasted, computed, carried by the link; a bad table is explained', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/sem-data?dataset=your-csv`);
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  assert.match(await page.textContent('#status'), /Paste a table into “Your CSV”/);
  assert.ok(await page.isVisible('#ctl-csv'));
  const table = 'item,swims,flies,sings\nduck,1,1,0\nrobin,0,1,1\nsalmon,1,0,0\n"sea, lion",1,0,0';
  await page.fill('#ctl-csv', table);
  await page.press('#ctl-csv', 'Control+Enter');
  await waitRuns(page, 1, 60000);
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
  const rows = await page.$$eval('#readout td', (tds) => tds.map((t) => t.textContent));
  assert.equal(rows[0], '3 properties × 4 items');
  assert.ok(await pixelsOfColour(page, 'figure[data-chart="Y"] canvas', ORANGE, 60) > 30);
  const other = await env.newPage();
  await other.goto(page.url());
  await waitRuns(other, 1, 60000);
  assert.equal(await other.inputValue('#ctl-csv'), table);
  assert.equal(await other.textContent('#fingerprint'), await page.textContent('#fingerprint'));
  await page.fill('#ctl-csv', 'item,swims\nduck,1\nrobin,one');
  await page.press('#ctl-csv', 'Control+Enter');
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  assert.match(await page.textContent('#status'), /CSV line 3, column 2/);
  assert.deepEqual([...page.errors, ...other.errors], []);
});
