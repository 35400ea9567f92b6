// Perceptual learning, view 2: fine (high precision) vs coarse (low precision)
// discrimination: which neurons of the input layer change, and how much each layer changes.
import { fmt } from '../format.js';

/** Preferred orientation (deg from the reference) of the input neuron that changed most. */
function mostChanged(s) {
  let k = 0;
  s.neurons.input.forEach((x, i) => { if (x > s.neurons.input[k]) k = i; });
  return Math.abs(s.neurons.pref[k]);
}

export default {
  id: 'pl-precision',
  area: 'perceptual',
  title: 'Fine vs coarse tasks',
  refs: ['schoups2001', 'saxe2014'],
  live: false,
  params: [
    { key: 'neurons', label: 'Input neurons n', type: 'int', min: 8, max: 360, step: 1, def: 90 },
    { key: 'width', label: 'Tuning width (deg)', type: 'real', min: 3, max: 45, step: 0.5, def: 12 },
    { key: 'fine', label: 'Fine task: stimuli at ± (deg)', help: 'The fine task’s stimuli lie this many degrees either side of the reference.', type: 'real', min: 0.5, max: 10, step: 0.5, def: 2 },
    { key: 'coarse', label: 'Coarse task: stimuli at ± (deg)', help: 'The coarse task’s stimuli lie this many degrees either side of the reference.', type: 'real', min: 10, max: 60, step: 1, def: 30 },
    { key: 'target', label: 'Target c', type: 'real', min: 0.1, max: 5, step: 0.1, def: 1 },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 0.001, max: 0.2, def: 0.02, scale: 'log' },
    { key: 'steps', label: 'Steps', type: 'int', min: 100, max: 20000, step: 100, def: 1500 },
  ],
  charts: [
    { id: 'neurons', title: 'Change of each input neuron’s tuning |ΔW₁ row| vs its preferred orientation (dots: network, lines: √2 α |dᵢ|)', xLabel: 'preferred orientation − reference (deg)', yLabel: 'change' },
    { id: 'shape', title: 'Same, each scaled to its largest change, with the population’s tuning curves at the stimuli', xLabel: 'preferred orientation − reference (deg)', yLabel: 'relative change', yMin: 0, yMax: 1.05 },
    { id: 'layers', title: 'Input layer (α) and decision layer (β) change over training', xLabel: 'training step', yLabel: 'α, β' },
  ],
  equation: `
    <p>Change of input neuron i: <span class="math">|ΔW<sub>1</sub>(i, ·)| = √2 α |d<sub>i</sub>|</span>,
       <span class="math">d<sub>i</sub> = f<sub>i</sub>(+offset) − f<sub>i</sub>(−offset)</span>; decision weight i: <span class="math">Δβ d<sub>i</sub></span> — the same profile.</p>
    <p>Task difficulty <span class="math">v = |d|²/2</span>: fine tasks have small v and need α large; coarse tasks reach
       <span class="math">vβ(1 + 2α) = c</span> with α ≈ 0.</p>`,
  lookFor: `Compare where in the input population each task changes the tuning (top charts), and how much each layer
    changes (bottom chart). Then vary the tuning width.`,
  claims: [
    {
      text: 'Fine task: the input neurons that change most prefer orientations about one tuning width from the reference (0.5 to 1.5 widths), where their tuning curves are steepest, not the reference itself.',
      check: ({ fine }, v) => {
        const at = mostChanged(fine);
        return { holds: at >= 0.5 * v.width && at <= 1.5 * v.width, detail: `±${fmt(at)}° with tuning width ${fmt(v.width)}°` };
      },
    },
    {
      text: 'Coarse task: the input neurons that change most prefer the two stimuli (within a quarter tuning width of ±offset).',
      check: ({ coarse }, v) => {
        const at = mostChanged(coarse);
        return { holds: Math.abs(at - v.coarse) <= 0.25 * v.width, detail: `±${fmt(at)}° with stimuli at ±${fmt(v.coarse)}°` };
      },
    },
    {
      text: 'The coarse task leaves the input layer almost untouched: its final α is under a tenth of the fine task’s, while both change the decision layer.',
      check: ({ fine, coarse }) => {
        const a = (s) => s.alpha[s.alpha.length - 1];
        return { holds: a(coarse) < 0.1 * a(fine), detail: `final α: fine ${fmt(a(fine))}, coarse ${fmt(a(coarse))}` };
      },
    },
  ],

  async compute(call, v) {
    const common = { neurons: v.neurons, width: v.width, target: v.target, lr: v.lr, steps: v.steps, every: Math.max(1, Math.floor(v.steps / 60)) };
    const fine = await call('perceptual.simulate', { ...common, offset: v.fine });
    const coarse = await call('perceptual.simulate', { ...common, offset: v.coarse });
    const popF = await call('perceptual.population', { neurons: v.neurons, width: v.width, offset: v.fine });
    const popC = await call('perceptual.population', { neurons: v.neurons, width: v.width, offset: v.coarse });
    return { fine, coarse, popF, popC };
  },

  draw({ fine, coarse, popF, popC }) {
    const theory = (s) => s.neurons.dabs.map((d) => Math.SQRT2 * s.alpha[s.alpha.length - 1] * d);
    const neurons = [
      { label: 'fine task', x: fine.neurons.pref, y: fine.neurons.input, colorIndex: 0, points: true },
      { label: '_fine theory', x: fine.neurons.pref, y: theory(fine), colorIndex: 0, width: 1.5 },
      { label: 'coarse task', x: coarse.neurons.pref, y: coarse.neurons.input, colorIndex: 1, points: true },
      { label: '_coarse theory', x: coarse.neurons.pref, y: theory(coarse), colorIndex: 1, width: 1.5 },
    ];
    const scaled = (y) => { const m = Math.max(...y); return m > 0 ? y.map((x) => x / m) : y; };
    const shape = [
      { label: 'fine: input layer', x: fine.neurons.pref, y: scaled(fine.neurons.input), colorIndex: 0 },
      { label: 'coarse: input layer', x: coarse.neurons.pref, y: scaled(coarse.neurons.input), colorIndex: 1 },
      { label: 'response to +fine stimulus', x: popF.pref, y: scaled(popF.gplus), colorIndex: 4, width: 1 },
      { label: 'response to +coarse stimulus', x: popC.pref, y: scaled(popC.gplus), colorIndex: 5, width: 1 },
    ];
    const layers = [
      { label: 'fine: α (input)', x: fine.t, y: fine.alpha, colorIndex: 0 },
      { label: 'fine: β (decision)', x: fine.t, y: fine.beta, colorIndex: 0, dash: true },
      { label: 'coarse: α (input)', x: coarse.t, y: coarse.alpha, colorIndex: 1 },
      { label: 'coarse: β (decision)', x: coarse.t, y: coarse.beta, colorIndex: 1, dash: true },
    ];
    return { neurons, shape, layers };
  },

  readout({ fine, coarse }) {
    const last = (a) => a[a.length - 1];
    return [
      ['most changed neuron prefers (± deg from reference)', `fine ${fmt(mostChanged(fine))}, coarse ${fmt(mostChanged(coarse))}`],
      ['task difficulty v', `fine ${fmt(fine.v)}, coarse ${fmt(coarse.v)}`],
      ['final α (input layer)', `fine ${fmt(last(fine.alpha))}, coarse ${fmt(last(coarse.alpha))}`],
      ['final β (decision layer)', `fine ${fmt(last(fine.beta))}, coarse ${fmt(last(coarse.beta))}`],
      ['final |ΔW₁| / |ΔW₂|', `fine ${fmt(last(fine.layerChange[0]) / last(fine.layerChange[1]))}, coarse ${fmt(last(coarse.layerChange[0]) / last(coarse.layerChange[1]))}`],
    ];
  },
};
