// Semantic differentiation, view (a): mode strengths of a shallow (D = 1) and a
// deep network trained on the same items, simulated (dots) against the exact
// mode dynamics (lines), grouped by the hierarchy level each mode splits; and each
// mode's half-learning time against its singular value, simulated against exact.
import { fmt } from '../format.js';
import { dataParams, datasetArgs, partitions, levelsOfModes, dataModes, schedule, halfCrossings } from './common/semantic.js';

const N_THEORY = 200, N_S = 80;
// Steps per run: at least MIN_STEPS, and lr <= 0.01 / s_1 (schedule's sMax).
const MIN_STEPS = 200, RECORDS = 400;

/** Simulated against exact half times of the modes of run `key`: { s, sim, worst } (worst relative gap). */
function timeFit(d, key) {
  const { halfSim } = d.runs[key], th = d.half[key];
  const s = dataModes(d.S);
  const gaps = s.map((_, a) => Math.abs(halfSim[a] / th[a] - 1));
  return { s, sim: halfSim, worst: Math.max(...gaps) };
}

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
    { id: 'time', title: 'Learning time of each mode against its singular value', xLabel: 'singular value s', yLabel: 'time to half strength t½ / τ', yMin: 0 },
  ],
  equation: `
    <p>From a decoupled, balanced start each mode evolves alone:
       <span class="math">τ <span class="frac"><span>da</span><span>dt</span></span> = D a<sup>2−2/D</sup> (s − a)</span>.</p>
    <p>D = 1: <span class="math">a(t) = s + (a<sub>0</sub> − s) e<sup>−t/τ</sup></span> — every mode rises at once.
       &nbsp; D = 2: <span class="math">a(t) = s / (1 + (s/a<sub>0</sub> − 1) e<sup>−2st/τ</sup>)</span> — a plateau, then a jump at
       <span class="math">t<sub>½</sub> = (τ/2s) ln(s/a<sub>0</sub> − 1)</span>.</p>
    <p>Any depth: <span class="math">t<sub>½</sub> = (τ/D) ∫<sub>a<sub>0</sub></sub><sup>s/2</sup> da / (a<sup>2−2/D</sup>(s − a))</span>;
       D = 1: <span class="math">t<sub>½</sub> = τ ln(2(1 − a<sub>0</sub>/s)) ≈ τ ln 2</span> for every s; D ≥ 3:
       <span class="math">t<sub>½</sub> ≈ τ / ((D − 2) a<sub>0</sub><sup>1−2/D</sup> s)</span>.</p>`,
  lookFor: `Each colour is one level of the hierarchy: compare when the levels are learned in the deep network (top)
    and in the shallow one (bottom). The last chart puts every mode's half-learning time against its singular
    value, for both networks. Then try depths 3 and 4, and other datasets.`,
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
    {
      // Tolerance: the Euler step (relative ~s lr, lr <= 0.01 / s_1 where the work budget
      // allows) and the linear interpolation between 400 records of a sigmoid: ~1 %.
      text: 'Every mode’s simulated half-learning time lies within 3 % of the exact t½(s), in both networks.',
      check: (d) => {
        const deep = timeFit(d, 'deep'), shallow = timeFit(d, 'shallow');
        const worst = Math.max(deep.worst, shallow.worst);
        return { holds: worst < 0.03, detail: `largest gap ${fmt(100 * deep.worst)} % deep, ${fmt(100 * shallow.worst)} % shallow` };
      },
    },
    {
      text: 'Depth makes learning time depend on the singular value: in the deep network the weakest mode takes several times longer than the strongest (roughly as 1/s), while at D = 1 every mode takes about τ ln 2.',
      check: (d) => {
        const deep = timeFit(d, 'deep'), shallow = timeFit(d, 'shallow');
        const spread = (x) => Math.max(...x.sim) / Math.min(...x.sim);
        const sRatio = deep.s[0] / deep.s[deep.s.length - 1];
        const ln2 = Math.LN2, far = Math.max(...shallow.sim.map((t) => Math.abs(t / ln2 - 1)));
        return { holds: sRatio > 1.5 && spread(deep) > 0.5 * sRatio && far < 0.1,
          detail: `deep: t½ spans ×${fmt(spread(deep))} for s spanning ×${fmt(sRatio)}; shallow: within ${fmt(100 * far)} % of ln 2` };
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
      const { lr, steps, every } = await schedule(call, net, tmax, { minSteps: MIN_STEPS, records: RECORDS, sMax: S[0] });
      const sim = await call('semantic.simulate', { ...net, lr, steps, every, record: { hidden: false, outputs: false } });
      const t = Float64Array.from({ length: N_THEORY }, (_, i) => (steps * lr * i) / (N_THEORY - 1));
      const halfSim = halfCrossings(sim.t, dataModes(S).map((_, a) => sim.modes[a]), S);
      runs[key] = { depth, sim, t, halfSim };
      // one theory curve per distinct singular value (the tree's levels are degenerate)
      const seen = new Map();
      for (let a = 0; a < svd.p; a++) {
        if (!(S[a] > 1e-6 * s1)) continue;
        const key2 = S[a].toPrecision(8);
        if (!seen.has(key2)) seen.set(key2, await call('deepLinear.modeTrajectory', { depth, s: S[a], a0: v.a0, t }));
      }
      runs[key].curves = seen;
    }
    // t½(s) over the range of the data's singular values, for both depths
    const modes = dataModes(S), lo = modes[modes.length - 1], hi = modes[0];
    const sGrid = Float64Array.from({ length: N_S }, (_, i) => 0.8 * lo + ((1.2 * hi - 0.8 * lo) * i) / (N_S - 1));
    const halfCurve = {};
    for (const [key, depth] of [['shallow', 1], ['deep', v.depth]]) halfCurve[key] = await call('deepLinear.halfTime', { depth, s: sGrid, a0: v.a0 });
    return { data, S, level, names, runs, half, sGrid, halfCurve };
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
    const modes = dataModes(S);
    out.time = [];
    [['deep', `deep (D = ${runs.deep.depth})`, 0], ['shallow', 'shallow (D = 1)', 1]].forEach(([key, name, c]) => {
      out.time.push({ label: `${name}: simulated`, x: modes, y: runs[key].halfSim, points: true, colorIndex: c });
      out.time.push({ label: `${name}: exact t½(s)`, x: d.sGrid, y: d.halfCurve[key], colorIndex: c });
    });
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
