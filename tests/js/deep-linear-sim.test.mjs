// Gradient descent on deep linear networks (eng.deepLinear.simulate and the
// sweeps) against the exact theory, through the built wasm engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, EngineError } from '../../web/js/engine/index.js';

const eng = await loadEngine();
const dl = eng.deepLinear;
const S = [3, 2, 1];

/** Largest |a_sim - a_theory| over modes and records for a decoupled start. */
async function modeError(depth, lr, T = 4, a0 = 0.01) {
  const steps = Math.round(T / lr);
  const r = await dl.simulate({ depth, width: 6, singularValues: S, init: 'decoupled', a0, lr, steps, every: steps / 40 });
  let err = 0;
  r.modes.forEach((a, i) => {
    const th = dl.modeTrajectory({ depth, s: S[i], a0, t: r.t });
    for (let k = 0; k < a.length; k++) err = Math.max(err, Math.abs(a[k] - th[k]));
  });
  return err;
}

// GD is the Euler method for gradient flow: global error O(lr). So the error must
// halve when lr halves (ratio 2 within the O(lr^2) remainder) — the real check. Its
// size: Euler shifts each transition in time by ~ lr x (growth rate ~ D s) x t, and
// a changes at most ~ D s^2 / 4 per unit time, so the bound lr D s1^2 (with margin).
for (const [depth, lr] of [[2, 0.004], [3, 0.002], [4, 0.002], [6, 0.001]]) {
  test(`GD tracks the ${depth === 2 ? 'closed form' : 'mode ODE'} at D = ${depth}, error O(lr)`, async () => {
    const e1 = await modeError(depth, lr), e2 = await modeError(depth, lr / 2);
    assert.ok(e1 < lr * depth * S[0] ** 2, `error ${e1} at lr ${lr}`);
    assert.ok(e1 / e2 > 1.7 && e1 / e2 < 2.3, `error ratio ${e1 / e2} (${e1} -> ${e2}) is not ~2`);
  });
}

test('learning time scales as 1/s (D = 2, a0 = s/1000)', async () => {
  // Half-way time t = ln(1/eps - 1) / (2 s) with a0 = eps s, so t s is the same for every s.
  // Euler's per-step growth 1 + 2 s lr instead of e^(2 s lr) stretches t by ~ s lr (relative).
  const eps = 1e-3, lr = 0.001, want = 0.5 * Math.log(1 / eps - 1);
  for (const s of [0.5, 1, 2, 4]) {
    const steps = Math.round((1.5 * want) / s / lr);
    const r = await dl.simulate({ depth: 2, width: 2, singularValues: [s], init: 'decoupled', a0: eps * s, lr, steps, every: 1 });
    const a = r.modes[0];
    const k = a.findIndex((v) => v >= s / 2);
    const t = r.t[k - 1] + ((s / 2 - a[k - 1]) / (a[k] - a[k - 1])) * lr;   // linear interpolation, error << lr
    assert.ok(Math.abs(t * s - want) <= 2 * s * lr * want, `s = ${s}: t s = ${t * s}, want ${want}`);
  }
});

test('products of scaled orthogonal layers are isometries times g^l', () => {
  const g = 1.07, r = dl.initSpectrum({ depth: 12, width: 16, gain: g, seed: 3 });
  r.orthogonal.forEach((sv, l) => {
    const want = g ** (l + 1);
    for (const v of sv) assert.ok(Math.abs(v - want) <= 1e-13 * (l + 1) * 16 * want, `l = ${l + 1}: ${v} vs ${want}`);
  });
  // Gaussian layers are not: the spread of the product's singular values grows with depth
  const ratio = (sv) => Math.max(...sv) / Math.min(...sv);
  assert.ok(ratio(r.gaussian[11]) > 1e6 * ratio(r.orthogonal[11]));
});

test('gradient flow conserves W2^T W2 - W1 W1^T; the Euler drift halves with lr', async () => {
  const drift = [];
  for (const lr of [0.01, 0.005]) {
    const r = await dl.simulate({ depth: 2, width: 4, singularValues: [2, 1.5, 1], init: 'small', scale: 0.3,
      lr, steps: Math.round(3 / lr), seed: 5, weights: true });
    const C = (W1, W2) => {
      const n = 4, out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let v = 0;
        for (let k = 0; k < n; k++) v += W2[k * n + i] * W2[k * n + j] - W1[i * n + k] * W1[j * n + k];
        out[i * n + j] = v;
      }
      return out;
    };
    const c0 = C(r.weights.initial[0], r.weights.initial[1]), c1 = C(r.weights.final[0], r.weights.final[1]);
    drift.push(Math.max(...c0.map((v, i) => Math.abs(c1[i] - v))));
  }
  assert.ok(drift[0] / drift[1] > 1.7 && drift[0] / drift[1] < 2.3, `drift ${drift}`);
});

test('λ-balanced starts: simulated kernel changes match the aligned theory to O(lr)', async () => {
  const err = [];
  for (const lr of [0.01, 0.005]) {
    const r = await dl.lambdaSweep({ lambdas: [-8, -1, 0, 2, 8], singularValues: [2, 1], a0: 0.01, lr, steps: Math.round(12 / lr) });
    let e = 0;
    for (const k of ['hidden', 'readout', 'ntk']) r[k].forEach((v, i) => { e = Math.max(e, Math.abs(v - r.theory[k][i])); });
    err.push(e);
  }
  assert.ok(err[0] < 0.02, `error ${err[0]}`);
  assert.ok(err[0] / err[1] > 1.6 && err[0] / err[1] < 2.4, `errors ${err} should halve with lr`);
});

test('time to criterion: one mode agrees with the learning-time formula', () => {
  const s = 2, a0 = 0.01, c = 0.01;
  const t = dl.criterionTime({ depth: 2, singularValues: [s], a0, criterion: c });
  const want = dl.learningTime({ depth: 2, s, a0, af: s * (1 - Math.sqrt(c)) });
  assert.ok(Math.abs(t - want) <= 1e-9 * want, `${t} vs ${want}`);
});

test('depth sweep: decoupled epochs follow theory; orthogonal stays flat, Gaussian slows', async () => {
  const r = await dl.depthSweep({ depths: [1, 4, 16, 30], width: 12, singularValues: [2, 1], a0: 0.5, lr0: 0.05, criterion: 0.05, maxSteps: 4000 });
  // Euler at lr0/D: the epochs differ from t_c D / lr0 by O(lr0 s) relative, plus one epoch of rounding.
  r.depths.forEach((D, i) => {
    const sim = r.steps.decoupled[i], th = r.theory[i];
    assert.ok(Math.abs(sim - th) <= 0.15 * th + 1, `D = ${D}: ${sim} epochs vs theory ${th}`);
  });
  assert.ok(r.steps.orthogonal[3] < 2 * r.steps.orthogonal[0], `orthogonal ${r.steps.orthogonal}`);
  assert.ok(!(r.steps.gaussian[3] < 5 * r.steps.gaussian[0]), `gaussian ${r.steps.gaussian}`);
});

test('depth sweep tells a run that diverged from one that did not reach the criterion in time', async () => {
  // gain 1.2 at depth 50: |W_tot| ~ 1.2^50 ~ 9e3, so the first step at lr0/D = 1e-3 overshoots by
  // orders of magnitude; at depth 1 nothing diverges, and 5 epochs are too few for the criterion.
  const r = await dl.depthSweep({ depths: [1, 50], inits: ['orthogonal', 'decoupled'], width: 64, singularValues: [3, 2, 1],
    gain: 1.2, a0: 0.5, lr0: 0.05, criterion: 0.05, maxSteps: 5 });
  assert.deepEqual(Array.from(r.diverged.orthogonal), [0, 1]);
  assert.deepEqual(Array.from(r.diverged.decoupled), [0, 0]);
  for (const init of ['orthogonal', 'decoupled']) assert.ok(r.steps[init].every(Number.isNaN), `${init}: nothing reached in 5 epochs`);
});

test('samples, statistics and spectrum give the same run for the same data', async () => {
  // whitened one-hot inputs (X = sqrt(P) I) and Y = X Sigma31^T give Sigma11 = I and this Sigma31
  const n = 3, sigma31 = [2, 0.5, 0, 0.1, 1, 0.3, 0, 0.2, 0.7];
  const X = [], Y = [];
  for (let mu = 0; mu < n; mu++) {
    for (let j = 0; j < n; j++) X.push(j === mu ? Math.sqrt(n) : 0);
    for (let i = 0; i < n; i++) Y.push(Math.sqrt(n) * sigma31[i * n + mu]);
  }
  const base = { depth: 2, width: 3, init: 'gaussian', gain: 1, lr: 0.05, steps: 100, seed: 4 };
  const a = await dl.simulate({ ...base, X, Y }), b = await dl.simulate({ ...base, sigma31 });
  for (let k = 0; k < a.loss.length; k++) assert.ok(Math.abs(a.loss[k] - b.loss[k]) <= 1e-12 * (1 + b.loss[k]));
});

test('same seed, same numbers; another seed, other numbers', async () => {
  const p = { depth: 3, width: 5, singularValues: [2, 1], init: 'gaussian', gain: 1, lr: 0.02, steps: 50, seed: 9 };
  const a = await dl.simulate(p), b = await dl.simulate(p), c = await dl.simulate({ ...p, seed: 10 });
  assert.deepEqual(a.loss, b.loss);
  assert.notDeepEqual(a.loss, c.loss);
});

test('a run resumed from its state in any number of pieces is bit-identical to one long run', async () => {
  const runs = [
    { depth: 3, width: 6, singularValues: S, init: 'decoupled', a0: 0.01, lr: 0.05, every: 7, seed: 3 },
    { depth: 6, width: 5, inputs: 7, outputs: 4, singularValues: [2, 1], init: 'gaussian', gain: 1, lr: 0.02, every: 5, seed: 4, svals: true },
    { depth: 1, width: 4, X: [1, 0, 2, 1, 0, 1, 1, 3], Y: [1, 2, 0, 1, 1, 0, 2, 1], inputs: 2, outputs: 2, init: 'small', scale: 0.1, lr: 0.1, every: 3 },
  ];
  for (const p of runs) {
    const whole = await dl.simulate({ ...p, steps: 211 });
    let sim = null, state;
    for (const n of [p.every, 9 * p.every, p.every, 211 - 11 * p.every]) {   // multiples of every, then a ragged end
      const seg = await dl.simulate({ ...p, steps: n, resumable: true, resume: state });
      ({ state } = seg);
      assert.equal(seg.t[0], sim ? sim.t.at(-1) : 0, 'a piece starts where the last ended');
      sim = sim ? { ...seg, loss: [...sim.loss, ...seg.loss.subarray(1)], modes: sim.modes.map((m, a) => [...m, ...seg.modes[a].subarray(1)]),
        layerChange: sim.layerChange.map((m, l) => [...m, ...seg.layerChange[l].subarray(1)]),
        t: [...sim.t, ...seg.t.subarray(1)], svals: sim.svals && [...sim.svals, ...seg.svals.slice(1)] } : seg;
    }
    assert.equal(state.steps, 211);
    assert.deepEqual(Float64Array.from(sim.t), whole.t);
    assert.deepEqual(Float64Array.from(sim.loss), whole.loss);
    sim.modes.forEach((m, a) => assert.deepEqual(Float64Array.from(m), whole.modes[a]));
    sim.layerChange.forEach((m, l) => assert.deepEqual(Float64Array.from(m), whole.layerChange[l], `layer ${l + 1}`));
    if (p.svals) assert.deepEqual(sim.svals, whole.svals);
  }
});

test('a state resumes only the run it came from', async () => {
  const p = { depth: 3, width: 5, singularValues: [2, 1], init: 'gaussian', gain: 1, lr: 0.02, steps: 20, seed: 9, resumable: true };
  const { state } = await dl.simulate(p);
  // lr may change on resuming; what fixes the trajectory may not
  assert.equal((await dl.simulate({ ...p, lr: 0.01, resume: state })).state.steps, 40);
  for (const change of [{ seed: 10 }, { gain: 0.9 }, { init: 'orthogonal' }, { singularValues: [2, 1.5] }, { width: 6 }]) {
    await assert.rejects(dl.simulate({ ...p, ...change, resume: state }), /resume comes from a run with other depth, widths, data, init or seed/, JSON.stringify(change));
  }
  const bad = [
    [null, /resume must be the state object/], [7, /resume must be the state object/],
    [{ ...state, weights: state.weights.subarray(1) }, /weights/],
    [{ ...state, weights: state.weights.map((x, i) => (i === 3 ? NaN : x)) }, /weights/],
    [{ ...state, steps: -1 }, /steps/], [{ ...state, steps: 1.5 }, /steps/], [{ ...state, t: -1 }, /\bt\b/], [{ ...state, t: NaN }, /\bt\b/],
  ];
  for (const [resume, re] of bad) await assert.rejects(dl.simulate({ ...p, resume }), re, String(resume));
});

test('a diverging learning rate is stopped and explained', async () => {
  const p = { depth: 4, width: 4, singularValues: [3, 1], init: 'decoupled', a0: 0.5, steps: 2000 };
  const ok = await dl.simulate({ ...p, lr: 0.01 });
  await assert.rejects(dl.simulate({ ...p, lr: 4 * ok.stableLr }), (e) => {
    assert.ok(e instanceof EngineError && e.status === 4, String(e));
    assert.match(e.message, /diverged at step \d+ .*learning rate .* stable maximum of about .*try lr <= /);
    return true;
  });
});

test('a divergence on the last step of a call is caught, never returned as Infinity or NaN', async () => {
  // One step at lr 100 blows the loss up to Infinity (depth 100) or NaN (depth 200): the
  // weights it leaves are tested like those of every other step.
  for (const depth of [100, 200]) {
    await assert.rejects(dl.simulate({ depth, width: 4, init: 'orthogonal', singularValues: [3, 2, 1], lr: 100, steps: 1, seed: 1 }),
      (e) => e instanceof EngineError && e.status === 4 && /diverged at step 1 /.test(e.message), `depth ${depth}`);
  }
});

test('cancel stops a run between chunks', async () => {
  const c = new AbortController();
  c.abort();
  await assert.rejects(dl.simulate({ depth: 2, width: 4, singularValues: [1], lr: 0.01, steps: 1000 }, { signal: c.signal }),
    { name: 'AbortError' });
});

test('every invalid parameter is refused with a sentence naming it', async () => {
  const ok = { depth: 3, width: 4, singularValues: [2, 1], init: 'decoupled', a0: 0.01, lr: 0.01, steps: 10 };
  const bad = [
    [{ depth: 0 }, /depth/], [{ depth: 2.5 }, /depth/], [{ width: 2000 }, /width/], [{ width: NaN }, /width/],
    [{ singularValues: [2, NaN] }, /singularValues\[1\]/], [{ singularValues: [1, 1, 1, 1, 1] }, /singularValues/],
    [{ init: 'zeros' }, /init/], [{ lr: 0 }, /lr/], [{ lr: Infinity }, /lr/], [{ steps: -1 }, /steps/],
    [{ seed: 1.5 }, /seed/], [{ a0: -1 }, /a0/], [{ init: 'gaussian', gain: -1 }, /gain/],
    [{ init: 'lambda' }, /depth 2/], [{ every: 0 }, /every/], [{ inputs: 0 }, /inputs/],
    [{ X: [1, 2, 3] }, /X/], [{ widths: [4, 4, 4] }, /widths/],
    // decoupled modes need room in every hidden layer
    [{ widths: [4, 1, 4, 4] }, /hidden width/],
    // refused by the size limit before anything is allocated
    [{ depth: 200, width: 1024 }, /DLAB_DLS_MAX_DOUBLES/],
  ];
  for (const [change, re] of bad) {
    await assert.rejects(dl.simulate({ ...ok, ...change }), (e) => { assert.match(e.message, re, JSON.stringify(change)); return true; });
  }
  assert.throws(() => dl.criterionTime({ depth: 2, singularValues: [1], a0: 0.1, criterion: 1 }), /criterion/);
  // below 1e-12 the trajectories cannot resolve the loss (dl_sim.h DLAB_DL_MIN_CRIT)
  assert.throws(() => dl.criterionTime({ depth: 4, singularValues: [3, 1], a0: 0.01, criterion: 1e-300 }),
    /criterion must be in \[1e-12, 1\), got 1e-300/);
  await assert.rejects(dl.depthSweep({ depths: [1, 2], singularValues: [1], criterion: 1e-13 }), /criterion must be in \[1e-12, 1\)/);
  assert.throws(() => dl.initSpectrum({ depth: 3, width: 1000 }), /width/);
  await assert.rejects(dl.depthSweep({ depths: [1, 2.5], singularValues: [1] }), /depths\[1\]/);
  await assert.rejects(dl.depthSweep({ depths: [1], inits: ['foo'], singularValues: [1] }), /inits\[0\]/);
  await assert.rejects(dl.lambdaSweep({ lambdas: [NaN], singularValues: [1] }), /lambdas\[0\]/);
});

test('fuzz regressions: smallest criterion, strongly negative lambda', () => {
  // The smallest criterion is reached, and matches the closed form at depth 2 (one mode:
  // loss <= c s^2 <=> a >= s (1 - sqrt(c))).
  const c = 1e-12, s = 2, a0 = 0.01;
  const t = dl.criterionTime({ depth: 2, singularValues: [s], a0, criterion: c });
  const want = dl.learningTime({ depth: 2, s, a0, af: s * (1 - Math.sqrt(c)) });
  assert.ok(Math.abs(t - want) <= 1e-9 * want, `t ${t} vs ${want}`);
});

test('lambda-balanced init at lambda << 0 keeps b c = a0 (no cancellation)', async () => {
  // c^2 = (lambda + sqrt(lambda^2 + 4 a0^2)) / 2 used to cancel to 0 at lambda = -1000, a0 = 1e-5.
  const r = await dl.simulate({ depth: 2, width: 2, singularValues: [2, 1], init: 'lambda-aligned', a0: 1e-5, lambda: -1000,
    lr: 1e-4, steps: 1, every: 1 });
  for (const a of r.modes) assert.ok(Math.abs(a[0] - 1e-5) <= 1e-17, `initial strength ${a[0]}`);
});
