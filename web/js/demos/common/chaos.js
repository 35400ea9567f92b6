// Shared pieces of the transient-chaos views (docs/theory.md §5).
import { fmt } from '../../format.js';
import { seedParam } from './params.js';
import {
  DLAB_CHAOS_MAX_WIDTH, DLAB_CHAOS_MAX_DEPTH, DLAB_CHAOS_MIN_POINTS, DLAB_CHAOS_MAX_POINTS,
  DLAB_CHAOS_BOUNDARY_MAX_WIDTH, DLAB_CHAOS_BOUNDARY_MAX_DEPTH, DLAB_CHAOS_BOUNDARY_MAX_POINTS,
} from '../../engine/c-constants.js';

export const PHI_OPTIONS = ['tanh', 'erf', 'relu', 'linear'];
export const phiParam = { key: 'phi', label: 'Nonlinearity φ', type: 'choice', options: PHI_OPTIONS, def: 'tanh' };
/** σw and σb of the random network, with the view's own default. */
export const swParam = (def = 4) => ({ key: 'sw', label: 'Weight scale σw', type: 'real', min: 0.1, max: 6, step: 0.05, def });
export const sbParam = (def = 0.3) => ({ key: 'sb', label: 'Bias scale σb', type: 'real', min: 0, max: 2, step: 0.05, def });

/** The engine's bounds on a simulated network: a circle fed through it, or its decision boundary. */
export const CIRCLE_LIMITS = { width: DLAB_CHAOS_MAX_WIDTH, layers: DLAB_CHAOS_MAX_DEPTH, points: [DLAB_CHAOS_MIN_POINTS, DLAB_CHAOS_MAX_POINTS, 8] };
export const BOUNDARY_LIMITS = { width: DLAB_CHAOS_BOUNDARY_MAX_WIDTH, layers: DLAB_CHAOS_BOUNDARY_MAX_DEPTH, points: [1, DLAB_CHAOS_BOUNDARY_MAX_POINTS, 1] };

/**
 * The parameter rows of a view that simulates a random network: φ, σw, σb, width N,
 * layers L, points M, seed. `width`, `layers` and `points` give the view's defaults and
 * may narrow the range or reword the label; the bounds are the engine's (`limits`).
 */
export function networkParams({ sw, width, layers, points, limits = CIRCLE_LIMITS }) {
  const [pMin, pMax, pStep] = limits.points;
  return [
    phiParam, swParam(sw), sbParam(),
    { key: 'width', label: 'Width N', type: 'int', min: 20, step: 10, ...width, max: Math.min(width.max ?? Infinity, limits.width) },
    { key: 'layers', label: 'Layers L', type: 'int', min: 2, step: 1, ...layers, max: Math.min(layers.max ?? Infinity, limits.layers) },
    { key: 'points', label: pStep === 8 ? 'Points M on the circle (multiple of 8)' : 'Points M', type: 'int', min: pMin, max: pMax, step: pStep, ...points },
    seedParam(),
  ];
}

export const PHI_NOTE = {
  tanh: 'φ(h) = tanh h',
  erf: 'φ(h) = erf(√π h / 2), scaled so φ′(0) = 1 like tanh',
  relu: 'φ(h) = max(h, 0): χ₁ = σw²/2 whatever q is, so the boundary is σw = √2; beyond it q grows without bound',
  linear: 'φ(h) = h: χ₁ = σw², q* exists only for σw < 1',
};

export const RELU_CURVATURE =
  'ReLU has no curvature theory: φ″ is a delta function at 0, so χ₂ is infinite. The simulation sees only the straight pieces between kinks, so curvature is not drawn.';

/** What the unbounded-length regime is, in a sentence (shown where it applies). */
export const UNBOUNDED =
  'No finite q*: every layer multiplies the length by χ₁, so here χ₁ > 1 says how fast lengths grow, not that nearby inputs separate.';

/**
 * The regime: ordered (χ₁ < 1), chaotic (χ₁ > 1), critical, or unbounded length
 * where the length map has no finite fixed point (ReLU beyond σw = √2, linear
 * beyond σw = 1), which is not chaos.
 */
export function phase(chi1, qStar) {
  if (qStar === Infinity) return 'unbounded length (q* = ∞)';
  if (!Number.isFinite(chi1)) return '—';
  if (Math.abs(chi1 - 1) < 1e-12) return 'critical (χ₁ = 1)';
  return chi1 < 1 ? 'ordered (χ₁ < 1)' : 'chaotic (χ₁ > 1)';
}

/** q* as text: ∞ where the length map has no finite fixed point. */
export const fmtQ = (q) => (q === Infinity ? '∞' : fmt(q));

/** True for the nonlinearities whose lengths can grow without bound. */
export const unboundedPhi = (v) => v.phi === 'relu' || v.phi === 'linear';

/** A grid over (sw, sb) is computed in this many bands of rows, spread over the worker pool. */
export const BANDS = 8;

/**
 * The grid's row bands (rowStart, rows) for call.many. A row depends only on its sb, so the
 * merged bands are bit-identical to one call, for any number of workers; bands alternate
 * between workers as they are handed out, which evens out the costlier rows.
 */
export function gridBands(grid) {
  const edges = Array.from({ length: BANDS + 1 }, (_, b) => Math.round((b * grid.nb) / BANDS));
  return edges.slice(0, -1).map((r0, b) => ({ ...grid, rowStart: r0, rows: edges[b + 1] - r0 })).filter((b) => b.rows > 0);
}

/** Puts bands of rows (in order) back into one grid: `keys` are concatenated, sw kept. */
export function mergeBands(parts, keys) {
  const cat = (key) => {
    const out = new Float64Array(parts.reduce((t, p) => t + p[key].length, 0));
    let at = 0;
    for (const p of parts) { out.set(p[key], at); at += p[key].length; }
    return out;
  };
  const pd = { sw: parts[0].sw };
  for (const key of keys) pd[key] = cat(key);
  return pd;
}

/** Heatmap rows of a grid (row j = sb_j), values clipped to [clipLo, clipHi] if given. */
export function heatRows(pd, grid, clipLo, clipHi) {
  const nw = pd.sw.length;
  return Array.from(pd.sb, (sb, j) => {
    const y = grid.slice(j * nw, (j + 1) * nw);
    if (clipLo !== undefined) for (let i = 0; i < nw; i++) if (Number.isFinite(y[i])) y[i] = Math.min(clipHi, Math.max(clipLo, y[i]));
    return { label: `σb = ${fmt(sb)}`, x: pd.sw, y, row: sb, heat: true };
  });
}
