// eng.semantic on the built wasm: the hierarchy theory of the pure tree, mode
// timing, diffusion statistics, MDS, the coherence threshold, the CSV path and
// every invalid-parameter path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { parseItemCSV } from '../../web/js/engine/csv.js';

const eng = await loadEngine();
const S = eng.semantic;

test('pure tree: singular values fall with level exactly as derived (semantic.h)', () => {
  for (const [B, L] of [[2, 4], [3, 2], [4, 2]]) {
    const d = S.dataset({ kind: 'tree', branching: B, levels: L });
    assert.equal(d.cols, B ** L);
    assert.equal(d.rows, (B ** (L + 1) - 1) / (B - 1));
    assert.equal(d.items.length, d.cols);
    assert.equal(d.features.length, d.rows);
    const { S: sv } = S.svd(d);
    const th = S.treeTheory({ branching: B, levels: L });
    let a = 0;
    for (let k = 0; k <= L; k++) {
      // closed form: s_root^2 = (B^(L+1) - 1)/(B - 1), s_k^2 = (B^(L-k) - 1)/(B - 1) below level k
      const want = Math.sqrt(k === 0 ? (B ** (L + 1) - 1) / (B - 1) : (B ** (L - k + 1) - 1) / (B - 1));
      assert.ok(Math.abs(th.s[k] - want) < 1e-12 * want, `theory level ${k}`);
      if (k) assert.ok(th.s[k] < th.s[k - 1], 'falls with level');
      for (let r = 0; r < th.multiplicity[k]; r++, a++) {
        // a backward-stable SVD is accurate to ~n eps s_1; 1e-10 s_1 leaves a wide margin
        assert.ok(Math.abs(sv[a] - th.s[k]) < 1e-10 * sv[0], `B ${B} L ${L} mode ${a}: ${sv[a]} vs ${th.s[k]}`);
      }
    }
    assert.equal(a, d.cols);
  }
});

test('the modes of the tree are its distinctions: levels found from V match the multiplicities', () => {
  const d = S.dataset({ kind: 'tree', branching: 2, levels: 3 });
  const { V, p } = S.svd(d);
  const lv = S.modeLevels({ V, cols: d.cols, p, branching: 2, levels: 3 });
  assert.deepEqual(Array.from(lv), [0, 1, 2, 2, 3, 3, 3, 3]);
});

test('learned modes appear in singular-value order at times ~ 1/s (depth 2, decoupled start)', async () => {
  const d = S.dataset({ kind: 'tree', branching: 2, levels: 3 });
  const a0 = 1e-3, lr = 0.002;
  const sim = await S.simulate({ ...d, depth: 2, a0, lr, steps: 2500, every: 1, record: { hidden: false, outputs: false } });
  const s = sim.singularValues;
  const half = s.map((sa, a) => {
    const y = sim.modes[a];
    const k = y.findIndex((v) => v >= sa / 2);
    return sim.t[k - 1] + ((sa / 2 - y[k - 1]) / (y[k] - y[k - 1])) * (sim.t[k] - sim.t[k - 1]);
  });
  for (let a = 0; a < s.length; a++) {
    // t_half = ln(s/a0 - 1)/(2s): learning time ~ 1/s. Euler with lr s_1 < 0.008 shifts
    // the logistic's timing by O(lr s) relative (< 1%); 3% allows a 3x margin.
    const want = Math.log(s[a] / a0 - 1) / (2 * s[a]);
    assert.ok(Math.abs(half[a] - want) < 0.03 * want, `mode ${a}: t_half ${half[a]} vs ${want}`);
    if (a && s[a] < s[a - 1] * (1 - 1e-9)) assert.ok(half[a] > half[a - 1], 'weaker modes later');
  }
  // and the shallow network learns every mode on the same clock: t_half = ln 2 (a0 << s)
  const sh = await S.simulate({ ...d, depth: 1, a0, lr: 0.002, steps: 1000, every: 1, record: { hidden: false, outputs: false } });
  for (let a = 0; a < s.length; a++) {
    const y = sh.modes[a], k = y.findIndex((v) => v >= s[a] / 2);
    assert.ok(Math.abs(sh.t[k] - Math.log(2)) < 0.01, `shallow mode ${a}: ${sh.t[k]}`);
  }
});

test('hidden representations and outputs over time: W1 columns reproduce the outputs at the end', async () => {
  const d = S.dataset({ kind: 'living' });
  assert.equal(d.items[6], 'penguin');
  assert.equal(d.features[16], 'fly');
  assert.equal(d.Y[16 * d.cols + 6], 0, 'the penguin does not fly');
  const sim = await S.simulate({ ...d, depth: 2, a0: 1e-3, lr: 0.05, steps: 600, every: 20, record: { readout: true } });
  assert.equal(sim.hidden.length, sim.t.length);
  assert.equal(sim.outputs.length, sim.t.length);
  const last = sim.t.length - 1, W1 = sim.hidden[last], M = sim.readout[last], Wt = sim.outputs[last];
  const n1 = W1.length / d.cols;
  let err = 0;
  for (let f = 0; f < d.rows; f++) {
    for (let i = 0; i < d.cols; i++) {
      let s = 0;
      for (let h = 0; h < n1; h++) s += M[f * n1 + h] * W1[h * d.cols + i];
      err = Math.max(err, Math.abs(s - Wt[f * d.cols + i]));
    }
  }
  assert.ok(err < 1e-12, `W2 W1 = W_tot to rounding, got ${err}`);
  // illusory correlation: penguin-fly rises well above 0, then falls back near 0
  const y = sim.outputs.map((W) => W[16 * d.cols + 6]);
  assert.ok(Math.max(...y) > 0.3, `peak ${Math.max(...y)}`);
  assert.ok(Math.abs(y[last]) < 0.05, `final ${y[last]}`);
});

test('diffusion data has the expected flip statistics', () => {
  const B = 2, L = 3, N = 2000, eps = 0.15;
  const d = S.dataset({ kind: 'diffusion', branching: B, levels: L, eps, features: N, seed: 9 });
  assert.equal(d.rows, N);
  assert.ok(d.Y.every((v) => v === 1 || v === -1));
  for (let k = 0; k < L; k++) {
    const j = B ** (L - 1 - k);   // leaves 0 and j meet at level k
    let diff = 0;
    for (let f = 0; f < N; f++) diff += d.Y[f * d.cols] !== d.Y[f * d.cols + j];
    const want = (1 - (1 - 2 * eps) ** (2 * (L - k))) / 2;
    const se = Math.sqrt((want * (1 - want)) / N);
    assert.ok(Math.abs(diff / N - want) < 5 * se, `level ${k}: ${diff / N} vs ${want} (5 SE = ${5 * se})`);
  }
  // the root flips fairly
  let plus = 0;
  for (let f = 0; f < N; f++) plus += d.Y[f * d.cols] > 0;
  assert.ok(Math.abs(plus / N - 0.5) < 5 * Math.sqrt(0.25 / N));
  // sampled singular values approach sqrt(N lambda_k): relative fluctuation ~ 1/sqrt(N) per feature
  // average; for the multiplicity-1 root and top split allow 15%
  const { S: sv } = S.svd(d);
  const th = S.treeTheory({ branching: B, levels: L, eps, features: N });
  assert.ok(Math.abs(sv[0] - th.s[0]) < 0.15 * th.s[0], `root ${sv[0]} vs ${th.s[0]}`);
  assert.ok(Math.abs(sv[1] - th.s[1]) < 0.15 * th.s[1], `top split ${sv[1]} vs ${th.s[1]}`);
  const same = S.dataset({ kind: 'diffusion', branching: B, levels: L, eps, features: N, seed: 9 });
  assert.deepEqual(same.Y, d.Y, 'deterministic in the seed');
});

test('classical MDS recovers a known configuration', () => {
  const n = 9, P = Array.from({ length: n }, (_, i) => [Math.cos(i), 2 * Math.sin(1.3 * i), i / 3]);
  const D2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D2[i * n + j] = P[i].reduce((s, x, k) => s + (x - P[j][k]) ** 2, 0);
  const { coords } = S.mds({ distances: D2, n, k: 3 });
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let k = 0; k < 3; k++) d += (coords[i * 3 + k] - coords[j * 3 + k]) ** 2;
      err = Math.max(err, Math.abs(d - D2[i * n + j]));
    }
  }
  assert.ok(err < 1e-9, `distance error ${err}`);   // Jacobi eigenvectors: ~1e-14 relative
  const pts = Float64Array.from(P.flat());
  const viaPoints = S.mds({ points: pts, n, dim: 3, k: 2 });
  const viaDist = S.mds({ distances: D2, n, k: 2 });
  for (let a = 0; a < 2; a++) {
    assert.ok(Math.abs(viaPoints.eig[a] - viaDist.eig[a]) < 1e-9 * viaDist.eig[0]);
    const sgn = Math.sign(viaPoints.coords[a] * viaDist.coords[a]) || 1;
    for (let i = 0; i < n; i++) assert.ok(Math.abs(viaPoints.coords[i * 2 + a] - sgn * viaDist.coords[i * 2 + a]) < 1e-9);
  }
});

test('the coherence threshold separates detectable from undetectable planted categories', () => {
  const No = 200, Nf = 200, K = 40, q = 0.2, sd = Math.sqrt(q * (1 - q));
  const edge = Math.sqrt(No) + Math.sqrt(Nf);
  const sample = (r, seed) => {
    const snr = Math.sqrt((r * Math.sqrt(No * Nf)) / (K * K));
    const d = S.dataset({ kind: 'planted', No, Nf, Ko: K, Kf: K, p: q + snr * sd, q, seed });
    const X = d.Y.map((v) => (v - q) / sd);
    const { S: sv, V, p } = S.svd({ Y: X, rows: Nf, cols: No });
    let o = 0;
    for (let i = 0; i < K; i++) o += V[i * p];
    return { s1: sv[0], overlap: (o * o) / K };
  };
  for (const seed of [1, 2]) {
    // r = 0.25 (the unsquared form of the condition would call this detectable, since
    // SNR K^2 / sqrt(No Nf) = 2.5 > 1): the top mode is noise.
    const below = sample(0.25, seed);
    assert.ok(below.overlap < 0.15, `r = 0.25: overlap ${below.overlap}`);
    // finite-size edge fluctuations are O(N^(-2/3)) relative: 5% is ample
    assert.ok(Math.abs(below.s1 - edge) < 0.05 * edge, `r = 0.25: s1 ${below.s1} vs edge ${edge}`);
    // r = 4: theta'^2 = 4, overlap -> 1 - 5/20 = 0.75, s1 -> sqrt(No) * sqrt(5 * 5 / 4)
    const above = sample(4, seed);
    assert.ok(above.overlap > 0.55, `r = 4: overlap ${above.overlap}`);
    const sTh = Math.sqrt(No) * 2.5;
    assert.ok(Math.abs(above.s1 - sTh) < 0.05 * sTh, `r = 4: s1 ${above.s1} vs ${sTh}`);
  }
});

test('coherence sweep runs and its theory matches the spiked-matrix formulas', async () => {
  const res = await S.coherence({ No: 32, Nf: 32, Ko: 8, Kf: 8, q: 0.2, ratios: [0.5, 3], seed: 3 });
  assert.equal(res.s1.length, 2);
  assert.ok(Math.abs(res.edge - 2 * Math.sqrt(32)) < 1e-12);
  assert.ok(Math.abs(res.printedRatio - 32 / 64) < 1e-12);
  assert.equal(res.theory[0].detectable, false);
  assert.equal(res.theory[1].detectable, true);
  assert.ok(res.learnTime.every(Number.isFinite));
});

test('CSV: a valid matrix becomes Y (features x items) with names', () => {
  const d = S.dataset({ kind: 'csv', text: 'item,fly,swim\r\nrobin, 1 ,0\n"sal,mon",0,1\n\n# comment\n' });
  assert.deepEqual(d.items, ['robin', 'sal,mon']);
  assert.deepEqual(d.features, ['fly', 'swim']);
  assert.deepEqual(Array.from(d.Y), [1, 0, 0, 1]);
  assert.equal(d.rows, 2);
  assert.equal(d.cols, 2);
});

test('CSV examples of the page, one with two identical items (rank-deficient), have an SVD', async () => {
  const { CSV_EXAMPLES } = await import('../../web/js/demos/common/semantic.js');
  for (const text of Object.values(CSV_EXAMPLES)) {
    const d = S.dataset({ kind: 'csv', text });
    const { S: sv, p } = S.svd(d);
    assert.equal(sv.length, p);
    for (let a = 1; a < p; a++) assert.ok(sv[a] <= sv[a - 1]);
  }
});

test('CSV: bad input is rejected with a message naming line and column', () => {
  const bad = [
    ['', /line 1: the CSV is empty/],
    ['item\nrobin', /line 1: the header needs an item column/],
    ['item,fly,\nrobin,1,0', /line 1, column 3: the property name is empty/],
    ['item,fly,fly\nrobin,1,0', /line 1, column 3: property "fly" repeats column 2/],
    ['item,fly,swim', /line 1: no items/],
    ['item,fly,swim\nrobin,1', /line 2: expected 3 cells/],
    ['item,fly,swim\n,1,0', /line 2, column 1: the item name is empty/],
    ['item,fly\nrobin,1\nrobin,0', /line 3, column 1: item "robin" repeats line 2/],
    ['item,fly,swim\nrobin,1,yes', /line 2, column 3: "yes" \(item "robin", property "swim"\) is not a number/],
    ['item,fly\n\nrobin,', /line 3, column 2: the value \(item "robin", property "fly"\) is empty/],
    ['item,fly\nrobin,1e9', /line 2, column 2: 1e9 .* must be in/],
    ['item,fly\nrobin,"1', /line 2, column 2: a quoted cell is not closed/],
    ['item,fly\nrobin,0\ncanary,0', /line 2: every value is 0/],
  ];
  for (const [text, re] of bad) {
    assert.throws(() => parseItemCSV(text), (e) => e.name === 'CSVError' && re.test(e.message), `${JSON.stringify(text)}`);
    assert.throws(() => S.dataset({ kind: 'csv', text }), re);
  }
});

test('invalid parameters name the parameter', async () => {
  const d = S.dataset({ kind: 'tree', branching: 2, levels: 2 });
  const cases = [
    [() => S.dataset({ kind: 'forest' }), /kind must be one of/],
    [() => S.dataset({ kind: 'tree', branching: 1 }), /branching must be an integer in \[2, 16\]/],
    [() => S.dataset({ kind: 'tree', branching: 16, levels: 3 }), /more than 1024 items/],
    [() => S.dataset({ kind: 'diffusion', eps: 0.7 }), /eps must be in \[0, 0.5\]/],
    [() => S.dataset({ kind: 'diffusion', features: 0 }), /features must be an integer/],
    [() => S.dataset({ kind: 'planted', No: 10, Nf: 10, Ko: 11, Kf: 2, p: 0.5, q: 0.1 }), /Ko must be an integer in \[1, 10\]/],
    [() => S.dataset({ kind: 'planted', No: 10, Nf: 10, Ko: 2, Kf: 2, p: 1.5, q: 0.1 }), /p must be in \[0, 1\]/],
    [() => S.svd({ Y: [1, 2, 3], rows: 2, cols: 2 }), /Y must be an array of 4 to 4 numbers/],
    [() => S.svd({ Y: [1, NaN, 3, 4], rows: 2, cols: 2 }), /Y\[1\] must be a finite number/],
    [() => S.mds({ distances: [0, 1, 2, 0], n: 2 }), /D2 \(squared distances\) must be symmetric/],
    [() => S.mds({ points: [1, 2, 3], n: 2, dim: 2 }), /points must be an array of 4 to 4 numbers/],
    [() => S.modeLevels({ V: [1], cols: 3, p: 1, branching: 2, levels: 2 }), /cols must be branching\^levels = 4/],
  ];
  for (const [f, re] of cases) assert.throws(f, re);
  const asyncCases = [
    [{ ...d, depth: 2, hidden: 2, lr: 0.1, steps: 10 }, /hidden must be >= min\(features, items\) = 4/],
    [{ ...d, depth: 2, steps: 10 }, /lr is required/],
    [{ ...d, depth: 0, lr: 0.1, steps: 10 }, /depth must be an integer in \[1, 200\]/],
    [{ ...d, init: 'big', lr: 0.1, steps: 10 }, /init must be one of decoupled, small/],
    [{ ...d, lr: 0.1, steps: 10, every: 11 }, /every must be an integer in \[1, 10\]/],
    [{ ...d, lr: 50, steps: 100 }, /diverged|loss/i],
  ];
  for (const [p, re] of asyncCases) await assert.rejects(S.simulate(p), re);
  await assert.rejects(S.coherence({ No: 20, Nf: 20, Ko: 2, Kf: 2, q: 0.2, ratios: [50] }), /ratios\[0\] = 50 needs p = .* > 1/);
});

test('simulate is deterministic and cancellable', async () => {
  const d = S.dataset({ kind: 'living' });
  const p = { ...d, depth: 2, init: 'small', hidden: 8, scale: 0.03, lr: 0.05, steps: 200, every: 10, seed: 4 };
  const a = await S.simulate(p), b = await S.simulate(p);
  assert.deepEqual(a.modes, b.modes);
  assert.deepEqual(a.hidden, b.hidden);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(S.simulate(p, { signal: ac.signal }), { name: 'AbortError' });
});

test('a 256-item tree: SVD and simulation stay interactive (timings reported)', async () => {
  const d = S.dataset({ kind: 'tree', branching: 2, levels: 8 });
  assert.equal(d.cols, 256);
  let t0 = performance.now();
  const { S: sv } = S.svd(d);
  const tSvd = performance.now() - t0;
  assert.ok(Math.abs(sv[255] - 1) < 1e-9 * sv[0]);
  t0 = performance.now();
  const sim = await S.simulate({ ...d, depth: 2, init: 'small', hidden: 32, scale: 0.03, lr: 0.02, steps: 100, every: 10, record: { outputs: false } });
  const tSim = performance.now() - t0;
  console.log(`# 256-item tree (511 x 256): SVD ${tSvd.toFixed(0)} ms; simulate 100 steps (hidden 32) ${tSim.toFixed(0)} ms`);
  assert.equal(sim.hidden.length, 11);
  assert.ok(tSvd < 10000 && tSim < 20000, 'generous bound: catches only pathological slow-downs');
});

test('categories of the pure tree: s_c^2 = K x coherence exactly, and s_c is a singular value of Y', () => {
  for (const [B, L] of [[2, 3], [3, 2], [2, 4]]) {
    const d = S.dataset({ kind: 'tree', branching: B, levels: L });
    // the nested partitions: level j groups the leaves by their level-j ancestor
    const parts = Array.from({ length: L + 1 }, (_, j) => Array.from({ length: d.cols }, (_, i) => Math.floor(i / B ** (L - j))));
    const c = S.categories({ ...d, parts });
    // every node below the root is a category: (B^(L+1) - 1)/(B - 1) - 1 of them
    assert.equal(c.s.length, (B ** (L + 1) - 1) / (B - 1) - 1);
    const { S: sv } = S.svd(d);
    for (let k = 0; k < c.s.length; k++) {
      // both sides are sums of a few integers: equal up to rounding (1e-12 relative)
      assert.ok(Math.abs(c.s[k] ** 2 - c.size[k] * c.coherence[k]) < 1e-12 * c.s[k] ** 2, `B ${B} L ${L} category ${k}`);
      // the closed form of the level's singular value (semantic.h): s^2 = (B^(L-j+1) - 1)/(B - 1) for a level-j category
      const j = c.level[k];
      assert.ok(Math.abs(c.s[k] - Math.sqrt((B ** (L - j + 1) - 1) / (B - 1))) < 1e-12 * c.s[k]);
      assert.ok(Array.from(sv).some((x) => Math.abs(x - c.s[k]) < 1e-10 * sv[0]), 'a singular value of Y');
    }
  }
  const d = S.dataset({ kind: 'tree', branching: 2, levels: 2 });
  assert.throws(() => S.categories({ ...d, parts: [[0, 0, 0, 0]] }), /parts must be a list of 2 to/);
  assert.throws(() => S.categories({ ...d, parts: [[0, 0, 1, 1], [0, 1, 1, 2]] }), /parts\[1\] must refine parts\[0\]/);
  assert.throws(() => S.categories({ ...d, parts: [[0, 0, 0, 0], [0, 0.5, 1, 1]] }), /parts\[1\] must hold whole group numbers/);
});

test('familiarity: item frequencies enter as Sigma11 = diag(w), Sigma31 = Y diag(w)', async () => {
  const d = S.dataset({ kind: 'tree', branching: 2, levels: 2 });
  // uniform frequencies are the unweighted case: same modes, m = 1, the exact half times
  const u = S.familiarity({ ...d, frequency: [3, 3, 3, 3], depth: 2, a0: 1e-3 });
  const { S: sv } = S.svd(d);
  u.s.forEach((x, a) => assert.ok(Math.abs(x - sv[a]) < 1e-12 * sv[0]));
  u.m.forEach((x) => assert.ok(Math.abs(x - 1) < 1e-12));
  u.halfTime.forEach((t, a) => assert.ok(Math.abs(t - Math.log(sv[a] / 1e-3 - 1) / (2 * sv[a])) < 1e-9 * t));
  // weights have mean 1; Sigma31 = Y diag(w) is what the SVD sees
  const f = [4, 1, 1, 1], fam = S.familiarity({ ...d, frequency: f, depth: 2 });
  assert.deepEqual(Array.from(fam.weights), [16 / 7, 4 / 7, 4 / 7, 4 / 7]);
  assert.ok(Math.abs(fam.s[0] - S.svd({ Y: d.Y.map((y, k) => y * fam.weights[k % 4]), rows: d.rows, cols: 4 }).S[0]) < 1e-12 * fam.s[0]);
  // D = 1 gradient descent: W_i += lr w_i (y_i - W_i), so item i's remaining error
  // shrinks by exactly (1 - lr w_i) per step; only rounding separates the two (1e-12)
  const lr = 0.01, steps = 300;
  const sim = await S.simulate({ ...d, depth: 1, a0: 1e-3, frequency: f, lr, steps, every: 100, record: { hidden: false, outputs: true } });
  const r = (Wt, i) => {
    let yw = 0, yy = 0;
    for (let m = 0; m < d.rows; m++) { yw += d.Y[m * 4 + i] * Wt[m * 4 + i]; yy += d.Y[m * 4 + i] ** 2; }
    return yw / yy;
  };
  for (let k = 1; k < sim.t.length; k++) {
    for (let i = 0; i < 4; i++) {
      const want = 1 - (1 - r(sim.outputs[0], i)) * (1 - lr * fam.weights[i]) ** (100 * k);
      assert.ok(Math.abs(r(sim.outputs[k], i) - want) < 1e-12, `item ${i} record ${k}`);
    }
  }
  assert.throws(() => S.familiarity({ ...d, frequency: [1, 1, 1] }), /frequency must be an array of 4 to 4 numbers/);
  assert.throws(() => S.familiarity({ ...d, frequency: [1, 0, 1, 1] }), /frequency\[1\] must be/);
});
