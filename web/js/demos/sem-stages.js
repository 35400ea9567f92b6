// Semantic differentiation, view (a): mode strengths of a shallow (D = 1) and a
// deep network trained on the same items, simulated (dots) against the exact
// mode dynamics (lines), grouped by the hierarchy level each mode splits.
import { fmt } from '../format.js';
import { dataParams, datasetArgs, partitions, levelsOfModes, dataModes, schedule } from './common/semantic.js';

const N_THEORY = 200;

/** The modes of hierarchy level j (nonzero singular values only). */
const levelModes = ({ S, level }, j) => Array.from(S.keys()).filter((a) => level[a] === j && S[a] > 1e-6 * S[0]);

/** Mean fraction a/s learned by the simulated network `key` over the modes of one level, per record. */
function levelFraction({ S, runs }, key, modes) {
  const { sim } = runs[key];
  return Float64Array.from(sim.t, (_, k) => modes.reduce((m, a) => m + sim.modes[a][k] / S[a], 0) / modes.length);
}

/** Per level with modes: { name, t } with t the simulated time its mean a/s first reaches 1/2. */
function levelHalfTimes(d, key) {
  const { sim } = d.runs[key];
  return d.names.map((name, j) => ({ name, modes: levelModes(d, j) })).filter((x) => x.modes.length).map(({ name, modes }) => {
    const k = levelFraction(d, key, modes).findIndex((y) => y >= 0.5);
    return { name, t: k < 0 ? Infinity : sim.t[k] };
  });
}

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
  lookFor: `Each colour is one level of the hierarchy: compare when the levels are learned in the deep network (top)
    and in the shallow one (bottom). Then try depths 3 and 4, and other datasets.`,
  claims: [
    {
      text: 'The deep network learns in stages, broad distinctions first: each level reaches half its strength later than the level above it.',
      check: (d) => {
        const h = levelHalfTimes(d, 'deep');
        return { holds: h.every((x, j) => j === 0 || x.t > h[j - 1].t), detail: h.map((x) => `${x.name}: ${Number.isFinite(x.t) ? `${fmt(x.t)} τ` : 'not reached'}`).join('; ') };
      },
    },
    {
      text: 'The shallow network (D = 1) has no stages: every level reaches half its strength at the same time, within 10 %.',
      check: (d) => {
        const t = levelHalfTimes(d, 'shallow').map((x) => x.t);
        return { holds: t.every(Number.isFinite) && Math.max(...t) <= 1.1 * Math.min(...t), detail: `from ${fmt(Math.min(...t))} τ to ${fmt(Math.max(...t))} τ` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', datasetArgs(v));
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const { parts, names } = partitions(data);
    const level = levelsOfModes(svd.V, svd.p, parts);
    const S = svd.S, s1 = S[0];
    const runs = {};
    // t½ of every mode the data has, deep and shallow (for the readout)
    const half = {};
    for (const [key, depth] of [['shallow', 1], ['deep', v.depth]]) {
      half[key] = await call('deepLinear.halfTime', { depth, s: dataModes(S), a0: v.a0 });
      const net = { Y: data.Y, rows: data.rows, cols: data.cols, depth, a0: v.a0, seed: v.seed };
      const tmax = depth === 1 ? 4 : 1.6 * Math.max(half[key].at(-1), 1e-3);   // the weakest mode, past its t½
      const { lr, steps, every } = await schedule(call, net, tmax, { minSteps: 200, records: 60 });
      const sim = await call('semantic.simulate', { ...net, lr, steps, every, record: { hidden: false, outputs: false } });
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
    return { data, S, level, names, runs, half };
  },

  draw(d) {
    const { S, level, names, runs } = d;
    const out = {};
    for (const key of ['deep', 'shallow']) {
      const { sim, t, curves } = runs[key];
      const series = [];
      const L = names.length;
      for (let j = 0; j < L; j++) {
        const modes = levelModes(d, j);
        if (!modes.length) continue;
        // mean over the level's modes of a/s (simulated) and of the exact a/s
        const simY = levelFraction(d, key, modes);
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

  readout({ S, level, names, runs, half }, v) {
    const rows = [];
    for (let j = 0; j < names.length; j++) {
      const a = Array.from(level).findIndex((l, k) => l === j && S[k] > 1e-6 * S[0]);
      if (a < 0) continue;
      rows.push([`splits ${names[j]}: t½ deep (D = ${v.depth}) / shallow`,
        `${fmt(half.deep[a])} τ / ${fmt(half.shallow[a])} τ (s = ${fmt(S[a])})`]);
    }
    const last = runs.deep.sim.loss.length - 1;
    rows.push(['final loss (deep)', fmt(runs.deep.sim.loss[last])]);
    return rows;
  },
};
