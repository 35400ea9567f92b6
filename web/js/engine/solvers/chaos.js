// eng.chaos: signal propagation through deep random networks (Poole et al. 2016;
// Schoenholz et al. 2017; docs/theory.md §5) — length and correlation maps, order-chaos
// phase diagram, curvature, and Monte-Carlo of a great circle through a wide random
// network (include/depthlab/chaos.h).
import { int, real, reals, choice, seed as seedOf } from '../params.js';
import { chunked } from '../chunked.js';
import { Handle, withHandle, column } from '../handle.js';
import { cos } from '../dmath.js';
import {
  DLAB_PHI_LINEAR, DLAB_PHI_TANH, DLAB_PHI_RELU, DLAB_PHI_ERF, DLAB_CHAOS_FAST, DLAB_CHAOS_REFERENCE,
  DLAB_CHAOS_TRAPEZOID, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW, DLAB_CHAOS_MAX_SB, DLAB_CHAOS_MAX_Q,
  DLAB_CHAOS_MAX_LAYERS, DLAB_CHAOS_MAX_GRID, DLAB_CHAOS_MAX_WIDTH, DLAB_CHAOS_MAX_DEPTH, DLAB_CHAOS_MIN_POINTS,
  DLAB_CHAOS_MAX_POINTS, DLAB_CHAOS_MAX_CORR, DLAB_CHAOS_BOUNDARY_MAX_WIDTH, DLAB_CHAOS_BOUNDARY_MAX_DEPTH,
  DLAB_CHAOS_BOUNDARY_MAX_POINTS, DLAB_CHAOS_BOUNDARY_NINFO,
  DLAB_CHAOS_FP_LEN, DLAB_CHAOS_FP_QSTAR, DLAB_CHAOS_FP_CHI1, DLAB_CHAOS_FP_CHI2,
  DLAB_CHAOS_FP_CSTAR, DLAB_CHAOS_FP_XI_Q, DLAB_CHAOS_FP_XI_C, DLAB_CHAOS_FP_SLOPE_Q, DLAB_CHAOS_FP_SLOPE_C,
  DLAB_CHAOS_LM_LEN, DLAB_CHAOS_LM_V, DLAB_CHAOS_LM_CHI1, DLAB_CHAOS_LM_CHI2, DLAB_CHAOS_LM_SLOPE,
  DLAB_CHAOS_CM_LEN, DLAB_CHAOS_CM_Q11, DLAB_CHAOS_CM_Q22, DLAB_CHAOS_CM_Q12, DLAB_CHAOS_CM_C, DLAB_CHAOS_CM_SLOPE,
  DLAB_CHAOS_CURV_LEN, DLAB_CHAOS_CURV_Q, DLAB_CHAOS_CURV_GE, DLAB_CHAOS_CURV_KAPPA2, DLAB_CHAOS_SIM_NMEAS,
  DLAB_CHAOS_SIM_Q, DLAB_CHAOS_SIM_C4, DLAB_CHAOS_SIM_C8, DLAB_CHAOS_SIM_GE, DLAB_CHAOS_SIM_KAPPA2,
  DLAB_CHAOS_SIM_LENGTH_E, DLAB_CHAOS_SIM_LENGTH_G, DLAB_CHAOS_SIM_LENGTH_X, DLAB_CHAOS_SIM_TOP2,
  DLAB_CHAOS_SIM_PARTICIPATION, DLAB_CHAOS_INIT_GAUSSIAN, DLAB_CHAOS_INIT_ORTHOGONAL,
  DLAB_CHAOS_JAC_MAX_WIDTH, DLAB_CHAOS_JAC_MAX_DEPTH, DLAB_CHAOS_JAC_MAX_WORK, DLAB_CHAOS_JAC_NTHEORY,
  DLAB_CHAOS_JAC_NINFO, DLAB_CHAOS_JAC_QSTAR, DLAB_CHAOS_JAC_CHI1, DLAB_CHAOS_JAC_QIN, DLAB_CHAOS_JAC_RHO,
} from '../c-constants.js';

/** Nonlinearities and integration methods by name (chaos.h). */
export const PHI = Object.freeze({ linear: DLAB_PHI_LINEAR, tanh: DLAB_PHI_TANH, relu: DLAB_PHI_RELU, erf: DLAB_PHI_ERF });
const INIT = Object.freeze({ gaussian: DLAB_CHAOS_INIT_GAUSSIAN, orthogonal: DLAB_CHAOS_INIT_ORTHOGONAL });
const METHOD = Object.freeze({ fast: DLAB_CHAOS_FAST, reference: DLAB_CHAOS_REFERENCE, trapezoid: DLAB_CHAOS_TRAPEZOID });
export const PHIS = Object.freeze(Object.keys(PHI));

export const LIMITS = Object.freeze({
  minSw: DLAB_CHAOS_MIN_SW, maxSw: DLAB_CHAOS_MAX_SW, maxSb: DLAB_CHAOS_MAX_SB, maxQ: DLAB_CHAOS_MAX_Q,
  maxLayers: DLAB_CHAOS_MAX_LAYERS, maxGrid: DLAB_CHAOS_MAX_GRID, maxWidth: DLAB_CHAOS_MAX_WIDTH,
  maxDepth: DLAB_CHAOS_MAX_DEPTH, minPoints: DLAB_CHAOS_MIN_POINTS, maxPoints: DLAB_CHAOS_MAX_POINTS,
  maxBoundaryWidth: DLAB_CHAOS_BOUNDARY_MAX_WIDTH,
  maxBoundaryDepth: DLAB_CHAOS_BOUNDARY_MAX_DEPTH, maxBoundaryPoints: DLAB_CHAOS_BOUNDARY_MAX_POINTS,
  maxStarts: 1000, maxIter: 100000,   // dlab_chaos_converge_rows: nq0 and max_iter (chaos.h)
  maxMapPoints: 10000,   // points per lengthMap / correlationMap call: the engine's own bound
  maxJacobianWidth: DLAB_CHAOS_JAC_MAX_WIDTH, maxJacobianDepth: DLAB_CHAOS_JAC_MAX_DEPTH,
  maxJacobianWork: DLAB_CHAOS_JAC_MAX_WORK,
});
// Theorem 1 of Poole et al. 2016: a one-hidden-layer image of a circle (s = 2 sign
// changes of any projection of its tangent) is at most N1 (1 + s) R long, R = range of phi.
const RANGE = { tanh: 2, erf: 2, relu: Infinity, linear: Infinity };

/** cos(2 pi k / M), k = 0..M/2: a great circle's correlations, exact at 0, 1/4 and 1/2 turn. */
export function circleCorrelations(M) {
  return Float64Array.from({ length: M / 2 + 1 }, (_, k) => (k === 0 ? 1 : 4 * k === M ? 0 : 2 * k === M ? -1
    : cos((2 * Math.PI * k) / M)));
}

/** Columns of the circle simulation's measurements (chaos.h), by result key. */
const MEAS = Object.freeze({
  q: DLAB_CHAOS_SIM_Q, c4: DLAB_CHAOS_SIM_C4, c8: DLAB_CHAOS_SIM_C8, gE: DLAB_CHAOS_SIM_GE, kappa2: DLAB_CHAOS_SIM_KAPPA2,
  lengthE: DLAB_CHAOS_SIM_LENGTH_E, lengthG: DLAB_CHAOS_SIM_LENGTH_G, lengthX: DLAB_CHAOS_SIM_LENGTH_X,
  top2: DLAB_CHAOS_SIM_TOP2, participation: DLAB_CHAOS_SIM_PARTICIPATION,
});

/** The nonlinearity, by name and by C value; sw, sb. */
const net = (p) => {
  const name = choice(p, 'phi', PHIS, 'tanh');
  return {
    phi: PHI[name], name,
    sw: real(p, 'sw', { min: DLAB_CHAOS_MIN_SW, max: DLAB_CHAOS_MAX_SW }),
    sb: real(p, 'sb', { min: 0, max: DLAB_CHAOS_MAX_SB, def: 0 }),
  };
};
const method = (p) => METHOD[choice(p, 'method', Object.keys(METHOD), 'fast')];

/** A number, or an array of numbers each in range: returns [values, wasArray]. */
function scalarOrArray(p, name, range) {
  const v = p[name];
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    if (v.length < 1 || v.length > LIMITS.maxMapPoints) {
      throw new RangeError(`${name} must be a number or an array of 1 to ${LIMITS.maxMapPoints} numbers, got ${v.length} numbers`);
    }
    return [Array.from(v, (x, i) => real({ [`${name}[${i}]`]: x }, `${name}[${i}]`, range)), true];
  }
  return [[real(p, name, range)], false];
}

/** The circle's radius q1 when none is given: q* where that is a usable length. */
export function defaultQ1(qStar) {
  return Number.isFinite(qStar) && qStar >= 1e-3 && qStar <= DLAB_CHAOS_MAX_Q ? qStar : 1;
}

export function chaos(w) {
  const fixedPoint = (p) => {
    const { phi, sw, sb } = net(p);
    const m = method(p);
    const [o] = w.call([], [DLAB_CHAOS_FP_LEN], (out) => w.x.dlab_chaos_fixed_point(phi, m, sw, sb, out));
    return { qStar: o[DLAB_CHAOS_FP_QSTAR], chi1: o[DLAB_CHAOS_FP_CHI1], chi2: o[DLAB_CHAOS_FP_CHI2], cStar: o[DLAB_CHAOS_FP_CSTAR],
      xiQ: o[DLAB_CHAOS_FP_XI_Q], xiC: o[DLAB_CHAOS_FP_XI_C], slopeQ: o[DLAB_CHAOS_FP_SLOPE_Q], slopeC: o[DLAB_CHAOS_FP_SLOPE_C] };
  };

  const lengthMap = (p) => {
    const { phi, sw, sb } = net(p);
    const m = method(p);
    const [qs, many] = scalarOrArray(p, 'q', { min: 0, max: DLAB_CHAOS_MAX_Q });
    const out = { q: new Float64Array(qs.length), chi1: new Float64Array(qs.length),
      chi2: new Float64Array(qs.length), slope: new Float64Array(qs.length) };
    qs.forEach((q, i) => {
      const [o] = w.call([], [DLAB_CHAOS_LM_LEN], (ptr) => w.x.dlab_chaos_length_map(phi, m, sw, sb, q, ptr));
      out.q[i] = o[DLAB_CHAOS_LM_V]; out.chi1[i] = o[DLAB_CHAOS_LM_CHI1]; out.chi2[i] = o[DLAB_CHAOS_LM_CHI2]; out.slope[i] = o[DLAB_CHAOS_LM_SLOPE];
    });
    return many ? out : Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v[0]]));
  };

  // The circle's radius q1: given, else q* where that is a usable length.
  const q1Of = (p, { name, sw, sb }) => (p.q1 === undefined ? defaultQ1(fixedPoint({ phi: name, sw, sb }).qStar)
    : real(p, 'q1', { min: 0, max: DLAB_CHAOS_MAX_Q, minOpen: true }));

  const boundaryTheory = (p) => {
    const n = net(p), { phi, sw, sb } = n;
    const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_MAX_LAYERS });
    const width = p.width === Infinity ? Infinity : int(p, 'width', { min: 2, max: Number.MAX_SAFE_INTEGER });
    const q1 = q1Of(p, n);
    const [o] = w.call([], [layers], (out) => w.x.dlab_chaos_boundary_theory(phi, sw, sb, q1, width, layers, out));
    return o;
  };

  const curvature = (p) => {
    const n = net(p), { phi, sw, sb } = n;
    const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_MAX_LAYERS });
    const q1 = q1Of(p, n);
    const [o] = w.call([], [DLAB_CHAOS_CURV_LEN * layers], (out) => w.x.dlab_chaos_curvature(phi, sw, sb, q1, layers, out));
    const col = (j) => column(o, DLAB_CHAOS_CURV_LEN, j);
    const q = col(DLAB_CHAOS_CURV_Q), gE = col(DLAB_CHAOS_CURV_GE), kappa2 = col(DLAB_CHAOS_CURV_KAPPA2);
    const lengthE = gE.map((g) => 2 * Math.PI * Math.sqrt(g));
    const lengthG = gE.map((g, l) => 2 * Math.PI * Math.sqrt(kappa2[l] * g));
    // ReLU: phi'' is a delta at 0, chi2 is infinite, the recursion does not exist.
    return { q, gE, kappa2, lengthE, lengthG, q1, curvatureDefined: phi !== DLAB_PHI_RELU };
  };

  const correlationStep = (phi, m, sw, sb, q11, q22, c) => {
    const [o] = w.call([], [DLAB_CHAOS_CM_LEN], (out) => w.x.dlab_chaos_corr_map(phi, m, sw, sb, q11, q22, c, out));
    return o;
  };

  // The c-map iterated for every input correlation in c1 at once: rows (layers) of n.
  const iterate = (phi, sw, sb, q1, layers, c1) => {
    const n = c1.length;
    const [o] = w.call([c1], [layers * n], (c, out) => w.x.dlab_chaos_corr_iterate(phi, sw, sb, q1, layers, n, c, out));
    return Array.from({ length: layers }, (_, l) => o.slice(l * n, (l + 1) * n));
  };

  return {
    phis: PHIS,
    limits: LIMITS,

    /** { phi, sw, sb, method } -> { qStar, chi1, chi2, cStar, xiQ, xiC, slopeQ, slopeC } */
    fixedPoint,

    /** One step q -> V(q). q a number or array -> { q, chi1, chi2, slope } (numbers or arrays). */
    lengthMap,

    /** One step of the c-map. c a number or array -> { q11, q22, q12, c, slope }. */
    correlationMap(p) {
      const { phi, sw, sb } = net(p);
      const m = method(p);
      const q11 = real(p, 'q11', { min: 0, max: DLAB_CHAOS_MAX_Q, minOpen: true });
      const q22 = real(p, 'q22', { min: 0, max: DLAB_CHAOS_MAX_Q, minOpen: true, def: q11 });
      const [cs, many] = scalarOrArray(p, 'c', { min: -1, max: 1 });
      const out = { q11: 0, q22: 0, q12: new Float64Array(cs.length), c: new Float64Array(cs.length), slope: new Float64Array(cs.length) };
      cs.forEach((c, i) => {
        const o = correlationStep(phi, m, sw, sb, q11, q22, c);
        out.q11 = o[DLAB_CHAOS_CM_Q11]; out.q22 = o[DLAB_CHAOS_CM_Q22]; out.q12[i] = o[DLAB_CHAOS_CM_Q12];
        out.c[i] = o[DLAB_CHAOS_CM_C]; out.slope[i] = o[DLAB_CHAOS_CM_SLOPE];
      });
      return many ? out : { ...out, q12: out.q12[0], c: out.c[0], slope: out.slope[0] };
    },

    /**
     * The correlation map iterated through `layers` layers from every correlation in `c`
     * (an array in [-1, 1]), the two inputs having equal length q^l from q^1 = q1 (default
     * q*). -> { q1, c: [layer][i] } (Float64Arrays; row 0 is c itself).
     */
    correlationIterates(p) {
      const n = net(p), { phi, sw, sb } = n;
      const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_MAX_LAYERS });
      const c1 = reals(p, 'c', { maxLength: DLAB_CHAOS_MAX_CORR, each: { min: -1, max: 1 } });
      const q1 = q1Of(p, n);
      return { q1, c: iterate(phi, sw, sb, q1, layers, c1) };
    },

    /** { phi, sb } -> the sw where chi1 = 1 (Infinity if none in (0, 10]). */
    criticalSw(p) {
      const phi = PHI[choice(p, 'phi', PHIS, 'tanh')];
      const sb = real(p, 'sb', { min: 0, max: DLAB_CHAOS_MAX_SB, def: 0 });
      const [o] = w.call([], [1], (out) => w.x.dlab_chaos_critical_sw(phi, sb, out));
      return o[0];
    },

    /** { phi, sw, sb, layers, q1 = q* } -> per layer { q, gE, kappa2, lengthE, lengthG } (normalised, docs/theory.md §5.5). */
    curvature,

    /**
     * Phase diagram on an nb x nw grid (row j = sb_j), rows computed in chunks.
     * rowStart (0) and rows (nb - rowStart) select a band of rows, so a sweep can be
     * split across workers: each row depends only on its own sb, so the bands of any
     * split, put side by side, are bit-identical to the whole grid.
     * -> { sw, sb, chi1, xiQ, xiC, qStar, cStar, boundary, rowStart, ms } (sb, the
     *    grids and boundary hold the selected rows only)
     */
    async phaseDiagram(p, { signal, onProgress } = {}) {
      const g = gridSpec(p, { swMin: 0.05, swMax: 5, sbMin: 0, sbMax: 2, n: 200 });
      const names = ['chi1', 'xiQ', 'xiC', 'qStar', 'cStar'];
      return gridRows(g, [...names.map((name) => [name, g.nw]), ['boundary', 1]], 'phase diagram',
        (row, n, ptrs) => w.x.dlab_chaos_phase_rows(g.phi, g.swMin, g.swMax, g.sbMin, g.sbMax, g.nw, g.nb, row, n, ...ptrs),
        { signal, onProgress });
    },

    /**
     * Iterations of the length map to settle (Poole et al. 2016, Fig. 1D) on an nb x nw
     * grid, banded like phaseDiagram: per cell the mean over nq0 starts q0 in
     * [q0Min, q0Max] of the steps until |q - q*| <= band q* (Infinity if a start does not
     * get there within maxIter; NaN where q* is infinite). band 0.01 is the caption's 1 %;
     * Poole et al.'s code uses (q - q*)^2 / q*^2 < 0.01, i.e. band 0.1.
     * -> { sw, sb, iters, qStar, rowStart, ms }
     */
    async convergence(p, { signal, onProgress } = {}) {
      const g = gridSpec(p, { swMin: 1, swMax: 5, sbMin: 0, sbMax: 4, n: 41 });
      const q0Min = real(p, 'q0Min', { min: 0, max: DLAB_CHAOS_MAX_Q, def: 0 });
      const q0Max = real(p, 'q0Max', { min: q0Min, max: DLAB_CHAOS_MAX_Q, def: 15 });
      const nq0 = int(p, 'nq0', { min: 1, max: LIMITS.maxStarts, def: 25 });
      const band = real(p, 'band', { min: 0, max: 1, minOpen: true, maxOpen: true, def: 0.01 });
      const maxIter = int(p, 'maxIter', { min: 1, max: LIMITS.maxIter, def: 1000 });
      return gridRows(g, [['iters', g.nw], ['qStar', g.nw]], 'iterations to converge',
        (row, n, [iters, qs]) => w.x.dlab_chaos_converge_rows(g.phi, g.swMin, g.swMax, g.sbMin, g.sbMax, g.nw, g.nb,
          row, n, q0Min, q0Max, nq0, band, maxIter, iters, qs),
        { signal, onProgress });
    },

    /**
     * Monte-Carlo: a great circle of `points` points through a random net of width
     * `width` and `layers` layers, with theory alongside.
     * -> { layer, q, c4, c8, gE, kappa2, lengthE, lengthG, lengthX, top2, participation,
     *      proj (layers x points x 3), dtheta (offsets 2 pi k / points, k = 0..points/2),
     *      autocorr (layers x (points/2 + 1): mean cosine of points dtheta apart),
     *      shallow (length of one hidden layer of width·l units fed the circle),
     *      theory: {...same keys..., bound: Theorem 1's N1 (1 + s) R for the shallow net},
     *      q1, qStar, chi1, ms }
     */
    async simulateCircle(p, { signal, onProgress } = {}) {
      const n = net(p), { phi, name, sw, sb } = n;
      const width = int(p, 'width', { min: 2, max: DLAB_CHAOS_MAX_WIDTH, def: 1000 });
      const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_MAX_DEPTH, def: 20 });
      const points = int(p, 'points', { min: DLAB_CHAOS_MIN_POINTS, max: DLAB_CHAOS_MAX_POINTS, def: 128 });
      if (points % 8) throw new RangeError(`points must be a multiple of 8 in [${DLAB_CHAOS_MIN_POINTS}, ${DLAB_CHAOS_MAX_POINTS}], got ${points}`);
      const seed = seedOf(p);
      const fp = fixedPoint({ phi: name, sw, sb });
      const q1 = q1Of(p, n);
      const t0 = performance.now();
      const open = () => new Handle(w, 'chaos_sim', [phi, sw, sb, q1, width, points, layers, seed]);
      const [meas, proj, autocorr, shallow] = await withHandle(open, async (h) => {
        await chunked(layers, (k) => h.call('step', k, w.slot),
          { signal, onProgress: (f) => onProgress?.(f, `simulation: layer ${Math.round(f * layers)} of ${layers}`) });
        return [
          ...w.call([], [layers * DLAB_CHAOS_SIM_NMEAS, layers * points * 3], (m, pr) => w.x.dlab_chaos_sim_read(h.ptr, m, pr)),
          h.doubles('read_autocorr', layers * (points / 2 + 1)),
          h.doubles('read_shallow', layers),
        ];
      });
      const out = { layer: Float64Array.from({ length: layers }, (_, l) => l + 1), proj, q1, qStar: fp.qStar, chi1: fp.chi1, width, points, layers };
      for (const [key, j] of Object.entries(MEAS)) out[key] = column(meas, DLAB_CHAOS_SIM_NMEAS, j);
      out.dtheta = Float64Array.from({ length: points / 2 + 1 }, (_, k) => (2 * Math.PI * k) / points);
      out.autocorr = autocorr;
      out.shallow = shallow;
      out.theory = theoryCircle(n, q1, layers, width, points);
      // Wall time: not enumerable, so fingerprints (and worker messages) leave it out.
      Object.defineProperty(out, 'ms', { value: performance.now() - t0, enumerable: false });
      return out;
    },

    /**
     * The input-output Jacobian J^l = D^l W^l ... D^1 W^1 of a random network at
     * initialisation, l = 1..layers (Pennington, Schoenholz & Ganguli 2017; chaos.h,
     * dlab_chaos_jacobian), from an input whose pre-activations start at q*.
     * { phi, sw, sb, init ('gaussian' | 'orthogonal'), width, layers, seed, svals = true }
     * -> { layer, svals: [Float64Array(width) per layer, descending] (only if svals),
     *      meanSq (|J^l|_F^2 / width), q (|h^l|^2 / width), qStar, chi1, qIn, rho,
     *      theory: { meanSq: chi1^l, varSq: variance of the squared singular values } }
     * A linear network gives deepLinear.initSpectrum's singular values bit for bit.
     */
    jacobianSpectrum(p) {
      const { phi, sw, sb } = net(p);
      const init = INIT[choice(p, 'init', Object.keys(INIT), 'gaussian')];
      const width = int(p, 'width', { min: 1, max: DLAB_CHAOS_JAC_MAX_WIDTH, def: 64 });
      const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_JAC_MAX_DEPTH, def: 10 });
      const seed = seedOf(p);
      const withSvals = p.svals ?? true;
      if (typeof withSvals !== 'boolean') throw new RangeError(`svals must be true or false, got ${JSON.stringify(p.svals)}`);
      const [sv, meanSq, q, th, info] = w.call([], [withSvals ? layers * width : 0, layers, layers, layers * DLAB_CHAOS_JAC_NTHEORY, DLAB_CHAOS_JAC_NINFO],
        (s, m, qq, t, i) => w.x.dlab_chaos_jacobian(phi, init, sw, sb, width, layers, seed, withSvals ? s : 0, m, qq, t, i));
      const out = { layer: Float64Array.from({ length: layers }, (_, l) => l + 1), meanSq, q,
        qStar: info[DLAB_CHAOS_JAC_QSTAR], chi1: info[DLAB_CHAOS_JAC_CHI1], qIn: info[DLAB_CHAOS_JAC_QIN], rho: info[DLAB_CHAOS_JAC_RHO],
        theory: { meanSq: column(th, DLAB_CHAOS_JAC_NTHEORY, 0), varSq: column(th, DLAB_CHAOS_JAC_NTHEORY, 1) } };
      if (withSvals) out.svals = Array.from({ length: layers }, (_, l) => sv.slice(l * width, (l + 1) * width));
      return out;
    },

    /**
     * The decision boundary beta . phi(h^L) = 0 of a random network (Poole et al. 2016,
     * Fig. 4G): `points` points found by Newton steps from random h^1 of length q1, and the
     * N - 1 principal curvatures of the boundary at each layer (include/depthlab/chaos.h).
     * -> { layer, width, points, q1, kappa (points x layers x (N-1), ascending per layer),
     *      info (points x 4: Newton steps, starts, |G|, q of h^1), sumSq (mean over points of
     *      sum kappa^2, per layer), sumSqSe (its standard error), top[k] / bottom[k] (mean
     *      of the (k+1)-th largest / smallest kappa, per layer, k < 4),
     *      theory: { sumSq (width N), sumSqWide (N -> Infinity) }, ms }
     */
    async boundaryCurvature(p, { signal, onProgress } = {}) {
      const n = net(p), { phi, name, sw, sb } = n;
      const width = int(p, 'width', { min: 2, max: DLAB_CHAOS_BOUNDARY_MAX_WIDTH, def: 200 });
      const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_BOUNDARY_MAX_DEPTH, def: 10 });
      const points = int(p, 'points', { min: 1, max: DLAB_CHAOS_BOUNDARY_MAX_POINTS, def: 10 });
      const seed = seedOf(p);
      const q1 = q1Of(p, n);
      const t0 = performance.now();
      const K = width - 1;
      const open = () => new Handle(w, 'chaos_boundary', [phi, sw, sb, q1, width, layers, points, seed]);
      const [kappa, info] = await withHandle(open, async (h) => {
        await chunked(points, (k) => h.call('step', k, w.slot),
          { signal, onProgress: (f) => onProgress?.(f, `decision boundary: point ${Math.round(f * points)} of ${points}`) });
        return w.call([], [points * layers * K, points * DLAB_CHAOS_BOUNDARY_NINFO], (k, i) => w.x.dlab_chaos_boundary_read(h.ptr, k, i));
      });
      const at = (pt, l) => (pt * layers + l) * K;
      const sumSq = new Float64Array(layers), sumSqSe = new Float64Array(layers);
      for (let l = 0; l < layers; l++) {
        const v = Array.from({ length: points }, (_, pt) => { let s2 = 0; for (let i = 0; i < K; i++) s2 += kappa[at(pt, l) + i] * kappa[at(pt, l) + i]; return s2; });
        const mean = v.reduce((a, x) => a + x, 0) / points;
        sumSq[l] = mean;
        sumSqSe[l] = points > 1 ? Math.sqrt(v.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (points - 1) / points) : 0;
      }
      const extreme = (pick) => Array.from({ length: Math.min(4, K) }, (_, k) => Float64Array.from({ length: layers }, (_, l) => {
        let s2 = 0;
        for (let pt = 0; pt < points; pt++) s2 += kappa[at(pt, l) + pick(k)];
        return s2 / points;
      }));
      const out = { layer: Float64Array.from({ length: layers }, (_, l) => l + 1), width, points, q1, kappa, info, sumSq, sumSqSe,
        top: extreme((k) => K - 1 - k), bottom: extreme((k) => k),
        theory: { sumSq: boundaryTheory({ phi: name, sw, sb, q1, width, layers }),
          sumSqWide: boundaryTheory({ phi: name, sw, sb, q1, width: Infinity, layers }) } };
      Object.defineProperty(out, 'ms', { value: performance.now() - t0, enumerable: false });
      return out;
    },

    /**
     * The predicted sum of squared principal curvatures of the decision boundary per layer,
     * { phi, sw, sb, q1 = q*, width (Infinity: the mean-field limit), layers } -> Float64Array.
     */
    boundaryTheory,

    /**
     * The exact G = beta . phi(h^L), its gradient and Hessian with respect to h^layer at the
     * point h (an array of width numbers) of the network drawn from seed.
     * { phi, sw, sb, width, layers, seed, layer, h } -> { G, grad, hess (width x width) }
     */
    boundaryDerivatives(p) {
      const { phi, sw, sb } = net(p);
      const width = int(p, 'width', { min: 2, max: DLAB_CHAOS_BOUNDARY_MAX_WIDTH });
      const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_BOUNDARY_MAX_DEPTH });
      const seed = seedOf(p);
      const layer = int(p, 'layer', { min: 1, max: layers });
      const h = reals(p, 'h', { minLength: width, maxLength: width });
      const open = () => new Handle(w, 'chaos_boundary', [phi, sw, sb, 1, width, layers, 1, seed]);
      return withHandle(open, (b) => {
        const [G, grad, hess] = w.call([h], [1, width, width * width], (hp, g, gr, hs) => w.x.dlab_chaos_boundary_derivs(b.ptr, layer, hp, g, gr, hs));
        return { G: G[0], grad, hess };
      });
    },
  };

  /** A grid over (sw, sb) and the band of its rows to compute (phaseDiagram, convergence). */
  function gridSpec(p, def) {
    const phi = PHI[choice(p, 'phi', PHIS, 'tanh')];
    const swMin = real(p, 'swMin', { min: DLAB_CHAOS_MIN_SW, max: DLAB_CHAOS_MAX_SW, def: def.swMin });
    const swMax = real(p, 'swMax', { min: swMin, max: DLAB_CHAOS_MAX_SW, minOpen: true, def: def.swMax });
    const sbMin = real(p, 'sbMin', { min: 0, max: DLAB_CHAOS_MAX_SB, def: def.sbMin });
    const sbMax = real(p, 'sbMax', { min: sbMin, max: DLAB_CHAOS_MAX_SB, minOpen: true, def: def.sbMax });
    const nw = int(p, 'nw', { min: 2, max: DLAB_CHAOS_MAX_GRID, def: def.n });
    const nb = int(p, 'nb', { min: 2, max: DLAB_CHAOS_MAX_GRID, def: def.n });
    const rowStart = int(p, 'rowStart', { min: 0, max: nb - 1, def: 0 });
    const rows = int(p, 'rows', { min: 1, max: nb - rowStart, def: nb - rowStart });
    return { phi, swMin, swMax, sbMin, sbMax, nw, nb, rowStart, rows };
  }

  /**
   * Runs step(row, n, ptrs) over the band's rows in chunks; `outputs` lists [name, values
   * per row]. Returns the axes, each output's rows of the band, rowStart and ms.
   */
  async function gridRows(g, outputs, what, step, { signal, onProgress }) {
    const { nw, nb, rowStart, rows } = g, end = rowStart + rows;
    const ptrs = [];
    const t0 = performance.now();
    try {
      // The C calls write row j at j * perRow: room up to the band's end.
      for (const [, perRow] of outputs) ptrs.push(w.alloc(perRow * end));
      let row = rowStart;
      await chunked(rows, (n) => {
        w.check(step(row, n, ptrs));
        row += n;
      }, { signal, onProgress: (f) => onProgress?.(f, `${what}: row ${row} of ${nb}`) });
      const f64 = w.f64;
      const out = { sw: new Float64Array(nw), sb: new Float64Array(rows) };
      for (let i = 0; i < nw; i++) out.sw[i] = g.swMin + ((g.swMax - g.swMin) * i) / (nw - 1);
      for (let j = rowStart; j < end; j++) out.sb[j - rowStart] = g.sbMin + ((g.sbMax - g.sbMin) * j) / (nb - 1);
      outputs.forEach(([name, perRow], k) => { out[name] = f64.slice(ptrs[k] / 8 + rowStart * perRow, ptrs[k] / 8 + end * perRow); });
      out.rowStart = rowStart;
      // Wall time: not enumerable, so fingerprints (and worker messages) leave it out.
      Object.defineProperty(out, 'ms', { value: performance.now() - t0, enumerable: false });
      return out;
    } finally {
      for (const ptr of ptrs) w.x.dlab_free(ptr);
    }
  }

  /** Theory lines for simulateCircle's measurements. */
  function theoryCircle({ phi, name, sw, sb }, q1, layers, width, points) {
    const cur = curvature({ phi: name, sw, sb, layers: layers + 1, q1 });
    const t = { q: cur.q.slice(0, layers), gE: cur.gE.slice(0, layers), kappa2: cur.kappa2.slice(0, layers),
      lengthG: cur.lengthG.slice(0, layers), curvatureDefined: cur.curvatureDefined };
    t.lengthE = cur.lengthE.slice(0, layers);
    // x^l = phi(h^l) has tangent phi'(h^l) v^l, whose squared length is gE^(l+1) N / sw^2.
    t.lengthX = Float64Array.from({ length: layers }, (_, l) => (2 * Math.PI * Math.sqrt(width * cur.gE[l + 1])) / sw);
    // Every offset of the circle through the c-map; a quarter and an eighth turn are c4, c8.
    const rows = iterate(phi, sw, sb, q1, layers, circleCorrelations(points)), K = points / 2 + 1;
    t.autocorr = new Float64Array(layers * K);
    rows.forEach((r, l) => t.autocorr.set(r, l * K));
    t.c4 = Float64Array.from(rows, (r) => r[points / 4]);
    t.c8 = Float64Array.from(rows, (r) => r[points / 8]);
    // One hidden layer of N l units: |phi'(h) v|^2 concentrates at N l q1 E[phi'(sqrt(q1) z)^2].
    const m2 = lengthMap({ phi: name, sw, sb, q: q1 }).chi1 / (sw * sw);
    t.shallow = Float64Array.from({ length: layers }, (_, l) => 2 * Math.PI * Math.sqrt(width * (l + 1) * q1 * m2));
    t.bound = Float64Array.from({ length: layers }, (_, l) => 3 * RANGE[name] * width * (l + 1));
    return t;
  }
}
