/* Portable reference GEMM and the build-time dispatch. */
#include "depthlab/linalg.h"

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
    /* op(B)(p, j) = B[j * ldb + p]: each C entry is a dot product of contiguous rows. */
    for (int i = 0; i < m; i++) {
      double *c = C + (size_t)i * ldc;
      for (int j = 0; j < n; j++) {
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
