// Perceptual learning, view 5: the two fundamental topologies (docs/theory.md §2.5):
// parallel (y = sum w_j x_j) targets the most informative unit, serial
// (y = w_k..w_1 x) the least informative layer.
import { fmt } from '../format.js';

const argmax = (a) => a.reduce((k, x, i) => (x > a[k] ? i : k), 0);

const sq = (x) => x * x;

export default {
  id: 'pl-topology',
  area: 'perceptual',
  title: 'Parallel vs serial',
  refs: ['ahissar2004', 'saxe2014'],
  live: true,
  params: [
    { key: 'units', label: 'Units (parallel) = layers (serial)', help: 'How many inputs are summed (parallel), and how many layers are chained (serial).', type: 'int', min: 2, max: 8, step: 1, def: 4 },
    { key: 'least', label: 'Informativeness of the weakest unit', help: 'How informative the weakest unit or layer is, where the strongest is 1; the others lie evenly between.', type: 'real', min: 0.05, max: 1, step: 0.05, def: 0.3 },
    { key: 'noise', label: 'Input noise (parallel)', help: 'Noise on each input of the parallel network; it makes the weights compete.', type: 'real', min: 0, max: 2, step: 0.05, def: 0.5 },
    { key: 'target', label: 'Target c', type: 'real', min: 0.2, max: 3, step: 0.1, def: 1.5 },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 0.001, max: 0.2, def: 0.02, scale: 'log' },
    { key: 'steps', label: 'Steps', type: 'int', min: 100, max: 20000, step: 100, def: 600 },
  ],
  charts: [
    { id: 'parallel', title: 'Parallel: y = Σ wⱼ xⱼ (independent weights)', xLabel: 'unit j (1 = most informative)', xType: 'index', yLabel: 'value', yMin: 0 },
    { id: 'serial', title: 'Serial: y = (∏ w_k) x (coupled weights)', xLabel: 'layer k (1 = most informative)', xType: 'index', yLabel: 'value', yMin: 0 },
    { id: 'time', title: 'Change of each weight over training: parallel (solid), serial (dashed)', xLabel: 'training step', yLabel: 'w(t) − w(0)' },
  ],
  equation: `
    <p>Parallel: <span class="math">x<sub>j</sub> = i<sub>j</sub> s + noise</span>, <span class="math">y = Σ w<sub>j</sub>x<sub>j</sub></span>:
       <span class="math">ẇ<sub>j</sub> ∝ i<sub>j</sub>(c − Σ<sub>k</sub> i<sub>k</sub>w<sub>k</sub>) − σ²w<sub>j</sub></span>, so <span class="math">Δw ∝ i</span>.</p>
    <p>Serial: <span class="math">y = (∏ w<sub>k</sub>) s</span>, <span class="math">w<sub>k</sub>(0) = i<sub>k</sub></span>:
       <span class="math">ẇ<sub>k</sub> = (c − ∏w) ∏<sub>j≠k</sub> w<sub>j</sub></span>, so <span class="math">w<sub>k</sub>² − w<sub>j</sub>²</span> is conserved.</p>`,
  lookFor: `The same informativeness values, wired two ways: compare which weight changes most in each wiring, and how
    the changes unfold over training.`,
  claims: [
    {
      text: 'In parallel the weights are independent, and the most informative unit changes most.',
      check: ({ res }) => {
        const k = argmax(res.parallelChange);
        return { holds: k === 0, detail: `unit ${k + 1} changes most (Δw = ${fmt(res.parallelChange[k])})` };
      },
    },
    {
      text: 'In series the weights are coupled through their product, and the least informative (weakest) layer changes most.',
      check: ({ res, info }) => {
        const k = argmax(res.serialChange);
        return { holds: k === info.length - 1, detail: `layer ${k + 1} of ${info.length} changes most (Δw = ${fmt(res.serialChange[k])})` };
      },
    },
    {
      text: 'In series every layer’s squared weight grows by the same amount (w_k² − w_j² is conserved), to within 1 %.',
      check: ({ res }) => {
        const grow = res.serial.map((w) => sq(w[w.length - 1]) - sq(w[0]));
        const spread = (Math.max(...grow) - Math.min(...grow)) / Math.max(...grow.map(Math.abs));
        return { holds: spread < 0.01, detail: `growth of w² from ${fmt(Math.min(...grow))} to ${fmt(Math.max(...grow))}` };
      },
    },
  ],

  async compute(call, v) {
    const info = Array.from({ length: v.units }, (_, j) => 1 - ((1 - v.least) * j) / (v.units - 1));
    const res = await call('perceptual.topologies', { info, target: v.target, noise: v.noise, lr: v.lr, steps: v.steps, every: Math.max(1, Math.floor(v.steps / 100)) });
    return { res, info };
  },

  draw({ res, info }) {
    const idx = Float64Array.from(info, (_, j) => j + 1);
    const dots = (label, y, colorIndex) => ({ label, x: idx, y, colorIndex, points: true });
    const parallel = [dots('informativeness iⱼ', info, 5), dots('change Δwⱼ', res.parallelChange, 0)];
    const serial = [dots('informativeness = w_k(0)', info, 5), dots('change Δw_k', res.serialChange, 1)];
    const time = [];
    info.forEach((_, j) => {
      time.push({ label: `unit / layer ${j + 1}`, x: res.t, y: res.parallel[j].map((w) => w - res.parallel[j][0]), colorIndex: j });
      time.push({ label: `_serial ${j + 1}`, x: res.t, y: res.serial[j].map((w) => w - res.serial[j][0]), colorIndex: j, dash: true });
    });
    return { parallel, serial, time };
  },

  readout({ res, info }) {
    return [
      ['parallel: most changed unit (1 = most informative)', `${argmax(res.parallelChange) + 1} (Δw = ${fmt(Math.max(...res.parallelChange))})`],
      ['serial: most changed layer', `${argmax(res.serialChange) + 1} of ${info.length} (Δw = ${fmt(Math.max(...res.serialChange))})`],
    ];
  },
};
