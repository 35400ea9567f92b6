/* depthlab — classical MDS for the items' hidden representations
 * (include/depthlab/semantic.h). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg/linalg_internal.h"
#include "depthlab/semantic.h"
#include "api/status_internal.h"

/* Top-k eigenpairs of the symmetric n x n matrix A (destroyed): w descending into
 * eig, the matching eigenvectors into the first k columns of Q (n x n). */
static int top_eigen(int n, double *A, int k, double *eig, double *Q) {
  size_t wn = dlab_eigen_work_size(n);
  double *w = malloc(sizeof(double) * ((size_t)n + wn));
  if (!w) return dlab_fail(DLAB_ENOMEM, "could not allocate the eigen workspace for n = %d", n);
  double *Qa = malloc(sizeof(double) * (size_t)n * n);
  if (!Qa) { free(w); return dlab_fail(DLAB_ENOMEM, "could not allocate the eigenvectors for n = %d", n); }
  int st = dlab_eigen_sym(n, A, n, w, Qa, w + n);
  if (st) {
    free(w); free(Qa);
    return dlab_fail(st, "the eigen-decomposition (%d x %d) did not converge", n, n);
  }
  /* ascending -> descending */
  for (int a = 0; a < k; a++) {
    eig[a] = w[n - 1 - a];
    for (int i = 0; i < n; i++) Q[(size_t)i * k + a] = Qa[(size_t)i * n + (n - 1 - a)];
  }
  free(w);
  free(Qa);
  return DLAB_OK;
}

int dlab_sem_mds(int n, const double *D2, int k, double *coords, double *eig) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("n (points)", n, 1, DLAB_SEM_MAX_MDS)) || (st = dlab_check_ptr("D2", D2)) ||
      (st = dlab_check_int("k (dimensions)", k, 1, n)) || (st = dlab_check_ptr("coords", coords)) ||
      (st = dlab_check_ptr("eig", eig)))
    return st;
  double big = 0;
  for (long i = 0; i < (long)n * n; i++) {
    if (!isfinite(D2[i]) || D2[i] < 0)
      return dlab_fail(DLAB_EINVAL, "D2 (squared distances) must hold finite numbers >= 0, but D2[%d][%d] = %g",
                       (int)(i / n), (int)(i % n), D2[i]);
    if (D2[i] > big) big = D2[i];
  }
  for (int i = 0; i < n; i++) {
    if (D2[(size_t)i * n + i] > 1e-12 * big)
      return dlab_fail(DLAB_EINVAL, "D2 (squared distances) must have a zero diagonal, but D2[%d][%d] = %g", i, i,
                       D2[(size_t)i * n + i]);
    for (int j = 0; j < i; j++) {
      double a = D2[(size_t)i * n + j], b = D2[(size_t)j * n + i];
      if (fabs(a - b) > 1e-12 * big)
        return dlab_fail(DLAB_EINVAL, "D2 (squared distances) must be symmetric, but D2[%d][%d] = %g and D2[%d][%d] = %g",
                         i, j, a, j, i, b);
    }
  }
  double *B = malloc(sizeof(double) * ((size_t)n * n + (size_t)n));
  if (!B) return dlab_fail(DLAB_ENOMEM, "could not allocate the %d x %d MDS matrix", n, n);
  /* Work on D2 / 2^e (exact) with max D2 / 2^e in [1/2, 1): the row sums of entries
   * near DBL_MAX would overflow into Infinity and NaN coordinates. */
  int e = 0;
  if (big > 0) frexp(big, &e);
  double *rm = B + (size_t)n * n, tot = 0;
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int j = 0; j < n; j++) s += ldexp(D2[(size_t)i * n + j], -e);
    rm[i] = s / n;
    tot += s;
  }
  tot /= (double)n * n;
  /* B = -1/2 (D2 - row means - column means + grand mean), symmetrised. */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double d = 0.5 * (ldexp(D2[(size_t)i * n + j], -e) + ldexp(D2[(size_t)j * n + i], -e));
      B[(size_t)i * n + j] = -0.5 * (d - rm[i] - rm[j] + tot);
    }
  st = top_eigen(n, B, k, eig, coords);
  free(B);
  if (st) return st;
  /* coordinates scale with sqrt(2^e), eigenvalues with 2^e */
  double f = ldexp(e % 2 == 0 ? 1.0 : e > 0 ? sqrt(2.0) : sqrt(0.5), e / 2);
  for (int a = 0; a < k; a++) {
    double r = sqrt(fmax(eig[a], 0)) * f;
    for (int i = 0; i < n; i++) coords[(size_t)i * k + a] *= r;
    eig[a] = ldexp(eig[a], e);
  }
  for (int a = 0; a < k; a++)
    if (!isfinite(eig[a]))
      return dlab_fail(DLAB_EINVAL, "the largest MDS eigenvalue exceeds the double range (largest D2 entry %g)", big);
  return DLAB_OK;
}

int dlab_sem_mds_points(int n, int dim, const double *X, int k, double *coords, double *eig) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("n (points)", n, 1, DLAB_SEM_MAX_MDS_VALUES)) ||
      (st = dlab_check_int("dim (coordinates per point)", dim, 1, DLAB_SEM_MAX_MDS_VALUES)) ||
      (st = dlab_check_ptr("X", X)) || (st = dlab_check_ptr("coords", coords)) || (st = dlab_check_ptr("eig", eig)))
    return st;
  if ((long)n * dim > DLAB_SEM_MAX_MDS_VALUES)
    return dlab_fail(DLAB_ELIMIT, "n x dim must be at most %ld values, got %d x %d", DLAB_SEM_MAX_MDS_VALUES, n, dim);
  int m = n < dim ? n : dim;
  if (m > DLAB_SEM_MAX_MDS)
    return dlab_fail(DLAB_ELIMIT, "min(n, dim) must be at most %d, got %d (n %d, dim %d)", DLAB_SEM_MAX_MDS, m, n, dim);
  if ((st = dlab_check_int("k (dimensions)", k, 1, m))) return st;
  double big = 0;
  for (long i = 0; i < (long)n * dim; i++) {
    if (!isfinite(X[i]))
      return dlab_fail(DLAB_EINVAL, "X must hold finite numbers, but X[%d][%d] = %g", (int)(i / dim), (int)(i % dim), X[i]);
    if (fabs(X[i]) > big) big = fabs(X[i]);
  }
  /* Below DBL_MIN the centred coordinates (as small as half the spread) fall into the
   * subnormal range, where a double has fewer than 53 bits: the distances would be lost. */
  if (big > 0 && big < DBL_MIN)
    return dlab_fail(DLAB_EINVAL, "X's largest entry in absolute value is %g, below the normal double range (%g): its MDS coordinates cannot be represented accurately; scale X up (the coordinates scale with it)",
                     big, DBL_MIN);
  /* Work on X / 2^e (exact) with max |X| / 2^e in [1/2, 1): the mean and the scatter of
   * entries beyond ~1e154 overflow (NaN coordinates), those of entries below ~1e-154
   * underflow (distances lost). */
  int e = 0;
  if (big > 0) frexp(big, &e);
  size_t len;
  if ((st = dlab_size_mul((size_t)n, (size_t)dim, sizeof(double), &len))) return st;
  double *Xc = malloc(len + sizeof(double) * ((size_t)m * m + (size_t)m * k + (size_t)dim));
  if (!Xc) return dlab_fail(DLAB_ENOMEM, "could not allocate the MDS workspace for %d x %d points", n, dim);
  double *A = Xc + (size_t)n * dim, *Q = A + (size_t)m * m, *mean = Q + (size_t)m * k;
  memset(mean, 0, sizeof(double) * (size_t)dim);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < dim; j++) mean[j] += ldexp(X[(size_t)i * dim + j], -e);
  for (int j = 0; j < dim; j++) mean[j] /= n;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < dim; j++) Xc[(size_t)i * dim + j] = ldexp(X[(size_t)i * dim + j], -e) - mean[j];
  if (dim <= n) {
    /* scatter Xc^T Xc (dim x dim): its eigenvectors are the principal axes; coords = Xc Q_k */
    dlab_gemm(DLAB_TRANS, DLAB_NOTRANS, dim, dim, n, 1.0, Xc, dim, Xc, dim, 0.0, A, dim);
    if ((st = top_eigen(dim, A, k, eig, Q))) { free(Xc); return st; }
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n, k, dim, 1.0, Xc, dim, Q, k, 0.0, coords, k);
  } else {
    /* Gram Xc Xc^T (n x n) = the double-centred -1/2 D2 of classical MDS */
    dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, n, n, dim, 1.0, Xc, dim, Xc, dim, 0.0, A, n);
    if ((st = top_eigen(n, A, k, eig, coords))) { free(Xc); return st; }
    for (int a = 0; a < k; a++) {
      double r = sqrt(fmax(eig[a], 0));
      for (int i = 0; i < n; i++) coords[(size_t)i * k + a] *= r;
    }
  }
  free(Xc);
  /* back to X's scale: coordinates times 2^e, eigenvalues times 4^e */
  int ok = 1;
  for (int a = 0; a < k; a++) {
    eig[a] = ldexp(eig[a], 2 * e);
    ok &= isfinite(eig[a]) != 0;
  }
  for (size_t i = 0; i < (size_t)n * k; i++) {
    coords[i] = ldexp(coords[i], e);
    ok &= isfinite(coords[i]) != 0;
  }
  if (!ok)
    return dlab_fail(DLAB_EINVAL, "the MDS eigenvalues or coordinates exceed the double range (largest |X| entry %g)", big);
  return DLAB_OK;
}
