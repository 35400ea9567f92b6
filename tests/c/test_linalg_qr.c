/* Householder QR and Haar-random orthogonal matrices. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"
#include "depthlab/status.h"

static dlab_rng rng;

/* ||Q^T Q - I||_F for Q m x n (ld n). */
static double orth_defect(const double *Q, int m, int n) {
  double s = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double d = 0;
      for (int r = 0; r < m; r++) d += Q[r * n + i] * Q[r * n + j];
      d -= i == j;
      s += d * d;
    }
  return sqrt(s);
}

static void check_qr(int m, int n, const double *A, int lda, const char *what) {
  double *Q = malloc(sizeof(double) * m * n), *R = malloc(sizeof(double) * n * n);
  double *w = malloc(sizeof(double) * dlab_qr_work_size(m, n));
  int st = dlab_qr(m, n, A, lda, Q, R, w);
  CHECK(st == DLAB_OK, "%s %dx%d: status %d (%s)", what, m, n, st, dlab_last_error());
  double norm = 0, res = 0;
  int upper = 1, diagpos = 1;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int p = 0; p < n; p++) s += Q[i * n + p] * R[p * n + j];
      res += (s - A[i * lda + j]) * (s - A[i * lda + j]);
      norm += A[i * lda + j] * A[i * lda + j];
    }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < i; j++) upper &= R[i * n + j] == 0.0;
    diagpos &= R[i * n + i] >= 0.0;
  }
  /* Householder QR is backward stable: ||A - QR||_F <= c m n eps ||A||_F and
   * ||Q^T Q - I||_F <= c m n eps (Higham, Accuracy and Stability, Thm 19.4), c ~ 1. */
  double tol = (double)m * n * DBL_EPSILON;
  CHECK(sqrt(res) <= tol * sqrt(norm) + 1e-300, "%s %dx%d: ||QR - A|| = %g > %g", what, m, n,
        sqrt(res), tol * sqrt(norm));
  CHECK(orth_defect(Q, m, n) <= tol, "%s %dx%d: ||Q^T Q - I|| = %g > %g", what, m, n,
        orth_defect(Q, m, n), tol);
  CHECK(upper, "%s %dx%d: R not upper triangular", what, m, n);
  CHECK(diagpos, "%s %dx%d: diag(R) has a negative entry", what, m, n);
  free(Q); free(R); free(w);
}

/* Powers of two scale exactly through the scaled reflectors (v0 = 1): Q must be the
 * same bits at 2^-1000 and 2^1000 as at 1, where 1 / (v^T v) used to overflow or vanish. */
static void qr_any_scale(void) {
  enum { M = 5, N = 3 };
  double A[M * N], S[M * N], Q0[M * N], R0[N * N], Q[M * N], R[N * N], w[64];
  CHECK(dlab_qr_work_size(M, N) <= 64, "work size %zu", dlab_qr_work_size(M, N));
  dlab_rng_fill_normal(&rng, A, M * N, 1.0);
  CHECK(dlab_qr(M, N, A, N, Q0, R0, w) == DLAB_OK, "%s", dlab_last_error());
  for (int e = -1000; e <= 1000; e += 2000) {
    for (int i = 0; i < M * N; i++) S[i] = ldexp(A[i], e);
    int st = dlab_qr(M, N, S, N, Q, R, w);
    CHECK(st == DLAB_OK, "2^%d: %s", e, dlab_last_error());
    CHECK(memcmp(Q, Q0, sizeof Q) == 0, "2^%d: Q differs from the unscaled Q", e);
    int same = 1;
    for (int i = 0; i < N * N; i++) same &= R[i] == ldexp(R0[i], e);
    CHECK(same, "2^%d: R is not exactly 2^e R", e);
  }
  double tiny = 7e-304, q, r;
  CHECK(dlab_qr(1, 1, &tiny, 1, &q, &r, w) == DLAB_OK && q == 1.0 && r == tiny, "1x1 7e-304: q %g r %g", q, r);
}

static void run(void) {
  dlab_rng_seed(&rng, 11);
  qr_any_scale();
  static const int shapes[][2] = {{1, 1}, {2, 1}, {5, 5}, {9, 4}, {30, 30}, {64, 17}, {100, 1}};
  for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
    int m = shapes[s][0], n = shapes[s][1], lda = n + 2;
    double *A = malloc(sizeof(double) * m * lda);
    dlab_rng_fill_normal(&rng, A, (size_t)m * lda, 1.0);
    check_qr(m, n, A, lda, "gaussian");
    /* rank-deficient: column 0 repeated in the last column, and a zero column */
    if (n >= 3) {
      for (int i = 0; i < m; i++) { A[i * lda + n - 1] = A[i * lda]; A[i * lda + 1] = 0.0; }
      check_qr(m, n, A, lda, "rank-deficient");
    }
    free(A);
  }
  double Z[6] = {0};
  check_qr(3, 2, Z, 2, "zero");

  /* Haar orthogonal: orthogonal, and its entries have variance 1/n (E[Q_ij^2] = 1/n by
   * invariance; for n = 50 the mean of 2500 squares has sd ~ sqrt(2)/n / 50, use 5 sd). */
  for (int n = 1; n <= 50; n += 7) {
    double *Q = malloc(sizeof(double) * n * n), *w = malloc(sizeof(double) * dlab_haar_work_size(n));
    CHECK(dlab_rng_haar_orthogonal(&rng, n, Q, w) == DLAB_OK, "haar n=%d", n);
    CHECK(orth_defect(Q, n, n) <= (double)n * n * DBL_EPSILON, "haar n=%d: ||Q^T Q - I|| = %g", n,
          orth_defect(Q, n, n));
    if (n == 50) {
      double s = 0;
      for (int i = 0; i < n * n; i++) s += Q[i] * Q[i];
      CHECK_NEAR(s / (n * n), 1.0 / n, 1e-14, "haar: mean square entry is 1/n (exact: rows are unit)");
    }
    free(Q); free(w);
  }
  /* Haar sign fold: without it diag(R) >= 0 biases Q; with it E[Q_00] = 0. Mean of Q_00
   * over 4000 draws of 3 x 3 has sd sqrt(1/3 / 4000) = 0.0091; allow 5 sd. */
  {
    double Q[9], w[64], s = 0;
    CHECK(dlab_haar_work_size(3) <= 64, "haar work size");
    for (int t = 0; t < 4000; t++) { dlab_rng_haar_orthogonal(&rng, 3, Q, w); s += Q[0]; }
    CHECK_NEAR(s / 4000, 0.0, 5 * 0.0091, "haar: E[Q_00] = 0");
  }

  /* invalid arguments name the parameter */
  double A[4] = {1, 2, 3, 4}, Q[4], R[4], w[16];
  CHECK(dlab_qr(1, 2, A, 2, Q, R, w) == DLAB_EINVAL && strstr(dlab_last_error(), "m must"),
        "m < n rejected: %s", dlab_last_error());
  CHECK(dlab_qr(2, 2, A, 1, Q, R, w) == DLAB_EINVAL && strstr(dlab_last_error(), "lda"),
        "lda < n rejected: %s", dlab_last_error());
  CHECK(dlab_qr(2, 2, A, 2, NULL, R, w) == DLAB_EINVAL, "NULL Q rejected");
  CHECK(dlab_rng_haar_orthogonal(&rng, 0, Q, w) == DLAB_EINVAL, "haar n = 0 rejected");
}

TEST_MAIN()
