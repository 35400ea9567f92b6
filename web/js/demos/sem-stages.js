// Semantic differentiation, view (a): mode strengths of a shallow (D = 1) and a
// deep network trained on the same items, simulated (dots) against the exact
// mode dynamics (lines), grouped by the hierarchy level each mode splits.
import { fmt } from '../format.js';
import { dataParams, datasetArgs, partitions, levelsOfModes, schedule, halfTime } from './common/semantic.js';

const N_THEORY = 200;

export default {
  id: 'sem-stages',
  area: 'semantic',
  title: 'Stages: shallow vs deep',
  refs: ['saxe2019'],
  live: false,
  params: [
    ...dataParams(['tree', 'diffusion', 'living', 'your-csv'], 'tree'),
    { key: 'depth', label: 'Deep network: depth D', help: 'The depth of the deep network, compared with a shallow one (D = 1).', type: 'int', min: 2, max: 6, step: 1, def: 2 },
    { key: 'a0', label: 'Initial mode strength a₀', type: 'real', min: 1e-5, max: 0.1, def: 1e-3, scale: 'log' },
  ],
  charts: [
    { id: 'deep', title: 'Deep network: fraction of each level learned, a/s', xLabel: 'time t / τ', yLabel: 'mode strength a / s', yMin: 0, yMax: 1.05 },
    { id: 'shallow', title: 'Shallow network (D = 1): fraction learned, a/s', xLabel: 'time t / τ', yLabel: 'mode strength a / s', yMin: 0, yMax: 1.05 },
  ],
  equation: `
    <p>From a decoupled, balanced start each mode evolves alone:
       <span class="math">τ <span class="frac"><span>da</span><span>dt</span></span> = D a<sup>2−2/D</sup> (s − a)</span>.</p>
    <p>D = 1: <span class="math">a(t) = s + (a<sub>0</sub> − s) e<sup>−t/τ</sup></span> — every mode rises at once.
       &nbsp; D = 2: <span class="math">a(t) = s / (1 + (s/a<sub>0</sub> − 1) e<sup>−2st/τ</sup>)</span> — a plateau, then a jump at
       <span class="math">t<sub>½</sub> = (τ/2s) ln(s/a<sub>0</sub> − 1)</span>.</p>`,
  lookFor: `In the deep network each level of the hierarchy waits on a plateau and then is learned
    suddenly, broad distinctions first: the half-way time grows as 1/s, and s falls with the level.
    These are the stage-like transitions of development. The shallow network has no stages: every
    mode follows the same exponential, so all distinctions are learned together. Deeper networks
    (D = 3, 4) make the plateaus longer and the transitions sharper. Dots (gradient descent in
    wasm) sit on the lines (exact dynamics) up to the O(lr) error of a finite step.`,

  async compute(call, v) {
    const data = await call('semantic.dataset', datasetArgs(v));
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const { parts, names } = partitions(data);
    const level = levelsOfModes(svd.V, svd.p, parts);
    const S = svd.S, s1 = S[0];
    const sMin = Array.from(S).filter((s) => s > 1e-6 * s1).reduce((m, s) => Math.min(m, s), s1);
    const runs = {};
    for (const [key, depth] of [['shallow', 1], ['deep', v.depth]]) {
      const tmax = depth === 1 ? 4 : 1.6 * Math.max(halfTime(sMin, v.a0, depth), halfTime(s1, v.a0, depth), 1e-3);
      const { lr, steps, every } = schedule(tmax, s1, depth, { minSteps: 200, records: 60 });
      const sim = await call('semantic.simulate', { Y: data.Y, rows: data.rows, cols: data.cols, depth,
        a0: v.a0, lr, steps, every, seed: v.seed, record: { hidden: false, outputs: false } });
      const t = Float64Array.from({ length: N_THEORY }, (_, i) => (steps * lr * i) / (N_THEORY - 1));
      runs[key] = { depth, sim, t, theory: [] };
      // one theory curve per distinct singular value (the tree's levels are degenerate)
      const seen = new Map();
      for (let a = 0; a < svd.p; a++) {
        if (!(S[a] > 1e-6 * s1)) continue;
        const key2 = S[a].toPrecision(8);
        if (!seen.has(key2)) seen.set(key2, await call('deepLinear.modeTrajectory', { depth, s: S[a], a0: v.a0, t }));
      }
      runs[key].curves = seen;
    }
    return { data, S, level, names, runs };
  },

  draw({ S, level, names, runs }) {
    const out = {};
    for (const key of ['deep', 'shallow']) {
      const { sim, t, curves } = runs[key];
      const series = [];
      const L = names.length;
      for (let j = 0; j < L; j++) {
        const modes = [];
        for (let a = 0; a < S.length; a++) if (level[a] === j && S[a] > 1e-6 * S[0]) modes.push(a);
        if (!modes.length) continue;
        // mean over the level's modes of a/s (simulated) and of the exact a/s
        const simY = Float64Array.from(sim.t, (_, k) => modes.reduce((m, a) => m + sim.modes[a][k] / S[a], 0) / modes.length);
        const thY = Float64Array.from(t, (_, k) => modes.reduce((m, a) => m + curves.get(S[a].toPrecision(8))[k] / S[a], 0) / modes.length);
        const sRange = modes.length > 1 && S[modes[0]] - S[modes[modes.length - 1]] > 1e-6 * S[0]
          ? `s ${fmt(S[modes[modes.length - 1]])}–${fmt(S[modes[0]])}` : `s = ${fmt(S[modes[0]])}`;
        series.push({ label: `splits ${names[j]} (${sRange}): simulated`, x: sim.t, y: simY, points: true, colorIndex: j });
        series.push({ label: `_theory level ${j}`, x: t, y: thY, colorIndex: j });
      }
      out[key] = series;
    }
    return out;
  },

  readout({ S, level, names, runs }, v) {
    const rows = [];
    for (let j = 0; j < names.length; j++) {
      const a = Array.from(level).findIndex((l, k) => l === j && S[k] > 1e-6 * S[0]);
      if (a < 0) continue;
      rows.push([`splits ${names[j]}: t½ deep (D = ${v.depth}) / shallow`,
        `${fmt(halfTime(S[a], v.a0, v.depth))} τ / ${fmt(halfTime(S[a], v.a0, 1))} τ (s = ${fmt(S[a])})`]);
    }
    const last = runs.deep.sim.loss.length - 1;
    rows.push(['final loss (deep)', fmt(runs.deep.sim.loss[last])]);
    return rows;
  },
};
