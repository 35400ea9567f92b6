// Transient chaos: how many layers a length needs to settle, over the (sw, sb) plane
// (Poole et al. 2016, Fig. 1C, D): the length map iterated from many input lengths
// until it is within a band around q*, averaged over the starts.
import { fmt } from '../format.js';
import { phiParam, PHI_NOTE, gridBands, mergeBands, heatRows } from './common/chaos.js';

// The (sw, sb) pairs highlighted in Poole et al.'s figures, marked on both maps.
const MARKED = [[1.3, 0.3], [2.5, 0.3], [4.0, 0.3]];
const ZMAX = 10;   // colour scale top: typical cells need 1-10 layers (Poole et al. show 0-6 for the 10 % band)

/** A small diamond around (x, y) as an overlay curve, scaled to the axes' ranges. */
function diamond([x, y], dx, dy) {
  return { label: `_σw = ${x}, σb = ${y}`, x: [x - dx, x, x + dx, x, x - dx], y: [y, y + dy, y, y - dy, y] };
}

/** The grid cell nearest (sw, sb), or -1 outside the grid. */
function cellAt(pd, sw, sb) {
  const nw = pd.sw.length;
  const i = Math.round(((sw - pd.sw[0]) / (pd.sw[nw - 1] - pd.sw[0])) * (nw - 1));
  const j = Math.round((sb / pd.sb[pd.sb.length - 1]) * (pd.sb.length - 1));
  return i >= 0 && i < nw && j >= 0 && j < pd.sb.length ? j * nw + i : -1;
}

export default {
  id: 'chaos-convergence',
  area: 'chaos',
  title: 'Layers for a length to settle',
  refs: ['poole2016'],
  live: false,
  params: [
    phiParam,
    { key: 'band', label: 'Band around q* (0.01: the caption’s 1 %; 0.1: Poole et al.’s code)', help: 'A length counts as settled once it stays within this fraction of q*.', type: 'choice', options: ['0.01', '0.1'], def: '0.01' },
    { key: 'res', label: 'Cells per side', type: 'int', min: 5, max: 201, step: 1, def: 41 },
    { key: 'swMin', label: 'Smallest σw', help: 'The left edge of the maps: the smallest σw shown.', type: 'real', min: 0.05, max: 5, step: 0.05, def: 1 },
    { key: 'swMax', label: 'Largest σw', type: 'real', min: 0.5, max: 10, step: 0.5, def: 5 },
    { key: 'sbMax', label: 'Largest σb', type: 'real', min: 0.2, max: 4, step: 0.1, def: 4 },
    { key: 'q0Max', label: 'Largest input length q⁰ (starts spread over [0, q⁰])', help: 'The input lengths averaged over are spread evenly up to this one.', type: 'real', min: 0.5, max: 1000, def: 15, scale: 'log' },
    { key: 'starts', label: 'Input lengths averaged over', help: 'How many input lengths each cell averages the number of layers over.', type: 'int', min: 1, max: 100, step: 1, def: 25 },
  ],
  charts: [
    { id: 'iters', kind: 'heatmap', title: 'Mean number of layers until |qˡ − q*| ≤ band · q*', xLabel: 'σw', yLabel: 'σb', zLabel: `layers (${ZMAX} or more: yellow)`, zMin: 0, zMax: ZMAX, nanLabel: 'grey: not within 1000 layers' },
    { id: 'qstar', kind: 'heatmap', title: 'The fixed point q*', xLabel: 'σw', yLabel: 'σb', zLabel: 'q* (log scale)', zType: 'logarithmic', nanLabel: 'grey: q* is 0 or infinite' },
  ],
  equation: `
    <p><span class="math">qˡ = V(qˡ⁻¹) = σw² ∫Dz φ(√qˡ⁻¹ z)² + σb²</span> from q⁰ = each of the starts, evenly spaced on
       [0, q⁰<sub>max</sub>]; each cell is the mean over starts of the first l with <span class="math">|qˡ − q*| ≤ band · q*</span>
       (0 if the start is already there).</p>
    <p>Poole et al. 2016, Fig. 1D (tanh; σw 1–5, σb 0–4 on 41 × 41; 25 starts on [0, 15]) asks in its caption for ≤ 1 %
       fractional deviation (band 0.01); the paper’s code stops when (q − q*)²/q*² &lt; 0.01, a 10 % band (0.1), and plots
       σw upwards, σb across. At σb = 0 the start q⁰ = 0 stays at 0, an unstable fixed point of the map, so that row is
       grey here; the code counts such a start as converged. Diamonds: (σw, σb) = (1.3, 0.3), (2.5, 0.3), (4, 0.3).</p>`,
  lookFor: `Compare the two bands, and look along the row σb = 0.3 through the three marked networks.
    The second map shows where each cell settles.`,
  claims: [
    {
      text: 'Lengths settle within a few layers: at the three marked networks the mean is under 10 layers, and fewer the larger σw.',
      check: (pd) => {
        const k = MARKED.map(([sw, sb]) => cellAt(pd, sw, sb));
        if (k.some((x) => x < 0)) return { holds: false, detail: 'a marked network lies outside the grid' };
        if (k.some((x) => pd.qStar[x] === Infinity)) return { holds: false, detail: 'unbounded length (q* = ∞) at a marked network: lengths never settle' };
        const n = k.map((x) => pd.iters[x]);
        return { holds: n.every((x, i) => x < 10 && (i === 0 || x < n[i - 1])), detail: n.map((x, i) => `σw = ${MARKED[i][0]}: ${fmt(x)}`).join(', ') };
      },
    },
  ],

  async compute(call, v) {
    const grid = { phi: v.phi, swMin: v.swMin, swMax: Math.max(v.swMax, v.swMin + 0.05), sbMin: 0, sbMax: v.sbMax,
      nw: v.res, nb: v.res, band: Number(v.band), q0Min: 0, q0Max: v.q0Max, nq0: v.starts, maxIter: 1000 };
    const t0 = performance.now();
    const parts = await call.many('chaos.convergence', gridBands(grid));
    const pd = mergeBands(parts, ['sb', 'iters', 'qStar']);
    Object.defineProperty(pd, 'ms', { value: performance.now() - t0, enumerable: false });
    return pd;
  },

  draw(pd) {
    // Never within the band: grey (NaN) rather than the top of the scale.
    const iters = pd.iters.map((t) => (Number.isFinite(t) ? t : NaN));
    const sw0 = pd.sw[0], sw1 = pd.sw[pd.sw.length - 1], sb1 = pd.sb[pd.sb.length - 1];
    const marks = MARKED.filter(([sw, sb]) => sw >= sw0 && sw <= sw1 && sb <= sb1)
      .map((m) => diamond(m, (sw1 - sw0) / 40, sb1 / 40));
    const qstar = pd.qStar.map((q) => (Number.isFinite(q) && q > 0 ? q : NaN));
    return {
      iters: [...heatRows(pd, iters, 0, ZMAX), ...marks],
      qstar: [...heatRows(pd, qstar), ...marks],
    };
  },

  readout(pd, v) {
    const nw = pd.sw.length;
    const rows = [['band', `${fmt(100 * Number(v.band))} % of q*`]];
    for (const [sw, sb] of MARKED) {
      const k = cellAt(pd, sw, sb);
      if (k >= 0) rows.push([`σw = ${fmt(pd.sw[k % nw])}, σb = ${fmt(pd.sb[Math.floor(k / nw)])}`, pd.qStar[k] === Infinity ? 'never: unbounded length (q* = ∞)' : `${fmt(pd.iters[k])} layers, q* = ${fmt(pd.qStar[k])}`]);
    }
    rows.push(['grid', `${nw} × ${pd.sb.length} cells, ${v.starts} starts each`]);
    rows.push(['computed in', `${fmt(pd.ms)} ms`]);
    rows.push(['nonlinearity', PHI_NOTE[v.phi]]);
    return rows;
  },
};
