// Parameters that mean the same in every view that has them: one definition, so
// their ranges (and what a link may hold) agree everywhere.

/** The seed of a view's random numbers; `label` may say what they are. */
export const seedParam = (label = 'Seed') => ({ key: 'seed', label, type: 'int', min: 0, max: 1000000, step: 1, def: 1 });

/** The λ-balanced two-layer views: the data's three singular values and the start's strength a₀ = b c. */
export const lambdaDataParams = () => [
  { key: 's1', label: 'Singular value s₁', type: 'real', min: 0.1, max: 5, step: 0.1, def: 3 },
  { key: 's2', label: 'Singular value s₂', type: 'real', min: 0.1, max: 5, step: 0.1, def: 2 },
  { key: 's3', label: 'Singular value s₃', type: 'real', min: 0.1, max: 5, step: 0.1, def: 1 },
  { key: 'a0', label: 'Initial strength a₀ = b c', type: 'real', min: 1e-4, max: 1, def: 0.01, scale: 'log' },
];
