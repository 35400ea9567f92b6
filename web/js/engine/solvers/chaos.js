// eng.chaos: signal propagation through deep random networks — length and
// correlation maps, order-chaos phase diagram, curvature, and Monte-Carlo of a
// great circle through a wide random network (docs/theory.md §5, include/depthlab/chaos.h).
import { int, real, choice } from '../params.js';
import { chunked } from '../chunked.js';
import { EngineError } from '../wasm.js';

export const PHIS = Object.freeze(['linear', 'tanh', 'relu', 'erf']);
const METHODS = ['fast', 'reference', 'trapezoid'];
export const LIMITS = Object.freeze({
  minSw: 0.001, maxSw: 10, maxSb: 4, maxQ: 1000, maxLayers: 1000, maxGrid: 1000,
  maxWidth: 2000, maxDepth: 100, minPoints: 16, maxPoints: 512, maxMapPoints: 10000,
});
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

  const curvature = (p) => {
    const { phi, sw, sb } = net(p);
    const layers = int(p, 'layers', { min: 1, max: LIMITS.maxLayers });
    const q1 = p.q1 === undefined ? defaultQ1(fixedPoint({ phi: PHIS[phi], sw, sb }).qStar)
      : real(p, 'q1', { min: 0, max: LIMITS.maxQ, minOpen: true });
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

  return {
    phis: PHIS,
    limits: LIMITS,

    /** { phi, sw, sb, method } -> { qStar, chi1, chi2, cStar, xiQ, xiC, slopeQ, slopeC } */
    fixedPoint,

    /** One step q -> V(q). q a number or array -> { q, chi1, chi2, slope } (numbers or arrays). */
    lengthMap(p) {
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
    },

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
      const phi = PHIS.indexOf(choice(p, 'phi', PHIS, 'tanh'));
      const swMin = real(p, 'swMin', { min: LIMITS.minSw, max: LIMITS.maxSw, def: 0.05 });
      const swMax = real(p, 'swMax', { min: swMin, max: LIMITS.maxSw, minOpen: true, def: 5 });
      const sbMin = real(p, 'sbMin', { min: 0, max: LIMITS.maxSb, def: 0 });
      const sbMax = real(p, 'sbMax', { min: sbMin, max: LIMITS.maxSb, minOpen: true, def: 2 });
      const nw = int(p, 'nw', { min: 2, max: LIMITS.maxGrid, def: 200 });
      const nb = int(p, 'nb', { min: 2, max: LIMITS.maxGrid, def: 200 });
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
      let meas, proj;
      try {
        const doneBuf = w.alloc(1);
        try {
          await chunked(layers, (n) => {
            w.check(w.x.dlab_chaos_sim_step(sim, n, doneBuf));
          }, { signal, onProgress: (f) => onProgress?.(f, `simulation: layer ${Math.round(f * layers)} of ${layers}`) });
        } finally { w.x.dlab_free(doneBuf); }
        [meas, proj] = w.call([], [layers * NMEAS, layers * points * 3], (m, pr) => w.x.dlab_chaos_sim_read(sim, m, pr));
      } finally {
        w.x.dlab_chaos_sim_free(sim);
      }
      const out = { layer: Float64Array.from({ length: layers }, (_, l) => l + 1), proj, q1, qStar: fp.qStar, chi1: fp.chi1, width, points, layers };
      MEAS_KEYS.forEach((key, k) => { out[key] = Float64Array.from({ length: layers }, (_, l) => meas[l * NMEAS + k]); });
      out.theory = theoryCircle(phi, sw, sb, q1, layers, width);
      // Wall time: not enumerable, so fingerprints (and worker messages) leave it out.
      Object.defineProperty(out, 'ms', { value: performance.now() - t0, enumerable: false });
      return out;
    },
  };

  /** Theory lines for simulateCircle's measurements. */
  function theoryCircle(phi, sw, sb, q1, layers, width) {
    const cur = curvature({ phi: PHIS[phi], sw, sb, layers: layers + 1, q1 });
    const t = { q: cur.q.slice(0, layers), gE: cur.gE.slice(0, layers), kappa2: cur.kappa2.slice(0, layers),
      lengthG: cur.lengthG.slice(0, layers), curvatureDefined: cur.curvatureDefined };
    t.lengthE = cur.lengthE.slice(0, layers);
    // x^l = phi(h^l) has tangent phi'(h^l) v^l, whose squared length is gE^(l+1) N / sw^2.
    t.lengthX = Float64Array.from({ length: layers }, (_, l) => (2 * Math.PI * Math.sqrt(width * cur.gE[l + 1])) / sw);
    t.c4 = new Float64Array(layers); t.c8 = new Float64Array(layers);
    t.c4[0] = 0; t.c8[0] = Math.SQRT1_2;
    for (let l = 1; l < layers; l++) {
      const q = t.q[l - 1];
      const ok = Number.isFinite(q) && q > 0 && q <= LIMITS.maxQ;
      t.c4[l] = ok ? correlationStep(phi, 0, sw, sb, q, q, t.c4[l - 1])[3] : NaN;
      t.c8[l] = ok ? correlationStep(phi, 0, sw, sb, q, q, t.c8[l - 1])[3] : NaN;
    }
    return t;
  }
}
