// Semantic differentiation, view (d): category coherence. A planted category
// (Ko objects sharing Kf features with probability p, q elsewhere) is found by
// the top singular vector, and learned as one mode, only above the random-matrix
// detection threshold SNR² Ko Kf = sqrt(No Nf) (docs/theory.md §4.6); the same
// condition without the square would put the threshold far lower, and is marked
// to show that the sampled matrices do not follow it.
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';

const N_RATIOS = 16, N_THEORY = 120;

export default {
  id: 'sem-coherence',
  area: 'semantic',
  title: 'Category coherence',
  refs: ['saxe2019', 'benaych2012'],
  live: false,
  params: [
    { key: 'N', label: 'Objects Nₒ = features N_f', help: 'How many items, and as many properties, each random data set has.', type: 'int', min: 16, max: 96, step: 1, def: 48 },
    { key: 'K', label: 'Category size Kₒ = K_f', help: 'How many items belong to the planted category, and how many properties it shares.', type: 'int', min: 2, max: 48, step: 1, def: 12 },
    { key: 'q', label: 'q: feature probability outside', help: 'The chance of an item–property pair outside the category (the noise level).', type: 'real', min: 0.05, max: 0.5, step: 0.01, def: 0.2 },
    { key: 'rmax', label: 'Largest coherence ratio shown', help: 'The largest coherence ratio r of the sweep.', type: 'real', min: 2, max: 10, step: 0.5, def: 5 },
    { key: 'depth', label: 'Depth D of the network', type: 'int', min: 1, max: 4, step: 1, def: 2 },
    { key: 'a0', label: 'Initial mode strength a₀', type: 'real', min: 1e-5, max: 0.1, def: 1e-3, scale: 'log' },
    seedParam(),
  ],
  charts: [
    { id: 's', title: 'Top singular value of the standardised data (dots) vs theory', xLabel: 'coherence ratio r = SNR² Kₒ K_f / √(Nₒ N_f)', yLabel: 'top singular value s₁' },
    { id: 'overlap', title: 'How much of the planted category the top mode finds', xLabel: 'coherence ratio r', yLabel: 'overlap |v₁ · 1_K|² / K', yMin: 0, yMax: 1 },
    { id: 'time', title: 'Time to learn the category (output reaches half its data value)', xLabel: 'coherence ratio r', yLabel: 'learning time t½ / τ' },
  ],
  equation: `
    <p>Standardised data <span class="math">X = (Y − q)/√(q(1−q))</span>: the category is a rank-one spike of size
       <span class="math">θ = SNR √(K<sub>o</sub> K<sub>f</sub>)</span>, <span class="math">SNR = (p − q)/√(q(1 − q))</span>, in unit noise.</p>
    <p>Detectable when <span class="math">SNR<sup>2</sup> K<sub>o</sub> K<sub>f</sub> ≥ √(N<sub>o</sub> N<sub>f</sub>)</span> (r ≥ 1);
       then <span class="math">s<sub>1</sub> = √((N<sub>o</sub> + θ²)(N<sub>f</sub> + θ²)) / θ</span>, else the noise edge
       <span class="math">√N<sub>o</sub> + √N<sub>f</sub></span>. Learning time ~ 1/s<sub>1</sub>.</p>
    <p>Without the square, <span class="math">SNR K<sub>o</sub> K<sub>f</sub> ≥ √(N<sub>o</sub> N<sub>f</sub>)</span>, the threshold would sit much lower (dashed orange).</p>`,
  lookFor: `Move along r, the coherence of a planted category: watch the top singular value leave the noise edge, the top
    mode find the category, and the time the network takes to learn it. With N = 48 finite size smooths the
    transition; raise N to sharpen it.`,
  claims: [
    {
      text: 'Below r = 1 the category is invisible to the top mode: the top singular value stays within 15 % of the noise edge √Nₒ + √N_f, and its singular vectors find under a fifth of the category (overlap below 0.2).',
      check: ({ res }) => {
        const below = Array.from(res.ratios.keys()).filter((i) => res.ratios[i] < 1);
        if (!below.length) return { holds: false, detail: 'no ratio below 1 shown' };
        const sGap = Math.max(...below.map((i) => Math.abs(res.s1[i] / res.edge - 1)));
        const ov = Math.max(...below.map((i) => Math.max(res.itemOverlap[i], res.featureOverlap[i])));
        return { holds: sGap < 0.15 && ov < 0.2, detail: `s₁ within ${fmt(100 * sGap)} % of the edge, overlap at most ${fmt(ov)}` };
      },
    },
    {
      text: 'The same condition without the square would put the threshold much lower (dashed orange); the sampled matrices do not follow it.',
      check: ({ res }) => {
        const between = Array.from(res.ratios.keys()).filter((i) => res.ratios[i] >= res.printedRatio && res.ratios[i] < 1);
        const ov = Math.max(...between.map((i) => res.itemOverlap[i]));
        return { holds: res.printedRatio < 1 && between.length > 0 && ov < 0.2,
          detail: `from r = ${fmt(res.printedRatio)} to 1 the overlap stays at most ${fmt(ov)}` };
      },
    },
    {
      text: 'Well past r = 1 (r ≥ 2) the top mode lines up with the category: on average it finds over half of it (mean overlap above 0.5).',
      check: ({ res }) => {
        const past = Array.from(res.ratios.keys()).filter((i) => res.ratios[i] >= 2);
        const mean = past.reduce((a, i) => a + res.itemOverlap[i], 0) / past.length;
        return { holds: past.length > 0 && mean > 0.5, detail: past.length ? `mean overlap ${fmt(mean)} over ${past.length} ratios` : 'no ratio of 2 or more shown' };
      },
    },
    {
      text: 'The network learns the category at every ratio shown, faster the more coherent it is: half-learning times below r = 1 are longer on average than above it.',
      check: ({ res }) => {
        const t = Array.from(res.learnTime), ix = Array.from(res.ratios.keys());
        const below = ix.filter((i) => res.ratios[i] < 1).map((i) => t[i]), above = ix.filter((i) => res.ratios[i] >= 1).map((i) => t[i]);
        const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length, range = (a) => `${fmt(Math.min(...a))}–${fmt(Math.max(...a))} τ`;
        const holds = t.every(Number.isFinite) && below.length > 0 && above.length > 0 && mean(below) > mean(above);
        return { holds, detail: below.length && above.length ? `${range(below)} below r = 1, ${range(above)} above` : 'ratios on one side of 1 only' };
      },
    },
  ],

  async compute(call, v) {
    const K = Math.min(v.K, v.N);
    // p = q + SNR sqrt(q(1-q)) <= 1 caps r at ((1 - q)/sqrt(q(1-q)))^2 K^2 / N.
    const rFeasible = (((1 - v.q) * (1 - v.q)) / (v.q * (1 - v.q))) * (K * K) / v.N;
    const rmax = Math.min(v.rmax, 0.98 * rFeasible);
    const ratios = Array.from({ length: N_RATIOS }, (_, i) => (rmax * (i + 0.5)) / N_RATIOS);
    const res = await call('semantic.coherence', { No: v.N, Nf: v.N, Ko: K, Kf: K, q: v.q, ratios, depth: v.depth, a0: v.a0, seed: v.seed });
    const r = Float64Array.from({ length: N_THEORY }, (_, i) => (rmax * (i + 0.5)) / N_THEORY);
    const theory = await call('semantic.coherenceTheory', { No: v.N, Nf: v.N, ratios: r, depth: v.depth, a0: v.a0 });
    return { res, K, rmax, theory: { r, ...theory } };
  },

  draw({ res, rmax, theory: th }) {
    const { r } = th, edge = res.edge;
    const vline = (x, yTop, label, colorIndex, dash = true) => ({ label, x: [x, x], y: [0, yTop], colorIndex, dash, width: 1.5 });
    const sTop = Math.max(...res.s1, ...th.s) * 1.05;
    const s = [
      { label: 'sampled matrices', x: res.ratios, y: res.s1, points: true, colorIndex: 0 },
      { label: 'theory (spiked random matrix)', x: r, y: th.s, colorIndex: 1 },
      { label: 'noise edge √Nₒ + √N_f', x: [0, rmax], y: [edge, edge], colorIndex: 2, dash: true, width: 1 },
      vline(1, sTop, 'threshold r = 1 (SNR squared)', 6, false),
    ];
    if (res.printedRatio < rmax) s.push(vline(res.printedRatio, sTop, 'the same without the square', 4));
    const overlap = [
      { label: 'objects: |v₁ · 1_Kₒ|² / Kₒ (sampled)', x: res.ratios, y: res.itemOverlap, points: true, colorIndex: 0 },
      { label: 'features: |u₁ · 1_K_f|² / K_f (sampled)', x: res.ratios, y: res.featureOverlap, points: true, colorIndex: 3 },
      { label: 'theory', x: r, y: th.itemOverlap, colorIndex: 1 },
      vline(1, 1, 'threshold r = 1', 6, false),
    ];
    if (res.printedRatio < rmax) overlap.push(vline(res.printedRatio, 1, 'the same without the square', 4));
    // Learning times past the simulated time are missing (Infinity): left out, as the readout says.
    const learnt = Array.from(res.ratios.keys()).filter((i) => Number.isFinite(res.learnTime[i]));
    const lt = learnt.map((i) => res.learnTime[i]);
    const theoryT = th.halfTime;
    const tTop = Math.max(...lt, ...theoryT) * 1.1;
    const time = [
      { label: 'simulated network (category output)', x: learnt.map((i) => res.ratios[i]), y: lt, points: true, colorIndex: 0 },
      { label: 'one mode of strength s₁: t½(s₁)', x: r, y: theoryT, colorIndex: 1 },
      vline(1, tTop, 'threshold r = 1', 6, false),
    ];
    return { s, overlap, time };
  },

  readout({ res, K, rmax }, v) {
    const pAt1 = v.q + Math.sqrt(v.N / (K * K)) * Math.sqrt(v.q * (1 - v.q));
    return [
      ['threshold r = 1 means p =', `${fmt(pAt1)}${pAt1 > 1 ? ', out of reach (p ≤ 1)' : ''} (with q = ${v.q}, Kₒ = K_f = ${K}, Nₒ = N_f = ${v.N})`],
      ['without the square it would be at r =', fmt(res.printedRatio)],
      ['noise edge √Nₒ + √N_f', fmt(res.edge)],
      ['p used, smallest to largest r', `${fmt(res.p[0])} … ${fmt(res.p[res.p.length - 1])}`],
      ['largest ratio shown', rmax < v.rmax ? `${fmt(rmax)} (p cannot exceed 1 for this K and q)` : fmt(rmax)],
      ['time simulated per matrix', `${fmt(res.tmax)} τ (learning times beyond it are missing)`],
    ];
  },
};
