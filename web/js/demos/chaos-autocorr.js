// Transient chaos: the autocorrelation of a great circle at every angular offset, layer by
// layer (Poole et al. 2016, Fig. 3B, C): the mean cosine between points delta theta apart
// in a simulated network, against the correlation map iterated from c1 = cos(delta theta).
import { fmt } from '../format.js';
import { networkParams, PHI_NOTE, phase, fmtQ } from './common/chaos.js';

/** Layers 1, 2, 4, 8, ... and the last: the lines drawn against delta theta. */
function lineLayers(L) {
  const out = [];
  for (let l = 1; l < L; l *= 2) out.push(l);
  out.push(L);
  return out;
}

/** Per offset k (0..M/2): the simulated correlation on the input circle and at the last layer. */
function ends(d) {
  const K = d.points / 2 + 1, last = (d.layers - 1) * K;
  return Array.from({ length: K }, (_, k) => ({ k, first: d.autocorr[k], end: d.autocorr[last + k], theory: d.theory.autocorr[last + k] }));
}

/** The phase by the fixed point: ordered, chaotic or unbounded length. */
const phaseOf = (fp) => (fp.qStar === Infinity ? 'unbounded' : fp.chi1 < 1 ? 'ordered' : 'chaotic');

export default {
  id: 'chaos-autocorr',
  area: 'chaos',
  title: 'Autocorrelation of a circle, layer by layer',
  refs: ['poole2016'],
  live: false,
  params: [
    ...networkParams({ width: { def: 120 }, layers: { def: 12 }, points: { def: 128 } }),
    { key: 'input', label: 'Input length q¹ (qstar: q*; code: q* + σb²(1 − 1/N), as Poole et al.’s code)', help: 'The circle’s length per neuron at the first layer: the fixed point q*, or the slightly larger value Poole et al.’s own code used.', type: 'choice', options: ['qstar', 'code'], def: 'qstar' },
  ],
  charts: [
    { id: 'lines', title: 'Correlation of points Δθ apart: theory (lines) and simulation (dots)', xLabel: 'Δθ (radians)', yLabel: 'qˡ(Δθ) / qˡ', yMin: -1, yMax: 1 },
    { id: 'heat', kind: 'heatmap', title: 'Simulated autocorrelation over layers', xLabel: 'Δθ (radians)', yLabel: 'layer l', zLabel: 'mean cosine', zMin: -1, zMax: 1 },
  ],
  equation: `
    <p><span class="math">h¹(θ) = √(N q¹) (u⁰ cos θ + u¹ sin θ)</span>; the autocorrelation at layer l is the mean over θ of
       <span class="math">hˡ(θ) · hˡ(θ + Δθ) / (|hˡ(θ)| |hˡ(θ + Δθ)|)</span>, at every offset Δθ = 2πk/M.</p>
    <p>Theory: <span class="math">c¹ = cos Δθ</span>, <span class="math">cˡ⁺¹ = C(cˡ; qˡ) / qˡ⁺¹</span>, the correlation map at equal
       lengths; for tanh by its Mehler series <span class="math">C(c) = σw² Σₖ aₖ² cᵏ + σb²</span>,
       <span class="math">aₖ = E[φ(√q z) Heₖ(z)] / √k!</span>.</p>
    <p>Here layer 1 is the circle itself. Poole et al.’s code (Figs. 3, 4: N = 1000, 40 layers, 500 angles) passes
       a circle through a random first layer instead, scaled so that q¹ = q* + σb²(1 − 1/N) and offset by b¹; the
       <em>code</em> choice above sets that length. 500 angles is not a multiple of 8: use 496 or 504.</p>`,
  lookFor: `Offset 0 is always 1. Follow one offset down the layers in the heatmap, and compare
    the curve of the last layer with the line c* of the correlation map, at σw = 4, 2.5 and 1.3 (σb = 0.3).`,
  claims: [
    {
      text: 'The simulation follows the theory at every offset: at the last layer it is within 0.1 of the iterated correlation map.',
      check: (d) => {
        const worst = Math.max(...ends(d).map((e) => Math.abs(e.end - e.theory)));
        return { holds: worst < 0.1, detail: `largest gap ${fmt(worst)} at layer ${d.layers}` };
      },
    },
    {
      text: 'In the chaotic phase every offset is pulled towards c* of the correlation map: at the last layer each theory line (starting over 0.1 from c*) is closer to c* than on the input circle.',
      applies: (d) => phaseOf(d.fp) === 'chaotic',
      check: (d) => {
        if (phaseOf(d.fp) !== 'chaotic') return { holds: false, detail: `${phase(d.fp.chi1, d.fp.qStar)} here` };
        const far = ends(d).filter((e) => e.k > 0 && Math.abs(e.first - d.fp.cStar) > 0.1);
        const bad = far.filter((e) => !(Math.abs(e.theory - d.fp.cStar) < Math.abs(e.first - d.fp.cStar)));
        return { holds: far.length > 0 && bad.length === 0, detail: `c* = ${fmt(d.fp.cStar)}; ${bad.length} of ${far.length} offsets not closer` };
      },
    },
    {
      text: 'In the ordered phase every offset climbs towards 1 (theory lines): the points of the circle become alike.',
      at: { sw: 1.3 },
      applies: (d) => phaseOf(d.fp) === 'ordered',
      check: (d) => {
        if (phaseOf(d.fp) !== 'ordered') return { holds: false, detail: `${phase(d.fp.chi1, d.fp.qStar)} here` };
        const bad = ends(d).filter((e) => e.k > 0 && !(e.theory > e.first));
        return { holds: bad.length === 0, detail: `${bad.length} offsets did not climb; at Δθ = π: ${fmt(ends(d).at(-1).first)} → ${fmt(ends(d).at(-1).theory)}` };
      },
    },
  ],

  async compute(call, v) {
    const fp = await call('chaos.fixedPoint', { phi: v.phi, sw: v.sw, sb: v.sb });
    const p = { phi: v.phi, sw: v.sw, sb: v.sb, width: v.width, layers: v.layers, points: v.points, seed: v.seed };
    const finite = Number.isFinite(fp.qStar) && fp.qStar > 0;
    if (v.input === 'code' && finite) p.q1 = Math.min(1000, fp.qStar + v.sb * v.sb * (1 - 1 / v.width));
    const t0 = performance.now();
    const d = await call('chaos.simulateCircle', p);
    Object.defineProperty(d, 'ms', { value: d.ms ?? performance.now() - t0, enumerable: false });
    d.fp = fp;
    return d;
  },

  draw(d) {
    const K = d.points / 2 + 1, row = (a, l) => a.slice((l - 1) * K, l * K);
    const lines = [];
    lineLayers(d.layers).forEach((l, i) => {
      lines.push({ label: `layer ${l}`, x: d.dtheta, y: row(d.theory.autocorr, l), colorIndex: i });
      lines.push({ label: `_layer ${l} sim`, x: d.dtheta, y: row(d.autocorr, l), colorIndex: i, points: true });
    });
    if (d.fp.chi1 > 1 && Number.isFinite(d.fp.cStar)) lines.push({ label: 'c*', x: [0, Math.PI], y: [d.fp.cStar, d.fp.cStar], color: '#888', dash: true, width: 1 });
    const heat = Array.from({ length: d.layers }, (_, l) => ({ label: `layer ${l + 1}`, x: d.dtheta, y: row(d.autocorr, l + 1), row: l + 1, heat: true }));
    return { lines, heat };
  },

  readout(d, v) {
    const K = d.points / 2 + 1, L = d.layers, last = (L - 1) * K;
    let worst = 0;
    for (let k = 0; k < K; k++) worst = Math.max(worst, Math.abs(d.autocorr[last + k] - d.theory.autocorr[last + k]));
    return [
      ['q*', fmtQ(d.fp.qStar)], ['input length q¹', fmt(d.q1)], ['χ₁', fmt(d.fp.chi1)], ['phase', phase(d.fp.chi1, d.fp.qStar)],
      ['c* of the correlation map', d.fp.qStar === Infinity ? 'none: no finite q*' : fmt(d.fp.cStar)],
      [`largest |simulation − theory| at layer ${L}`, fmt(worst)],
      ['simulation time', `${fmt(d.ms)} ms`],
      ['nonlinearity', PHI_NOTE[v.phi]],
    ];
  },
};
