// eng.chaos: signal propagation through deep random networks — length and
// correlation maps, order-chaos phase diagram, curvature, and Monte-Carlo of a
// great circle through a wide random network (docs/theory.md §5, include/depthlab/chaos.h).
import { int, real, reals, choice } from '../params.js';
import { chunked } from '../chunked.js';
import { EngineError } from '../wasm.js';
import { cos } from '../dmath.js';

export const PHIS = Object.freeze(['linear', 'tanh', 'relu', 'erf']);
const METHODS = ['fast', 'reference', 'trapezoid'];
export const LIMITS = Object.freeze({
  minSw: 0.001, maxSw: 10, maxSb: 4, maxQ: 1000, maxLayers: 1000, maxGrid: 1000,
  maxWidth: 2000, maxDepth: 100, minPoints: 16, maxPoints: 512, maxMapPoints: 10000,
  maxBoundaryWidth: 300, maxBoundaryDepth: 40, maxBoundaryPoints: 64, maxStarts: 1000, maxIter: 100000,
});
const BOUNDARY_INFO = 4;   // DLAB_CHAOS_BOUNDARY_NINFO
// Theorem 1 of Poole et al. 2016: a one-hidden-layer image of a circle (s = 2 sign
// changes of any projection of its tangent) is at most N1 (1 + s) R long, R = range of phi.
const RANGE = { tanh: 2, erf: 2, relu: Infinity, linear: Infinity };

/** cos(2 pi k / M), k = 0..M/2: a great circle's correlations, exact at 0, 1/4 and 1/2 turn. */
export function circleCorrelations(M) {
  return Float64Array.from({ length: M / 2 + 1 }, (_, k) => (k === 0 ? 1 : 4 * k === M ? 0 : 2 * k === M ? -1
    : cos((2 * Math.PI * k) / M)));
}
const NMEAS = 10;
const MEAS_KEYS = ['q', 'c4', 'c8', 'gE', 'kappa2', 'lengthE', 'lengthG', 'lengthX', 'top2', 'participation'];

const net = (p) => ({
  phi: PHIS.indexOf(choice(p, 'phi', PHIS, 'tanh')),
  sw: real(p, 'sw', { min: LIMITS.minSw, max: LIMITS.maxSw }),
  sb: real(p, 'sb', { min: 0, max: LIMITS.maxSb, def: 0 }),
});
const method = (p) => METHODS.indexOf(choice(p, 'method', METHODS, 'fast'));

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
  return Number.isFinite(qStar) && qStar >= 1e-3 && qStar <= LIMITS.maxQ ? qStar : 1;
}

export function chaos(w) {
  const fixedPoint = (p) => {
    const { phi, sw, sb } = net(p);
    const m = method(p);
    const [o] = w.call([], [8], (out) => w.x.dlab_chaos_fixed_point(phi, m, sw, sb, out));
    return { qStar: o[0], chi1: o[1], chi2: o[2], cStar: o[3], xiQ: o[4], xiC: o[5], slopeQ: o[6], slopeC: o[7] };
  };

  const lengthMap = (p) => {
    const { phi, sw, sb } = net(p);
    const m = method(p);
    const [qs, many] = scalarOrArray(p, 'q', { min: 0, max: LIMITS.maxQ });
    const out = { q: new Float64Array(qs.length), chi1: new Float64Array(qs.length),
      chi2: new Float64Array(qs.length), slope: new Float64Array(qs.length) };
    qs.forEach((q, i) => {
      const [o] = w.call([], [4], (ptr) => w.x.dlab_chaos_length_map(phi, m, sw, sb, q, ptr));
      out.q[i] = o[0]; out.chi1[i] = o[1]; out.chi2[i] = o[2]; out.slope[i] = o[3];
    });
    return many ? out : Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v[0]]));
  };

  // The circle's radius q1: given, else q* where that is a usable length.
  const q1Of = (p, phi, sw, sb) => (p.q1 === undefined ? defaultQ1(fixedPoint({ phi: PHIS[phi], sw, sb }).qStar)
    : real(p, 'q1', { min: 0, max: LIMITS.maxQ, minOpen: true }));

  const boundaryTheory = (p) => {
    const { phi, sw, sb } = net(p);
    const layers = int(p, 'layers', { min: 1, max: LIMITS.maxLayers });
    const width = p.width === Infinity ? Infinity : int(p, 'width', { min: 2, max: Number.MAX_SAFE_INTEGER });
    const q1 = q1Of(p, phi, sw, sb);
    const [o] = w.call([], [layers], (out) => w.x.dlab_chaos_boundary_theory(phi, sw, sb, q1, width, layers, out));
    return o;
  };

  const curvature = (p) => {
    const { phi, sw, sb } = net(p);
    const layers = int(p, 'layers', { min: 1, max: LIMITS.maxLayers });
    const q1 = q1Of(p, phi, sw, sb);
    const [o] = w.call([], [3 * layers], (out) => w.x.dlab_chaos_curvature(phi, sw, sb, q1, layers, out));
    const q = new Float64Array(layers), gE = new Float64Array(layers), kappa2 = new Float64Array(layers);
    const lengthE = new Float64Array(layers), lengthG = new Float64Array(layers);
    for (let l = 0; l < layers; l++) {
      q[l] = o[3 * l]; gE[l] = o[3 * l + 1]; kappa2[l] = o[3 * l + 2];
      lengthE[l] = 2 * Math.PI * Math.sqrt(gE[l]);
      lengthG[l] = 2 * Math.PI * Math.sqrt(kappa2[l] * gE[l]);
    }
    // ReLU: phi'' is a delta at 0, chi2 is infinite, the recursion does not exist.
    return { q, gE, kappa2, lengthE, lengthG, q1, curvatureDefined: PHIS[phi] !== 'relu' };
  };

  const correlationStep = (phi, m, sw, sb, q11, q22, c) => {
    const [o] = w.call([], [5], (out) => w.x.dlab_chaos_corr_map(phi, m, sw, sb, q11, q22, c, out));
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
      const q11 = real(p, 'q11', { min: 0, max: LIMITS.maxQ, minOpen: true });
      const q22 = real(p, 'q22', { min: 0, max: LIMITS.maxQ, minOpen: true, def: q11 });
      const [cs, many] = scalarOrArray(p, 'c', { min: -1, max: 1 });
      const out = { q11: 0, q22: 0, q12: new Float64Array(cs.length), c: new Float64Array(cs.length), slope: new Float64Array(cs.length) };
      cs.forEach((c, i) => {
        const o = correlationStep(phi, m, sw, sb, q11, q22, c);
        out.q11 = o[0]; out.q22 = o[1]; out.q12[i] = o[2]; out.c[i] = o[3]; out.slope[i] = o[4];
      });
      return many ? out : { ...out, q12: out.q12[0], c: out.c[0], slope: out.slope[0] };
    },

    /**
     * The correlation map iterated through `layers` layers from every correlation in `c`
     * (an array in [-1, 1]), the two inputs having equal length q^l from q^1 = q1 (default
     * q*). -> { q1, c: [layer][i] } (Float64Arrays; row 0 is c itself).
     */
    correlationIterates(p) {
      const { phi, sw, sb } = net(p);
      const layers = int(p, 'layers', { min: 1, max: LIMITS.maxLayers });
      const c1 = reals(p, 'c', { maxLength: LIMITS.maxMapPoints, each: { min: -1, max: 1 } });
      const q1 = q1Of(p, phi, sw, sb);
      return { q1, c: iterate(phi, sw, sb, q1, layers, c1) };
    },

    /** { phi, sb } -> the sw where chi1 = 1 (Infinity if none in (0, 10]). */
    criticalSw(p) {
      const phi = PHIS.indexOf(choice(p, 'phi', PHIS, 'tanh'));
      const sb = real(p, 'sb', { min: 0, max: LIMITS.maxSb, def: 0 });
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
      const q0Min = real(p, 'q0Min', { min: 0, max: LIMITS.maxQ, def: 0 });
      const q0Max = real(p, 'q0Max', { min: q0Min, max: LIMITS.maxQ, def: 15 });
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
      const { phi, sw, sb } = net(p);
      const width = int(p, 'width', { min: 2, max: LIMITS.maxWidth, def: 1000 });
      const layers = int(p, 'layers', { min: 1, max: LIMITS.maxDepth, def: 20 });
      const points = int(p, 'points', { min: LIMITS.minPoints, max: LIMITS.maxPoints, def: 128 });
      if (points % 8) throw new RangeError(`points must be a multiple of 8 in [${LIMITS.minPoints}, ${LIMITS.maxPoints}], got ${points}`);
      const seed = int(p, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, def: 1 });
      const fp = fixedPoint({ phi: PHIS[phi], sw, sb });
      const q1 = p.q1 === undefined ? defaultQ1(fp.qStar) : real(p, 'q1', { min: 0, max: LIMITS.maxQ, minOpen: true });
      const t0 = performance.now();
      const sim = w.x.dlab_chaos_sim_new(phi, sw, sb, q1, width, points, layers, seed);
      if (!sim) throw new EngineError(w.cstring(w.x.dlab_last_error()), 1);
      let meas, proj, autocorr, shallow;
      try {
        const doneBuf = w.alloc(1);
        try {
          await chunked(layers, (n) => {
            w.check(w.x.dlab_chaos_sim_step(sim, n, doneBuf));
          }, { signal, onProgress: (f) => onProgress?.(f, `simulation: layer ${Math.round(f * layers)} of ${layers}`) });
        } finally { w.x.dlab_free(doneBuf); }
        [meas, proj] = w.call([], [layers * NMEAS, layers * points * 3], (m, pr) => w.x.dlab_chaos_sim_read(sim, m, pr));
        [autocorr] = w.call([], [layers * (points / 2 + 1)], (o) => w.x.dlab_chaos_sim_read_autocorr(sim, o));
        [shallow] = w.call([], [layers], (o) => w.x.dlab_chaos_sim_read_shallow(sim, o));
      } finally {
        w.x.dlab_chaos_sim_free(sim);
      }
      const out = { layer: Float64Array.from({ length: layers }, (_, l) => l + 1), proj, q1, qStar: fp.qStar, chi1: fp.chi1, width, points, layers };
      MEAS_KEYS.forEach((key, k) => { out[key] = Float64Array.from({ length: layers }, (_, l) => meas[l * NMEAS + k]); });
      out.dtheta = Float64Array.from({ length: points / 2 + 1 }, (_, k) => (2 * Math.PI * k) / points);
      out.autocorr = autocorr;
      out.shallow = shallow;
      out.theory = theoryCircle(phi, sw, sb, q1, layers, width, points);
      // Wall time: not enumerable, so fingerprints (and worker messages) leave it out.
      Object.defineProperty(out, 'ms', { value: performance.now() - t0, enumerable: false });
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
      const { phi, sw, sb } = net(p);
      const width = int(p, 'width', { min: 2, max: LIMITS.maxBoundaryWidth, def: 200 });
      const layers = int(p, 'layers', { min: 1, max: LIMITS.maxBoundaryDepth, def: 10 });
      const points = int(p, 'points', { min: 1, max: LIMITS.maxBoundaryPoints, def: 10 });
      const seed = int(p, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, def: 1 });
      const q1 = q1Of(p, phi, sw, sb);
      const t0 = performance.now();
      const b = w.x.dlab_chaos_boundary_new(phi, sw, sb, q1, width, layers, points, seed);
      if (!b) throw new EngineError(w.cstring(w.x.dlab_last_error()), 1);
      const K = width - 1;
      let kappa, info;
      try {
        const doneBuf = w.alloc(1);
        try {
          await chunked(points, (n) => {
            w.check(w.x.dlab_chaos_boundary_step(b, n, doneBuf));
          }, { signal, onProgress: (f) => onProgress?.(f, `decision boundary: point ${Math.round(f * points)} of ${points}`) });
        } finally { w.x.dlab_free(doneBuf); }
        [kappa, info] = w.call([], [points * layers * K, points * BOUNDARY_INFO], (k, i) => w.x.dlab_chaos_boundary_read(b, k, i));
      } finally {
        w.x.dlab_chaos_boundary_free(b);
      }
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
        theory: { sumSq: boundaryTheory({ phi: PHIS[phi], sw, sb, q1, width, layers }),
          sumSqWide: boundaryTheory({ phi: PHIS[phi], sw, sb, q1, width: Infinity, layers }) } };
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
      const width = int(p, 'width', { min: 2, max: LIMITS.maxBoundaryWidth });
      const layers = int(p, 'layers', { min: 1, max: LIMITS.maxBoundaryDepth });
      const seed = int(p, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, def: 1 });
      const layer = int(p, 'layer', { min: 1, max: layers });
      const h = reals(p, 'h', { minLength: width, maxLength: width });
      const b = w.x.dlab_chaos_boundary_new(phi, sw, sb, 1, width, layers, 1, seed);
      if (!b) throw new EngineError(w.cstring(w.x.dlab_last_error()), 1);
      try {
        const [G, grad, hess] = w.call([h], [1, width, width * width], (hp, g, gr, hs) => w.x.dlab_chaos_boundary_derivs(b, layer, hp, g, gr, hs));
        return { G: G[0], grad, hess };
      } finally {
        w.x.dlab_chaos_boundary_free(b);
      }
    },
  };

  /** A grid over (sw, sb) and the band of its rows to compute (phaseDiagram, convergence). */
  function gridSpec(p, def) {
    const phi = PHIS.indexOf(choice(p, 'phi', PHIS, 'tanh'));
    const swMin = real(p, 'swMin', { min: LIMITS.minSw, max: LIMITS.maxSw, def: def.swMin });
    const swMax = real(p, 'swMax', { min: swMin, max: LIMITS.maxSw, minOpen: true, def: def.swMax });
    const sbMin = real(p, 'sbMin', { min: 0, max: LIMITS.maxSb, def: def.sbMin });
    const sbMax = real(p, 'sbMax', { min: sbMin, max: LIMITS.maxSb, minOpen: true, def: def.sbMax });
    const nw = int(p, 'nw', { min: 2, max: LIMITS.maxGrid, def: def.n });
    const nb = int(p, 'nb', { min: 2, max: LIMITS.maxGrid, def: def.n });
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
  function theoryCircle(phi, sw, sb, q1, layers, width, points) {
    const cur = curvature({ phi: PHIS[phi], sw, sb, layers: layers + 1, q1 });
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
    const m2 = lengthMap({ phi: PHIS[phi], sw, sb, q: q1 }).chi1 / (sw * sw);
    t.shallow = Float64Array.from({ length: layers }, (_, l) => 2 * Math.PI * Math.sqrt(width * (l + 1) * q1 * m2));
    t.bound = Float64Array.from({ length: layers }, (_, l) => 3 * RANGE[PHIS[phi]] * width * (l + 1));
    return t;
  }
}
