// Multiple deep linear pathways (docs/theory.md §3, Shi et al. 2022) in the wasm build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';

const eng = await loadEngine();
const W = eng.pathways;

test('pathway concentration increases with depth, over several seeds', async () => {
  // Per-pathway strength grows like a^(2 - 2/D): additive at D = 1 (shares even out),
  // proportional at D = 2 (shares keep their start), faster than linear for D >= 3
  // (the leader takes over). So the mean concentration must rise with depth.
  const base = { pathways: 3, width: 12, singularValues: [3, 2, 1], scale: 0.2, lr: 0.05, steps: 4000, every: 4000 };
  const mean = [];
  for (const depth of [1, 2, 3, 4]) {
    let c = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await W.simulate({ ...base, depth, seed });
      assert.ok(r.loss[r.loss.length - 1] < 1e-6, `depth ${depth} seed ${seed} did not learn`);
      c += r.finalConcentration / 5;
    }
    mean.push(c);
  }
  for (let i = 1; i < mean.length; i++) assert.ok(mean[i] > mean[i - 1], `concentration by depth ${mean}`);
  assert.ok(mean[0] < 0.36 && mean[3] > 0.55, `shallow ~1/3, deep concentrated: ${mean}`);
});

test('a mode never learned is marked and left out of the mean concentration', async () => {
  // Depth 6 from scale 0.2: the weakest mode (s = 1) is still on its plateau after 2500
  // steps (loss ~ 1/2 = its s^2/2), so its shares are those of the random start.
  const r = await W.simulate({ pathways: 3, depth: 6, width: 12, singularValues: [3, 2, 1], scale: 0.2, lr: 0.05, steps: 2500, every: 2500, seed: 2 });
  const k = r.t.length - 1;
  assert.ok(Math.abs(r.loss[k] - 0.5) < 0.01, `loss ${r.loss[k]}`);
  assert.deepEqual(Array.from(r.learned), [1, 1, 0]);
  assert.equal(r.finalConcentration, (r.concentration[0][k] + r.concentration[1][k]) / 2);
  const none = await W.simulate({ pathways: 2, depth: 4, width: 4, singularValues: [1], scale: 0.02, lr: 0.01, steps: 10, seed: 1 });
  assert.deepEqual(Array.from(none.learned), [0]);
  assert.ok(Number.isNaN(none.finalConcentration), 'no learned mode: no mean');
});

test('shares sum to 1 and the summed strengths reach the singular values', async () => {
  const r = await W.simulate({ pathways: 4, depth: 3, width: 8, singularValues: [2, 1], scale: 0.3, lr: 0.05, steps: 3000, every: 300 });
  const k = r.t.length - 1;
  for (let a = 0; a < 2; a++) {
    const tot = r.strength[a].reduce((s, c) => s + c[k], 0);
    assert.ok(Math.abs(tot - [2, 1][a]) < 1e-4);
    for (let i = 0; i <= k; i++) assert.ok(Math.abs(r.share[a].reduce((s, c) => s + c[i], 0) - 1) < 1e-12);
  }
  assert.deepEqual(Array.from(r.time), Array.from(r.t, (x) => x * 0.05));
});

test('every invalid parameter is named', async () => {
  const bad = [
    [{ pathways: 9 }, /pathways/], [{ depth: 0 }, /depth/], [{ width: 300 }, /width/],
    [{ singularValues: [] }, /singularValues/], [{ singularValues: [1, -2] }, /singularValues\[1\]/],
    [{ scale: 0 }, /scale/], [{ lr: -1 }, /lr/], [{ seed: 0.5 }, /seed/],
    [{ lr: 30, steps: 2000 }, /diverged at step \d+/],
  ];
  for (const [p, re] of bad) await assert.rejects(W.simulate(p), re);
});

test('pathways with φ on the hidden layers: depth 1 is the linear network bit for bit, deeper ones fit the modes and concentrate', async () => {
  const base = { pathways: 3, width: 12, singularValues: [3, 2, 1], scale: 0.2, lr: 0.05, steps: 3000, every: 3000, seed: 2 };
  // At depth 1 there is no hidden layer for φ to act on.
  const lin = await W.simulate({ ...base, depth: 1 }), relu1 = await W.simulate({ ...base, depth: 1, phi: 'relu' });
  assert.deepEqual(relu1.strength, lin.strength);
  for (const phi of ['relu', 'tanh']) {
    const shallow = await W.simulate({ ...base, depth: 1, phi }), deep = await W.simulate({ ...base, depth: 4, phi });
    // The K inputs e_a are fitted exactly at the minimum: the summed strengths reach s_a.
    deep.strength.forEach((paths, a) => {
      const sum = paths.reduce((t, c) => t + c[c.length - 1], 0);
      assert.ok(Math.abs(sum - base.singularValues[a]) < 1e-3, `${phi}: mode ${a + 1} sums to ${sum}`);
    });
    assert.ok(deep.finalConcentration > shallow.finalConcentration + 0.1, `${phi}: ${shallow.finalConcentration} -> ${deep.finalConcentration}`);
  }
  await assert.rejects(W.simulate({ ...base, depth: 3, phi: 'sigmoid' }), /phi/);
});

// ---- the reduced theory (theory.js pathwaysReduced; Shi et al. 2022) ----------------------
const grid = (n, T) => Float64Array.from({ length: n }, (_, i) => (T * i) / (n - 1));

test('reduced pathways: one balanced pathway is the deep linear mode solution', () => {
  // P = 1 is tau da/dt = D a^(2-2/D) (s - a), which the C solver integrates on its own;
  // its stated accuracy is ~1e-9 relative, RK4 with 2% steps ~1e-7: 1e-6 of s covers both.
  for (const depth of [1, 2, 3, 5]) {
    const t = grid(60, 8), s = 2.5, a0 = 1e-3;
    const [red] = W.reduced({ s, depth, a0: [a0], t });
    const ref = eng.deepLinear.modeTrajectory({ depth, s, a0, t });
    const err = red.reduce((m, v, i) => Math.max(m, Math.abs(v - ref[i])), 0);
    assert.ok(err < 1e-6 * s, `depth ${depth}: max |reduced - modeTrajectory| = ${err}`);
  }
});

test('reduced pathways: closed forms and conserved quantities', () => {
  const s = 3, a0 = [0.01, 0.02, 0.005], t = grid(80, 6), A0 = a0.reduce((x, y) => x + y, 0);
  // D = 1: every pathway gets the same additive change (s - A0)(1 - e^(-P t)) / P.
  const d1 = W.reduced({ s, depth: 1, a0, t });
  t.forEach((x, i) => a0.forEach((a, p) => assert.ok(Math.abs(d1[p][i] - (a + ((s - A0) / 3) * (1 - Math.exp(-3 * x)))) < 1e-14)));
  // D = 2, balanced: proportions kept, the sum is the logistic
  // A = s A0 e^(2st) / (s + A0 (e^(2st) - 1)). RK4 at 2% steps: 1e-7 of s with margin.
  const d2 = W.reduced({ s, depth: 2, a0, t });
  t.forEach((x, i) => {
    const A = (s * A0 * Math.exp(2 * s * x)) / (s + A0 * (Math.exp(2 * s * x) - 1));
    a0.forEach((a, p) => assert.ok(Math.abs(d2[p][i] - (A * a) / A0) < 1e-7 * s, `D2 p${p} t=${x}: ${d2[p][i]} vs ${(A * a) / A0}`));
  });
  // D = 4, balanced: a_p^(-1/2) - a_q^(-1/2) is conserved (d a^(-k)/dt = -(D-2) E for all p),
  // so the pathway ahead takes the mode: from a 2x lead its end share is above 0.9.
  const d4 = W.reduced({ s, depth: 4, a0, t: grid(80, 40) });
  const gap0 = a0[1] ** -0.5 - a0[0] ** -0.5;
  d4[0].forEach((_, i) => assert.ok(Math.abs(d4[1][i] ** -0.5 - d4[0][i] ** -0.5 - gap0) < 1e-6 * Math.abs(gap0)));
  assert.ok(Math.abs(d4.reduce((x, c) => x + c[79], 0) - s) < 1e-9 * s && d4[1][79] / s > 0.9, `end ${d4.map((c) => c[79])}`);
  // D = 2 with the input gain^2 ahead by lambda: tau dg/dt = sqrt(g^2 + lambda) E for every
  // pathway, so asinh(g_p / sqrt(lambda)) - asinh(g_q / sqrt(lambda)) is conserved, with
  // g^2 = (sqrt(lambda^2 + 4 a^2) - lambda) / 2 (a = g sqrt(g^2 + lambda)); a crosses 0.
  const lambda = 0.5, b0 = [0.01, -0.02, 0.005];
  const dl = W.reduced({ s, depth: 2, a0: b0, t, first: lambda });
  const u = (a) => Math.asinh(Math.sign(a) * Math.sqrt((Math.sqrt(lambda * lambda + 4 * a * a) - lambda) / 2) / Math.sqrt(lambda));
  const inv0 = u(b0[0]) - u(b0[1]);
  dl[0].forEach((_, i) => assert.ok(Math.abs(u(dl[0][i]) - u(dl[1][i]) - inv0) < 1e-7, `t ${t[i]}`));
  assert.ok(dl[1][79] > 0, 'the pathway that started negative crosses 0');
  assert.throws(() => W.reduced({ s, depth: 3, a0: [0.1], t: [1, 0] }), /ascending/);
});

test('reduced pathways against the simulation: the gap shrinks as the width grows', async () => {
  // The theory takes over each mode where it leaves its plateau (summed strength s_a / 10),
  // with the offsets the Gaussian start puts along the mode at large width. What it leaves
  // out (the random parts of the start, of relative size ~ 1/sqrt(width), and GD's step)
  // fades with width. Depth 2, seeds 1-4, mean over seeds of the largest gap / s_a:
  // 0.045, 0.033, 0.0034 at widths 12, 48, 192. Checked: it falls at each step, and by
  // at least the 1/sqrt(4) of fluctuations from 48 to 192.
  const gap = async (width) => {
    let m = 0;
    for (const seed of [1, 2]) {
      const r = await W.simulate({ pathways: 3, depth: 2, width, singularValues: [3, 2, 1], scale: 0.2, lr: 0.05, steps: 2000, every: 10, seed });
      r.reduced.forEach((mode, a) => mode.strength.forEach((c, p) => c.forEach((v, i) => {
        m = Math.max(m, Math.abs(v - r.strength[a][p][mode.from + i]) / r.singularValues[a]);
      })));
    }
    return m;
  };
  const [g12, g48, g192] = [await gap(12), await gap(48), await gap(192)];
  assert.ok(g48 < g12 && g192 < 0.5 * g48, `largest gaps ${g12}, ${g48}, ${g192}`);
});
