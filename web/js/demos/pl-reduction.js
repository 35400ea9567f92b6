// Perceptual learning, view 1: the full three-layer network trained by gradient
// descent (dots) against the exact two-variable reduction (lines) (Saxe 2015;
// docs/theory.md §2.2).
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';

const N_LINE = 300;

const sq = (x) => x * x;

export default {
  id: 'pl-reduction',
  area: 'perceptual',
  title: 'Two-variable reduction',
  refs: ['saxe2014', 'schoups2001'],
  live: false,
  params: [
    { key: 'neurons', label: 'Input neurons n', type: 'int', min: 4, max: 360, step: 1, def: 60 },
    { key: 'width', label: 'Tuning width (deg)', type: 'real', min: 3, max: 60, step: 0.5, def: 15 },
    { key: 'offset', label: 'Stimuli at ± offset (deg)', type: 'real', min: 0.5, max: 45, step: 0.5, def: 2 },
    { key: 'target', label: 'Target c (output ±c)', type: 'real', min: 0.1, max: 5, step: 0.1, def: 1 },
    { key: 'beta0', label: 'Initial readout β(0)', help: 'How strongly the decision layer reads out the task before training.', type: 'real', min: 0, max: 2, step: 0.01, def: 0 },
    { key: 'noise', label: 'Readout noise at start', help: 'Random noise added to the starting readout; any noise breaks the exact two-variable reduction.', type: 'real', min: 0, max: 1, step: 0.01, def: 0 },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 0.001, max: 0.5, def: 0.02, scale: 'log' },
    { key: 'steps', label: 'Steps', type: 'int', min: 50, max: 20000, step: 50, def: 1000 },
    seedParam('Seed (noise)'),
  ],
  charts: [
    { id: 'ab', title: 'Change of each layer: α (input layer) and β (decision layer): network (dots), reduction (lines)', xLabel: 'time t / τ', yLabel: 'α, β' },
    { id: 'ratio', title: 'Which layer changes first: β / α', xLabel: 'time t / τ', yLabel: 'β / α', yType: 'logarithmic' },
    { id: 'conserved', title: 'Conserved quantity β² − 2α² − 2α, and the margin β − √2 α', xLabel: 'time t / τ', yLabel: 'value' },
  ],
  equation: `
    <p><span class="math">W<sub>1</sub>(t) = [g<sub>+</sub> g<sub>−</sub>] + α(t) [d −d]</span>, &nbsp;
       <span class="math">W<sub>2</sub>(t) = β(t) d<sup>T</sup></span>, &nbsp; <span class="math">d = g<sub>+</sub> − g<sub>−</sub></span></p>
    <p><span class="math">τ α̇ = β (c − vβ(1 + 2α))</span>, &nbsp; <span class="math">τ β̇ = (c − vβ(1 + 2α))(1 + 2α)</span>, &nbsp;
       <span class="math">v = d<sup>T</sup>g<sub>+</sub> = g<sub>+</sub><sup>T</sup>g<sub>+</sub> − g<sub>+</sub><sup>T</sup>g<sub>−</sub></span></p>
    <p>Loss ½·mean over the two stimuli, so τ = 2 / lr steps. Conserved: <span class="math">β² − 2α² − 2α</span>.</p>`,
  lookFor: `Dots: the whole n-neuron network trained by gradient descent. Lines: two numbers, α and β, integrated from c,
    v and τ. Try a smaller offset or a larger target (larger α), a coarse task (offset 20° or more), and noise in the
    starting readout.`,
  claims: [
    {
      text: 'The network never leaves the two-variable family: its weights stay within 10⁻⁹ of W₁ = [g₊ g₋] + α[d −d], W₂ = β dᵀ.',
      check: ({ sim }) => ({ holds: sim.agreement.residual < 1e-9, detail: `largest distance ${fmt(sim.agreement.residual)}` }),
    },
    {
      text: 'The dots sit on the lines: network and reduction differ by under 5 % of the final α and β (the O(lr) error of a finite step).',
      check: ({ sim }) => {
        const last = sim.t.length - 1, ra = sim.agreement.alpha / sim.alpha[last], rb = sim.agreement.beta / sim.beta[last];
        return { holds: Math.max(ra, rb) < 0.05, detail: `α: ${fmt(100 * ra)} %, β: ${fmt(100 * rb)} %` };
      },
    },
    {
      text: 'The decision layer changes more: β stays above √2 α throughout training.',
      check: ({ sim }) => {
        const k = sim.alpha.findIndex((a, i) => i > 0 && !(sim.beta[i] > Math.SQRT2 * a));
        return { holds: k < 0, detail: k < 0 ? `final β − √2 α = ${fmt(sim.beta.at(-1) - Math.SQRT2 * sim.alpha.at(-1))}` : `β ≤ √2 α at step ${sim.t[k]}` };
      },
    },
    {
      text: 'β² − 2α² − 2α is conserved: in the network it drifts by under 1 % of the final β², the O(lr) error of a finite step.',
      check: ({ sim }) => {
        const q = sim.alpha.map((a, i) => sq(sim.beta[i]) - 2 * a * a - 2 * a), drift = Math.max(...q.map((x) => Math.abs(x - q[0])));
        const b2 = sq(sim.beta[sim.beta.length - 1]);
        return { holds: drift < 0.01 * b2, detail: `drift ${fmt(drift)}, final β² ${fmt(b2)}` };
      },
    },
    {
      text: 'A coarse task (offset 20° or more) changes almost only the decision layer: the final α is under a tenth of the final β.',
      when: (v) => v.offset >= 20,
      at: { offset: 20 },
      check: ({ sim }) => {
        const last = sim.t.length - 1;
        return { holds: sim.alpha[last] < 0.1 * sim.beta[last], detail: `final α ${fmt(sim.alpha[last])}, β ${fmt(sim.beta[last])}` };
      },
    },
  ],

  async compute(call, v) {
    const every = Math.max(1, Math.floor(v.steps / 60));
    const sim = await call('perceptual.simulate', {
      neurons: v.neurons, width: v.width, offset: v.offset, target: v.target, beta0: v.beta0, noise: v.noise,
      lr: v.lr, steps: v.steps, every, seed: v.seed,
    });
    const t = Array.from({ length: N_LINE }, (_, i) => (v.steps * i) / (N_LINE - 1));
    const line = await call('perceptual.reduced', { c: sim.c, v: sim.v, tau: sim.tau, alpha0: sim.alpha[0], beta0: sim.beta[0], t });
    return { sim, t: Float64Array.from(t, (s) => s / sim.tau), line };
  },

  draw({ sim, t, line }) {
    const ab = [
      { label: 'α network', x: sim.time, y: sim.alpha, colorIndex: 0, points: true },
      { label: 'α reduction', x: t, y: line.alpha, colorIndex: 0 },
      { label: 'β network', x: sim.time, y: sim.beta, colorIndex: 1, points: true },
      { label: 'β reduction', x: t, y: line.beta, colorIndex: 1 },
    ];
    // beta/alpha: skip t = 0 (alpha = 0) and values where alpha is still at rounding level.
    const keep = (a) => a > 1e-12;
    const pick = (xs, as, ys, f) => {
      const x = [], y = [];
      for (let i = 0; i < xs.length; i++) if (keep(as[i])) { x.push(xs[i]); y.push(f(as[i], ys[i])); }
      return { x, y };
    };
    const rn = pick(sim.time, sim.alpha, sim.beta, (a, b) => b / a);
    const rl = pick(t, line.alpha, line.beta, (a, b) => b / a);
    const small = pick(t, line.alpha, line.beta, (a) => Math.sqrt(2 / a));
    const ratio = [
      { label: 'β/α network', ...rn, colorIndex: 2, points: true },
      { label: 'β/α reduction', ...rl, colorIndex: 2 },
      { label: '√(2/α) (early)', ...small, colorIndex: 4, dash: true, width: 1.5 },
      { label: '√2 (late)', x: [t[0], t[t.length - 1]], y: [Math.SQRT2, Math.SQRT2], colorIndex: 5, dash: true, width: 1.5 },
    ];
    const q = (a, b) => b * b - 2 * a * a - 2 * a;
    const conserved = [
      { label: 'β² − 2α² − 2α network', x: sim.time, y: sim.alpha.map((a, i) => q(a, sim.beta[i])), colorIndex: 3, points: true },
      { label: 'β² − 2α² − 2α reduction', x: t, y: line.alpha.map((a, i) => q(a, line.beta[i])), colorIndex: 3 },
      { label: 'β − √2 α network', x: sim.time, y: sim.alpha.map((a, i) => sim.beta[i] - Math.SQRT2 * a), colorIndex: 6, points: true },
    ];
    return { ab, ratio, conserved };
  },

  readout({ sim }) {
    const q = sim.alpha.map((a, i) => sim.beta[i] * sim.beta[i] - 2 * a * a - 2 * a);
    const drift = q.reduce((m, x) => Math.max(m, Math.abs(x - q[0])), 0);
    const last = sim.t.length - 1;
    return [
      ['c, v = dᵀg₊, τ (from the network)', `${fmt(sim.c)}, ${fmt(sim.v)}, ${fmt(sim.tau)} steps`],
      ['max |α network − α reduction|', fmt(sim.agreement.alpha)],
      ['max |β network − β reduction|', fmt(sim.agreement.beta)],
      ['largest distance of the weights from the reduced form', fmt(sim.agreement.residual)],
      ['drift of β² − 2α² − 2α in the network (Euler step: O(lr))', fmt(drift)],
      ['final α, β, output margin / c', `${fmt(sim.alpha[last])}, ${fmt(sim.beta[last])}, ${fmt(sim.margin[last] / sim.c)}`],
    ];
  },
};
