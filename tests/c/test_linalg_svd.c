/* Thin SVD (pivoted QR + one-sided Jacobi): reconstruction, orthonormality, order,
 * signs, recovery of prescribed singular values, rank deficiency (duplicate and zero
 * columns, rank 1, an R factor on which plain Jacobi used to stall), repeated values,
 * relative accuracy on graded matrices, and exact power-of-two scaling. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"
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
  /* Householder QR has backward error ~ L p eps ||A||_F (Higham, Thm 19.4, a worst-case
   * bound); Jacobi then applies O(p) rotations per column per sweep (< 12 sweeps), each
   * with O(eps) error: together within p L eps ||A||_F. Orthogonality: Jacobi stops at
   * |cos| <= p eps per pair, plus rounding of the reflections and rotations. */
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

/* Frobenius norm of an m x n matrix (ld n). */
static double fro(const double *A, int m, int n) {
  double s = 0;
  for (int i = 0; i < m * n; i++) s += A[i] * A[i];
  return sqrt(s);
}

/* A (m x n) = Q1[:, :p] diag(s) Q2[:, :p]^T with Haar Q1, Q2. */
static void known_matrix(int m, int n, const double *s, double *A) {
  int p = m < n ? m : n, L = m > n ? m : n;
  double *Q1 = malloc(sizeof(double) * m * m), *Q2 = malloc(sizeof(double) * n * n);
  double *w = malloc(sizeof(double) * dlab_haar_work_size(L));
  dlab_rng_haar_orthogonal(&rng, m, Q1, w);
  dlab_rng_haar_orthogonal(&rng, n, Q2, w);
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      double v = 0;
      for (int k = 0; k < p; k++) v += Q1[i * m + k] * s[k] * Q2[j * n + k];
      A[i * n + j] = v;
    }
  free(Q1); free(Q2); free(w);
}

/* Rank deficiency: the trailing singular values vanish to the backward error
 * p L eps ||A||_F (Weyl), and check_svd still demands orthonormal U and V (the null
 * space completed). Zero columns stay exactly zero through QR and Jacobi. */
static void rank_deficient(void) {
  static const int shapes[][2] = {{20, 8}, {8, 20}, {9, 9}, {2, 2}, {3, 1}, {1, 3}};
  for (size_t t = 0; t < sizeof shapes / sizeof *shapes; t++) {
    int m = shapes[t][0], n = shapes[t][1], p = m < n ? m : n, L = m > n ? m : n;
    double *A = malloc(sizeof(double) * m * n), *S;
    double tol = (double)p * L * DBL_EPSILON;

    /* duplicate columns: column n-1 = column 0 (and, tall, column 1 = column 2) */
    dlab_rng_fill_normal(&rng, A, (size_t)m * n, 1.0);
    for (int i = 0; i < m; i++) {
      A[i * n + n - 1] = A[i * n];
      if (m > n && n > 3) A[i * n + 1] = A[i * n + 2];
    }
    int lost = n > 1 ? 1 + (m > n && n > 3) : 0, rank = (n - lost) < p ? n - lost : p;
    S = check_svd(m, n, A, n, "duplicate columns");
    for (int k = rank; k < p; k++)
      CHECK(S[k] <= tol * fro(A, m, n), "duplicate columns %dx%d: S[%d] = %g", m, n, k, S[k]);
    free(S);

    /* zero columns 0 and n/2 (the same column when n = 1: the zero matrix) */
    dlab_rng_fill_normal(&rng, A, (size_t)m * n, 1.0);
    for (int i = 0; i < m; i++) A[i * n] = A[i * n + n / 2] = 0;
    int nz = n == 1 ? 1 : 2, r0 = (n - nz) < p ? n - nz : p;
    S = check_svd(m, n, A, n, "zero columns");
    for (int k = r0; k < p; k++) CHECK(S[k] == 0, "zero columns %dx%d: S[%d] = %g, want exactly 0", m, n, k, S[k]);
    free(S);

    /* rank 1: A = x y^T has the one singular value |x| |y| */
    double *x = malloc(sizeof(double) * m), *y = malloc(sizeof(double) * n), nx = 0, ny = 0;
    dlab_rng_fill_normal(&rng, x, (size_t)m, 1.0);
    dlab_rng_fill_normal(&rng, y, (size_t)n, 1.0);
    for (int i = 0; i < m; i++) nx += x[i] * x[i];
    for (int j = 0; j < n; j++) ny += y[j] * y[j];
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) A[i * n + j] = x[i] * y[j];
    S = check_svd(m, n, A, n, "rank 1");
    CHECK_NEAR(S[0], sqrt(nx) * sqrt(ny), tol * fro(A, m, n), "rank 1: S[0] = |x| |y|");
    for (int k = 1; k < p; k++) CHECK(S[k] <= tol * fro(A, m, n), "rank 1 %dx%d: S[%d] = %g", m, n, k, S[k]);
    free(S); free(x); free(y); free(A);
  }

  /* R^T of the QR of data with two identical items (semantic.c's route): plain one-sided
   * Jacobi cycled on its rounding-size columns to DLAB_ENOCONV. */
  double R[9] = {1.7320508075688772, 0, 0, 1.7320508075688772, 0, 0,
                 0.57735026918962584, 0.78867513459481287, 1.0220852208786313};
  double *S = check_svd(3, 3, R, 3, "R factor of duplicate items");
  CHECK(S[2] <= 9 * DBL_EPSILON * fro(R, 3, 3), "R factor: S[2] = %g", S[2]);
  free(S);
}

/* Repeated singular values (multiplicities 3, 2 and a double zero) in known matrices;
 * Weyl: |S_k - s_k| <= ||A - U S V^T||_2 <= p L eps ||A||_F. */
static void repeated(void) {
  static const int shapes[][2] = {{7, 7}, {12, 7}, {7, 12}, {40, 30}};
  for (size_t t = 0; t < sizeof shapes / sizeof *shapes; t++) {
    int m = shapes[t][0], n = shapes[t][1], p = m < n ? m : n, L = m > n ? m : n;
    double *A = malloc(sizeof(double) * m * n), *s = malloc(sizeof(double) * p);
    for (int k = 0; k < p; k++) s[k] = k < 3 ? 3.0 : k < 5 ? 1.0 : k >= p - 2 ? 0.0 : 0.5 / k;
    known_matrix(m, n, s, A);
    double *S = check_svd(m, n, A, n, "repeated");
    for (int k = 0; k < p; k++)
      CHECK_NEAR(S[k], s[k], (double)p * L * DBL_EPSILON * fro(A, m, n), "repeated singular value");
    free(S); free(A); free(s);
  }
}

/* 1 x n and n x 1 have closed forms: S = |a|, the vector a / |a| with its largest entry
 * positive, the other factor 1. Scaling A by 2^k scales S exactly (the SVD scales by a
 * power of two internally, so the scaled problems are the same problem). */
static void vectors_and_scaling(void) {
  enum { N = 9 };
  double a[N], na = 0, U[N], S[1], V[N], w[256];
  dlab_rng_fill_normal(&rng, a, N, 1.0);
  a[4] = -5.0;   /* the largest entry, negative: the sign rule must flip it */
  for (int i = 0; i < N; i++) na += a[i] * a[i];
  na = sqrt(na);
  CHECK(dlab_svd_work_size(1, N) <= 256 && dlab_svd_work_size(N, 1) <= 256, "work fits");
  CHECK(dlab_svd(1, N, a, N, U, S, V, w) == DLAB_OK, "1 x n: %s", dlab_last_error());
  CHECK_NEAR(S[0], na, 2 * N * DBL_EPSILON * na, "1 x n: S = |a|");
  CHECK(U[0] == -1.0, "1 x n: U = -1 (V's largest entry made positive), got %g", U[0]);
  for (int j = 0; j < N; j++) CHECK_NEAR(V[j], -a[j] / na, 2 * N * DBL_EPSILON, "1 x n: V = -a / |a|");
  CHECK(dlab_svd(N, 1, a, 1, U, S, V, w) == DLAB_OK, "n x 1: %s", dlab_last_error());
  CHECK_NEAR(S[0], na, 2 * N * DBL_EPSILON * na, "n x 1: S = |a|");
  CHECK(V[0] == 1.0, "n x 1: V = 1, got %g", V[0]);
  for (int i = 0; i < N; i++) CHECK_NEAR(U[i], a[i] / na, 2 * N * DBL_EPSILON, "n x 1: U = a / |a|");

  int m = 13, n = 6;
  double A[13 * 6], B[13 * 6], S1[6], S2[6], *wk = malloc(sizeof(double) * dlab_svd_work_size(m, n));
  dlab_rng_fill_normal(&rng, A, (size_t)m * n, 1.0);
  CHECK(dlab_svd(m, n, A, n, NULL, S1, NULL, wk) == DLAB_OK, "scaling: %s", dlab_last_error());
  for (int e = -900; e <= 900; e += 300) {
    for (int i = 0; i < m * n; i++) B[i] = ldexp(A[i], e);
    CHECK(dlab_svd(m, n, B, n, NULL, S2, NULL, wk) == DLAB_OK, "2^%d A: %s", e, dlab_last_error());
    int same = 1;
    for (int k = 0; k < n; k++) same &= S2[k] == ldexp(S1[k], e);
    CHECK(same, "S(2^%d A) = 2^%d S(A) exactly", e, e);
  }
  free(wk);
}

/* Graded A = B D (columns scaled over ~30 decades, B Gaussian): the singular values keep
 * high relative accuracy (Demmel & Veselic 1992), which dl_sim.c relies on. Checked
 * through sum_k log S_k = log |det B| + sum_k log D_k, with |det B| = prod |R_kk| from
 * dlab_qr: each S_k has relative error ~ p eps kappa(B), so the sum is within
 * p^2 eps kappa(B). An absolute-accuracy SVD would lose everything below eps S_0. */
static void graded(void) {
  enum { N = 10 };
  for (int wide = 0; wide < 2; wide++) {
    double B[N * N], A[N * N], Q[N * N], R[N * N], S[N], qw[N * N + 2 * N], Sb[N];
    double *w = malloc(sizeof(double) * dlab_svd_work_size(N, N));
    dlab_rng_fill_normal(&rng, B, N * N, 1.0);
    double want = 0, got = 0;
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {   /* column j (row j when wide) scaled by 10^-3j */
        int k = wide ? i : j;
        A[i * N + j] = B[i * N + j] * pow(10.0, -3.0 * k);
      }
    for (int k = 0; k < N; k++) want += log(10.0) * (-3.0 * k);
    CHECK(dlab_qr(N, N, B, N, Q, R, qw) == DLAB_OK, "qr");
    for (int k = 0; k < N; k++) want += log(fabs(R[k * N + k]));
    CHECK(dlab_svd(N, N, B, N, NULL, Sb, NULL, w) == DLAB_OK, "svd of B");
    double kappa = Sb[0] / Sb[N - 1];
    free(check_svd(N, N, A, N, "graded"));
    CHECK(dlab_svd(N, N, A, N, NULL, S, NULL, w) == DLAB_OK, "graded: %s", dlab_last_error());
    CHECK(S[N - 1] < 1e-25 * S[0], "graded: the spread (%g) must exceed double precision", S[N - 1] / S[0]);
    for (int k = 0; k < N; k++) got += log(S[k]);
    CHECK_NEAR(got, want, (double)N * N * DBL_EPSILON * kappa, wide ? "graded rows: sum log S" : "graded columns: sum log S");
    free(w);
  }
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
  /* A rank-1 y x^T with one entry at DBL_MIN (found by fuzz_dl_sim through Sigma31 =
   * Y^T X / P): after the first reflection the residual columns are subnormal, and
   * beta = 1 / (|x| |v0|) overflowed to Infinity, making V NaN. */
  {
    const double x[6] = { 0.5, 1.0000000000000002, -0.16470588235294126, -1.1058823529411765, -1.168627450980392,
                          -1.9215686274509804 };
    const double y[4] = { 2.2250738585072014e-308, -0.96470588235294108, -0.086274509803921484, -1.2941176470588234 };
    double R1[24], R1t[24];
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 6; j++) R1[i * 6 + j] = R1t[j * 4 + i] = y[i] * x[j];
    free(check_svd(4, 6, R1, 6, "rank 1 with a DBL_MIN row"));
    free(check_svd(6, 4, R1t, 4, "rank 1 with a DBL_MIN column"));
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

  rank_deficient();
  repeated();
  vectors_and_scaling();
  graded();

  double A[4] = {1, 2, 3, 4}, U[4], S[2], V[4], w[64];
  CHECK(dlab_svd(0, 2, A, 2, U, S, V, w) == DLAB_EINVAL, "m = 0 rejected");
  CHECK(dlab_svd(2, 2, A, 1, U, S, V, w) == DLAB_EINVAL && strstr(dlab_last_error(), "lda"),
        "lda < n rejected: %s", dlab_last_error());
  CHECK(dlab_svd(2, 2, A, 2, U, NULL, V, w) == DLAB_EINVAL, "NULL S rejected");
}

TEST_MAIN()
