// Deep linear dynamics, view (d): λ-balanced two-layer networks (Dominé et al.
// 2025; docs/theory.md §1.7): W2ᵀW2 − W1W1ᵀ = λI is conserved by gradient flow, and λ moves
// learning between rich (small |λ|) and lazy (large |λ|).
import { fmt } from '../format.js';

const N_LAMBDA = 41;

export default {
  id: 'rich-lazy',
  area: 'deep-linear',
  title: 'Rich vs lazy (λ-balanced)',
  refs: ['domine2025'],
  live: false,
  params: [
    { key: 'lambdaMax', label: 'Largest |λ|', help: 'The sweep runs λ from −this to +this; λ measures how unequal the two layers are at the start.', type: 'real', min: 1, max: 50, step: 1, def: 20 },
    { key: 's1', label: 'Singular value s₁', type: 'real', min: 0.1, max: 5, step: 0.1, def: 3 },
    { key: 's2', label: 'Singular value s₂', type: 'real', min: 0.1, max: 5, step: 0.1, def: 2 },
    { key: 's3', label: 'Singular value s₃', type: 'real', min: 0.1, max: 5, step: 0.1, def: 1 },
    { key: 'a0', label: 'Initial strength a₀ = b c', type: 'real', min: 1e-4, max: 1, def: 0.01, scale: 'log' },
    { key: 'frames', label: 'Initial singular vectors', help: 'aligned: the starting weights share the data’s singular vectors (the exact theory holds); random: the network must also rotate them.', type: 'choice', options: ['aligned', 'random'], def: 'aligned' },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 1e-4, max: 0.05, def: 0.01, scale: 'log' },
    { key: 'time', label: 'Training time (τ)', help: 'How long each network trains, in units of τ.', type: 'real', min: 2, max: 50, step: 1, def: 15 },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 1000000, step: 1, def: 1 },
  ],
  charts: [
    { id: 'change', title: 'How much each representation moved, relative to its final size', xLabel: 'λ', yLabel: '|K(T) − K(0)| / |K(T)|', yMin: 0 },
    { id: 'loss', title: 'Loss during training at three values of λ (the same for −λ)', xLabel: 'time t / τ', yLabel: 'loss', yType: 'logarithmic', yMin: 1e-8 },
  ],
  equation: `
    <p><span class="math">W<sub>2</sub><sup>T</sup>W<sub>2</sub> − W<sub>1</sub>W<sub>1</sub><sup>T</sup> = λ I</span> at t = 0 stays true under gradient flow.
       Aligned start: each direction is a pair (b, c) with c² − b² = λ and bc → s, so
       <span class="math">b<sub>∞</sub><sup>2</sup> = ½(−λ + √(λ² + 4s²))</span> (lines).</p>
    <p>Kernels: hidden <span class="math">W<sub>1</sub><sup>T</sup>W<sub>1</sub></span> (similarity of inputs in the hidden layer),
       readout <span class="math">W<sub>2</sub>W<sub>2</sub><sup>T</sup></span>, and the tangent kernel
       <span class="math">Θ = W<sub>2</sub>W<sub>2</sub><sup>T</sup> ⊗ I + I ⊗ W<sub>1</sub><sup>T</sup>W<sub>1</sub></span>.</p>`,
  lookFor: `Near λ = 0 (rich) every kernel is rebuilt from scratch: relative change ≈ 1, and the loss shows a
    plateau and a sudden drop. For λ → −∞ the first layer is large and its hidden representation barely
    moves; for λ → +∞ the readout barely moves; in both limits the tangent kernel is frozen (lazy) and the
    loss falls exponentially from the start (the loss curves are the same at −λ: b and c swap roles). With random initial singular vectors the dots leave the
    aligned-start lines where the network must also rotate its representation.`,

  async compute(call, v) {
    const lambdas = Array.from({ length: N_LAMBDA }, (_, i) => v.lambdaMax * (2 * i / (N_LAMBDA - 1) - 1));
    return call('deepLinear.lambdaSweep', {
      lambdas, singularValues: [v.s1, v.s2, v.s3], a0: v.a0, lr: v.lr, steps: Math.round(v.time / v.lr),
      aligned: v.frames === 'aligned', seed: v.seed, curves: [0, v.lambdaMax / 8, v.lambdaMax],
    });
  },

  draw(d) {
    const x = d.lambdas;
    const change = [
      { label: 'hidden W₁ᵀW₁', x, y: d.hidden, colorIndex: 0, points: true },
      { label: 'readout W₂W₂ᵀ', x, y: d.readout, colorIndex: 1, points: true },
      { label: 'tangent kernel Θ', x, y: d.ntk, colorIndex: 2, points: true },
      { label: '_th hidden', x, y: d.theory.hidden, colorIndex: 0 },
      { label: '_th readout', x, y: d.theory.readout, colorIndex: 1 },
      { label: 'theory (aligned start)', x, y: d.theory.ntk, colorIndex: 2 },
    ];
    const loss = d.curves.map((c, i) => ({ label: `λ = ${fmt(c.lambda)}`, x: c.t, y: c.loss, colorIndex: [6, 4, 3][i] }));
    return { change, loss };
  },

  readout(d) {
    let err = 0;
    for (const k of ['hidden', 'readout', 'ntk']) d[k].forEach((y, i) => { err = Math.max(err, Math.abs(y - d.theory[k][i])); });
    const mid = Math.floor(d.lambdas.length / 2);
    return [
      ['max |simulated − theory| (relative change)', fmt(err)],
      ['tangent-kernel change at λ = 0 / at the largest |λ|', `${fmt(d.ntk[mid])} / ${fmt(d.ntk[d.lambdas.length - 1])}`],
      ['largest final loss over λ', fmt(Math.max(...d.finalLoss))],
    ];
  },
};
