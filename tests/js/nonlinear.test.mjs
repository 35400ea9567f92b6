// eng.nonlinear (nonlinear.h on the sample head of the gradient-descent core), in the wasm
// build the page uses: the linear network is deepLinear.simulate, the gradient is the
// derivative of the loss, runs are deterministic and resume bit-identically, bad input is
// refused with a sentence, and a small network learns Fashion-MNIST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine.js';

const eng = await loadEngine();

/** Deterministic data: x ~ U(-1, 1) from a linear congruential stream, y a class or targets. */
function toyData(rows, inputs, outputs, seed = 1) {
  let s = seed;
  const u = () => { s = (s * 1103515245 + 12345) % 2147483648; return 2 * (s / 2147483648) - 1; };
  const x = Float64Array.from({ length: rows * inputs }, u);
  const targets = Float64Array.from({ length: rows * outputs }, u);
  const y = Int32Array.from({ length: rows }, (_, r) => (x[r * inputs] + x[r * inputs + 1] > 0 ? 1 : 0) + (outputs > 2 && x[r * inputs + 2] > 0.5 ? 1 : 0));
  return { x, y, targets };
}

const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

test('phi linear, no biases, squared loss, full batch: deepLinear.simulate on the same samples and start', async () => {
  // Same start: both draw W^l ~ N(0, sw^2 / n_(l-1)) layer after layer from one stream seeded
  // by `seed` (dl_sim's gaussian init with gain = sw). Same clock: one full-batch step of lr
  // is one Euler step of dt/tau = lr, so step k is t = k lr. The two form the same gradient
  // (Sigma31 - W Sigma11 = (Y - W X) X^T / P) in another order: rounding only, which this
  // contracting flow does not amplify, so 1e-12 holds with margin.
  const inputs = 6, outputs = 4, rows = 30, hidden = [8, 5], lr = 0.05, steps = 300;
  const { x, targets } = toyData(rows, inputs, outputs);
  const nl = await eng.nonlinear.train({
    data: { x, targets, inputs, outputs }, hidden, phi: 'linear', biases: false, sb: 0, loss: 'squared',
    init: 'gaussian', sw: 0.9, seed: 4, lr, batch: 0, steps, recordEvery: 100, resumable: true,
  });
  const dl = await eng.deepLinear.simulate({
    depth: hidden.length + 1, widths: [inputs, ...hidden, outputs], X: x, Y: targets, init: 'gaussian', gain: 0.9, seed: 4, lr, steps, every: 100, weights: true,
  });
  assert.equal(nl.diverged, false);
  assert.equal(nl.trainLoss.length, dl.loss.length);
  assert.ok(maxDiff(nl.trainLoss, dl.loss) < 1e-12, `losses differ by ${maxDiff(nl.trainLoss, dl.loss)}`);
  assert.ok(dl.loss.at(-1) < 0.8 * dl.loss[0], 'the run moves (else the comparison would be empty)');
  const widths = [inputs, ...hidden, outputs];
  let at = 0, worst = 0;
  dl.weights.final.forEach((W, l) => {
    worst = Math.max(worst, maxDiff(nl.state.params.subarray(at, at + W.length), W));
    at += W.length + widths[l + 1];   // skip b^l (zero, untrained)
  });
  assert.ok(worst < 1e-12, `weights differ by ${worst}`);
});

test('the gradient is the derivative of the loss (central differences), every phi, both losses, with biases', async () => {
  // Central difference of step e: error <= e^2 / 6 max|L'''| + 2 eps |L| / e. With O(1)
  // weights, inputs and losses the third derivatives are O(1-10), so at e = 1e-5 the error
  // is below ~2e-10 + 5e-11 (measured: at most 1.5e-10); tolerance 1e-8. A wrong factor or
  // sign is off by ~|g| ~ 0.1.
  const inputs = 4, rows = 12;
  const e = 1e-5;
  for (const loss of ['squared', 'softmax']) {
    for (const phi of ['linear', 'tanh', 'relu', 'erf']) {
      const { x, y } = toyData(rows, inputs, 3, 7);
      const base = { data: { x, y, inputs, classes: 3 }, hidden: [5, 4], phi, loss, sw: 1.4, sb: 0.5, seed: 2 };
      const g = await eng.nonlinear.gradient(base);
      let worst = 0, kinks = 0;
      for (let k = 0; k < g.params.length; k++) {
        const at = (d) => { const q = g.params.slice(); q[k] += d; return q; };
        const [lp, lm] = [await eng.nonlinear.gradient({ ...base, params: at(e) }), await eng.nonlinear.gradient({ ...base, params: at(-e) })];
        const fd = (lp.loss - lm.loss) / (2 * e);
        // ReLU: skip a parameter whose difference straddles a kink (the one-sided slopes
        // differ there by some s, and the second difference is ~s / e = 1e5 s); smooth
        // curvatures here are below 10.
        const l0 = g.loss, curv = Math.abs(lp.loss - 2 * l0 + lm.loss) / (e * e);
        if (phi === 'relu' && curv > 100) { kinks++; continue; }
        worst = Math.max(worst, Math.abs(fd - g.gradient[k]));
      }
      assert.ok(worst < 1e-8, `${phi}, ${loss}: |finite difference - gradient| up to ${worst}`);
      assert.ok(kinks <= 2, `${phi}, ${loss}: ${kinks} parameters at a kink`);
      assert.ok(g.gradient.some((v) => Math.abs(v) > 1e-3), 'a gradient that is not zero');
    }
  }
});

test('runs are deterministic, and pause/resume mid-epoch is bit-identical', async () => {
  const { x, y } = toyData(50, 5, 3, 3);
  const p = { data: { x, y, inputs: 5, classes: 3 }, hidden: [16, 16], phi: 'tanh', sw: 1.2, sb: 0.1, lr: 0.2, batch: 8, seed: 5 };
  // 50 rows in batches of 8: 7 steps per epoch, the last of 2 rows.
  const whole = await eng.nonlinear.train({ ...p, epochs: 3, resumable: true });
  const again = await eng.nonlinear.train({ ...p, epochs: 3, resumable: true });
  assert.equal(whole.stepsPerEpoch, 7);
  assert.equal(again.fingerprint, whole.fingerprint);
  assert.deepEqual(again.state.params, whole.state.params);
  const first = await eng.nonlinear.train({ ...p, steps: 10, resumable: true });   // stops in epoch 2
  const rest = await eng.nonlinear.train({ ...p, steps: 11, resume: first.state, resumable: true });
  assert.equal(rest.state.steps, 21);
  assert.deepEqual(rest.state.params, whole.state.params);
  assert.equal(rest.trainLoss.at(-1), whole.trainLoss.at(-1));
  await assert.rejects(eng.nonlinear.train({ ...p, seed: 6, steps: 1, resume: first.state }), /resume comes from a run with other/);
});

test('a run can be cancelled', async () => {
  const ac = new AbortController();
  const { x, y } = toyData(200, 5, 3, 3);
  const run = eng.nonlinear.train({ data: { x, y, inputs: 5, classes: 3 }, hidden: [32], lr: 0.1, batch: 1, epochs: 1000, seed: 1 },
    { signal: ac.signal, onProgress: () => ac.abort() });
  await assert.rejects(run, { name: 'AbortError' });
});

test('bad sizes, data and learning rates are refused with sentences naming the parameter', async () => {
  const { x, y, targets } = toyData(10, 3, 2);
  const data = { x, y, inputs: 3, classes: 2 };
  const ok = { data, hidden: [4], lr: 0.1, epochs: 1 };
  const cases = [
    [{ ...ok, hidden: [0] }, /hidden\[0\] must be in \[1, 2048\]/],
    [{ ...ok, hidden: [2.5] }, /hidden\[0\] must be an integer/],
    [{ ...ok, lr: 0 }, /lr must be in \(0, 100\]/],
    [{ ...ok, lr: 1e3 }, /lr must be in \(0, 100\]/],
    [{ ...ok, lr: NaN }, /lr must be a finite number/],
    [{ ...ok, batch: -1 }, /batch must be an integer/],
    [{ ...ok, phi: 'sigmoid' }, /phi must be one of linear, tanh, relu, erf/],
    [{ ...ok, data: { ...data, x: x.map((v, i) => (i === 4 ? NaN : v)) } }, /x\[4\] must be a finite number/],
    [{ ...ok, data: { ...data, x: x.subarray(0, 29) } }, /x must hold rows of 3 numbers, got 29/],
    [{ ...ok, data: { ...data, y: y.map((v, i) => (i === 2 ? 5 : v)) } }, /y\[2\] must be in \[0, 1\]/],
    [{ ...ok, data: { ...data, y: y.subarray(0, 9) } }, /y must be an array of 10 to 10 numbers/],
    [{ ...ok, data: { x, targets, inputs: 3, outputs: 2 } }, /loss softmax needs class labels/],
    [{ ...ok, trainSize: 11 }, /trainSize must be an integer in \[1, 10\]/],
    [{ ...ok, data: 'mnist' }, /data must be 'fashion-mnist' or an object/],
  ];
  for (const [params, re] of cases) await assert.rejects(eng.nonlinear.train(params), re, `${re}`);
  // the C library's own check (a layer too large to store with its batch and data)
  await assert.rejects(eng.nonlinear.train({ ...ok, hidden: [2048, 2048, 2048, 2048, 2048, 2048, 2048, 2048, 2048, 2048, 2048] }),
    /above the limit of .* use fewer or narrower layers/);
  // a learning rate that blows up: the core's sentence, and the records stop before it
  const blown = await eng.nonlinear.train({ data: { x, targets, inputs: 3, outputs: 2 }, loss: 'squared', hidden: [8, 8], phi: 'relu', sw: 2, lr: 90, epochs: 50 });
  assert.match(blown.diverged, /diverged at step \d+ \(loss .*\) with learning rate 90; use a learning rate below about/);
  assert.ok(blown.trainLoss.every(Number.isFinite));
});

test('a small tanh network learns Fashion-MNIST: train error falls far below chance', async () => {
  const r = await eng.nonlinear.train({ hidden: [32], phi: 'tanh', lr: 0.1, batch: 20, epochs: 4, trainSize: 500, testSize: 200, seed: 1 });
  assert.equal(r.diverged, false);
  assert.equal(r.epoch.length, 5);
  assert.ok(r.trainError[0] > 0.6, `start near chance (0.9): ${r.trainError[0]}`);
  assert.ok(r.trainError.at(-1) < 0.35, `train error after 4 epochs ${r.trainError.at(-1)} (chance 0.9)`);
  assert.ok(r.testError.at(-1) < 0.45, `test error ${r.testError.at(-1)}`);
  assert.ok(r.trainLoss.at(-1) < 0.5 * r.trainLoss[0]);
});

test('the SIMD and scalar builds train to the same bits (fingerprints equal in every browser)', async () => {
  const scalar = await loadEngine({ variant: 'scalar' });
  const { x, y } = toyData(40, 5, 3, 9);
  for (const phi of ['tanh', 'relu', 'erf']) {
    const p = { data: { x, y, inputs: 5, classes: 3 }, hidden: [24, 24], phi, sw: 1.3, sb: 0.2, init: 'orthogonal', lr: 0.2, batch: 16, epochs: 3, seed: 2 };
    const [a, b] = [await eng.nonlinear.train(p), await scalar.nonlinear.train(p)];
    assert.equal(eng.variant, 'simd');
    assert.equal(b.fingerprint, a.fingerprint, phi);
  }
});
