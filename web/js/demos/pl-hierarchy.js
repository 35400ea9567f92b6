// Perceptual learning, view 3: a deeper chain whose higher layers start poorly
// tuned to the task changes most in those layers (reverse hierarchy; Saxe 2015,
// docs/theory.md §2.3).
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';

/** Each layer's final change of task gain, b_k(end) − b_k(0), input layer first. */
const finalChange = (sim) => sim.b.map((b) => b[b.length - 1] - b[0]);

const sq = (x) => x * x;

export default {
  id: 'pl-hierarchy',
  area: 'perceptual',
  title: 'Deeper chain: reverse hierarchy',
  refs: ['ahissar2004', 'saxe2014'],
  live: false,
  params: [
    { key: 'depth', label: 'Weight layers D', type: 'int', min: 3, max: 6, step: 1, def: 4 },
    { key: 'decay', label: 'Tuning of each higher layer (× layer below)', help: 'How well each layer starts tuned to the task, as a fraction of the layer below: below 1, higher layers start less tuned.', type: 'real', min: 0.4, max: 1, step: 0.05, def: 0.6 },
    { key: 'neurons', label: 'Neurons per layer n', help: 'The number of neurons in each layer of the chain.', type: 'int', min: 4, max: 120, step: 1, def: 40 },
    { key: 'width', label: 'Tuning width (deg)', type: 'real', min: 3, max: 45, step: 0.5, def: 15 },
    { key: 'offset', label: 'Stimuli at ± offset (deg)', type: 'real', min: 0.5, max: 45, step: 0.5, def: 5 },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 0.001, max: 0.1, def: 0.02, scale: 'log' },
    { key: 'steps', label: 'Steps', type: 'int', min: 100, max: 40000, step: 100, def: 1200 },
    seedParam('Seed (hidden backgrounds)'),
  ],
  charts: [
    { id: 'change', title: 'Change of each layer’s task gain, b_k(t) − b_k(0): network (dots), reduction (lines)', xLabel: 'training step', yLabel: 'Δb' },
    { id: 'final', title: 'Per layer: initial task gain b_k(0) and its final change', xLabel: 'layer k (1 = input layer)', xType: 'index', yLabel: 'gain', yMin: 0 },
    { id: 'frob', title: 'How far each weight matrix moved, |W_k(t) − W_k(0)|', xLabel: 'training step', yLabel: 'Frobenius distance' },
  ],
  equation: `
    <p>Task gains: <span class="math">b<sub>1</sub> = |d|(1 + 2α)/2</span>, <span class="math">b<sub>k</sub> = d̂<sup>T</sup>W<sub>k</sub>d̂</span>, output for the + stimulus <span class="math">b<sub>1</sub>b<sub>2</sub>⋯b<sub>D</sub></span>.</p>
    <p><span class="math">τ ḃ<sub>k</sub> = 2 (c − ∏b) ∏<sub>j≠k</sub> b<sub>j</sub></span> (k ≥ 2), <span class="math">τ α̇ = (c − ∏b) b<sub>2</sub>⋯b<sub>D</sub> / |d|</span>:
       <span class="math">b<sub>k</sub>² − b<sub>j</sub>²</span> and <span class="math">b<sub>k</sub>² − 2b<sub>1</sub>²</span> are conserved.</p>
    <p>Poorly tuned higher layers <span class="math">b<sub>D</sub>(0) &lt; ⋯ &lt; b<sub>1</sub>(0)</span> ⇒ <span class="math">Δ<sub>D</sub>(t) &gt; ⋯ &gt; Δ<sub>1</sub>(t)</span>.</p>`,
  lookFor: `Compare how much each layer's task gain changes, from the input layer to the top. Then set the tuning
    factor to 1, so that all layers start equally tuned.`,
  claims: [
    {
      text: 'Reverse hierarchy: the layer that starts least tuned changes most, so the change grows from the input layer to the top.',
      check: ({ sim }) => {
        const d = finalChange(sim);
        return { holds: d.every((x, k) => k === 0 || x > d[k - 1]), detail: d.map((x) => fmt(x)).join(', ') };
      },
    },
    {
      text: 'Every hidden layer’s squared gain grows by the same amount (b_k² − b_j² is conserved), to within 1 %; the input layer’s grows by half as much (b_k² − 2b₁² is conserved), to within 2 %.',
      check: ({ sim }) => {
        const g = sim.b.map((b) => sq(b[b.length - 1]) - sq(b[0])), hid = g.slice(1);
        const spread = (Math.max(...hid) - Math.min(...hid)) / Math.max(...hid), half = g[0] / (hid.reduce((a, x) => a + x, 0) / hid.length);
        return { holds: spread < 0.01 && Math.abs(half - 0.5) < 0.01, detail: `hidden layers ${hid.map((x) => fmt(x)).join(', ')}; input layer ${fmt(g[0])} (${fmt(half)} of theirs)` };
      },
    },
    {
      text: 'The network follows the reduction to one gain per layer: the dots stay within 2 % of the largest gain from the lines.',
      check: ({ sim }) => {
        const top = Math.max(...sim.b.map((b) => Math.max(...b)));
        return { holds: sim.agreement.b < 0.02 * top, detail: `largest gap ${fmt(sim.agreement.b)}, largest gain ${fmt(top)}` };
      },
    },
  ],

  async compute(call, v) {
    const sim = await call('perceptual.simulate', {
      depth: v.depth, decay: v.decay, neurons: v.neurons, width: v.width, offset: v.offset,
      lr: v.lr, steps: v.steps, every: Math.max(1, Math.floor(v.steps / 50)), seed: v.seed,
    });
    return { sim };
  },

  draw({ sim }) {
    const D = sim.depth, change = [], frob = [];
    for (let k = 0; k < D; k++) {
      const b0 = sim.b[k][0];
      change.push({ label: `layer ${k + 1}`, x: sim.t, y: sim.b[k].map((b) => b - b0), colorIndex: k % 7, points: true });
      change.push({ label: `_layer ${k + 1} reduction`, x: sim.t, y: sim.reduced.b[k].map((b) => b - sim.reduced.b[k][0]), colorIndex: k % 7, width: 1.5 });
      frob.push({ label: `layer ${k + 1}`, x: sim.t, y: sim.layerChange[k], colorIndex: k % 7 });
    }
    const layers = Float64Array.from({ length: D }, (_, k) => k + 1);
    const last = sim.t.length - 1;
    const final = [
      { label: 'initial gain b_k(0)', x: layers, y: sim.b.map((b) => b[0]), colorIndex: 5, points: true },
      { label: 'change b_k(end) − b_k(0)', x: layers, y: sim.b.map((b) => b[last] - b[0]), colorIndex: 1, points: true },
    ];
    return { change, final, frob };
  },

  readout({ sim }) {
    const last = sim.t.length - 1;
    return [
      ['final change per layer (input → output)', finalChange(sim).map((x) => fmt(x)).join(', ')],
      ['max |b network − b reduction|', fmt(sim.agreement.b)],
      ['final output margin / c', fmt(sim.margin[last] / sim.c)],
    ];
  },
};
