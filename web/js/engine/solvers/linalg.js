// eng.linalg: checked kernels exposed for tests, benchmarks and scripts.
import { int, real, reals, choice, seed } from '../params.js';
import { DLAB_MAX_DIM, DLAB_MAX_ALLOC_F64, DLAB_KERNEL_AUTO, DLAB_KERNEL_PORTABLE, DLAB_KERNEL_SIMD, DLAB_NOTRANS, DLAB_TRANS } from '../c-constants.js';

const KERNEL = Object.freeze({ auto: DLAB_KERNEL_AUTO, portable: DLAB_KERNEL_PORTABLE, simd: DLAB_KERNEL_SIMD });

export function linalg(w) {
  return {
    /** True when the loaded module's SIMD kernels are real SIMD code. */
    get simd() { return w.x.dlab_linalg_have_simd() === 1; },

    /**
     * C = alpha op(A) op(B) + beta C on row-major Float64Arrays.
     * { m, n, k, A, B, C?, alpha = 1, beta = 0, transA = false, transB = false,
     *   kernel = 'auto' | 'portable' | 'simd' } -> Float64Array (m x n)
     */
    gemm(p) {
      const m = int(p, 'm', { min: 1, max: DLAB_MAX_DIM }), n = int(p, 'n', { min: 1, max: DLAB_MAX_DIM });
      const k = int(p, 'k', { min: 1, max: DLAB_MAX_DIM });
      const alpha = real(p, 'alpha', { def: 1 }), beta = real(p, 'beta', { def: 0 });
      const kernel = KERNEL[choice(p, 'kernel', Object.keys(KERNEL), 'auto')];
      const A = reals(p, 'A', { minLength: m * k, maxLength: m * k });
      const B = reals(p, 'B', { minLength: k * n, maxLength: k * n });
      const C = p.C ? reals(p, 'C', { minLength: m * n, maxLength: m * n }) : new Float64Array(m * n);
      const ta = p.transA ? DLAB_TRANS : DLAB_NOTRANS, tb = p.transB ? DLAB_TRANS : DLAB_NOTRANS;
      const ptrs = [];
      try {
        for (const arr of [A, B, C]) ptrs.push(w.copyIn(arr));
        w.check(w.x.dlab_linalg_gemm(kernel, ta, tb, m, n, k, alpha, ptrs[0], ptrs[1], beta, ptrs[2]));
        return w.f64.slice(ptrs[2] / 8, ptrs[2] / 8 + m * n);
      } finally {
        for (const q of ptrs) w.x.dlab_free(q);
      }
    },

    /** Thin SVD: { m, n, A } -> { U (m x p), S (p), V (n x p) }, p = min(m, n). */
    svd(p) {
      const m = int(p, 'm', { min: 1, max: DLAB_MAX_DIM }), n = int(p, 'n', { min: 1, max: DLAB_MAX_DIM });
      const A = reals(p, 'A', { minLength: m * n, maxLength: m * n });
      const q = Math.min(m, n);
      const [U, S, V] = w.call([A], [m * q, q, n * q], (a, u, s, v) => w.x.dlab_linalg_svd(m, n, a, u, s, v));
      return { U, S, V };
    },

    /** n deviates N(0, sd^2) from the seeded stream: { seed, n, sd = 1 } -> Float64Array */
    normal(p) {
      const s = seed(p, undefined);   // no default: the caller names its stream
      const n = int(p, 'n', { min: 1, max: DLAB_MAX_ALLOC_F64 });
      const sd = real(p, 'sd', { min: 0, max: 1e150, def: 1 });
      const [x] = w.call([], [n], (xp) => w.x.dlab_rng_normal_fill(s, sd, xp, n));
      return x;
    },
  };
}
