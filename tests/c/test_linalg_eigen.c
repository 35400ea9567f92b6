/* Symmetric eigen-decomposition by cyclic Jacobi. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/linalg.h"
#include "depthlab/rng.h"
#include "depthlab/status.h"

static dlab_rng rng;

/* Checks A Q = Q diag(w), Q^T Q = I, ascending w, signs; returns w (caller frees). */
static double *check_eigen(int n, const double *A, int lda, const char *what) {
  double *w = malloc(sizeof(double) * n), *Q = malloc(sizeof(double) * n * n);
  double *work = malloc(sizeof(double) * dlab_eigen_work_size(n));
  int st = dlab_eigen_sym(n, A, lda, w, Q, work);
  CHECK(st == DLAB_OK, "%s n=%d: status %d (%s)", what, n, st, dlab_last_error());
  double norm = 0, res = 0, orth = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double aq = 0, qq = 0;
      for (int k = 0; k < n; k++) { aq += A[i * lda + k] * Q[k * n + j]; qq += Q[k * n + i] * Q[k * n + j]; }
      res += (aq - Q[i * n + j] * w[j]) * (aq - Q[i * n + j] * w[j]);
      orth += (qq - (i == j)) * (qq - (i == j));
      norm += A[i * lda + j] * A[i * lda + j];
    }
  /* Jacobi is backward stable: each of the O(n^2) rotations per sweep perturbs by O(eps),
   * so ||A Q - Q W||_F and ||Q^T Q - I||_F are ~ n^2 eps (times ||A||_F) at worst. */
  double tol = (double)n * n * DBL_EPSILON;
  CHECK(sqrt(res) <= tol * sqrt(norm) + 1e-300, "%s n=%d: ||AQ - QW|| = %g", what, n, sqrt(res));
  CHECK(sqrt(orth) <= tol, "%s n=%d: ||Q^T Q - I|| = %g", what, n, sqrt(orth));
  int asc = 1, signs = 1;
  for (int j = 0; j < n; j++) {
    asc &= j == 0 || w[j] >= w[j - 1];
    double big = 0, at = 0;
    for (int k = 0; k < n; k++) if (fabs(Q[k * n + j]) > big) { big = fabs(Q[k * n + j]); at = Q[k * n + j]; }
    signs &= at > 0;
  }
  CHECK(asc, "%s n=%d: eigenvalues not ascending", what, n);
  CHECK(signs, "%s n=%d: largest entry of an eigenvector is negative", what, n);
  double *w2 = malloc(sizeof(double) * n);
  CHECK(dlab_eigen_sym(n, A, lda, w2, NULL, work) == DLAB_OK && memcmp(w, w2, sizeof(double) * n) == 0,
        "%s n=%d: Q = NULL gives the same eigenvalues", what, n);
  free(w2); free(Q); free(work);
  return w;
}

static void run(void) {
  dlab_rng_seed(&rng, 3);
  for (int n = 1; n <= 40; n = n * 2 + 1) {
    int lda = n + 2;
    double *A = malloc(sizeof(double) * n * lda);
    dlab_rng_fill_normal(&rng, A, (size_t)n * lda, 1.0);
    for (int i = 0; i < n; i++)
      for (int j = 0; j < i; j++) A[i * lda + j] = A[j * lda + i];
    free(check_eigen(n, A, lda, "gaussian"));

    /* Known spectrum (with a repeated and a negative eigenvalue): A = Q diag(lam) Q^T,
     * Q Haar. Weyl: |w_k - lam_k| <= ||backward error||_2 <= n^2 eps ||A||_F. */
    double *Q = malloc(sizeof(double) * n * n), *work = malloc(sizeof(double) * dlab_haar_work_size(n));
    double *lam = malloc(sizeof(double) * n), fro = 0;
    dlab_rng_haar_orthogonal(&rng, n, Q, work);
    for (int k = 0; k < n; k++) { lam[k] = k == 1 ? lam[0] : -3.0 + 0.75 * k; fro += lam[k] * lam[k]; }
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) {
        double v = 0;
        for (int k = 0; k < n; k++) v += Q[i * n + k] * lam[k] * Q[j * n + k];
        A[i * lda + j] = v;
      }
    for (int i = 0; i < n; i++)   /* exact symmetry (rounding made it only approximate) */
      for (int j = 0; j < i; j++) A[i * lda + j] = A[j * lda + i];
    double *w = check_eigen(n, A, lda, "known");
    for (int k = 0; k < n; k++)
      CHECK_NEAR(w[k], lam[k], (double)n * n * DBL_EPSILON * sqrt(fro) + 2 * DBL_EPSILON, "known eigenvalue");
    free(w); free(Q); free(work); free(lam); free(A);
  }
  /* 2 x 2 closed form: [[2, 1], [1, 2]] has eigenvalues 1, 3 and vectors (1, -1)/sqrt 2, (1, 1)/sqrt 2 */
  double B[4] = {2, 1, 1, 2}, w[2], Q[4], work[8];
  CHECK(dlab_eigen_sym(2, B, 2, w, Q, work) == DLAB_OK, "2x2");
  CHECK_NEAR(w[0], 1.0, 4 * DBL_EPSILON, "2x2 w0");
  CHECK_NEAR(w[1], 3.0, 8 * DBL_EPSILON, "2x2 w1");
  CHECK_NEAR(fabs(Q[0]), sqrt(0.5), 4 * DBL_EPSILON, "2x2 eigenvector");
  /* zero and identity matrices are already diagonal */
  double I3[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, Z3[9] = {0};
  free(check_eigen(3, I3, 3, "identity"));
  free(check_eigen(3, Z3, 3, "zero"));

  CHECK(dlab_eigen_sym(0, B, 2, w, Q, work) == DLAB_EINVAL, "n = 0 rejected");
  CHECK(dlab_eigen_sym(2, B, 1, w, Q, work) == DLAB_EINVAL && strstr(dlab_last_error(), "lda"),
        "lda < n rejected: %s", dlab_last_error());
}

TEST_MAIN()
