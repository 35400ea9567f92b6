// Transient chaos, view (a): the length map q -> V(q) and its fixed point q*,
// iterated as a cobweb, and from three input lengths against depth (Poole et al. 2016,
// Fig. 1A, B: q in [0, 15], starts 3.94, 8.03, 12.12).
import { fmt } from '../format.js';
import { phiParam, PHI_NOTE, UNBOUNDED, phase, unboundedPhi, fmtQ, swParam, sbParam } from './common/chaos.js';

const LAYERS = 15;

export default {
  id: 'chaos-length',
  area: 'chaos',
  title: 'Length map and its fixed point',
  refs: ['poole2016', 'schoenholz2017'],
  live: true,
  params: [
    phiParam,
    swParam(2.5),
    sbParam(),
    { key: 'q0', label: 'Input length q⁰ (cobweb start)', help: 'The length per neuron of the input that the cobweb starts from.', type: 'real', min: 0.01, max: 50, def: 12, scale: 'log' },
    { key: 'qMax', label: 'Largest q shown on the map', help: 'The right edge of the length map.', type: 'real', min: 1, max: 1000, def: 15, scale: 'log' },
    { key: 'qa', label: 'Input length, first (depth chart)', help: 'The length per neuron of the first input followed through the layers.', type: 'real', min: 0.01, max: 1000, def: 3.94, scale: 'log' },
    { key: 'qb', label: 'Input length, second', help: 'The length per neuron of the second input followed through the layers.', type: 'real', min: 0.01, max: 1000, def: 8.03, scale: 'log' },
    { key: 'qc', label: 'Input length, third', help: 'The length per neuron of the third input followed through the layers.', type: 'real', min: 0.01, max: 1000, def: 12.12, scale: 'log' },
  ],
  charts: [
    { id: 'cobweb', title: 'Length map qˡ = V(qˡ⁻¹), iterated from q⁰ (cobweb)', xLabel: 'qˡ⁻¹', yLabel: 'qˡ' },
    { id: 'depth', title: 'Length qˡ against depth from several inputs', xLabel: 'layer l', yLabel: 'qˡ', yType: 'logarithmic' },
  ],
  equation: `
    <p><span class="math">qˡ = V(qˡ⁻¹) = σ<sub>w</sub><sup>2</sup> ∫Dz φ(√qˡ⁻¹ z)<sup>2</sup> + σ<sub>b</sub><sup>2</sup></span>,
       &nbsp; fixed point <span class="math">q* = V(q*)</span>,
       &nbsp; <span class="math">ξ<sub>q</sub> = −1 / ln V′(q*)</span></p>
    <p>Network: <span class="math">hˡ = Wˡ φ(hˡ⁻¹) + bˡ</span>, W<sub>ij</sub> ~ N(0, σ<sub>w</sub><sup>2</sup>/N), b<sub>i</sub> ~ N(0, σ<sub>b</sub><sup>2</sup>); q = |h|²/N per neuron.</p>`,
  lookFor: `Follow the cobweb from q⁰ to where the curve crosses the diagonal, and the four starts in the depth chart.
    Then try tanh with σb = 0 and σw below 1, and ReLU beyond σw = √2 (linear beyond σw = 1).`,
  claims: [
    {
      text: 'The length forgets where it started: after 15 layers all four starts are within 1 % of the same fixed point q*.',
      applies: ({ fp }) => Number.isFinite(fp.qStar) && fp.qStar > 0,
      check: ({ fp, starts }) => {
        if (!(Number.isFinite(fp.qStar) && fp.qStar > 0)) return { holds: false, detail: `q* = ${fmtQ(fp.qStar)}` };
        const worst = Math.max(...starts.map((s) => Math.abs(s.q[s.q.length - 1] / fp.qStar - 1)));
        return { holds: worst < 0.01, detail: `q* = ${fmt(fp.qStar)}, farthest start ends ${fmt(100 * worst)} % away` };
      },
    },
    {
      text: 'With σb = 0 and σw below 1, the only fixed point is q* = 0: every length shrinks towards it, tenfold or more over 15 layers, and signals die out.',
      when: (v) => v.sb === 0 && v.sw < 1 && !unboundedPhi(v),
      at: { sb: 0, sw: 0.8 },
      check: ({ fp, starts }) => {
        const shrink = Math.min(...starts.map((s) => s.q[0] / s.q[s.q.length - 1]));
        return { holds: fp.qStar === 0 && shrink >= 10, detail: `q* = ${fmtQ(fp.qStar)}, lengths shrink at least ${fmt(shrink)}-fold` };
      },
    },
    {
      text: `Unbounded length, a regime of its own: beyond the boundary (ReLU: σw > √2, linear: σw > 1) there is no finite q*, and the length grows by a factor χ₁ per layer.`,
      when: unboundedPhi,
      at: { phi: 'relu', sw: 2.5 },
      check: ({ fp, starts }) => {
        const q = starts[starts.length - 1].q, ratio = q[q.length - 1] / q[q.length - 2];
        return { holds: fp.qStar === Infinity && Math.abs(ratio / fp.chi1 - 1) < 0.01,
          detail: fp.qStar === Infinity ? `last layer: ×${fmt(ratio)}, χ₁ = ${fmt(fp.chi1)}` : `q* = ${fmt(fp.qStar)} is finite here` };
      },
    },
  ],

  async compute(call, v) {
    const base = { phi: v.phi, sw: v.sw, sb: v.sb };
    const fp = await call('chaos.fixedPoint', base);
    const crit = await call('chaos.criticalSw', { phi: v.phi, sb: v.sb });
    const finite = Number.isFinite(fp.qStar);
    // The chosen range, widened only where q* or the cobweb's start would fall outside it.
    const qMax = Math.min(1000, Math.max(v.qMax, 1.05 * v.q0, finite ? 1.05 * fp.qStar : 0));
    const qs = Array.from({ length: 161 }, (_, i) => (qMax * i) / 160);
    const map = await call('chaos.lengthMap', { ...base, q: qs });
    const path = await call('chaos.curvature', { ...base, layers: LAYERS, q1: v.q0 });
    const starts = [];
    for (const q1 of [v.qa, v.qb, v.qc]) starts.push({ q1, q: (await call('chaos.curvature', { ...base, layers: LAYERS, q1 })).q });
    return { fp, crit, qMax, qs: Float64Array.from(qs), V: map.q, cob: path.q, starts };
  },

  draw(d, v) {
    const cx = [], cy = [];
    let prev = d.cob[0];
    cx.push(prev); cy.push(0);
    for (let l = 1; l < d.cob.length; l++) {
      const next = d.cob[l];
      if (!(next <= d.qMax * 1.05)) break;
      cx.push(prev, next); cy.push(next, next);
      prev = next;
    }
    const cobweb = [
      { label: 'V(q)', x: d.qs, y: d.V, colorIndex: 0 },
      { label: 'diagonal qˡ = qˡ⁻¹', x: [0, d.qMax], y: [0, d.qMax], color: '#888', dash: true, width: 1 },
      { label: `cobweb from q⁰ = ${fmt(v.q0)}`, x: cx, y: cy, colorIndex: 1, width: 1.5 },
    ];
    if (Number.isFinite(d.fp.qStar)) cobweb.push({ label: `q* = ${fmt(d.fp.qStar)}`, x: [d.fp.qStar], y: [d.fp.qStar], colorIndex: 2, points: true });
    const layers = Float64Array.from({ length: d.cob.length }, (_, l) => l + 1);
    const depth = d.starts.map((s, i) => ({ label: `q¹ = ${fmt(s.q1)}`, x: layers, y: s.q.map((q) => Math.max(q, 1e-12)), colorIndex: i }));
    if (Number.isFinite(d.fp.qStar) && d.fp.qStar > 0) depth.push({ label: 'q*', x: [1, layers.length], y: [d.fp.qStar, d.fp.qStar], color: '#888', dash: true, width: 1 });
    return { cobweb, depth };
  },

  readout({ fp, crit }, v) {
    return [
      ['q*', fmtQ(fp.qStar)],
      ['χ₁ = σw² ∫Dz φ′(√q* z)²', fmt(fp.chi1)],
      ['slope V′(q*)', fp.qStar === Infinity ? 'none: no finite q*' : fmt(fp.slopeQ)],
      ['depth scale ξ_q', fp.qStar === Infinity ? 'none: no finite q*' : fmt(fp.xiQ)],
      ['phase', fp.qStar === Infinity ? `${phase(fp.chi1, fp.qStar)}. ${UNBOUNDED}` : phase(fp.chi1, fp.qStar)],
      [`order-chaos boundary at σb = ${fmt(v.sb)}`, `σw = ${fmt(crit)}`],
      ['nonlinearity', PHI_NOTE[v.phi]],
    ];
  },
};
