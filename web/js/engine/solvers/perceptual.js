// eng.perceptual and eng.pathways: perceptual learning in deep linear networks
// (docs/theory.md §2; Saxe 2015) and multiple deep pathways (docs/theory.md §3;
// Shi, Shea-Brown & Buice 2022).
// Models and record layouts: include/depthlab/perceptual.h, pathways.h.
import { int, real, reals } from '../params.js';
import { chunked } from '../chunked.js';
import { pow } from '../dmath.js';

export const LIMITS = Object.freeze({
  maxNeurons: 720, maxDepth: 10, maxLocations: 32, maxHidden: 4096, maxTimes: 100000,
  maxSteps: 1e7, maxLr: 100, maxUnits: 32, maxSeed: Number.MAX_SAFE_INTEGER, maxRecords: 20000,
  maxPathways: 8, maxPathDepth: 10, maxWidth: 256, maxModes: 16,
});

const seedOf = (p) => int(p, 'seed', { min: 0, max: LIMITS.maxSeed, def: 1 });

/** The tuned population's parameters (perceptual.h), validated in JS first. */
function popOf(p) {
  return {
    neurons: int(p, 'neurons', { min: 2, max: LIMITS.maxNeurons, def: 60 }),
    width: real(p, 'width', { min: 0.5, max: 90, def: 15 }),
    offset: real(p, 'offset', { min: 0, max: 90, minOpen: true, maxOpen: true, def: 2 }),
    amp: real(p, 'amp', { min: 0, max: 1000, minOpen: true, def: 1 }),
    target: real(p, 'target', { min: 0, max: 1000, minOpen: true, def: 1 }),
  };
}

/** lr, steps, every, with the record count bounded. */
function runOf(p, defSteps) {
  const lr = real(p, 'lr', { min: 0, max: LIMITS.maxLr, minOpen: true, def: 0.02 });
  const steps = int(p, 'steps', { min: 1, max: LIMITS.maxSteps, def: defSteps });
  const every = int(p, 'every', { min: 1, max: steps, def: Math.max(1, Math.ceil(steps / 200)) });
  const nrec = Math.ceil(steps / every) + 1;
  if (nrec > LIMITS.maxRecords) {
    throw new RangeError(`steps / every must give at most ${LIMITS.maxRecords} records, got ${nrec} (steps ${steps}, every ${every}); raise every`);
  }
  return { lr, steps, every, nrec };
}

/** Opens a handle with create(outPtr) and returns its address. */
function openHandle(w, create) {
  const out = w.alloc(1);
  try {
    w.check(create(out));
    return new Uint32Array(w.x.memory.buffer)[out / 4];
  } finally {
    w.x.dlab_free(out);
  }
}

/** An int written by C at a one-double scratch slot. */
function readInt(w, fn) {
  const out = w.alloc(1);
  try {
    w.check(fn(out));
    return new Int32Array(w.x.memory.buffer)[out / 4];
  } finally {
    w.x.dlab_free(out);
  }
}

/**
 * Steps a handle `steps` times in chunks, reading a record of `rs` doubles at
 * step 0 and every `every` steps (and the last). before(done) runs ahead of each
 * stretch of steps (to switch the training position, say). Returns the records.
 */
async function drive(w, { step, read, rs, steps, every, nrec, before, breaks = [] }, { signal, onProgress, label }) {
  const recs = new Float64Array(rs * nrec), buf = w.alloc(rs);
  try {
    const take = (i) => {
      w.check(read(buf));
      recs.set(w.f64.subarray(buf / 8, buf / 8 + rs), i * rs);
    };
    take(0);
    let done = 0, r = 1;
    await chunked(steps, (n) => {
      const end = done + n;
      while (done < end) {
        const mark = Math.min(steps, r * every);
        let next = Math.min(end, mark);
        for (const b of breaks) if (b > done && b < next) next = b;
        before?.(done);
        w.check(step(next - done));
        done = next;
        if (done === mark) take(r++);
      }
    }, { signal, first: 16, onProgress: (f) => onProgress?.(f, `${label}: step ${Math.round(f * steps)} of ${steps}`) });
    return recs;
  } finally {
    w.x.dlab_free(buf);
  }
}

const column = (recs, rs, nrec, j) => Float64Array.from({ length: nrec }, (_, i) => recs[i * rs + j]);
const maxAbsDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

export function perceptual(w) {
  const population = (p) => {
    const { neurons, width, offset, amp } = popOf(p);
    const [pref, gplus, gminus, stats] = w.call([], [neurons, neurons, neurons, 4],
      (a, b, c, d) => w.x.dlab_pl_population(neurons, width, offset, amp, a, b, c, d));
    return { pref, gplus, gminus, v: stats[0], dnorm: stats[1], gg: stats[2], gpgm: stats[3] };
  };

  const times = (p) => reals(p, 't', { maxLength: LIMITS.maxTimes, each: { min: 0, max: 1e12 } });

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
    const depth = int(p, 'depth', { min: 2, max: LIMITS.maxDepth });
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

  /** Reads dlab_pl records into named columns. */
  const unpack = (recs, rs, nrec, D) => {
    const col = (j) => column(recs, rs, nrec, j);
    return {
      t: col(0), loss: col(1).map((x) => Math.max(x, 0)), alpha: col(2), beta: col(3), margin: col(4),
      residual: col(5), marginB: col(6), alphaB: col(7), betaB: col(8),
      b: Array.from({ length: D }, (_, l) => col(9 + l)),
      layerChange: Array.from({ length: D }, (_, l) => col(9 + D + l)),
    };
  };

  const infoOf = (h) => {
    const [o] = w.call([], [10], (op) => w.x.dlab_pl_info(h, op));
    return { c: o[0], v: o[1], dnorm: o[2], tauLr: o[3], n: o[4], depth: o[5], hidden: o[6], cab: o[8] };
  };

  const neuronsOf = (h, n) => {
    const [o] = w.call([], [4 * n], (op) => w.x.dlab_pl_neurons(h, op));
    return { pref: o.slice(2 * n, 3 * n), input: o.slice(0, n), readout: o.slice(n, 2 * n), dabs: o.slice(3 * n, 4 * n) };
  };

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
    async simulate(p, { signal, onProgress } = {}) {
      const pop = popOf(p);
      const depth = int(p, 'depth', { min: 2, max: LIMITS.maxDepth, def: 2 });
      const beta0 = real(p, 'beta0', { min: 0, max: 500, def: 0 });
      const decay = real(p, 'decay', { min: 0, max: 10, def: 0.5 });
      const noise = real(p, 'noise', { min: 0, max: 10, def: 0 });
      const { lr, steps, every, nrec } = runOf(p, 2000);
      const seed = seedOf(p);
      const rel0 = depth === 2 ? [2 * beta0] : Array.from({ length: depth - 1 }, (_, k) => pow(decay, k + 1));
      if (depth > 2 && !(decay > 0)) throw new RangeError(`decay must be in (0, 10] for depth > 2, got ${decay}`);
      const rp = w.alloc(depth - 1);
      let sim = 0;
      try {
        w.f64.set(rel0, rp / 8);
        sim = openHandle(w, (out) => w.x.dlab_pl_create(pop.neurons, pop.width, pop.offset, pop.amp, pop.target,
          depth, rp, noise, seed, out));
        const rs = readInt(w, (o) => w.x.dlab_pl_record_size(sim, o));
        const recs = await drive(w, {
          step: (n) => w.x.dlab_pl_step(sim, n, lr), read: (b) => w.x.dlab_pl_read(sim, b), rs, steps, every, nrec,
        }, { signal, onProgress, label: 'training' });
        const info = infoOf(sim);
        const out = unpack(recs, rs, nrec, depth);
        const tau = info.tauLr / lr;
        out.time = out.t.map((s) => s / tau);
        Object.assign(out, { c: info.c, v: info.v, dnorm: info.dnorm, tau, depth, lr, neurons: neuronsOf(sim, pop.neurons) });
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
      } finally {
        if (sim) w.x.dlab_pl_free(sim);
        w.x.dlab_free(rp);
      }
    },

    /**
     * Transfer: train at position a (steps 0..switchAt), then at b (to steps).
     * { neurons = 40, width = 15, offset = 3, amp = 1, target = 1, beta0 = 0, locations = 9,
     *   rf = 1.5, separation = 3, lr = 0.02, steps = 1500, switchAt = steps, every }
     * -> { t, time, loss, alpha, beta, margin, alphaB, betaB, marginB, residual, cab, v, c, tau,
     *      reduced: { alpha, beta } (phase 1 prediction), predicted: { betaB, marginB } }
     */
    async transfer(p, { signal, onProgress } = {}) {
      const pop = popOf({ neurons: 40, offset: 3, ...p });
      const beta0 = real(p, 'beta0', { min: 0, max: 1000, def: 0 });
      const locations = int(p, 'locations', { min: 2, max: LIMITS.maxLocations, def: 9 });
      if (pop.neurons * locations > LIMITS.maxHidden) {
        throw new RangeError(`neurons x locations must be at most ${LIMITS.maxHidden}, got ${pop.neurons} x ${locations}`);
      }
      const rf = real(p, 'rf', { min: 0.1, max: 100, def: 1.5 });
      const separation = real(p, 'separation', { min: 0, max: 100, def: 3 });
      const { lr, steps, every, nrec } = runOf(p, 1500);
      const switchAt = int(p, 'switchAt', { min: 0, max: steps, def: steps });
      const sim = openHandle(w, (out) => w.x.dlab_pl_transfer_create(pop.neurons, pop.width, pop.offset, pop.amp,
        pop.target, beta0, locations, rf, separation, out));
      try {
        const rs = readInt(w, (o) => w.x.dlab_pl_record_size(sim, o));
        const recs = await drive(w, {
          step: (n) => w.x.dlab_pl_step(sim, n, lr), read: (b) => w.x.dlab_pl_read(sim, b), rs, steps, every, nrec,
          breaks: [switchAt], before: (done) => { if (done === switchAt) w.check(w.x.dlab_pl_train_at(sim, 1)); },
        }, { signal, onProgress, label: 'training' });
        const info = infoOf(sim);
        const out = unpack(recs, rs, nrec, 2);
        const tau = info.tauLr / lr;
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
        out.neurons = neuronsOf(sim, pop.neurons);
        return out;
      } finally {
        w.x.dlab_pl_free(sim);
      }
    },

    /**
     * Parallel (y = sum w_j x_j) vs serial (y = w_k..w_1 x) units of given informativeness.
     * { info: [..], target = 1, noise = 0.5, lr = 0.02, steps = 2000, every }
     * -> { t, parallel: [w_j(t)], serial: [w_j(t)], parallelChange, serialChange (final - initial) }
     */
    topologies(p) {
      const info = reals(p, 'info', { maxLength: LIMITS.maxUnits, each: { min: 0, max: 100, minOpen: true } });
      const target = real(p, 'target', { min: 0, max: 100, minOpen: true, def: 1 });
      const noise = real(p, 'noise', { min: 0, max: 100, def: 0.5 });
      const { lr, steps, every, nrec } = runOf(p, 2000);
      const k = info.length, rs = k + 1;
      const [par, ser] = w.call([info], [nrec * rs, nrec * rs],
        (ip, pp, sp) => w.x.dlab_pl_topologies(k, ip, target, noise, lr, steps, every, pp, sp));
      const cols = (arr) => Array.from({ length: k }, (_, j) => column(arr, rs, nrec, j + 1));
      const parallel = cols(par), serial = cols(ser);
      const change = (ws) => Float64Array.from(ws, (c) => c[nrec - 1] - c[0]);
      return { t: column(par, rs, nrec, 0), parallel, serial, parallelChange: change(parallel), serialChange: change(serial), info };
    },
  };
}

export function pathways(w) {
  return {
    limits: LIMITS,

    /**
     * { pathways = 3, depth = 3, width = 16, singularValues = [3, 2, 1], scale = 0.5,
     *   lr = 0.02, steps = 2000, every, seed = 1 }
     * -> { t, time (= t lr), loss, strength: [mode][pathway] Float64Array over time,
     *      share: [mode][pathway] (|a_ap| / sum_q |a_aq|), concentration: [mode]
     *      (sum_p share^2: 1/P even, 1 one pathway), finalConcentration (mean over modes) }
     */
    async simulate(p, { signal, onProgress } = {}) {
      const P = int(p, 'pathways', { min: 1, max: LIMITS.maxPathways, def: 3 });
      const depth = int(p, 'depth', { min: 1, max: LIMITS.maxPathDepth, def: 3 });
      const width = int(p, 'width', { min: 1, max: LIMITS.maxWidth, def: 16 });
      const s = reals({ singularValues: [3, 2, 1], ...p }, 'singularValues',
        { maxLength: LIMITS.maxModes, each: { min: 0, max: 1000, minOpen: true } });
      const scale = real(p, 'scale', { min: 0, max: 10, minOpen: true, def: 0.5 });
      const { lr, steps, every, nrec } = runOf(p, 2000);
      const seed = seedOf(p);
      const K = s.length;
      const sp = w.alloc(K);
      let sim = 0;
      try {
        w.f64.set(s, sp / 8);
        sim = openHandle(w, (out) => w.x.dlab_pw_create(P, depth, width, sp, K, scale, seed, out));
        const rs = readInt(w, (o) => w.x.dlab_pw_record_size(sim, o));
        const recs = await drive(w, {
          step: (n) => w.x.dlab_pw_step(sim, n, lr), read: (b) => w.x.dlab_pw_read(sim, b), rs, steps, every, nrec,
        }, { signal, onProgress, label: `depth ${depth}` });
        const t = column(recs, rs, nrec, 0);
        const strength = Array.from({ length: K }, (_, a) => Array.from({ length: P }, (_, q) => column(recs, rs, nrec, 2 + a * P + q)));
        const share = strength.map((paths) => paths.map((col, q) => col.map((_, i) => {
          const tot = paths.reduce((acc, c) => acc + Math.abs(c[i]), 0);
          return tot > 0 ? Math.abs(paths[q][i]) / tot : 1 / P;
        })));
        const concentration = share.map((paths) => paths[0].map((_, i) => paths.reduce((acc, c) => acc + c[i] * c[i], 0)));
        const finalConcentration = concentration.reduce((acc, c) => acc + c[nrec - 1], 0) / K;
        return {
          t, time: t.map((x) => x * lr), loss: column(recs, rs, nrec, 1).map((x) => Math.max(x, 0)),
          strength, share, concentration, finalConcentration, singularValues: s, pathways: P, depth,
        };
      } finally {
        if (sim) w.x.dlab_pw_free(sim);
        w.x.dlab_free(sp);
      }
    },
  };
}
