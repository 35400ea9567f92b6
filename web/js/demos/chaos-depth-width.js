// Transient chaos: depth against width (Poole et al. 2016, Theorem 1). A great circle's
// image after l layers of N units, against ONE hidden layer of N·l units fed the same
// circle, and the theorem's bound on any one-hidden-layer image, N1 (1 + s) R.
import { fmt } from '../format.js';
import { networkParams, PHI_NOTE, phase, fmtQ } from './common/chaos.js';

export default {
  id: 'chaos-depth-width',
  area: 'chaos',
  title: 'Depth against width',
  refs: ['poole2016'],
  live: false,
  params: [
    ...networkParams({ width: { label: 'Width N of each deep layer', min: 10, def: 100 }, layers: { def: 20 }, points: { def: 64 } }),
  ],
  charts: [
    { id: 'length', title: 'Euclidean length of the circle’s image, using N·l neurons', xLabel: 'layer l (neurons: N·l)', yLabel: 'length of φ(h)', yType: 'logarithmic' },
  ],
  equation: `
    <p>Deep: l layers of N units, <span class="math">xˡ = φ(hˡ)</span> with <span class="math">h¹(θ) = √(N q¹) (u⁰ cos θ + u¹ sin θ)</span>, q¹ = q* (1 where q* is 0 or infinite);
       theory <span class="math">Lᴱ = 2π √(N ḡ<sup>E,l+1</sup>) / σw</span>, ḡ<sup>E</sup> growing by χ₁ per layer.</p>
    <p>Shallow: one hidden layer of N₁ = N·l units fed the same circle, <span class="math">hᵢ(θ) = √q¹ (gᵢ cos θ + gᵢ′ sin θ)</span>
       (layer 1 widened); theory <span class="math">Lᴱ = 2π √(N₁ q¹ E[φ′(√q¹ z)²])</span>.</p>
    <p>Theorem 1 (Poole et al. 2016): for φ monotone with range R and a curve whose tangent’s projections change sign
       at most s times (s = 2 for a circle), every one-hidden-layer image has <span class="math">Lᴱ ≤ N₁ (1 + s) R</span>
       (dashed; R = 2 for tanh and erf, no bound for ReLU and linear).</p>`,
  lookFor: `Both networks use the same number of neurons at each l. Compare how the two lengths grow with l
    against the dashed bound, at σw = 4 and at σw = 1.3 (σb = 0.3).`,
  claims: [
    {
      text: 'Depth beats width in the chaotic phase: within the layers shown, the deep network’s curve grows longer than any one-hidden-layer network with the same neurons can make (the dashed bound).',
      when: (v) => v.phi === 'tanh' || v.phi === 'erf',
      check: (d) => {
        const l = d.lengthX.findIndex((y, k) => y > d.theory.bound[k]);
        return { holds: l >= 0, detail: l >= 0 ? `above the bound from layer ${l + 1}` : `not within ${d.layers} layers (${phase(d.chi1, d.qStar)})` };
      },
    },
    {
      text: 'Every one-hidden-layer network stays under the bound, as Theorem 1 says.',
      when: (v) => v.phi === 'tanh' || v.phi === 'erf',
      check: (d) => {
        const r = Math.max(...d.shallow.map((y, k) => y / d.theory.bound[k]));
        return { holds: r < 1, detail: `largest length ÷ bound ${fmt(r)}` };
      },
    },
  ],

  async compute(call, v) {
    const t0 = performance.now();
    const d = await call('chaos.simulateCircle', { phi: v.phi, sw: v.sw, sb: v.sb, width: v.width, layers: v.layers, points: v.points, seed: v.seed });
    Object.defineProperty(d, 'ms', { value: d.ms ?? performance.now() - t0, enumerable: false });
    return d;
  },

  draw(d) {
    const x = d.layer, th = d.theory;
    const length = [
      { label: `deep, ${d.width} per layer: theory`, x, y: th.lengthX, colorIndex: 0 },
      { label: '_deep simulation', x, y: d.lengthX, colorIndex: 0, points: true },
      { label: 'one hidden layer of N·l: theory', x, y: th.shallow, colorIndex: 1 },
      { label: '_shallow simulation', x, y: d.shallow, colorIndex: 1, points: true },
    ];
    if (th.bound.every(Number.isFinite)) length.push({ label: 'bound N·l (1 + s) R', x, y: th.bound, colorIndex: 2, dash: true });
    return { length };
  },

  readout(d, v) {
    const L = d.layers, th = d.theory;
    const cross = (a) => { const i = a.findIndex((y, l) => y > th.bound[l]); return i < 0 ? `not within ${L} layers` : `layer ${i + 1}`; };
    const rows = [
      ['q*', fmtQ(d.qStar)], ['χ₁', fmt(d.chi1)], ['phase', phase(d.chi1, d.qStar)],
      [`deep ÷ shallow at layer ${L}`, `simulation ${fmt(d.lengthX[L - 1] / d.shallow[L - 1])}, theory ${fmt(th.lengthX[L - 1] / th.shallow[L - 1])}`],
    ];
    if (th.bound.every(Number.isFinite)) {
      rows.push(['deep length first above the bound', `simulation: ${cross(d.lengthX)}; theory: ${cross(th.lengthX)}`]);
      rows.push(['largest shallow length ÷ bound', fmt(Math.max(...d.shallow.map((y, l) => y / th.bound[l])))]);
    } else {
      rows.push(['bound', `${v.phi} is unbounded: Theorem 1 needs a bounded φ`]);
    }
    rows.push(['simulation time', `${fmt(d.ms)} ms`]);
    rows.push(['nonlinearity', PHI_NOTE[v.phi]]);
    return rows;
  },
};
