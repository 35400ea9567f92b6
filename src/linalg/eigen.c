/* Symmetric eigen-decomposition: Householder reduction to tridiagonal form, then the
 * implicit symmetric QR iteration with Wilkinson shifts (Golub & Van Loan, Matrix
 * Computations, 4th ed., Alg. 8.3.1 and 8.3.2, §8.3.5). Both steps are backward stable:
 * the result is exact for A + E with ||E|| ~ n eps ||A||. Eigenvectors are kept as the
 * contiguous rows of Qt = Q^T, so every Householder reflection and Givens rotation
 * touches whole rows. */
#include "linalg/linalg_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "api/status_internal.h"

#define EIGEN_MAX_ITER_PER_VALUE 30

/* work = the matrix being reduced (n x n; afterwards its Householder vectors) + Qt
 * (n x n) + the off-diagonal e, the reflector factors beta, and a vector (n each). */
size_t dlab_eigen_work_size(int n) {
  if (n < 1) return 0;
  return 2 * (size_t)n * n + 3 * (size_t)n;
}

/* Q^T A Q = T (d on the diagonal, e beside it), Q = P_0 ... P_{n-3}, P_k = I - beta_k
 * v_k v_k^T acting on indices k+1..n-1; v_k is left in row k of a, entries k+1..n-1.
 * The trailing block is updated in full: A22 <- A22 - v w^T - w v^T with
 * p = beta A22 v and w = p - (beta p^T v / 2) v (Golub & Van Loan §8.3.1). */
static void tridiagonalise(int n, double *a, double *d, double *e, double *beta, double *p) {
  for (int k = 0; k < n - 2; k++) {
    double *v = a + (size_t)k * n + k + 1;
    int len = n - k - 1;
    d[k] = a[(size_t)k * n + k];
    double big = 0.0;
    for (int i = 0; i < len; i++) big = fmax(big, fabs(v[i]));
    double ss = 0.0;
    if (big > 0) for (int i = 0; i < len; i++) { double t = v[i] / big; ss += t * t; }
    double nrm = big * sqrt(ss);
    if (nrm == 0.0) { beta[k] = 0.0; e[k] = 0.0; continue; }
    double alpha = v[0] >= 0 ? -nrm : nrm;
    v[0] -= alpha;
    beta[k] = 1.0 / (nrm * fabs(v[0]));
    e[k] = alpha;
    double *a22 = a + (size_t)(k + 1) * n + k + 1;
    for (int i = 0; i < len; i++) p[i] = beta[k] * dlab_dot(a22 + (size_t)i * n, v, len);
    double K = 0.5 * beta[k] * dlab_dot(p, v, len);
    for (int i = 0; i < len; i++) p[i] -= K * v[i];     /* p is now w */
    for (int i = 0; i < len; i++) {
      double *row = a22 + (size_t)i * n;
      dlab_axpy(-v[i], p, row, len);
      dlab_axpy(-p[i], v, row, len);
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(size_t)(n - 2) * n + n - 2];
    e[n - 2] = a[(size_t)(n - 2) * n + n - 1];
    beta[n - 2] = 0.0;
  }
  d[n - 1] = a[(size_t)(n - 1) * n + n - 1];
  if (n >= 1) beta[n - 1] = 0.0;
}

/* Qt = Q^T = P_{n-3} ... P_0, built by right-multiplying I by P_{n-3}, then P_{n-4}, ...:
 * P_k leaves the rows r <= k alone (v_k is zero there). */
static void form_qt(int n, const double *a, const double *beta, double *Qt) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) Qt[(size_t)i * n + j] = i == j ? 1.0 : 0.0;
  for (int k = n - 3; k >= 0; k--) {
    if (beta[k] == 0.0) continue;
    const double *v = a + (size_t)k * n + k + 1;
    int len = n - k - 1;
    for (int r = k + 1; r < n; r++) {
      double *row = Qt + (size_t)r * n + k + 1;
      dlab_axpy(-beta[k] * dlab_dot(row, v, len), v, row, len);
    }
  }
}

/* Implicit symmetric QR on T (d, e), deflating from the bottom. Each step chases the
 * bulge of one Wilkinson-shifted QR step down the unreduced block lo..hi with Givens
 * rotations G (rows k, k+1: (c, s; -s, c)), T <- G T G^T, and Qt rows rotated alike.
 * e[k] counts as zero when |e[k]| <= eps (|d[k]| + |d[k+1]|) or <= eps ||T||: either
 * perturbs T by at most eps ||T||, the accuracy the reduction already has. */
static int tridiagonal_qr(int n, double *d, double *e, double *Qt) {
  double tnorm = 0.0;
  for (int i = 0; i < n; i++) tnorm = fmax(tnorm, fabs(d[i]) + (i < n - 1 ? fabs(e[i]) : 0.0) + (i > 0 ? fabs(e[i - 1]) : 0.0));
  const double eps = DBL_EPSILON, floor_abs = eps * tnorm;
  long iters = 0, max_iters = (long)EIGEN_MAX_ITER_PER_VALUE * n;
  int hi = n - 1;
  while (hi > 0) {
    for (int k = 0; k < hi; k++)
      if (fabs(e[k]) <= eps * (fabs(d[k]) + fabs(d[k + 1])) || fabs(e[k]) <= floor_abs) e[k] = 0.0;
    if (e[hi - 1] == 0.0) { hi--; continue; }
    int lo = hi - 1;
    while (lo > 0 && e[lo - 1] != 0.0) lo--;
    if (++iters > max_iters) return -1;
    /* Wilkinson shift: the eigenvalue of the trailing 2 x 2 block nearer d[hi]. */
    double dd = 0.5 * (d[hi - 1] - d[hi]), ee = e[hi - 1];
    double mu = d[hi] - ee * (ee / (dd + copysign(hypot(dd, ee), dd)));
    double x = d[lo] - mu, z = e[lo];
    for (int k = lo; k < hi; k++) {
      double r = hypot(x, z), c = 1.0, s = 0.0;
      if (r > 0) { c = x / r; s = z / r; }
      if (k > lo) e[k - 1] = r;
      double a = d[k], b = e[k], cc = d[k + 1];
      d[k] = c * c * a + 2.0 * c * s * b + s * s * cc;
      d[k + 1] = s * s * a - 2.0 * c * s * b + c * c * cc;
      e[k] = c * s * (cc - a) + (c * c - s * s) * b;
      if (k + 1 < hi) { z = s * e[k + 1]; e[k + 1] *= c; x = e[k]; }
      if (Qt) dlab_rotate(Qt + (size_t)k * n, Qt + (size_t)(k + 1) * n, n, c, -s);   /* rows: (c x + s y, c y - s x) */
    }
  }
  return 0;
}

int dlab_eigen_sym(int n, const double *A, int lda, double *w, double *Q, double *work) {
  if (n < 1) return dlab_fail(DLAB_EINVAL, "n must be at least 1, got %d", n);
  if (lda < n) return dlab_fail(DLAB_EINVAL, "lda must be at least n = %d, got %d", n, lda);
  if (!A || !w || !work) return dlab_fail(DLAB_EINVAL, "A, w and work must not be NULL");

  double *a = work, *Qt = a + (size_t)n * n, *e = Qt + (size_t)n * n, *beta = e + n, *p = beta + n;
  /* Symmetrise (only the upper triangle of A is trusted) and scale by a power of two
   * (exact) so that max |A| is in [1/2, 1): the shifts square entries. */
  double big = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = i; j < n; j++) big = fmax(big, fabs(A[(size_t)i * lda + j]));
  int ex = 0;
  if (big > 0) frexp(big, &ex);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      a[(size_t)i * n + j] = ldexp(j >= i ? A[(size_t)i * lda + j] : A[(size_t)j * lda + i], -ex);

  double *d = w;
  tridiagonalise(n, a, d, e, beta, p);
  if (Q) form_qt(n, a, beta, Qt);
  if (tridiagonal_qr(n, d, e, Q ? Qt : NULL))
    return dlab_fail(DLAB_ENOCONV, "symmetric eigensolver did not converge in %d iterations per eigenvalue",
                     EIGEN_MAX_ITER_PER_VALUE);

  /* Ascending order by selection (stable for ties); row i of Qt is eigenvector i. */
  for (int i = 0; i < n; i++) {
    int best = i;
    for (int j = i + 1; j < n; j++) if (d[j] < d[best]) best = j;
    if (best != i) {
      double t = d[i]; d[i] = d[best]; d[best] = t;
      if (Q)
        for (int k = 0; k < n; k++) {
          t = Qt[(size_t)i * n + k]; Qt[(size_t)i * n + k] = Qt[(size_t)best * n + k]; Qt[(size_t)best * n + k] = t;
        }
    }
  }
  for (int i = 0; i < n; i++) w[i] = ldexp(d[i], ex);
  if (Q) {
    for (int j = 0; j < n; j++) {
      const double *q = Qt + (size_t)j * n;
      int at = 0;
      for (int k = 1; k < n; k++) if (fabs(q[k]) > fabs(q[at])) at = k;
      double sgn = q[at] < 0 ? -1.0 : 1.0;
      for (int k = 0; k < n; k++) Q[(size_t)k * n + j] = sgn * q[k];
    }
  }
  return DLAB_OK;
}
