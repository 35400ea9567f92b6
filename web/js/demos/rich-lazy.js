// Deep linear dynamics, view (d): λ-balanced two-layer networks (Dominé et al.
// 2025; docs/theory.md §1.7): W2ᵀW2 − W1W1ᵀ = λI is conserved by gradient flow, and λ moves
// learning between rich (small |λ|) and lazy (large |λ|).
import { fmt } from '../format.js';
import { seedParam, lambdaDataParams } from './common/params.js';

const N_LAMBDA = 41;

/** Largest gap between the simulated relative changes and the aligned-start theory. */
function maxGap(d) {
  let err = 0;
  for (const k of ['hidden', 'readout', 'ntk']) d[k].forEach((y, i) => { err = Math.max(err, Math.abs(y - d.theory[k][i])); });
  return err;
}

const nearestLambda = (d, x) => d.lambdas.reduce((best, l, i) => (Math.abs(l - x) < Math.abs(d.lambdas[best] - x) ? i : best), 0);

export default {
  id: 'rich-lazy',
  area: 'deep-linear',
  title: 'Rich vs lazy (λ-balanced)',
  refs: ['domine2025'],
  related: ['lazy-rich-dynamics'],
  live: false,
  params: [
    { key: 'lambdaMax', label: 'Largest |λ|', help: 'The sweep runs λ from −this to +this; λ measures how unequal the two layers are at the start.', type: 'real', min: 1, max: 50, step: 1, def: 20 },
    ...lambdaDataParams(),
    { key: 'frames', label: 'Initial singular vectors', help: 'aligned: the starting weights share the data’s singular vectors (the exact theory holds); random: the network must also rotate them.', type: 'choice', options: ['aligned', 'random'], def: 'aligned' },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 1e-4, max: 0.05, def: 0.01, scale: 'log' },
    { key: 'time', label: 'Training time (τ)', help: 'How long each network trains, in units of τ.', type: 'real', min: 2, max: 50, step: 1, def: 15 },
    seedParam(),
  ],
  charts: [
    { id: 'change', title: 'How much each representation moved, relative to its final size', xLabel: 'λ', yLabel: '|K(T) − K(0)| / |K(T)|', yMin: 0 },
    { id: 'loss', title: 'Loss during training at three values of λ', xLabel: 'time t / τ', yLabel: 'loss', yType: 'logarithmic', yMin: 1e-8 },
  ],
  equation: `
    <p><span class="math">W<sub>2</sub><sup>T</sup>W<sub>2</sub> − W<sub>1</sub>W<sub>1</sub><sup>T</sup> = λ I</span> at t = 0 stays true under gradient flow.
       Aligned start: each direction is a pair (b, c) with c² − b² = λ and bc → s, so
       <span class="math">b<sub>∞</sub><sup>2</sup> = ½(−λ + √(λ² + 4s²))</span> (lines).</p>
    <p>Kernels: hidden <span class="math">W<sub>1</sub><sup>T</sup>W<sub>1</sub></span> (similarity of inputs in the hidden layer),
       readout <span class="math">W<sub>2</sub>W<sub>2</sub><sup>T</sup></span>, and the tangent kernel
       <span class="math">Θ = W<sub>2</sub>W<sub>2</sub><sup>T</sup> ⊗ I + I ⊗ W<sub>1</sub><sup>T</sup>W<sub>1</sub></span>.</p>`,
  lookFor: `Read the top chart from the middle (λ = 0, rich) to both ends (large |λ|, lazy), and compare the
    loss curves below. Then switch to random initial singular vectors.`,
  claims: [
    {
      text: 'Near λ = 0 (rich) every representation is rebuilt: the hidden, readout and tangent kernels each change by over 90 % of their final size.',
      check: (d) => {
        const m = nearestLambda(d, 0), least = Math.min(d.hidden[m], d.readout[m], d.ntk[m]);
        return { holds: least > 0.9, detail: `smallest change ${fmt(least)} at λ = ${fmt(d.lambdas[m])}` };
      },
    },
    {
      text: 'At large |λ| learning is lazy: at both ends of the λ range the tangent kernel changes by less than 10 %.',
      check: (d) => {
        const ends = [d.ntk[0], d.ntk[d.ntk.length - 1]];
        return { holds: Math.max(...ends) < 0.1, detail: `${fmt(ends[0])} at λ = ${fmt(d.lambdas[0])}, ${fmt(ends[1])} at λ = ${fmt(d.lambdas.at(-1))}` };
      },
    },
    {
      text: 'Large negative λ (a large first layer) freezes the hidden representation; large positive λ freezes the readout: each changes by less than 10 % at its end of the range.',
      check: (d) => {
        const hidden = d.hidden[0], readout = d.readout[d.readout.length - 1];
        return { holds: hidden < 0.1 && readout < 0.1, detail: `hidden ${fmt(hidden)} at λ = ${fmt(d.lambdas[0])}, readout ${fmt(readout)} at λ = ${fmt(d.lambdas.at(-1))}` };
      },
    },
    {
      text: 'Rich learning is slow to start: at λ = 0 the loss takes over 3 times as long as at the largest λ to fall below 1 % of its start.',
      check: (d) => {
        const t = d.curves.map((c) => c.t[c.loss.findIndex((l) => l < 0.01 * c.loss[0])]);
        const rich = t[0], lazy = t[t.length - 1];
        return { holds: rich > 3 * lazy, detail: `${rich === undefined ? 'not within the run' : `${fmt(rich)} τ`} at λ = 0, ${lazy === undefined ? 'not within the run' : `${fmt(lazy)} τ`} at λ = ${fmt(d.curves.at(-1).lambda)}` };
      },
    },
    {
      text: 'From aligned singular vectors the dots sit on the exact lines: the largest gap is under 0.02.',
      when: (v) => v.frames === 'aligned',
      check: (d) => ({ holds: maxGap(d) < 0.02, detail: `largest gap ${fmt(maxGap(d))}` }),
    },
    {
      text: 'Random initial singular vectors change none of this: the dots stay within 0.02 of the aligned-start lines, because a λ-balanced start is isotropic (W₁ᵀW₁ and W₂W₂ᵀ are multiples of I).',
      when: (v) => v.frames === 'random',
      at: { frames: 'random' },
      check: (d) => ({ holds: maxGap(d) < 0.02, detail: `largest gap ${fmt(maxGap(d))}` }),
    },
  ],

  async compute(call, v) {
    const lambdas = Array.from({ length: N_LAMBDA }, (_, i) => v.lambdaMax * (2 * i / (N_LAMBDA - 1) - 1));
    return call('deepLinear.lambdaSweep', {
      lambdas, singularValues: [v.s1, v.s2, v.s3], a0: v.a0, lr: v.lr, steps: Math.round(v.time / v.lr),
      aligned: v.frames === 'aligned', seed: v.seed, curves: [0, v.lambdaMax / 8, v.lambdaMax],
    });
  },

  draw(d) {
    const x = d.lambdas;
    // Each kernel: simulated (dots) and its aligned-start theory (line), named apart.
    const change = [['hidden W₁ᵀW₁', 'hidden'], ['readout W₂W₂ᵀ', 'readout'], ['tangent kernel Θ', 'ntk']].flatMap(([name, k], i) => [
      { label: `${name}: simulated`, x, y: d[k], colorIndex: i, points: true },
      { label: `${name}: theory (aligned start)`, x, y: d.theory[k], colorIndex: i },
    ]);
    const loss = d.curves.map((c, i) => ({ label: `λ = ${fmt(c.lambda)}`, x: c.t, y: c.loss, colorIndex: [6, 4, 3][i] }));
    return { change, loss };
  },

  readout(d) {
    const mid = Math.floor(d.lambdas.length / 2);
    return [
      ['max |simulated − theory| (relative change)', fmt(maxGap(d))],
      ['tangent-kernel change at λ = 0 / at the largest |λ|', `${fmt(d.ntk[mid])} / ${fmt(d.ntk[d.lambdas.length - 1])}`],
      ['largest final loss over λ', fmt(Math.max(...d.finalLoss))],
    ];
  },
};
