/* Portable reference GEMM and the build-time dispatch. */
#include "linalg/linalg_internal.h"

void dlab_gemm_portable(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
                        const double *A, int lda, const double *B, int ldb,
                        double beta, double *C, int ldc) {
  if (m <= 0 || n <= 0) return;
  /* Scale C first; beta == 0 overwrites so NaN/Inf already in C never leak in. */
  for (int i = 0; i < m; i++) {
    double *c = C + (size_t)i * ldc;
    if (beta == 0.0) for (int j = 0; j < n; j++) c[j] = 0.0;
    else if (beta != 1.0) for (int j = 0; j < n; j++) c[j] *= beta;
  }
  if (alpha == 0.0 || k <= 0) return;

  /* Element p of row i of op(A), and of column j of op(B). */
  size_t a_row = ta == DLAB_NOTRANS ? (size_t)lda : 1, a_col = ta == DLAB_NOTRANS ? 1 : (size_t)lda;
  if (tb == DLAB_NOTRANS) {
    /* i-p-j order: the inner loop runs along a row of B and a row of C. */
    for (int i = 0; i < m; i++) {
      double *c = C + (size_t)i * ldc;
      for (int p = 0; p < k; p++) {
        double a = alpha * A[i * a_row + p * a_col];
        const double *b = B + (size_t)p * ldb;
        for (int j = 0; j < n; j++) c[j] += a * b[j];
      }
    }
  } else {
    /* op(B)(p, j) = B[j * ldb + p]: each C entry is a dot product of contiguous rows.
     * Four columns at a time: four independent sums instead of one long chain of
     * dependent adds (4x faster natively; the compiler may not reorder one sum). */
    for (int i = 0; i < m; i++) {
      double *c = C + (size_t)i * ldc;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        const double *b0 = B + (size_t)j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (int p = 0; p < k; p++) {
          double a = A[i * a_row + p * a_col];
          s0 += a * b0[p]; s1 += a * b1[p]; s2 += a * b2[p]; s3 += a * b3[p];
        }
        c[j] += alpha * s0; c[j + 1] += alpha * s1; c[j + 2] += alpha * s2; c[j + 3] += alpha * s3;
      }
      for (; j < n; j++) {
        const double *b = B + (size_t)j * ldb;
        double s = 0.0;
        for (int p = 0; p < k; p++) s += A[i * a_row + p * a_col] * b[p];
        c[j] += alpha * s;
      }
    }
  }
}

void dlab_gemm(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
               const double *A, int lda, const double *B, int ldb, double beta,
               double *C, int ldc) {
#ifdef __wasm_simd128__
  dlab_gemm_simd(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
#else
  dlab_gemm_portable(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
#endif
}
