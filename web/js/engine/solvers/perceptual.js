// eng.perceptual and eng.pathways: perceptual learning in deep linear networks
// (docs/theory.md §2; Saxe 2015) and multiple deep pathways (docs/theory.md §3;
// Shi, Shea-Brown & Buice 2022).
// Models and record layouts: include/depthlab/perceptual.h, pathways.h.
import { int, real, reals, choice, seed as seedOf } from '../params.js';
import { PHI, PHIS } from './chaos.js';
import { pow } from '../dmath.js';
import { Handle, withHandle, column } from '../handle.js';
import { pathwaysReduced } from '../theory.js';
import {
  DLAB_PL_MAX_NEURONS, DLAB_PL_MAX_DEPTH, DLAB_PL_MAX_LOCATIONS, DLAB_PL_MAX_HIDDEN, DLAB_PL_MAX_TIMES,
  DLAB_PL_MAX_LR, DLAB_PL_MAX_UNITS, DLAB_PW_MAX_PATHWAYS, DLAB_PW_MAX_DEPTH, DLAB_PW_MAX_WIDTH, DLAB_PW_MAX_MODES,
  DLAB_PL_POP_LEN, DLAB_PL_POP_V, DLAB_PL_POP_DNORM, DLAB_PL_POP_GG, DLAB_PL_POP_GPGM,
  DLAB_PL_REC_STEP, DLAB_PL_REC_LOSS, DLAB_PL_REC_ALPHA, DLAB_PL_REC_BETA, DLAB_PL_REC_MARGIN, DLAB_PL_REC_RESIDUAL,
  DLAB_PL_REC_MARGIN_B, DLAB_PL_REC_ALPHA_B, DLAB_PL_REC_BETA_B, DLAB_PL_REC_GAINS,
  DLAB_PL_INFO_LEN, DLAB_PL_INFO_C, DLAB_PL_INFO_V, DLAB_PL_INFO_DNORM, DLAB_PL_INFO_TAU_LR, DLAB_PL_INFO_CAB,
  DLAB_PL_INFO_STEPS, DLAB_PL_NEURON_BLOCKS, DLAB_PL_NEURON_INPUT, DLAB_PL_NEURON_READOUT, DLAB_PL_NEURON_PREF,
  DLAB_PL_NEURON_DABS, DLAB_PW_REC_STEP, DLAB_PW_REC_LOSS, DLAB_PW_REC_STRENGTH, DLAB_PW_INFO_LEN, DLAB_PW_INFO_STEPS,
} from '../c-constants.js';

// A run's total steps (dlab_pl_topologies' bound) and records: the engine's own bounds.
const MAX_RUN_STEPS = 1e7, MAX_RECORDS = 20000;

/** The limits of both namespaces, by name (from the headers). */
export const LIMITS = Object.freeze({
  maxNeurons: DLAB_PL_MAX_NEURONS, maxDepth: DLAB_PL_MAX_DEPTH, maxLocations: DLAB_PL_MAX_LOCATIONS,
  maxHidden: DLAB_PL_MAX_HIDDEN, maxTimes: DLAB_PL_MAX_TIMES, maxSteps: MAX_RUN_STEPS, maxLr: DLAB_PL_MAX_LR,
  maxUnits: DLAB_PL_MAX_UNITS, maxRecords: MAX_RECORDS, maxPathways: DLAB_PW_MAX_PATHWAYS,
  maxPathDepth: DLAB_PW_MAX_DEPTH, maxWidth: DLAB_PW_MAX_WIDTH, maxModes: DLAB_PW_MAX_MODES,
});

/** The tuned population's parameters (perceptual.h), validated in JS first. */
function popOf(p) {
  return {
    neurons: int(p, 'neurons', { min: 2, max: DLAB_PL_MAX_NEURONS, def: 60 }),
    width: real(p, 'width', { min: 0.5, max: 90, def: 15 }),
    offset: real(p, 'offset', { min: 0, max: 90, minOpen: true, maxOpen: true, def: 2 }),
    amp: real(p, 'amp', { min: 0, max: 1000, minOpen: true, def: 1 }),
    target: real(p, 'target', { min: 0, max: 1000, minOpen: true, def: 1 }),
  };
}

/** lr, steps, every, with the record count bounded. */
function runOf(p, defSteps) {
  const lr = real(p, 'lr', { min: 0, max: DLAB_PL_MAX_LR, minOpen: true, def: 0.02 });
  const steps = int(p, 'steps', { min: 1, max: MAX_RUN_STEPS, def: defSteps });
  const every = int(p, 'every', { min: 1, max: steps, def: Math.max(1, Math.ceil(steps / 200)) });
  const nrec = Math.ceil(steps / every) + 1;
  if (nrec > MAX_RECORDS) {
    throw new RangeError(`steps / every must give at most ${MAX_RECORDS} records, got ${nrec} (steps ${steps}, every ${every}); raise every`);
  }
  return { lr, steps, every, nrec };
}

/**
 * Trains handle h (dlab_pl or dlab_pw) for run.steps steps of run.lr, recording every
 * run.every steps; `label` names the stage in progress notes; `more` as Handle.record.
 */
function train(h, run, infoLen, stepsAt, { signal, onProgress, label }, more = {}) {
  return h.record({
    steps: run.steps, every: run.every, size: h.result('i32', 'record_size'),
    step: (n) => h.fn('step')(h.ptr, n, run.lr),
    explain: () => ({ step: h.doubles('info', infoLen)[stepsAt], lr: run.lr }),
    ...more,
  }, { signal, first: 16, onProgress, note: (done) => `${label}: step ${done} of ${run.steps}` });
}

const maxAbsDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

export function perceptual(w) {
  const population = (p) => {
    const { neurons, width, offset, amp } = popOf(p);
    const [pref, gplus, gminus, stats] = w.call([], [neurons, neurons, neurons, DLAB_PL_POP_LEN],
      (a, b, c, d) => w.x.dlab_pl_population(neurons, width, offset, amp, a, b, c, d));
    return { pref, gplus, gminus, v: stats[DLAB_PL_POP_V], dnorm: stats[DLAB_PL_POP_DNORM], gg: stats[DLAB_PL_POP_GG], gpgm: stats[DLAB_PL_POP_GPGM] };
  };

  const times = (p) => reals(p, 't', { maxLength: DLAB_PL_MAX_TIMES, each: { min: 0, max: 1e12 } });

  const reduced = (p) => {
    const c = real(p, 'c', { min: 0, max: 1000, minOpen: true });
    const v = real(p, 'v', { min: 0, max: 1e6, minOpen: true });
    const tau = real(p, 'tau', { min: 0, max: 1e9, minOpen: true });
    const alpha0 = real(p, 'alpha0', { min: -0.5, max: 1000, minOpen: true, def: 0 });
    const beta0 = real(p, 'beta0', { min: -1000, max: 1000, def: 0 });
    const t = times(p);
    const [alpha, beta] = w.call([t], [t.length, t.length],
      (tp, a, b) => w.x.dlab_pl_reduced(c, v, tau, alpha0, beta0, tp, t.length, a, b));
    return { alpha, beta };
  };

  const chainReduced = (p) => {
    const depth = int(p, 'depth', { min: 2, max: DLAB_PL_MAX_DEPTH });
    const c = real(p, 'c', { min: 0, max: 1000, minOpen: true });
    const dnorm = real(p, 'dnorm', { min: 0, max: 1e4, minOpen: true });
    const tau = real(p, 'tau', { min: 0, max: 1e9, minOpen: true });
    const alpha0 = real(p, 'alpha0', { min: -0.5, max: 1000, minOpen: true, def: 0 });
    const b0 = reals(p, 'b0', { minLength: depth - 1, maxLength: depth - 1, each: { min: -1000, max: 1000 } });
    const t = times(p);
    const [o] = w.call([[alpha0, ...b0], t], [t.length * depth],
      (yp, tp, op) => w.x.dlab_pl_chain_reduced(depth, c, dnorm, tau, yp, tp, t.length, op));
    const col = (k) => Float64Array.from({ length: t.length }, (_, i) => o[i * depth + k]);
    const alpha = col(0);
    const b = [alpha.map((a) => 0.5 * dnorm * (1 + 2 * a))];
    for (let k = 1; k < depth; k++) b.push(col(k));
    return { alpha, b };
  };

  /** Reads dlab_pl records (perceptual.h) into named columns. */
  const unpack = (recs, size, D) => {
    const col = (j) => column(recs, size, j);
    return {
      t: col(DLAB_PL_REC_STEP), loss: col(DLAB_PL_REC_LOSS).map((x) => Math.max(x, 0)), alpha: col(DLAB_PL_REC_ALPHA),
      beta: col(DLAB_PL_REC_BETA), margin: col(DLAB_PL_REC_MARGIN), residual: col(DLAB_PL_REC_RESIDUAL),
      marginB: col(DLAB_PL_REC_MARGIN_B), alphaB: col(DLAB_PL_REC_ALPHA_B), betaB: col(DLAB_PL_REC_BETA_B),
      b: Array.from({ length: D }, (_, l) => col(DLAB_PL_REC_GAINS + l)),
      layerChange: Array.from({ length: D }, (_, l) => col(DLAB_PL_REC_GAINS + D + l)),
    };
  };

  const infoOf = (h) => {
    const o = h.doubles('info', DLAB_PL_INFO_LEN);
    return { c: o[DLAB_PL_INFO_C], v: o[DLAB_PL_INFO_V], dnorm: o[DLAB_PL_INFO_DNORM], tauLr: o[DLAB_PL_INFO_TAU_LR], cab: o[DLAB_PL_INFO_CAB] };
  };

  const neuronsOf = (h, n) => {
    const o = h.doubles('neurons', DLAB_PL_NEURON_BLOCKS * n), block = (b) => o.slice(b * n, (b + 1) * n);
    return { pref: block(DLAB_PL_NEURON_PREF), input: block(DLAB_PL_NEURON_INPUT), readout: block(DLAB_PL_NEURON_READOUT), dabs: block(DLAB_PL_NEURON_DABS) };
  };

  /** The record of dlab_pl handle h after training as `run` says; the rest as train(). */
  const trainPl = (h, run, opts, more) => train(h, run, DLAB_PL_INFO_LEN, DLAB_PL_INFO_STEPS, { ...opts, label: 'training' }, more);

  return {
    limits: LIMITS,

    /** { neurons, width, offset, amp } -> { pref, gplus, gminus, v, dnorm, gg, gpgm } */
    population,

    /** { c, v, tau, alpha0 = 0, beta0 = 0, t } -> { alpha, beta } at times t (start at t = 0). */
    reduced,

    /** { depth, c, dnorm, tau, alpha0 = 0, b0: [b_2(0)..b_D(0)], t } -> { alpha, b: [b_1..b_D] } */
    chainReduced,

    /**
     * The full network trained by gradient descent, with the reduction alongside.
     * { neurons = 60, width = 15 (deg), offset = 2 (deg), amp = 1, target = 1, depth = 2,
     *   beta0 = 0 (depth 2), decay = 0.5 (depth > 2: b_k(0) = b_1(0) decay^(k-1)),
     *   noise = 0, lr = 0.02, steps = 2000, every, seed = 1 }
     * -> { t (steps), time (t / tau), loss, alpha, beta, margin, residual, b, layerChange,
     *      reduced: { alpha, beta, b } at the same steps, c, v, tau, dnorm, neurons, agreement }
     */
    async simulate(p, opts = {}) {
      const pop = popOf(p);
      const depth = int(p, 'depth', { min: 2, max: DLAB_PL_MAX_DEPTH, def: 2 });
      const beta0 = real(p, 'beta0', { min: 0, max: 500, def: 0 });
      const decay = real(p, 'decay', { min: 0, max: 10, def: 0.5 });
      const noise = real(p, 'noise', { min: 0, max: 10, def: 0 });
      const run = runOf(p, 2000);
      const seed = seedOf(p);
      const rel0 = depth === 2 ? [2 * beta0] : Array.from({ length: depth - 1 }, (_, k) => pow(decay, k + 1));
      if (depth > 2 && !(decay > 0)) throw new RangeError(`decay must be in (0, 10] for depth > 2, got ${decay}`);
      const open = () => new Handle(w, 'pl', [pop.neurons, pop.width, pop.offset, pop.amp, pop.target, depth, rel0, noise, seed]);
      return withHandle(open, async (h) => {
        const recs = await trainPl(h, run, opts);
        const info = infoOf(h);
        const out = unpack(recs, recs.length / run.nrec, depth);
        const { lr } = run, tau = info.tauLr / lr;
        out.time = out.t.map((s) => s / tau);
        Object.assign(out, { c: info.c, v: info.v, dnorm: info.dnorm, tau, depth, lr, neurons: neuronsOf(h, pop.neurons) });
        // The reduction from the measured start (exact start: b_k(0) as built; with noise, the projection).
        if (depth === 2) {
          const red = reduced({ c: info.c, v: info.v, tau, alpha0: out.alpha[0], beta0: out.beta[0], t: out.t });
          out.reduced = { alpha: red.alpha, beta: red.beta, b: [red.alpha.map((a) => 0.5 * info.dnorm * (1 + 2 * a)), red.beta.map((x) => x * info.dnorm)] };
        } else {
          const red = chainReduced({ depth, c: info.c, dnorm: info.dnorm, tau, alpha0: out.alpha[0],
            b0: out.b.slice(1).map((b) => b[0]), t: out.t });
          out.reduced = { alpha: red.alpha, b: red.b, beta: red.b[depth - 1].map((x) => x / info.dnorm) };
        }
        out.agreement = {
          alpha: maxAbsDiff(out.alpha, out.reduced.alpha),
          beta: maxAbsDiff(out.beta, out.reduced.beta),
          b: Math.max(...out.b.map((b, k) => maxAbsDiff(b, out.reduced.b[k]))),
          residual: Math.max(...out.residual),
        };
        return out;
      });
    },

    /**
     * Transfer: train at position a (steps 0..switchAt), then at b (to steps).
     * { neurons = 40, width = 15, offset = 3, amp = 1, target = 1, beta0 = 0, locations = 9,
     *   rf = 1.5, separation = 3, lr = 0.02, steps = 1500, switchAt = steps, every }
     * -> { t, time, loss, alpha, beta, margin, alphaB, betaB, marginB, residual, cab, v, c, tau,
     *      reduced: { alpha, beta } (phase 1 prediction), predicted: { betaB, marginB } }
     */
    async transfer(p, opts = {}) {
      const pop = popOf({ neurons: 40, offset: 3, ...p });
      const beta0 = real(p, 'beta0', { min: 0, max: 1000, def: 0 });
      const locations = int(p, 'locations', { min: 2, max: DLAB_PL_MAX_LOCATIONS, def: 9 });
      if (pop.neurons * locations > DLAB_PL_MAX_HIDDEN) {
        throw new RangeError(`neurons x locations must be at most ${DLAB_PL_MAX_HIDDEN}, got ${pop.neurons} x ${locations}`);
      }
      const rf = real(p, 'rf', { min: 0.1, max: 100, def: 1.5 });
      const separation = real(p, 'separation', { min: 0, max: 100, def: 3 });
      const run = runOf(p, 1500);
      const switchAt = int(p, 'switchAt', { min: 0, max: run.steps, def: run.steps });
      const open = () => new Handle(w, 'pl', [pop.neurons, pop.width, pop.offset, pop.amp, pop.target, beta0, locations,
        rf, separation], 'dlab_pl_transfer_create');
      return withHandle(open, async (h) => {
        const recs = await trainPl(h, run, opts, { breaks: [switchAt], before: (done) => { if (done === switchAt) h.call('train_at', 1); } });
        const info = infoOf(h);
        const out = unpack(recs, recs.length / run.nrec, 2);
        const { lr } = run, tau = info.tauLr / lr;
        out.time = out.t.map((s) => s / tau);
        Object.assign(out, { c: info.c, v: info.v, dnorm: info.dnorm, tau, cab: info.cab, switchAt, lr });
        const red = reduced({ c: info.c, v: info.v, tau, alpha0: 0, beta0, t: out.t });
        out.reduced = red;
        // Valid while training at a: decision strength transfers scaled by c_a.c_b, input change does not.
        out.predicted = {
          betaB: red.beta.map((b) => b * info.cab),
          marginB: red.beta.map((b) => b * info.v * info.cab),
          marginA: red.beta.map((b, i) => b * info.v * (1 + 2 * red.alpha[i])),
        };
        out.neurons = neuronsOf(h, pop.neurons);
        return out;
      });
    },

    /**
     * Parallel (y = sum w_j x_j) vs serial (y = w_k..w_1 x) units of given informativeness.
     * { info: [..], target = 1, noise = 0.5, lr = 0.02, steps = 2000, every }
     * -> { t, parallel: [w_j(t)], serial: [w_j(t)], parallelChange, serialChange (final - initial) }
     */
    topologies(p) {
      const info = reals(p, 'info', { maxLength: DLAB_PL_MAX_UNITS, each: { min: 0, max: 100, minOpen: true } });
      const target = real(p, 'target', { min: 0, max: 100, minOpen: true, def: 1 });
      const noise = real(p, 'noise', { min: 0, max: 100, def: 0.5 });
      const { lr, steps, every, nrec } = runOf(p, 2000);
      const k = info.length, rs = k + 1;
      const [par, ser] = w.call([info], [nrec * rs, nrec * rs],
        (ip, pp, sp) => w.x.dlab_pl_topologies(k, ip, target, noise, lr, steps, every, pp, sp));
      // Rows [step, w_1..w_k] (perceptual.h).
      const cols = (arr) => Array.from({ length: k }, (_, j) => column(arr, rs, j + 1));
      const parallel = cols(par), serial = cols(ser);
      const change = (ws) => Float64Array.from(ws, (c) => c[nrec - 1] - c[0]);
      return { t: column(par, rs, 0), parallel, serial, parallelChange: change(parallel), serialChange: change(serial), info };
    },
  };
}

// The reduced theory takes over a mode from the simulation where the summed strength first
// reaches this fraction of s_a: the mode has left its plateau and its weights have aligned.
const MATCH_FRACTION = 0.1;

/**
 * The gain offsets (theory.js pathwaysReduced) that the Gaussian start of pathways.h puts
 * along a mode at large width: the input layer's squared gain along its own output
 * direction is scale^2 width / K, a hidden layer's scale^2, the output layer's
 * scale^2 K / width (at D = 2 the output layer follows the input layer directly).
 * null when width < K: a hidden layer narrower than the modes cannot carry each mode
 * along its own direction, and the reduced theory does not apply.
 */
function startOffsets(scale, width, K, depth) {
  const s2 = scale * scale;
  if (width < K && depth > 1) return null;
  return depth === 2 ? { first: s2 * (width / K - K / width), hidden: 0 }
    : { first: s2 * (width / K - 1), hidden: s2 * (1 - K / width) };
}

/**
 * The reduced theory for every mode, started from the simulated strengths at the record
 * where the mode's summed strength first reaches MATCH_FRACTION of s_a, with the start's
 * gain offsets. -> [mode] { from (record index), strength: [pathway] over the records from
 * `from` on } or null (the mode never got there, or only at the last record).
 */
function reducedFromMatch(strength, time, s, depth, offsets) {
  return strength.map((paths, a) => {
    const from = time.findIndex((_, i) => paths.reduce((acc, c) => acc + c[i], 0) >= MATCH_FRACTION * s[a]);
    if (from < 0 || from === time.length - 1) return null;
    const t = Float64Array.from(time.slice(from), (x) => x - time[from]);
    return { from, strength: pathwaysReduced(s[a], depth, paths.map((c) => c[from]), t, offsets) };
  });
}

export function pathways(w) {
  return {
    limits: LIMITS,

    /**
     * The reduced dynamics of one mode of singular value s in P aligned deep linear
     * pathways (theory.js pathwaysReduced): { s, depth, a0: [pathway], t, first = 0,
     * hidden = 0 (squared-gain offsets; 0 = balanced) } -> [pathway] Float64Array over t
     */
    reduced(p) {
      const s = real(p, 's', { min: 0, max: 1000, minOpen: true });
      const depth = int(p, 'depth', { min: 1, max: DLAB_PW_MAX_DEPTH });
      const a0 = reals(p, 'a0', { minLength: 1, maxLength: DLAB_PW_MAX_PATHWAYS, each: { min: -1000, max: 1000 } });
      const t = reals(p, 't', { minLength: 1, maxLength: MAX_RECORDS, each: { min: 0, max: 1e6 } });
      for (let i = 1; i < t.length; i++) if (!(t[i] >= t[i - 1])) throw new RangeError(`t must be ascending, got t[${i - 1}] = ${t[i - 1]} > t[${i}] = ${t[i]}`);
      const first = real(p, 'first', { min: 0, max: 1e4, def: 0 }), hidden = real(p, 'hidden', { min: 0, max: 1e4, def: 0 });
      return pathwaysReduced(s, depth, a0, t, { first, hidden });
    },

    /**
     * { pathways = 3, depth = 3, width = 16, phi = 'linear' (of the hidden layers: 'tanh',
     *   'relu', 'erf'), singularValues = [3, 2, 1], scale = 0.5, lr = 0.02, steps = 2000,
     *   every, seed = 1 }
     * -> { t, time (= t lr), loss, strength: [mode][pathway] Float64Array over time,
     *      share: [mode][pathway] (|a_ap| / sum_q |a_aq|), concentration: [mode]
     *      (sum_p share^2: 1/P even, 1 one pathway), learned: Float64Array [mode] (1 when
     *      the summed strength ends at >= s_a / 2, else 0: a share of nothing learned means
     *      nothing), finalConcentration (mean over the learned modes; NaN if none is),
     *      offsets: { first, hidden } the start's squared-gain offsets (startOffsets; null
     *      when width < modes),
     *      reduced: [mode] the reduced theory from where the mode leaves its plateau
     *      (reducedFromMatch: { from, strength }; null per mode that never does; null for
     *      nonlinear pathways and when offsets is null) }
     */
    async simulate(p, opts = {}) {
      const P = int(p, 'pathways', { min: 1, max: DLAB_PW_MAX_PATHWAYS, def: 3 });
      const depth = int(p, 'depth', { min: 1, max: DLAB_PW_MAX_DEPTH, def: 3 });
      const width = int(p, 'width', { min: 1, max: DLAB_PW_MAX_WIDTH, def: 16 });
      const phi = choice(p, 'phi', PHIS, 'linear');
      const s = reals({ singularValues: [3, 2, 1], ...p }, 'singularValues',
        { maxLength: DLAB_PW_MAX_MODES, each: { min: 0, max: 1000, minOpen: true } });
      const scale = real(p, 'scale', { min: 0, max: 10, minOpen: true, def: 0.5 });
      const run = runOf(p, 2000);
      const seed = seedOf(p);
      const K = s.length;
      const open = () => new Handle(w, 'pw', [P, depth, width, PHI[phi], s, K, scale, seed]);
      return withHandle(open, async (h) => {
        const recs = await train(h, run, DLAB_PW_INFO_LEN, DLAB_PW_INFO_STEPS, { ...opts, label: `depth ${depth}` });
        const size = recs.length / run.nrec, col = (j) => column(recs, size, j), last = run.nrec - 1;
        const strength = Array.from({ length: K }, (_, a) => Array.from({ length: P }, (_, q) => col(DLAB_PW_REC_STRENGTH + a * P + q)));
        const share = strength.map((paths) => paths.map((c, q) => c.map((_, i) => {
          const tot = paths.reduce((acc, x) => acc + Math.abs(x[i]), 0);
          return tot > 0 ? Math.abs(paths[q][i]) / tot : 1 / P;
        })));
        const concentration = share.map((paths) => paths[0].map((_, i) => paths.reduce((acc, c) => acc + c[i] * c[i], 0)));
        const learned = Float64Array.from(strength, (paths, a) => (paths.reduce((acc, c) => acc + c[last], 0) >= s[a] / 2 ? 1 : 0));
        const nLearned = learned.reduce((acc, l) => acc + l, 0);
        const finalConcentration = concentration.reduce((acc, c, a) => acc + learned[a] * c[last], 0) / nLearned;
        const t = col(DLAB_PW_REC_STEP), offsets = startOffsets(scale, width, K, depth);
        return {
          t, time: t.map((x) => x * run.lr), loss: col(DLAB_PW_REC_LOSS).map((x) => Math.max(x, 0)),
          strength, share, concentration, learned, finalConcentration, singularValues: s, pathways: P, depth,
          // Linear pathways only: the reduced theory is that of deep linear pathways.
          offsets, reduced: offsets && (phi === 'linear' || depth === 1) ? reducedFromMatch(strength, t.map((x) => x * run.lr), s, depth, offsets) : null,
        };
      });
    },
  };
}
