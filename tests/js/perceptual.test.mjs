// Perceptual learning (docs/theory.md §2) in the wasm build: the full
// network against the exact two-variable reduction, its invariants, task
// precision, transfer, parallel vs serial, and every invalid-parameter path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';

const eng = await loadEngine();
const P = eng.perceptual;

test('the reduction tracks the full network: error O(lr), weights stay on the reduced form', async () => {
  // Gradient descent is the Euler step of the flow, so the gap to the (accurately
  // integrated) reduction is first order in lr: halving lr halves it.
  const gap = [];
  for (const lr of [0.02, 0.01]) {
    const steps = Math.round(12 * 2 / lr);   // 12 tau
    const sim = await P.simulate({ neurons: 60, width: 15, offset: 2, lr, steps, every: steps / 24 });
    assert.equal(sim.tau, 2 / lr);
    assert.ok(sim.agreement.residual < 1e-11, `residual ${sim.agreement.residual}`);
    gap.push(Math.max(sim.agreement.alpha, sim.agreement.beta));
    // Both reach the target: v beta (1 + 2 alpha) = c.
    const k = sim.t.length - 1;
    assert.ok(Math.abs(sim.margin[k] - 1) < 1e-6);
  }
  const ratio = gap[0] / gap[1];
  assert.ok(ratio > 1.8 && ratio < 2.2, `order of the gap: ${ratio} (${gap})`);
  assert.ok(gap[1] < 0.005, `gap at lr 0.01: ${gap[1]}`);
});

test('c, v and tau come from the network: v = d.g+ = |g+|^2 - g+.g-', async () => {
  const pop = P.population({ neurons: 40, width: 12, offset: 4 });
  const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
  const d = pop.gplus.map((x, i) => x - pop.gminus[i]);
  assert.ok(Math.abs(pop.v - dot(d, pop.gplus)) < 1e-12 * pop.v);
  assert.ok(Math.abs(pop.v - (pop.gg - pop.gpgm)) < 1e-12 * pop.v);
  const sim = await P.simulate({ neurons: 40, width: 12, offset: 4, target: 0.7, lr: 0.05, steps: 10 });
  assert.equal(sim.c, 0.7);
  assert.ok(Math.abs(sim.v - pop.v) < 1e-15 * pop.v);
  assert.equal(sim.tau, 40);
});

test('beta^2 - 2 alpha^2 - 2 alpha is conserved to integrator accuracy, and beta > sqrt(2) alpha for t > 0', () => {
  const t = Array.from({ length: 400 }, (_, i) => 0.025 * (i + 1));
  for (const [c, v, a0, b0] of [[1, 0.15, 0, 0], [2, 1, 0.2, 0.3], [0.5, 5, 0, 0.1], [1, 0.05, 0, 0]]) {
    const { alpha, beta } = P.reduced({ c, v, tau: 1, alpha0: a0, beta0: b0, t });
    const q0 = b0 * b0 - 2 * a0 * a0 - 2 * a0;
    const scale = Math.max(...beta.map((b) => b * b));
    for (let i = 0; i < t.length; i++) {
      const q = beta[i] ** 2 - 2 * alpha[i] ** 2 - 2 * alpha[i];
      // DOPRI at rtol 1e-12: relative error ~1e-11 after a few hundred steps.
      assert.ok(Math.abs(q - q0) <= 1e-9 * (1 + scale), `c=${c} v=${v}: drift ${q - q0} at t=${t[i]}`);
      assert.ok(beta[i] > Math.SQRT2 * alpha[i], `beta <= sqrt2 alpha at t=${t[i]}`);
    }
    // From alpha(0) = beta(0) = 0 the conserved quantity gives beta/alpha = sqrt(2 + 2/alpha) exactly:
    // ~sqrt(2/alpha) early, -> sqrt(2) late.
    if (a0 === 0 && b0 === 0) {
      for (let i = 0; i < t.length; i += 50) {
        const want = Math.sqrt(2 + 2 / alpha[i]);
        assert.ok(Math.abs(beta[i] / alpha[i] - want) <= 1e-8 * want, `ratio at t=${t[i]}`);
      }
    }
  }
});

test('a low-precision task leaves the input layer nearly unchanged; a fine one does not', async () => {
  const run = (offset) => P.simulate({ neurons: 60, width: 15, offset, lr: 0.02, steps: 3000, every: 3000 });
  const [fine, coarse] = [await run(2), await run(30)];
  const last = (a) => a[a.length - 1];
  // From beta(0) = 0: alpha = (sqrt(1 + 2 beta^2) - 1)/2 and v beta (1 + 2 alpha) = c at the end,
  // so alpha ~ c^2 / (2 v^2) when v >> c: a bound from the task, not a tuned number.
  assert.ok(coarse.v > 5);
  assert.ok(last(coarse.alpha) <= 1.05 / (2 * coarse.v ** 2), `coarse alpha ${last(coarse.alpha)}`);
  const rel = (s) => last(s.layerChange[0]) / last(s.layerChange[1]);
  assert.ok(rel(coarse) < 0.1, `coarse |dW1|/|dW2| ${rel(coarse)}`);
  assert.ok(last(fine.alpha) > 0.5 && rel(fine) > 0.4, `fine alpha ${last(fine.alpha)}, ratio ${rel(fine)}`);
  // Most informative neuron: fine task -> the tuning curve's flank (about one width from the reference);
  // coarse task -> neurons preferring the stimuli.
  const top = (s) => Math.abs(s.neurons.pref[s.neurons.input.indexOf(Math.max(...s.neurons.input))]);
  assert.ok(Math.abs(top(fine) - 15) <= 4, `fine: most changed neuron prefers ${top(fine)}`);
  assert.ok(Math.abs(top(coarse) - 30) <= 4, `coarse: most changed neuron prefers ${top(coarse)}`);
});

test('deeper chain: the reduction holds and poorly tuned higher layers change most', async () => {
  const sim = await P.simulate({ depth: 5, decay: 0.6, neurons: 30, offset: 5, lr: 0.01, steps: 8000, every: 800 });
  assert.ok(sim.agreement.b < 0.01, `chain agreement ${sim.agreement.b}`);   // O(lr): ~2e-3 per 0.01 of lr at depth 2
  const k = sim.t.length - 1;
  for (let i = 1; i < sim.t.length; i++) {
    for (let l = 1; l < 5; l++) {
      assert.ok(sim.b[l][i] - sim.b[l][0] > sim.b[l - 1][i] - sim.b[l - 1][0], `layer ${l + 1} vs ${l} at record ${i}`);
    }
  }
  assert.ok(Math.abs(sim.margin[k] - 1) < 1e-3);
});

test('transfer: the decision layer transfers by c_a.c_b, the input layer not at all', async () => {
  const sim = await P.transfer({ neurons: 30, separation: 3, rf: 1.5, locations: 9, lr: 0.02, steps: 900, switchAt: 600, every: 50 });
  for (let i = 0; i < sim.t.length; i++) {
    if (sim.t[i] > 600) break;
    assert.equal(sim.alphaB[i], 0);
    assert.ok(Math.abs(sim.betaB[i] - sim.cab * sim.beta[i]) <= 1e-12 * (1 + sim.beta[i]));
    assert.ok(Math.abs(sim.marginB[i] - sim.predicted.marginB[i]) < 0.01, 'margin at b as predicted (Euler O(lr))');
  }
  assert.ok(sim.cab > 0.3 && sim.cab < 0.45);
  // Training then at b changes the input layer there.
  assert.ok(sim.alphaB[sim.t.length - 1] > 0.1);
});

test('parallel: the most informative unit changes most; serial: the least informative layer', () => {
  const r = P.topologies({ info: [1, 0.8, 0.5, 0.3], target: 1.5, noise: 0.5, lr: 0.01, steps: 4000, every: 100 });
  for (let j = 1; j < 4; j++) {
    assert.ok(r.parallelChange[j] < r.parallelChange[j - 1]);
    assert.ok(r.serialChange[j] > r.serialChange[j - 1]);
  }
});

test('every invalid parameter is named', async () => {
  const bad = [
    [() => P.population({ neurons: 1 }), /neurons/],
    [() => P.population({ offset: 90 }), /offset/],
    [() => P.population({ width: 0.1 }), /width/],
    [() => P.reduced({ c: 1, v: 0, tau: 1, t: [1] }), /\bv must be in/],
    [() => P.reduced({ c: 1, v: 1, tau: 1, t: [2, 1] }), /t must be ascending/],
    [() => P.reduced({ c: 1, v: 1, tau: 0, t: [1] }), /tau/],
    [() => P.reduced({ c: 1, v: 1, tau: 1, alpha0: -1, t: [1] }), /alpha0/],
    [() => P.chainReduced({ depth: 3, c: 1, dnorm: 1, tau: 1, b0: [1], t: [1] }), /b0/],
    [() => P.topologies({ info: [1, -1] }), /info\[1\]/],
    [() => P.topologies({ info: [1, 2], lr: 50 }), /diverged at step/],
  ];
  for (const [fn, re] of bad) assert.throws(fn, re);
  const badAsync = [
    [{ depth: 11 }, /depth/], [{ lr: 0 }, /lr/], [{ steps: 0 }, /steps/], [{ seed: -1 }, /seed/],
    [{ noise: 11 }, /noise/], [{ target: 0 }, /target/], [{ steps: 10, every: 20 }, /every/],
    [{ depth: 3, decay: 0 }, /decay/], [{ lr: 20, steps: 500 }, /diverged at step \d+.*learning rate below/],
  ];
  for (const [p, re] of badAsync) await assert.rejects(P.simulate(p), re);
  await assert.rejects(P.transfer({ neurons: 400, locations: 20 }), /neurons x locations/);
  await assert.rejects(P.transfer({ separation: -1 }), /separation/);
  await assert.rejects(P.transfer({ steps: 100, switchAt: 200 }), /switchAt/);
});

test('simulate is deterministic and cancellable', async () => {
  const p = { noise: 0.3, seed: 4, steps: 200, every: 10 };
  const a = await P.simulate(p), b = await P.simulate(p);
  assert.deepEqual(a.alpha, b.alpha);
  assert.ok(a.agreement.residual > 1e-3, 'readout noise breaks the exact reduction');
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(P.simulate({ steps: 1000 }, { signal: ctl.signal }), { name: 'AbortError' });
});
