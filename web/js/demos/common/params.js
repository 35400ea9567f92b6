// Parameters that mean the same in every view that has them: one definition, so
// their ranges (and what a link may hold) agree everywhere.

/** The seed of a view's random numbers; `label` may say what they are. */
export const seedParam = (label = 'Seed') => ({ key: 'seed', label, type: 'int', min: 0, max: 1000000, step: 1, def: 1 });
