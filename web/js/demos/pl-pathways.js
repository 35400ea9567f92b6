// Multiple pathways (Shi, Shea-Brown & Buice 2022; docs/theory.md §3): parallel deep
// pathways (linear, or with φ on their hidden layers) summed at the output; with depth
// each mode concentrates in one pathway.
// Only modes the network has learned (summed strength >= s/2) count: the shares of a
// mode still on its plateau are those of the random start.
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';

/**
 * A sweep's runs by depth, summarised: per seed the mean concentration over its learned
 * modes (NaN if none); per depth the mean over every learned (seed, mode); modes not learned.
 */
function summarise(byDepth) {
  const spread = byDepth.map((rs) => rs.map((r) => r.finalConcentration));
  const conc = byDepth.map((rs) => {
    const vals = rs.flatMap((r) => r.concentration.filter((_, a) => r.learned[a]).map((c) => c[c.length - 1]));
    return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : NaN;
  });
  const unlearned = byDepth.map((rs) => rs.reduce((n, r) => n + r.learned.reduce((m, l) => m + (1 - l), 0), 0));
  return { spread, conc, unlearned };
}

/** Per learned mode with a reduced theory: the pathway (from 1) largest at the end in theory and simulation. */
function theoryWinners(run) {
  const last = run.t.length - 1, arg = (xs) => xs.indexOf(Math.max(...xs)) + 1;
  return (run.reduced ?? []).flatMap((m, a) => (m && run.learned[a]
    ? [{ mode: a + 1, theory: arg(m.strength.map((c) => c[c.length - 1])), simulation: arg(run.strength[a].map((c) => c[last])) }] : []));
}

/** The largest gap between the reduced theory and the simulation over the learned modes, / s_a. */
function theoryGap(run) {
  return (run.reduced ?? []).reduce((g, m, a) => (m && run.learned[a]
    ? m.strength.reduce((h, c, p) => c.reduce((k, y, i) => Math.max(k, Math.abs(y - run.strength[a][p][m.from + i]) / run.singularValues[a]), h), g) : g), 0);
}

export default {
  id: 'pl-pathways',
  area: 'perceptual',
  title: 'Multiple pathways',
  refs: ['shi2022'],
  live: false,
  params: [
    { key: 'pathways', label: 'Pathways P', help: 'How many parallel pathways go from input to output; their outputs are summed.', type: 'int', min: 2, max: 6, step: 1, def: 3 },
    { key: 'depth', label: 'Depth of each pathway (weight layers)', help: 'The number of weight matrices in each pathway.', type: 'int', min: 1, max: 6, step: 1, def: 4 },
    { key: 'phi', label: 'Nonlinearity φ of the hidden layers', help: 'linear: the deep linear pathways of the theory; tanh or ReLU: the same pathways with φ after every hidden layer (the sweep then shows linear pathways beside them).', type: 'choice', options: ['linear', 'relu', 'tanh'], def: 'linear' },
    { key: 'width', label: 'Hidden width', help: 'The number of neurons in each hidden layer of every pathway.', type: 'int', min: 2, max: 64, step: 1, def: 12 },
    { key: 's1', label: 'Singular value s₁', type: 'real', min: 0.2, max: 5, step: 0.1, def: 3 },
    { key: 's2', label: 'Singular value s₂', type: 'real', min: 0.2, max: 5, step: 0.1, def: 2 },
    { key: 's3', label: 'Singular value s₃', type: 'real', min: 0.2, max: 5, step: 0.1, def: 1 },
    { key: 'scale', label: 'Initial weight scale', type: 'real', min: 0.02, max: 1, def: 0.2, scale: 'log' },
    { key: 'lr', label: 'Learning rate (= dt/τ)', type: 'real', min: 0.001, max: 0.2, def: 0.05, scale: 'log' },
    { key: 'steps', label: 'Steps', type: 'int', min: 100, max: 20000, step: 100, def: 2500 },
    { key: 'maxDepth', label: 'Sweep: depths 1 to', help: 'The sweep in the last chart trains pathways of every depth from 1 up to this.', type: 'int', min: 2, max: 6, step: 1, def: 4 },
    { key: 'seeds', label: 'Sweep: seeds per depth', help: 'How many random starts the sweep averages over at each depth.', type: 'int', min: 1, max: 8, step: 1, def: 3 },
    seedParam(),
    { key: 'mode', label: 'Mode shown over time', help: 'Which mode the first two charts follow over time.', type: 'choice', options: ['1', '2', '3'], def: '1', view: true },
  ],
  charts: [
    { id: 'strength', title: 'Strength of the chosen mode carried by each pathway, u_aᵀ W⁽ᵖ⁾ v_a: simulation (dots), reduced theory (lines)', xLabel: 'time t / τ', yLabel: 'strength' },
    { id: 'share', title: 'Share of the chosen mode carried by each pathway, |a_ap| / Σ_q |a_aq|', xLabel: 'time t / τ', yLabel: 'share', yMin: 0, yMax: 1 },
    { id: 'final', title: 'Final share of every mode in each pathway (this run)', xLabel: 'mode (1 = strongest)', xType: 'index', yLabel: 'share', yMin: 0, yMax: 1 },
    { id: 'depth', title: 'Concentration Σₚ share² at the end, mean over learned modes and seeds, vs depth', xLabel: 'depth of each pathway', yLabel: 'concentration', yMin: 0, yMax: 1 },
  ],
  equation: `
    <p><span class="math">y = Σ<sub>p</sub> W<sup>p,D</sup>⋯W<sup>p,1</sup> x</span>, one loss; mode a's strength in pathway p:
       <span class="math">a<sub>ap</sub> = u<sub>a</sub><sup>T</sup>W<sup>p,D</sup>⋯W<sup>p,1</sup>v<sub>a</sub></span>, with <span class="math">Σ<sub>p</sub> a<sub>ap</sub> → s<sub>a</sub></span>.</p>
    <p>With φ: pathway p maps x to <span class="math">f<sub>p</sub>(x) = W<sup>p,D</sup> φ(⋯φ(W<sup>p,1</sup> x))</span>, trained on the inputs
       <span class="math">e<sub>a</sub></span> with targets <span class="math">s<sub>a</sub> e<sub>a</sub></span> (the same loss), and
       <span class="math">a<sub>ap</sub></span> is the a-th output of <span class="math">f<sub>p</sub>(e<sub>a</sub>)</span>.</p>
    <p>Share <span class="math">|a<sub>ap</sub>| / Σ<sub>q</sub>|a<sub>aq</sub>|</span>; concentration <span class="math">Σ<sub>p</sub> share²</span>: 1/P = spread evenly, 1 = one pathway.</p>
    <p>Balanced pathways: <span class="math">τ ȧ<sub>ap</sub> ≈ D a<sub>ap</sub><sup>2−2/D</sup> (s<sub>a</sub> − Σ<sub>q</sub>a<sub>aq</sub>)</span>: growth faster than linear for D ≥ 3 (rich get richer).</p>
    <p>Reduced theory (lines): each pathway's gains along the mode, the input layer's squared gain ahead by
       <span class="math">scale²(width/K − 1)</span> as the random start leaves it at large width, started where the mode's summed strength reaches s<sub>a</sub>/10.</p>`,
  lookFor: `Pick a mode and watch which pathway takes it over; the lines are the reduced theory, which takes over from
    the dots where the mode leaves its plateau. Compare the modes in the final shares and the depths in the sweep.
    Then try smaller initial weights.`,
  claims: [
    {
      text: 'The reduced theory, started where a mode leaves its plateau, picks the pathway that ends up carrying it: for every learned mode of this run its largest pathway at the end is the simulation\'s.',
      when: (v) => v.phi === 'linear',
      applies: ({ run }) => theoryWinners(run).length > 0,
      check: ({ run }) => {
        const winners = theoryWinners(run);
        return { holds: winners.length > 0 && winners.every((w) => w.theory === w.simulation),
          detail: winners.map((w) => `mode ${w.mode}: pathway ${w.theory} (theory), ${w.simulation} (simulation)`).join('; ') || 'no learned mode' };
      },
    },
    {
      text: 'Depth concentrates: in the sweep the mean concentration of linear pathways rises with their depth.',
      check: ({ depths, conc }) => {
        const ok = conc.every((c, i) => i === 0 || c > conc[i - 1]);
        return { holds: ok, detail: depths.map((d, i) => `D${d}: ${Number.isFinite(conc[i]) ? fmt(conc[i]) : '—'}`).join(', ') };
      },
    },
    {
      text: 'Shallow pathways (depth 1) share every mode evenly: all get the same additive update, so the concentration stays within 0.05 of 1/P.',
      check: ({ depths, conc }, v) => ({ holds: depths[0] === 1 && Math.abs(conc[0] - 1 / v.pathways) < 0.05, detail: `${fmt(conc[0])} vs 1/P = ${fmt(1 / v.pathways)}` }),
    },
    {
      text: 'With depth 3 or more, each learned mode ends up carried mostly by one linear pathway: the mean concentration at the deepest depth of the sweep exceeds 0.5.',
      when: (v) => v.maxDepth >= 3,
      check: ({ depths, conc }) => ({ holds: conc[conc.length - 1] > 0.5, detail: `${fmt(conc[conc.length - 1])} at depth ${depths[depths.length - 1]}` }),
    },
    {
      text: 'With φ on the hidden layers depth concentrates too: the mean concentration at the deepest depth of the sweep is more than 0.1 above its value at depth 1.',
      when: (v) => v.phi !== 'linear' && v.maxDepth >= 3,
      at: { phi: 'relu' },
      check: ({ depths, concPhi }) => {
        const rise = concPhi[concPhi.length - 1] - concPhi[0];
        return { holds: rise > 0.1, detail: depths.map((d, i) => `D${d}: ${Number.isFinite(concPhi[i]) ? fmt(concPhi[i]) : '—'}`).join(', ') };
      },
    },
  ],

  async compute(call, v) {
    const s = [v.s1, v.s2, v.s3];
    const base = { pathways: v.pathways, width: v.width, singularValues: s, scale: v.scale, lr: v.lr, steps: v.steps };
    const run = await call('pathways.simulate', { ...base, phi: v.phi, depth: v.depth, seed: v.seed, every: Math.max(1, Math.floor(v.steps / 500)) });
    const depths = Array.from({ length: v.maxDepth }, (_, i) => i + 1);
    // The sweep: linear pathways, and with phi beside them. Every (phi, depth, seed) run is
    // independent: spread them over the worker pool.
    const phis = v.phi === 'linear' ? ['linear'] : ['linear', v.phi];
    const seeds = Array.from({ length: v.seeds }, (_, k) => v.seed + 1000 * k);
    const runs = await call.many('pathways.simulate',
      phis.flatMap((phi) => depths.flatMap((depth) => seeds.map((seed) => ({ ...base, phi, depth, seed, every: v.steps })))));
    const sweep = phis.map((_, f) => summarise(depths.map((_, d) => runs.slice((f * depths.length + d) * seeds.length, (f * depths.length + d + 1) * seeds.length))));
    const [lin, nl] = sweep;
    return { run, depths, conc: lin.conc, spread: lin.spread, unlearned: lin.unlearned, ...(nl ? { concPhi: nl.conc, spreadPhi: nl.spread, unlearnedPhi: nl.unlearned } : {}), s };
  },

  draw({ run, depths, conc, spread, concPhi, spreadPhi, s }, v) {
    const finite = (xs, ys) => ({ x: xs.filter((_, i) => Number.isFinite(ys[i])), y: ys.filter(Number.isFinite) });
    const a = Number(v.mode) - 1;
    // Show time up to a little past the point where the loss has fallen to 1e-4 of its start.
    const done = run.loss.findIndex((l) => l <= 1e-4 * run.loss[0]);
    const n = done < 0 ? run.t.length : Math.min(run.t.length, Math.ceil(done * 1.5) + 2);
    const cut = (arr) => arr.slice(0, n);
    const tx = cut(run.time);
    // Simulation as dots (about 80 per pathway), the reduced theory as lines from where it starts.
    const every = Math.max(1, Math.round(n / 80)), thin = (arr) => arr.filter((_, i) => i % every === 0);
    const strength = run.strength[a].map((y, p) => ({ label: `pathway ${p + 1}`, x: thin(tx), y: thin(cut(y)), colorIndex: p, points: true }));
    const red = run.reduced?.[a];
    if (red && red.from < n) {
      red.strength.forEach((y, p) => strength.push({ label: `theory, pathway ${p + 1}`, x: tx.slice(red.from), y: y.slice(0, n - red.from), colorIndex: p }));
    }
    strength.push({ label: `s_${a + 1} = ${fmt(s[a])}`, x: [tx[0], tx[tx.length - 1]], y: [s[a], s[a]], colorIndex: 6, dash: true, width: 1 });
    const share = run.share[a].map((y, p) => ({ label: `pathway ${p + 1}`, x: tx, y: cut(y), colorIndex: p }));
    const last = run.t.length - 1;
    const modes = Float64Array.from(s, (_, i) => i + 1);
    const final = [];
    // Learned modes only: a mode still on its plateau has no share worth showing.
    const learned = Array.from(modes).filter((_, a) => run.learned[a]);
    for (let p = 0; p < run.pathways; p++) {
      const y = run.share.filter((_, a) => run.learned[a]).map((paths) => paths[p][last]);
      final.push({ label: `pathway ${p + 1}`, x: learned, y, colorIndex: p, points: true });
      final.push({ label: `_pathway ${p + 1}`, x: learned, y, colorIndex: p, width: 1 });
    }
    const dx = Array.from(depths);
    const seedDots = (sp) => finite(sp.flatMap((vals, i) => vals.map(() => depths[i])), sp.flat());
    const depth = [
      { label: concPhi ? 'linear: mean over learned modes and seeds' : 'mean over learned modes and seeds', ...finite(dx, conc), colorIndex: 0 },
      { label: concPhi ? 'linear: each seed' : 'each seed', ...seedDots(spread), colorIndex: 0, points: true },
      ...(concPhi ? [
        { label: `${v.phi}: mean over learned modes and seeds`, ...finite(dx, concPhi), colorIndex: 1 },
        { label: `${v.phi}: each seed`, ...seedDots(spreadPhi), colorIndex: 1, points: true },
      ] : []),
      { label: `even split 1/P = ${fmt(1 / v.pathways)}`, x: [dx[0], dx[dx.length - 1]], y: [1 / v.pathways, 1 / v.pathways], colorIndex: 6, dash: true, width: 1 },
    ];
    return { strength, share, final, depth };
  },

  readout({ run, depths, conc, unlearned, concPhi, unlearnedPhi }, v) {
    const last = run.t.length - 1;
    const byDepth = (c) => depths.map((d, i) => `D${d}: ${Number.isFinite(c[i]) ? fmt(c[i]) : '—'}`).join(', ');
    return [
      ['concentration per mode at the end (this run)', run.concentration.map((c, a) => (run.learned[a] ? fmt(c[last]) : 'not learned')).join(', ')],
      [concPhi ? 'mean concentration by depth, linear (learned modes)' : 'mean concentration by depth (learned modes)', byDepth(conc)],
      ...(concPhi ? [[`mean concentration by depth, ${v.phi} (learned modes)`, byDepth(concPhi)]] : []),
      ['modes not learned in the sweep (left out)', [...unlearned, ...(unlearnedPhi ?? [])].every((n) => n === 0) ? 'none'
        : depths.map((d, i) => `D${d}: ${unlearned[i]}${unlearnedPhi ? ` (${v.phi}: ${unlearnedPhi[i]})` : ''}`).join(', ')],
      ['final loss (this run)', fmt(run.loss[last])],
      ...(run.reduced ? [['largest gap, reduced theory vs simulation (learned modes, / s_a)', theoryWinners(run).length ? fmt(theoryGap(run)) : 'no learned mode to compare']] : []),
    ];
  },
};
