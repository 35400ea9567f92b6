// Perceptual learning, view 4: transfer to an untrained position through spatial
// pooling (Saxe 2015; docs/theory.md §2.4): the decision layer's change transfers, the input layer's does not.
import { fmt } from '../format.js';

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
  lookFor: `While training at a, performance at b rises too, but only through the decision layer: its strength seen
    from b is β scaled by the overlap cₐ·c_b of the two pooling profiles, while the input-layer change α_b stays exactly
    0. So the fraction of performance that transfers is cₐ·c_b / (1 + 2α): a coarse task (offset 20°, α ≈ 0) transfers
    more than a fine one, whose input-layer part stays behind. Move the positions apart (or narrow the pooling) and
    transfer falls. When training then moves to b, b is learned faster than a was, because the decision layer already
    carries part of the solution; a, sharing that readout, overshoots its target.`,

  async compute(call, v) {
    const steps = v.stepsA + v.stepsB;
    const sim = await call('perceptual.transfer', {
      neurons: v.neurons, width: v.width, offset: v.offset, locations: v.locations, rf: v.rf, separation: v.separation,
      lr: v.lr, steps, switchAt: v.stepsA, every: Math.max(1, Math.floor(steps / 60)),
    });
    return { sim };
  },

  draw({ sim }) {
    const phase1 = [];
    for (let i = 0; i < sim.t.length; i++) if (sim.t[i] <= sim.switchAt) phase1.push(i);
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
