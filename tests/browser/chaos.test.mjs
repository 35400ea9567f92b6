// The transient-chaos views in real Chromium: every view runs in the worker and
// draws; the phase diagram's heatmap is painted in viridis with the boundary
// overlaid; a nonlinearity change via the link redraws it; ReLU curvature is
// explained instead of drawn; bad link values are reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';

const BLUE = [0, 114, 178], VERMILION = [213, 94, 0];
const VIRIDIS_DARK = [68, 1, 84], VIRIDIS_YELLOW = [253, 231, 37];
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const readout = (page) => page.$$eval('#readout tr', (rows) => Object.fromEntries(rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])));

test('length and correlation maps draw live, with q* and c* in the readout', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/chaos-length`);
  await waitRuns(page);
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', BLUE) > 100, 'V(q) drawn');
  const r = await readout(page);
  assert.ok(Math.abs(Number(r['q*']) - 4.079) < 1e-3, `q* ${r['q*']}`);   // tanh, sw = 2.5, sb = 0.3
  assert.match(r.phase, /chaotic/);
  await page.goto(`${env.url}#/chaos-corr`);
  await waitRuns(page, 1);
  for (const c of [BLUE, VERMILION]) assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', c) > 50, `curve ${c}`);
  const r2 = await readout(page);
  assert.match(r2['σw = 1.3'], /ordered/);
  assert.match(r2['σw = 4'], /chaotic/);
  assert.deepEqual(page.errors, []);
});

test('phase diagram: heatmap painted, boundary drawn, time reported, nonlinearity switch redraws', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/chaos-phase?res=200&v=1`);
  await waitRuns(page, 1, 60000);
  const heat = '#charts figure:nth-child(1) canvas';
  assert.ok(await pixelsOfColour(page, heat, VIRIDIS_DARK, 30) > 500, 'ordered corner in dark viridis');
  assert.ok(await pixelsOfColour(page, heat, [17, 17, 17], 20) > 100, 'boundary line drawn');
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(2) canvas', VIRIDIS_YELLOW, 60) > 20, 'xi_c diverges (yellow) near the boundary');
  const r = await readout(page);
  assert.equal(r.grid, '200 × 200 = 40000 points');
  const ms = Number(r['phase diagram computed in'].split(' ')[0]);
  assert.ok(ms > 0 && ms < 10000, `phase diagram took ${ms} ms`);
  assert.match(r['boundary at σb = 0.3'], /σw = 1\.39/);
  await page.evaluate(() => { location.hash = '#/chaos-phase?phi=relu&res=100&v=1'; });
  await waitRuns(page, 2, 60000);
  assert.match((await readout(page))['boundary at σb = 0.3'], /σw = 1\.414/);
  assert.deepEqual(page.errors, []);
});

test('circle simulation: theory lines, simulated dots, projections; ReLU curvature explained', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/chaos-circle?width=400&layers=8&points=64&v=1`);
  await waitRuns(page, 1, 60000);
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(2) canvas', BLUE) > 50, 'length drawn');
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(3) canvas', VERMILION) > 50, 'curvature drawn');
  const r = await readout(page);
  // width 400, 8 layers, one seed: the Monte-Carlo spread is a few per cent (tests/js quantify it).
  assert.ok(Math.abs(parseFloat(r['Lᴱ sim vs theory at layer 8'])) < 15, r['Lᴱ sim vs theory at layer 8']);
  await page.evaluate(() => { location.hash = '#/chaos-circle?phi=relu&sw=1.3&width=200&layers=6&points=32&v=1'; });
  await waitRuns(page, 2, 60000);
  const r2 = await readout(page);
  assert.match(r2.curvature, /φ″ is a delta function/);
  assert.equal(await pixelsOfColour(page, '#charts figure:nth-child(3) canvas', VERMILION), 0, 'no ReLU curvature drawn');
  assert.deepEqual(page.errors, []);
});

test('a bad link value is named and replaced by the default', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/chaos-length?sw=-3&phi=sigmoid&v=1`);
  await waitRuns(page);
  const notices = await page.textContent('#notices');
  assert.match(notices, /sw/);
  assert.match(notices, /phi/);
  assert.deepEqual(page.errors, []);
});
