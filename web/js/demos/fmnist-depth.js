// Deep linear dynamics on real data: epochs to criterion and the best learning rate
// against depth on Fashion-MNIST, for four starts (Saxe, McClelland & Ganguli 2014, who
// ran this on MNIST; docs/theory.md §1.6).
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';
import { DATA_NOTE } from './common/nonlinear.js';

const DEPTHS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16];
/** The learning rates every run is scanned over: 3.2 halved nine times. */
export const LR_GRID = [3.2, 1.6, 0.8, 0.4, 0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625];
const INITS = [
  { key: 'gaussian', label: 'scaled Gaussian (variance g²/N)', colorIndex: 1 },
  { key: 'orthogonal', label: 'scaled orthogonal (gain g)', colorIndex: 0 },
  { key: 'pretrained', label: 'greedy layer-wise pretrained (gain g)', colorIndex: 3 },
  { key: 'decoupled', label: 'decoupled, a₀ fixed', colorIndex: 2 },
];
const ALIGNED = ['orthogonal', 'pretrained'];

/** Epochs at depth index i of init k as text: a number, or why there is none. */
function epochs(d, k, i) {
  const r = d.runs[k];
  if (Number.isFinite(r.epochs[i])) return fmt(r.epochs[i]);
  return r.diverged[i] ? 'diverged at every lr' : 'not reached';
}

/** The largest over the smallest epochs of init k across depths (Infinity if a depth missed). */
function spread(d, k) {
  const y = Array.from(d.runs[k].epochs);
  if (!y.every(Number.isFinite)) return { ratio: Infinity, lo: NaN, hi: NaN };
  const lo = Math.min(...y), hi = Math.max(...y);
  return { ratio: hi / lo, lo, hi, at: d.depths[y.indexOf(hi)], from: d.depths[y.indexOf(lo)] };
}

export default {
  id: 'fmnist-depth',
  area: 'deep-linear',
  title: 'Depth on real data (Fashion-MNIST)',
  refs: ['saxe2014', 'xiao2017'],
  live: false,
  params: [
    { key: 'maxDepth', label: 'Deepest network', help: 'The deepest network of the sweep; depths from 1 up to it are trained.', type: 'int', min: 2, max: 16, step: 1, def: 10 },
    { key: 'width', label: 'Hidden width N', help: 'The number of neurons in each hidden layer (at least 10, so the decoupled start has room for the 10 class modes).', type: 'int', min: 10, max: 64, step: 1, def: 32 },
    { key: 'components', label: 'Inputs (principal components kept)', help: 'Each image enters as its coordinates along this many of the pixels’ principal directions, the strongest first (196 keeps every pixel’s information).', type: 'int', min: 10, max: 196, step: 1, def: 50 },
    { key: 'perClass', label: 'Training images per class', help: 'How many training images of each of the 10 classes make up Σ¹¹ and Σ³¹.', type: 'int', min: 50, max: 1000, step: 50, def: 1000 },
    { key: 'criterion', label: 'Criterion (fraction of the gap left)', help: 'A run has learned once its loss is within this fraction of the way from the loss at W = 0 down to the least loss a linear map can reach.', type: 'real', min: 0.02, max: 0.5, def: 0.1, scale: 'log' },
    { key: 'gain', label: 'Gain g (Gaussian, orthogonal, pretrained)', type: 'real', min: 0.5, max: 1.5, step: 0.01, def: 1 },
    { key: 'a0', label: 'Initial strength a₀ (decoupled)', type: 'real', min: 0.01, max: 1, def: 0.1, scale: 'log' },
    { key: 'maxEpochs', label: 'Give up after (epochs)', help: 'A run that has not reached the criterion after this many epochs counts as not reaching it.', type: 'int', min: 100, max: 20000, step: 100, def: 5000 },
    seedParam(),
  ],
  charts: [
    { id: 'epochs', title: 'Epochs to criterion at the best learning rate', xLabel: 'depth D (weight matrices)', yLabel: 'epochs (full-batch steps)', yType: 'logarithmic' },
    { id: 'lr', title: 'Best learning rate', xLabel: 'depth D (weight matrices)', yLabel: 'learning rate', yType: 'logarithmic' },
  ],
  equation: `
    <p>Data: ${DATA_NOTE} (the first images of each class). Pixels are
       scaled to [0, 1] and centred, then rotated onto their principal directions, of which the strongest are kept:
       <span class="math">Σ<sup>11</sup> = ⟨x xᵀ⟩</span> is diagonal, <span class="math">Σ<sup>31</sup> = ⟨y xᵀ⟩</span>
       with y the one-hot class. Not whitened: pretraining needs the input’s principal directions.</p>
    <p>A network of D weight matrices, full-batch gradient descent on
       <span class="math">½⟨|y − W<sub>D</sub>⋯W<sub>1</sub>x|²⟩</span>; one step is one epoch.
       Criterion: <span class="math">L ≤ L* + c (L<sub>0</sub> − L*)</span>, L<sub>0</sub> = ½⟨|y|²⟩ = ½, the loss at W = 0 (the same for every start),
       L* the least loss of any linear map of the kept inputs. Each run is scanned over the learning rates 3.2, 1.6, …, 0.00625;
       the best reaches the criterion in the fewest epochs without diverging.</p>
    <p>Greedy layer-wise pretraining: each layer is the optimal linear autoencoder of the layer below, which
       keeps its top principal directions, so <span class="math">W<sub>l</sub>⋯W<sub>1</sub> = g<sup>l</sup> R<sub>l</sub> E<sub>k</sub>ᵀ</span>
       (E<sub>k</sub> the top principal directions, R<sub>l</sub> a random rotation the autoencoder leaves free).</p>`,
  lookFor: `Compare how the epochs to criterion change with depth for the four starts, and how the best learning rate
    moves. Try a gain g of 1.2 or 0.5 to see starts that are not norm-preserving, or fewer inputs to make each run
    quicker. Saxe, McClelland & Ganguli (2014) ran this comparison on MNIST.`,
  claims: [
    {
      text: 'Orthogonal and pretrained starts train about as fast at every depth: at its best learning rate no depth needs more than 3 times the epochs of the fastest.',
      when: (v) => v.maxDepth >= 4,
      check: (d) => {
        const each = ALIGNED.map((k) => ({ k, ...spread(d, k) }));
        return {
          holds: each.every((s) => s.ratio <= 3),
          detail: each.map((s) => (Number.isFinite(s.ratio) ? `${s.k}: ${fmt(s.lo)} (D = ${s.from}) to ${fmt(s.hi)} (D = ${s.at})` : `${s.k}: a depth did not reach the criterion`)).join('; '),
        };
      },
    },
    {
      text: 'The scaled Gaussian start slows down with depth: the deepest network needs more than 3 times the epochs of D = 1, or never reaches the criterion.',
      when: (v) => v.maxDepth >= 6,
      applies: (d) => Number.isFinite(d.runs.gaussian.epochs[0]),
      check: (d) => {
        const y = d.runs.gaussian.epochs, last = y.length - 1;
        return { holds: !Number.isFinite(y[last]) || y[last] > 3 * y[0], detail: `${epochs(d, 'gaussian', 0)} at D = 1, ${epochs(d, 'gaussian', last)} at D = ${d.depths[last]}` };
      },
    },
    {
      text: 'Deep Gaussian networks need smaller learning rates: the best one at the deepest network is at most a quarter of that at D = 1.',
      when: (v) => v.maxDepth >= 6,
      // About two best rates: listed only when both the shallowest and the deepest network have one.
      applies: (d) => Number.isFinite(d.runs.gaussian.lr[0]) && Number.isFinite(d.runs.gaussian.lr.at(-1)),
      check: (d) => {
        const r = d.runs.gaussian.lr, last = r.length - 1;
        return { holds: r[last] <= r[0] / 4, detail: `lr ${fmt(r[0])} at D = 1, ${fmt(r[last])} at D = ${d.depths[last]}` };
      },
    },
    {
      text: 'At the deepest network every other start reaches the criterion in fewer epochs than the Gaussian one.',
      when: (v) => v.maxDepth >= 6,
      check: (d) => {
        const last = d.depths.length - 1, g = d.runs.gaussian.epochs[last];
        const others = ['orthogonal', 'pretrained', 'decoupled'].map((k) => ({ k, e: d.runs[k].epochs[last] }));
        return {
          holds: others.every((o) => Number.isFinite(o.e) && !(o.e >= g)),
          detail: `D = ${d.depths[last]}: Gaussian ${epochs(d, 'gaussian', last)}, ${others.map((o) => `${o.k} ${epochs(d, o.k, last)}`).join(', ')}`,
        };
      },
    },
  ],

  async compute(call, v) {
    const depths = DEPTHS.filter((d) => d <= v.maxDepth);
    if (depths.at(-1) !== v.maxDepth) depths.push(v.maxDepth);
    const stats = await call('data.fashionMnistStats', { perClass: v.perClass, components: v.components });
    const target = stats.minLoss + v.criterion * (stats.zeroLoss - stats.minLoss);
    const data = { sigma11: stats.sigma11, sigma31: stats.sigma31, y2: stats.y2 };
    // One call per (init, depth) across the worker pool; each starts from its own seeded
    // network, so the sweep is the same for any number of workers.
    const jobs = INITS.flatMap((i) => depths.map((D) => ({
      ...data, depth: D, width: v.width, inputs: stats.inputs, outputs: stats.outputs,
      init: i.key, gain: v.gain, a0: v.a0, seed: v.seed, lrs: LR_GRID, target, maxEpochs: v.maxEpochs,
    })));
    const scans = await call.many('deepLinear.criterionScan', jobs);
    const runs = Object.fromEntries(INITS.map((i, n) => {
      const mine = scans.slice(n * depths.length, (n + 1) * depths.length);
      return [i.key, {
        epochs: Float64Array.from(mine, (s) => s.best.epochs),
        lr: Float64Array.from(mine, (s) => s.best.lr),
        // 1 when every learning rate of the grid diverged
        diverged: Float64Array.from(mine, (s) => Number(s.outcome.every((o) => o === 1))),
      }];
    }));
    return {
      depths: Float64Array.from(depths), runs,
      data: { samples: stats.samples, inputs: stats.inputs, explained: stats.explained, zeroLoss: stats.zeroLoss, minLoss: stats.minLoss, target },
    };
  },

  draw(d) {
    const x = Array.from(d.depths);
    const met = (k, field) => ({ x: x.filter((_, i) => Number.isFinite(d.runs[k][field][i])), y: Array.from(d.runs[k][field]).filter(Number.isFinite) });
    const chart = (field) => INITS.flatMap((i) => [
      { label: i.label, ...met(i.key, field), colorIndex: i.colorIndex, points: true },
      { label: `_${i.key} line`, ...met(i.key, field), colorIndex: i.colorIndex, width: 1 },
    ]);
    return { epochs: chart('epochs'), lr: chart('lr') };
  },

  readout(d) {
    const last = d.depths.length - 1;
    return [
      ['data', `${d.data.samples} training images, ${d.data.inputs} inputs keeping ${fmt(100 * d.data.explained)} % of the pixel variance`],
      ['loss at W = 0 → least reachable → criterion', `${fmt(d.data.zeroLoss)} → ${fmt(d.data.minLoss)} → ${fmt(d.data.target)}`],
      ...INITS.map((i) => [`${i.label}: epochs at D = 1 → D = ${d.depths[last]}`, `${epochs(d, i.key, 0)} → ${epochs(d, i.key, last)}`]),
    ];
  },
};
