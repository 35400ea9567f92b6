// eng.deepLinear: deep linear networks (docs/theory.md §1) — the exact mode
// dynamics, and full-batch gradient descent simulated in wasm (dl_sim.h) to
// compare with them. Time is in units of tau: t = steps * lr.
import { int, real, reals, choice } from '../params.js';
import { chunked } from '../chunked.js';
import { log } from '../dmath.js';
import { fingerprint } from '../fingerprint.js';

export const LIMITS = Object.freeze({
  maxDepth: 200, maxStrength: 1e4, maxTime: 1e9, maxPoints: 1e6,
  // simulator (include/depthlab/dl_sim.h)
  maxWidth: 1024, maxScale: 1e3, maxLr: 100, maxSteps: 1e8, maxSamples: 1e6,
  maxRecords: 100000, maxRecordDoubles: 2e7, maxSeed: Number.MAX_SAFE_INTEGER,
  maxSweepPoints: 200, maxSweepWidth: 256,
  // time to criterion: below this the mode trajectories cannot resolve the loss (DLAB_DL_MIN_CRIT)
  minCriterion: 1e-12,
});

export const INITS = Object.freeze(['small', 'gaussian', 'orthogonal', 'decoupled', 'lambda', 'lambda-aligned']);

function modeParams(p) {
  return {
    depth: int(p, 'depth', { min: 1, max: LIMITS.maxDepth, def: 2 }),
    s: real(p, 's', { min: 0, max: LIMITS.maxStrength, minOpen: true }),
    a0: real(p, 'a0', { min: 0, max: LIMITS.maxStrength, minOpen: true }),
  };
}

const seedOf = (p) => int(p, 'seed', { min: 0, max: LIMITS.maxSeed, def: 1 });
const aborted = () => Object.assign(new Error('cancelled'), { name: 'AbortError' });

// ---- the simulator handle ---------------------------------------------------

/** Layer sizes [n_0, ..., n_D] from { depth, width | widths, inputs, outputs }. */
function widthsOf(p, depth) {
  if (p.widths !== undefined) {
    const ws = reals(p, 'widths', { minLength: depth + 1, maxLength: depth + 1, each: { min: 1, max: LIMITS.maxWidth } });
    ws.forEach((v, i) => { if (!Number.isInteger(v)) throw new RangeError(`widths[${i}] must be an integer in [1, ${LIMITS.maxWidth}], got ${v}`); });
    return ws;
  }
  const width = int(p, 'width', { min: 1, max: LIMITS.maxWidth, def: 8 });
  const inputs = int(p, 'inputs', { min: 1, max: LIMITS.maxWidth, def: width });
  const outputs = int(p, 'outputs', { min: 1, max: LIMITS.maxWidth, def: width });
  const ws = new Float64Array(depth + 1).fill(width);
  ws[0] = inputs;
  ws[depth] = outputs;
  return ws;
}

/** Validated data description: { kind: 'spectrum' | 'samples' | 'stats', ... }. */
function dataOf(p, widths) {
  const n0 = widths[0], nD = widths[widths.length - 1];
  if (p.X !== undefined || p.Y !== undefined) {
    const X = reals(p, 'X', { minLength: n0, maxLength: n0 * LIMITS.maxSamples });
    if (X.length % n0) throw new RangeError(`X must hold P rows of inputs = ${n0} numbers, got ${X.length} numbers`);
    const P = X.length / n0;
    const Y = reals(p, 'Y', { minLength: P * nD, maxLength: P * nD });
    return { kind: 'samples', X, Y, P };
  }
  if (p.sigma31 !== undefined) {
    const sigma31 = reals(p, 'sigma31', { minLength: nD * n0, maxLength: nD * n0 });
    const sigma11 = p.sigma11 === undefined
      ? Float64Array.from({ length: n0 * n0 }, (_, i) => (i % (n0 + 1) === 0 ? 1 : 0))
      : reals(p, 'sigma11', { minLength: n0 * n0, maxLength: n0 * n0 });
    let y2 = p.y2;
    if (y2 === undefined) y2 = sigma31.reduce((s, v) => s + v * v, 0);   // y = Sigma31 x exactly (whitened x)
    y2 = real({ y2 }, 'y2', { min: 0 });
    return { kind: 'stats', sigma11, sigma31, y2 };
  }
  const s = reals(p, 'singularValues', { minLength: 1, maxLength: Math.min(n0, nD), each: { min: 0, max: LIMITS.maxScale } });
  return { kind: 'spectrum', s };
}

/** Init kind and its parameter, validated. */
function initOf(p, depth, widths) {
  const init = choice(p, 'init', INITS, 'decoupled');
  const kind = INITS.indexOf(init);
  let value;
  if (init === 'small') value = real(p, 'scale', { min: 0, max: LIMITS.maxScale, def: 0.01 });
  else if (init === 'gaussian' || init === 'orthogonal') value = real(p, 'gain', { min: 0, max: LIMITS.maxScale, def: 1 });
  else value = real(p, 'a0', { min: 0, max: LIMITS.maxScale, minOpen: true, def: 0.01 });
  const lambda = real(p, 'lambda', { min: -LIMITS.maxScale, max: LIMITS.maxScale, def: 0 });
  if (init.startsWith('lambda')) {
    if (depth !== 2) throw new RangeError(`init ${init} (lambda-balanced) needs depth 2, got depth ${depth}`);
    const pmin = Math.min(widths[0], widths[2]);
    if (widths[1] > pmin) throw new RangeError(`init ${init} needs width (hidden) <= min(inputs, outputs) = ${pmin}, got ${widths[1]}`);
  }
  return { init, kind, value, lambda };
}

/** A live simulator handle with JS-side helpers; always close() it. */
class Sim {
  constructor(w, depth, widths) {
    this.w = w;
    const ws = w.alloc(widths.length), out = w.alloc(1);
    try {
      w.f64.set(widths, ws / 8);
      w.check(w.x.dlab_dls_create(depth, ws, out));
      this.h = new Uint32Array(w.x.memory.buffer)[out / 4];
    } finally {
      w.x.dlab_free(ws);
      w.x.dlab_free(out);
    }
    this.depth = depth;
    this.widths = Array.from(widths);
    this.scratch = w.alloc(1);
  }

  setData(d, seed) {
    const { w } = this;
    if (d.kind === 'spectrum') {
      w.call([d.s], [], (sp) => w.x.dlab_dls_set_spectrum(this.h, sp, d.s.length, seed));
    } else if (d.kind === 'samples') {
      w.call([d.X, d.Y], [], (xp, yp) => w.x.dlab_dls_set_samples(this.h, xp, yp, d.P));
    } else {
      w.call([d.sigma11, d.sigma31], [], (a, b) => w.x.dlab_dls_set_stats(this.h, a, b, d.y2));
    }
    const info = this.info();
    this.p = info[3];
    this.modes = info[4];
    this.nmax = info[7];
  }

  /** [depth, n_0, n_D, p, modes, steps taken, t, n_max] (dlab_dls_info). */
  info() {
    return this.w.call([], [8], (o) => this.w.x.dlab_dls_info(this.h, o))[0];
  }

  init({ kind, value, lambda }, seed) { this.w.check(this.w.x.dlab_dls_init(this.h, kind, value, lambda, seed)); }

  step(n, lr) { this.w.check(this.w.x.dlab_dls_step(this.h, n, lr)); }

  /** Steps until loss <= target or n steps; returns the steps taken. */
  stepTo(n, lr, target) {
    this.w.check(this.w.x.dlab_dls_step_to(this.h, n, lr, target, this.scratch));
    return this.w.f64[this.scratch / 8];
  }

  recordSize(svals) {
    this.w.check(this.w.x.dlab_dls_record_size(this.h, svals ? 1 : 0, this.scratch));
    return new Int32Array(this.w.x.memory.buffer)[this.scratch / 4];
  }

  get(what, layer, length) {
    const [m] = this.w.call([], [length], (o) => this.w.x.dlab_dls_get(this.h, what, layer, o));
    return m;
  }

  /** Puts back the weights, step count and t of a paused run (see resumeOf). */
  restore({ weights, steps, t }) {
    this.w.call([weights], [], (wp) => this.w.x.dlab_dls_restore(this.h, wp, steps, t));
  }

  /** Every layer's current weights, concatenated (the layout restore takes). */
  weights() {
    const out = new Float64Array(weightCount(this.widths));
    for (let l = 1, at = 0; l <= this.depth; l++) {
      const size = this.widths[l] * this.widths[l - 1];
      out.set(this.get(0, l, size), at);
      at += size;
    }
    return out;
  }

  stableLr() {
    this.w.check(this.w.x.dlab_dls_stable_lr(this.h, this.scratch));
    return this.w.f64[this.scratch / 8];
  }

  close() {
    this.w.x.dlab_free(this.scratch);
    this.w.x.dlab_dls_free(this.h);
  }
}

function openSim(w, depth, widths) {
  return new Sim(w, depth, widths);
}

// ---- λ-balanced theory (aligned frames, two layers) -------------------------
// Each direction a is a pair (b, c) with c^2 - b^2 = lambda conserved and
// b c -> s_a, so b_inf^2 = (-lambda + sqrt(lambda^2 + 4 s_a^2)) / 2.
const bSquared = (lambda, a) => 0.5 * (-lambda + Math.sqrt(lambda * lambda + 4 * a * a));

/** Relative changes predicted for the aligned λ-balanced start (n_0 = n_1 = n_2 = modes). */
export function lambdaTheory(lambda, a0, s) {
  const b0 = bSquared(lambda, a0), c0 = b0 + lambda;
  const bInf = s.map((v) => bSquared(lambda, v)), cInf = bInf.map((v) => v + lambda);
  const delta = bInf.map((v) => v - b0);   // = change of c^2 as well
  const norm = (arr) => Math.sqrt(arr.reduce((t, v) => t + v * v, 0));
  let dK = 0, K = 0;
  for (let a = 0; a < s.length; a++) {
    for (let b = 0; b < s.length; b++) {
      const d = delta[a] + delta[b], k = cInf[a] + bInf[b];
      dK += d * d;
      K += k * k;
    }
  }
  return {
    hidden: norm(delta) / norm(bInf), readout: norm(delta) / norm(cInf), ntk: Math.sqrt(dK / K),
    b0: Math.sqrt(b0), c0: Math.sqrt(c0),
  };
}

// Frobenius norms of the changes of W1^T W1 (input-side kernel of the hidden
// layer), W2 W2^T (readout) and the NTK Theta = W2 W2^T (x) I + I (x) W1^T W1,
// each relative to its final value.
function kernelChanges(W1a, W1b, W2a, W2b, n0, n1, n2) {
  const gramT = (W, r, c) => {   // W^T W (c x c) of an r x c matrix
    const G = new Float64Array(c * c);
    for (let k = 0; k < r; k++) for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) G[i * c + j] += W[k * c + i] * W[k * c + j];
    return G;
  };
  const gram = (W, r, c) => {    // W W^T (r x r)
    const G = new Float64Array(r * r);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) { let s = 0; for (let k = 0; k < c; k++) s += W[i * c + k] * W[j * c + k]; G[i * r + j] = s; }
    return G;
  };
  const Ba = gramT(W1a, n1, n0), Bb = gramT(W1b, n1, n0), Aa = gram(W2a, n2, n1), Ab = gram(W2b, n2, n1);
  const dB = Bb.map((v, i) => v - Ba[i]), dA = Ab.map((v, i) => v - Aa[i]);
  const fro2 = (M) => M.reduce((t, v) => t + v * v, 0);
  const tr = (M, n) => { let t = 0; for (let i = 0; i < n; i++) t += M[i * n + i]; return t; };
  // |A (x) I_n0 + I_n2 (x) B|_F^2 = n0 |A|^2 + n2 |B|^2 + 2 tr A tr B
  const ntk2 = (A, B) => n0 * fro2(A) + n2 * fro2(B) + 2 * tr(A, n2) * tr(B, n0);
  return {
    hidden: Math.sqrt(fro2(dB) / fro2(Bb)),
    readout: Math.sqrt(fro2(dA) / fro2(Ab)),
    ntk: Math.sqrt(ntk2(dA, dB) / ntk2(Ab, Bb)),
  };
}

// ---- Lyapunov exponents of products of Gaussian matrices ---------------------
/** Digamma function (recurrence to x >= 6, then the asymptotic series). */
export function digamma(x) {
  let r = 0;
  while (x < 6) { r -= 1 / x; x += 1; }
  const f = 1 / (x * x);
  return r + log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/**
 * Lyapunov exponents mu_i of products of real N x N Gaussian matrices with
 * entry variance g^2 / N: the i-th singular value of the product of D of them
 * grows like exp(D mu_i), mu_i = log g + (log(2/N) + psi((N - i + 1)/2)) / 2
 * (Newman 1986). Large-D theory for the initSpectrum view.
 */
export function gaussianLyapunov(N, gain = 1) {
  return Float64Array.from({ length: N }, (_, i) => log(gain) + 0.5 * (log(2 / N) + digamma((N - i) / 2)));
}

// ---- pause and resume ----------------------------------------------------------
// A paused run is plain data: { run, steps, t, weights }. Resuming rebuilds the
// handle from the same parameters (W(0) comes back from the seed) and puts the
// weights back, so workers keep no state and the continuation is bit-identical.
// `run` fingerprints what fixes the trajectory, so a state cannot be resumed
// under other data, init or seed by mistake.

/** Numbers in all weight matrices of a network with layer sizes `widths`. */
function weightCount(widths) {
  let size = 0;
  for (let l = 1; l < widths.length; l++) size += widths[l] * widths[l - 1];
  return size;
}

function runKey(depth, widths, data, init, seed) {
  const { kind, ...arrays } = data;
  return fingerprint([depth, widths, ['spectrum', 'samples', 'stats'].indexOf(kind), arrays,
    init.kind, init.value, init.lambda, seed]);
}

function resumeOf(p, key, widths) {
  const r = p.resume;
  if (r === null || typeof r !== 'object') throw new RangeError('resume must be the state object of an earlier run (its result.state, asked for with resumable: true)');
  if (r.run !== key) {
    throw new RangeError('resume comes from a run with other depth, widths, data, init or seed: only lr, steps and every may change when resuming');
  }
  const size = weightCount(widths);
  const weights = reals(r, 'weights', { minLength: size, maxLength: size });
  return { weights, steps: r.steps, t: r.t };
}

// ---- one simulation run ------------------------------------------------------
const yieldToLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Validates p, runs it, returns the records (see simulate). `drive(total, step)`
 * calls step(n) until `total` steps are done: chunked (async, with progress and
 * cancel) for the public call, all at once for sweeps of small networks.
 */
async function runSimulation(w, p, drive) {
  const depth = int(p, 'depth', { min: 1, max: LIMITS.maxDepth, def: 2 });
  const widths = widthsOf(p, depth);
  const data = dataOf(p, widths);
  const init = initOf(p, depth, widths);
  const lr = real(p, 'lr', { min: 0, max: LIMITS.maxLr, minOpen: true });
  const steps = int(p, 'steps', { min: 0, max: LIMITS.maxSteps });
  const every = int(p, 'every', { min: 1, max: Math.max(1, steps), def: Math.max(1, Math.floor(steps / 200)) });
  const seed = seedOf(p);
  const svals = !!p.svals;
  const key = p.resumable || p.resume !== undefined ? runKey(depth, widths, data, init, seed) : '';
  const from = p.resume === undefined ? null : resumeOf(p, key, widths);
  const nrec = Math.ceil(steps / every) + 1;
  if (nrec > LIMITS.maxRecords) {
    throw new RangeError(`steps / every must give at most ${LIMITS.maxRecords} records, got ${nrec} (steps ${steps}, every ${every}); raise every`);
  }
  const sim = openSim(w, depth, widths);
  let out = 0;
  try {
    sim.setData(data, seed);
    sim.init(init, seed);
    if (from) sim.restore(from);
    const rs = sim.recordSize(svals);
    if (rs * nrec > LIMITS.maxRecordDoubles) {
      throw new RangeError(`the records would hold ${rs * nrec} numbers, above ${LIMITS.maxRecordDoubles}; raise every or drop svals`);
    }
    const layer = (what, l) => sim.get(what, l + 1, widths[l + 1] * widths[l]);
    const W0 = p.weights ? Array.from({ length: depth }, (_, l) => layer(1, l)) : null;
    out = w.alloc(rs);
    const recs = new Float64Array(rs * nrec);
    const read = (i) => {
      w.check(w.x.dlab_dls_read(sim.h, svals ? 1 : 0, out));
      recs.set(w.f64.subarray(out / 8, out / 8 + rs), i * rs);
    };
    read(0);
    let done = 0, r = 1;
    await drive(steps, (n) => {
      const end = done + n;   // n steps in this chunk, a record at every multiple of `every`
      while (done < end) {
        const mark = Math.min(steps, r * every), next = Math.min(end, mark);
        sim.step(next - done, lr);
        done = next;
        if (done === mark) read(r++);
      }
    });
    const m = sim.modes, col = (j) => Float64Array.from({ length: nrec }, (_, i) => recs[i * rs + j]);
    const result = {
      t: col(0), loss: col(1),
      modes: Array.from({ length: m }, (_, a) => col(2 + a)),
      layerChange: Array.from({ length: depth }, (_, l) => col(2 + m + l)),
      singularValues: sim.get(5, 0, sim.p).slice(0, m),
      stableLr: sim.stableLr(),
    };
    if (svals) result.svals = Array.from({ length: nrec }, (_, i) => recs.slice(i * rs + 2 + m + depth, (i + 1) * rs));
    if (p.resumable) {
      const info = sim.info();
      result.state = { run: key, steps: info[5], t: info[6], weights: sim.weights() };
    }
    if (W0) result.weights = { initial: W0, final: Array.from({ length: depth }, (_, l) => layer(0, l)), widths: Array.from(widths) };
    return result;
  } finally {
    if (out) w.x.dlab_free(out);
    sim.close();
  }
}

// ---- the namespace --------------------------------------------------------

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

    /**
     * Time (tau) at which decoupled modes starting at a0 bring the loss down to
     * `criterion` times the loss at W_tot = 0: sum (s_a - a_a)^2 = criterion sum s_a^2.
     * { depth, singularValues, a0, criterion } -> number
     */
    criterionTime(p) {
      const depth = int(p, 'depth', { min: 1, max: LIMITS.maxDepth });
      const s = reals(p, 'singularValues', { maxLength: 1024, each: { min: 0, max: LIMITS.maxStrength, minOpen: true } });
      const a0 = real(p, 'a0', { min: 0, max: LIMITS.maxStrength, minOpen: true });
      const crit = real(p, 'criterion', { min: LIMITS.minCriterion, max: 1, maxOpen: true });
      const [t] = w.call([s], [1], (sp, tp) => w.x.dlab_dl_criterion_time(depth, sp, s.length, a0, crit, tp));
      return t[0];
    },

    /**
     * Full-batch gradient descent. Parameters:
     *   depth (1..200), width (hidden, 1..1024; or widths: [n_0..n_D]), inputs, outputs (= width),
     *   data: singularValues (prescribed spectrum, random U, V from seed) | X, Y (samples,
     *         row-major P x inputs, P x outputs) | sigma31 (+ sigma11 = I, y2 = |sigma31|^2),
     *   init: small (scale) | gaussian (gain) | orthogonal (gain) | decoupled (a0) |
     *         lambda, lambda-aligned (a0, lambda; depth 2),
     *   lr, steps, every (record interval, default ~steps/200), seed, svals (record the
     *   singular values of W_tot), weights (return the first and last weights),
     *   resumable (return state, to continue later), resume (a state: continue from it
     *   for `steps` more steps; same depth, widths, data, init and seed, else RangeError).
     * Records: at the start and every `every` steps after it, and at the end.
     * Returns { t, loss, modes: [Float64Array per mode], layerChange: [per layer],
     *   svals?: [Float64Array per record], singularValues, stableLr, weights?,
     *   state?: { run, steps, t, weights } }. Resuming is bit-identical to not stopping.
     * A diverging run throws an EngineError (status 4) naming the step and a safe lr.
     */
    async simulate(p, { signal, onProgress } = {}) {
      return runSimulation(w, p, (total, step) => chunked(total, step, { signal, onProgress, first: 1 }));
    },

    /**
     * Steps (epochs) of gradient descent until the loss falls to `criterion` times the
     * loss at W_tot = 0, for each depth and init, with lr = lr0 / depth (Saxe et al. 2014).
     * { depths: [..], inits = ['gaussian', 'orthogonal', 'decoupled'], width (hidden; inputs
     *   = width, outputs = number of singular values), singularValues, a0 (decoupled), gain
     *   (gaussian, orthogonal), lr0, criterion, maxSteps, seed }
     * -> { depths, steps: { [init]: Float64Array (NaN = not reached within maxSteps) },
     *      theory: Float64Array (decoupled modes, exact: t_crit * depth / lr0) }
     */
    async depthSweep(p, { signal, onProgress } = {}) {
      const depths = reals(p, 'depths', { maxLength: LIMITS.maxSweepPoints, each: { min: 1, max: LIMITS.maxDepth } });
      depths.forEach((d, i) => { if (!Number.isInteger(d)) throw new RangeError(`depths[${i}] must be an integer in [1, ${LIMITS.maxDepth}], got ${d}`); });
      const inits = p.inits ?? ['gaussian', 'orthogonal', 'decoupled'];
      if (!Array.isArray(inits) || inits.length < 1) throw new RangeError(`inits must be a non-empty array of ${INITS.slice(0, 4).join(', ')}`);
      inits.forEach((v, i) => choice({ [`inits[${i}]`]: v }, `inits[${i}]`, INITS.slice(0, 4)));
      const width = int(p, 'width', { min: 1, max: LIMITS.maxSweepWidth, def: 16 });
      const s = reals(p, 'singularValues', { maxLength: width, each: { min: 0, max: LIMITS.maxScale, minOpen: true } });
      const a0 = real(p, 'a0', { min: 0, max: LIMITS.maxScale, minOpen: true, def: 0.5 });
      const gain = real(p, 'gain', { min: 0, max: LIMITS.maxScale, minOpen: true, def: 1 });
      const lr0 = real(p, 'lr0', { min: 0, max: LIMITS.maxLr, minOpen: true, def: 0.05 });
      const crit = real(p, 'criterion', { min: LIMITS.minCriterion, max: 1, maxOpen: true, def: 0.05 });
      const maxSteps = int(p, 'maxSteps', { min: 1, max: 1e7, def: 5000 });
      const seed = seedOf(p);
      const target = crit * 0.5 * s.reduce((t, v) => t + v * v, 0);
      const stepsOut = Object.fromEntries(inits.map((k) => [k, new Float64Array(depths.length).fill(NaN)]));
      const theory = Float64Array.from(depths, (D) => {
        const t = this.criterionTime({ depth: D, singularValues: s, a0, criterion: crit });
        return (t * D) / lr0;
      });
      // Work estimate per run ~ depth * expected steps; progress counts finished runs weighted by depth.
      const jobs = [];
      for (const init of inits) depths.forEach((D, i) => jobs.push({ init, D, i }));
      const totalWeight = jobs.reduce((t, j) => t + j.D, 0);
      let doneWeight = 0, job = 0, sim = null, taken = 0;
      const note = () => `depth ${jobs[job].D}, ${jobs[job].init} init`;
      try {
        await chunked(Infinity, (n) => {
          if (job >= jobs.length) return false;
          const { init, D, i } = jobs[job];
          if (!sim) {
            const widths = new Float64Array(D + 1).fill(width);
            widths[D] = s.length;
            sim = openSim(w, D, widths);
            sim.setData({ kind: 'spectrum', s }, seed);
            sim.init({ kind: INITS.indexOf(init), value: init === 'decoupled' ? a0 : gain, lambda: 0 }, seed);
            taken = 0;
          }
          const want = Math.max(1, Math.min(maxSteps - taken, Math.ceil(n / D)));
          let got, finished = false;
          try {
            got = sim.stepTo(want, lr0 / D, target);
            taken += got;
            if (got < want) { stepsOut[init][i] = taken; finished = true; }
            else if (taken >= maxSteps) finished = true;
          } catch (e) {
            if (e.status !== 4) throw e;
            finished = true;   // diverged: reported as not reached (NaN)
          }
          if (finished) {
            sim.close();
            sim = null;
            doneWeight += D;
            job++;
          }
          onProgress?.(Math.min(1, (doneWeight + (sim ? (D * taken) / maxSteps : 0)) / totalWeight),
            job < jobs.length ? note() : '');
          return job < jobs.length ? undefined : false;
        }, { signal, first: 50 });
      } finally {
        sim?.close();
      }
      if (signal?.aborted) throw aborted();
      return { depths, steps: stepsOut, theory };
    },

    /**
     * Singular values of the partial products W^l..W^1 (l = 1..depth) at
     * initialisation, for scaled Gaussian and scaled orthogonal layers (width x width).
     * { depth (1..200), width (1..256), gain = 1, seed }
     * -> { gaussian: [Float64Array(width) per l], orthogonal: [...], lyapunov: Float64Array }
     */
    initSpectrum(p) {
      const depth = int(p, 'depth', { min: 1, max: LIMITS.maxDepth });
      const width = int(p, 'width', { min: 1, max: LIMITS.maxSweepWidth });
      const gain = real(p, 'gain', { min: 0, max: LIMITS.maxScale, minOpen: true, def: 1 });
      const seed = seedOf(p);
      const out = {};
      for (const init of ['gaussian', 'orthogonal']) {
        const sim = openSim(w, depth, new Float64Array(depth + 1).fill(width));
        try {
          sim.init({ kind: INITS.indexOf(init), value: gain, lambda: 0 }, seed);
          const all = sim.get(6, 0, depth * width);
          out[init] = Array.from({ length: depth }, (_, l) => all.slice(l * width, (l + 1) * width));
        } finally {
          sim.close();
        }
      }
      out.lyapunov = gaussianLyapunov(width, gain);
      return out;
    },

    /**
     * Rich vs lazy: two-layer networks from λ-balanced starts (W2^T W2 - W1 W1^T = λ I),
     * inputs = hidden = outputs = number of singular values, trained for `steps`.
     * { lambdas: [..], singularValues, a0, lr, steps, aligned = true, seed, curves: [λ..] }
     * -> { lambdas, hidden, readout, ntk: Float64Array (relative change of W1^T W1,
     *      W2 W2^T and the NTK, each over its final norm), finalLoss, theory: { hidden,
     *      readout, ntk }, curves: [{ lambda, t, loss, modes }] }
     */
    async lambdaSweep(p, { signal, onProgress } = {}) {
      const lambdas = reals(p, 'lambdas', { maxLength: LIMITS.maxSweepPoints, each: { min: -LIMITS.maxScale, max: LIMITS.maxScale } });
      const s = reals(p, 'singularValues', { maxLength: 64, each: { min: 0, max: LIMITS.maxScale, minOpen: true } });
      const a0 = real(p, 'a0', { min: 0, max: LIMITS.maxScale, minOpen: true, def: 0.01 });
      const lr = real(p, 'lr', { min: 0, max: LIMITS.maxLr, minOpen: true, def: 0.01 });
      const steps = int(p, 'steps', { min: 1, max: 1e7, def: 1000 });
      const seed = seedOf(p);
      const aligned = p.aligned ?? true;
      if (typeof aligned !== 'boolean') throw new RangeError(`aligned must be true or false, got ${JSON.stringify(aligned)}`);
      const curveAt = p.curves === undefined ? [] : Array.from(reals(p, 'curves', { minLength: 0, maxLength: 8, each: { min: -LIMITS.maxScale, max: LIMITS.maxScale } }));
      const list = [...lambdas, ...curveAt];
      const m = s.length;
      const res = { lambdas, hidden: new Float64Array(lambdas.length), readout: new Float64Array(lambdas.length),
        ntk: new Float64Array(lambdas.length), finalLoss: new Float64Array(lambdas.length),
        theory: { hidden: new Float64Array(lambdas.length), readout: new Float64Array(lambdas.length), ntk: new Float64Array(lambdas.length) },
        curves: [] };
      const syncRun = (total, step) => { step(total); };
      for (let k = 0; k < list.length; k++) {
        if (signal?.aborted) throw aborted();
        const lambda = list[k];
        const r = await runSimulation(w, { depth: 2, width: m, inputs: m, outputs: m, singularValues: s,
          init: aligned ? 'lambda-aligned' : 'lambda', a0, lambda, lr, steps,
          every: Math.max(1, Math.floor(steps / 100)), seed, weights: true }, syncRun);
        if (k < lambdas.length) {
          const W = r.weights;
          const c = kernelChanges(W.initial[0], W.final[0], W.initial[1], W.final[1], m, m, m);
          res.hidden[k] = c.hidden; res.readout[k] = c.readout; res.ntk[k] = c.ntk;
          res.finalLoss[k] = r.loss[r.loss.length - 1];
          const th = lambdaTheory(lambda, a0, Array.from(s));
          res.theory.hidden[k] = th.hidden; res.theory.readout[k] = th.readout; res.theory.ntk[k] = th.ntk;
        } else {
          res.curves.push({ lambda, t: r.t, loss: r.loss, modes: r.modes });
        }
        onProgress?.((k + 1) / list.length, `λ = ${lambda}`);
        await yieldToLoop();
      }
      return res;
    },
  };
}
