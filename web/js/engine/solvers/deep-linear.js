// eng.deepLinear: deep linear networks (docs/theory.md §1) — the exact mode
// dynamics (deep_linear.h), and full-batch gradient descent simulated in wasm
// (dl_sim.h) to compare with them. Time is in units of tau: t = steps * lr.
import { int, real, reals, choice, seed as seedOf } from '../params.js';
import { chunked, yieldToLoop } from '../chunked.js';
import { aborted } from '../errors.js';
import { fingerprint } from '../fingerprint.js';
import { Handle, withHandle, column, resumeOf } from '../handle.js';
import { lambdaTheory, lambdaFlow, gaussianLyapunov, gaussianProductTheory, saddleFlow } from '../theory.js';
import {
  DLAB_DL_MAX_DEPTH, DLAB_DL_MAX_STRENGTH, DLAB_DL_MAX_TIME, DLAB_DL_MAX_POINTS, DLAB_DL_MIN_CRIT,
  DLAB_DLS_MAX_DEPTH, DLAB_DLS_MAX_WIDTH, DLAB_DLS_MAX_SAMPLES, DLAB_DLS_MAX_STEPS, DLAB_DLS_MAX_LR,
  DLAB_DLS_MAX_SCALE, DLAB_DLS_INIT_SMALL, DLAB_DLS_INIT_GAUSSIAN, DLAB_DLS_INIT_ORTHOGONAL,
  DLAB_DLS_INIT_DECOUPLED, DLAB_DLS_INIT_LAMBDA, DLAB_DLS_INIT_LAMBDA_ALIGNED, DLAB_DLS_INIT_PRETRAINED,
  DLAB_DLS_INFO_LEN, DLAB_DLS_INFO_P, DLAB_DLS_INFO_MODES, DLAB_DLS_INFO_STEPS, DLAB_DLS_INFO_T,
  DLAB_DLS_GET_WEIGHTS, DLAB_DLS_GET_WEIGHTS0, DLAB_DLS_GET_S, DLAB_DLS_GET_U, DLAB_DLS_GET_V, DLAB_DLS_GET_PARTIAL_SVALS,
  DLAB_DLS_REC_T, DLAB_DLS_REC_LOSS, DLAB_DLS_REC_MODES, DLAB_EDIVERGED,
} from '../c-constants.js';

// What one call may return or sweep over: the engine's own bounds (C bounds each handle).
export const MAX_RECORDS = 100000, MAX_RECORD_DOUBLES = 2e7;
const MAX_SWEEP_POINTS = 200, MAX_SWEEP_WIDTH = 256;
const MAX_SADDLE_STARTS = 16, MAX_SADDLE_STEPS = 1000000;

/** Initialisations by name (dl_sim.h). */
const INIT = Object.freeze({
  small: DLAB_DLS_INIT_SMALL, gaussian: DLAB_DLS_INIT_GAUSSIAN, orthogonal: DLAB_DLS_INIT_ORTHOGONAL,
  decoupled: DLAB_DLS_INIT_DECOUPLED, lambda: DLAB_DLS_INIT_LAMBDA, 'lambda-aligned': DLAB_DLS_INIT_LAMBDA_ALIGNED,
  pretrained: DLAB_DLS_INIT_PRETRAINED,
});
const INITS = Object.keys(INIT);
const DATA_KINDS = ['spectrum', 'samples', 'stats'];

// ---- the exact mode dynamics (deep_linear.h) ----------------------------------------
const strength = { min: 0, max: DLAB_DL_MAX_STRENGTH, minOpen: true };

function modeParams(p) {
  return { depth: int(p, 'depth', { min: 1, max: DLAB_DL_MAX_DEPTH, def: 2 }), s: real(p, 's', strength), a0: real(p, 'a0', strength) };
}

/** Ascending times >= 0 (units of tau). */
function timesOf(p) {
  const t = reals(p, 't', { maxLength: DLAB_DL_MAX_POINTS, each: { min: 0, max: DLAB_DL_MAX_TIME } });
  for (let i = 1; i < t.length; i++) {
    if (t[i] < t[i - 1]) throw new RangeError(`t must be ascending, but t[${i}] = ${t[i]} < t[${i - 1}] = ${t[i - 1]}`);
  }
  return t;
}

/** a(t) of one mode at ascending times t (deep_linear.h); see deepLinear.modeTrajectory. */
export const trajectory = (w, depth, s, a0, t) =>
  w.call([t], [t.length], (tp, ap) => w.x.dlab_dl_mode_trajectory(depth, s, a0, tp, t.length, ap))[0];

const learningTime = (w, depth, s, a0, af) => w.result('f64', w.x.dlab_dl_learning_time, depth, s, a0, af);

/** See deepLinear.halfTime. */
export function halfTime(w, p) {
  const depth = int(p, 'depth', { min: 1, max: DLAB_DL_MAX_DEPTH, def: 2 }), a0 = real(p, 'a0', strength);
  const many = Array.isArray(p.s) || ArrayBuffer.isView(p.s);
  const s = many ? reals(p, 's', { maxLength: DLAB_DL_MAX_POINTS, each: strength }) : [real(p, 's', strength)];
  const t = Float64Array.from(s, (sv) => (sv > 2 * a0 ? learningTime(w, depth, sv, a0, sv / 2) : 0));
  return many ? t : t[0];
}

// ---- the network, its data and its start: what fixes a trajectory ------------------

/** Layer sizes [n_0, ..., n_D] from { depth, width | widths, inputs, outputs }. */
function widthsOf(p, depth) {
  if (p.widths !== undefined) {
    const ws = reals(p, 'widths', { minLength: depth + 1, maxLength: depth + 1, each: { min: 1, max: DLAB_DLS_MAX_WIDTH } });
    ws.forEach((v, i) => { if (!Number.isInteger(v)) throw new RangeError(`widths[${i}] must be an integer in [1, ${DLAB_DLS_MAX_WIDTH}], got ${v}`); });
    return ws;
  }
  const width = int(p, 'width', { min: 1, max: DLAB_DLS_MAX_WIDTH, def: 8 });
  const inputs = int(p, 'inputs', { min: 1, max: DLAB_DLS_MAX_WIDTH, def: width });
  const outputs = int(p, 'outputs', { min: 1, max: DLAB_DLS_MAX_WIDTH, def: width });
  const ws = new Float64Array(depth + 1).fill(width);
  ws[0] = inputs;
  ws[depth] = outputs;
  return ws;
}

/** Validated data description: { kind: 'spectrum' | 'samples' | 'stats', ... }. */
function dataOf(p, widths) {
  const n0 = widths[0], nD = widths[widths.length - 1];
  if (p.X !== undefined || p.Y !== undefined) {
    const X = reals(p, 'X', { minLength: n0, maxLength: n0 * DLAB_DLS_MAX_SAMPLES });
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
  const s = reals(p, 'singularValues', { minLength: 1, maxLength: Math.min(n0, nD), each: { min: 0, max: DLAB_DLS_MAX_SCALE } });
  return { kind: 'spectrum', s };
}

/** Init kind and its parameter, validated. */
function initOf(p, depth, widths) {
  const init = choice(p, 'init', INITS, 'decoupled');
  let value;
  if (init === 'small') value = real(p, 'scale', { min: 0, max: DLAB_DLS_MAX_SCALE, def: 0.01 });
  else if (init === 'gaussian' || init === 'orthogonal' || init === 'pretrained') value = real(p, 'gain', { min: 0, max: DLAB_DLS_MAX_SCALE, def: 1 });
  else value = real(p, 'a0', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true, def: 0.01 });
  const lambda = real(p, 'lambda', { min: -DLAB_DLS_MAX_SCALE, max: DLAB_DLS_MAX_SCALE, def: 0 });
  if (init.startsWith('lambda')) {
    if (depth !== 2) throw new RangeError(`init ${init} (lambda-balanced) needs depth 2, got depth ${depth}`);
    const pmin = Math.min(widths[0], widths[2]);
    if (widths[1] > pmin) throw new RangeError(`init ${init} needs width (hidden) <= min(inputs, outputs) = ${pmin}, got ${widths[1]}`);
  }
  return { kind: INIT[init], value, lambda };
}

/** The network, data, init and seed of p, checked. */
function networkOf(p) {
  const depth = int(p, 'depth', { min: 1, max: DLAB_DLS_MAX_DEPTH, def: 2 });
  const widths = widthsOf(p, depth);
  return { depth, widths, data: dataOf(p, widths), init: initOf(p, depth, widths), seed: seedOf(p) };
}

/** Fingerprint of what fixes a trajectory: a paused state resumes only its own run. */
function runKey({ depth, widths, data: { kind, ...arrays }, init, seed }) {
  return fingerprint([depth, widths, DATA_KINDS.indexOf(kind), arrays, init.kind, init.value, init.lambda, seed]);
}
const RESUMABLE = { fixed: 'depth, widths, data, init or seed', changeable: 'lr, steps and every' };

// ---- the simulator handle (dl_sim.h) -----------------------------------------------

/** A dlab_dls simulator of layer sizes `widths`. */
class Network extends Handle {
  constructor(w, widths) {
    super(w, 'dls', [widths.length - 1, widths]);
    this.widths = Array.from(widths);
    this.depth = widths.length - 1;
  }

  /** A handle with the data and W(0) of `net` (networkOf), freed again if that fails. */
  static open(w, { widths, data, init, seed }) {
    const h = new Network(w, widths);
    try {
      h.setData(data, seed);
      h.init(init, seed);
    } catch (e) {
      h.free();
      throw e;
    }
    return h;
  }

  setData(d, seed) {
    if (d.kind === 'spectrum') this.call('set_spectrum', d.s, d.s.length, seed);
    else if (d.kind === 'samples') this.call('set_samples', d.X, d.Y, d.P);
    else this.call('set_stats', d.sigma11, d.sigma31, d.y2);
    const info = this.info();
    this.p = info[DLAB_DLS_INFO_P];
    this.modes = info[DLAB_DLS_INFO_MODES];
  }

  init({ kind, value, lambda }, seed) { this.call('init', kind, value, lambda, seed); }

  info() { return this.doubles('info', DLAB_DLS_INFO_LEN); }

  get(what, layer, length) { return this.doubles('get', length, what, layer); }

  /** W^1..W^D (what = DLAB_DLS_GET_WEIGHTS) or W^1(0)..W^D(0) (DLAB_DLS_GET_WEIGHTS0). */
  layers(what) {
    return Array.from({ length: this.depth }, (_, l) => this.get(what, l + 1, this.widths[l + 1] * this.widths[l]));
  }

  stableLr() { return this.result('f64', 'stable_lr'); }

  /** Steps until loss <= target or n steps; returns the steps taken. */
  stepTo(n, lr, target) { return this.result('f64', 'step_to', n, lr, target); }

  recordSize(svals) { return this.result('i32', 'record_size', svals ? 1 : 0); }

  /** The loss at the current weights. */
  loss() { return this.doubles('read', this.recordSize(false), 0)[DLAB_DLS_REC_LOSS]; }

  /** The run as plain data (see resumeOf): its key, steps, t and every layer's weights concatenated. */
  state(run) {
    const info = this.info(), layers = this.layers(DLAB_DLS_GET_WEIGHTS);
    const weights = new Float64Array(layers.reduce((n, W) => n + W.length, 0));
    layers.reduce((at, W) => { weights.set(W, at); return at + W.length; }, 0);
    return { run, steps: info[DLAB_DLS_INFO_STEPS], t: info[DLAB_DLS_INFO_T], weights };
  }

  restore({ weights, steps, t }) { this.call('restore', weights, steps, t); }

  /** New data under the current weights (a task switch): weights, steps and t carry on. */
  retarget(data, init, seed) {
    const now = this.state('');
    this.setData(data, seed);
    this.init(init, seed);   // the handle takes weights only once initialised; restore replaces them
    this.restore(now);
  }

  /** What a divergence's EngineError.detail says: the step it happened at and the stable-lr estimate. */
  explain() { return { step: this.info()[DLAB_DLS_INFO_STEPS], stableLr: this.stableLr() }; }
}

/** Outcome codes of criterionScan, per learning rate. */
export const SCAN = Object.freeze({ reached: 0, diverged: 1, notReached: 2, slower: 3, skipped: 4 });

const weightCount = (widths) => widths.slice(1).reduce((n, v, l) => n + v * widths[l], 0);

/**
 * Gradient descent on the network of p (see simulate for p). `first` sets the first
 * chunk of steps; `everyDefault` the default number of records; onRecord(r, handle)
 * runs after record r (semantic.simulate reads its matrices there).
 */
export async function train(w, p, { signal, onProgress, first = 1, everyDefault = 200, onRecord } = {}) {
  const net = networkOf(p);
  const lr = real(p, 'lr', { min: 0, max: DLAB_DLS_MAX_LR, minOpen: true });
  const steps = int(p, 'steps', { min: 0, max: DLAB_DLS_MAX_STEPS });
  const every = int(p, 'every', { min: 1, max: Math.max(1, steps), def: Math.max(1, Math.floor(steps / everyDefault)) });
  const svals = p.svals ? 1 : 0;
  const run = p.resumable || p.resume !== undefined ? runKey(net) : '';
  const from = p.resume === undefined ? null : resumeOf(p, run, weightCount(net.widths), RESUMABLE);
  const nrec = Math.ceil(steps / every) + 1;
  if (nrec > MAX_RECORDS) {
    throw new RangeError(`steps / every must give at most ${MAX_RECORDS} records, got ${nrec} (steps ${steps}, every ${every}); raise every`);
  }
  return withHandle(() => Network.open(w, net), async (h) => {
    if (from) h.restore(from);
    const size = h.recordSize(svals);
    if (size * nrec > MAX_RECORD_DOUBLES) {
      throw new RangeError(`the records would hold ${size * nrec} numbers, above ${MAX_RECORD_DOUBLES}; raise every or drop svals`);
    }
    const W0 = p.weights ? h.layers(DLAB_DLS_GET_WEIGHTS0) : null;
    const recs = await h.record({
      steps, every, size,
      step: (n) => w.x.dlab_dls_step(h.ptr, n, lr),
      read: (out) => w.x.dlab_dls_read(h.ptr, svals, out),
      onRecord: onRecord && ((r) => onRecord(r, h)),
      explain: () => ({ lr, ...h.explain() }),
    }, { signal, onProgress, first });
    const m = h.modes, depth = net.depth, col = (j) => column(recs, size, j);
    const result = {
      t: col(DLAB_DLS_REC_T), loss: col(DLAB_DLS_REC_LOSS),
      modes: Array.from({ length: m }, (_, a) => col(DLAB_DLS_REC_MODES + a)),
      layerChange: Array.from({ length: depth }, (_, l) => col(DLAB_DLS_REC_MODES + m + l)),
      singularValues: h.get(DLAB_DLS_GET_S, 0, h.p).slice(0, m),
      stableLr: h.stableLr(),
    };
    if (svals) result.svals = Array.from({ length: nrec }, (_, i) => recs.slice(i * size + DLAB_DLS_REC_MODES + m + depth, (i + 1) * size));
    if (p.resumable) result.state = h.state(run);
    if (W0) result.weights = { initial: W0, final: h.layers(DLAB_DLS_GET_WEIGHTS), widths: Array.from(net.widths) };
    return result;
  });
}

/** The stable learning-rate estimate (dlab_dls_stable_lr) of p's network, data and init. */
export function stableLr(w, p) {
  return withHandle(() => Network.open(w, networkOf(p)), (h) => h.stableLr());
}

/**
 * <A (x) I_n0 + I_n2 (x) B, C (x) I_n0 + I_n2 (x) D>_F, the Frobenius inner product of two
 * tangent kernels of a two-layer linear network (A, C: n2 x n2 readout kernels W2 W2^T;
 * B, D: n0 x n0 hidden kernels W1^T W1) = n0 <A, C> + n2 <B, D> + tr A tr D + tr B tr C.
 */
function kronSumInner(A, B, C, D, n0, n2) {
  const dot = (X, Y) => X.reduce((t, v, i) => t + v * Y[i], 0);
  const tr = (X, n) => { let t = 0; for (let i = 0; i < n; i++) t += X[i * n + i]; return t; };
  return n0 * dot(A, C) + n2 * dot(B, D) + tr(A, n2) * tr(D, n0) + tr(B, n0) * tr(C, n2);
}

// Frobenius norms of the changes of W1^T W1 (input-side kernel of the hidden
// layer), W2 W2^T (readout) and the NTK Theta = W2 W2^T (x) I + I (x) W1^T W1,
// each relative to its final value.
function kernelChanges(w, W1a, W1b, W2a, W2b, n0, n1, n2) {
  const hidden = (W) => w.matmul(W, W, n0, n1, n0, { transA: true });   // W1^T W1: n0 x n0
  const readout = (W) => w.matmul(W, W, n2, n1, n2, { transB: true });  // W2 W2^T: n2 x n2
  const Ba = hidden(W1a), Bb = hidden(W1b), Aa = readout(W2a), Ab = readout(W2b);
  const dB = Bb.map((v, i) => v - Ba[i]), dA = Ab.map((v, i) => v - Aa[i]);
  const fro2 = (M) => M.reduce((t, v) => t + v * v, 0);
  const ntk2 = (A, B) => kronSumInner(A, B, A, B, n0, n2);
  return {
    hidden: Math.sqrt(fro2(dB) / fro2(Bb)),
    readout: Math.sqrt(fro2(dA) / fro2(Ab)),
    ntk: Math.sqrt(ntk2(dA, dB) / ntk2(Ab, Bb)),
  };
}

// ---- λ-balanced dynamics: gradient descent beside the exact flow (theory.js lambdaFlow) ----
const MAX_DYN_MODES = 8, MAX_DYN_LAMBDAS = 8;
const TASKS = ['none', 'reversal', 'permuted'];
const identity = (n) => Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));

/** X X^T of the rows from..from+n of X (rows of length k): n x n. */
function gram(X, from, n, k) {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let c = 0; c < k; c++) v += X[(from + i) * k + c] * X[(from + j) * k + c];
      out[i * n + j] = v;
    }
  }
  return out;
}

/** The blocks of P = Q Q^T, Q = [W1^T; W2]: hidden B = W1^T W1, readout A = W2 W2^T, function W = W2 W1. */
function blocksOf(Q, n0, n2, n1) {
  const W = new Float64Array(n2 * n0);
  for (let i = 0; i < n2; i++) {
    for (let j = 0; j < n0; j++) {
      let v = 0;
      for (let c = 0; c < n1; c++) v += Q[(n0 + i) * n1 + c] * Q[j * n1 + c];
      W[i * n0 + j] = v;
    }
  }
  return { W, A: gram(Q, n0, n2, n1), B: gram(Q, 0, n0, n1) };
}

/** |W2^T W2 - W1 W1^T - λ I|_F of Q = [W1^T; W2]: how far a state is from λ-balance. */
function imbalance(Q, n0, n2, n1, lambda) {
  let t = 0;
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n1; j++) {
      let v = i === j ? -lambda : 0;
      for (let r = 0; r < n0 + n2; r++) v += (r < n0 ? -1 : 1) * Q[r * n1 + i] * Q[r * n1 + j];
      t += v * v;
    }
  }
  return Math.sqrt(t);
}

/** Q = [W1^T; W2] of the weights W1 (n1 x n0) and W2 (n2 x n1). */
function stackOf(W1, W2, n0, n1) {
  const Q = new Float64Array(W1.length + W2.length);
  for (let i = 0; i < n0; i++) for (let c = 0; c < n1; c++) Q[i * n1 + c] = W1[c * n0 + i];
  Q.set(W2, n0 * n1);
  return Q;
}

/**
 * A task by the SVD of its Sigma31 = U diag(S) V^T (n2 x n0): Sigma31 itself and the
 * kernel its rich (λ = 0) solution ends at, |Σ|_out (x) I + I (x) |Σ|_in, |Σ|_out =
 * U diag(S) U^T, |Σ|_in = V diag(S) V^T (the tangent kernel that the task selects).
 */
function taskOf({ U, S, V }, n0, n2) {
  const p = S.length, sig = new Float64Array(n2 * n0);
  const half = (X, n) => Float64Array.from({ length: n * n }, (_, k) => {
    let v = 0;
    for (let a = 0; a < p; a++) v += X[Math.floor(k / n) * p + a] * S[a] * X[(k % n) * p + a];
    return v;
  });
  for (let i = 0; i < n2; i++) for (let j = 0; j < n0; j++) for (let a = 0; a < p; a++) sig[i * n0 + j] += U[i * p + a] * S[a] * V[j * p + a];
  return { svd: { U, S, V }, sigma31: sig, A: half(U, n2), B: half(V, n0) };
}

/** Task B of a switch: outputs reversed (−Σ) or moved one output down, cyclically (a new output map). */
function switchedTask(kind, { U, S, V }, n2) {
  const p = S.length;
  const U2 = kind === 'reversal' ? U.map((v) => -v)
    : Float64Array.from({ length: n2 * p }, (_, k) => U[((Math.floor(k / p) + n2 - 1) % n2) * p + (k % p)]);
  return { U: U2, S, V };
}

/** What one state shows: loss on each task, tangent-kernel change from Θ0 and alignment with the task's kernel. */
function measure({ W, A, B }, tasks, trained, start, n0, n2) {
  const loss = (task) => 0.5 * task.sigma31.reduce((t, v, i) => t + (v - W[i]) * (v - W[i]), 0);
  const dA = A.map((v, i) => v - start.A[i]), dB = B.map((v, i) => v - start.B[i]);
  const k = (X, Y, Z, T) => kronSumInner(X, Y, Z, T, n0, n2);
  // A cosine does not depend on scale: Θ is scaled to entries <= 1 first, so that a kernel
  // shrinking toward 0 (a network stalled at W = 0) cannot underflow; Θ = 0 aligns with nothing.
  const big = Math.max(...A.map(Math.abs), ...B.map(Math.abs));
  const As = A.map((v) => v / big), Bs = B.map((v) => v / big);
  return {
    losses: tasks.map(loss),
    move: Math.sqrt(k(dA, dB, dA, dB) / k(start.A, start.B, start.A, start.B)),
    align: big === 0 ? 0 : k(As, Bs, trained.A, trained.B) / Math.sqrt(k(As, Bs, As, Bs) * k(trained.A, trained.B, trained.A, trained.B)),
  };
}

/** How a number shows in a sentence: 3 significant digits, exponent form when large or small. */
const show = (x) => (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3))));

// ---- the namespace --------------------------------------------------------

export function deepLinear(w) {
  return {
    /**
     * a(t) of one mode: closed form for depth 1 and 2, the mode ODE otherwise.
     * { depth = 2, s, a0, t: ascending times >= 0 in units of tau } -> Float64Array
     */
    modeTrajectory(p) {
      const { depth, s, a0 } = modeParams(p);
      return trajectory(w, depth, s, a0, timesOf(p));
    },

    /** Time for a mode to go from a0 to af. { depth = 2, s, a0, af } -> number */
    learningTime(p) {
      const { depth, s, a0 } = modeParams(p);
      return learningTime(w, depth, s, a0, real(p, 'af', strength));
    },

    /**
     * Half-learning time t½: the time for a mode to go from a0 to half its singular
     * value (0 when a0 >= s/2). { depth = 2, s: a number or an array, a0 } ->
     * a number, or a Float64Array for an array of s.
     */
    halfTime(p) {
      return halfTime(w, p);
    },

    /**
     * Time (tau) at which decoupled modes starting at a0 bring the loss down to
     * `criterion` times the loss at W_tot = 0: sum (s_a - a_a)^2 = criterion sum s_a^2.
     * { depth, singularValues, a0, criterion } -> number
     */
    criterionTime(p) {
      const depth = int(p, 'depth', { min: 1, max: DLAB_DL_MAX_DEPTH });
      const s = reals(p, 'singularValues', { maxLength: DLAB_DLS_MAX_WIDTH, each: strength });
      const a0 = real(p, 'a0', strength);
      const crit = real(p, 'criterion', { min: DLAB_DL_MIN_CRIT, max: 1, maxOpen: true });
      return w.result('f64', w.x.dlab_dl_criterion_time, depth, s, s.length, a0, crit);
    },

    /**
     * The exact dynamics from measured starts, for a simulation whose modes did not
     * start decoupled: mode a (singular value s_a) follows the decoupled trajectory
     * from its measured |a(0)| = |starts[a]| (a start of 0 as the smallest positive
     * double). A start beyond what the mode equation covers gets no curve (null) and a
     * sentence in `notes` saying so; other notes are ''.
     * { depth, singularValues, starts, t } -> { a: [Float64Array | null], notes: [string] }
     */
    modeTheory(p) {
      const depth = int(p, 'depth', { min: 1, max: DLAB_DL_MAX_DEPTH });
      const s = reals(p, 'singularValues', { maxLength: DLAB_DLS_MAX_WIDTH, each: strength });
      const starts = reals(p, 'starts', { minLength: s.length, maxLength: s.length });
      const t = timesOf(p);
      const a = [], notes = [];
      s.forEach((sv, i) => {
        const a0 = Math.max(Math.abs(starts[i]), Number.MIN_VALUE);
        const out = a0 <= DLAB_DL_MAX_STRENGTH;
        a.push(out ? trajectory(w, depth, sv, a0, t) : null);
        notes.push(out ? '' : `mode ${i + 1} starts at strength ${show(a0)}, beyond the ${show(DLAB_DL_MAX_STRENGTH)} ` +
          'the mode equation is solved for: no theory curve (a start this large is far from the small, decoupled one the theory describes)');
      });
      return { a, notes };
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
     * A diverging run throws an EngineError (status DLAB_EDIVERGED) naming the step and a
     * safe lr; its detail is { step, lr, stableLr }.
     */
    async simulate(p, { signal, onProgress } = {}) {
      return train(w, p, { signal, onProgress });
    },

    /**
     * Gradient descent on y = w2 w1 x (depth 2, one unit per layer, Sigma11 = 1,
     * Sigma31 = s: loss (s - w2 w1)^2 / 2) from each start (w1, w2), and the gradient
     * flow on a grid of the plane (theory.js saddleFlow).
     * { s (> 0), starts: [w1, w2, w1, w2, ...] (1..MAX_SADDLE_STARTS pairs), lr, steps,
     *   every (record interval, default ~steps/200), half (the grid spans [-half, half]^2,
     *   default 2 sqrt(s)), grid (points per side, 2..40, default 15) }
     * -> { t, paths: [{ w1, w2, loss }] per start, field: { w1, w2, dw1, dw2 } (grid
     *   points and tau dw/dt there) }. A diverging path throws as simulate does.
     */
    async saddlePaths(p, { signal, onProgress } = {}) {
      const s = real(p, 's', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true });
      const starts = reals(p, 'starts', { minLength: 2, maxLength: 2 * MAX_SADDLE_STARTS, each: { min: -DLAB_DLS_MAX_SCALE, max: DLAB_DLS_MAX_SCALE } });
      if (starts.length % 2) throw new RangeError(`starts must hold pairs w1, w2, got ${starts.length} numbers`);
      const lr = real(p, 'lr', { min: 0, max: DLAB_DLS_MAX_LR, minOpen: true });
      const steps = int(p, 'steps', { min: 0, max: MAX_SADDLE_STEPS });
      const every = int(p, 'every', { min: 1, max: Math.max(1, steps), def: Math.max(1, Math.floor(steps / 200)) });
      const half = real(p, 'half', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true, def: 2 * Math.sqrt(s) });
      const grid = int(p, 'grid', { min: 2, max: 40, def: 15 });
      // One hidden unit: the lambda-aligned init only builds the handle; every start is restored onto it.
      const net = { widths: Float64Array.of(1, 1, 1), seed: 0,
        data: { kind: 'stats', sigma11: Float64Array.of(1), sigma31: Float64Array.of(s), y2: s * s },
        init: { kind: INIT['lambda-aligned'], value: 1, lambda: 0 } };
      const n = starts.length / 2, paths = [];
      let t = null;
      for (let k = 0; k < n; k++) {
        const path = await withHandle(() => Network.open(w, net), async (h) => {
          h.restore({ weights: Float64Array.of(starts[2 * k], starts[2 * k + 1]), steps: 0, t: 0 });
          const size = h.recordSize(false), nrec = Math.ceil(steps / every) + 1;
          const w1 = new Float64Array(nrec), w2 = new Float64Array(nrec);
          const recs = await h.record({
            steps, every, size,
            step: (m) => w.x.dlab_dls_step(h.ptr, m, lr),
            read: (out) => w.x.dlab_dls_read(h.ptr, 0, out),
            onRecord: (r) => { const [W1, W2] = h.layers(DLAB_DLS_GET_WEIGHTS); w1[r] = W1[0]; w2[r] = W2[0]; },
            explain: () => ({ lr, ...h.explain() }),
          }, { signal, onProgress: onProgress && ((f) => onProgress((k + f) / n)) });
          t ??= column(recs, size, DLAB_DLS_REC_T);
          return { w1, w2, loss: column(recs, size, DLAB_DLS_REC_LOSS) };
        });
        paths.push(path);
      }
      const m = grid * grid, field = { w1: new Float64Array(m), w2: new Float64Array(m), dw1: new Float64Array(m), dw2: new Float64Array(m) };
      for (let i = 0; i < grid; i++) {
        for (let j = 0; j < grid; j++) {
          const at = i * grid + j, x = -half + (2 * half * j) / (grid - 1), y = -half + (2 * half * i) / (grid - 1);
          [field.dw1[at], field.dw2[at]] = saddleFlow(s, x, y);
          field.w1[at] = x;
          field.w2[at] = y;
        }
      }
      return { t, paths, field };
    },

    /** The stable learning-rate estimate for simulate's network, data and init (p as simulate takes it). */
    stableLr(p) {
      return stableLr(w, p);
    },

    /**
     * Steps (epochs) of gradient descent until the loss falls to `criterion` times the
     * loss at W_tot = 0, for each depth and init, with lr = lr0 / depth (Saxe et al. 2014).
     * { depths: [..], inits = ['gaussian', 'orthogonal', 'decoupled'], width (hidden; inputs
     *   = width, outputs = number of singular values), singularValues, a0 (decoupled), gain
     *   (gaussian, orthogonal), lr0, criterion, maxSteps, seed }
     * -> { depths, steps: { [init]: Float64Array (NaN = criterion not met) },
     *      diverged: { [init]: Float64Array (1 = the run diverged, 0 = it did not; with
     *        steps NaN and diverged 0 the criterion was not reached within maxSteps) },
     *      theory: Float64Array (decoupled modes, exact: t_crit * depth / lr0) }
     */
    async depthSweep(p, { signal, onProgress } = {}) {
      const depths = reals(p, 'depths', { maxLength: MAX_SWEEP_POINTS, each: { min: 1, max: DLAB_DLS_MAX_DEPTH } });
      depths.forEach((d, i) => { if (!Number.isInteger(d)) throw new RangeError(`depths[${i}] must be an integer in [1, ${DLAB_DLS_MAX_DEPTH}], got ${d}`); });
      const kinds = INITS.slice(0, 4);
      const inits = p.inits ?? ['gaussian', 'orthogonal', 'decoupled'];
      if (!Array.isArray(inits) || inits.length < 1) throw new RangeError(`inits must be a non-empty array of ${kinds.join(', ')}`);
      inits.forEach((v, i) => choice({ [`inits[${i}]`]: v }, `inits[${i}]`, kinds));
      const width = int(p, 'width', { min: 1, max: MAX_SWEEP_WIDTH, def: 16 });
      const s = reals(p, 'singularValues', { maxLength: width, each: { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true } });
      const a0 = real(p, 'a0', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true, def: 0.5 });
      const gain = real(p, 'gain', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true, def: 1 });
      const lr0 = real(p, 'lr0', { min: 0, max: DLAB_DLS_MAX_LR, minOpen: true, def: 0.05 });
      const crit = real(p, 'criterion', { min: DLAB_DL_MIN_CRIT, max: 1, maxOpen: true, def: 0.05 });
      const maxSteps = int(p, 'maxSteps', { min: 1, max: 1e7, def: 5000 });
      const seed = seedOf(p);
      const target = crit * 0.5 * s.reduce((t, v) => t + v * v, 0);
      const stepsOut = Object.fromEntries(inits.map((k) => [k, new Float64Array(depths.length).fill(NaN)]));
      const diverged = Object.fromEntries(inits.map((k) => [k, new Float64Array(depths.length)]));
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
            sim = Network.open(w, { widths, data: { kind: 'spectrum', s }, seed,
              init: { kind: INIT[init], value: init === 'decoupled' ? a0 : gain, lambda: 0 } });
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
            if (e.status !== DLAB_EDIVERGED) throw e;
            diverged[init][i] = 1;
            finished = true;
          }
          if (finished) {
            sim.free();
            sim = null;
            doneWeight += D;
            job++;
          }
          onProgress?.(Math.min(1, (doneWeight + (sim ? (D * taken) / maxSteps : 0)) / totalWeight),
            job < jobs.length ? note() : '');
          return job < jobs.length ? undefined : false;
        }, { signal, first: 50 });
      } finally {
        sim?.free();
      }
      if (signal?.aborted) throw aborted();
      return { depths, steps: stepsOut, diverged, theory };
    },

    /**
     * Epochs (full-batch steps) until the loss falls to `target`, for one network and start
     * over a grid of learning rates, and the best of them: the lr reaching the target in the
     * fewest epochs without diverging (ties: the larger lr). Learning rates are tried from the
     * largest down, each run from the same W(0); once one has reached the target in B epochs,
     * the next is stopped after B - 1 (it can no longer be the best) and the scan ends at the
     * first that is stopped so: below the best lr, smaller steps only take longer.
     * { the network, data and init as simulate takes them, lrs: [..] (1..32 values in
     *   (0, DLAB_DLS_MAX_LR]), target (a loss >= 0), maxEpochs (1..1e6) }
     * -> { lrs (as given), epochs: Float64Array (NaN unless reached), outcome: Float64Array
     *      (per lr: 0 reached, 1 diverged, 2 not reached in maxEpochs, 3 stopped: slower than
     *      a larger lr, 4 not tried: the scan had ended), best: { lr, epochs } (NaN when no lr
     *      reached the target), startLoss }
     */
    async criterionScan(p, { signal, onProgress } = {}) {
      const net = networkOf(p);
      const lrs = reals(p, 'lrs', { minLength: 1, maxLength: 32, each: { min: 0, max: DLAB_DLS_MAX_LR, minOpen: true } });
      const target = real(p, 'target', { min: 0 });
      const maxEpochs = int(p, 'maxEpochs', { min: 1, max: 1e6 });
      const order = Array.from(lrs.keys()).sort((a, b) => lrs[b] - lrs[a] || a - b);
      const epochs = new Float64Array(lrs.length).fill(NaN), outcome = new Float64Array(lrs.length).fill(SCAN.skipped);
      let best = -1, startLoss = NaN;
      for (let n = 0; n < order.length; n++) {
        const i = order[n], lr = lrs[i], cap = best < 0 ? maxEpochs : epochs[best] - 1;
        if (cap < 1) break;   // the best took one epoch: nothing can beat it
        let taken = 0;
        outcome[i] = await withHandle(() => Network.open(w, net), async (h) => {
          if (Number.isNaN(startLoss)) startLoss = h.loss();
          let result = null;
          await chunked(Infinity, (m) => {
            try {
              const want = Math.min(m, cap - taken), got = h.stepTo(want, lr, target);
              taken += got;
              // step_to checks the loss before each step: the cap-th step's result is read here.
              if (got < want || (taken >= cap && h.loss() <= target)) result = SCAN.reached;
              else if (taken >= cap) result = best < 0 ? SCAN.notReached : SCAN.slower;
            } catch (e) {
              if (e.status !== DLAB_EDIVERGED) throw e;
              result = SCAN.diverged;
            }
            onProgress?.((n + (result === null ? taken / cap : 1)) / order.length, `lr ${show(lr)}`);
            return result === null ? undefined : false;
          }, { signal, first: 20 });
          return result;
        });
        if (outcome[i] === SCAN.reached) { epochs[i] = taken; best = i; }
        if (outcome[i] === SCAN.slower) break;
      }
      return { lrs, epochs, outcome, best: { lr: best < 0 ? NaN : lrs[best], epochs: best < 0 ? NaN : epochs[best] }, startLoss };
    },

    /**
     * Singular values of the partial products W^l..W^1 (l = 1..depth) at
     * initialisation, for scaled Gaussian and scaled orthogonal layers (width x width),
     * with the Gaussian theory (theory.js).
     * { depth (1..200), width (1..256), gain = 1, seed }
     * -> { gaussian: [Float64Array(width) per l], orthogonal: [...], lyapunov: Float64Array,
     *      theory: { geometricMean, largest: Float64Array per l } }
     */
    initSpectrum(p) {
      const depth = int(p, 'depth', { min: 1, max: DLAB_DLS_MAX_DEPTH });
      const width = int(p, 'width', { min: 1, max: MAX_SWEEP_WIDTH });
      const gain = real(p, 'gain', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true, def: 1 });
      const seed = seedOf(p);
      const out = {};
      for (const init of ['gaussian', 'orthogonal']) {
        out[init] = withHandle(() => new Network(w, new Float64Array(depth + 1).fill(width)), (h) => {
          h.init({ kind: INIT[init], value: gain, lambda: 0 }, seed);
          const all = h.get(DLAB_DLS_GET_PARTIAL_SVALS, 0, depth * width);
          return Array.from({ length: depth }, (_, l) => all.slice(l * width, (l + 1) * width));
        });
      }
      out.lyapunov = gaussianLyapunov(width, gain);
      out.theory = gaussianProductTheory(depth, out.lyapunov, gain);
      return out;
    },

    /**
     * λ-balanced two-layer networks over time: gradient descent beside the exact flow of
     * Dominé et al. 2025 (theory.js lambdaFlow) from the same start, optionally with a
     * switch of task. inputs = hidden = outputs = number of singular values; Sigma11 = I,
     * task A: Sigma31 = U diag(singularValues) V^T (U, V Haar from seed).
     * { singularValues (1..8, > 0), a0, lambdas: [..] (1..8), aligned = false (start on
     *   the data's singular vectors), lr, steps, every (default ~steps/200), seed,
     *   task: 'none' | 'reversal' (Sigma31 -> -Sigma31) | 'permuted' (outputs moved one
     *   down, cyclically; 2+ singular values), switchStep (the step after which task B
     *   is trained, in [1, steps - 1]; with task 'none' unused) }
     * -> { t, switchT (NaN without a switch), zeroLoss (½|Sigma31|², the loss of W = 0 on
     *   either task), runs: [{ lambda, lossA, lossB (null without
     *   a switch), move (|Θ(t) − Θ(0)|_F / |Θ(0)|_F), align (cosine of Θ(t) with the kernel of
     *   the task being trained, taskOf), theory: { the same from the exact flow },
     *   fnGap (largest |W_sim − W_exact|_F / |Sigma31|_F), imbalance (largest
     *   |W2^T W2 − W1 W1^T − λI|_F: gradient flow keeps it 0, gradient descent only
     *   nearly), recordLoss (the simulator's loss on the trained task) }] }
     */
    async lambdaDynamics(p, { signal, onProgress } = {}) {
      const s = reals(p, 'singularValues', { minLength: 1, maxLength: MAX_DYN_MODES, each: { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true } });
      const a0 = real(p, 'a0', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true, def: 0.01 });
      const lambdas = reals(p, 'lambdas', { minLength: 1, maxLength: MAX_DYN_LAMBDAS, each: { min: -DLAB_DLS_MAX_SCALE, max: DLAB_DLS_MAX_SCALE } });
      const lr = real(p, 'lr', { min: 0, max: DLAB_DLS_MAX_LR, minOpen: true });
      const steps = int(p, 'steps', { min: 2, max: 1e6 });
      const every = int(p, 'every', { min: 1, max: steps, def: Math.max(1, Math.floor(steps / 200)) });
      const seed = seedOf(p);
      const aligned = p.aligned ?? false;
      if (typeof aligned !== 'boolean') throw new RangeError(`aligned must be true or false, got ${JSON.stringify(aligned)}`);
      const task = choice(p, 'task', TASKS, 'none'), switching = task !== 'none';
      const switchStep = switching ? int(p, 'switchStep', { min: 1, max: steps - 1 }) : steps;
      const m = s.length;
      if (task === 'permuted' && m < 2) throw new RangeError('task permuted moves each output to the next: it needs 2 or more singular values, got 1');
      const nrec = Math.ceil(steps / every) + 1;
      const runs = [];
      let t = null;
      for (let k = 0; k < lambdas.length; k++) {
        const lambda = lambdas[k];
        const init = { kind: INIT[aligned ? 'lambda-aligned' : 'lambda'], value: a0, lambda };
        const net = { widths: Float64Array.of(m, m, m), data: { kind: 'spectrum', s }, init, seed };
        runs.push(await withHandle(() => Network.open(w, net), async (h) => {
          const svdA = { U: h.get(DLAB_DLS_GET_U, 0, m * m), S: Float64Array.from(s), V: h.get(DLAB_DLS_GET_V, 0, m * m) };
          const tasks = [taskOf(svdA, m, m)];
          if (switching) tasks.push(taskOf(switchedTask(task, svdA, m), m, m));
          const flows = tasks.map((tk) => {
            const cache = new Map();   // the flow map over each interval length
            return (dt) => { if (!cache.has(dt)) cache.set(dt, lambdaFlow(tk.svd, lambda, m, m, dt)); return cache.get(dt); };
          });
          const [W1, W2] = h.layers(DLAB_DLS_GET_WEIGHTS);
          let Q = stackOf(W1, W2, m, m), at = 0;
          const start = blocksOf(Q, m, m, m);
          const sim = { losses: tasks.map(() => new Float64Array(nrec)), move: new Float64Array(nrec), align: new Float64Array(nrec) };
          const exact = { losses: tasks.map(() => new Float64Array(nrec)), move: new Float64Array(nrec), align: new Float64Array(nrec) };
          const norm = Math.sqrt(tasks[0].sigma31.reduce((t2, v) => t2 + v * v, 0));
          let fnGap = 0, simDrift = 0, exactDrift = 0;
          const keep = (out, r, got) => { got.losses.forEach((v, i) => { out.losses[i][r] = v; }); out.move[r] = got.move; out.align[r] = got.align; };
          const recs = await h.record({
            steps, every, size: h.recordSize(false),
            step: (n) => w.x.dlab_dls_step(h.ptr, n, lr),
            read: (out) => w.x.dlab_dls_read(h.ptr, 0, out),
            breaks: switching ? [switchStep] : [],
            // Task B's inputs are whitened and y = Sigma31 x exactly, as task A's: y2 = |Sigma31|^2.
            before: (done) => { if (switching && done === switchStep) h.retarget({ kind: 'stats', sigma11: identity(m), sigma31: tasks[1].sigma31, y2: norm * norm }, init, seed); },
            onRecord: (r) => {
              // The exact flow to this record's step, switching task where the run did.
              const now = h.info()[DLAB_DLS_INFO_STEPS];
              for (const [from, to, f] of [[at, Math.min(now, switchStep), 0], [Math.max(at, switchStep), now, 1]]) {
                if (to > from) Q = flows[f]((to - from) * lr)(Q, m);
              }
              at = now;
              const trained = tasks[switching && now > switchStep ? 1 : 0];
              const [V1, V2] = h.layers(DLAB_DLS_GET_WEIGHTS);
              const Qs = stackOf(V1, V2, m, m), simBlocks = blocksOf(Qs, m, m, m), exBlocks = blocksOf(Q, m, m, m);
              simDrift = Math.max(simDrift, imbalance(Qs, m, m, m, lambda));
              exactDrift = Math.max(exactDrift, imbalance(Q, m, m, m, lambda));
              keep(sim, r, measure(simBlocks, tasks, trained, start, m, m));
              keep(exact, r, measure(exBlocks, tasks, trained, start, m, m));
              fnGap = Math.max(fnGap, Math.sqrt(simBlocks.W.reduce((t2, v, i) => t2 + (v - exBlocks.W[i]) * (v - exBlocks.W[i]), 0)) / norm);
            },
            explain: () => ({ lr, ...h.explain() }),
          }, { signal, first: steps, onProgress: onProgress && ((f) => onProgress((k + f) / lambdas.length, `λ = ${lambda}`)) });
          const size = h.recordSize(false);
          t ??= column(recs, size, DLAB_DLS_REC_T);
          const pack = (o) => ({ lossA: o.losses[0], lossB: switching ? o.losses[1] : null, move: o.move, align: o.align });
          return { lambda, ...pack(sim), theory: { ...pack(exact), imbalance: exactDrift }, fnGap, imbalance: simDrift, recordLoss: column(recs, size, DLAB_DLS_REC_LOSS) };
        }));
        await yieldToLoop();   // lets a cancel through
      }
      return { t, switchT: switching ? switchStep * lr : NaN, zeroLoss: 0.5 * s.reduce((a, v) => a + v * v, 0), runs };
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
      const lambdas = reals(p, 'lambdas', { maxLength: MAX_SWEEP_POINTS, each: { min: -DLAB_DLS_MAX_SCALE, max: DLAB_DLS_MAX_SCALE } });
      const s = reals(p, 'singularValues', { maxLength: 64, each: { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true } });
      const a0 = real(p, 'a0', { min: 0, max: DLAB_DLS_MAX_SCALE, minOpen: true, def: 0.01 });
      const lr = real(p, 'lr', { min: 0, max: DLAB_DLS_MAX_LR, minOpen: true, def: 0.01 });
      const steps = int(p, 'steps', { min: 1, max: 1e7, def: 1000 });
      const seed = seedOf(p);
      const aligned = p.aligned ?? true;
      if (typeof aligned !== 'boolean') throw new RangeError(`aligned must be true or false, got ${JSON.stringify(aligned)}`);
      const curveAt = p.curves === undefined ? [] : Array.from(reals(p, 'curves', { minLength: 0, maxLength: 8, each: { min: -DLAB_DLS_MAX_SCALE, max: DLAB_DLS_MAX_SCALE } }));
      const list = [...lambdas, ...curveAt];
      const m = s.length;
      const res = { lambdas, hidden: new Float64Array(lambdas.length), readout: new Float64Array(lambdas.length),
        ntk: new Float64Array(lambdas.length), finalLoss: new Float64Array(lambdas.length),
        theory: { hidden: new Float64Array(lambdas.length), readout: new Float64Array(lambdas.length), ntk: new Float64Array(lambdas.length) },
        curves: [] };
      for (let k = 0; k < list.length; k++) {
        if (signal?.aborted) throw aborted();
        const lambda = list[k];
        // Small networks, many runs: each run in one call (first = all its steps).
        const r = await train(w, { depth: 2, width: m, inputs: m, outputs: m, singularValues: s,
          init: aligned ? 'lambda-aligned' : 'lambda', a0, lambda, lr, steps,
          every: Math.max(1, Math.floor(steps / 100)), seed, weights: true }, { first: steps });
        if (k < lambdas.length) {
          const W = r.weights;
          const c = kernelChanges(w, W.initial[0], W.final[0], W.initial[1], W.final[1], m, m, m);
          res.hidden[k] = c.hidden; res.readout[k] = c.readout; res.ntk[k] = c.ntk;
          res.finalLoss[k] = r.loss[r.loss.length - 1];
          const th = lambdaTheory(lambda, a0, Array.from(s));
          res.theory.hidden[k] = th.hidden; res.theory.readout[k] = th.readout; res.theory.ntk[k] = th.ntk;
        } else {
          res.curves.push({ lambda, t: r.t, loss: r.loss, modes: r.modes });
        }
        onProgress?.((k + 1) / list.length, `λ = ${lambda}`);
        await yieldToLoop();   // lets a cancel through
      }
      return res;
    },
  };
}
