/* Semantic datasets, hierarchy theory and classical MDS (semantic.h). */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/api.h"
#include "depthlab/linalg.h"
#include "depthlab/rng.h"
#include "linalg/linalg_internal.h"
#include "depthlab/semantic.h"
#include "depthlab/status.h"

static int svd_of(int m, int n, const double *A, double *S) {
  double *work = malloc(sizeof(double) * dlab_svd_work_size(m, n));
  int st = dlab_svd(m, n, A, n, NULL, S, NULL, work);
  free(work);
  return st;
}

/* The SVD of the pure tree equals the closed form of the header, level by level. */
static void test_tree_svals(int B, int L) {
  double dims[2];
  CHECK(dlab_sem_tree_size(B, L, dims) == 0, "%s", dlab_last_error());
  int nf = (int)dims[0], ni = (int)dims[1];
  double *Y = malloc(sizeof(double) * (size_t)nf * ni), *lev = malloc(sizeof(double) * (size_t)nf);
  CHECK(dlab_sem_tree(B, L, Y, lev) == 0, "%s", dlab_last_error());
  double S[1024], s[DLAB_SEM_MAX_LEVELS + 1], mult[DLAB_SEM_MAX_LEVELS + 1];
  CHECK(svd_of(nf, ni, Y, S) == 0, "svd");
  CHECK(dlab_sem_tree_svals(B, L, s, mult) == 0, "%s", dlab_last_error());
  int a = 0;
  for (int k = 0; k <= L; k++) {
    if (k) CHECK(s[k] < s[k - 1], "level %d: s %g not below %g", k, s[k], s[k - 1]);
    for (int r = 0; r < (int)mult[k]; r++, a++)
      /* Jacobi SVD is accurate to ~1e-15 relative to s_1; 1e-10 leaves room. */
      CHECK_NEAR(S[a], s[k], 1e-10 * s[0], "tree singular value");
  }
  CHECK(a == ni, "multiplicities sum to %d, want %d items", a, ni);
  CHECK(lev[0] == 0 && lev[nf - 1] == L, "levels %g .. %g", lev[0], lev[nf - 1]);
  free(Y);
  free(lev);
}

/* Leaves whose lowest common ancestor is at level k disagree with probability
 * (1 - (1 - 2 eps)^(2 (L - k))) / 2. */
static void test_diffusion_flips(void) {
  const int B = 2, L = 3, N = 2000, ni = 8;
  const double eps = 0.1;
  double *Y = malloc(sizeof(double) * N * ni);
  CHECK(dlab_sem_diffusion(B, L, eps, N, 5, Y) == 0, "%s", dlab_last_error());
  for (int k = 0; k < L; k++) {
    /* leaves 0 and j with LCA at level k: j = B^(L-1-k) (first leaf of the sibling subtree) */
    int j = 1;
    for (int r = 0; r < L - 1 - k; r++) j *= B;
    long diff = 0;
    for (int f = 0; f < N; f++) diff += Y[f * ni] != Y[f * ni + j];
    double want = 0.5 * (1 - pow(1 - 2 * eps, 2.0 * (L - k))), got = (double)diff / N;
    /* binomial standard error sqrt(P(1-P)/N); 5 of them */
    CHECK_NEAR(got, want, 5 * sqrt(want * (1 - want) / N), "disagreement at LCA level");
  }
  long bad = 0;
  for (long i = 0; i < (long)N * ni; i++) bad += !(Y[i] == 1 || Y[i] == -1);
  CHECK(bad == 0, "%ld entries are not +-1", bad);
  free(Y);
}

static void test_planted_rates(void) {
  const int no = 200, nf = 100, ko = 50, kf = 40;
  double *Y = malloc(sizeof(double) * no * nf);
  CHECK(dlab_sem_planted(no, nf, ko, kf, 0.7, 0.2, 3, Y) == 0, "%s", dlab_last_error());
  double in = 0, out = 0;
  for (int f = 0; f < nf; f++)
    for (int i = 0; i < no; i++) *(f < kf && i < ko ? &in : &out) += Y[f * no + i];
  in /= ko * kf;
  out /= no * nf - ko * kf;
  CHECK_NEAR(in, 0.7, 5 * sqrt(0.21 / (ko * kf)), "rate inside");
  CHECK_NEAR(out, 0.2, 5 * sqrt(0.16 / (no * nf - ko * kf)), "rate outside");
  free(Y);
}

/* MDS of the distances of a known 2-D configuration reproduces every distance. */
static void test_mds(void) {
  enum { n = 7 };
  double P[n][2], D2[n * n], C[n * 2], eig[2], X[n * 3];
  for (int i = 0; i < n; i++) {
    P[i][0] = cos(i * 1.3) * (1 + i);
    P[i][1] = 0.5 * sin(i * 0.7) - i;
    X[i * 3] = P[i][0]; X[i * 3 + 1] = P[i][1]; X[i * 3 + 2] = 4;   /* flat in a 3rd coordinate */
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) D2[i * n + j] = pow(P[i][0] - P[j][0], 2) + pow(P[i][1] - P[j][1], 2);
  CHECK(dlab_sem_mds(n, D2, 2, C, eig) == 0, "%s", dlab_last_error());
  double err = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      err = fmax(err, fabs(pow(C[i * 2] - C[j * 2], 2) + pow(C[i * 2 + 1] - C[j * 2 + 1], 2) - D2[i * n + j]));
  CHECK(err < 1e-9, "MDS distance error %g", err);   /* Jacobi eigenvectors: ~1e-14 relative */
  double C2[n * 2], eig2[2];
  CHECK(dlab_sem_mds_points(n, 3, X, 2, C2, eig2) == 0, "%s", dlab_last_error());
  for (int a = 0; a < 2; a++) {
    CHECK_NEAR(eig2[a], eig[a], 1e-9 * eig[0], "eigenvalue from points");
    double sgn = C2[a] * C[a] >= 0 ? 1 : -1;
    for (int i = 0; i < n; i++) CHECK_NEAR(C2[i * 2 + a], sgn * C[i * 2 + a], 1e-9, "coordinate from points");
  }
}

/* dlab_sem_svd reconstructs Y, has orthonormal U and V, and matches dlab_svd's values. */
static void test_sem_svd(int rows, int cols) {
  int p = rows < cols ? rows : cols;
  double *Y = malloc(sizeof(double) * rows * cols), *U = malloc(sizeof(double) * rows * p);
  double *V = malloc(sizeof(double) * cols * p), S[64], S2[64];
  for (int i = 0; i < rows * cols; i++) Y[i] = sin(1.7 * i) + (i % 3 == 0);
  CHECK(dlab_sem_svd(rows, cols, Y, U, S, V) == 0, "%s", dlab_last_error());
  CHECK(svd_of(rows, cols, Y, S2) == 0, "svd");
  double err = 0, orth = 0;
  for (int a = 0; a < p; a++) err = fmax(err, fabs(S[a] - S2[a]));
  CHECK(err < 1e-12 * S2[0] * 100, "singular values differ by %g", err);   /* both backward stable: ~n eps s1 */
  err = 0;
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++) {
      double r = 0;
      for (int a = 0; a < p; a++) r += U[i * p + a] * S[a] * V[j * p + a];
      err = fmax(err, fabs(r - Y[i * cols + j]));
    }
  for (int a = 0; a < p; a++)
    for (int b = 0; b < p; b++) {
      double u = 0, v = 0;
      for (int i = 0; i < rows; i++) u += U[i * p + a] * U[i * p + b];
      for (int j = 0; j < cols; j++) v += V[j * p + a] * V[j * p + b];
      orth = fmax(orth, fmax(fabs(u - (a == b)), fabs(v - (a == b))));
    }
  CHECK(err < 1e-12 * S[0] * 100, "reconstruction error %g", err);
  CHECK(orth < 1e-12 * 100, "orthonormality error %g", orth);
  free(Y); free(U); free(V);
}

/* Two identical items (rank-deficient data) must not stall the SVD. */
static void test_sem_svd_rank_deficient(void) {
  double Y[4 * 3] = { 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0 }, U[12], S[3], V[9];
  for (int f = 0; f < 4; f++) Y[f * 3 + 1] = Y[f * 3];   /* item 2 = item 1 */
  CHECK(dlab_sem_svd(4, 3, Y, U, S, V) == 0, "%s", dlab_last_error());
  CHECK(fabs(S[2]) < 1e-12 * S[0], "rank 2: S[2] = %g", S[2]);
}

/* Regression (fuzz_semantic): entries of any magnitude, as dlab_linalg_svd. A 1 x 1
 * Y = 7e-304 gave U = Infinity (dlab_qr's beta = 1 / (2 |x|^2) overflows); entries
 * near 1e200 overflowed the Householder norms (beta = 0, a wrong factorisation). */
static void test_sem_svd_scale(void) {
  double y = 0x1.fp-1008, U[6], S[2], V[6];
  CHECK(dlab_sem_svd(1, 1, &y, U, S, V) == 0, "%s", dlab_last_error());
  CHECK(fabs(S[0] - y) <= 1e-15 * y && fabs(U[0] - 1) <= 1e-15 && fabs(V[0] - 1) <= 1e-15, "tiny 1 x 1: U %a S %a V %a", U[0], S[0], V[0]);
  for (int k = 0; k < 2; k++) {
    double sc = k ? 1e200 : 1e-200, Y[6] = { 1, -2, 0.5, 3, 1, -1 };
    for (int i = 0; i < 6; i++) Y[i] *= sc;
    for (int wide = 0; wide < 2; wide++) {
      int rows = wide ? 2 : 3, cols = wide ? 3 : 2;
      CHECK(dlab_sem_svd(rows, cols, Y, U, S, V) == 0, "%s", dlab_last_error());
      double err = 0;
      for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
          double r = U[i * 2] * S[0] * V[j * 2] + U[i * 2 + 1] * S[1] * V[j * 2 + 1];
          err = fmax(err, fabs(r - Y[i * cols + j]));
        }
      CHECK(isfinite(S[0]) && err < 1e-13 * S[0], "scale %g, %d x %d: reconstruction error %g of s1 %g", sc, rows, cols,
            err, S[0]);
    }
  }
  /* beyond the double range: EINVAL, as dlab_linalg_svd */
  double big[2] = { DBL_MAX, DBL_MAX };
  CHECK(dlab_sem_svd(2, 1, big, U, S, V) == DLAB_EINVAL && strstr(dlab_last_error(), "double range"), "%s",
        dlab_last_error());
  /* Entries graded over ~1e150 (found by fuzz_semantic): dlab_svd's Householder steps
   * overflowed and U came back NaN with status 0. Now: finite, or ENOCONV. */
  double G[30];
  for (int i = 0; i < 30; i++) G[i] = -2;
  G[0] = G[3] = G[4] = G[5] = G[8] = G[9] = 0x1.388p+13;
  G[1] = G[6] = 0x1p-1022;
  G[10] = -0x1.3p+472;
  double GU[30], GS[5], GV[25];
  int st = dlab_sem_svd(6, 5, G, GU, GS, GV);
  int finite = 1;
  for (int i = 0; i < 30; i++) finite &= isfinite(GU[i]) != 0;
  for (int i = 0; i < 25; i++) finite &= isfinite(GV[i]) != 0;
  for (int i = 0; i < 5; i++) finite &= isfinite(GS[i]) != 0;
  CHECK((st == 0 && finite) || (st == DLAB_ENOCONV && dlab_last_error()[0]), "graded: status %d, finite %d", st, finite);
}

/* dlab_sem_svd is dlab_linalg_svd with sentences that name Y: the same bits on tall and
 * wide data at any scale (both end in dlab_svd), and its own argument sentences. */
static void test_sem_svd_is_linalg_svd(void) {
  double dims[2];
  CHECK(dlab_sem_tree_size(2, 5, dims) == 0, "%s", dlab_last_error());
  enum { R = 63, C = 32 };   /* the pure tree, 63 features x 32 items */
  double *T = malloc(sizeof(double) * R * C), *Y = malloc(sizeof(double) * R * C);
  double *U = malloc(sizeof(double) * R * C), *V = malloc(sizeof(double) * R * C);
  double *U2 = malloc(sizeof(double) * R * C), *V2 = malloc(sizeof(double) * R * C), S[C], S2[C];
  CHECK((int)dims[0] == R && (int)dims[1] == C && dlab_sem_tree(2, 5, T, NULL) == 0, "%s", dlab_last_error());
  for (int i = 0; i < R * C; i++) T[i] += 0.25 * sin(0.37 * i);   /* no degenerate modes */
  const double scale[3] = { 1, 1e-300, 1e300 };
  for (int k = 0; k < 3; k++)
    for (int wide = 0; wide < 2; wide++) {
      int rows = wide ? C : R, cols = wide ? R : C;
      for (int i = 0; i < R; i++)
        for (int j = 0; j < C; j++) Y[wide ? j * R + i : i * C + j] = T[i * C + j] * scale[k];
      CHECK(dlab_sem_svd(rows, cols, Y, U, S, V) == 0, "%s", dlab_last_error());
      CHECK(dlab_linalg_svd(rows, cols, Y, U2, S2, V2) == 0, "%s", dlab_last_error());
      int same = !memcmp(S, S2, sizeof S) && !memcmp(U, U2, sizeof(double) * rows * C) &&
                 !memcmp(V, V2, sizeof(double) * cols * C);
      double err = 0;
      for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
          double r = 0;
          for (int a = 0; a < C; a++) r += U[i * C + a] * (S[a] / scale[k]) * V[j * C + a];
          err = fmax(err, fabs(r - Y[i * cols + j] / scale[k]));
        }
      CHECK(same && err < 1e-13 * S[0] / scale[k], "scale %g, %d x %d: same bits %d, reconstruction error %g",
            scale[k], rows, cols, same, err);
    }
  CHECK(dlab_sem_svd(4097, 2, Y, U, S, V) == DLAB_EINVAL && strstr(dlab_last_error(), "rows"), "%s", dlab_last_error());
  CHECK(dlab_sem_svd(2, 0, Y, U, S, V) == DLAB_EINVAL && strstr(dlab_last_error(), "cols"), "%s", dlab_last_error());
  CHECK(dlab_sem_svd(2, 3, Y, NULL, S, V) == DLAB_EINVAL && strstr(dlab_last_error(), "U"), "%s", dlab_last_error());
  Y[5] = NAN;
  CHECK(dlab_sem_svd(2, 3, Y, U, S, V) == DLAB_EINVAL && strstr(dlab_last_error(), "Y[1][2]"), "%s", dlab_last_error());
  free(T); free(Y); free(U); free(V); free(U2); free(V2);
}

/* Regression (fuzz_semantic): MDS of distances or points far from 1 in scale. Points
 * with D2 entries near DBL_MAX gave NaN coordinates with status 0 (row sums overflowed);
 * points of size 1e-200 gave all-zero coordinates (the scatter underflowed); points
 * near DBL_MAX gave NaN with status 0. */
static void test_mds_scale(void) {
  double a = 4e307, D2[9] = { 0, a, 4 * a, a, 0, a, 4 * a, a, 0 }, C[3], eig[1];
  CHECK(dlab_sem_mds(3, D2, 1, C, eig) == 0, "%s", dlab_last_error());
  double err = 0;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) err = fmax(err, fabs((C[i] - C[j]) * (C[i] - C[j]) - D2[i * 3 + j]));
  CHECK(isfinite(eig[0]) && err <= 1e-12 * 4 * a, "huge D2: distance error %g, eig %g", err, eig[0]);
  double X[6] = { 1e-200, 2e-200, -3e-200, 0, 5e-201, 1e-200 }, P[6], pe[2];
  CHECK(dlab_sem_mds_points(3, 2, X, 2, P, pe) == 0, "%s", dlab_last_error());
  err = 0;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      double dx = (X[2 * i] - X[2 * j]) * 1e200, dy = (X[2 * i + 1] - X[2 * j + 1]) * 1e200;
      double px = (P[2 * i] - P[2 * j]) * 1e200, py = (P[2 * i + 1] - P[2 * j + 1]) * 1e200;
      err = fmax(err, fabs(px * px + py * py - dx * dx - dy * dy));
    }
  /* (the eigenvalues, ~1e-400, underflow to 0; the coordinates are exact) */
  CHECK(err < 1e-12 * 100 && pe[0] >= 0, "tiny points: distance error %g (in units of 1e-200), eig %g", err, pe[0]);
  double H[4] = { DBL_MAX, -DBL_MAX, -DBL_MAX, DBL_MAX };
  int st = dlab_sem_mds_points(2, 2, H, 1, P, pe);
  CHECK(st == DLAB_EINVAL && strstr(dlab_last_error(), "double range"), "huge points: %d %s", st, dlab_last_error());
}

static void test_errors(void) {
  double Y[16], out[2];
  CHECK(dlab_sem_tree_size(1, 3, out) == DLAB_EINVAL && strstr(dlab_last_error(), "branching"), "%s", dlab_last_error());
  CHECK(dlab_sem_tree_size(2, 11, out) == DLAB_EINVAL && strstr(dlab_last_error(), "levels"), "%s", dlab_last_error());
  CHECK(dlab_sem_tree_size(16, 3, out) == DLAB_ELIMIT && strstr(dlab_last_error(), "items"), "%s", dlab_last_error());
  CHECK(dlab_sem_diffusion(2, 2, 0.6, 4, 1, Y) == DLAB_EINVAL && strstr(dlab_last_error(), "eps"), "%s", dlab_last_error());
  CHECK(dlab_sem_diffusion(2, 2, 0.1, 4, 1.5, Y) == DLAB_EINVAL && strstr(dlab_last_error(), "seed"), "%s", dlab_last_error());
  CHECK(dlab_sem_planted(4, 4, 5, 2, 0.5, 0.1, 1, Y) == DLAB_EINVAL && strstr(dlab_last_error(), "Ko"), "%s", dlab_last_error());
  CHECK(dlab_sem_planted(4, 4, 2, 2, 1.5, 0.1, 1, Y) == DLAB_EINVAL && strstr(dlab_last_error(), "p (feature"), "%s", dlab_last_error());
  double bad[4] = { 1, 0, NAN, 2 };
  CHECK(dlab_sem_check(2, 2, bad) == DLAB_EINVAL && strstr(dlab_last_error(), "feature 2, item 1"), "%s", dlab_last_error());
  double zero[4] = { 0 };
  CHECK(dlab_sem_check(2, 2, zero) == DLAB_EINVAL && strstr(dlab_last_error(), "non-zero"), "%s", dlab_last_error());
  double D2[4] = { 0, 1, 2, 0 }, c[2], e[1];
  CHECK(dlab_sem_mds(2, D2, 1, c, e) == DLAB_EINVAL && strstr(dlab_last_error(), "symmetric"), "%s", dlab_last_error());
}

static void run(void) {
  test_tree_svals(2, 3);
  test_tree_svals(3, 2);
  test_tree_svals(2, 6);
  test_diffusion_flips();
  test_planted_rates();
  test_mds();
  test_sem_svd(30, 12);
  test_sem_svd(12, 30);
  test_sem_svd(9, 9);
  test_sem_svd_rank_deficient();
  test_sem_svd_scale();
  test_sem_svd_is_linalg_svd();
  test_mds_scale();
  test_errors();
}

TEST_MAIN()
