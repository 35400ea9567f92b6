// Deep linear dynamics, view (b): epochs to criterion against depth with the
// learning rate scaled 1/D (Saxe, McClelland & Ganguli 2014; docs/theory.md
// §1.6), on synthetic data, for three initialisations.
import { fmt } from '../format.js';

const DEPTHS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50];
const INITS = [
  { key: 'gaussian', label: 'scaled Gaussian (variance g²/N)', colorIndex: 1 },
  { key: 'orthogonal', label: 'scaled orthogonal (gain g)', colorIndex: 0 },
  { key: 'decoupled', label: 'decoupled, a₀ fixed', colorIndex: 2 },
];

export default {
  id: 'depth-speed',
  area: 'deep-linear',
  title: 'Depth and learning speed',
  refs: ['saxe2014'],
  live: false,
  params: [
    { key: 'maxDepth', label: 'Deepest network', help: 'The deepest network of the sweep; depths from 1 up to it are trained.', type: 'int', min: 2, max: 50, step: 1, def: 50 },
    { key: 'width', label: 'Width N (inputs and hidden layers)', help: 'The number of inputs, and of neurons in each hidden layer.', type: 'int', min: 4, max: 64, step: 1, def: 16 },
    { key: 's1', label: 'Singular value s₁', type: 'real', min: 0.1, max: 3, step: 0.1, def: 3 },
    { key: 's2', label: 'Singular value s₂', type: 'real', min: 0.1, max: 3, step: 0.1, def: 2 },
    { key: 's3', label: 'Singular value s₃', type: 'real', min: 0.1, max: 3, step: 0.1, def: 1 },
    { key: 'a0', label: 'Initial strength a₀ (decoupled)', type: 'real', min: 0.01, max: 1, def: 0.5, scale: 'log' },
    { key: 'gain', label: 'Gain g (Gaussian, orthogonal)', type: 'real', min: 0.5, max: 1.5, step: 0.01, def: 1 },
    { key: 'lr0', label: 'Learning rate × D (lr = lr₀/D)', help: 'The learning rate times the depth: each network trains with lr = lr₀/D, the scaling that keeps deep networks stable.', type: 'real', min: 0.001, max: 0.2, def: 0.05, scale: 'log' },
    { key: 'criterion', label: 'Criterion (fraction of the loss at W = 0)', help: 'Training stops when the loss falls below this fraction of the loss at W = 0.', type: 'real', min: 0.001, max: 0.5, def: 0.05, scale: 'log' },
    { key: 'maxSteps', label: 'Give up after (epochs)', help: 'A network that has not reached the criterion after this many epochs counts as not reaching it.', type: 'int', min: 100, max: 50000, step: 100, def: 5000 },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 1000000, step: 1, def: 1 },
  ],
  charts: [
    { id: 'steps', title: 'Epochs until the loss falls below the criterion', xLabel: 'depth D (weight matrices)', yLabel: 'epochs (full-batch steps)', yType: 'logarithmic' },
  ],
  equation: `
    <p>With lr = lr<sub>0</sub>/D, per step each decoupled mode moves by
       <span class="math">Δa = lr<sub>0</sub> a<sup>2−2/D</sup> (s − a)</span>: no D left when a<sub>0</sub> = O(1),
       so the number of epochs tends to a constant as D grows.</p>
    <p>Criterion: <span class="math">½⟨|y − W<sub>tot</sub>x|²⟩ ≤ c · ½ Σ<sub>a</sub> s<sub>a</sub><sup>2</sup></span>;
       theory (dashed): decoupled modes, epochs = t<sub>c</sub> D / lr<sub>0</sub>.</p>`,
  lookFor: `Orthogonal and decoupled starts train in about the same number of epochs at every depth:
    deep networks can learn as fast as shallow ones. The scaled Gaussian start preserves norms only on
    average; most directions of its product shrink with depth, so its epochs climb steeply (points
    missing at the top were not reached within the limit). Each network maps N inputs to 3 outputs,
    like the MNIST experiment of Saxe, McClelland & Ganguli (2014) maps 784 pixels to 10 classes.`,

  async compute(call, v) {
    const depths = DEPTHS.filter((d) => d <= v.maxDepth);
    if (depths.at(-1) !== v.maxDepth) depths.push(v.maxDepth);
    const common = {
      inits: INITS.map((i) => i.key), width: v.width, singularValues: [v.s1, v.s2, v.s3],
      a0: v.a0, gain: v.gain, lr0: v.lr0, criterion: v.criterion, maxSteps: v.maxSteps, seed: v.seed,
    };
    // One call per depth, spread over the worker pool: every (depth, init) run starts
    // from its own seeded network, so the merged sweep is bit-identical for any
    // number of workers.
    const parts = await call.many('deepLinear.depthSweep', depths.map((d) => ({ ...common, depths: [d] })));
    const cat = (get) => Float64Array.from(parts.flatMap((r) => Array.from(get(r))));
    return {
      depths: cat((r) => r.depths),
      steps: Object.fromEntries(common.inits.map((k) => [k, cat((r) => r.steps[k])])),
      theory: cat((r) => r.theory),
    };
  },

  draw(d) {
    const x = Float64Array.from(d.depths);
    const series = INITS.map((i) => ({ label: i.label, x, y: d.steps[i.key], colorIndex: i.colorIndex, points: true }));
    for (const i of INITS) series.push({ label: `_${i.key} line`, x, y: d.steps[i.key], colorIndex: i.colorIndex, width: 1 });
    series.push({ label: 'theory, decoupled', x, y: d.theory, colorIndex: 2, dash: true, width: 2 });
    return { steps: series };
  },

  readout(d, v) {
    const at = (arr, i) => (Number.isFinite(arr[i]) ? fmt(arr[i]) : `> ${v.maxSteps}`);
    const last = d.depths.length - 1;
    return INITS.map((i) => [`${i.label}: epochs at D = 1 → D = ${d.depths[last]}`, `${at(d.steps[i.key], 0)} → ${at(d.steps[i.key], last)}`])
      .concat([['theory (decoupled): D = 1 → deepest', `${fmt(d.theory[0])} → ${fmt(d.theory[last])}`]]);
  },
};
