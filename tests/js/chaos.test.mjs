// eng.chaos on the built wasm: quadrature against closed forms, fixed points,
// exact criticality, phase diagram, Monte-Carlo against theory, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { rho } from './phi-moments.mjs';

const eng = await loadEngine({ variant: 'simd' });
const scalar = await loadEngine({ variant: 'scalar' });
const { chaos } = eng;

const near = (got, want, tol, what) =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} (|diff| ${Math.abs(got - want)} > ${tol})`);

test('quadrature agrees with the ReLU arc-cosine and erf arcsine closed forms', () => {
  // Adaptive Gauss-Kronrod at tolerance 1e-13 (nested: 1e-12) against exact kernels: 1e-10.
  for (const phi of ['relu', 'erf']) {
    for (const q of [0.01, 1, 30, 1000]) {
      const fast = chaos.lengthMap({ phi, sw: 1.3, sb: 0.2, q });
      const ref = chaos.lengthMap({ phi, sw: 1.3, sb: 0.2, q, method: 'reference' });
      for (const k of ['q', 'chi1', 'slope']) near(fast[k], ref[k], 1e-11 * (1 + Math.abs(ref[k])), `${phi} ${k} at q = ${q}`);
    }
    const c = [-0.8, 0, 0.6, 0.99];
    const fast = chaos.correlationMap({ phi, sw: 2, sb: 0.3, q11: 5, q22: 2, c });
    const ref = chaos.correlationMap({ phi, sw: 2, sb: 0.3, q11: 5, q22: 2, c, method: 'reference' });
    c.forEach((_, i) => {
      near(fast.q12[i], ref.q12[i], 1e-10, `${phi} q12 at c = ${c[i]}`);
      near(fast.slope[i], ref.slope[i], 1e-10, `${phi} slope at c = ${c[i]}`);
    });
  }
  // The trapezoid rule used for tanh, applied to erf, against the closed form.
  const t = chaos.lengthMap({ phi: 'erf', sw: 4, sb: 0.3, q: 500, method: 'trapezoid' });
  const e = chaos.lengthMap({ phi: 'erf', sw: 4, sb: 0.3, q: 500 });
  near(t.chi2, e.chi2, 1e-12, 'erf chi2 by trapezoid');
});

test('tanh: the fast trapezoid rule matches Gauss-Kronrod where Gauss-Hermite fails', () => {
  // docs/theory.md §5.7: fixed Gauss-Hermite rules converge slowly here (tanh' is sharp at large q).
  const fp = chaos.fixedPoint({ phi: 'tanh', sw: 4, sb: 0.3 });
  const ref = chaos.lengthMap({ phi: 'tanh', sw: 4, sb: 0.3, q: fp.qStar, method: 'reference' });
  near(fp.chi1, ref.chi1, 1e-11, 'chi1');
  near(fp.chi2, ref.chi2, 1e-11, 'chi2');
  near(ref.q, fp.qStar, 1e-11 * fp.qStar, 'q* satisfies the map (reference quadrature)');
});

test('q* and c* satisfy their maps; c = 1 is the length map', () => {
  for (const phi of ['tanh', 'erf', 'relu', 'linear']) {
    for (const sw of [0.7, 1.3, 2.5, 4]) {
      const fp = chaos.fixedPoint({ phi, sw, sb: 0.3 });
      if (!Number.isFinite(fp.qStar)) { assert.ok(['relu', 'linear'].includes(phi), `${phi} q* infinite`); continue; }
      near(chaos.lengthMap({ phi, sw, sb: 0.3, q: fp.qStar }).q, fp.qStar, 1e-13 * (1 + fp.qStar), `${phi} sw ${sw} q*`);
      const cm = chaos.correlationMap({ phi, sw, sb: 0.3, q11: fp.qStar, c: fp.cStar });
      near(cm.c, fp.cStar, 1e-12, `${phi} sw ${sw} c*`);
      near(-1 / Math.log(cm.slope), fp.xiC, 1e-9 * fp.xiC, `${phi} sw ${sw} xi_c`);
    }
  }
  const one = chaos.correlationMap({ phi: 'tanh', sw: 2.5, sb: 0.3, q11: 3, c: 1 });
  assert.equal(one.q12, chaos.lengthMap({ phi: 'tanh', sw: 2.5, sb: 0.3, q: 3 }).q);
  assert.equal(one.c, 1);
});

test('chi1 = 1 exactly at the critical points', () => {
  assert.equal(chaos.fixedPoint({ phi: 'tanh', sw: 1, sb: 0 }).chi1, 1);
  assert.equal(chaos.fixedPoint({ phi: 'erf', sw: 1, sb: 0 }).chi1, 1);
  // Math.SQRT2 ** 2 = 2 + 4.4e-16 in binary: chi1 = sw^2 / 2 to one rounding.
  near(chaos.fixedPoint({ phi: 'relu', sw: Math.SQRT2, sb: 0 }).chi1, 1, 4.5e-16, 'relu');
  assert.equal(chaos.criticalSw({ phi: 'relu', sb: 1 }), Math.SQRT2);
  for (const sb of [0.3, 1, 2]) {
    const sw = chaos.criticalSw({ phi: 'tanh', sb });
    near(chaos.fixedPoint({ phi: 'tanh', sw, sb }).chi1, 1, 1e-11, `tanh boundary at sb = ${sb}`);
    // xi_c diverges at the boundary from both sides (like 1/|chi1 - 1|).
    assert.ok(chaos.fixedPoint({ phi: 'tanh', sw: sw * 0.999, sb }).xiC > 100);
    assert.ok(chaos.fixedPoint({ phi: 'tanh', sw: sw * 1.001, sb }).xiC > 100);
  }
});

test('phase diagram: cells match fixedPoint, boundary has chi1 = 1, progress and cancel work', async () => {
  const fractions = [];
  const pd = await chaos.phaseDiagram({ phi: 'tanh', swMin: 0.5, swMax: 4, sbMin: 0, sbMax: 2, nw: 30, nb: 20 },
    { onProgress: (f) => fractions.push(f) });
  assert.equal(fractions.at(-1), 1);
  for (let j = 0; j < 20; j += 3) {
    for (let i = 0; i < 30; i += 4) {
      const fp = chaos.fixedPoint({ phi: 'tanh', sw: pd.sw[i], sb: pd.sb[j] });
      near(pd.chi1[j * 30 + i], fp.chi1, 1e-12, 'chi1');
      // Mehler truncation bound 1e-10 on the map, amplified by 1/(1 - slope) at c*.
      near(pd.cStar[j * 30 + i], fp.cStar, 1e-10 / (1 - Math.min(fp.slopeC, 0.999)), 'c*');
    }
    if (pd.sb[j] > 0) near(chaos.fixedPoint({ phi: 'tanh', sw: pd.boundary[j], sb: pd.sb[j] }).chi1, 1, 1e-10, 'boundary');
  }
  const ctl = new AbortController();
  const p = chaos.phaseDiagram({ phi: 'tanh', nw: 300, nb: 300 }, { signal: ctl.signal, onProgress: () => ctl.abort() });
  await assert.rejects(p, { name: 'AbortError' });
});

test('phase diagram 200 x 200 for tanh takes well under a few seconds', async () => {
  const pd = await chaos.phaseDiagram({ phi: 'tanh', swMin: 0.05, swMax: 5, sbMin: 0, sbMax: 2, nw: 200, nb: 200 });
  console.log(`# phase diagram 200 x 200 tanh: ${pd.ms.toFixed(0)} ms`);
  assert.ok(pd.ms < 3000, `${pd.ms} ms`);
});

test('Monte-Carlo q, c at every offset, length, curvature and the shallow net agree with theory at width 1000 (6 seeds)', async () => {
  // Tolerance per layer l: 4 standard errors of the mean over seeds, plus a finite-width
  // allowance of 5 (l - 1) / N relative (q fluctuates by O(N^-1/2) around q*, and chi1,
  // chi2 are curved in q, so each layer adds an O(1/N) Jensen bias).
  const N = 1000, L = 8, M = 64, K = M / 2 + 1, seeds = [1, 2, 3, 4, 5, 6];
  const meanSd = (v) => {
    const mean = v.reduce((a, b) => a + b) / v.length;
    return [mean, Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1))];
  };
  for (const [phi, sw, sb] of [['tanh', 2.5, 0.3], ['tanh', 1.2, 0.3], ['erf', 4, 0.3]]) {
    const runs = [];
    for (const seed of seeds) runs.push(await chaos.simulateCircle({ phi, sw, sb, width: N, layers: L, points: M, seed }));
    const th = runs[0].theory;
    for (const key of ['q', 'c4', 'c8', 'gE', 'kappa2', 'lengthE', 'lengthG']) {
      const absolute = key.startsWith('c');
      for (let l = 0; l < L; l++) {
        const [mean, sd] = meanSd(runs.map((r) => r[key][l]));
        const tol = 4 * sd / Math.sqrt(seeds.length) + (5 * l / N) * (absolute ? 1 : Math.abs(th[key][l])) + 1e-9 * Math.abs(th[key][l]);
        near(mean, th[key][l], tol, `${phi} sw ${sw}: ${key} at layer ${l + 1}`);
      }
    }
    // The autocorrelation at every offset 2 pi k / M, with the same tolerance as c4, c8.
    for (let l = 0; l < L; l++) {
      for (let k = 0; k < K; k++) {
        const [mean, sd] = meanSd(runs.map((r) => r.autocorr[l * K + k]));
        near(mean, th.autocorr[l * K + k], 4 * sd / Math.sqrt(seeds.length) + 5 * l / N + 1e-12, `${phi} sw ${sw}: c at offset ${k} layer ${l + 1}`);
      }
    }
    // One hidden layer of N l units: the length averages sqrt(S) over theta, S a sum of N l
    // terms (phi'(h) v)^2 with relative variance (3 rho - 1) / (N l), rho = E[phi'^4] /
    // E[phi'^2]^2 (v is Gaussian, independent of h), so Jensen biases it by about
    // (3 rho - 1) / (8 N l): twice that is allowed. Theorem 1's bound holds in every run.
    const r4 = rho(phi, runs[0].q1);
    for (let l = 0; l < L; l++) {
      const [mean, sd] = meanSd(runs.map((r) => r.shallow[l]));
      const tol = 4 * sd / Math.sqrt(seeds.length) + th.shallow[l] * (3 * r4 - 1) / (4 * N * (l + 1));
      near(mean, th.shallow[l], tol, `${phi} sw ${sw}: one hidden layer of ${N * (l + 1)} units`);
      for (const r of runs) assert.ok(r.shallow[l] <= th.bound[l], `Theorem 1: ${r.shallow[l]} > ${th.bound[l]}`);
    }
  }
});

test('simulation is deterministic and the SIMD and scalar builds agree', async () => {
  const p = { phi: 'tanh', sw: 2, sb: 0.3, width: 300, layers: 5, points: 32, seed: 9 };
  const a = await chaos.simulateCircle(p), b = await chaos.simulateCircle(p), c = await scalar.chaos.simulateCircle(p);
  assert.deepEqual(a.lengthG, b.lengthG);
  assert.deepEqual(a.proj, b.proj);
  // Only the GEMM summation order differs: relative rounding ~1e-15 per layer, amplified by chi1^l.
  for (let l = 0; l < 5; l++) near(c.lengthE[l], a.lengthE[l], 1e-10 * a.lengthE[l], 'scalar vs SIMD');
  const d = await chaos.simulateCircle({ ...p, seed: 10 });
  assert.notDeepEqual(d.lengthG, a.lengthG);
});

test('ReLU curvature is reported as undefined rather than computed', () => {
  const c = chaos.curvature({ phi: 'relu', sw: 1.2, sb: 0.3, layers: 4 });
  assert.equal(c.curvatureDefined, false);
  assert.ok(Number.isNaN(c.kappa2[1]));
  assert.equal(chaos.fixedPoint({ phi: 'relu', sw: 1.2, sb: 0.3 }).chi2, Infinity);
});

test('bad input gets a sentence naming the parameter', async () => {
  const cases = [
    [() => chaos.fixedPoint({ phi: 'tanh', sw: 0, sb: 0.3 }), /sw must be in \[0.001, 10\], got 0/],
    [() => chaos.lengthMap({ phi: 'relu', sw: 1e-300, sb: 0.2, q: 0.98 }), /sw must be in \[0.001, 10\], got 1e-300/],
    [() => chaos.curvature({ phi: 'linear', sw: 5e-324, sb: 0, layers: 5, q1: 1 }), /sw must be in \[0.001, 10\]/],
    [() => chaos.fixedPoint({ phi: 'tanh', sw: -1, sb: 0.3 }), /sw/],
    [() => chaos.fixedPoint({ phi: 'tanh', sw: 1, sb: -0.1 }), /sb must be in \[0, 4\]/],
    [() => chaos.fixedPoint({ phi: 'sigmoid', sw: 1, sb: 0 }), /phi must be one of linear, tanh, relu, erf/],
    [() => chaos.fixedPoint({ phi: 'tanh', sw: 1, sb: 0, method: 'simpson' }), /method/],
    [() => chaos.lengthMap({ phi: 'tanh', sw: 1, sb: 0, q: 1e4 }), /q must be in/],
    [() => chaos.correlationMap({ phi: 'tanh', sw: 1, sb: 0, q11: 1, c: 2 }), /c must be in \[-1, 1\]/],
    [() => chaos.correlationMap({ phi: 'tanh', sw: 1, sb: 0, q11: 0, c: 0 }), /q11/],
    [() => chaos.curvature({ phi: 'tanh', sw: 1, sb: 0, layers: 0 }), /layers/],
    [() => chaos.criticalSw({ phi: 'tanh', sb: 9 }), /sb/],
  ];
  for (const [fn, re] of cases) assert.throws(fn, re);
  const async = [
    [{ phi: 'tanh', sw: 1, sb: 0, width: 5000 }, /width must be an integer in \[2, 2000\]/],
    [{ phi: 'tanh', sw: 1, sb: 0, layers: 500 }, /layers must be an integer in \[1, 100\]/],
    [{ phi: 'tanh', sw: 1, sb: 0, points: 20 }, /points must be a multiple of 8/],
    [{ phi: 'tanh', sw: 11, sb: 0 }, /sw/],
    [{ phi: 'gelu', sw: 1, sb: 0 }, /phi/],
  ];
  for (const [p, re] of async) await assert.rejects(chaos.simulateCircle(p), re);
  await assert.rejects(chaos.phaseDiagram({ phi: 'tanh', nw: 5000 }), /nw must be an integer in \[2, 1000\]/);
  await assert.rejects(chaos.phaseDiagram({ phi: 'tanh', swMin: 2, swMax: 1 }), /swMax must be in/);
  await assert.rejects(chaos.phaseDiagram({ phi: 'tanh', swMin: 1e-4, swMax: 1 }), /swMin must be in \[0.001, 10\], got 0.0001/);
});

test('inputs the fuzzers found: no NaN and no runaway work at the edges of the ranges', async () => {
  const noNaN = (arr, what) => { for (let i = 0; i < arr.length; i++) assert.ok(!Number.isNaN(arr[i]), `${what}[${i}] is NaN`); };
  // Near the boundary linear q* = sb^2 / (1 - sw^2) ~ 4.5e15: the trapezoid scales the homogeneous moments.
  const x = 0.99999999999999989;
  const tr = chaos.fixedPoint({ phi: 'linear', sw: x, sb: x, method: 'trapezoid' });
  const fa = chaos.fixedPoint({ phi: 'linear', sw: x, sb: x });
  assert.ok(fa.qStar > 1e15 && Number.isFinite(fa.qStar), `q* ${fa.qStar}`);
  near(tr.qStar, fa.qStar, 1e-12 * fa.qStar, 'linear q* by trapezoid');
  // The smallest sw is accepted; ReLU chi2 stays +Infinity, no 0 * Infinity.
  assert.equal(chaos.lengthMap({ phi: 'relu', sw: chaos.limits.minSw, sb: 0.2, q: 0.98 }).chi2, Infinity);
  // sb = 0 and q so small that E[phi^2] underflows: c' is its q -> 0 limit, c.
  assert.equal(chaos.correlationMap({ phi: 'tanh', sw: 0.001, sb: 0, q11: 5e-324, q22: 1e-300, c: 0.3 }).c, 0.3);
  // ReLU at width 2: points with a vanishing tangent are left out of the curvature mean.
  const r = await chaos.simulateCircle({ phi: 'relu', sw: 1.1764705882352942, sb: 0.011764705882352941,
    q1: 0.023529411764705882, width: 2, points: 16, layers: 2, seed: 1 });
  for (const k of ['q', 'c4', 'c8', 'gE', 'kappa2', 'lengthE', 'lengthG', 'lengthX', 'top2', 'participation']) noNaN(r[k], k);
  noNaN(r.proj, 'proj');
});

test('chaos-circle theory for ReLU and linear continues past q = 1000 (their maps scale with q)', async () => {
  // Regression: at sw = 4 (ReLU) q grows by sw^2 / 2 = 8 per layer and passed the cap of
  // the quadrature maps after layer 4, so c at a quarter and an eighth turn became NaN.
  // ReLU at sb = 0 has the arc-cosine c-map, independent of q: iterate it directly.
  const L = 12, arccos = (c) => (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;
  const r = await chaos.simulateCircle({ phi: 'relu', sw: 4, sb: 0, width: 16, points: 16, layers: L, seed: 1 });
  assert.ok(r.theory.q[L - 1] > 1e9, `q reaches ${r.theory.q[L - 1]}`);
  let c4 = 0, c8 = Math.SQRT1_2;
  for (let l = 1; l < L; l++) {
    c4 = arccos(c4); c8 = arccos(c8);
    assert.ok(Math.abs(r.theory.c4[l] - c4) < 1e-12 && Math.abs(r.theory.c8[l] - c8) < 1e-12, `layer ${l + 1}: ${r.theory.c4[l]} vs ${c4}`);
  }
  const lin = await chaos.simulateCircle({ phi: 'linear', sw: 3, sb: 0.5, width: 16, points: 16, layers: L, seed: 1 });
  assert.ok(lin.theory.c4.every(Number.isFinite) && lin.theory.c8.every(Number.isFinite), 'linear theory finite at every layer');
});
