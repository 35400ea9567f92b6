// eng.data: the statistics of real data that the deep linear simulator trains on
// (dl_sim.h, data option 3): Fashion-MNIST (engine/data.js) reduced to Sigma11 and Sigma31.
//
// The inputs are the pixels scaled to [0, 1] and centred (the training mean image
// subtracted), in the basis of their principal directions, keeping the top `components`:
//   x~ = E_k^T (x / 255 - mean),   Sigma11 = <x~ x~^T> = diag(lambda_1 .. lambda_k),
//   Sigma31 = <y x~^T>,  y the one-hot label,  y2 = <|y|^2> = 1.
// Why centred: a network without biases would otherwise spend its largest input mode on the
// mean image (variance |mean|^2, several times lambda_1), which caps the learning rate and
// says nothing about the classes. Why not whitened: greedy pretraining picks the top
// principal directions, which whitening would erase (every direction variance 1). Why the
// principal basis: gradient descent from Gaussian or orthogonal starts is the same in any
// rotated basis, the covariance is diagonal (cheaper steps, exact minimum loss), and keeping
// the top k directions drops the near-zero-variance ones no run could fit in a browser.
import { int } from '../params.js';
import { loadFashionMnist } from '../data.js';

const SIDE2 = 196, CLASSES = 10, BLOCK = 4000;   // BLOCK: samples per product (the GEMM takes sizes <= 4096)

/** { X: Float64Array (P x 196, scaled, centred), y: labels, mean, counts } of the first perClass training images of each class. */
function samples(fm, perClass) {
  const pick = [], taken = new Array(CLASSES).fill(0);
  for (let i = 0; i < fm.train.count; i++) {
    const c = fm.train.y[i];
    if (taken[c] < perClass) { taken[c]++; pick.push(i); }
  }
  const P = pick.length, X = new Float64Array(P * SIDE2), mean = new Float64Array(SIDE2);
  pick.forEach((i, k) => {
    for (let j = 0; j < SIDE2; j++) X[k * SIDE2 + j] = fm.train.X[i * SIDE2 + j] / 255;
  });
  for (let k = 0; k < P; k++) for (let j = 0; j < SIDE2; j++) mean[j] += X[k * SIDE2 + j];
  for (let j = 0; j < SIDE2; j++) mean[j] /= P;
  for (let k = 0; k < P; k++) for (let j = 0; j < SIDE2; j++) X[k * SIDE2 + j] -= mean[j];
  return { X, y: Uint8Array.from(pick, (i) => fm.train.y[i]), mean, counts: taken, P };
}

/** Sigma11 (196 x 196) of the centred pixels: a sum of GEMMs over blocks of samples, then / P. */
function pixelCovariance(w, X, P) {
  const S = new Float64Array(SIDE2 * SIDE2);
  for (let at = 0; at < P; at += BLOCK) {
    const rows = Math.min(BLOCK, P - at);
    const part = w.matmul(X.subarray(at * SIDE2, (at + rows) * SIDE2), X.subarray(at * SIDE2, (at + rows) * SIDE2), SIDE2, rows, SIDE2, { transA: true });
    for (let i = 0; i < S.length; i++) S[i] += part[i];
  }
  for (let i = 0; i < S.length; i++) S[i] /= P;
  return S;
}

function fashionStats(w, fm, perClass, k) {
  const { X, y, mean, counts, P } = samples(fm, perClass);
  const S11 = pixelCovariance(w, X, P);
  // Symmetric positive semi-definite: its SVD is its eigen-decomposition, eigenvalues descending.
  const [, lambda, E] = w.call([S11], [SIDE2 * SIDE2, SIDE2, SIDE2 * SIDE2],
    (a, u, s, v) => w.x.dlab_linalg_svd(SIDE2, SIDE2, a, u, s, v));
  const basis = new Float64Array(SIDE2 * k);   // E_k, 196 x k
  for (let i = 0; i < SIDE2; i++) for (let a = 0; a < k; a++) basis[i * k + a] = E[i * SIDE2 + a];
  // Sigma31 = <y x~^T> = (per class: the sum of its projected images) / P.
  const sigma31 = new Float64Array(CLASSES * k);
  for (let at = 0; at < P; at += BLOCK) {
    const rows = Math.min(BLOCK, P - at);
    const Xk = w.matmul(X.subarray(at * SIDE2, (at + rows) * SIDE2), basis, rows, SIDE2, k);
    for (let s = 0; s < rows; s++) for (let a = 0; a < k; a++) sigma31[y[at + s] * k + a] += Xk[s * k + a];
  }
  for (let i = 0; i < sigma31.length; i++) sigma31[i] /= P;
  const sigma11 = new Float64Array(k * k);
  for (let a = 0; a < k; a++) sigma11[a * k + a] = lambda[a];   // diagonal by construction of the basis
  let total = 0, kept = 0, fitted = 0;
  for (let a = 0; a < SIDE2; a++) total += lambda[a];
  for (let a = 0; a < k; a++) {
    kept += lambda[a];
    if (lambda[a] > 0) for (let c = 0; c < CLASSES; c++) fitted += (sigma31[c * k + a] * sigma31[c * k + a]) / lambda[a];
  }
  return {
    samples: P, counts, inputs: k, outputs: CLASSES, sigma11, sigma31, y2: 1,
    variances: lambda, explained: kept / total, mean, basis,
    zeroLoss: 0.5, minLoss: 0.5 * (1 - fitted),
  };
}

const caches = new WeakMap();   // per engine: SIMD and scalar builds may round differently

export function dataStats(w) {
  if (!caches.has(w)) caches.set(w, new Map());
  const cache = caches.get(w);
  return {
    /**
     * Fashion-MNIST reduced to what full-batch gradient descent on a linear network sees.
     * { perClass = 1000 (1..1000 training images per class), components = 196 (1..196,
     *   principal directions kept) } ->
     * { samples, counts (per class), inputs (= components), outputs (10), sigma11 (k x k,
     *   diagonal), sigma31 (10 x k), y2 (1), variances (all 196 eigenvalues of the pixel
     *   covariance, descending), explained (fraction of the pixel variance kept), mean (196,
     *   the mean image in [0, 1]), basis (196 x k, the principal directions in columns),
     *   zeroLoss (the loss at W = 0), minLoss (the least loss any linear map of the kept
     *   inputs reaches) }. Computed once per worker for each setting.
     */
    async fashionMnistStats(p = {}) {
      const perClass = int(p, 'perClass', { min: 1, max: 1000, def: 1000 });
      const k = int(p, 'components', { min: 1, max: SIDE2, def: SIDE2 });
      const key = `${perClass}:${k}`;
      if (!cache.has(key)) {
        const fm = await loadFashionMnist();
        if (perClass > fm.trainPerClass) throw new RangeError(`perClass must be at most ${fm.trainPerClass} (images per class in the built data), got ${perClass}`);
        cache.set(key, fashionStats(w, fm, perClass, k));
      }
      return cache.get(key);
    },
  };
}
