// Semantic development: two networks of different widths, trained on the same items
// from different small random starts, compared by their items' hidden similarity
// matrices (representational similarity analysis) over training, and with the
// matrix the mode theory predicts.
import { fmt } from '../format.js';
import { pow } from '../engine/dmath.js';
import { smallNetworkParams, datasetArgs, dataModes, schedule, runTime, limitItems } from './common/semantic.js';

// Larger trees take seconds per run and draw matrices too fine to read.
const MAX_ITEMS = 64;
const RECORDS = 60;

/** The record shown: the `time` control as a fraction of the run. */
const shown = (t, v) => Math.min(t.length - 1, Math.round(v.time * (t.length - 1)));

/** A similarity matrix as one matrix series per item. */
function matrixRows(K, items) {
  const n = items.length, idx = Float64Array.from({ length: n }, (_, j) => j);
  return items.map((name, i) => ({ label: name, x: idx, y: K.slice(i * n, (i + 1) * n), columns: items }));
}

export default {
  id: 'sem-rsa',
  area: 'semantic',
  title: 'Two networks, one representation',
  refs: ['saxe2019', 'kriegeskorte2008'],
  related: ['sem-differentiation'],
  live: false,
  params: [
    ...smallNetworkParams(),
    { key: 'hiddenA', label: 'Network A: hidden units', help: 'The width of every hidden layer of network A (it starts from the seed).', type: 'int', min: 2, max: 64, step: 1, def: 8 },
    { key: 'hiddenB', label: 'Network B: hidden units', help: 'The width of every hidden layer of network B (it starts from the seed + 1).', type: 'int', min: 2, max: 64, step: 1, def: 32 },
    { key: 'a0', label: 'Initial size a₀ (weight scale a₀^(1/D))', type: 'real', min: 1e-4, max: 0.1, def: 1e-3, scale: 'log' },
    { key: 'time', label: 'Time shown (fraction of the run)', help: 'Which moment of training the similarity matrices show, as a fraction of the run.', type: 'real', min: 0, max: 1, step: 0.01, def: 0.3, view: true },
  ],
  charts: [
    { id: 'rsa', title: 'Correlation of the item similarity matrices over training (A vs B: dots)', xLabel: 'time t / τ', yLabel: 'correlation', yMax: 1 },
    { id: 'rsmA', title: 'Network A: item similarity hᵢ · hⱼ at the time shown', kind: 'matrix', xLabel: 'item', yLabel: 'item', zLabel: 'hᵢ·hⱼ' },
    { id: 'rsmB', title: 'Network B: item similarity hᵢ · hⱼ at the time shown', kind: 'matrix', xLabel: 'item', yLabel: 'item', zLabel: 'hᵢ·hⱼ' },
    { id: 'rsmT', title: 'Theory: Σ a_α(t)^(2/D) v_α v_αᵀ at the time shown', kind: 'matrix', xLabel: 'item', yLabel: 'item', zLabel: 'value' },
  ],
  equation: `
    <p>Each network learns <span class="math">Y</span> from one-hot items, starting from small random weights
       <span class="math">W<sub>ij</sub> ~ N(0, a<sub>0</sub><sup>2/D</sup>)</span>. Item i’s hidden representation is column i of
       <span class="math">W<sup>1</sup></span>; the item similarity matrix is <span class="math">K = W<sup>1T</sup> W<sup>1</sup></span> (items × items),
       and two matrices are compared by the correlation of their entries <span class="math">K<sub>ij</sub></span>, i ≤ j.</p>
    <p>From a balanced start, <span class="math">W<sup>1</sup> = R A<sup>1/D</sup> V<sup>T</sup></span> with any orthonormal
       <span class="math">R</span>, so <span class="math">K(t) = Σ<sub>α</sub> a<sub>α</sub>(t)<sup>2/D</sup> v<sub>α</sub> v<sub>α</sub><sup>T</sup></span>:
       the rotation R and the width drop out, and networks of every width are driven to the same matrix, set by the data’s SVD.</p>`,
  lookFor: `Follow the correlation between the two networks (A, B) over training, and slide the time shown to see the three matrices
    gain the hierarchy's blocks. Then make network A narrower than the number of items, or compare depths.`,
  claims: [
    {
      text: 'Networks of different widths, started from different small random weights, end with the same representation once each has learned every mode: the correlation of their similarity matrices ends above 0.99.',
      applies: (d) => d.learned.every(Boolean),
      check: ({ between }) => ({ holds: between.at(-1) > 0.99, detail: `correlation at the end ${fmt(between.at(-1))}, at the start ${fmt(between[0])}` }),
    },
    {
      text: 'Both end with the matrix the theory predicts from the data’s SVD, Σ s_α^(2/D) v_α v_αᵀ: each correlates with it above 0.99 at the end of the run.',
      applies: (d) => d.learned.every(Boolean),
      check: ({ vsTheory }) => {
        const c = vsTheory.map((x) => x.at(-1));
        return { holds: c.every((x) => x > 0.99), detail: `A ${fmt(c[0])}, B ${fmt(c[1])}` };
      },
    },
    {
      text: 'The likeness is learned, not built in: on the way the two networks’ correlation falls below 0.9 before it reaches its final value.',
      check: ({ between }) => {
        const low = Math.min(...between), end = between.at(-1);
        return { holds: low < 0.9 && end > low + 0.05, detail: `lowest correlation ${fmt(low)}, at the end ${fmt(end)}` };
      },
    },
    {
      text: 'At the start the wider network is closer to the theory: a random start’s similarities scatter by about 1/√(hidden units) around the theory’s.',
      when: (v) => v.hiddenA !== v.hiddenB,
      check: ({ vsTheory }, v) => {
        const [a, b] = vsTheory.map((x) => x[0]), wide = v.hiddenB > v.hiddenA ? b : a, narrow = v.hiddenB > v.hiddenA ? a : b;
        return { holds: wide > narrow, detail: `at the start: wider ${fmt(wide)}, narrower ${fmt(narrow)}` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', datasetArgs(v));
    limitItems(data, MAX_ITEMS);
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const net = { Y: data.Y, rows: data.rows, cols: data.cols, depth: v.depth, init: 'small', a0: v.a0,
      scale: pow(v.a0, 1 / v.depth), hidden: Math.max(v.hiddenA, v.hiddenB), seed: v.seed };
    const tmax = await runTime(call, svd.S, v.depth, v.a0, 2);
    const { lr, steps, every } = await schedule(call, net, tmax, { minSteps: 300, records: RECORDS });
    const r = await call('semantic.rsa', { ...net, lr, steps, every, hidden: [v.hiddenA, v.hiddenB], seeds: [v.seed, v.seed + 1] });
    return { items: data.items, modes: dataModes(svd.S).length, t: r.t, between: r.between, vsTheory: r.vsTheory,
      rsm: r.rsm, theory: r.theory, loss: r.loss.map((l) => l.at(-1)),
      // learned every mode: the loss ends below 1e-3 of where it started
      learned: r.loss.map((l) => l.at(-1) < 1e-3 * l[0]) };
  },

  draw({ items, t, between, vsTheory, rsm, theory }, v) {
    const k = shown(t, v);
    return {
      rsa: [
        { label: 'A vs B', x: t, y: between, points: true, colorIndex: 0 },
        { label: 'A vs theory', x: t, y: vsTheory[0], colorIndex: 1, dash: true },
        { label: 'B vs theory', x: t, y: vsTheory[1], colorIndex: 2, dash: 'dot' },
        { label: 'time shown', x: [t[k], t[k]], y: [Math.min(0, ...between, ...vsTheory[0], ...vsTheory[1]), 1], colorIndex: 6, width: 1 },
      ],
      rsmA: matrixRows(rsm[0][k], items),
      rsmB: matrixRows(rsm[1][k], items),
      rsmT: matrixRows(theory[k], items),
    };
  },

  readout({ t, between, vsTheory, loss, learned, modes }, v) {
    const k = shown(t, v);
    return [
      ['time shown', `${fmt(t[k])} τ of ${fmt(t.at(-1))} τ`],
      ['correlation at that time: A vs B / A vs theory / B vs theory', `${fmt(between[k])} / ${fmt(vsTheory[0][k])} / ${fmt(vsTheory[1][k])}`],
      ['final loss A / B', loss.map((l, k) => `${fmt(l)}${learned[k] ? '' : ' (a mode not learned)'}`).join(' / ')],
      ['modes in the data (a network narrower than this cannot learn them all)', String(modes)],
    ];
  },
};
