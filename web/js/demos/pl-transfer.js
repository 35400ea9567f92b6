// Perceptual learning, view 4: transfer to an untrained position through spatial
// pooling (Saxe 2015; docs/theory.md §2.4): the decision layer's change transfers, the input layer's does not.
import { fmt } from '../format.js';

/** Indices of the records taken while training at a. */
const phaseA = (sim) => Array.from(sim.t.keys()).filter((i) => sim.t[i] <= sim.switchAt);

export default {
  id: 'pl-transfer',
  area: 'perceptual',
  title: 'Transfer to another position',
  refs: ['ahissar2004', 'saxe2014'],
  live: false,
  params: [
    { key: 'separation', label: 'Distance between positions a and b (locations)', help: 'How far apart the trained position a and the untrained position b are, in locations.', type: 'real', min: 0, max: 8, step: 0.25, def: 3 },
    { key: 'rf', label: 'Spatial pooling width (locations)', help: 'How widely the decision layer pools over neighbouring locations.', type: 'real', min: 0.5, max: 4, step: 0.1, def: 1.5 },
    { key: 'locations', label: 'Locations L', help: 'How many positions in the visual field the input layer covers.', type: 'int', min: 3, max: 24, step: 1, def: 11 },
    { key: 'neurons', label: 'Neurons per location n', help: 'The number of orientation-tuned neurons at each location.', type: 'int', min: 8, max: 120, step: 1, def: 40 },
    { key: 'width', label: 'Tuning width (deg)', type: 'real', min: 3, max: 45, step: 0.5, def: 15 },
    { key: 'offset', label: 'Stimuli at ± offset (deg)', type: 'real', min: 0.5, max: 45, step: 0.5, def: 3 },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 0.001, max: 0.1, def: 0.02, scale: 'log' },
    { key: 'stepsA', label: 'Steps trained at a', help: 'Training steps at position a.', type: 'int', min: 50, max: 10000, step: 50, def: 600 },
    { key: 'stepsB', label: 'Then steps trained at b', help: 'Training steps at position b afterwards (0: train at a only).', type: 'int', min: 0, max: 10000, step: 50, def: 300 },
  ],
  charts: [
    { id: 'perf', title: 'Performance: output margin / c at the trained position a and the untrained b', xLabel: 'training step', yLabel: 'margin / c', yMin: 0 },
    { id: 'layers', title: 'Layer changes seen from each position: network (dots), prediction while training at a (lines)', xLabel: 'training step', yLabel: 'α, β' },
  ],
  equation: `
    <p>Stimulus at position p drives location m with gain c<sub>p</sub>(m) (pooling profile, |c<sub>p</sub>| = 1):
       <span class="math">W<sub>1</sub>(0)[·, (±, p)] = g<sub>±</sub> ⊗ c<sub>p</sub></span>, <span class="math">W<sub>2</sub> = β (d ⊗ c<sub>a</sub>)<sup>T</sup></span>.</p>
    <p>Training at a follows the same α, β dynamics. At b: decision strength <span class="math">β c<sub>a</sub><sup>T</sup>c<sub>b</sub></span>,
       input-layer change <span class="math">0</span>, margin <span class="math">vβ c<sub>a</sub><sup>T</sup>c<sub>b</sub></span> (vs <span class="math">vβ(1 + 2α)</span> at a).</p>`,
  lookFor: `Train at position a, then at b, and watch both. Compare a coarse task (offset 20°) with a fine one, and
    move the positions apart or narrow the pooling.`,
  claims: [
    {
      text: 'While training at a, the input layer seen from b does not change at all: α_b stays exactly 0.',
      check: ({ sim }) => {
        const worst = Math.max(...phaseA(sim).map((i) => Math.abs(sim.alphaB[i])));
        return { holds: worst === 0, detail: `largest |α_b| ${fmt(worst)}` };
      },
    },
    {
      text: 'The decision layer transfers, scaled by the overlap of the pooling profiles: β seen from b is β at a times cₐ·c_b.',
      check: ({ sim }) => {
        const err = Math.max(...phaseA(sim).filter((i) => sim.beta[i] > 0).map((i) => Math.abs(sim.betaB[i] / sim.beta[i] - sim.cab)));
        return { holds: err < 1e-9, detail: `cₐ·c_b = ${fmt(sim.cab)}, largest gap ${fmt(err)}` };
      },
    },
    {
      text: 'So the share of performance that transfers is cₐ·c_b / (1 + 2α): margin at b over margin at a matches it to 1 %.',
      check: ({ sim }) => {
        const i = phaseA(sim).at(-1), got = sim.marginB[i] / sim.margin[i], want = sim.predicted.marginB[i] / sim.predicted.marginA[i];
        return { holds: Math.abs(got / want - 1) < 0.01, detail: `${fmt(got)} (predicted ${fmt(want)}) after ${sim.t[i]} steps at a` };
      },
    },
    {
      text: 'Then trained at b, b is learned faster than a was: it reaches 90 % of the target in fewer steps, because the shared decision layer already carries part of the solution.',
      when: (v) => v.stepsB > 0,
      check: ({ sim }) => {
        const reach = (m, from) => { const k = sim.t.findIndex((t, i) => t >= from && m[i] >= 0.9 * sim.c); return k < 0 ? Infinity : sim.t[k] - from; };
        const a = reach(sim.margin, 0), b = reach(sim.marginB, sim.switchAt);
        return { holds: b < a, detail: `a: ${Number.isFinite(a) ? `${a} steps` : 'not reached'}, b: ${Number.isFinite(b) ? `${b} steps` : 'not reached'}` };
      },
    },
    {
      text: 'Meanwhile a, which shares that decision layer, overshoots its target.',
      when: (v) => v.stepsB > 0,
      check: ({ sim }) => {
        const top = Math.max(...sim.margin.filter((_, i) => sim.t[i] > sim.switchAt)) / sim.c;
        return { holds: top > 1.01, detail: `margin at a rises to ${fmt(top)} c` };
      },
    },
  ],

  async compute(call, v) {
    const steps = v.stepsA + v.stepsB;
    const sim = await call('perceptual.transfer', {
      neurons: v.neurons, width: v.width, offset: v.offset, locations: v.locations, rf: v.rf, separation: v.separation,
      lr: v.lr, steps, switchAt: v.stepsA, every: Math.max(1, Math.floor(steps / 60)),
    });
    return { sim };
  },

  draw({ sim }) {
    const phase1 = phaseA(sim);
    const at = (arr) => phase1.map((i) => arr[i]);
    const x1 = at(sim.t);
    const c = sim.c;
    const perf = [
      { label: 'at a (trained first)', x: sim.t, y: sim.margin.map((m) => m / c), colorIndex: 0, points: true },
      { label: 'at b', x: sim.t, y: sim.marginB.map((m) => m / c), colorIndex: 1, points: true },
      { label: '_a predicted', x: x1, y: at(sim.predicted.marginA).map((m) => m / c), colorIndex: 0, width: 1.5 },
      { label: 'b predicted: vβ cₐ·c_b / c', x: x1, y: at(sim.predicted.marginB).map((m) => m / c), colorIndex: 1, width: 1.5 },
    ];
    const layers = [
      { label: 'β at a (decision)', x: sim.t, y: sim.beta, colorIndex: 0, points: true },
      { label: '_β a predicted', x: x1, y: at(sim.reduced.beta), colorIndex: 0, width: 1.5 },
      { label: 'β at b = β cₐ·c_b', x: sim.t, y: sim.betaB, colorIndex: 1, points: true },
      { label: '_β b predicted', x: x1, y: at(sim.predicted.betaB), colorIndex: 1, width: 1.5 },
      { label: 'α at a (input)', x: sim.t, y: sim.alpha, colorIndex: 2, points: true },
      { label: '_α a predicted', x: x1, y: at(sim.reduced.alpha), colorIndex: 2, width: 1.5 },
      { label: 'α at b (input)', x: sim.t, y: sim.alphaB, colorIndex: 3, points: true },
    ];
    return { perf, layers };
  },

  readout({ sim }) {
    const i = sim.t.findLastIndex((s) => s <= sim.switchAt);
    const m = (a) => fmt(a[i] / sim.c);
    return [
      ['overlap of the pooling profiles cₐ·c_b', fmt(sim.cab)],
      [`after ${sim.t[i]} steps at a: margin / c at a, at b`, `${m(sim.margin)}, ${m(sim.marginB)}`],
      ['decision strength at b / at a (predicted cₐ·c_b)', fmt(sim.betaB[i] / sim.beta[i])],
      ['input-layer change at b, α_b (predicted 0)', fmt(sim.alphaB[i])],
      ['fraction transferred, margin b / margin a (predicted cₐ·c_b / (1 + 2α))',
        `${fmt(sim.marginB[i] / sim.margin[i])} (${fmt(sim.cab / (1 + 2 * sim.alpha[i]))})`],
    ];
  },
};
