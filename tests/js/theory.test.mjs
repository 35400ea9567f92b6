// The engine's theory (web/js/engine/theory.js and the theory calls of the solvers)
// against closed forms. Demos draw these values and derive none of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digamma, gaussianLyapunov, gaussianProductTheory, spikeTheory, lambdaTheory } from '../../web/js/engine/theory.js';
import { loadEngine } from '../../web/js/engine/index.js';
import { DLAB_DL_MAX_STRENGTH } from '../../web/js/engine/c-constants.js';

const eng = await loadEngine();
const EULER_GAMMA = 0.5772156649015329;
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('digamma: psi(1), psi(1/2), the recurrence, and across the switch to the series at 6', () => {
  // The series is cut after the x^-12 term at x >= 6: its error is below 1e-13; the
  // recurrence adds a few ulps per step.
  close(digamma(1), -EULER_GAMMA, 1e-14, 'psi(1)');
  close(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2, 1e-14, 'psi(1/2)');
  let harmonic = 0;
  for (let n = 1; n <= 30; n++) {
    close(digamma(n + 1), -EULER_GAMMA + (harmonic += 1 / n), 1e-13, `psi(${n + 1})`);
  }
  for (const x of [0.3, 5.5, 5.999, 7.7, 123.4]) close(digamma(x + 1) - digamma(x), 1 / x, 1e-13, `psi(${x} + 1) - psi(${x})`);
});

test('Lyapunov exponents of Gaussian products: N = 1 and N = 2 in closed form, gain shifts all', () => {
  // N = 1: E log|z| for z ~ N(0, 1) is -(gamma + ln 2)/2.
  close(gaussianLyapunov(1)[0], -(EULER_GAMMA + Math.LN2) / 2, 1e-14, 'N = 1');
  const [m1, m2] = gaussianLyapunov(2);
  close(m1, -EULER_GAMMA / 2, 1e-14, 'N = 2, mu_1');            // (log 1 + psi(1)) / 2
  close(m2, -(EULER_GAMMA + 2 * Math.LN2) / 2, 1e-14, 'N = 2, mu_2');   // (log 1 + psi(1/2)) / 2
  const g = 1.7, mu = gaussianLyapunov(16), mug = gaussianLyapunov(16, g);
  mu.forEach((m, i) => close(mug[i] - m, Math.log(g), 1e-14, `mu_${i + 1} shift`));
  for (let i = 1; i < 16; i++) assert.ok(mu[i] < mu[i - 1], 'exponents descend');
});

test('Gaussian product theory: the edges 2g (l = 1) and sqrt(27/4) g^2 (l = 2); geometric mean exp(l mean mu)', () => {
  const g = 1.3, lyap = gaussianLyapunov(8, g), th = gaussianProductTheory(3, lyap, g);
  close(th.largest[0], 2 * g, 1e-15, 'Marchenko-Pastur edge of a square Gaussian');
  close(th.largest[1], Math.sqrt(27 / 4) * g * g, 1e-14, 'Fuss-Catalan edge, two factors');
  const meanMu = lyap.reduce((t, m) => t + m, 0) / lyap.length;
  th.geometricMean.forEach((v, l) => close(Math.log(v), (l + 1) * meanMu, 1e-14, `l = ${l + 1}`));
});

test('spiked matrix: noise edge below the threshold, continuous at it, s -> theta and overlaps -> 1 far above', () => {
  const no = 48, nf = 30, edge = Math.sqrt(no) + Math.sqrt(nf), root = Math.sqrt(no * nf);
  const below = spikeTheory(no, nf, 0.99 * root);
  assert.deepEqual([below.s, below.itemOverlap, below.featureOverlap, below.detectable], [edge, 0, 0, false]);
  const at = spikeTheory(no, nf, root * (1 + 1e-12));
  close(at.s, edge, 1e-5, 's at the threshold');
  assert.ok(at.itemOverlap < 1e-5 && at.featureOverlap < 1e-5 && at.detectable);
  const theta = 1e4, far = spikeTheory(no, nf, theta * theta);
  close(far.s / theta, 1, 1e-5, 's / theta');
  assert.ok(far.itemOverlap > 1 - 1e-6 && far.featureOverlap > 1 - 1e-6);
});

test('λ-balanced theory: λ = 0 in closed form, lazy as |λ| grows, b0 c0 = a0', () => {
  const s = [2, 1], a0 = 0.01;
  const rich = lambdaTheory(0, a0, s);
  // λ = 0: b^2 = c^2 = strength, so both kernels move by |s - a0| relative to |s|.
  const want = Math.hypot(2 - a0, 1 - a0) / Math.hypot(2, 1);
  close(rich.hidden, want, 1e-15, 'hidden');
  close(rich.readout, want, 1e-15, 'readout');
  for (const lambda of [-50, 50]) {
    const lazy = lambdaTheory(lambda, a0, s);
    assert.ok(lazy.ntk < 0.1 * rich.ntk, `λ = ${lambda}: ntk change ${lazy.ntk}`);
    close(lazy.b0 * lazy.c0, a0, 1e-12 * a0, `b0 c0 at λ = ${lambda}`);
  }
});

test('halfTime: the closed forms at depth 1 and 2, the learning time elsewhere, 0 from past half way', () => {
  const dl = eng.deepLinear, a0 = 1e-3;
  close(dl.halfTime({ depth: 1, s: 3, a0 }), Math.log((3 - a0) / 1.5), 1e-14, 'D = 1');
  close(dl.halfTime({ depth: 2, s: 3, a0 }), Math.log(3 / a0 - 1) / 6, 1e-13, 'D = 2');
  const many = dl.halfTime({ depth: 4, s: [3, 1, 2e-3, 1e-3], a0 });
  assert.equal(many[0], dl.learningTime({ depth: 4, s: 3, a0, af: 1.5 }));
  assert.equal(many[1], dl.learningTime({ depth: 4, s: 1, a0, af: 0.5 }));
  assert.deepEqual([many[2], many[3]], [0, 0]);   // a0 at or past s/2
  assert.throws(() => dl.halfTime({ depth: 2, s: [1, 0], a0 }), /s\[1\] must be in \(0, 10000\]/);
});

test('modeTheory: trajectories from measured starts; a start the mode equation does not cover is said in words', () => {
  const t = [0, 1, 2, 5];
  const r = eng.deepLinear.modeTheory({ depth: 3, singularValues: [3, 2, 1], starts: [-0.02, 4.76e6, 0], t });
  assert.deepEqual(r.a[0], eng.deepLinear.modeTrajectory({ depth: 3, s: 3, a0: 0.02, t }));   // |a(0)|
  assert.equal(r.a[1], null);
  assert.match(r.notes[1], /^mode 2 starts at strength 4\.76e\+?6, beyond the 10000 the mode equation is solved for/);
  assert.doesNotMatch(r.notes.join(' '), /\ba0\b|starts\[/, 'a sentence for the page names no engine parameter');
  // A start of exactly 0 is a fixed point at depth >= 2: the curve stays at (about) 0.
  assert.ok(r.a[2].every((v) => v >= 0 && v < 1e-300), `from 0: ${r.a[2]}`);
  assert.deepEqual(r.notes.filter(Boolean).length, 1);
  assert.ok(DLAB_DL_MAX_STRENGTH < 4.76e6);
});

test('coherenceTheory is spikeTheory at r sqrt(No Nf), with the half time of a mode of that strength', () => {
  const ratios = [0.5, 2, 4], r = eng.semantic.coherenceTheory({ No: 40, Nf: 40, ratios, depth: 3, a0: 1e-3 });
  ratios.forEach((x, i) => {
    const th = spikeTheory(40, 40, x * 40);
    assert.deepEqual([r.s[i], r.itemOverlap[i], r.featureOverlap[i]], [th.s, th.itemOverlap, th.featureOverlap]);
    assert.equal(r.halfTime[i], eng.deepLinear.halfTime({ depth: 3, s: th.s, a0: 1e-3 }));
  });
});
