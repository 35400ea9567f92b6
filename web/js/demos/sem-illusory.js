// Semantic differentiation, view (c): illusory correlations — the network's
// output for one item and one property over training, simulated against the
// sum of exact mode trajectories. A property the item lacks, but its broad
// category has, first rises (the broad mode is learned) and later falls.
import { fmt } from '../format.js';
import { styleCycle } from '../charts/theme.js';
import { LIVING } from '../engine/solvers/semantic.js';
import { schedule, runTime } from './common/semantic.js';
import { seedParam } from './common/params.js';

const N_THEORY = 200;

/** The claim that `property` of `item` (which it lacks) rises above 0.1 and ends below 0.05. */
function riseAndFall({ data, sim }, item, property) {
  const k = data.features.indexOf(property) * data.cols + data.items.indexOf(item);
  const y = sim.outputs.map((W) => W[k]), top = Math.max(...y), end = y[y.length - 1];
  return { holds: data.Y[k] === 0 && top > 0.1 && Math.abs(end) < 0.05, detail: `largest ${fmt(top)}, final ${fmt(end)}` };
}

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
    seedParam(),
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
  lookFor: `Pick an item and a property it lacks but its category has: penguin / fly, pine / leaves. Then a property it
    really has (canary / fly), and depth 1.`,
  claims: [
    {
      text: 'Penguin / fly: once the animal and bird modes are learned, the deep network “believes” the penguin flies (output above 0.1), until the weaker mode that singles out the penguin is learned and the belief goes (below 0.05 at the end).',
      when: (v) => v.depth >= 2,
      check: (d) => riseAndFall(d, 'penguin', 'fly'),
    },
    {
      text: 'Pine / leaves likewise: trees and flowers have leaves, the pine has needles. The output rises above 0.1, then falls below 0.05.',
      when: (v) => v.depth >= 2,
      check: (d) => riseAndFall(d, 'pine', 'leaves'),
    },
    {
      text: 'Illusory correlations need depth: at D = 1 every output heads straight for its true value (y* + (y₀ − y*) e^(−t/τ), one time course for all modes), so none rises and then falls.',
      when: (v) => v.depth === 1,
      at: { depth: 1 },
      check: ({ data, sim }) => {
        let bad = 0;
        for (let k = 0; k < data.rows * data.cols; k++) {
          const y = sim.outputs.map((W) => W[k]), dir = Math.sign(y[y.length - 1] - y[0]);
          // Monotone up to rounding: no step against the direction of travel.
          if (y.some((x, j) => j > 0 && dir * (x - y[j - 1]) < -1e-12)) bad++;
        }
        return { holds: bad === 0, detail: `${bad} of ${data.rows * data.cols} outputs turn back` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', { kind: 'living' });
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const S = svd.S, s1 = S[0];
    const net = { Y: data.Y, rows: data.rows, cols: data.cols, depth: v.depth, a0: v.a0, seed: v.seed };
    const tmax = v.depth === 1 ? 5 : await runTime(call, S, v.depth, v.a0);
    const { lr, steps, every } = await schedule(call, net, tmax, { minSteps: 300, records: 100 });
    const sim = await call('semantic.simulate', { ...net, lr, steps, every, record: { hidden: false, outputs: true } });
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
    // True properties first, in thin lines, then the false ones, thick: one colour and line
    // pattern each, taken in order, so the true ones come out solid and the false ones
    // broken unless the item has more than 7 true properties.
    const asserted = [];
    for (let f = 0; f < data.rows; f++) {
      const y = at(f);
      if (Math.max(...y.map(Math.abs)) > 0.1) asserted.push({ f, y, truth: !!data.Y[f * n + i] });
    }
    asserted.sort((a, b) => b.truth - a.truth);
    const item = asserted.map(({ f, y, truth }, k) => ({ label: `${data.features[f]}${truth ? '' : ' (false!)'}`, x: sim.t, y,
      ...styleCycle(k), width: truth ? 1.5 : 2.5 }));
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
