// The one handle driver (web/js/engine/handle.js) every simulator goes through:
// handles are freed whatever happens (divergence, cancel, a check after creation),
// semantic.simulate is the deep-linear runner, and a divergence carries its facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiate } from '../../web/js/engine/wasm.js';
import { deepLinear } from '../../web/js/engine/solvers/deep-linear.js';
import { semantic } from '../../web/js/engine/solvers/semantic.js';
import { perceptual, pathways } from '../../web/js/engine/solvers/perceptual.js';
import { chaos } from '../../web/js/engine/solvers/chaos.js';
import { DLAB_EDIVERGED } from '../../web/js/engine/c-constants.js';

const w = await instantiate(new URL('../../web/wasm/depthlab.wasm', import.meta.url));
const dl = deepLinear(w), sem = semantic(w), pl = perceptual(w), pw = pathways(w), ch = chaos(w);
const bytes = () => w.x.memory.buffer.byteLength;
const fails = async (p) => { try { await p; } catch (e) { return e; } return assert.fail('should have failed'); };

test('every way a run can end returns its handle: memory stays flat over many failed runs', async () => {
  // A network of 3 x 128^2 weights (3.5 MiB a handle with W(0) and work space): a leak
  // of one handle per failed run would grow the memory far beyond the slack allowed below.
  const big = { depth: 3, width: 128, singularValues: [3, 2, 1], init: 'gaussian', gain: 1, seed: 1 };
  const { state } = await dl.simulate({ ...big, lr: 0.01, steps: 1, resumable: true });
  const cancel = new AbortController();
  const endings = [
    () => dl.simulate({ ...big, lr: 50, steps: 5 }),                                    // diverges in C
    () => dl.simulate({ ...big, lr: 0.01, steps: 1e5, every: 10 }, { signal: cancel.signal }),   // cancelled
    () => dl.simulate({ ...big, lr: 0.01, steps: 1, resume: { ...state, steps: -1 } }),  // refused by C after create (restore)
    () => pl.simulate({ lr: 100, steps: 50 }),                                           // diverges in C
    () => pw.simulate({ lr: 100, steps: 50, width: 64 }),                                // diverges in C
    () => ch.simulateCircle({ phi: 'tanh', sw: 2, width: 2000, layers: 40, points: 512 }, { signal: cancel.signal }),
    () => ch.boundaryCurvature({ phi: 'tanh', sw: 2, width: 300, layers: 40, points: 64 }, { signal: cancel.signal }),
  ];
  cancel.abort();
  for (const end of endings) await fails(end());   // memory grows to its working size once
  const before = bytes();
  for (let k = 0; k < 8; k++) for (const end of endings) await fails(end());
  assert.ok(bytes() <= before + (4 << 20), `memory grew from ${before} to ${bytes()} bytes`);
});

test('a divergence carries step, lr and the stable estimate; the other simulators carry step and lr', async () => {
  const e = await fails(dl.simulate({ depth: 4, width: 4, singularValues: [3, 1], init: 'decoupled', a0: 0.5, steps: 2000, lr: 5 }));
  assert.equal(e.status, DLAB_EDIVERGED);
  assert.equal(String(e.detail.step), e.message.match(/at step (\d+)/)[1]);
  assert.equal(e.detail.lr, 5);
  assert.equal(String(Number(e.detail.stableLr.toPrecision(6))), e.message.match(/stable maximum of about ([\d.e+-]+)/)[1]);
  for (const run of [() => pl.simulate({ lr: 100, steps: 50 }), () => pw.simulate({ lr: 100, steps: 50, width: 64 })]) {
    const d = await fails(run());
    assert.equal(d.status, DLAB_EDIVERGED, d.message);
    assert.equal(d.detail.lr, 100);
    assert.equal(String(d.detail.step), d.message.match(/at step (\d+)/)[1], d.message);
  }
});

test('semantic.simulate is the deep-linear runner with Sigma11 = I, Sigma31 = Y: the same numbers', async () => {
  const d = sem.dataset({ kind: 'living' });
  const p = { depth: 3, a0: 1e-3, lr: 0.05, steps: 120, every: 7, seed: 2 };
  const s = await sem.simulate({ Y: d.Y, rows: d.rows, cols: d.cols, ...p, record: { hidden: false, outputs: false } });
  const m = Math.min(d.rows, d.cols);
  const r = await dl.simulate({ ...p, widths: [d.cols, m, m, d.rows], sigma31: d.Y, init: 'decoupled' });
  assert.deepEqual(s.t, r.t);
  assert.deepEqual(s.loss, r.loss);
  assert.deepEqual(s.modes, r.modes);
  assert.deepEqual(s.singularValues, r.singularValues);
});
