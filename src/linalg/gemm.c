/* Portable reference GEMM and the build-time dispatch. */
#include "linalg/linalg_internal.h"
#include "linalg/gemm_blocking.h"

/* Every C entry gets exactly the SIMD kernel's arithmetic (gemm_simd.c), so the scalar
 * and SIMD builds give the same bits: op(A) op(B) is summed over p in slices of
 * DLAB_GEMM_KC, each slice as one sequential sum starting from 0; the first slice's
 * alpha * sum is added to beta * C (to C when beta is 1; C is not read when beta is 0),
 * later slices' alpha * sum to C. IEEE mul and add are exact per operation, and wasm has
 * no scalar FMA, so equal order means equal results. */
void dlab_gemm_portable(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
                        const double *A, int lda, const double *B, int ldb,
                        double beta, double *C, int ldc) {
  if (m <= 0 || n <= 0) return;
  if (alpha == 0.0 || k <= 0) {   /* nothing to multiply: only scale C */
    for (int i = 0; i < m; i++) {
      double *c = C + (size_t)i * ldc;
      if (beta == 0.0) for (int j = 0; j < n; j++) c[j] = 0.0;
      else if (beta != 1.0) for (int j = 0; j < n; j++) c[j] *= beta;
    }
    return;
  }
  /* Element p of row i of op(A), and element (p, j) of op(B). */
  size_t a_row = ta == DLAB_NOTRANS ? (size_t)lda : 1, a_col = ta == DLAB_NOTRANS ? 1 : (size_t)lda;
  size_t b_row = tb == DLAB_NOTRANS ? (size_t)ldb : 1, b_col = tb == DLAB_NOTRANS ? 1 : (size_t)ldb;
  enum { W = 64 };
  double acc[W];   /* the sums of up to W entries of a row of C, one slice of p */
  for (int i = 0; i < m; i++) {
    double *c = C + (size_t)i * ldc;
    const double *a = A + (size_t)i * a_row;
    for (int j0 = 0; j0 < n; j0 += W) {
      int w = n - j0 < W ? n - j0 : W;
      for (int p0 = 0; p0 < k; p0 += DLAB_GEMM_KC) {
        int p1 = k - p0 < DLAB_GEMM_KC ? k : p0 + DLAB_GEMM_KC;
        for (int j = 0; j < w; j++) acc[j] = 0.0;
        if (tb == DLAB_NOTRANS) {
          /* i-p-j: the inner loop runs along a row of B; each acc[j] still sums in p order */
          for (int p = p0; p < p1; p++) {
            double ap = a[p * a_col];
            const double *b = B + (size_t)p * b_row + j0;
            for (int j = 0; j < w; j++) acc[j] += ap * b[j];
          }
        } else {
          /* op(B)(p, j) = B[j * ldb + p]: dot products of contiguous rows */
          for (int j = 0; j < w; j++) {
            const double *b = B + (size_t)(j0 + j) * b_col;
            double s = 0.0;
            for (int p = p0; p < p1; p++) s += a[p * a_col] * b[p];
            acc[j] = s;
          }
        }
        double *cj = c + j0;
        if (p0 > 0 || beta == 1.0) for (int j = 0; j < w; j++) cj[j] = alpha * acc[j] + cj[j];
        else if (beta == 0.0) for (int j = 0; j < w; j++) cj[j] = alpha * acc[j];
        else for (int j = 0; j < w; j++) cj[j] = alpha * acc[j] + beta * cj[j];
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
