/* Thin SVD by one-sided Jacobi (Hestenes 1958; Demmel & Veselic 1992): rotate pairs of
 * columns of G = A (or A^T when m < n) until all are mutually orthogonal; then the
 * column norms are the singular values and the accumulated rotations the right
 * singular vectors. Columns are kept as contiguous rows (Gt = G^T) for speed. */
#include "depthlab/linalg.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "depthlab/status.h"

#define SVD_MAX_SWEEPS 60

/* work = Gt (p x L) + Wt (p x p) + sigma (p), L = max(m, n), p = min(m, n). */
size_t dlab_svd_work_size(int m, int n) {
  if (m < 1 || n < 1) return 0;
  size_t L = (size_t)(m > n ? m : n), p = (size_t)(m < n ? m : n);
  return p * L + p * p + p;
}

static double dot(const double *x, const double *y, int len) {
  double s = 0.0;
  for (int i = 0; i < len; i++) s += x[i] * y[i];
  return s;
}

static void rotate(double *x, double *y, int len, double c, double s) {
  for (int i = 0; i < len; i++) {
    double a = x[i], b = y[i];
    x[i] = c * a - s * b;
    y[i] = s * a + c * b;
  }
}

static void swap_rows(double *x, double *y, int len) {
  for (int i = 0; i < len; i++) { double t = x[i]; x[i] = y[i]; y[i] = t; }
}

/* Completes row i of Gt (length L) to a unit vector orthogonal to the rows in `done`
 * (those with nonzero sigma, already normalised): Gram-Schmidt, twice, on the unit
 * vector e_r that survives it best. */
static void complete_row(double *Gt, int L, int p, const double *sigma, int i) {
  double *u = Gt + (size_t)i * L, best = -1.0;
  int best_r = 0;
  for (int r = 0; r < L; r++) {        /* how much of e_r is left after projection */
    double left = 1.0;
    for (int k = 0; k < p; k++)
      if (k != i && (sigma[k] > 0 || k < i)) left -= Gt[(size_t)k * L + r] * Gt[(size_t)k * L + r];
    if (left > best) { best = left; best_r = r; }
  }
  for (int r = 0; r < L; r++) u[r] = r == best_r ? 1.0 : 0.0;
  for (int pass = 0; pass < 2; pass++) {
    for (int k = 0; k < p; k++) {
      if (k == i || !(sigma[k] > 0 || k < i)) continue;
      const double *q = Gt + (size_t)k * L;
      double s = dot(q, u, L);
      for (int r = 0; r < L; r++) u[r] -= s * q[r];
    }
    double nrm = sqrt(dot(u, u, L));
    for (int r = 0; r < L; r++) u[r] /= nrm;
  }
}

int dlab_svd(int m, int n, const double *A, int lda, double *U, double *S, double *V,
             double *work) {
  if (m < 1 || n < 1) return dlab_fail(DLAB_EINVAL, "matrix size must be positive, got %d x %d", m, n);
  if (lda < n) return dlab_fail(DLAB_EINVAL, "lda must be at least n = %d, got %d", n, lda);
  if (!A || !S || !work) return dlab_fail(DLAB_EINVAL, "A, S and work must not be NULL");

  int tall = m >= n, L = tall ? m : n, p = tall ? n : m;
  double *Gt = work, *Wt = Gt + (size_t)p * L, *sigma = Wt + (size_t)p * p;
  /* Row i of Gt is column i of A (tall) or row i of A (wide: G = A^T). */
  for (int i = 0; i < p; i++)
    for (int r = 0; r < L; r++)
      Gt[(size_t)i * L + r] = tall ? A[(size_t)r * lda + i] : A[(size_t)i * lda + r];
  for (int i = 0; i < p; i++)
    for (int j = 0; j < p; j++) Wt[(size_t)i * p + j] = i == j ? 1.0 : 0.0;

  /* Rotate when columns are not orthogonal to working precision: the computed dot
   * product itself carries an error of ~ L eps |g_i| |g_j|. */
  double tol = DBL_EPSILON * (L > 4 ? sqrt((double)L) : 2.0);
  int sweep, rotated = 1;
  for (sweep = 0; sweep < SVD_MAX_SWEEPS && rotated; sweep++) {
    rotated = 0;
    for (int i = 0; i < p - 1; i++) {
      for (int j = i + 1; j < p; j++) {
        double *gi = Gt + (size_t)i * L, *gj = Gt + (size_t)j * L;
        double a = dot(gi, gi, L), b = dot(gj, gj, L), g = dot(gi, gj, L);
        if (g == 0.0 || fabs(g) <= tol * sqrt(a) * sqrt(b)) continue;
        rotated = 1;
        /* Choose the rotation that zeroes the (i, j) entry of G^T G (the smaller angle). */
        double zeta = (b - a) / (2.0 * g);
        double t = (zeta >= 0 ? 1.0 : -1.0) / (fabs(zeta) + sqrt(1.0 + zeta * zeta));
        double c = 1.0 / sqrt(1.0 + t * t), s = c * t;
        rotate(gi, gj, L, c, s);
        rotate(Wt + (size_t)i * p, Wt + (size_t)j * p, p, c, s);
      }
    }
  }
  if (rotated) return dlab_fail(DLAB_ENOCONV, "SVD did not converge in %d sweeps", SVD_MAX_SWEEPS);

  for (int i = 0; i < p; i++) sigma[i] = sqrt(dot(Gt + (size_t)i * L, Gt + (size_t)i * L, L));
  for (int i = 0; i < p; i++) {      /* selection sort, descending */
    int best = i;
    for (int j = i + 1; j < p; j++) if (sigma[j] > sigma[best]) best = j;
    if (best != i) {
      double t = sigma[i]; sigma[i] = sigma[best]; sigma[best] = t;
      swap_rows(Gt + (size_t)i * L, Gt + (size_t)best * L, L);
      swap_rows(Wt + (size_t)i * p, Wt + (size_t)best * p, p);
    }
  }
  for (int i = 0; i < p; i++)
    if (sigma[i] > 0) for (int r = 0; r < L; r++) Gt[(size_t)i * L + r] /= sigma[i];
  for (int i = 0; i < p; i++)
    if (!(sigma[i] > 0)) complete_row(Gt, L, p, sigma, i);

  /* Left/right vectors of A: tall: U = G columns, V = W; wide: U = W, V = G columns. */
  double *Ut = tall ? Gt : Wt, *Vt = tall ? Wt : Gt;
  int lu = tall ? L : p, lv = tall ? p : L;   /* lengths: lu = m, lv = n */
  for (int i = 0; i < p; i++) {
    double *v = Vt + (size_t)i * lv, big = 0.0;
    int at = 0;
    for (int r = 0; r < lv; r++) if (fabs(v[r]) > big) { big = fabs(v[r]); at = r; }
    double sgn = v[at] < 0 ? -1.0 : 1.0;
    S[i] = sigma[i];
    if (U) for (int r = 0; r < lu; r++) U[(size_t)r * p + i] = sgn * Ut[(size_t)i * lu + r];
    if (V) for (int r = 0; r < lv; r++) V[(size_t)r * p + i] = sgn * v[r];
  }
  return DLAB_OK;
}
