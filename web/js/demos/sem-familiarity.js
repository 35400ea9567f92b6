// Semantic development: familiarity. One item (or its category) is presented more
// often: Sigma11 = diag(w), Sigma31 = Y diag(w). The modes of Sigma31 and the times
// they are learned, simulated against the decoupled theory, and each item's learning
// time beside a control run with uniform frequencies.
import { fmt } from '../format.js';
import { log } from '../engine/dmath.js';
import { dataParams, datasetArgs, partitions, schedule, halfCrossings, limitItems } from './common/semantic.js';

const MIN_STEPS = 200, RECORDS = 400;
// Two runs record their whole output W_tot: kept to small item sets.
const MAX_ITEMS = 32;

/** c_a(t) = u_a^T W_tot diag(w) v_a per mode (those of th), one value per record. */
function modeStrengths(outputs, th, rows, cols) {
  const { U, V, p, weights, s } = th;
  return Array.from(s, (_, a) => Float64Array.from(outputs, (Wt) => {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const u = U[r * p + a];
      for (let i = 0; i < cols; i++) sum += u * Wt[r * cols + i] * weights[i] * V[i * p + a];
    }
    return sum;
  }));
}

/** r_i(t) = y_i . yhat_i / |y_i|^2: how much of item i's properties the network gives it. */
function itemFractions(outputs, Y, rows, cols) {
  return Array.from({ length: cols }, (_, i) => {
    let yy = 0;
    for (let r = 0; r < rows; r++) yy += Y[r * cols + i] * Y[r * cols + i];
    return Float64Array.from(outputs, (Wt) => {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += Y[r * cols + i] * Wt[r * cols + i];
      return yy > 0 ? sum / yy : 0;
    });
  });
}

const range = (n) => Float64Array.from({ length: n }, (_, i) => i + 1);
const gapOf = (run) => Math.max(...Array.from(run.th.halfTime, (t, a) => Math.abs(run.modeHalf[a] / t - 1)));

export default {
  id: 'sem-familiarity',
  area: 'semantic',
  title: 'Familiarity: item frequency',
  refs: ['saxe2019'],
  related: ['sem-stages'],
  live: false,
  params: [
    ...dataParams(['tree', 'living'], 'tree'),
    { key: 'scope', label: 'Presented more often', help: 'One item, or every item of its broadest category (plants or animals, the first half of the tree).', type: 'choice', options: ['item', 'category'], def: 'item' },
    { key: 'item', label: 'The frequent item (its number)', help: 'Which item is shown more often, counted from 1 in the order of the data (beyond the last item: the last).', type: 'int', min: 1, max: 32, step: 1, def: 1 },
    { key: 'ratio', label: 'How many times more often', help: 'Its presentations per presentation of any other item; the total is kept, so the others are shown a little less. 1 is the uniform control.', type: 'real', min: 1, max: 20, step: 0.5, def: 4 },
    { key: 'depth', label: 'Depth D of the network', type: 'int', min: 1, max: 3, step: 1, def: 2 },
    { key: 'a0', label: 'Initial mode strength a₀', type: 'real', min: 1e-4, max: 0.1, def: 1e-3, scale: 'log' },
  ],
  charts: [
    { id: 'svals', title: 'Singular values of Σ³¹ = Y diag(w): uniform against with the frequent item', xLabel: 'mode (strongest first)', xType: 'index', yLabel: 'singular value s', yMin: 0 },
    { id: 'modes', title: 'Time each mode of Σ³¹ takes to reach half strength: simulated (dots), decoupled theory (marks)', xLabel: 'mode (strongest first)', xType: 'index', yLabel: 't½ / τ', yMin: 0 },
    { id: 'items', title: 'Time each item’s properties take to be half learned', xLabel: 'item (number)', xType: 'index', yLabel: 't½ / τ', yMin: 0 },
  ],
  equation: `
    <p>Item i presented with weight <span class="math">w<sub>i</sub></span> (mean 1):
       <span class="math">Σ<sup>11</sup> = diag(w)</span>, <span class="math">Σ<sup>31</sup> = Y diag(w) = Σ<sub>α</sub> s<sub>α</sub> u<sub>α</sub> v<sub>α</sub><sup>T</sup></span>:
       frequent items weigh more in the modes.</p>
    <p>With <span class="math">m<sub>α</sub> = v<sub>α</sub><sup>T</sup> diag(w) v<sub>α</sub></span>, neglecting
       <span class="math">v<sub>α</sub><sup>T</sup> diag(w) v<sub>β</sub></span> (α ≠ β), <span class="math">c<sub>α</sub> = u<sub>α</sub><sup>T</sup> W Σ<sup>11</sup> v<sub>α</sub></span>
       follows the mode solution of strength s<sub>α</sub> from a₀m<sub>α</sub>, its time scaled by <span class="math">m<sub>α</sub><sup>1−2/D</sup></span>.</p>
    <p>D = 1 exactly: item i's output <span class="math">ŷ<sub>i</sub> → y<sub>i</sub></span> as <span class="math">1 − e<sup>−w<sub>i</sub>t/τ</sup></span>, so
       <span class="math">t<sub>½</sub> = τ ln 2 / w<sub>i</sub></span>.</p>`,
  lookFor: `Compare each item’s learning time with frequencies (dots) against the uniform control: the frequent item,
    or its category, comes first. Then raise the ratio, switch to a whole category, or try D = 1, where every item
    is learned on its own clock.`,
  claims: [
    {
      text: 'Frequent items weigh more in the data’s modes: the strongest singular value of Σ³¹ = Y diag(w) is larger than with uniform frequencies, and its object analyzer leans towards the frequent items.',
      when: (v) => v.ratio > 1,
      check: ({ runs, group }) => {
        const f = runs.freq.th, c = runs.control.th;
        const lean = (th) => group.reduce((sum, i) => sum + th.V[i * th.p] * th.V[i * th.p], 0);
        return { holds: f.s[0] > c.s[0] && lean(f) > lean(c),
          detail: `s₁ ${fmt(c.s[0])} → ${fmt(f.s[0])}; weight of the frequent items in v₁ ${fmt(lean(c))} → ${fmt(lean(f))}` };
      },
    },
    {
      // The control has Sigma11 = I: the theory is exact there, up to the Euler step and
      // the interpolation between records (under 3 %, as in sem-stages).
      text: 'In the uniform control the decoupled theory is exact: every simulated half-learning time lies within 3 % of it.',
      check: ({ runs }) => {
        const c = gapOf(runs.control);
        return { holds: c < 0.03, detail: `largest gap ${fmt(100 * c)} %` };
      },
    },
    {
      // With frequencies the theory neglects the coupling of modes through Sigma11, which
      // grows with the ratio: a few per cent at 4, tens of per cent at 20.
      text: 'At moderate frequencies (up to 4 times more often) the decoupled theory still times the modes: every simulated half-learning time lies within 10 % of it.',
      when: (v) => v.ratio <= 4,
      check: ({ runs }) => {
        const f = gapOf(runs.freq);
        return { holds: f < 0.1, detail: `largest gap ${fmt(100 * f)} %` };
      },
    },
    {
      text: 'The frequent items are learned first: their properties reach half strength before any other item’s, and sooner than in the uniform control.',
      when: (v) => v.ratio > 1,
      check: ({ runs, group, data }) => {
        const f = runs.freq.itemHalf, c = runs.control.itemHalf, inGroup = new Set(group);
        const slowest = Math.max(...group.map((i) => f[i]));
        const others = Array.from({ length: data.cols }, (_, i) => i).filter((i) => !inGroup.has(i));
        const fastestOther = others.length ? Math.min(...others.map((i) => f[i])) : Infinity;
        const sooner = group.every((i) => f[i] < c[i]);
        return { holds: slowest < fastestOther && sooner,
          detail: `frequent: ≤ ${fmt(slowest)} τ (uniform: ${fmt(Math.min(...group.map((i) => c[i])))} τ); the others from ${fmt(fastestOther)} τ` };
      },
    },
    {
      text: 'At D = 1 every item is learned on its own clock: its half-learning time is τ ln 2 / wᵢ (within 1 %).',
      when: (v) => v.depth === 1,
      at: { depth: 1 },
      check: ({ runs }) => {
        const { itemHalf, itemTheory } = runs.freq;
        const gap = Math.max(...Array.from(itemHalf, (t, i) => Math.abs(t / itemTheory[i] - 1)));
        return { holds: gap < 0.01, detail: `largest gap ${fmt(100 * gap)} %` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', datasetArgs(v));
    const { Y, rows, cols } = data;
    limitItems(data, MAX_ITEMS);
    const k = Math.min(v.item, cols) - 1;
    const top = partitions(data).parts[1];
    const group = Array.from({ length: cols }, (_, i) => i).filter((i) => (v.scope === 'item' ? i === k : top[i] === top[k]));
    const frequency = Float64Array.from({ length: cols }, (_, i) => (group.includes(i) ? v.ratio : 1));
    const nets = { freq: { Y, rows, cols, depth: v.depth, a0: v.a0, seed: v.seed, frequency },
      control: { Y, rows, cols, depth: v.depth, a0: v.a0, seed: v.seed } };
    const th = {};
    for (const key of ['freq', 'control']) th[key] = await call('semantic.familiarity', nets[key]);
    // one horizon for both runs: past the slowest mode's theoretical half time
    const tmax = 1.6 * Math.max(...th.freq.halfTime, ...th.control.halfTime);
    const runs = {};
    for (const key of ['freq', 'control']) {
      const sMax = Math.max(th[key].s[0], ...th[key].weights);   // the fastest rate of the run (D >= 2, D = 1)
      const { lr, steps, every } = await schedule(call, nets[key], tmax, { minSteps: MIN_STEPS, records: RECORDS, sMax });
      const sim = await call('semantic.simulate', { ...nets[key], lr, steps, every, record: { hidden: false, outputs: true } });
      const modeHalf = halfCrossings(sim.t, modeStrengths(sim.outputs, th[key], rows, cols), th[key].s);
      const fractions = itemFractions(sim.outputs, Y, rows, cols);
      const itemHalf = halfCrossings(sim.t, fractions, fractions.map(() => 1));
      // D = 1: r_i(t) = 1 - (1 - r_i(0)) e^(-w_i t) exactly, so r_i = 1/2 at ln(2 (1 - r_i(0))) / w_i
      const itemTheory = Float64Array.from(fractions, (r, i) => log(2 * (1 - r[0])) / th[key].weights[i]);
      runs[key] = { th: th[key], modeHalf, itemHalf, itemTheory, tmax: sim.t[sim.t.length - 1] };
    }
    return { data, k, group, runs };
  },

  draw({ runs }, v) {
    const f = runs.freq, c = runs.control;
    const n = Math.max(f.th.s.length, c.th.s.length), items = f.itemHalf.length;
    const svals = [
      { label: 'with the frequent item', x: range(f.th.s.length), y: f.th.s, points: true, colorIndex: 0 },
      { label: 'uniform (control)', x: range(c.th.s.length), y: c.th.s, points: true, colorIndex: 1 },
    ];
    const modes = [
      { label: 'with frequencies: simulated', x: range(f.th.s.length), y: f.modeHalf, points: true, colorIndex: 0 },
      { label: 'with frequencies: theory', x: range(f.th.s.length), y: f.th.halfTime, colorIndex: 0 },
      { label: 'uniform: simulated', x: range(c.th.s.length), y: c.modeHalf, points: true, colorIndex: 1 },
      { label: 'uniform: theory', x: range(c.th.s.length), y: c.th.halfTime, colorIndex: 1 },
    ];
    const itemSeries = [
      { label: 'with frequencies', x: range(items), y: f.itemHalf, points: true, colorIndex: 0 },
      { label: 'uniform (control)', x: range(items), y: c.itemHalf, points: true, colorIndex: 1 },
    ];
    if (v.depth === 1) itemSeries.push({ label: 'D = 1 exact: τ ln 2 / wᵢ', x: range(items), y: f.itemTheory, colorIndex: 0 });
    return { svals: n ? svals : [], modes, items: itemSeries };
  },

  readout({ data, group, runs }) {
    const w = runs.freq.th.weights;
    const names = group.map((i) => data.items[i]);
    return [
      ['presented more often', `${names.length > 3 ? `${names.slice(0, 3).join(', ')}, … (${names.length} items)` : names.join(', ')}: weight ${fmt(w[group[0]])}, the others ${fmt(w.find((_, i) => !group.includes(i)) ?? w[0])}`],
      ['items, in order', data.items.map((name, i) => `${i + 1} ${name}`).join(', ')],
      ['s₁ uniform → with frequencies', `${fmt(runs.control.th.s[0])} → ${fmt(runs.freq.th.s[0])}`],
      ['time simulated', `${fmt(runs.freq.tmax)} τ`],
    ];
  },
};
