// A demo's result claims: sentences that state what the computed result shows,
// each with the settings it is made at and a check on the result (see README.md
// in this folder). The page shows next to each whether it holds for the run on
// screen; tests/js/claims.test.mjs runs every check at its settings.
import { defaults } from './state.js';

/** The values a claim is tested at: the demo's defaults with the claim's `at` over them. */
export function claimValues(demo, claim) {
  return { ...defaults(demo), ...(claim.at ?? {}) };
}

/**
 * Checks the claims that apply at `values` (no `when`, or when(values) true) and to
 * `data` computed at those values (no `applies`, or applies(data, values) true: a
 * sentence about the chaotic phase says nothing about an ordered network). Returns
 * [{ claim, holds, detail }]; a check that throws counts as not holding, with its
 * message as the detail.
 */
export function checkClaims(demo, data, values) {
  return (demo.claims ?? []).filter((c) => (!c.when || c.when(values)) && (!c.applies || c.applies(data, values))).map((claim) => {
    try {
      const { holds, detail = '' } = claim.check(data, values);
      return { claim, holds: holds === true, detail: String(detail) };
    } catch (e) {
      return { claim, holds: false, detail: `could not be checked: ${e.message}` };
    }
  });
}
