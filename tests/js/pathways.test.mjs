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
