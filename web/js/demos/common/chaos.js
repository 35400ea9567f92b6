// Shared pieces of the transient-chaos views (docs/theory.md §5).
import { fmt } from '../../format.js';

export const PHI_OPTIONS = ['tanh', 'erf', 'relu', 'linear'];
export const phiParam = { key: 'phi', label: 'Nonlinearity φ', type: 'choice', options: PHI_OPTIONS, def: 'tanh' };

export const PHI_NOTE = {
  tanh: 'φ = tanh h.',
  erf: 'φ = erf(√π h / 2), scaled so φ′(0) = 1 like tanh.',
  relu: 'φ = max(h, 0): χ₁ = σw²/2 whatever q is, so the boundary is σw = √2; beyond it q grows without bound.',
  linear: 'φ = h: χ₁ = σw², q* exists only for σw < 1.',
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
