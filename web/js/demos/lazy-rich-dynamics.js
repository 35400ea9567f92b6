// Deep linear dynamics: λ-balanced two-layer networks over time (Dominé et al. 2025;
// docs/theory.md §1.7): gradient descent beside the exact solution of the gradient flow,
// the tangent kernel's change and alignment, and a switch of task mid-run.
import { fmt } from '../format.js';
import { seedParam, lambdaDataParams } from './common/params.js';

const RECORDS = 100;
const COLORS = [6, 4, 3];   // λ = 0, λ/4, λ

/** Index of the last record at or before the switch (the last one trained on task A). */
const atSwitch = (d) => (Number.isNaN(d.switchT) ? d.t.length - 1 : d.t.findLastIndex((t) => t <= d.switchT + 1e-9));
/** Loss on the task being trained at each record: A up to the switch, B after it. */
const trainedLoss = (d, run) => Array.from(d.t, (_, i) => (i > atSwitch(d) ? run.lossB[i] : run.lossA[i]));
/** Time after the switch until the loss on B falls below 1 % of its value there (undefined: not in the run). */
function relearnTime(d, run) {
  const k = atSwitch(d), start = run.lossB[k];
  const i = run.lossB.findIndex((v, j) => j > k && v < 0.01 * start);
  return i < 0 ? undefined : d.t[i] - d.t[k];
}
const rich = (d) => d.runs[0], lazy = (d) => d.runs[2];
const showTime = (t) => (t === undefined ? 'not within the run' : `${fmt(t)} τ`);
/** The loss on B at the end over its value at W = 0 (1: the run ends at the saddle). */
const atSaddle = (d, run) => run.lossB.at(-1) / d.zeroLoss;

export default {
  id: 'lazy-rich-dynamics',
  area: 'deep-linear',
  title: 'Lazy to rich over time: exact solution, tangent kernel, task switch',
  refs: ['domine2025'],
  related: ['rich-lazy'],
  live: false,
  params: [
    { key: 'lambda', label: 'Lazy λ', help: 'The view trains three networks, at λ = 0, a quarter of this, and this; λ measures how unequal the two layers are at the start (the sign only says which layer is the larger).', type: 'real', min: 1, max: 30, step: 1, def: 8 },
    ...lambdaDataParams(),
    { key: 'frames', label: 'Initial singular vectors', help: 'aligned: the starting weights share the data’s singular vectors; random: the network must also rotate them (the exact solution covers both).', type: 'choice', options: ['aligned', 'random'], def: 'aligned' },
    { key: 'task', label: 'Switch to task B', help: 'reversal: every target flips sign; permuted: each output takes the next one’s targets (a new output map); none: train task A throughout.', type: 'choice', options: ['reversal', 'permuted', 'none'], def: 'reversal' },
    { key: 'switchTime', label: 'Switch at time (τ)', help: 'When the targets change from task A to task B; it must come before the end of training.', type: 'real', min: 1, max: 49, step: 1, def: 10, showIf: (v) => v.task !== 'none' },
    { key: 'time', label: 'Training time (τ)', help: 'How long each network trains, in units of τ.', type: 'real', min: 4, max: 50, step: 1, def: 20 },
    { key: 'lr', label: 'Learning rate', help: 'Gradient descent follows the gradient flow (the exact solution) up to an error proportional to the learning rate.', type: 'real', min: 1e-4, max: 0.02, def: 0.005, scale: 'log' },
    seedParam(),
  ],
  charts: [
    { id: 'loss', title: 'Loss on the task being trained: gradient descent (dots) and the exact solution (lines)', xLabel: 'time t / τ', yLabel: 'loss', yType: 'logarithmic', yMin: 1e-6 },
    { id: 'move', title: 'How far the tangent kernel moved from its start', xLabel: 'time t / τ', yLabel: '|Θ(t) − Θ(0)| / |Θ(0)|', yType: 'logarithmic' },
    { id: 'align', title: 'Alignment of the tangent kernel with the kernel of the task being trained', xLabel: 'time t / τ', yLabel: 'cosine(Θ(t), Θ*)' },
  ],
  equation: `
    <p>Two layers, whitened inputs, λ-balanced start <span class="math">W<sub>2</sub><sup>T</sup>W<sub>2</sub> − W<sub>1</sub>W<sub>1</sub><sup>T</sup> = λ I</span>.
       With <span class="math">Q = [W<sub>1</sub><sup>T</sup>; W<sub>2</sub>]</span> and
       <span class="math">F = [[−λ/2 I, Σ<sub>31</sub><sup>T</sup>], [Σ<sub>31</sub>, λ/2 I]]</span> the gradient flow is
       <span class="math">dQ/dt = FQ − ½ QQ<sup>T</sup>Q</span>, solved exactly by</p>
    <p class="math">QQ<sup>T</sup>(t) = e<sup>Ft</sup>Q<sub>0</sub> (I + Q<sub>0</sub><sup>T</sup>G(t)Q<sub>0</sub>)<sup>−1</sup> Q<sub>0</sub><sup>T</sup>e<sup>Ft</sup>,
       G(t) = ∫<sub>0</sub><sup>t</sup> e<sup>2Fτ</sup>dτ,</p>
    <p>whose blocks are the network function <span class="math">W<sub>2</sub>W<sub>1</sub></span> and the kernels
       <span class="math">W<sub>1</sub><sup>T</sup>W<sub>1</sub></span>, <span class="math">W<sub>2</sub>W<sub>2</sub><sup>T</sup></span>.
       Tangent kernel <span class="math">Θ = W<sub>2</sub>W<sub>2</sub><sup>T</sup> ⊗ I + I ⊗ W<sub>1</sub><sup>T</sup>W<sub>1</sub></span>;
       the task’s kernel <span class="math">Θ* = |Σ<sub>31</sub><sup>T</sup>| ⊗ I + I ⊗ |Σ<sub>31</sub>|</span> is where the rich network (λ = 0) ends.
       At the switch the targets change (Σ<sub>31</sub> → −Σ<sub>31</sub>, or outputs permuted); λ is still conserved, so the
       same solution restarts from the state there.</p>`,
  lookFor: `Compare the three networks in each chart: λ = 0 (rich), a quarter of the lazy λ, and the lazy λ. Watch what
    each does after the switch to task B, then try random initial singular vectors and a smaller lazy λ.`,
  claims: [
    {
      text: 'Gradient descent follows the exact solution: the network function W₂W₁ never differs from it by more than 3 % of |Σ₃₁|, at all three λ.',
      when: (v) => !(v.task === 'reversal' && v.frames === 'random'),
      check: (d) => {
        const gap = Math.max(...d.runs.map((r) => r.fnGap));
        return { holds: gap < 0.03, detail: `largest gap ${fmt(gap)} of |Σ₃₁|` };
      },
    },
    {
      text: 'Lazy: at the lazy λ the tangent kernel barely moves — by under 20 % of its start during the whole run.',
      check: (d) => {
        const most = Math.max(...lazy(d).move);
        return { holds: most < 0.2, detail: `largest change ${fmt(most)} at λ = ${fmt(lazy(d).lambda)}` };
      },
    },
    {
      text: 'Rich: at λ = 0 the tangent kernel grows to over 10 times its start, and by the end of task A it points where the task’s kernel Θ* does (cosine above 0.99).',
      check: (d) => {
        const r = rich(d), most = Math.max(...r.move), align = r.align[atSwitch(d)];
        return { holds: most > 10 && align > 0.99, detail: `largest change ${fmt(most)}, cosine ${fmt(align)} at t = ${fmt(d.t[atSwitch(d)])} τ` };
      },
    },
    {
      text: 'Reversal at λ = 0: the network forgets task A but cannot learn task B — W₂W₁ shrinks to the saddle W = 0 and stays there: the losses on A and on B both end within 1 % of ½|Σ₃₁|², their value at W = 0.',
      when: (v) => v.task === 'reversal' && v.frames === 'aligned',
      check: (d) => {
        const r = rich(d), ends = [atSaddle(d, r), r.lossA.at(-1) / d.zeroLoss, atSaddle(d, r.theory), r.theory.lossA.at(-1) / d.zeroLoss];
        return { holds: ends.every((v) => Math.abs(v - 1) < 0.01), detail: `losses on B and A at the end / ½|Σ₃₁|²: ${fmt(ends[0])}, ${fmt(ends[1])} (gradient descent), ${fmt(ends[2])}, ${fmt(ends[3])} (exact)` };
      },
    },
    {
      text: 'With random initial singular vectors, gradient descent at λ = 0 leaves the saddle W = 0 where the exact flow stays after a reversal: its discrete steps break the balance W₂ᵀW₂ = W₁W₁ᵀ that holds the flow there.',
      when: (v) => v.task === 'reversal' && v.frames === 'random',
      at: { frames: 'random' },
      check: (d) => {
        const r = rich(d), sim = atSaddle(d, r), exact = atSaddle(d, r.theory);
        const holds = Math.abs(exact - 1) < 0.01 && sim < 0.5 && r.imbalance > 1e3 * r.theory.imbalance;
        return { holds, detail: `loss on B at the end / ½|Σ₃₁|²: ${fmt(sim)} (gradient descent), ${fmt(exact)} (exact); |W₂ᵀW₂ − W₁W₁ᵀ| up to ${fmt(r.imbalance)} (gradient descent), ${fmt(r.theory.imbalance)} (exact)` };
      },
    },
    {
      text: 'The lazy network learns task B fast: its loss on B falls below 1 % of its value at the switch within 2 τ.',
      when: (v) => v.task !== 'none',
      check: (d) => {
        const t = relearnTime(d, lazy(d));
        return { holds: t !== undefined && t < 2, detail: `${showTime(t)} at λ = ${fmt(lazy(d).lambda)}` };
      },
    },
    {
      text: 'Learning the new output map undoes the old one: at every λ the loss on task A ends higher than it was before any training.',
      when: (v) => v.task === 'permuted',
      at: { task: 'permuted' },
      check: (d) => {
        const ends = d.runs.map((r) => r.lossA.at(-1) / r.lossA[0]);
        return { holds: ends.every((v) => v > 1), detail: `loss on A at the end / at the start: ${ends.map((v, i) => `${fmt(v)} at λ = ${fmt(d.runs[i].lambda)}`).join(', ')}` };
      },
    },
  ],

  async compute(call, v) {
    const steps = Math.round(v.time / v.lr), switching = v.task !== 'none';
    return call('deepLinear.lambdaDynamics', {
      singularValues: [v.s1, v.s2, v.s3], a0: v.a0, lambdas: [0, v.lambda / 4, v.lambda], lr: v.lr, steps,
      every: Math.max(1, Math.floor(steps / RECORDS)), seed: v.seed, aligned: v.frames === 'aligned', task: v.task,
      ...(switching ? { switchStep: Math.min(steps - 1, Math.max(1, Math.round(v.switchTime / v.lr))) } : {}),
    });
  },

  draw(d) {
    const t = Array.from(d.t), later = t.slice(1);
    const name = (r) => `λ = ${fmt(r.lambda)}`;
    const loss = d.runs.flatMap((r, i) => [
      { label: `${name(r)}: gradient descent`, x: t, y: trainedLoss(d, r), colorIndex: COLORS[i], points: true },
      { label: `${name(r)}: exact`, x: t, y: trainedLoss(d, r.theory), colorIndex: COLORS[i] },
    ]);
    if (!Number.isNaN(d.switchT)) {
      const k = atSwitch(d);
      d.runs.forEach((r, i) => loss.push({ label: `${name(r)}: loss on task A (exact)`, x: t.slice(k), y: Array.from(r.theory.lossA.slice(k)), colorIndex: COLORS[i], dash: 'dot' }));
    }
    // Θ(0) has moved by 0 at t = 0: a log axis starts at the first record after it.
    const move = d.runs.flatMap((r, i) => [
      { label: `${name(r)}: gradient descent`, x: later, y: Array.from(r.move.slice(1)), colorIndex: COLORS[i], points: true },
      { label: `${name(r)}: exact`, x: later, y: Array.from(r.theory.move.slice(1)), colorIndex: COLORS[i] },
    ]);
    const align = d.runs.flatMap((r, i) => [
      { label: `${name(r)}: gradient descent`, x: t, y: Array.from(r.align), colorIndex: COLORS[i], points: true },
      { label: `${name(r)}: exact`, x: t, y: Array.from(r.theory.align), colorIndex: COLORS[i] },
    ]);
    return { loss, move, align };
  },

  readout(d) {
    const rows = [
      ['largest |W₂W₁ (gradient descent) − W₂W₁ (exact)| / |Σ₃₁|', fmt(Math.max(...d.runs.map((r) => r.fnGap)))],
      ['largest tangent-kernel change at λ = 0 / at the lazy λ', `${fmt(Math.max(...rich(d).move))} / ${fmt(Math.max(...lazy(d).move))}`],
    ];
    if (!Number.isNaN(d.switchT)) {
      rows.push([`time to learn task B (loss below 1 %) at λ = ${d.runs.map((r) => fmt(r.lambda)).join(', ')}`, d.runs.map((r) => showTime(relearnTime(d, r))).join(', ')]);
      rows.push([`loss on task A at the end, at λ = ${d.runs.map((r) => fmt(r.lambda)).join(', ')}`, d.runs.map((r) => fmt(r.lossA.at(-1))).join(', ')]);
    }
    return rows;
  },
};
