// Semantic differentiation, view (c): illusory correlations — the network's
// output for one item and one property over training, simulated against the
// sum of exact mode trajectories. A property the item lacks, but its broad
// category has, first rises (the broad mode is learned) and later falls.
import { fmt } from '../format.js';
import { LIVING } from '../engine/solvers/semantic.js';
import { schedule, halfTime } from './common/semantic.js';

const N_THEORY = 200;

export default {
  id: 'sem-illusory',
  area: 'semantic',
  title: 'Illusory correlations',
  refs: ['saxe2019', 'rogers2008'],
  live: true,
  params: [
    { key: 'item', label: 'Item (living-things set)', help: 'The item whose answer the chart follows.', type: 'choice', options: [...LIVING.items], def: 'penguin' },
    { key: 'property', label: 'Property', help: 'The property the network is asked about.', type: 'choice', options: [...LIVING.features], def: 'fly' },
    { key: 'depth', label: 'Depth D', type: 'int', min: 1, max: 4, step: 1, def: 2 },
    { key: 'a0', label: 'Initial mode strength a₀', type: 'real', min: 1e-5, max: 0.1, def: 1e-3, scale: 'log' },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 1000000, step: 1, def: 1 },
  ],
  charts: [
    { id: 'out', title: 'Network output ŷ(item, property) over training', xLabel: 'time t / τ', yLabel: 'output ŷ' },
    { id: 'item', title: 'All properties of the item that the network ever asserts (|ŷ| > 0.1)', xLabel: 'time t / τ', yLabel: 'output ŷ' },
  ],
  equation: `
    <p><span class="math">ŷ<sub>m i</sub>(t) = Σ<sub>α</sub> a<sub>α</sub>(t) u<sub>α m</sub> v<sub>α i</sub></span>
       — property m of item i is the sum of the modes, each learned at its own time ~ 1/s<sub>α</sub>.</p>
    <p>A mode shared by a category contributes <span class="math">u<sub>α m</sub> v<sub>α i</sub> &gt; 0</span> to a property the
       item lacks; a weaker, later mode cancels it: the output rises, then falls to its true value.</p>`,
  lookFor: `The penguin is an animal and a bird, and most birds fly: once the animal and bird modes are
    learned, the network "believes" the penguin flies; only when the weaker mode that singles out
    the penguin is learned does the belief go away. Try pine / leaves (trees and flowers have leaves,
    the pine has needles), or canary / fly for a property that is really there (it rises and stays).
    The shallow network (D = 1) shows the bump too but with all modes rising together, so it is
    smaller.`,

  async compute(call, v) {
    const data = await call('semantic.dataset', { kind: 'living' });
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const S = svd.S, s1 = S[0];
    const sMin = Array.from(S).filter((s) => s > 1e-6 * s1).reduce((m, s) => Math.min(m, s), s1);
    const tmax = v.depth === 1 ? 5 : 1.5 * halfTime(sMin, v.a0, v.depth);
    const { lr, steps, every } = schedule(tmax, s1, v.depth, { minSteps: 300, records: 100 });
    const sim = await call('semantic.simulate', { Y: data.Y, rows: data.rows, cols: data.cols, depth: v.depth,
      a0: v.a0, lr, steps, every, seed: v.seed, record: { hidden: false, outputs: true } });
    const t = Float64Array.from({ length: N_THEORY }, (_, i) => (steps * lr * i) / (N_THEORY - 1));
    const traj = [];
    for (let a = 0; a < svd.p; a++) traj.push(S[a] > 1e-9 * s1 ? await call('deepLinear.modeTrajectory', { depth: v.depth, s: S[a], a0: v.a0, t }) : null);
    return { data, svd, sim: { t: sim.t, outputs: sim.outputs }, t, traj };
  },

  draw({ data, svd, sim, t, traj }, v) {
    const i = data.items.indexOf(v.item), m = data.features.indexOf(v.property), n = data.cols, p = svd.p;
    const at = (f) => Float64Array.from(sim.outputs, (W) => W[f * n + i]);
    // Exact: sum over modes of a(t) u_m v_i (a decoupled start adds a0 u_m v_i for zero modes: dropped).
    const theory = Float64Array.from(t, (_, k) => traj.reduce((s, a, al) => (a ? s + a[k] * svd.U[m * p + al] * svd.V[i * p + al] : s), 0));
    const target = data.Y[m * n + i];
    const out = [
      { label: `ŷ(${v.item}, ${v.property}): simulated`, x: sim.t, y: at(m), points: true, colorIndex: 0 },
      { label: 'exact mode dynamics', x: t, y: theory, colorIndex: 1 },
      { label: `true value (${target})`, x: [0, t[t.length - 1]], y: [target, target], colorIndex: 6, dash: true, width: 1 },
    ];
    const item = [];
    let c = 0;
    for (let f = 0; f < data.rows; f++) {
      const y = at(f);
      if (Math.max(...y.map(Math.abs)) <= 0.1) continue;
      const truth = data.Y[f * n + i];
      item.push({ label: `${data.features[f]}${truth ? '' : ' (false!)'}`, x: sim.t, y, colorIndex: c++ % 7, dash: !truth, width: truth ? 1.5 : 2.5 });
    }
    return { out, item };
  },

  readout({ data, sim }, v) {
    const i = data.items.indexOf(v.item), m = data.features.indexOf(v.property), n = data.cols;
    const y = sim.outputs.map((W) => W[m * n + i]);
    let k = 0;
    for (let j = 1; j < y.length; j++) if (y[j] > y[k]) k = j;
    return [
      ['true value', String(data.Y[m * n + i])],
      ['largest output during training', `${fmt(y[k])} at t = ${fmt(sim.t[k])} τ`],
      ['final output', fmt(y[y.length - 1])],
    ];
  },
};
