// eng.deepLinear: exact mode dynamics of deep linear networks (THEORY.md §1).
import { int, real, reals } from '../params.js';

export const LIMITS = Object.freeze({ maxDepth: 200, maxStrength: 1e4, maxTime: 1e9, maxPoints: 1e6 });

function modeParams(p) {
  return {
    depth: int(p, 'depth', { min: 1, max: LIMITS.maxDepth, def: 2 }),
    s: real(p, 's', { min: 0, max: LIMITS.maxStrength, minOpen: true }),
    a0: real(p, 'a0', { min: 0, max: LIMITS.maxStrength, minOpen: true }),
  };
}

export function deepLinear(w) {
  return {
    /**
     * a(t) of one mode: closed form for depth 1 and 2, the mode ODE otherwise.
     * { depth = 2, s, a0, t: ascending times >= 0 in units of tau } -> Float64Array
     */
    modeTrajectory(p) {
      const { depth, s, a0 } = modeParams(p);
      const t = reals(p, 't', { maxLength: LIMITS.maxPoints, each: { min: 0, max: LIMITS.maxTime } });
      for (let i = 1; i < t.length; i++) {
        if (t[i] < t[i - 1]) throw new RangeError(`t must be ascending, but t[${i}] = ${t[i]} < t[${i - 1}] = ${t[i - 1]}`);
      }
      const [a] = w.call([t], [t.length], (tp, ap) => w.x.dlab_dl_mode_trajectory(depth, s, a0, tp, t.length, ap));
      return a;
    },

    /** Time for a mode to go from a0 to af. { depth = 2, s, a0, af } -> number */
    learningTime(p) {
      const { depth, s, a0 } = modeParams(p);
      const af = real(p, 'af', { min: 0, max: LIMITS.maxStrength, minOpen: true });
      const [t] = w.call([], [1], (tp) => w.x.dlab_dl_learning_time(depth, s, a0, af, tp));
      return t[0];
    },
  };
}
