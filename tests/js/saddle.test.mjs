// The saddle of y = w2 w1 x (docs/theory.md, "The saddle behind the plateau") in the
// wasm build: the flow formula against the loss's gradient, gradient-descent paths
// against the invariant w1^2 - w2^2 and the exact mode solution, and the view's
// waiting times against ln(1/r0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { saddleFlow } from '../../web/js/engine/theory.js';
import { runDemo } from '../../web/js/demos/headless.js';

const eng = await loadEngine();
const loss = (s, w1, w2) => 0.5 * (s - w2 * w1) ** 2;

test('the flow is minus the gradient of the loss, zero at the saddle and on the hyperbola', () => {
  const h = 1e-6;
  for (const [s, w1, w2] of [[1, 0.3, -0.7], [2.5, -1.2, 0.4], [0.5, 2, 2], [3, 0, 1e-3]]) {
    // Central differences: error O(h^2 |L'''|) ~ 1e-12, rounding ~ 1e-16 / h = 1e-10.
    const g1 = (loss(s, w1 + h, w2) - loss(s, w1 - h, w2)) / (2 * h);
    const g2 = (loss(s, w1, w2 + h) - loss(s, w1, w2 - h)) / (2 * h);
    const [d1, d2] = saddleFlow(s, w1, w2);
    assert.ok(Math.abs(d1 + g1) < 1e-8 && Math.abs(d2 + g2) < 1e-8, `s=${s} (${w1}, ${w2}): ${d1}, ${d2} vs ${-g1}, ${-g2}`);
  }
  assert.deepEqual(saddleFlow(2, 0, 0).map(Math.abs), [0, 0]);
  assert.deepEqual(saddleFlow(2, 4, 0.5).map(Math.abs), [0, 0]);
});

test('gradient descent scales w1^2 - w2^2 by exactly 1 - lr^2 (s - w2 w1)^2 per step, so the flow conserves it', async () => {
  // One GD step: w1' = w1 + lr w2 g, w2' = w2 + lr w1 g (g = s - w2 w1), hence
  // w1'^2 - w2'^2 = (w1^2 - w2^2)(1 - lr^2 g^2): the invariant of the flow, up to lr^2.
  const s = 1.5, lr = 0.02;
  const r = await eng.deepLinear.saddlePaths({ s, starts: [0.3, -0.1, -0.05, 0.4], lr, steps: 400, every: 1 });
  for (const { w1, w2 } of r.paths) {
    for (let i = 0; i + 1 < w1.length; i++) {
      const g = s - w2[i] * w1[i], b0 = w1[i] ** 2 - w2[i] ** 2, b1 = w1[i + 1] ** 2 - w2[i + 1] ** 2;
      // Rounding of the squares: a few ulps of w^2, not of their (possibly small) difference.
      assert.ok(Math.abs(b1 - b0 * (1 - lr * lr * g * g)) < 1e-14 * (w1[i] ** 2 + w2[i] ** 2 + 1), `step ${i}: ${b1} vs ${b0 * (1 - lr * lr * g * g)}`);
    }
  }
  // Halving lr halves the total drift (lr^2 per step, 1/lr steps): it vanishes under the flow.
  const drift = async (step) => {
    const { paths: [p] } = await eng.deepLinear.saddlePaths({ s, starts: [0.05, 0.02], lr: step, steps: Math.round(8 / step) });
    const b = (i) => p.w1.at(i) ** 2 - p.w2.at(i) ** 2;
    return Math.abs(b(-1) / b(0) - 1);
  };
  const [d1, d2] = [await drift(0.02), await drift(0.01)];
  assert.ok(d1 > 0 && Math.abs(d1 / d2 - 2) < 0.1, `drift ${d1} at lr 0.02, ${d2} at lr 0.01`);
});

test('balanced paths (w1 = w2) follow deepLinear.modeTrajectory at depth 2 with an O(lr) error', async () => {
  const s = 2, a0 = 1e-4;
  const gap = async (lr) => {
    const r = await eng.deepLinear.saddlePaths({ s, starts: [Math.sqrt(a0), Math.sqrt(a0)], lr, steps: Math.round(6 / lr), every: Math.round(0.05 / lr) });
    const exact = eng.deepLinear.modeTrajectory({ depth: 2, s, a0, t: r.t });
    const { w1, w2 } = r.paths[0];
    w1.forEach((v, i) => assert.equal(v, w2[i], 'a balanced start stays balanced, bit for bit'));
    return Math.max(...exact.map((a, i) => Math.abs(a - w1[i] * w2[i])));
  };
  const [g1, g2] = [await gap(0.01), await gap(0.005)];
  // Euler's global error is first order: it halves with lr (and is a few % of s here).
  assert.ok(g1 < 0.1 * s && Math.abs(g1 / g2 - 2) < 0.15, `gaps ${g1} at lr 0.01, ${g2} at lr 0.005`);
});

test('the field: grid points of [-half, half]^2 with the flow formula at each', async () => {
  const r = await eng.deepLinear.saddlePaths({ s: 1, starts: [0.1, 0.1], lr: 0.01, steps: 1, half: 1.5, grid: 4 });
  assert.deepEqual(Array.from(r.field.w1.slice(0, 4)), [-1.5, -0.5, 0.5, 1.5]);
  assert.equal(r.field.w2[4], -0.5);
  for (let i = 0; i < 16; i++) {
    assert.deepEqual([r.field.dw1[i], r.field.dw2[i]], saddleFlow(1, r.field.w1[i], r.field.w2[i]));
  }
});

test('bad input names the parameter', async () => {
  await assert.rejects(eng.deepLinear.saddlePaths({ s: 1, starts: [0.1, 0.1, 0.2], lr: 0.01, steps: 10 }), /starts must hold pairs/);
  await assert.rejects(eng.deepLinear.saddlePaths({ s: 0, starts: [0.1, 0.1], lr: 0.01, steps: 10 }), /\bs\b/);
  await assert.rejects(eng.deepLinear.saddlePaths({ s: 1, starts: [NaN, 0.1], lr: 0.01, steps: 10 }), /starts/);
  await assert.rejects(eng.deepLinear.saddlePaths({ s: 1, starts: [0.1, 0.1], lr: 0, steps: 10 }), /lr/);
});

test('the view: each tenfold-closer balanced start waits (1/s) ln 10 longer, as the exact solution says', async () => {
  // t_half = ln(s/a0 - 1) / (2s) and a0 = r^2 / 2: r -> r/10 adds ln(100) / (2s) once
  // s/a0 >> 1; gradient descent's relative time error is about lr s (1 % at the defaults).
  for (const s of [1, 3]) {
    const { data } = await runDemo(eng, `#/saddle?s=${s}&r0=0.01&lr=0.002&tmax=10`);
    const [t1, t2, t3] = data.paths.slice(0, 3).map((p) => p.half);
    for (const d of [t2 - t1, t3 - t2]) assert.ok(Math.abs(d / (Math.log(10) / s) - 1) < 0.02, `s=${s}: step ${d} vs ${Math.log(10) / s}`);
  }
});
