// Semantic differentiation, view (d): category coherence. A planted category
// (Ko objects sharing Kf features with probability p, q elsewhere) is found by
// the top singular vector, and learned as one mode, only above the random-matrix
// detection threshold SNR² Ko Kf = sqrt(No Nf) — not a form of the condition with
// the SNR unsquared (docs/theory.md §4.6).
import { fmt } from '../format.js';
import { halfTime } from './common/semantic.js';

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
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 1000000, step: 1, def: 1 },
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
    <p>Some presentations of this model print <span class="math">SNR K<sub>o</sub> K<sub>f</sub> ≥ √(N<sub>o</sub> N<sub>f</sub>)</span> (unsquared): its threshold is marked too — the simulation does not follow it.</p>`,
  lookFor: `Below r = 1 the top singular value sits at the edge of the noise and its singular vector
    has nothing to do with the category: the category is incoherent, and the network only picks it
    up slowly, feature by feature, while it memorises noise. Past r = 1 the singular value leaves the
    noise, the top mode lines up with the category, and the network learns the whole category at
    once, faster the more coherent it is. The dashed orange line shows where the unsquared formula
    would put the threshold: the sampled matrices ignore it. With N = 48 the transition is
    smoothed by finite size; raise N to sharpen it.`,

  async compute(call, v) {
    const K = Math.min(v.K, v.N);
    // p = q + SNR sqrt(q(1-q)) <= 1 caps r at ((1 - q)/sqrt(q(1-q)))^2 K^2 / N.
    const rFeasible = (((1 - v.q) * (1 - v.q)) / (v.q * (1 - v.q))) * (K * K) / v.N;
    const rmax = Math.min(v.rmax, 0.98 * rFeasible);
    const ratios = Array.from({ length: N_RATIOS }, (_, i) => (rmax * (i + 0.5)) / N_RATIOS);
    const res = await call('semantic.coherence', { No: v.N, Nf: v.N, Ko: K, Kf: K, q: v.q, ratios, depth: v.depth, a0: v.a0, seed: v.seed });
    return { res, K, rmax };
  },

  draw({ res, rmax }, v) {
    const N = v.N, root = N, edge = res.edge;
    const r = Float64Array.from({ length: N_THEORY }, (_, i) => (rmax * (i + 0.5)) / N_THEORY);
    const th = Array.from(r, (x) => {
      const t2 = x * root, c = 1, tt = t2 / N;
      if (tt <= Math.sqrt(c)) return { s: edge, o: 0 };
      return { s: Math.sqrt(N) * Math.sqrt((1 + tt) * (c + tt) / tt), o: 1 - (c + tt) / (tt * (tt + 1)) };
    });
    const vline = (x, yTop, label, colorIndex, dash = true) => ({ label, x: [x, x], y: [0, yTop], colorIndex, dash, width: 1.5 });
    const sTop = Math.max(...res.s1, ...th.map((o) => o.s)) * 1.05;
    const s = [
      { label: 'sampled matrices', x: res.ratios, y: res.s1, points: true, colorIndex: 0 },
      { label: 'theory (spiked random matrix)', x: r, y: th.map((o) => o.s), colorIndex: 1 },
      { label: 'noise edge √Nₒ + √N_f', x: [0, rmax], y: [edge, edge], colorIndex: 2, dash: true, width: 1 },
      vline(1, sTop, 'threshold r = 1 (SNR squared)', 6, false),
    ];
    if (res.printedRatio < rmax) s.push(vline(res.printedRatio, sTop, 'printed (unsquared) form', 4));
    const overlap = [
      { label: 'objects: |v₁ · 1_Kₒ|² / Kₒ (sampled)', x: res.ratios, y: res.itemOverlap, points: true, colorIndex: 0 },
      { label: 'features: |u₁ · 1_K_f|² / K_f (sampled)', x: res.ratios, y: res.featureOverlap, points: true, colorIndex: 3 },
      { label: 'theory', x: r, y: th.map((o) => o.o), colorIndex: 1 },
      vline(1, 1, 'threshold r = 1', 6, false),
    ];
    if (res.printedRatio < rmax) overlap.push(vline(res.printedRatio, 1, 'printed (unsquared) form', 4));
    const lt = Array.from(res.learnTime, (x) => (Number.isFinite(x) ? x : NaN));
    const theoryT = th.map((o) => halfTime(o.s, v.a0, v.depth));
    const tTop = Math.max(...lt.filter(Number.isFinite), ...theoryT) * 1.1;
    const time = [
      { label: 'simulated network (category output)', x: res.ratios, y: lt, points: true, colorIndex: 0 },
      { label: 'one mode of strength s₁: t½(s₁)', x: r, y: theoryT, colorIndex: 1 },
      vline(1, tTop, 'threshold r = 1', 6, false),
    ];
    return { s, overlap, time };
  },

  readout({ res, K, rmax }, v) {
    const pAt1 = v.q + Math.sqrt(v.N / (K * K)) * Math.sqrt(v.q * (1 - v.q));
    return [
      ['threshold r = 1 means p =', `${fmt(pAt1)} (with q = ${v.q}, Kₒ = K_f = ${K}, Nₒ = N_f = ${v.N})`],
      ['printed unsquared form would put it at r =', fmt(res.printedRatio)],
      ['noise edge √Nₒ + √N_f', fmt(res.edge)],
      ['p used, smallest to largest r', `${fmt(res.p[0])} … ${fmt(res.p[res.p.length - 1])}`],
      ['largest ratio shown', rmax < v.rmax ? `${fmt(rmax)} (p cannot exceed 1 for this K and q)` : fmt(rmax)],
      ['time simulated per matrix', `${fmt(res.tmax)} τ (learning times beyond it are missing)`],
    ];
  },
};
