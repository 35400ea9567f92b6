// The "Perceptual learning" tab in real Chromium: every view runs in the worker,
// draws its curves and reports the numbers the theory predicts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';

const BLUE = [0, 114, 178], VERMILION = [213, 94, 0];
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const readout = (page) => page.$$eval('#readout tr', (rows) => Object.fromEntries(rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])));
const canvas = (k) => `#charts figure:nth-child(${k}) canvas`;

test('the tab lists the six views, and the reduction view overlays network and theory', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/pl-reduction`);
  await waitRuns(page, 1, 60000);
  await page.waitForSelector('#tab-perceptual[aria-selected=true]');
  const views = await page.textContent('body');
  for (const t of ['Two-variable reduction', 'Fine vs coarse tasks', 'Deeper chain: reverse hierarchy',
    'Transfer to another position', 'Parallel vs serial', 'Multiple pathways']) assert.ok(views.includes(t), t);
  for (const c of [BLUE, VERMILION]) assert.ok(await pixelsOfColour(page, canvas(1), c) > 200, `alpha/beta curve ${c}`);
  const r = await readout(page);
  // Defaults: lr 0.02, tau = 100 steps; the Euler gap is O(lr) (~5e-3 measured in Node, same wasm).
  assert.ok(Number(r['max |α network − α reduction|']) < 0.01);
  assert.ok(Number(r['largest distance of the weights from the reduced form']) < 1e-10);
  assert.match(r['c, v = dᵀg₊, τ (from the network)'], /100 steps$/);
  assert.deepEqual(page.errors, []);
});

test('fine vs coarse, hierarchy, transfer and topologies report what the theory predicts', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/pl-precision`);
  await waitRuns(page, 1, 60000);
  assert.ok(await pixelsOfColour(page, canvas(1), BLUE) > 100, 'per-neuron change drawn');
  const fine = (await readout(page))['most changed neuron prefers (± deg from reference)'];
  const [, f, c] = fine.match(/fine ([\d.]+), coarse ([\d.]+)/).map(Number);
  assert.ok(Math.abs(f - 12) <= 3 && Math.abs(c - 30) <= 3, fine);   // flank of a 12° curve; the coarse stimuli at ±30°

  await page.goto(`${env.url}#/pl-hierarchy`);
  await waitRuns(page, 2, 60000);
  // The reverse hierarchy is a checked claim now: it holds for the run on screen.
  assert.equal(await page.$eval('#claims .claim:has-text("Reverse hierarchy")', (li) => li.dataset.holds), 'true');

  await page.goto(`${env.url}#/pl-transfer`);
  await waitRuns(page, 3, 60000);
  const t = await readout(page);
  assert.equal(t['input-layer change at b, α_b (predicted 0)'], '0');
  assert.equal(t['decision strength at b / at a (predicted cₐ·c_b)'], t['overlap of the pooling profiles cₐ·c_b']);

  await page.goto(`${env.url}#/pl-topology?units=5&v=1`);
  await waitRuns(page, 4, 60000);
  const top = await readout(page);
  assert.match(top['parallel: most changed unit (1 = most informative)'], /^1 /);
  assert.match(top['serial: most changed layer'], /^5 of 5/);
  assert.deepEqual(page.errors, []);
});

test('pathways: concentration rises with depth and the chosen mode can be switched', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/pl-pathways`);
  await waitRuns(page, 1, 60000);
  const r = await readout(page);
  const conc = [...r['mean concentration by depth (learned modes)'].matchAll(/D\d: ([\d.]+)/g)].map((m) => Number(m[1]));
  assert.equal(conc.length, 4);
  assert.ok(conc[3] > conc[0], `concentration ${conc}`);
  // The reduced theory is drawn and follows the simulation (Node measures it by width:
  // tests/js/pathways.test.mjs; at these defaults, depth 4 and width 12, within 0.1 s_a).
  const gap = Number(r['largest gap, reduced theory vs simulation (learned modes, / s_a)']);
  assert.ok(gap > 0 && gap < 0.1, `gap ${gap}`);
  await page.selectOption('#ctl-mode', '2');
  await page.waitForFunction(() => location.hash.includes('mode=2'));
  assert.ok(await pixelsOfColour(page, canvas(4), BLUE) > 50, 'depth sweep drawn');
  assert.deepEqual(page.errors, []);
});
