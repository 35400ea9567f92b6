// The views of Poole et al. 2016's results in real Chromium, on one page load: the
// decision boundary's curvatures (and a linear network's flat boundary), the
// autocorrelation heatmap and lines, the iterations-to-converge map in both bands
// (grey never-converging row, marked networks), depth against width with its bound.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';

const BLUE = [0, 114, 178], VERMILION = [213, 94, 0], GREEN = [0, 158, 115];
const VIRIDIS_DARK = [68, 1, 84], VIRIDIS_YELLOW = [253, 231, 37], HATCH = [160, 160, 160], INK = [17, 17, 17];
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const readout = (page) => page.$$eval('#readout tr', (rows) => Object.fromEntries(rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])));
const canvas = (n) => `#charts figure:nth-child(${n}) canvas`;

test('Fig. 4G, 3, 1D and Theorem 1 views compute, draw and report', async () => {
  const page = await env.newPage();
  let runs = 0;
  const go = async (hash) => {
    await page.evaluate((h) => { location.hash = h; }, hash);
    await waitRuns(page, ++runs, 60000);
    return readout(page);
  };
  await page.goto(`${env.url}#/chaos-boundary?width=40&layers=6&points=3&v=1`);
  await waitRuns(page, ++runs, 60000);
  let r = await readout(page);
  assert.ok(await pixelsOfColour(page, canvas(1), BLUE) > 50, 'kappa_+1 drawn');
  assert.ok(await pixelsOfColour(page, canvas(2), VERMILION) > 20, 'simulated sum of squares drawn');
  const [sim, th] = r['Σκ² at layer 1 ÷ at layer 6'].match(/\d[\d.]*(e[+-]?\d+)?/g).map(Number);
  assert.ok(sim > 1 && th > 1, r['Σκ² at layer 1 ÷ at layer 6']);
  r = await go('#/chaos-boundary?phi=linear&sw=0.9&width=20&layers=4&points=2&v=1');
  assert.match(r.curvature, /boundary is flat/);

  r = await go('#/chaos-autocorr?width=100&layers=8&points=64&v=1');
  assert.ok(await pixelsOfColour(page, canvas(1), BLUE) > 50, 'layer-1 line');
  assert.ok(await pixelsOfColour(page, canvas(2), VIRIDIS_YELLOW, 60) > 50, 'offset 0 (c = 1) in yellow');
  assert.ok(await pixelsOfColour(page, canvas(2), VIRIDIS_DARK, 40) > 50, 'half a turn at layer 1 (c = -1) in dark');
  assert.match(r['input length q¹'], /^12\.6/);
  r = await go('#/chaos-autocorr?width=100&layers=8&points=64&input=code&v=1');
  assert.match(r['input length q¹'], /^12\.6/);   // q* + 0.09 (1 - 1/100) = 12.69
  assert.notEqual(r['input length q¹'], r['q*']);

  r = await go('#/chaos-convergence?res=21&v=1');
  assert.ok(await pixelsOfColour(page, canvas(1), HATCH, 10) > 20, 'grey row at sb = 0');
  assert.ok(await pixelsOfColour(page, canvas(1), INK, 20) > 30, 'marked networks');
  // The marked network (2.5, 0.3) falls in the cell (2.6, 0.4) of this coarser grid.
  const cell = 'σw = 2.6, σb = 0.4', caption = parseFloat(r[cell]);
  r = await go('#/chaos-convergence?res=21&band=0.1&v=1');
  assert.equal(r.band, '10 % of q*');
  const code = parseFloat(r[cell]);
  assert.ok(code < caption, `10 % band ${code} layers, 1 % band ${caption}`);

  r = await go('#/chaos-depth-width?width=50&layers=16&points=64&v=1');
  assert.match(r['deep length first above the bound'], /simulation: layer \d+; theory: layer \d+/);
  assert.ok(await pixelsOfColour(page, canvas(1), GREEN) > 50, 'the bound is drawn');
  assert.ok(await pixelsOfColour(page, canvas(1), VERMILION) > 50, 'the shallow network is drawn');
  assert.deepEqual(page.errors, []);
});
