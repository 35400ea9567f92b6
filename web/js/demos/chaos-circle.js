// Transient chaos, views (e), (f), (g): a great circle pushed through a wide random
// network, measured per layer against the mean-field recursions (Poole et al. 2016):
// Euclidean length grows like chi1^(l/2), curvature settles, Grassmannian length grows
// exponentially in the chaotic phase; the circle's principal-component projection
// collapses (order) or fills space (chaos). Depth against width: chaos-depth-width.js.
import { fmt } from '../format.js';
import { networkParams, PHI_NOTE, RELU_CURVATURE, UNBOUNDED, phase, unboundedPhi, fmtQ } from './common/chaos.js';

const SHOWN = 6;   // layers in the projection panel, 2 rows x 3

/** A claim about one phase: its check where the network is in that phase, else why not. */
const phaseName = (d) => (d.qStar === Infinity ? 'unbounded' : d.chi1 < 1 ? 'ordered' : 'chaotic');
function inPhase(d, which, check) {
  return phaseName(d) === which ? check() : { holds: false, detail: `${phase(d.chi1, d.qStar)} here` };
}

/** The layers projected: those listed in `text` (up to 6, within 1..L), else spread over depth. */
function shownLayers(L, text = '') {
  const listed = [...new Set(String(text).split(/[\s,]+/).filter(Boolean).map(Number))]
    .filter((l) => Number.isInteger(l) && l >= 1 && l <= L).slice(0, SHOWN).sort((a, b) => a - b);
  if (listed.length) return listed;
  const out = new Set([1]);
  for (let k = 1; k < SHOWN; k++) out.add(Math.max(1, Math.round(1 + ((L - 1) * k) / (SHOWN - 1))));
  return [...out].sort((a, b) => a - b);
}

export default {
  id: 'chaos-circle',
  area: 'chaos',
  title: 'A circle through a deep random network',
  refs: ['poole2016'],
  live: false,
  params: [
    ...networkParams({
      width: { help: 'Neurons in each layer of the simulated network: wider networks follow the mean-field theory more closely.', def: 1000 },
      layers: { max: 60, def: 16 },
      points: { def: 128 },
    }),
    { key: 'proj', label: 'Layers projected (up to 6, e.g. 5, 10, 15; empty: spread over depth)', help: 'Which layers the projection panels show, as a comma-separated list; left empty, six layers spread over the depth.', type: 'text', maxLength: 40, rows: 1, placeholder: '5, 10, 15', def: '', view: true },
  ],
  charts: [
    { id: 'qc', title: 'Length and correlations: theory (lines) and simulation (dots)', xLabel: 'layer l', yLabel: 'value', yMin: -0.05, yMax: 1.3 },
    { id: 'length', title: 'Euclidean and Grassmannian length of the circle', xLabel: 'layer l', yLabel: 'length', yType: 'logarithmic' },
    { id: 'curv', title: 'Curvature κ̄² = N κ² (mean over the circle)', xLabel: 'layer l', yLabel: 'κ̄²', yType: 'logarithmic' },
    { id: 'proj', title: 'The circle on its top two principal components, per layer', xLabel: 'PC 1 / √(N qˡ), panels left to right, top to bottom', yLabel: 'PC 2 / √(N qˡ)', yMin: -4.05, yMax: 1.35 },
  ],
  equation: `
    <p>Input: <span class="math">h¹(θ) = √(N q¹) (u⁰ cos θ + u¹ sin θ)</span>, q¹ = q* (1 if q* is 0 or infinite);
       tangent and acceleration carried exactly: <span class="math">v′ = W (φ′(h) v)</span>,
       <span class="math">a′ = W (φ″(h) v² + φ′(h) a)</span>.</p>
    <p><span class="math">ḡ<sup>E,l</sup> = χ<sub>1</sub> ḡ<sup>E,l−1</sup></span>, &nbsp;
       <span class="math">(κ̄ˡ)² = 3χ<sub>2</sub>/χ<sub>1</sub><sup>2</sup> + (κ̄ˡ⁻¹)²/χ<sub>1</sub></span>, &nbsp;
       <span class="math">χ<sub>2</sub> = σ<sub>w</sub><sup>2</sup> ∫Dz φ″(√q z)<sup>2</sup></span>;
       L<sup>E</sup> = 2π √(N ḡ<sup>E</sup>), L<sup>G</sup> = 2π √(κ̄² ḡ<sup>E</sup>) (χ's at qˡ⁻¹).</p>
    <p>Poole et al. 2016, Figs. 3, 4: N = 1000, 40 layers, 500 angles (here a multiple of 8: 496 or 504), projections at
       layers 5, 10 and 15. Their code feeds the circle through a random first layer with q¹ = q* + σb²(1 − 1/N); here
       layer 1 is the circle, q¹ = q*.</p>`,
  lookFor: `Dots are a simulated network of width N, lines the mean-field theory, layer by layer; the panels show the
    circle's shape on its top two principal components. Try σw below 1 (ordered), and ReLU with σw beyond √2.`,
  claims: [
    {
      text: 'The simulated circle follows the mean-field theory: at the last layer its Euclidean length is within 10 % of the prediction.',
      check: (d) => {
        const L = d.layers - 1, rel = d.lengthE[L] / d.theory.lengthE[L] - 1;
        return { holds: Math.abs(rel) < 0.1, detail: `${fmt(100 * rel)} % at layer ${L + 1}` };
      },
    },
    {
      text: 'In the chaotic phase the curve keeps bending: its Grassmannian length (how much it turns) grows over tenfold from layer 1 to the last.',
      when: (v) => !unboundedPhi(v),
      applies: (d) => phaseName(d) === 'chaotic',
      check: (d) => inPhase(d, 'chaotic', () => {
        const g = d.lengthG;
        return { holds: g[g.length - 1] > 10 * g[0], detail: `${fmt(g[0])} → ${fmt(g[g.length - 1])}` };
      }),
    },
    {
      text: 'In the chaotic phase the circle winds through ever more dimensions: by the last layer its top two principal components hold under half the variance, and the participation ratio exceeds 2.',
      applies: (d) => phaseName(d) === 'chaotic',
      check: (d) => inPhase(d, 'chaotic', () => {
        const L = d.layers - 1;
        return { holds: d.top2[L] < 0.5 && d.participation[L] > 2, detail: `top-2 variance ${fmt(d.top2[L])}, participation ratio ${fmt(d.participation[L])}` };
      }),
    },
    {
      text: 'In the ordered phase the circle contracts towards a point: its Euclidean length shrinks with depth.',
      applies: (d) => phaseName(d) === 'ordered',
      check: (d) => inPhase(d, 'ordered', () => {
        const e = d.lengthE;
        return { holds: e[e.length - 1] < e[0], detail: `${fmt(e[0])} → ${fmt(e[e.length - 1])}` };
      }),
      at: { sw: 0.8, width: 200, points: 64 },
    },
    {
      text: 'Unbounded length is not chaos: with ReLU beyond σw = √2 (q* = ∞) the correlation of points π/2 apart climbs with depth, by over 0.5, where chaos would drive it down to c*.',
      when: (v) => v.phi === 'relu',
      at: { phi: 'relu', sw: 4, sb: 0, width: 300, points: 64 },
      check: (d) => {
        if (d.qStar !== Infinity) return { holds: false, detail: `q* = ${fmt(d.qStar)} is finite here` };
        const c = d.c4;
        return { holds: c[c.length - 1] > c[0] + 0.5, detail: `c from ${fmt(c[0])} to ${fmt(c[c.length - 1])}` };
      },
    },
  ],

  async compute(call, v) {
    const t0 = performance.now();
    const d = await call('chaos.simulateCircle', { phi: v.phi, sw: v.sw, sb: v.sb, width: v.width, layers: v.layers, points: v.points, seed: v.seed });
    // The solver's own timing is not enumerable (it stays out of the fingerprint), so a
    // worker message drops it: then the time of the whole call stands in for it.
    Object.defineProperty(d, 'ms', { value: d.ms ?? performance.now() - t0, enumerable: false });
    return d;
  },

  draw(d, v) {
    const L = d.layers, x = d.layer, th = d.theory, relu = v.phi === 'relu';
    const div = (a, s) => a.map((t) => t / s);
    const qc = [
      { label: 'qˡ / q¹', x, y: div(th.q, d.q1), colorIndex: 0 },
      { label: '_q sim', x, y: div(d.q, d.q1), colorIndex: 0, points: true },
      { label: 'c, points π/2 apart', x, y: th.c4, colorIndex: 1 },
      { label: '_c4 sim', x, y: d.c4, colorIndex: 1, points: true },
      { label: 'c, points π/4 apart', x, y: th.c8, colorIndex: 2 },
      { label: '_c8 sim', x, y: d.c8, colorIndex: 2, points: true },
    ];
    const length = [
      { label: 'Euclidean Lᴱ / √N', x, y: th.lengthE, colorIndex: 0 },
      { label: '_LE sim', x, y: d.lengthE, colorIndex: 0, points: true },
    ];
    const curv = [];
    if (!relu) {
      length.push({ label: 'Grassmannian Lᴳ', x, y: th.lengthG, colorIndex: 3 });
      length.push({ label: '_LG sim', x, y: d.lengthG, colorIndex: 3, points: true });
      curv.push({ label: 'theory', x, y: th.kappa2, colorIndex: 1 });
      curv.push({ label: 'simulation', x, y: d.kappa2, colorIndex: 1, points: true });
    }
    // Projection panels.
    const proj = [{ label: '_frame', x: [-1.3, 6.3], y: [-4.05, 1.35], color: 'rgba(0,0,0,0)', width: 0 }];
    shownLayers(L, v.proj).forEach((l, k) => {
      const ox = 2.5 * (k % 3), oy = -2.7 * Math.floor(k / 3);
      const px = [], py = [];
      for (let p = 0; p <= d.points; p++) {
        const at = ((l - 1) * d.points + (p % d.points)) * 3;
        px.push(ox + d.proj[at]); py.push(oy + d.proj[at + 1]);
      }
      proj.push({ label: `layer ${l}`, x: px, y: py, colorIndex: k, width: 1.5 });
    });
    return { qc, length, curv, proj };
  },

  readout(d, v) {
    const L = d.layers - 1, th = d.theory;
    const rel = (a, b) => `${fmt(100 * (a / b - 1))} %`;
    const rows = [
      ['q*', fmtQ(d.qStar)], ['circle radius² per neuron q¹', fmt(d.q1)],
      ['χ₁', fmt(d.chi1)], ['phase', d.qStar === Infinity ? `${phase(d.chi1, d.qStar)}. ${UNBOUNDED}` : phase(d.chi1, d.qStar)],
      [`Lᴱ sim vs theory at layer ${L + 1}`, rel(d.lengthE[L], th.lengthE[L])],
    ];
    if (v.phi === 'relu') rows.push(['curvature', RELU_CURVATURE]);
    else {
      rows.push([`κ̄² sim vs theory at layer ${L + 1}`, rel(d.kappa2[L], th.kappa2[L])]);
      rows.push([`Lᴳ sim vs theory at layer ${L + 1}`, rel(d.lengthG[L], th.lengthG[L])]);
    }
    rows.push([`top-2 PC variance, layer 1 → ${L + 1}`, `${fmt(d.top2[0])} → ${fmt(d.top2[L])}`]);
    rows.push([`participation ratio, layer 1 → ${L + 1}`, `${fmt(d.participation[0])} → ${fmt(d.participation[L])}`]);
    rows.push(['simulation time', `${fmt(d.ms)} ms`]);
    rows.push(['nonlinearity', PHI_NOTE[v.phi]]);
    return rows;
  },
};
