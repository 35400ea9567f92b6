// Advice on the page must be followable: when gradient descent diverges in
// gd-modes, the sentence offers a learning rate the slider can be set to (under the
// engine's estimate of the largest stable rate), or, when none is small enough,
// names the other levers instead of a rate below the slider's range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { DLAB_EDIVERGED } from '../../web/js/engine/c-constants.js';
import { runDemo } from '../../web/js/demos/headless.js';
import gdModes from '../../web/js/demos/gd-modes.js';

const eng = await loadEngine();
const lrRange = gdModes.params.find((p) => p.key === 'lr');

async function failure(hash) {
  try { await runDemo(eng, hash); } catch (e) { return e; }
  assert.fail(`${hash} did not diverge`);
}

test('a divergence suggests a learning rate on the slider, below the stable estimate', async () => {
  const e = await failure('#/gd-modes?lr=0.9&v=1');
  assert.equal(e.status, DLAB_EDIVERGED);
  const [, lr] = e.message.match(/Try a learning rate of ([\d.e+-]+) or less/) ?? [];
  const { stableLr } = await eng.deepLinear.simulate({ depth: 3, width: 8, singularValues: [3, 2, 1], init: 'decoupled', a0: 0.01, lr: 0.9, steps: 0, seed: 1 });
  assert.ok(Number(lr) >= lrRange.min && Number(lr) <= lrRange.max, `${lr} is on the slider`);
  assert.ok(Number(lr) <= stableLr, `${lr} is under the estimate ${stableLr}`);
  // ... and it trains there.
  await runDemo(eng, `#/gd-modes?lr=${lr}&v=1`);
});

test('when no learning rate on the slider is stable, the sentence names the other levers', async () => {
  // Gain 2 over 30 Gaussian layers of width 64: the product's scale is ~2^30, so any step the
  // slider offers (>= 1e-4) overshoots.
  const e = await failure('#/gd-modes?depth=30&width=64&init=gaussian&gain=2&lr=0.001&v=1');
  assert.equal(e.status, DLAB_EDIVERGED);
  assert.doesNotMatch(e.message, /Try a learning rate/);
  assert.match(e.message, /goes down to 1e-4 only/);
  assert.match(e.message, /lower the gain g \(now 2\)/);
  assert.match(e.message, /fewer layers \(now D = 30\)/);
});
