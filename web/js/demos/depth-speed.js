// Deep linear dynamics, view (b): epochs to criterion against depth with the
// learning rate scaled 1/D (Saxe, McClelland & Ganguli 2014; docs/theory.md
// §1.6), on synthetic data, for three initialisations.
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';

const DEPTHS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50];
const INITS = [
  { key: 'gaussian', label: 'scaled Gaussian (variance g²/N)', colorIndex: 1 },
  { key: 'orthogonal', label: 'scaled orthogonal (gain g)', colorIndex: 0 },
  { key: 'decoupled', label: 'decoupled, a₀ fixed', colorIndex: 2 },
];

/** Epochs of run `i` of init `k` as text: a number, 'diverged', or '> maxSteps' (not reached). */
function epochs(d, k, i, v) {
  if (Number.isFinite(d.steps[k][i])) return fmt(d.steps[k][i]);
  return d.diverged[k][i] ? 'diverged' : `> ${v.maxSteps}`;
}

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
    seedParam(),
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
  lookFor: `Compare the three starts as the network gets deeper. Markers on the dashed line at the top are runs
    that never met the criterion: × diverged, △ still short of it after the last epoch. Each network maps N
    inputs to 3 outputs, as the MNIST experiment of Saxe, McClelland & Ganguli (2014) maps 784 pixels to 10 classes.`,
  claims: [
    {
      text: 'Scaled orthogonal and decoupled starts train about as fast at every depth: no depth needs more than twice the epochs of D = 1.',
      check: (d, v) => {
        const each = ['orthogonal', 'decoupled'].map((k) => {
          const y = Array.from(d.steps[k]), worst = y.reduce((w, e, i) => (!(e <= y[w]) ? i : w), 0);
          return { ok: y.every(Number.isFinite) && y[worst] <= 2 * y[0], text: `${k}: ${epochs(d, k, 0, v)} at D = 1, ${epochs(d, k, worst, v)} at D = ${d.depths[worst]}` };
        });
        return { holds: each.every((w) => w.ok), detail: each.map((w) => w.text).join('; ') };
      },
    },
    {
      text: 'The scaled Gaussian start slows down with depth: the deepest network needs over 10 times the epochs of D = 1, or never gets there.',
      check: (d, v) => {
        const y = d.steps.gaussian, last = y.length - 1;
        return { holds: !Number.isFinite(y[last]) || y[last] > 10 * y[0], detail: `${epochs(d, 'gaussian', 0, v)} → ${epochs(d, 'gaussian', last, v)}` };
      },
    },
    {
      text: 'Decoupled runs take the epochs the mode dynamics predict (dashed), to within 10 % and one epoch.',
      check: (d, v) => {
        const missed = d.depths.findIndex((_, i) => !Number.isFinite(d.steps.decoupled[i]));
        if (missed >= 0) return { holds: false, detail: `${epochs(d, 'decoupled', missed, v)} at D = ${d.depths[missed]}` };
        // Whole epochs against a real-valued prediction: one epoch of rounding on top of 10 %.
        const gap = Array.from(d.depths, (_, i) => Math.abs(d.steps.decoupled[i] - d.theory[i]));
        const i = gap.reduce((w, g, k) => (g - 0.1 * d.theory[k] > gap[w] - 0.1 * d.theory[w] ? k : w), 0);
        return { holds: gap.every((g, k) => g <= 0.1 * d.theory[k] + 1),
          detail: `largest gap ${fmt(gap[i])} epochs (${fmt(d.steps.decoupled[i])} vs ${fmt(d.theory[i])}) at D = ${d.depths[i]}` };
      },
    },
  ],

  async compute(call, v) {
    const depths = DEPTHS.filter((d) => d <= v.maxDepth);
    if (depths.at(-1) !== v.maxDepth) depths.push(v.maxDepth);
    const common = {
      inits: INITS.map((i) => i.key), width: v.width, singularValues: [v.s1, v.s2, v.s3],
      a0: v.a0, gain: v.gain, lr0: v.lr0, criterion: v.criterion, maxSteps: v.maxSteps, seed: v.seed,
    };
    // One call per depth, spread over the worker pool, deepest first (a deeper net
    // costs more per step and, at lr0/D, takes more steps): every (depth, init) run
    // starts from its own seeded network, so the merged sweep is bit-identical for
    // any number of workers and any order.
    const parts = await call.many('deepLinear.depthSweep', depths.map((d) => ({ ...common, depths: [d] })), { cost: (p) => p.depths[0] });
    const cat = (get) => Float64Array.from(parts.flatMap((r) => Array.from(get(r))));
    const byInit = (get) => Object.fromEntries(common.inits.map((k) => [k, cat((r) => get(r)[k])]));
    return {
      depths: cat((r) => r.depths),
      steps: byInit((r) => r.steps),
      diverged: byInit((r) => r.diverged),
      theory: cat((r) => r.theory),
    };
  },

  draw(d, v) {
    const x = Float64Array.from(d.depths);
    // Runs that met the criterion; the others are markers on the give-up line below.
    const met = (k) => ({ x: Array.from(x).filter((_, i) => Number.isFinite(d.steps[k][i])), y: Array.from(d.steps[k]).filter(Number.isFinite) });
    const series = INITS.map((i) => ({ label: i.label, ...met(i.key), colorIndex: i.colorIndex, points: true }));
    for (const i of INITS) series.push({ label: `_${i.key} line`, ...met(i.key), colorIndex: i.colorIndex, width: 1 });
    series.push({ label: 'theory, decoupled', x, y: d.theory, colorIndex: 2, dash: true, width: 2 });
    // Runs that never met the criterion sit on the give-up line: × diverged, △ ran out of epochs.
    const top = [v.maxSteps, v.maxSteps];
    series.push({ label: `give-up line: × diverged, △ not reached in ${v.maxSteps} epochs`, x: [x[0], x[x.length - 1]], y: top, color: '#888', dash: true, width: 1 });
    INITS.forEach((i, n) => {
      for (const [marker, diverged] of [['crossRot', 1], ['triangle', 0]]) {
        const at = Array.from(x).filter((_, k) => !Number.isFinite(d.steps[i.key][k]) && d.diverged[i.key][k] === diverged);
        // Chart.js draws the first series on top: it gets the smallest marker, so coinciding ones stay visible.
        if (at.length) series.push({ label: `_${i.key} ${diverged ? 'diverged' : 'not reached'}`, x: at, y: at.map(() => v.maxSteps), colorIndex: i.colorIndex, points: true, marker, radius: 4 + 2 * n });
      }
    });
    return { steps: series };
  },

  readout(d, v) {
    const last = d.depths.length - 1;
    return INITS.map((i) => [`${i.label}: epochs at D = 1 → D = ${d.depths[last]}`, `${epochs(d, i.key, 0, v)} → ${epochs(d, i.key, last, v)}`])
      .concat([['theory (decoupled): D = 1 → deepest', `${fmt(d.theory[0])} → ${fmt(d.theory[last])}`]]);
  },
};
