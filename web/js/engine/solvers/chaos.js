// eng.chaos: signal propagation through deep random networks (Poole et al. 2016;
// Schoenholz et al. 2017; docs/theory.md §5) — length and correlation maps, order-chaos
// phase diagram, curvature, and Monte-Carlo of a great circle through a wide random
// network (include/depthlab/chaos.h).
import { int, real, choice, seed as seedOf } from '../params.js';
import { chunked } from '../chunked.js';
import { EngineError } from '../errors.js';
import { Handle, withHandle, column } from '../handle.js';
import {
  DLAB_PHI_LINEAR, DLAB_PHI_TANH, DLAB_PHI_RELU, DLAB_PHI_ERF, DLAB_CHAOS_FAST, DLAB_CHAOS_REFERENCE,
  DLAB_CHAOS_TRAPEZOID, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW, DLAB_CHAOS_MAX_SB, DLAB_CHAOS_MAX_Q,
  DLAB_CHAOS_MAX_LAYERS, DLAB_CHAOS_MAX_GRID, DLAB_CHAOS_MAX_WIDTH, DLAB_CHAOS_MAX_DEPTH, DLAB_CHAOS_MIN_POINTS,
  DLAB_CHAOS_MAX_POINTS, DLAB_CHAOS_FP_LEN, DLAB_CHAOS_FP_QSTAR, DLAB_CHAOS_FP_CHI1, DLAB_CHAOS_FP_CHI2,
  DLAB_CHAOS_FP_CSTAR, DLAB_CHAOS_FP_XI_Q, DLAB_CHAOS_FP_XI_C, DLAB_CHAOS_FP_SLOPE_Q, DLAB_CHAOS_FP_SLOPE_C,
  DLAB_CHAOS_LM_LEN, DLAB_CHAOS_LM_V, DLAB_CHAOS_LM_CHI1, DLAB_CHAOS_LM_CHI2, DLAB_CHAOS_LM_SLOPE,
  DLAB_CHAOS_CM_LEN, DLAB_CHAOS_CM_Q11, DLAB_CHAOS_CM_Q22, DLAB_CHAOS_CM_Q12, DLAB_CHAOS_CM_C, DLAB_CHAOS_CM_SLOPE,
  DLAB_CHAOS_CURV_LEN, DLAB_CHAOS_CURV_Q, DLAB_CHAOS_CURV_GE, DLAB_CHAOS_CURV_KAPPA2, DLAB_CHAOS_SIM_NMEAS,
  DLAB_CHAOS_SIM_Q, DLAB_CHAOS_SIM_C4, DLAB_CHAOS_SIM_C8, DLAB_CHAOS_SIM_GE, DLAB_CHAOS_SIM_KAPPA2,
  DLAB_CHAOS_SIM_LENGTH_E, DLAB_CHAOS_SIM_LENGTH_G, DLAB_CHAOS_SIM_LENGTH_X, DLAB_CHAOS_SIM_TOP2,
  DLAB_CHAOS_SIM_PARTICIPATION, DLAB_EINVAL,
} from '../c-constants.js';

/** Nonlinearities and integration methods by name (chaos.h). */
const PHI = Object.freeze({ linear: DLAB_PHI_LINEAR, tanh: DLAB_PHI_TANH, relu: DLAB_PHI_RELU, erf: DLAB_PHI_ERF });
const METHOD = Object.freeze({ fast: DLAB_CHAOS_FAST, reference: DLAB_CHAOS_REFERENCE, trapezoid: DLAB_CHAOS_TRAPEZOID });
export const PHIS = Object.freeze(Object.keys(PHI));

export const LIMITS = Object.freeze({
  minSw: DLAB_CHAOS_MIN_SW, maxSw: DLAB_CHAOS_MAX_SW, maxSb: DLAB_CHAOS_MAX_SB, maxQ: DLAB_CHAOS_MAX_Q,
  maxLayers: DLAB_CHAOS_MAX_LAYERS, maxGrid: DLAB_CHAOS_MAX_GRID, maxWidth: DLAB_CHAOS_MAX_WIDTH,
  maxDepth: DLAB_CHAOS_MAX_DEPTH, minPoints: DLAB_CHAOS_MIN_POINTS, maxPoints: DLAB_CHAOS_MAX_POINTS,
  maxMapPoints: 10000,   // points per lengthMap / correlationMap call: the engine's own bound
});

/** Columns of the circle simulation's measurements (chaos.h), by result key. */
const MEAS = Object.freeze({
  q: DLAB_CHAOS_SIM_Q, c4: DLAB_CHAOS_SIM_C4, c8: DLAB_CHAOS_SIM_C8, gE: DLAB_CHAOS_SIM_GE, kappa2: DLAB_CHAOS_SIM_KAPPA2,
  lengthE: DLAB_CHAOS_SIM_LENGTH_E, lengthG: DLAB_CHAOS_SIM_LENGTH_G, lengthX: DLAB_CHAOS_SIM_LENGTH_X,
  top2: DLAB_CHAOS_SIM_TOP2, participation: DLAB_CHAOS_SIM_PARTICIPATION,
});

const phiOf = (p) => PHI[choice(p, 'phi', PHIS, 'tanh')];
const net = (p) => ({
  phi: phiOf(p),
  name: p.phi ?? 'tanh',
  sw: real(p, 'sw', { min: DLAB_CHAOS_MIN_SW, max: DLAB_CHAOS_MAX_SW }),
  sb: real(p, 'sb', { min: 0, max: DLAB_CHAOS_MAX_SB, def: 0 }),
});
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

  const curvature = (p) => {
    const { phi, name, sw, sb } = net(p);
    const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_MAX_LAYERS });
    const q1 = p.q1 === undefined ? defaultQ1(fixedPoint({ phi: name, sw, sb }).qStar)
      : real(p, 'q1', { min: 0, max: DLAB_CHAOS_MAX_Q, minOpen: true });
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

  return {
    phis: PHIS,
    limits: LIMITS,

    /** { phi, sw, sb, method } -> { qStar, chi1, chi2, cStar, xiQ, xiC, slopeQ, slopeC } */
    fixedPoint,

    /** One step q -> V(q). q a number or array -> { q, chi1, chi2, slope } (numbers or arrays). */
    lengthMap(p) {
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
    },

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

    /** { phi, sb } -> the sw where chi1 = 1 (Infinity if none in (0, 10]). */
    criticalSw(p) {
      const phi = phiOf(p);
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
      const phi = phiOf(p);
      const swMin = real(p, 'swMin', { min: DLAB_CHAOS_MIN_SW, max: DLAB_CHAOS_MAX_SW, def: 0.05 });
      const swMax = real(p, 'swMax', { min: swMin, max: DLAB_CHAOS_MAX_SW, minOpen: true, def: 5 });
      const sbMin = real(p, 'sbMin', { min: 0, max: DLAB_CHAOS_MAX_SB, def: 0 });
      const sbMax = real(p, 'sbMax', { min: sbMin, max: DLAB_CHAOS_MAX_SB, minOpen: true, def: 2 });
      const nw = int(p, 'nw', { min: 2, max: DLAB_CHAOS_MAX_GRID, def: 200 });
      const nb = int(p, 'nb', { min: 2, max: DLAB_CHAOS_MAX_GRID, def: 200 });
      const rowStart = int(p, 'rowStart', { min: 0, max: nb - 1, def: 0 });
      const rows = int(p, 'rows', { min: 1, max: nb - rowStart, def: nb - rowStart });
      const end = rowStart + rows;
      const cells = nw * end;   // the C call writes row j at j * nw: room up to the band's end
      const names = ['chi1', 'xiQ', 'xiC', 'qStar', 'cStar'];
      const ptrs = [];
      const t0 = performance.now();
      try {
        for (let k = 0; k < 5; k++) ptrs.push(w.alloc(cells));
        ptrs.push(w.alloc(nb));
        let row = rowStart;
        await chunked(rows, (n) => {
          w.check(w.x.dlab_chaos_phase_rows(phi, swMin, swMax, sbMin, sbMax, nw, nb, row, n, ...ptrs));
          row += n;
        }, { signal, onProgress: (f) => onProgress?.(f, `phase diagram: row ${row} of ${nb}`) });
        const f64 = w.f64;
        const out = { sw: new Float64Array(nw), sb: new Float64Array(rows) };
        for (let i = 0; i < nw; i++) out.sw[i] = swMin + ((swMax - swMin) * i) / (nw - 1);
        for (let j = rowStart; j < end; j++) out.sb[j - rowStart] = sbMin + ((sbMax - sbMin) * j) / (nb - 1);
        names.forEach((name, k) => { out[name] = f64.slice(ptrs[k] / 8 + rowStart * nw, ptrs[k] / 8 + cells); });
        out.boundary = f64.slice(ptrs[5] / 8 + rowStart, ptrs[5] / 8 + end);
        out.rowStart = rowStart;
        // Wall time: not enumerable, so fingerprints (and worker messages) leave it out.
        Object.defineProperty(out, 'ms', { value: performance.now() - t0, enumerable: false });
        return out;
      } finally {
        for (const ptr of ptrs) w.x.dlab_free(ptr);
      }
    },

    /**
     * Monte-Carlo: a great circle of `points` points through a random net of width
     * `width` and `layers` layers, with theory alongside.
     * -> { layer, q, c4, c8, gE, kappa2, lengthE, lengthG, lengthX, top2, participation,
     *      proj (layers x points x 3), theory: {...same keys...}, q1, qStar, chi1, ms }
     */
    async simulateCircle(p, { signal, onProgress } = {}) {
      const { phi, name, sw, sb } = net(p);
      const width = int(p, 'width', { min: 2, max: DLAB_CHAOS_MAX_WIDTH, def: 1000 });
      const layers = int(p, 'layers', { min: 1, max: DLAB_CHAOS_MAX_DEPTH, def: 20 });
      const points = int(p, 'points', { min: DLAB_CHAOS_MIN_POINTS, max: DLAB_CHAOS_MAX_POINTS, def: 128 });
      if (points % 8) throw new RangeError(`points must be a multiple of 8 in [${DLAB_CHAOS_MIN_POINTS}, ${DLAB_CHAOS_MAX_POINTS}], got ${points}`);
      const seed = seedOf(p);
      const fp = fixedPoint({ phi: name, sw, sb });
      const q1 = p.q1 === undefined ? defaultQ1(fp.qStar) : real(p, 'q1', { min: 0, max: DLAB_CHAOS_MAX_Q, minOpen: true });
      const t0 = performance.now();
      // dlab_chaos_sim_new returns the handle (0 on failure, the reason in dlab_last_error).
      const open = () => {
        const ptr = w.x.dlab_chaos_sim_new(phi, sw, sb, q1, width, points, layers, seed);
        if (!ptr) throw new EngineError(w.cstring(w.x.dlab_last_error()), DLAB_EINVAL);
        return Handle.of(w, 'chaos_sim', ptr);
      };
      const [meas, proj] = await withHandle(open, async (h) => {
        await chunked(layers, (n) => h.call('step', n, w.slot),
          { signal, onProgress: (f) => onProgress?.(f, `simulation: layer ${Math.round(f * layers)} of ${layers}`) });
        return w.call([], [layers * DLAB_CHAOS_SIM_NMEAS, layers * points * 3], (m, pr) => w.x.dlab_chaos_sim_read(h.ptr, m, pr));
      });
      const out = { layer: Float64Array.from({ length: layers }, (_, l) => l + 1), proj, q1, qStar: fp.qStar, chi1: fp.chi1, width, points, layers };
      for (const [key, j] of Object.entries(MEAS)) out[key] = column(meas, DLAB_CHAOS_SIM_NMEAS, j);
      out.theory = theoryCircle({ phi, name, sw, sb }, q1, layers, width);
      // Wall time: not enumerable, so fingerprints (and worker messages) leave it out.
      Object.defineProperty(out, 'ms', { value: performance.now() - t0, enumerable: false });
      return out;
    },
  };

  /** Theory lines for simulateCircle's measurements. */
  function theoryCircle({ phi, name, sw, sb }, q1, layers, width) {
    const cur = curvature({ phi: name, sw, sb, layers: layers + 1, q1 });
    const t = { q: cur.q.slice(0, layers), gE: cur.gE.slice(0, layers), kappa2: cur.kappa2.slice(0, layers),
      lengthG: cur.lengthG.slice(0, layers), curvatureDefined: cur.curvatureDefined };
    t.lengthE = cur.lengthE.slice(0, layers);
    // x^l = phi(h^l) has tangent phi'(h^l) v^l, whose squared length is gE^(l+1) N / sw^2.
    t.lengthX = Float64Array.from({ length: layers }, (_, l) => (2 * Math.PI * Math.sqrt(width * cur.gE[l + 1])) / sw);
    t.c4 = new Float64Array(layers); t.c8 = new Float64Array(layers);
    t.c4[0] = 0; t.c8[0] = Math.SQRT1_2;
    for (let l = 1; l < layers; l++) {
      const q = t.q[l - 1];
      const ok = Number.isFinite(q) && q > 0 && q <= DLAB_CHAOS_MAX_Q;
      t.c4[l] = ok ? correlationStep(phi, DLAB_CHAOS_FAST, sw, sb, q, q, t.c4[l - 1])[DLAB_CHAOS_CM_C] : NaN;
      t.c8[l] = ok ? correlationStep(phi, DLAB_CHAOS_FAST, sw, sb, q, q, t.c8[l - 1])[DLAB_CHAOS_CM_C] : NaN;
    }
    return t;
  }
}
