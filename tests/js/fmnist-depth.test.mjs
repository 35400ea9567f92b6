// The deep-linear depth experiment on Fashion-MNIST: the data's statistics
// (eng.data.fashionMnistStats) against a plain loop over the images, the greedy
// layer-wise pretrained start (dl_sim's PRETRAINED init) by its defining property, and
// the learning-rate scan (deepLinear.criterionScan) against independent runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { loadFashionMnist } from '../../web/js/engine/data.js';
import { SCAN } from '../../web/js/engine/solvers/deep-linear.js';

const eng = await loadEngine();
const fm = await loadFashionMnist();
const N = 196;

test('Fashion-MNIST statistics: Sigma11, Sigma31 and the mean equal a plain loop over the images', async () => {
  const perClass = 200, st = await eng.data.fashionMnistStats({ perClass, components: N });
  // The subset: the first perClass training images of each class, in file order.
  const pick = [], seen = new Array(10).fill(0);
  for (let i = 0; i < fm.train.count; i++) if (seen[fm.train.y[i]] < perClass) { seen[fm.train.y[i]]++; pick.push(i); }
  assert.deepEqual(st.counts, new Array(10).fill(perClass));
  assert.equal(st.samples, 10 * perClass);
  const P = pick.length, mean = new Float64Array(N);
  for (const i of pick) for (let j = 0; j < N; j++) mean[j] += fm.train.X[i * N + j] / 255 / P;
  const S11 = new Float64Array(N * N), S31 = new Float64Array(10 * N), x = new Float64Array(N);
  for (const i of pick) {
    for (let j = 0; j < N; j++) x[j] = fm.train.X[i * N + j] / 255 - mean[j];
    for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) S11[a * N + b] += (x[a] * x[b]) / P;
    for (let j = 0; j < N; j++) S31[fm.train.y[i] * N + j] += x[j] / P;
  }
  // Sums of 2000 terms of size <= 1 in another order: rounding ~ 1e-13; 1e-10 leaves room.
  for (let j = 0; j < N; j++) assert.ok(Math.abs(st.mean[j] - mean[j]) < 1e-10, `mean pixel ${j}`);
  // Back in pixel coordinates (all 196 directions kept, so the basis E is a rotation):
  // Sigma31_pixels = Sigma31 E^T and Sigma11_pixels = E diag(lambda) E^T.
  const E = st.basis;
  let e31 = 0, e11 = 0;
  for (let c = 0; c < 10; c++) {
    for (let j = 0; j < N; j++) {
      let v = 0;
      for (let a = 0; a < N; a++) v += st.sigma31[c * N + a] * E[j * N + a];
      e31 = Math.max(e31, Math.abs(v - S31[c * N + j]));
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let v = 0;
      for (let a = 0; a < N; a++) v += E[i * N + a] * st.sigma11[a * N + a] * E[j * N + a];
      e11 = Math.max(e11, Math.abs(v - S11[i * N + j]));
    }
  }
  assert.ok(e31 < 1e-10, `Sigma31 differs from the loop by ${e31}`);
  assert.ok(e11 < 1e-10, `Sigma11 differs from the loop by ${e11}`);
});

test('Fashion-MNIST statistics: value ranges, the kept variance and the least loss', async () => {
  const full = await eng.data.fashionMnistStats({ components: N }), k = 20;
  const part = await eng.data.fashionMnistStats({ components: k });
  assert.equal(full.samples, 10 * fm.trainPerClass);
  assert.ok(full.mean.every((m) => m >= 0 && m <= 1), 'mean image in [0, 1]');
  for (let a = 0; a < N; a++) {
    assert.ok(full.variances[a] >= -1e-12, `variance ${a} = ${full.variances[a]}`);
    if (a) assert.ok(full.variances[a] <= full.variances[a - 1], 'variances descending');
  }
  // Each pixel in [0, 1] varies by at most 1/4: the total variance is at most 196/4.
  const total = full.variances.reduce((t, v) => t + v, 0);
  assert.ok(total > 0 && total <= N / 4, `total variance ${total}`);
  assert.ok(Math.abs(full.explained - 1) < 1e-12);
  const kept = full.variances.slice(0, k).reduce((t, v) => t + v, 0);
  assert.ok(Math.abs(part.explained - kept / total) < 1e-12);
  assert.equal(part.sigma31.length, 10 * k);
  // One-hot targets: y2 = 1, the loss at W = 0 is 1/2; fewer inputs fit less.
  assert.equal(full.y2, 1);
  assert.equal(full.zeroLoss, 0.5);
  assert.ok(full.minLoss > 0 && full.minLoss < part.minLoss && part.minLoss < 0.5, `${full.minLoss} < ${part.minLoss} < 0.5`);
  // The least loss is what gradient descent approaches: a long depth-1 run ends above it, and close.
  const r = await eng.deepLinear.simulate({ depth: 1, inputs: k, outputs: 10, sigma11: part.sigma11, sigma31: part.sigma31,
    y2: 1, init: 'small', scale: 0, lr: 0.3, steps: 20000, every: 20000 });
  const end = r.loss.at(-1);
  // The slowest direction (variance lambda_k ~ 0.06) relaxes as (1 - lr lambda_k)^steps ~ e^-360.
  assert.ok(end >= part.minLoss - 1e-12 && end - part.minLoss < 1e-9, `GD ends at ${end}, least loss ${part.minLoss}`);
  await assert.rejects(eng.data.fashionMnistStats({ components: 0 }), /components must be/);
  await assert.rejects(eng.data.fashionMnistStats({ perClass: 5000 }), /perClass must be/);
});

/** Row-major product A (m x k) B (k x n). */
const mul = (A, B, m, k, n) => eng.linalg.gemm({ m, k, n, A, B });

test('pretrained start: every partial product has orthonormal rows (times g^l) spanning the top principal subspace', async () => {
  // Sigma11 = Q diag(lambda) Q^T with a random rotation Q and known eigenvalues.
  const n0 = 8, lambda = [5, 4, 3, 2.5, 2, 1, 0.5, 0.25], g = 0.9;
  const Q = eng.linalg.svd({ m: n0, n: n0, A: eng.linalg.normal({ seed: 5, n: n0 * n0 }) }).U;
  const QL = Q.map((v, i) => v * lambda[i % n0]);
  const sigma11 = mul(QL, Float64Array.from({ length: n0 * n0 }, (_, i) => Q[(i % n0) * n0 + Math.floor(i / n0)]), n0, n0, n0);
  for (let i = 0; i < n0; i++) for (let j = 0; j < i; j++) sigma11[i * n0 + j] = sigma11[j * n0 + i];   // exactly symmetric
  const widths = [n0, 6, 6, 4, 3];
  const sigma31 = eng.linalg.normal({ seed: 6, n: 3 * n0, sd: 0.3 });
  const r = await eng.deepLinear.simulate({ depth: 4, widths, sigma11, sigma31, y2: 2, init: 'pretrained', gain: g,
    lr: 0.01, steps: 0, weights: true, seed: 3 });
  let P = r.weights.initial[0];
  for (let l = 1; l <= 4; l++) {
    if (l > 1) P = mul(r.weights.initial[l - 1], P, widths[l], widths[l - 1], n0);
    const k = Math.min(...widths.slice(0, l + 1)), scale = g ** (2 * l);
    // P P^T = g^(2l) I: the rows are orthonormal up to g^l (the eigen-solver's accuracy, ~1e-14).
    const PPt = eng.linalg.gemm({ m: widths[l], k: n0, n: widths[l], A: P, B: P, transB: true });
    for (let i = 0; i < widths[l]; i++) {
      for (let j = 0; j < widths[l]; j++) assert.ok(Math.abs(PPt[i * widths[l] + j] - (i === j) * scale) < 1e-12, `layer ${l}: (P P^T)[${i}][${j}] = ${PPt[i * widths[l] + j]}`);
    }
    // Captured variance tr(P Sigma11 P^T) = g^(2l) (sum of the top k eigenvalues): the most any
    // k orthonormal rows capture (Ky Fan), reached only by the top-k principal subspace.
    const PS = mul(P, sigma11, widths[l], n0, n0);
    let tr = 0;
    for (let i = 0; i < widths[l]; i++) for (let j = 0; j < n0; j++) tr += PS[i * n0 + j] * P[i * n0 + j];
    const top = lambda.slice(0, k).reduce((t, v) => t + v, 0);
    assert.ok(Math.abs(tr / scale - top) < 1e-12 * top * 10, `layer ${l}: captured ${tr / scale}, top ${k} eigenvalues sum to ${top}`);
  }
});

/** criterionScan on `net` against an independent run per learning rate (simulate, every step recorded). */
async function checkScan(net, lrs, target, maxEpochs) {
  const scan = await eng.deepLinear.criterionScan({ ...net, lrs, target, maxEpochs });
  // The first epoch whose loss is <= target, or diverged.
  const truth = await Promise.all(lrs.map(async (lr) => {
    try {
      const r = await eng.deepLinear.simulate({ ...net, lr, steps: maxEpochs, every: 1 });
      const i = r.loss.findIndex((L) => L <= target);
      return { epochs: i < 0 ? Infinity : i, diverged: false };
    } catch (e) {
      return { epochs: Infinity, diverged: /diverge/.test(e.message) };
    }
  }));
  const reached = truth.map((t, i) => ({ ...t, lr: lrs[i] })).filter((t) => Number.isFinite(t.epochs));
  assert.ok(reached.length >= 2, 'the test needs lrs that reach the target');
  const fewest = Math.min(...reached.map((t) => t.epochs));
  const bestLr = Math.max(...reached.filter((t) => t.epochs === fewest).map((t) => t.lr));
  assert.deepEqual(scan.best, { lr: bestLr, epochs: fewest });
  lrs.forEach((lr, i) => {
    const o = scan.outcome[i], t = truth[i];
    if (o === SCAN.reached) assert.equal(scan.epochs[i], t.epochs, `lr ${lr}`);
    else assert.ok(Number.isNaN(scan.epochs[i]));
    if (o === SCAN.diverged) assert.ok(t.diverged, `lr ${lr} reported diverged`);
    if (o === SCAN.slower) assert.ok(t.epochs >= fewest && lr < bestLr, `lr ${lr} stopped as slower, but takes ${t.epochs}`);
    if (o === SCAN.skipped) assert.ok(lr < bestLr, `lr ${lr} skipped above the best`);
    if (o === SCAN.notReached) assert.ok(!Number.isFinite(t.epochs) && !t.diverged, `lr ${lr}`);
  });
  assert.ok(scan.startLoss > 0 && Number.isFinite(scan.startLoss));
  return scan;
}

test('criterionScan: per learning rate, the epochs of an independent run; the best is the fewest', async () => {
  const st = await eng.data.fashionMnistStats({ components: 10 });
  const net = { depth: 3, width: 10, inputs: 10, outputs: 10, sigma11: st.sigma11, sigma31: st.sigma31, y2: 1, init: 'gaussian', gain: 1, seed: 4 };
  const target = st.minLoss + 0.2 * (st.zeroLoss - st.minLoss), maxEpochs = 400;
  // Any order; every outcome but 'not reached'.
  const lrs = [0.05, 0.8, 0.2, 3.2, 0.4, 0.1, 0.14, 0.17, 0.07];
  await checkScan(net, lrs, target, maxEpochs);
  // A smaller lr that needs exactly one epoch fewer than the larger one (41 and 40): the
  // scan caps it at 40 epochs, and must still see it reach the target on the last one.
  const big = await eng.data.fashionMnistStats({ components: 50 });
  const deep = { depth: 6, width: 32, inputs: 50, outputs: 10, sigma11: big.sigma11, sigma31: big.sigma31, y2: 1, init: 'decoupled', a0: 0.1, seed: 1 };
  const scan = await checkScan(deep, [1.6, 0.8], big.minLoss + 0.1 * (big.zeroLoss - big.minLoss), 100);
  assert.deepEqual(Array.from(scan.outcome), [SCAN.reached, SCAN.reached]);
  for (const [bad, re] of [[{ lrs: [] }, /lrs/], [{ lrs: [0] }, /lrs/], [{ target: -1 }, /target/], [{ maxEpochs: 0 }, /maxEpochs/]]) {
    await assert.rejects(eng.deepLinear.criterionScan({ ...net, lrs, target, maxEpochs, ...bad }), re);
  }
});
