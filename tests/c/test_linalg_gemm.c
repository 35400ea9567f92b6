/* GEMM: both kernels against a naive triple loop, all transpose variants, odd sizes,
 * padded leading dimensions, and beta = 0 over a NaN-filled C. */
#include <float.h>
#include <stdlib.h>

#include "check.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"

typedef void (*gemm_fn)(dlab_trans, dlab_trans, int, int, int, double, const double *, int,
                        const double *, int, double, double *, int);

static dlab_rng rng;

/* One case. Stored A is (ta ? k x m : m x k), B is (tb ? n x k : k x n), each with 3 spare
 * columns of padding so leading dimensions exceed the logical widths. */
static void one(const char *name, gemm_fn gemm, dlab_trans ta, dlab_trans tb, int m, int n, int k,
                double alpha, double beta) {
  int ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
  int lda = ac + 3, ldb = bc + 3, ldc = n + 3;
  double *A = malloc(sizeof(double) * ar * lda), *B = malloc(sizeof(double) * br * ldb);
  double *C = malloc(sizeof(double) * m * ldc), *C0 = malloc(sizeof(double) * m * ldc);
  for (int i = 0; i < ar * lda; i++) A[i] = 2 * dlab_rng_uniform(&rng) - 1;
  for (int i = 0; i < br * ldb; i++) B[i] = 2 * dlab_rng_uniform(&rng) - 1;
  for (int i = 0; i < m * ldc; i++) C0[i] = beta == 0 ? NAN : 2 * dlab_rng_uniform(&rng) - 1;
  for (int i = 0; i < m * ldc; i++) C[i] = C0[i];
  gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
  int bad = 0;
  for (int i = 0; i < m && bad < 3; i++) {
    for (int j = 0; j < n + 3 && bad < 3; j++) {
      double got = C[i * ldc + j];
      if (j >= n) {   /* padding must be untouched (NaN == NaN fails, so compare bits) */
        if (!(got == C0[i * ldc + j] || (isnan(got) && isnan(C0[i * ldc + j])))) {
          bad++;
          CHECK(0, "%s ta=%d tb=%d m=%d n=%d k=%d: wrote padding at (%d,%d)", name, ta, tb, m, n, k, i, j);
        }
        continue;
      }
      double s = 0, mag = 0;
      for (int p = 0; p < k; p++) {
        double a = ta ? A[p * lda + i] : A[i * lda + p], b = tb ? B[j * ldb + p] : B[p * ldb + j];
        s += a * b;
        mag += fabs(a * b);
      }
      double want = alpha * s + (beta == 0 ? 0 : beta * C0[i * ldc + j]);
      /* Each side's sum of k products has error <= gamma_(k+2) (|alpha| mag + |beta c|),
       * gamma_j ~ j eps (Higham, Accuracy and Stability, §3.5); the difference of the two
       * is at most twice that. */
      double tol = 2.0 * (k + 2) * DBL_EPSILON *
                   (fabs(alpha) * mag + (beta == 0 ? 0 : fabs(beta * C0[i * ldc + j]))) + 1e-300;
      if (!(fabs(got - want) <= tol)) {
        bad++;
        CHECK(0, "%s ta=%d tb=%d m=%d n=%d k=%d alpha=%g beta=%g: C(%d,%d) = %.17g, want %.17g",
              name, ta, tb, m, n, k, alpha, beta, i, j, got, want);
      }
    }
  }
  CHECK(bad == 0, "%s ta=%d tb=%d m=%d n=%d k=%d alpha=%g beta=%g", name, ta, tb, m, n, k, alpha, beta);
  free(A); free(B); free(C); free(C0);
}

static void all(const char *name, gemm_fn gemm) {
  static const int sizes[] = {1, 3, 7, 17, 64, 65, 130};
  static const double ab[][2] = {{1.0, 0.0}, {-0.7, 1.0}, {1.3, -2.5}, {0.0, 0.5}};
  int ns = sizeof sizes / sizeof *sizes;
  for (int v = 0; v < 4; v++) {
    dlab_trans ta = v & 1 ? DLAB_TRANS : DLAB_NOTRANS, tb = v & 2 ? DLAB_TRANS : DLAB_NOTRANS;
    for (int q = 0; q < 4; q++) {
      double alpha = ab[q][0], beta = ab[q][1];
      for (int s = 0; s < ns; s++) one(name, gemm, ta, tb, sizes[s], sizes[s], sizes[s], alpha, beta);
      /* mixed shapes: every small triple, and rotations through the larger sizes */
      for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
          for (int c = 0; c < 4; c++) one(name, gemm, ta, tb, sizes[a], sizes[b], sizes[c], alpha, beta);
      for (int s = 0; s < ns; s++)
        one(name, gemm, ta, tb, sizes[s], sizes[(s + 2) % ns], sizes[(s + 5) % ns], alpha, beta);
    }
    /* k deeper than one packing slice (KC = 256) with beta != 0 on the first slice only */
    one(name, gemm, ta, tb, 9, 11, 600, 1.0, 0.5);
    one(name, gemm, ta, tb, 9, 11, 600, 1.0, 0.0);
  }
  /* k = 0 and alpha = 0: C = beta C, and beta = 0 still clears NaN */
  double C[4] = {NAN, NAN, NAN, NAN}, D[4] = {1, 2, 3, 4}, Z[1] = {0};
  gemm(DLAB_NOTRANS, DLAB_NOTRANS, 2, 2, 0, 1.0, Z, 1, Z, 2, 0.0, C, 2);
  CHECK(C[0] == 0 && C[1] == 0 && C[2] == 0 && C[3] == 0, "%s: k = 0, beta = 0 must zero C", name);
  gemm(DLAB_NOTRANS, DLAB_NOTRANS, 2, 2, 1, 0.0, Z, 1, Z, 2, 2.0, D, 2);
  CHECK(D[0] == 2 && D[3] == 8, "%s: alpha = 0 scales C by beta", name);
}

static void run(void) {
  dlab_rng_seed(&rng, 7);
  all("portable", dlab_gemm_portable);
  all("simd", dlab_gemm_simd);
  all("dispatch", dlab_gemm);
#ifdef __wasm_simd128__
  CHECK(dlab_have_simd() == 1, "SIMD build must report SIMD");
#else
  CHECK(dlab_have_simd() == 0, "non-SIMD build must not report SIMD");
#endif
}

TEST_MAIN()
