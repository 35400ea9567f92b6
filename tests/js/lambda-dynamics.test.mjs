// The exact flow of λ-balanced two-layer networks (theory.js lambdaFlow, Dominé et al.
// 2025) against independent solutions of its limits and against gradient descent
// (eng.deepLinear.lambdaDynamics, the wasm simulator), with and without a switch of task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { lambdaFlow } from '../../web/js/engine/theory.js';

const eng = await loadEngine();
const dl = eng.deepLinear;
const S = [3, 2, 1], m = S.length;
const eye = (n) => Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));

/** a_a(t) from an aligned start (frames = I, W1 = b0 I, W2 = c0 I): the diagonal of W2 W1 along the exact flow. */
function alignedModes(lambda, a0, dt, n) {
  const big = 0.5 * (Math.abs(lambda) + Math.sqrt(lambda * lambda + 4 * a0 * a0)), small = (a0 * a0) / big;
  const [b2, c2] = lambda >= 0 ? [small, big] : [big, small];
  let Q = new Float64Array(2 * m * m);
  for (let i = 0; i < m; i++) { Q[i * m + i] = Math.sqrt(b2); Q[(m + i) * m + i] = Math.sqrt(c2); }
  const step = lambdaFlow({ U: eye(m), S: Float64Array.from(S), V: eye(m) }, lambda, m, m, dt);
  const out = S.map(() => new Float64Array(n + 1));
  for (let k = 0; k <= n; k++) {
    if (k) Q = step(Q, m);
    // W2 W1 = Q_bottom Q_top^T; its diagonal in the (identity) frames.
    S.forEach((_, a) => { let v = 0; for (let c = 0; c < m; c++) v += Q[(m + a) * m + c] * Q[a * m + c]; out[a][k] = v; });
  }
  return out;
}

test('rich limit: at λ = 0 the exact flow is the closed form of Saxe et al. 2014 for every mode', () => {
  const a0 = 0.01, dt = 0.05, n = 120;
  const modes = alignedModes(0, a0, dt, n), t = Array.from({ length: n + 1 }, (_, k) => k * dt);
  S.forEach((s, a) => {
    const ref = dl.modeTrajectory({ depth: 2, s, a0, t });
    // Both are closed forms: they differ by rounding only (the flow map is composed n times).
    modes[a].forEach((v, k) => assert.ok(Math.abs(v - ref[k]) <= 1e-10 * s, `s = ${s}, t = ${t[k]}: ${v} vs ${ref[k]}`));
  });
});

test('at any λ the exact flow solves the scalar mode equation da/dt = sqrt(λ² + 4a²)(s − a)', () => {
  const a0 = 0.05, dt = 0.1, n = 40, h = 1e-3;
  for (const lambda of [-3, 0.7, 2.5]) {
    const modes = alignedModes(lambda, a0, dt, n);
    S.forEach((s, idx) => {
      // RK4 at step h: global error ~ h^4 max|a^(5)| t, far below the 1e-9 allowed here.
      const f = (a) => Math.sqrt(lambda * lambda + 4 * a * a) * (s - a);
      let a = a0;
      for (let k = 1; k <= n; k++) {
        for (let j = 0; j < Math.round(dt / h); j++) {
          const k1 = f(a), k2 = f(a + (h / 2) * k1), k3 = f(a + (h / 2) * k2), k4 = f(a + h * k3);
          a += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        assert.ok(Math.abs(modes[idx][k] - a) < 1e-9, `λ = ${lambda}, s = ${s}, t = ${k * dt}: ${modes[idx][k]} vs RK4 ${a}`);
      }
    });
  }
});

test('lazy limit: at large |λ| each mode relaxes like a fixed kernel, within 2 s³ / (e λ²)', () => {
  const a0 = 0.01, dt = 0.005, n = 60;
  for (const lambda of [-40, 40]) {
    const modes = alignedModes(lambda, a0, dt, n), rate = Math.sqrt(lambda * lambda + 4 * a0 * a0);
    S.forEach((s, idx) => {
      // The rate sqrt(λ² + 4a²) exceeds its start by at most 2s²/|λ|, so the exponent differs by at
      // most 2s²t/|λ|, and (s − a0) e^(−|λ|t) · 2s²t/|λ| peaks at (s − a0) 2s² / (e λ²).
      const bound = (2 * s ** 3) / (Math.E * lambda * lambda);
      let worst = 0;
      modes[idx].forEach((v, k) => { worst = Math.max(worst, Math.abs(v - (s - (s - a0) * Math.exp(-rate * k * dt)))); });
      assert.ok(worst < bound, `λ = ${lambda}, s = ${s}: ${worst} >= ${bound}`);
      assert.ok(worst > bound / 50, `λ = ${lambda}, s = ${s}: the lazy limit is not exact (${worst}); the check compares something`);
    });
  }
});

test('the exact flow conserves the balance and composes: two steps of dt are one step of 2 dt', () => {
  const n0 = 4, n2 = 3, n1 = 3, lambda = 1.5;
  const svd = eng.linalg.svd({ m: n2, n: n0, A: eng.linalg.normal({ seed: 3, n: n2 * n0 }) });
  // A λ-balanced start: W1 = b R V_r^T, W2 = c U_r R^T with random frames (columns of a QR-like SVD).
  const R = eng.linalg.svd({ m: n1, n: n1, A: eng.linalg.normal({ seed: 4, n: n1 * n1 }) }).U;
  const F = eng.linalg.svd({ m: n0, n: n0, A: eng.linalg.normal({ seed: 5, n: n0 * n0 }) }).U;
  const G = eng.linalg.svd({ m: n2, n: n2, A: eng.linalg.normal({ seed: 6, n: n2 * n2 }) }).U;
  const b = 0.2, c = Math.sqrt(b * b + lambda);
  const Q0 = new Float64Array((n0 + n2) * n1);
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) { let v = 0; for (let k = 0; k < n1; k++) v += F[i * n0 + k] * R[j * n1 + k]; Q0[i * n1 + j] = b * v; }
  for (let i = 0; i < n2; i++) for (let j = 0; j < n1; j++) { let v = 0; for (let k = 0; k < n1; k++) v += G[i * n2 + k] * R[j * n1 + k]; Q0[(n0 + i) * n1 + j] = c * v; }
  const P = (Q) => { const N = n0 + n2, out = new Float64Array(N * N); for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) for (let k = 0; k < n1; k++) out[i * N + j] += Q[i * n1 + k] * Q[j * n1 + k]; return out; };
  const imbalance = (Q) => {
    let worst = 0;
    for (let i = 0; i < n1; i++) for (let j = 0; j < n1; j++) {
      let v = i === j ? -lambda : 0;
      for (let r = 0; r < n0 + n2; r++) v += (r < n0 ? -1 : 1) * Q[r * n1 + i] * Q[r * n1 + j];
      worst = Math.max(worst, Math.abs(v));
    }
    return worst;
  };
  assert.ok(imbalance(Q0) < 1e-14);
  let Q = Q0;
  const half = lambdaFlow(svd, lambda, n0, n2, 0.3), whole = lambdaFlow(svd, lambda, n0, n2, 0.6);
  for (let k = 0; k < 20; k++) {
    const two = half(half(Q, n1), n1), one = whole(Q, n1);
    const p2 = P(two), p1 = P(one), scale = Math.max(...p1.map(Math.abs));
    p1.forEach((v, i) => assert.ok(Math.abs(v - p2[i]) < 1e-12 * scale, `step ${k}: P differs by ${Math.abs(v - p2[i])}`));
    Q = one;
    // Rounding only: a few ulps of |Q|^2 per step.
    assert.ok(imbalance(Q) < 1e-12 * (1 + scale), `balance drifts by ${imbalance(Q)} after ${k + 1} steps`);
  }
});

const run = (lr, extra) => dl.lambdaDynamics({ singularValues: S, a0: 0.01, lr, steps: Math.round(12 / lr), every: Math.round(0.1 / lr), seed: 2, ...extra });

// Gradient descent is the Euler method for the gradient flow: its error is O(lr), so the
// gap must halve with lr (ratio 2 within the O(lr²) remainder). Its size: each transition
// is shifted by ~ lr × (growth rate ≤ 2 s1) × t, and W changes by at most ~ s1²/2 per
// unit time, so lr s1² bounds it (with margin), relative to |Σ31| ≥ s1.
function assertFirstOrder(coarse, fine, lr, what) {
  coarse.runs.forEach((r, i) => {
    const ratio = r.fnGap / fine.runs[i].fnGap;
    assert.ok(r.fnGap < lr * S[0] ** 2, `${what}, λ = ${r.lambda}: gap ${r.fnGap}`);
    assert.ok(ratio > 1.6 && ratio < 2.4, `${what}, λ = ${r.lambda}: gap ${r.fnGap} at lr ${lr}, ${fine.runs[i].fnGap} at lr/2`);
  });
}

test('gradient descent follows the exact solution with error O(lr), rich to lazy, both signs of λ', async () => {
  const lambdas = [-8, -1, 0, 1, 8], lr = 0.01;
  for (const aligned of [false, true]) {
    const coarse = await run(lr, { lambdas, aligned }), fine = await run(lr / 2, { lambdas, aligned });
    assertFirstOrder(coarse, fine, lr, aligned ? 'aligned' : 'random frames');
    // The JS loss of the simulated weights is the simulator's own loss.
    coarse.runs.forEach((r) => r.recordLoss.forEach((v, k) => assert.ok(Math.abs(v - r.lossA[k]) <= 1e-12 * r.lossA[0], `λ = ${r.lambda}: loss ${v} vs ${r.lossA[k]}`)));
  }
});

test('a task switch restarts the exact solution from the state there: O(lr) agreement after the switch too', async () => {
  const lr = 0.01;
  for (const [task, lambdas, aligned] of [['permuted', [-4, 0, 4], false], ['reversal', [-4, 1, 4], true]]) {
    const opts = { lambdas, aligned, task };
    const coarse = await run(lr, { ...opts, switchStep: Math.round(6 / lr) }), fine = await run(lr / 2, { ...opts, switchStep: Math.round(6 / (lr / 2)) });
    assert.equal(coarse.switchT, 6);
    assertFirstOrder(coarse, fine, lr, task);
    coarse.runs.forEach((r) => r.recordLoss.forEach((v, k) => {
      const trained = coarse.t[k] > coarse.switchT + 1e-9 ? r.lossB[k] : r.lossA[k];
      assert.ok(Math.abs(v - trained) <= 1e-12 * r.lossA[0], `${task}, λ = ${r.lambda}, t = ${coarse.t[k]}: loss ${v} vs ${trained}`);
    }));
    // The networks with λ ≠ 0 learn task B (λ = 1 passes through W = 0 in finite time); at λ = 0
    // a mode of B that starts near 0 waits on a plateau first.
    coarse.runs.filter((r) => r.lambda !== 0).forEach((r) => assert.ok(r.theory.lossB.at(-1) < 1e-6 * coarse.zeroLoss, `${task}, λ = ${r.lambda}: loss on B ends at ${r.theory.lossB.at(-1)}`));
  }
});

test('reversal at λ = 0: the exact flow and gradient descent from aligned frames stall at the saddle W = 0', async () => {
  const r = await run(0.01, { lambdas: [0], aligned: true, task: 'reversal', switchStep: 600 });
  const { runs: [x], zeroLoss } = r;
  for (const [what, y] of [['gradient descent', x], ['exact', x.theory]]) {
    // W -> 0 along e^(-2 s3 t) at the slowest: after 6 τ, |W|² / |Σ|² < e^(-12) (2 × 1e-3 margin).
    assert.ok(Math.abs(y.lossA.at(-1) / zeroLoss - 1) < 2e-3 && Math.abs(y.lossB.at(-1) / zeroLoss - 1) < 2e-3,
      `${what}: losses on A, B end at ${y.lossA.at(-1)}, ${y.lossB.at(-1)}, W = 0 gives ${zeroLoss}`);
  }
  // Balance: exact in the flow; kept to rounding by gradient descent from aligned frames at λ = 0.
  assert.ok(x.theory.imbalance < 1e-12 && x.imbalance < 1e-12, `imbalance ${x.theory.imbalance} (exact), ${x.imbalance} (GD)`);
});

test('lazy: the tangent kernel moves by ~ s²/λ², a quarter as much at twice the λ', async () => {
  const r = await run(0.002, { lambdas: [16, 32], aligned: true, steps: 1000, every: 50 });
  const [m16, m32] = r.runs.map((x) => Math.max(...x.theory.move));
  // The next order is s1²/λ² = 3.5 % at λ = 16, so the ratio is 4 within 10 %.
  assert.ok(Math.abs(m16 / m32 - 4) < 0.4, `moves ${m16}, ${m32}`);
});

test('bad input names the parameter', async () => {
  await assert.rejects(dl.lambdaDynamics({ singularValues: [1], lambdas: [0], lr: 0.01, steps: 10, task: 'permuted', switchStep: 5 }), /permuted.*2 or more/);
  await assert.rejects(dl.lambdaDynamics({ singularValues: [1, 2], lambdas: [0], lr: 0.01, steps: 10, task: 'reversal', switchStep: 10 }), /switchStep/);
  await assert.rejects(dl.lambdaDynamics({ singularValues: [1, 2], lambdas: [0], lr: 0.01, steps: 10, task: 'flip' }), /task/);
  await assert.rejects(dl.lambdaDynamics({ singularValues: [1, 2], lambdas: [NaN], lr: 0.01, steps: 10 }), /lambdas\[0\]/);
});
