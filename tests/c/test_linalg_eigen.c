/* Symmetric eigen-decomposition (Householder tridiagonalisation + implicit QR):
 * residual, orthonormality, order, signs, known spectra (repeated, clustered, zero,
 * negative), a closed-form tridiagonal, rank 1 and exact power-of-two scaling. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"
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
  /* Householder reduction and the QR sweeps are backward stable, ~ n eps ||A|| each in
   * a normwise sense (Golub & Van Loan §8.3.6); n^2 eps (times ||A||_F) is a safe
   * worst-case margin for ||A Q - Q W||_F and ||Q^T Q - I||_F. */
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

/* A = Q diag(lam) Q^T (Q Haar, exactly symmetrised); checks w against lam (ascending)
 * with Weyl's bound |w_k - lam_k| <= n^2 eps ||A||_F. */
static void known_spectrum(int n, const double *lam, const char *what) {
  double *Q = malloc(sizeof(double) * n * n), *hw = malloc(sizeof(double) * dlab_haar_work_size(n));
  double *A = malloc(sizeof(double) * n * n), fro = 0;
  dlab_rng_haar_orthogonal(&rng, n, Q, hw);
  for (int i = 0; i < n; i++)
    for (int j = i; j < n; j++) {
      double v = 0;
      for (int k = 0; k < n; k++) v += Q[i * n + k] * lam[k] * Q[j * n + k];
      A[i * n + j] = A[j * n + i] = v;
    }
  for (int k = 0; k < n; k++) fro += lam[k] * lam[k];
  double *w = check_eigen(n, A, n, what);
  for (int k = 0; k < n; k++)
    CHECK_NEAR(w[k], lam[k], (double)n * n * DBL_EPSILON * sqrt(fro) + 2 * DBL_EPSILON, what);
  free(w); free(Q); free(hw); free(A);
}

static void more_spectra(void) {
  /* n = 100: a 5-fold cluster at -1, a 10-fold zero, a close pair 2, 2 + 1e-9, the rest
   * spread over [3, 50]; ascending. */
  enum { N = 100 };
  double lam[N];
  for (int k = 0; k < N; k++)
    lam[k] = k < 5 ? -1.0 : k < 15 ? 0.0 : k == 15 ? 2.0 : k == 16 ? 2.0 + 1e-9 : 3.0 + (k - 17) * (47.0 / (N - 18));
  known_spectrum(N, lam, "clustered n=100");

  /* tridiag(-1, 2, -1) (the 1-D Laplacian) is already tridiagonal; its eigenvalues are
   * 2 - 2 cos(k pi / (n + 1)), k = 1..n. Backward error of the QR sweeps ~ n eps ||T||. */
  enum { M = 60 };
  double *T = calloc(M * M, sizeof(double));
  for (int i = 0; i < M; i++) {
    T[i * M + i] = 2;
    if (i + 1 < M) T[i * M + i + 1] = T[(i + 1) * M + i] = -1;
  }
  double *w = check_eigen(M, T, M, "laplacian");
  for (int k = 0; k < M; k++)
    CHECK_NEAR(w[k], 2 - 2 * cos((k + 1) * acos(-1.0) / (M + 1)), 4.0 * 4 * M * DBL_EPSILON, /* 4 n eps ||T||, ||T|| <= 4 */
               "laplacian eigenvalue");
  free(w);

  /* rank 1: x x^T has eigenvalues 0 (n - 1 times) and |x|^2, eigenvector x / |x| */
  double x[M], nx = 0;
  dlab_rng_fill_normal(&rng, x, M, 1.0);
  for (int i = 0; i < M; i++) nx += x[i] * x[i];
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) T[i * M + j] = x[i] * x[j];
  w = check_eigen(M, T, M, "rank 1");
  CHECK_NEAR(w[M - 1], nx, (double)M * M * DBL_EPSILON * nx, "rank 1: top eigenvalue |x|^2");
  for (int k = 0; k < M - 1; k++) CHECK(fabs(w[k]) <= (double)M * M * DBL_EPSILON * nx, "rank 1: w[%d] = %g", k, w[k]);
  free(w);

  /* 2^e A has eigenvalues exactly 2^e w (the solver scales by a power of two itself) */
  dlab_rng_fill_normal(&rng, T, M * M, 1.0);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < i; j++) T[i * M + j] = T[j * M + i];
  double *B = malloc(sizeof(double) * M * M), w1[M], w2[M], *work = malloc(sizeof(double) * dlab_eigen_work_size(M));
  CHECK(dlab_eigen_sym(M, T, M, w1, NULL, work) == DLAB_OK, "scaling");
  for (int e = -900; e <= 900; e += 450) {
    for (int i = 0; i < M * M; i++) B[i] = ldexp(T[i], e);
    CHECK(dlab_eigen_sym(M, B, M, w2, NULL, work) == DLAB_OK, "2^%d A: %s", e, dlab_last_error());
    int same = 1;
    for (int k = 0; k < M; k++) same &= w2[k] == ldexp(w1[k], e);
    CHECK(same, "w(2^%d A) = 2^%d w(A) exactly", e, e);
  }
  free(B); free(work); free(T);
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
  double B[4] = {2, 1, 1, 2}, w[2], Q[4], work[16];   /* >= dlab_eigen_work_size(2) */
  CHECK(dlab_eigen_sym(2, B, 2, w, Q, work) == DLAB_OK, "2x2");
  CHECK_NEAR(w[0], 1.0, 4 * DBL_EPSILON, "2x2 w0");
  CHECK_NEAR(w[1], 3.0, 8 * DBL_EPSILON, "2x2 w1");
  CHECK_NEAR(fabs(Q[0]), sqrt(0.5), 4 * DBL_EPSILON, "2x2 eigenvector");
  /* zero and identity matrices are already diagonal */
  double I3[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, Z3[9] = {0};
  free(check_eigen(3, I3, 3, "identity"));
  free(check_eigen(3, Z3, 3, "zero"));

  more_spectra();

  CHECK(dlab_eigen_sym(0, B, 2, w, Q, work) == DLAB_EINVAL, "n = 0 rejected");
  CHECK(dlab_eigen_sym(2, B, 1, w, Q, work) == DLAB_EINVAL && strstr(dlab_last_error(), "lda"),
        "lda < n rejected: %s", dlab_last_error());
}

TEST_MAIN()
