// Transient chaos, views (c) and (d): the order-chaos phase diagram over (sw, sb)
// as heatmaps of chi1 and xi_c with the chi1 = 1 boundary, and the depth scales
// along one value of sb, diverging (xi_c) at the boundary (Schoenholz et al. 2017).
import { fmt } from '../format.js';
import { phiParam, PHI_NOTE, BANDS, gridBands, mergeBands, heatRows } from './common/chaos.js';

const CUT_POINTS = 400;

export default {
  id: 'chaos-phase',
  area: 'chaos',
  title: 'Order-chaos phase diagram',
  refs: ['schoenholz2017', 'poole2016'],
  live: false,
  params: [
    phiParam,
    { key: 'res', label: 'Resolution (cells per side)', type: 'int', min: 20, max: 400, step: 10, def: 200 },
    { key: 'swMax', label: 'Largest σw', type: 'real', min: 1.5, max: 10, step: 0.5, def: 4 },
    { key: 'sbMax', label: 'Largest σb', type: 'real', min: 0.2, max: 4, step: 0.1, def: 2 },
    { key: 'sbCut', label: 'σb of the depth-scale cut', help: 'The σb of the horizontal cut (dashed) along which the depth scales are drawn.', type: 'real', min: 0, max: 3.5, step: 0.05, def: 0.3 },
  ],
  charts: [
    { id: 'chi1', kind: 'heatmap', title: 'χ₁ over (σw, σb): ordered below 1, chaotic above', xLabel: 'σw', yLabel: 'σb', zLabel: 'χ₁ (log scale)', zType: 'logarithmic', zMin: 0.1, zMax: 10 },
    { id: 'xic', kind: 'heatmap', title: 'Correlation depth scale ξ_c', xLabel: 'σw', yLabel: 'σb', zLabel: 'ξ_c (layers, log scale)', zType: 'logarithmic', zMin: 0.3, zMax: 300 },
    { id: 'cut', title: 'Depth scales along the cut σb = const', xLabel: 'σw', yLabel: 'depth scale (layers)', yType: 'logarithmic', yMin: 0.1, yMax: 1000 },
  ],
  equation: `
    <p><span class="math">χ<sub>1</sub> = σ<sub>w</sub><sup>2</sup> ∫Dz φ′(√q* z)<sup>2</sup></span> with q* the fixed point of the length map;
       boundary <span class="math">χ<sub>1</sub> = 1</span> (black line).</p>
    <p><span class="math">ξ<sub>q</sub> = −1/ln V′(q*)</span>, &nbsp; <span class="math">ξ<sub>c</sub> = −1/ln χ<sub>c</sub></span>,
       χ<sub>c</sub> = slope of the c-map at c* (= χ<sub>1</sub> in the ordered phase). For tanh, c* comes from the
       Hermite (Mehler) series of the c-map, so the whole diagram needs only 1-D integrals.</p>`,
  lookFor: `Left of the black line (small σw, large σb) the network is ordered: all inputs converge.
    Right of it, chaos: nearby inputs separate. ξ_c, the number of layers over which two inputs stay
    distinguishable, diverges on the line and only there — signals can travel deep only near the edge
    of chaos. ξ_q stays finite: lengths settle fast everywhere. Change φ and run again: ReLU's boundary
    is the vertical line σw = √2, and beyond it the length map has no finite fixed point (grey).`,

  async compute(call, v) {
    const res = v.res;
    const swMin = v.swMax / res;   // equal steps ending at swMax, none at 0
    const grid = { phi: v.phi, swMin, swMax: v.swMax, sbMin: 0, sbMax: v.sbMax, nw: res, nb: res };
    // The grid in bands of rows spread over the worker pool (gridBands), plus the cut.
    const t0 = performance.now();
    const parts = await call.many('chaos.phaseDiagram', [...gridBands(grid), { phi: v.phi, swMin, swMax: v.swMax, sbMin: v.sbCut,
      sbMax: Math.min(4, v.sbCut + 1e-9), nw: CUT_POINTS, nb: 2 }]);
    const { ms, rowStart, ...cut } = parts.pop();   // timings stay out of the fingerprint
    const pd = mergeBands(parts, ['sb', 'chi1', 'xiQ', 'xiC', 'qStar', 'cStar', 'boundary']);
    // Wall time of the whole split computation; not enumerable, so it stays out of
    // the fingerprint (it differs from run to run).
    Object.defineProperty(pd, 'ms', { value: performance.now() - t0, enumerable: false });
    return { pd, cut };
  },

  draw({ pd, cut }, v) {
    const boundary = { label: 'χ₁ = 1', x: pd.boundary, y: pd.sb };
    const cutLine = { label: `_cut σb = ${fmt(v.sbCut)}`, x: [0, v.swMax], y: [v.sbCut, v.sbCut], dash: true };
    const n = cut.sw.length;
    const row = (g) => g.slice(0, n);
    const crit = cut.boundary[0];
    return {
      chi1: [...heatRows(pd, pd.chi1), boundary, cutLine],
      xic: [...heatRows(pd, pd.xiC, 0.3, 300), boundary, cutLine],
      cut: [
        { label: 'ξ_c (correlations)', x: cut.sw, y: row(cut.xiC), colorIndex: 0 },
        { label: 'ξ_q (lengths)', x: cut.sw, y: row(cut.xiQ), colorIndex: 1 },
        ...(Number.isFinite(crit) ? [{ label: `χ₁ = 1 at σw = ${fmt(crit)}`, x: [crit, crit], y: [0.1, 1000], color: '#888', dash: true, width: 1 }] : []),
      ],
    };
  },

  readout({ pd, cut }, v) {
    return [
      ['grid', `${pd.sw.length} × ${pd.sb.length} = ${pd.sw.length * pd.sb.length} points`],
      ['phase diagram computed in', `${fmt(pd.ms)} ms (${BANDS} bands of rows over the worker pool)`],
      [`boundary at σb = ${fmt(v.sbCut)}`, `σw = ${fmt(cut.boundary[0])}`],
      ['φ', PHI_NOTE[v.phi]],
    ];
  },
};
