// eng.semantic.groupErrors and eng.semantic.rsa on the built wasm, against the exact
// mode dynamics: the error each property group sends back, and the similarity of
// two networks' hidden representations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { rsmCorrelation } from '../../web/js/engine/solvers/semantic-signals.js';
import { featureGroups } from '../../web/js/demos/common/semantic.js';

const eng = await loadEngine();
const S = eng.semantic;
const tree = S.dataset({ kind: 'tree', branching: 2, levels: 3 });

/** A decoupled run of `tmax` τ in `steps` steps, 40 records. */
const net = (data, depth, tmax, steps) => ({ Y: data.Y, rows: data.rows, cols: data.cols, depth, init: 'decoupled', a0: 1e-3,
  lr: tmax / steps, steps, every: Math.max(1, Math.floor(steps / 40)), seed: 1 });

/** Largest |simulated − theory| over records and groups, relative to each group's theory peak. */
const gap = (r) => Math.max(...r.errors.map((e, g) => {
  const th = r.theory[g], peak = Math.max(...th);
  return e.reduce((m, x, k) => Math.max(m, Math.abs(x - th[k])), 0) / peak;
}));

test('property groups by generality: in the tree each node\'s property goes to its level', () => {
  const { groups, names } = featureGroups(tree);
  assert.deepEqual(Array.from(groups), Array.from(tree.level));
  assert.equal(names.length, 4);
  const living = featureGroups(S.dataset({ kind: 'living' }));
  const f = (name) => living.groups[['grow', 'living', 'roots', 'bark', 'branches', 'big', 'leaves', 'green', 'petals', 'pretty',
    'red', 'yellow', 'move', 'skin', 'wings', 'feathers', 'fly', 'sing', 'swim', 'scales', 'gills', 'fins', 'pink'].indexOf(name)];
  assert.equal(f('grow'), 0);
  assert.ok(f('grow') < f('move') && f('move') < f('wings'), 'all items < animals < birds');
});

test('group errors: gradient descent converges to the exact theory at first order in the step', async () => {
  // Gradient descent is Euler's method on the mode ODE, so its lead on the exact a(t)
  // (and hence the gap in every group's error) shrinks in proportion to the step:
  // 4x the steps over the same time must shrink the gap by about 4 (3 to 5 allows
  // the second-order remainder).
  const { groups } = featureGroups(tree);
  const g1 = gap(await S.groupErrors({ ...net(tree, 2, 4, 400), groups }));
  const g4 = gap(await S.groupErrors({ ...net(tree, 2, 4, 1600), groups }));
  assert.ok(g4 < 0.02, `gap at 1600 steps ${g4}`);
  assert.ok(g1 / g4 > 3 && g1 / g4 < 5, `gap ratio ${g1 / g4} (${g1} vs ${g4})`);
});

test('group errors: with every property in one group the theory is ‖A^((D−1)/D) (S − A)‖ from the mode curves', async () => {
  // UᵀU = I, so the double sum over modes collapses to one; checks the engine's theory path.
  for (const depth of [2, 3]) {
    const r = await S.groupErrors({ ...net(tree, depth, 3, 60), groups: new Float64Array(tree.rows) });
    const a = Array.from(r.S, (s) => eng.deepLinear.modeTrajectory({ depth, s, a0: 1e-3, t: r.t }));
    r.t.forEach((_, k) => {
      const want = Math.sqrt(a.reduce((m, ak, x) => m + ak[k] ** (2 * (depth - 1) / depth) * (r.S[x] - ak[k]) ** 2, 0));
      assert.ok(Math.abs(r.theory[0][k] - want) <= 1e-12 * (want + 1), `D ${depth} record ${k}: ${r.theory[0][k]} vs ${want}`);
    });
  }
});

test('group errors: the general properties\' error falls to half its peak first (tree, living; D = 2, 3)', async () => {
  for (const [data, depth, tmax, steps] of [[tree, 2, 6, 600], [tree, 3, 14, 1400], [S.dataset({ kind: 'living' }), 2, 5, 500]]) {
    const { groups } = featureGroups(data);
    const r = await S.groupErrors({ ...net(data, depth, tmax, steps), groups });
    const half = r.errors.map((e) => {
      const k = e.indexOf(Math.max(...e));
      return r.t[e.findIndex((x, j) => j > k && x <= e[k] / 2)];
    });
    half.forEach((h, g) => assert.ok(h > (g ? half[g - 1] : 0), `D ${depth}: half times ${half}`));
  }
});

test('RSA: the correlation of i <= j entries ignores scale and offset, and is symmetric', () => {
  const A = [2, 1, 0, 1, 3, 1, 0, 1, 5], B = [1, 0, 0, 0, 1, 2, 0, 2, 1];
  assert.ok(Math.abs(rsmCorrelation(A, A.map((x) => 3 * x - 7), 3) - 1) < 1e-15);
  assert.equal(rsmCorrelation(A, B, 3), rsmCorrelation(B, A, 3));
  assert.ok(Math.abs(rsmCorrelation(A, A.map((x) => -x), 3) + 1) < 1e-15);
  assert.equal(rsmCorrelation(A, new Array(9).fill(2), 3), 0, 'a constant matrix has no pattern to correlate');
});

test('RSA: each network is simulate\'s network; both reach the theory\'s V S^(2/D) Vᵀ', async () => {
  const depth = 2, a0 = 1e-3, n = tree.cols;
  const p = { Y: tree.Y, rows: tree.rows, cols: n, depth, a0, scale: Math.sqrt(a0), lr: 0.02, steps: 400, every: 40 };
  const r = await S.rsa({ ...p, hidden: [8, 32], seeds: [3, 4] });
  const sim = await S.simulate({ ...p, init: 'small', hidden: 32, seed: 4, record: { hidden: true, outputs: false } });
  const H = sim.hidden.at(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let k = 0;
      for (let h = 0; h < 32; h++) k += H[h * n + i] * H[h * n + j];
      assert.ok(Math.abs(r.rsm[1].at(-1)[i * n + j] - k) < 1e-12 * (1 + Math.abs(k)), 'K = W¹ᵀW¹ of the same run');
    }
  }
  // theory: trace K(t) = Σ a_α(t)^(2/D) (V orthonormal); at t = 0 every a_α = a0
  const { S: sv } = S.svd(tree);
  const trace = (K) => Array.from({ length: n }, (_, i) => K[i * n + i]).reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(trace(r.theory[0]) - n * a0) < 1e-12);
  const end = Array.from(sv, (s) => eng.deepLinear.modeTrajectory({ depth, s, a0, t: [r.t.at(-1)] })[0]);
  assert.ok(Math.abs(trace(r.theory.at(-1)) - end.reduce((x, y) => x + y, 0)) < 1e-9 * trace(r.theory.at(-1)));
  // From a start of scale σ the layers stay balanced up to O(σ²) = 1e-3 of s, so the
  // learned matrices match the theory's and each other's to well within 1 %.
  assert.equal(r.t.length, 11);
  assert.ok(r.between.at(-1) > 0.99 && r.vsTheory.every((x) => x.at(-1) > 0.99), `${r.between.at(-1)} ${r.vsTheory.map((x) => x.at(-1))}`);
});

test('group errors and RSA: invalid parameters name the parameter', async () => {
  const base = { ...net(tree, 2, 1, 10) };
  await assert.rejects(S.groupErrors({ ...base, groups: [0, 1] }), /groups/);
  await assert.rejects(S.groupErrors({ ...base, groups: new Float64Array(tree.rows).fill(0.5) }), /groups\[0\]/);
  await assert.rejects(S.groupErrors({ ...base, depth: 1, groups: new Float64Array(tree.rows) }), /depth/);
  const { init, ...small } = base;
  void init;
  await assert.rejects(S.rsa({ ...small, hidden: [8], seeds: [1, 2] }), /hidden/);
  await assert.rejects(S.rsa({ ...small, hidden: [8, 8], seeds: [1, 2.5] }), /seeds/);
  const one = S.dataset({ kind: 'csv', text: 'item,a,b\nx,1,0' });
  await assert.rejects(S.rsa({ ...small, Y: one.Y, rows: one.rows, cols: one.cols, hidden: [4, 4], seeds: [1, 2] }), /cols/);
});
