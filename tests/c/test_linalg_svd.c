/* Thin SVD by one-sided Jacobi: reconstruction, orthonormality, order, signs, and
 * recovery of prescribed singular values. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/linalg.h"
#include "depthlab/rng.h"
#include "depthlab/status.h"

static dlab_rng rng;

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

/* Runs the SVD and checks every property; returns S (caller frees). */
static double *check_svd(int m, int n, const double *A, int lda, const char *what) {
  int p = m < n ? m : n, L = m > n ? m : n;
  double *U = malloc(sizeof(double) * m * p), *S = malloc(sizeof(double) * p);
  double *V = malloc(sizeof(double) * n * p), *w = malloc(sizeof(double) * dlab_svd_work_size(m, n));
  int st = dlab_svd(m, n, A, lda, U, S, V, w);
  CHECK(st == DLAB_OK, "%s %dx%d: status %d (%s)", what, m, n, st, dlab_last_error());
  double norm = 0, res = 0;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int k = 0; k < p; k++) s += U[i * p + k] * S[k] * V[j * p + k];
      res += (s - A[i * lda + j]) * (s - A[i * lda + j]);
      norm += A[i * lda + j] * A[i * lda + j];
    }
  /* One-sided Jacobi applies O(p) rotations per column per sweep (< 10 sweeps here), each
   * with O(eps) error, and dot products of length L: backward error ~ p L eps ||A||_F.
   * Orthogonality is enforced to sqrt(L) eps per pair, plus normalisation rounding. */
  double tol = (double)p * L * DBL_EPSILON;
  CHECK(sqrt(res) <= tol * sqrt(norm) + 1e-300, "%s %dx%d: ||U S V^T - A|| = %g > %g", what, m, n,
        sqrt(res), tol * sqrt(norm));
  CHECK(orth_defect(U, m, p) <= tol, "%s %dx%d: ||U^T U - I|| = %g", what, m, n, orth_defect(U, m, p));
  CHECK(orth_defect(V, n, p) <= tol, "%s %dx%d: ||V^T V - I|| = %g", what, m, n, orth_defect(V, n, p));
  int order = 1, signs = 1;
  for (int k = 0; k < p; k++) {
    order &= S[k] >= 0 && (k == 0 || S[k] <= S[k - 1]);
    double big = 0, at = 0;
    for (int j = 0; j < n; j++) if (fabs(V[j * p + k]) > big) { big = fabs(V[j * p + k]); at = V[j * p + k]; }
    signs &= at > 0;
  }
  CHECK(order, "%s %dx%d: singular values not descending and >= 0", what, m, n);
  CHECK(signs, "%s %dx%d: largest entry of a column of V is negative", what, m, n);

  /* U or V may be NULL, with the same S */
  double *S2 = malloc(sizeof(double) * p);
  CHECK(dlab_svd(m, n, A, lda, NULL, S2, NULL, w) == DLAB_OK, "%s: U = V = NULL", what);
  CHECK(memcmp(S, S2, sizeof(double) * p) == 0, "%s: S independent of U, V being wanted", what);
  free(S2); free(U); free(V); free(w);
  return S;
}

static void run(void) {
  dlab_rng_seed(&rng, 5);
  static const int shapes[][2] = {{1, 1}, {1, 6}, {6, 1}, {4, 4}, {7, 3}, {3, 7}, {30, 30}, {50, 20}, {20, 50}};
  for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
    int m = shapes[s][0], n = shapes[s][1], lda = n + 1;
    double *A = malloc(sizeof(double) * m * lda);
    dlab_rng_fill_normal(&rng, A, (size_t)m * lda, 1.0);
    free(check_svd(m, n, A, lda, "gaussian"));

    /* rank r = p / 2 (at least 1): A = X Y^T; trailing singular values vanish to the
     * backward error p L eps ||A||_F (Weyl's inequality). */
    int p = m < n ? m : n, r = p / 2 > 0 ? p / 2 : 1, L = m > n ? m : n;
    double *X = malloc(sizeof(double) * m * r), *Y = malloc(sizeof(double) * n * r), nf = 0;
    dlab_rng_fill_normal(&rng, X, (size_t)m * r, 1.0);
    dlab_rng_fill_normal(&rng, Y, (size_t)n * r, 1.0);
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        double v = 0;
        for (int k = 0; k < r; k++) v += X[i * r + k] * Y[j * r + k];
        A[i * lda + j] = v;
        nf += v * v;
      }
    double *S = check_svd(m, n, A, lda, "rank-deficient");
    for (int k = r; k < p; k++)
      CHECK(S[k] <= (double)p * L * DBL_EPSILON * sqrt(nf), "rank %d: S[%d] = %g", r, k, S[k]);
    free(S); free(X); free(Y); free(A);
  }
  /* the zero matrix: S = 0, U and V still orthonormal */
  double Z[12] = {0};
  double *S0 = check_svd(4, 3, Z, 3, "zero");
  CHECK(S0[0] == 0 && S0[2] == 0, "zero matrix has zero singular values");
  free(S0);

  /* Known singular values: A = Q1[:, :p] diag(s) Q2[:, :p]^T with Haar Q1, Q2. Weyl:
   * |S_k - s_k| <= ||A - U S V^T||_2 <= p L eps ||A||_F. */
  static const int kshapes[][2] = {{12, 8}, {8, 12}, {25, 25}};
  for (int t = 0; t < 3; t++) {
    int m = kshapes[t][0], n = kshapes[t][1], p = m < n ? m : n, L = m > n ? m : n;
    double *Q1 = malloc(sizeof(double) * m * m), *Q2 = malloc(sizeof(double) * n * n);
    double *w = malloc(sizeof(double) * dlab_haar_work_size(L)), *A = malloc(sizeof(double) * m * n);
    double *s = malloc(sizeof(double) * p), fro = 0;
    dlab_rng_haar_orthogonal(&rng, m, Q1, w);
    dlab_rng_haar_orthogonal(&rng, n, Q2, w);
    /* s = 10, 10 (repeated), 2.5, 1.25, ..., down to ~1e-6: descending */
    for (int k = 0; k < p; k++) { s[k] = 10.0 * pow(0.5, k) + (k == 1 ? 5.0 : 0.0); fro += s[k] * s[k]; }
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        double v = 0;
        for (int k = 0; k < p; k++) v += Q1[i * m + k] * s[k] * Q2[j * n + k];
        A[i * n + j] = v;
      }
    double *S = check_svd(m, n, A, n, "known");
    for (int k = 0; k < p; k++)
      CHECK_NEAR(S[k], s[k], (double)p * L * DBL_EPSILON * sqrt(fro), "known singular value");
    free(S); free(Q1); free(Q2); free(w); free(A); free(s);
  }

  double A[4] = {1, 2, 3, 4}, U[4], S[2], V[4], w[64];
  CHECK(dlab_svd(0, 2, A, 2, U, S, V, w) == DLAB_EINVAL, "m = 0 rejected");
  CHECK(dlab_svd(2, 2, A, 1, U, S, V, w) == DLAB_EINVAL && strstr(dlab_last_error(), "lda"),
        "lda < n rejected: %s", dlab_last_error());
  CHECK(dlab_svd(2, 2, A, 2, U, NULL, V, w) == DLAB_EINVAL, "NULL S rejected");
}

TEST_MAIN()
