// eng.nonlinear: fully connected nonlinear networks trained by minibatch SGD on real
// data (docs/theory.md §5.12), in wasm (nonlinear.h) on the one gradient-descent core.
import { int, real, reals, choice, seed as seedOf } from '../params.js';
import { fingerprint } from '../fingerprint.js';
import { Handle, withHandle, column, resumeOf } from '../handle.js';
import { loadFashionMnist } from '../data.js';
import { PHI, PHIS } from './chaos.js';
import {
  DLAB_NL_MAX_DEPTH, DLAB_NL_MAX_WIDTH, DLAB_NL_MAX_SAMPLES, DLAB_NL_MAX_STEPS, DLAB_NL_MAX_LR,
  DLAB_NL_MAX_SW, DLAB_NL_MAX_SB, DLAB_NL_SQUARED, DLAB_NL_SOFTMAX, DLAB_NL_INIT_GAUSSIAN, DLAB_NL_INIT_ORTHOGONAL,
  DLAB_NL_REC_LEN, DLAB_NL_REC_EPOCH, DLAB_NL_REC_TRAIN_LOSS, DLAB_NL_REC_TRAIN_ERROR, DLAB_NL_REC_TEST_LOSS,
  DLAB_NL_REC_TEST_ERROR, DLAB_NL_INFO_LEN, DLAB_NL_INFO_PARAMS, DLAB_NL_INFO_STEPS, DLAB_NL_INFO_EPOCH_STEPS,
  DLAB_EDIVERGED,
} from '../c-constants.js';

const LOSS = Object.freeze({ squared: DLAB_NL_SQUARED, softmax: DLAB_NL_SOFTMAX });
const INIT = Object.freeze({ gaussian: DLAB_NL_INIT_GAUSSIAN, orthogonal: DLAB_NL_INIT_ORTHOGONAL });
const MAX_RECORDS = 100000;

/** The limits, by name (from nonlinear.h). */
export const LIMITS = Object.freeze({
  maxDepth: DLAB_NL_MAX_DEPTH, maxWidth: DLAB_NL_MAX_WIDTH, maxSamples: DLAB_NL_MAX_SAMPLES,
  maxSteps: DLAB_NL_MAX_STEPS, maxLr: DLAB_NL_MAX_LR, maxSw: DLAB_NL_MAX_SW, maxSb: DLAB_NL_MAX_SB, maxRecords: MAX_RECORDS,
});

// ---- data ---------------------------------------------------------------------------

/**
 * The first n images of a class-balanced prefix: class c gets floor(n / k) images, one more
 * for the first n mod k classes, each class's first ones in file order (the file is
 * class-balanced, in the original order); pixels / 255.
 */
function balancedPrefix(part, n, classes) {
  const px = part.X.length / part.count, take = [];
  const quota = Array.from({ length: classes }, (_, c) => Math.floor(n / classes) + (c < n % classes ? 1 : 0));
  for (let i = 0; i < part.count && take.length < n; i++) {
    if (quota[part.y[i]] > 0) { quota[part.y[i]]--; take.push(i); }
  }
  const x = new Float64Array(n * px), y = new Int32Array(n);
  take.forEach((i, r) => {
    for (let j = 0; j < px; j++) x[r * px + j] = part.X[i * px + j] / 255;
    y[r] = part.y[i];
  });
  return { x, y };
}

/** A row-major matrix of `rows` x `cols` numbers, or undefined. */
function matrix(p, name, cols) {
  if (p[name] === undefined) return undefined;
  const v = reals(p, name, { minLength: cols, maxLength: cols * DLAB_NL_MAX_SAMPLES });
  if (v.length % cols) throw new RangeError(`${name} must hold rows of ${cols} numbers, got ${v.length} numbers`);
  return v;
}

/** Class labels (whole numbers in [0, classes - 1]), `rows` of them. */
function labelsOf(p, name, rows, classes) {
  const v = reals(p, name, { minLength: rows, maxLength: rows, each: { min: 0, max: classes - 1 } });
  v.forEach((c, i) => { if (!Number.isInteger(c)) throw new RangeError(`${name}[${i}] must be a class in [0, ${classes - 1}], got ${c}`); });
  return v;
}

/** { x, labels | targets, rows } of the custom data object d; `test`: its test part. */
function customPart(d, test, inputs, outputs, regression) {
  const xn = test ? 'xTest' : 'x', yn = test ? 'yTest' : 'y', tn = test ? 'targetsTest' : 'targets';
  if (test && d[xn] === undefined) return { x: new Float64Array(0), rows: 0 };
  const x = matrix(d, xn, inputs);
  if (!x) throw new RangeError(`data.${xn} is required: rows x inputs numbers, row-major`);
  const rows = x.length / inputs;
  if (regression) {
    const t = reals(d, tn, { minLength: rows * outputs, maxLength: rows * outputs });
    return { x, targets: t, rows };
  }
  return { x, labels: labelsOf(d, yn, rows, outputs), rows };
}

/** The data of p: Fashion-MNIST prefixes or the caller's arrays, checked. */
async function dataOf(p) {
  const d = p.data ?? 'fashion-mnist';
  if (d === 'fashion-mnist') {
    const fm = await loadFashionMnist();
    const classes = fm.classes.length ?? fm.classes;
    const trainSize = int(p, 'trainSize', { min: 1, max: fm.train.count, def: 1000 });
    const testSize = int(p, 'testSize', { min: 0, max: fm.test.count, def: 500 });
    const tr = balancedPrefix(fm.train, trainSize, classes), te = balancedPrefix(fm.test, testSize, classes);
    return { name: d, inputs: fm.side * fm.side, outputs: classes, regression: false,
      train: { x: tr.x, labels: Float64Array.from(tr.y), rows: trainSize },
      test: { x: te.x, labels: Float64Array.from(te.y), rows: testSize } };
  }
  if (d === null || typeof d !== 'object') throw new RangeError(`data must be 'fashion-mnist' or an object { x, y, xTest, yTest, inputs, classes }, got ${JSON.stringify(d)?.slice(0, 40)}`);
  const inputs = int(d, 'inputs', { min: 1, max: DLAB_NL_MAX_WIDTH });
  const regression = d.targets !== undefined;
  const outputs = regression ? int(d, 'outputs', { min: 1, max: DLAB_NL_MAX_WIDTH }) : int(d, 'classes', { min: 2, max: DLAB_NL_MAX_WIDTH });
  const train = customPart(d, false, inputs, outputs, regression), test = customPart(d, true, inputs, outputs, regression);
  const cut = (part, n) => (n === undefined || n >= part.rows ? part : {
    x: part.x.subarray(0, n * inputs), rows: n,
    ...(regression ? { targets: part.targets.subarray(0, n * outputs) } : { labels: part.labels.subarray(0, n) }),
  });
  const trainSize = p.trainSize === undefined ? undefined : int(p, 'trainSize', { min: 1, max: train.rows });
  const testSize = p.testSize === undefined ? undefined : int(p, 'testSize', { min: 0, max: test.rows });
  return { name: 'custom', inputs, outputs, regression, train: cut(train, trainSize), test: cut(test, testSize) };
}

// ---- the network --------------------------------------------------------------------

/** Everything but the data and the run length, checked. */
function networkOf(p, data) {
  const hidden = p.hidden === undefined ? [] : Array.from(reals(p, 'hidden', { minLength: 0, maxLength: DLAB_NL_MAX_DEPTH - 1, each: { min: 1, max: DLAB_NL_MAX_WIDTH } }));
  hidden.forEach((v, i) => { if (!Number.isInteger(v)) throw new RangeError(`hidden[${i}] must be an integer in [1, ${DLAB_NL_MAX_WIDTH}], got ${v}`); });
  const loss = choice(p, 'loss', Object.keys(LOSS), 'softmax');
  if (loss === 'softmax' && data.regression) throw new RangeError('loss softmax needs class labels (data.y), not real targets; use loss: \'squared\'');
  return {
    widths: Float64Array.from([data.inputs, ...hidden, data.outputs]),
    phi: choice(p, 'phi', PHIS, 'tanh'),
    sw: real(p, 'sw', { min: 0, max: DLAB_NL_MAX_SW, def: 1 }),
    sb: real(p, 'sb', { min: 0, max: DLAB_NL_MAX_SB, def: 0 }),
    biases: p.biases ?? true,
    init: choice(p, 'init', Object.keys(INIT), 'gaussian'),
    loss,
    batch: int(p, 'batch', { min: 0, max: DLAB_NL_MAX_SAMPLES, def: 0 }),
    seed: seedOf(p),
  };
}

class Network extends Handle {
  /** A dlab_nl handle of `net` on `data`, initialised (freed again if that fails). */
  static open(w, net, data) {
    if (typeof net.biases !== 'boolean') throw new RangeError(`biases must be true or false, got ${JSON.stringify(net.biases)}`);
    const { train: tr, test: te } = data, none = 0;
    const h = new Network(w, 'nl', [net.widths.length - 1, net.widths, PHI[net.phi], LOSS[net.loss], net.biases ? 1 : 0,
      net.batch, tr.x, tr.labels ?? none, tr.targets ?? none, tr.rows,
      te.rows ? te.x : none, te.rows ? te.labels ?? none : none, te.rows ? te.targets ?? none : none, te.rows]);
    try {
      h.call('init', INIT[net.init], net.sw, net.sb, net.seed);
    } catch (e) {
      h.free();
      throw e;
    }
    return h;
  }

  info() { return this.doubles('info', DLAB_NL_INFO_LEN); }

  params() { return this.doubles('get_params', this.info()[DLAB_NL_INFO_PARAMS]); }

  /** The run as plain data: its key, step count and parameters. */
  state(run) { return { run, steps: this.info()[DLAB_NL_INFO_STEPS], params: this.params() }; }
}

/** Fingerprint of what fixes a trajectory (a paused state resumes only its own run). */
function runKey(net, data) {
  const { widths, phi, sw, sb, biases, init, loss, batch, seed } = net;
  return fingerprint([widths, PHI[phi], sw, sb, biases ? 1 : 0, INIT[init], LOSS[loss], batch, seed,
    data.train.x, data.train.labels ?? data.train.targets, data.test.x, data.test.labels ?? data.test.targets ?? []]);
}
const RESUMABLE = { fixed: 'data, network, init, loss, batch or seed', changeable: 'lr, epochs, steps and recordEvery' };

/** Both forms of the options: in p (as the lead's views pass them) or as the second argument (the worker). */
const optionsOf = (p, o = {}) => ({ signal: p.signal ?? o.signal, onProgress: p.onProgress ?? o.onProgress });

export function nonlinear(w) {
  return {
    /**
     * Trains a network by minibatch SGD (nonlinear.h). Parameters:
     *   data = 'fashion-mnist' (14 x 14 pixels / 255, 10 classes) with trainSize (default
     *     1000) and testSize (default 500): class-balanced prefixes; or { x, y, xTest, yTest,
     *     inputs, classes } (x rows x inputs row-major, y labels) or, for the squared loss,
     *     { x, targets, xTest, targetsTest, inputs, outputs } (real targets), cut to
     *     trainSize / testSize rows if given;
     *   hidden: [w1, w2, ...] hidden widths (depth = hidden.length + 1), phi = 'tanh' |
     *     'linear' | 'relu' | 'erf' (hidden layers; the readout is linear), sw = 1, sb = 0,
     *     biases = true, init = 'gaussian' | 'orthogonal', loss = 'softmax' | 'squared',
     *   lr, batch (0 or >= trainSize: full batch), epochs (or steps: SGD steps in all),
     *   recordEvery = 1 (epochs between records), seed, resumable, resume, and the options
     *   onProgress, signal (here or as the second argument).
     * -> { epoch, trainLoss, trainError, testLoss, testError: Float64Array per record (at 0,
     *   every recordEvery epochs, and the end), diverged: false or the sentence (the records
     *   then stop before it), stepsPerEpoch, state? ({ run, steps, params }), fingerprint }.
     */
    async train(p, opts) {
      const { signal, onProgress } = optionsOf(p, opts);
      const data = await dataOf(p);
      const net = networkOf(p, data);
      const lr = real(p, 'lr', { min: 0, max: DLAB_NL_MAX_LR, minOpen: true });
      const recordEvery = int(p, 'recordEvery', { min: 1, max: DLAB_NL_MAX_STEPS, def: 1 });
      const run = p.resumable || p.resume !== undefined ? runKey(net, data) : '';
      return withHandle(() => Network.open(w, net, data), async (h) => {
        const info = h.info(), epochSteps = info[DLAB_NL_INFO_EPOCH_STEPS];
        if (p.resume !== undefined) {
          const from = resumeOf({ resume: p.resume && { ...p.resume, weights: p.resume.params } }, run, info[DLAB_NL_INFO_PARAMS], RESUMABLE);
          h.call('restore', from.weights, from.steps);
        }
        const steps = p.steps !== undefined
          ? int(p, 'steps', { min: 0, max: DLAB_NL_MAX_STEPS })
          : int(p, 'epochs', { min: 0, max: Math.floor(DLAB_NL_MAX_STEPS / epochSteps) }) * epochSteps;
        const every = Math.min(Math.max(1, steps), recordEvery * epochSteps);
        if (Math.ceil(steps / every) + 1 > MAX_RECORDS) throw new RangeError(`epochs / recordEvery must give at most ${MAX_RECORDS} records; raise recordEvery`);
        const rows = [];
        let diverged = false;
        try {
          await h.record({
            steps, every, size: DLAB_NL_REC_LEN,
            step: (n) => w.x.dlab_nl_step(h.ptr, n, lr),
            read: (out) => { const st = w.x.dlab_nl_read(h.ptr, out); if (!st) rows.push(w.f64.slice(out / 8, out / 8 + DLAB_NL_REC_LEN)); return st; },
            explain: () => ({ lr, step: h.info()[DLAB_NL_INFO_STEPS] }),
          }, { signal, onProgress, first: 1, note: (done) => `epoch ${Math.floor(done / epochSteps)} of ${Math.ceil(steps / epochSteps)}` });
        } catch (e) {
          if (e.status !== DLAB_EDIVERGED) throw e;
          diverged = e.message;
        }
        const recs = new Float64Array(rows.length * DLAB_NL_REC_LEN);
        rows.forEach((r, i) => recs.set(r, i * DLAB_NL_REC_LEN));
        const col = (j) => column(recs, DLAB_NL_REC_LEN, j);
        const result = {
          epoch: col(DLAB_NL_REC_EPOCH), trainLoss: col(DLAB_NL_REC_TRAIN_LOSS), trainError: col(DLAB_NL_REC_TRAIN_ERROR),
          testLoss: col(DLAB_NL_REC_TEST_LOSS), testError: col(DLAB_NL_REC_TEST_ERROR),
          diverged, stepsPerEpoch: epochSteps,
        };
        if (p.resumable && !diverged) result.state = h.state(run);
        result.fingerprint = fingerprint(recs);
        return result;
      });
    },

    /**
     * The loss on given rows and its exact gradient (backprop) at the start of a network
     * (p as train takes it, without lr and epochs; or at `params` in the layout below),
     * for gradient checks: rows = { x, y } or { x, targets } (the data's kind; default the
     * training set). -> { loss, gradient, params: Float64Array in the layout W^1, b^1, ...,
     * W^D, b^D (each W row-major n_l x n_(l-1)), widths }.
     */
    async gradient(p) {
      const data = await dataOf(p);
      const net = networkOf(p, data);
      return withHandle(() => Network.open(w, net, data), (h) => {
        const count = h.info()[DLAB_NL_INFO_PARAMS];
        if (p.params !== undefined) h.call('restore', reals(p, 'params', { minLength: count, maxLength: count }), 0);
        const r = p.rows ?? { x: data.train.x, y: data.train.labels, targets: data.train.targets };
        const x = matrix(r, 'x', data.inputs);
        if (!x) throw new RangeError('rows.x is required: rows x inputs numbers');
        const n = x.length / data.inputs;
        const labels = data.regression ? 0 : labelsOf(r, 'y', n, data.outputs);
        const targets = data.regression ? reals(r, 'targets', { minLength: n * data.outputs, maxLength: n * data.outputs }) : 0;
        const [loss, gradient] = w.call([x, ...(labels ? [labels] : []), ...(targets ? [targets] : [])], [1, count], (...ptrs) => {
          const [px, second, l, g] = ptrs;
          return labels ? w.x.dlab_nl_gradient(h.ptr, px, second, 0, n, l, g) : w.x.dlab_nl_gradient(h.ptr, px, 0, second, n, l, g);
        });
        return { loss: loss[0], gradient, params: h.params(), widths: Array.from(net.widths) };
      });
    },
  };
}
