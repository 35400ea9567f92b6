// One SGD step of the MLP 784-256-256-256-10 (tanh, softmax cross-entropy, batch 128),
// in depthlab (f64, nonlinear.h; wasm SIMD and scalar) and in TensorFlow.js wasm (f32,
// XNNPACK; its autodiff and SGD optimizer), in one run. depthlab's step: a dlab_nl handle
// holding exactly one batch (full batch, so no shuffle), stepped 20 steps per call (each
// call also checks the loss of the weights it leaves: one forward pass per 20 steps).
import { fileURLToPath } from 'node:url';
import { instantiate } from '../web/js/engine/wasm.js';
import { alternating } from './measure.mjs';
import { loadTf } from './tfjs.mjs';

export const WIDTHS = [784, 256, 256, 256, 10], BATCH = 128, PER_CALL = 20;
const here = (p) => new URL(p, import.meta.url);
const LR = 0.01;

/** Inputs in [0, 1) and labels from a fixed stream (the cost does not depend on them). */
function batchData() {
  let s = 12345;
  const u = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const x = Float64Array.from({ length: BATCH * WIDTHS[0] }, u);
  const y = Float64Array.from({ length: BATCH }, () => Math.floor(10 * u()));
  return { x, y };
}

/** One depthlab step function (PER_CALL steps per call) of the build at `file`, and its release. */
async function depthlabStepper(file) {
  const w = await instantiate(here(file));
  const { x, y } = batchData();
  const D = WIDTHS.length - 1;
  const h = w.result('ptr', w.x.dlab_nl_create, D, Float64Array.from(WIDTHS), 1, 1, 1, 0, x, y, 0, BATCH, 0, 0, 0, 0);
  w.invoke(w.x.dlab_nl_init, h, 0, 1, 0, 1);
  return { step: () => w.check(w.x.dlab_nl_step(h, PER_CALL, LR)), work: PER_CALL, close: () => w.x.dlab_nl_free(h) };
}

/** One TensorFlow.js wasm step (f32), and its release. */
async function tfStepper() {
  const tf = await loadTf();
  const { x, y } = batchData();
  const X = tf.tensor2d(Float32Array.from(x), [BATCH, WIDTHS[0]]);
  const Y = tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), 10), 'float32');
  let W = [], b = [];
  for (let l = 1; l < WIDTHS.length; l++) {
    W.push(tf.randomNormal([WIDTHS[l - 1], WIDTHS[l]], 0, 1 / Math.sqrt(WIDTHS[l - 1]), 'float32', l));
    b.push(tf.zeros([WIDTHS[l]]));
  }
  // The step written out as depthlab computes it (tfjs-core alone carries no gradients):
  // forward, E = (softmax - Y) / batch, then per layer dW = A^T G, db = column sums,
  // G <- (G W^T) (1 - A^2) with the old W, W -= lr dW.
  const step = () => {
    const next = tf.tidy(() => {
      const A = [X];
      for (let l = 0; l < W.length; l++) {
        const h = tf.add(tf.matMul(A[l], W[l]), b[l]);
        A.push(l < W.length - 1 ? tf.tanh(h) : h);
      }
      let G = tf.div(tf.sub(tf.softmax(A[W.length]), Y), BATCH);
      const nW = [], nb = [];
      for (let l = W.length - 1; l >= 0; l--) {
        nW[l] = tf.sub(W[l], tf.mul(tf.matMul(tf.transpose(A[l]), G), LR));
        nb[l] = tf.sub(b[l], tf.mul(tf.sum(G, 0), LR));
        if (l > 0) G = tf.mul(tf.matMul(G, tf.transpose(W[l])), tf.sub(1, tf.square(A[l])));
      }
      return [nW, nb];
    });
    next[0][0].dataSync();   // wait for the whole step
    [...W, ...b].forEach((t) => t.dispose());
    [W, b] = next;
  };
  return { step, work: 1, close: () => [X, Y, ...W, ...b].forEach((t) => t.dispose()) };
}

/** -> { simd, scalar, tf } steps per CPU second (tf: null if TF.js is not installed). */
export async function benchNonlinear() {
  const simdStepper = await depthlabStepper('../web/wasm/depthlab.wasm');
  const scalarStepper = await depthlabStepper('../web/wasm/depthlab-scalar.wasm');
  let tfs = null;
  try { tfs = await tfStepper(); } catch (e) { console.log(`(TensorFlow.js not measured: ${e.message}; run npm install)`); }
  const [simd, tf] = alternating(tfs ? [simdStepper, tfs] : [simdStepper]);
  const [scalar] = alternating([scalarStepper], 2);
  for (const s of [simdStepper, scalarStepper, tfs]) s?.close();
  return { simd, scalar, tf: tf ?? null };
}

/** The lines `make bench` prints. */
export function report({ simd, scalar, tf }) {
  const flop = 2 * BATCH * WIDTHS.slice(1).reduce((t, n, l) => t + n * WIDTHS[l], 0) * 3;
  const lines = [`MLP ${WIDTHS.join('-')}, tanh, softmax cross-entropy, batch ${BATCH}, one SGD step (~${(flop / 1e6).toFixed(0)} MFLOP):`,
    `  depthlab wasm-SIMD f64 ${(1000 / simd).toFixed(2)} ms (${(simd * flop / 1e9).toFixed(2)} GFLOP/s)  wasm-scalar f64 ${(1000 / scalar).toFixed(2)} ms`];
  if (tf) lines.push(`  TensorFlow.js 4.22 wasm f32 ${(1000 / tf).toFixed(2)} ms  ->  depthlab f64 / TF.js f32 = ${(simd / tf).toFixed(3)} (target >= 1)`);
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(report(await benchNonlinear()).join('\n'));
