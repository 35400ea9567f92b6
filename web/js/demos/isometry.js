// Deep linear dynamics, view (c): singular values of W_tot = W^D..W^1 at
// initialisation — scaled Gaussian layers spread them over many decades,
// scaled orthogonal layers keep them all equal (an isometry times g^D).
import { fmt } from '../format.js';
import { exp, log, log10, pow } from '../engine/dmath.js';
import { seedParam } from './common/params.js';

const BINS_PER_DECADE = 2;

function quantile(sorted, q) {
  const i = (sorted.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export default {
  id: 'isometry',
  area: 'deep-linear',
  title: 'Dynamical isometry',
  refs: ['saxe2014', 'pennington2017'],
  live: true,
  params: [
    { key: 'depth', label: 'Depth D (weight matrices)', type: 'int', min: 1, max: 50, step: 1, def: 10 },
    { key: 'width', label: 'Width N', type: 'int', min: 4, max: 96, step: 1, def: 64 },
    { key: 'gain', label: 'Gain g', type: 'real', min: 0.8, max: 1.2, step: 0.01, def: 1 },
    seedParam(),
  ],
  charts: [
    { id: 'hist', kind: 'bar', title: 'Singular values of W_tot at initialisation', xLabel: 'log₁₀ singular value', yLabel: 'count' },
    { id: 'spread', title: 'Spread of the singular values with depth', xLabel: 'depth l (product Wˡ⋯W¹)', yLabel: 'singular value', yType: 'logarithmic' },
  ],
  equation: `
    <p>Gaussian: <span class="math">W<sup>l</sup><sub>ij</sub> ~ N(0, g²/N)</span> keeps
       <span class="math">E|W x|² = g²|x|²</span> only on average. Theory (dashed): largest singular value →
       <span class="math">g<sup>l</sup> √((l+1)<sup>l+1</sup>/l<sup>l</sup>)</span> (Fuss–Catalan edge, N → ∞);
       geometric mean = <span class="math">exp(l · mean<sub>i</sub> μ<sub>i</sub>)</span>,
       μ<sub>i</sub> = ln g + ½[ln(2/N) + ψ((N − i + 1)/2)] (exact in expectation).</p>
    <p>Orthogonal: <span class="math">W<sup>l</sup> = g Q<sup>l</sup></span>, Q<sup>l</sup>ᵀQ<sup>l</sup> = I, so every singular value of W<sub>tot</sub> is exactly g<sup>D</sup>.</p>
    <p>The product is accumulated by QR steps, so singular values far below 10⁻¹⁶ × the largest stay accurate.</p>`,
  lookFor: `Compare the two products in the histogram, then raise the depth and watch the spread chart. The
    Gaussian product's tiny directions are what make its deep networks slow to train (Depth and learning speed).`,
  claims: [
    {
      text: 'The orthogonal product is an isometry: all its singular values are equal to g^D (to 1 part in 10¹²).',
      check: (d, v) => {
        const o = d.orthogonal[v.depth - 1], gD = pow(v.gain, v.depth);
        const err = Math.max(...Array.from(o, (x) => Math.abs(x / gD - 1)));
        return { holds: err < 1e-12, detail: `largest relative deviation ${fmt(err)}` };
      },
    },
    {
      text: 'The Gaussian product spreads its singular values apart, by about the same number of decades per layer.',
      when: (v) => v.depth >= 2,
      at: { depth: 10 },
      check: (d, v) => {
        const decades = (l) => { const r = d.gaussian[l - 1]; return log10(Math.max(...r) / Math.min(...r)); };
        const half = Math.ceil(v.depth / 2), rate = decades(v.depth) / v.depth, early = decades(half) / half;
        return { holds: rate > 0 && rate < 2 * early && early < 2 * rate,
          detail: `${fmt(early)} decades per layer up to layer ${half}, ${fmt(rate)} up to layer ${v.depth}` };
      },
    },
  ],

  async compute(call, v) {
    return call('deepLinear.initSpectrum', { depth: v.depth, width: v.width, gain: v.gain, seed: v.seed });
  },

  draw(d, v) {
    const D = v.depth;
    const g = d.gaussian[D - 1], o = d.orthogonal[D - 1];
    const logs = [...g, ...o].map((s) => log10(s));
    const lo = Math.floor(Math.min(...logs) * BINS_PER_DECADE) / BINS_PER_DECADE;
    const hi = Math.ceil((Math.max(...logs) + 1e-9) * BINS_PER_DECADE) / BINS_PER_DECADE;
    const nb = Math.max(1, Math.round((hi - lo) * BINS_PER_DECADE));
    const centres = Float64Array.from({ length: nb }, (_, i) => lo + (i + 0.5) / BINS_PER_DECADE);
    const count = (vals) => {
      const c = new Float64Array(nb);
      for (const s of vals) c[Math.min(nb - 1, Math.max(0, Math.floor((log10(s) - lo) * BINS_PER_DECADE)))]++;
      return c;
    };
    const hist = [
      { label: `Gaussian, D = ${D}`, x: centres, y: count(g), colorIndex: 1 },
      { label: `orthogonal, D = ${D}`, x: centres, y: count(o), colorIndex: 0 },
    ];
    const l = Float64Array.from({ length: d.gaussian.length }, (_, i) => i + 1);
    const stat = (rows, q) => Float64Array.from(rows, (r) => quantile([...r].sort((a, b) => a - b), q));
    // Theory (the engine's): the geometric mean of the singular values, exact in expectation,
    // and the largest one, the edge of the Fuss-Catalan law (N -> infinity at fixed l).
    const geo = Float64Array.from(d.gaussian, (r) => exp(r.reduce((t, s) => t + log(s), 0) / r.length));
    const spread = [
      { label: 'Gaussian: largest', x: l, y: stat(d.gaussian, 1), colorIndex: 1, points: true },
      { label: 'Gaussian: geometric mean', x: l, y: geo, colorIndex: 4, points: true },
      { label: 'Gaussian: smallest', x: l, y: stat(d.gaussian, 0), colorIndex: 3, points: true },
      { label: 'orthogonal: all (gˡ)', x: l, y: stat(d.orthogonal, 0.5), colorIndex: 0, width: 3 },
      { label: 'theory (dashed)', x: l, y: d.theory.largest, colorIndex: 1, dash: true, width: 1.5 },
      { label: '_theory geometric mean', x: l, y: d.theory.geometricMean, colorIndex: 4, dash: true, width: 1.5 },
    ];
    return { hist, spread };
  },

  readout(d, v) {
    const g = d.gaussian[v.depth - 1], o = d.orthogonal[v.depth - 1];
    const gmax = Math.max(...g), gmin = Math.min(...g);
    return [
      ['Gaussian: largest / smallest singular value', `${fmt(gmax)} / ${fmt(gmin)} (ratio ${fmt(gmax / gmin)})`],
      ['orthogonal: largest / smallest', `${fmt(Math.max(...o))} / ${fmt(Math.min(...o))}`],
      ['g^D', fmt(pow(v.gain, v.depth))],
    ];
  },
};
