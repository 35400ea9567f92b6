// Transient chaos, views (c) and (d): the order-chaos phase diagram over (sw, sb)
// as heatmaps of chi1 and xi_c with the chi1 = 1 boundary, and the depth scales
// along one value of sb, diverging (xi_c) at the boundary (Schoenholz et al. 2017).
import { fmt } from '../format.js';
import { phiParam, PHI_NOTE, UNBOUNDED, BANDS, gridBands, mergeBands, heatRows, unboundedPhi } from './common/chaos.js';

const CUT_POINTS = 400;

/** A grid with NaN (drawn grey) where the length map has no finite q*: unbounded length. */
const unboundedNaN = (pd, grid) => grid.map((v, k) => (pd.qStar[k] === Infinity ? NaN : v));

/** The points of a cut where the depth scale exists (finite q*). */
function finitePart(x, y) {
  const keep = Array.from(y, (v) => Number.isFinite(v));
  return { x: Array.from(x).filter((_, i) => keep[i]), y: Array.from(y).filter((_, i) => keep[i]) };
}

const UNBOUNDED_CELLS = 'grey: unbounded length (q* = ∞)';

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
    { id: 'chi1', kind: 'heatmap', title: 'χ₁ over (σw, σb): the black line is χ₁ = 1', xLabel: 'σw', yLabel: 'σb', zLabel: 'χ₁ (log scale)', zType: 'logarithmic', zMin: 0.1, zMax: 10, nanLabel: UNBOUNDED_CELLS },
    { id: 'xic', kind: 'heatmap', title: 'Correlation depth scale ξ_c', xLabel: 'σw', yLabel: 'σb', zLabel: 'ξ_c (layers, log scale)', zType: 'logarithmic', zMin: 0.3, zMax: 300, nanLabel: UNBOUNDED_CELLS },
    { id: 'cut', title: 'Depth scales along the cut σb = const', xLabel: 'σw', yLabel: 'depth scale (layers)', yType: 'logarithmic', yMin: 0.1, yMax: 1000 },
  ],
  equation: `
    <p><span class="math">χ<sub>1</sub> = σ<sub>w</sub><sup>2</sup> ∫Dz φ′(√q* z)<sup>2</sup></span> with q* the fixed point of the length map;
       boundary <span class="math">χ<sub>1</sub> = 1</span> (black line).</p>
    <p><span class="math">ξ<sub>q</sub> = −1/ln V′(q*)</span>, &nbsp; <span class="math">ξ<sub>c</sub> = −1/ln χ<sub>c</sub></span>,
       χ<sub>c</sub> = slope of the c-map at c* (= χ<sub>1</sub> in the ordered phase). For tanh, c* comes from the
       Hermite (Mehler) series of the c-map, so the whole diagram needs only 1-D integrals.</p>`,
  lookFor: `Left of the black line the network is ordered (χ₁ < 1: inputs converge), right of it chaotic for tanh and
    erf (χ₁ > 1: nearby inputs separate). ξ_c counts the layers over which two inputs stay distinguishable. Change
    φ and run again: for ReLU and linear networks the right side is grey, a regime of its own.`,
  claims: [
    {
      text: 'ξ_c diverges at the boundary: along the cut it is largest right next to the σw where χ₁ = 1. Two inputs stay distinguishable through many layers only near this edge.',
      check: ({ cut }) => {
        const n = cut.sw.length, crit = cut.boundary[0];
        let peak = -1;
        for (let i = 0; i < n; i++) if (Number.isFinite(cut.xiC[i]) && (peak < 0 || cut.xiC[i] > cut.xiC[peak])) peak = i;
        const step = (cut.sw[n - 1] - cut.sw[0]) / (n - 1);
        const holds = peak >= 0 && Number.isFinite(crit) && Math.abs(cut.sw[peak] - crit) <= 1.5 * step;
        return { holds, detail: peak < 0 ? 'no finite ξ_c on the cut' : `largest ξ_c = ${fmt(cut.xiC[peak])} at σw = ${fmt(cut.sw[peak])}; χ₁ = 1 at σw = ${fmt(crit)}` };
      },
    },
    {
      text: 'For tanh and erf ξ_q stays short along the cut: lengths settle within a few layers (ξ_q < 3) wherever q* is finite.',
      when: (v) => v.phi === 'tanh' || v.phi === 'erf',
      check: ({ cut }) => {
        const xs = finitePart(cut.sw, cut.xiQ.slice(0, cut.sw.length)).y;
        const top = Math.max(...xs);
        return { holds: xs.length > 0 && top < 3, detail: `largest ξ_q = ${fmt(top)} layers` };
      },
    },
    {
      text: 'For tanh and erf the boundary bends: the more bias (σb), the larger the σw it takes to reach chaos.',
      when: (v) => !unboundedPhi(v),
      check: ({ pd }) => {
        const b = Array.from(pd.boundary), holds = b.every((x, j) => j === 0 || x > b[j - 1]);
        return { holds, detail: `χ₁ = 1 at σw = ${fmt(b[0])} for σb = ${fmt(pd.sb[0])}, σw = ${fmt(b[b.length - 1])} for σb = ${fmt(pd.sb[b.length - 1])}` };
      },
    },
    {
      text: 'For ReLU and linear networks the right of the boundary is not chaos but unbounded length: no cell with χ₁ > 1 has a finite q* (grey), and every cell with χ₁ < 1 has one.',
      when: unboundedPhi,
      at: { phi: 'relu', res: 40 },
      check: ({ pd }) => {
        let wrong = 0, grey = 0;
        pd.chi1.forEach((c, k) => {
          const unbounded = pd.qStar[k] === Infinity;
          grey += unbounded;
          if (c > 1 !== unbounded && c !== 1) wrong++;
        });
        return { holds: wrong === 0, detail: `${grey} of ${pd.chi1.length} cells unbounded, ${wrong} cells out of line` };
      },
    },
  ],

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
      chi1: [...heatRows(pd, unboundedNaN(pd, pd.chi1)), boundary, cutLine],
      xic: [...heatRows(pd, unboundedNaN(pd, pd.xiC), 0.3, 300), boundary, cutLine],
      cut: [
        { label: 'ξ_c (correlations)', ...finitePart(cut.sw, row(cut.xiC)), colorIndex: 0 },
        { label: 'ξ_q (lengths)', ...finitePart(cut.sw, row(cut.xiQ)), colorIndex: 1 },
        ...(Number.isFinite(crit) ? [{ label: `χ₁ = 1 at σw = ${fmt(crit)}`, x: [crit, crit], y: [0.1, 1000], color: '#888', dash: true, width: 1 }] : []),
      ],
    };
  },

  readout({ pd, cut }, v) {
    return [
      ['grid', `${pd.sw.length} × ${pd.sb.length} = ${pd.sw.length * pd.sb.length} points`],
      ['phase diagram computed in', `${fmt(pd.ms)} ms (${BANDS} bands of rows over the worker pool)`],
      [`boundary at σb = ${fmt(v.sbCut)}`, `σw = ${fmt(cut.boundary[0])}`],
      ['nonlinearity', PHI_NOTE[v.phi]],
      ...(unboundedPhi(v) ? [['grey cells', UNBOUNDED]] : []),
    ];
  },
};
