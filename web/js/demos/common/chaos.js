// Shared pieces of the transient-chaos views (docs/theory.md §5).
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

/** "ordered", "chaotic" or "critical" from chi1. */
export function phase(chi1) {
  if (!Number.isFinite(chi1)) return '—';
  if (Math.abs(chi1 - 1) < 1e-12) return 'critical (χ₁ = 1)';
  return chi1 < 1 ? 'ordered (χ₁ < 1)' : 'chaotic (χ₁ > 1)';
}
