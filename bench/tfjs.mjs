// The peer: TensorFlow.js 4.22, wasm backend (XNNPACK, SIMD, one thread, f32 only),
// a dev dependency for this bench only (the page never loads it). Measures its f32
// GEMM at N = 256 and one full-batch GD step of the same deep linear network as
// bench/deep-linear.mjs (D = 6, N = 256, Sigma11 = I), written the way
// src/models/dl_sim.c does it: partial products P_l = W^l P_(l-1), E = Sigma31 - P_D,
// then backward G_(l-1) = W^l^T G_l, W^l += lr G_l P_(l-1)^T: the same 15 GEMMs.
// Transposes are explicit tf.transpose: matMul's transpose flags are ~7x slower here.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestRate } from './measure.mjs';
import { D, N } from './deep-linear.mjs';

export async function loadTf() {
  const tf = await import('@tensorflow/tfjs-core');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}

/** TF.js f32 GEMM at N = 256, NN: GFLOP/s, and whether it runs SIMD and threads. */
export async function tfGemm() {
  const tf = await loadTf();
  const n = 256;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1), b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  const gemm = bestRate(() => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }, 2 * n ** 3 / 1e9);
  [a, b].forEach((t) => t.dispose());
  return { gemm, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') };
}

/** One full-batch GD step of the deep linear network in TF.js (for alternating), and its release. */
export async function tfDeepLinearStepper() {
  const tf = await loadTf();
  // Orthogonal-ish weights (scaled Gaussian), a diagonal Sigma31: only the cost matters.
  let W = Array.from({ length: D }, (_, l) => tf.randomNormal([N, N], 0, 1 / Math.sqrt(N), 'float32', 10 + l));
  const S31 = tf.tidy(() => tf.mul(tf.eye(N), 2));
  const lr = 1e-3;
  const step = () => {
    const next = tf.tidy(() => {
      const P = [W[0]];
      for (let l = 1; l < D; l++) P.push(tf.matMul(W[l], P[l - 1]));
      let G = tf.sub(S31, P[D - 1]);
      const out = new Array(D);
      for (let l = D - 1; l >= 1; l--) {
        const Gn = tf.matMul(tf.transpose(W[l]), G);
        out[l] = tf.add(W[l], tf.mul(tf.matMul(G, tf.transpose(P[l - 1])), lr));
        G = Gn;
      }
      out[0] = tf.add(W[0], tf.mul(G, lr));
      return out;
    });
    next[0].dataSync();   // wait for the whole step
    W.forEach((t) => t.dispose());
    W = next;
  };
  return { step, work: 1, close: () => [...W, S31].forEach((t) => t.dispose()) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await tfGemm());
