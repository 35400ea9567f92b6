/* Symmetric eigen-decomposition by cyclic Jacobi (Golub & Van Loan, 4th ed., §8.5.3;
 * rotation formulas as in Rutishauser 1966). */
#include "depthlab/linalg.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "depthlab/status.h"

#define EIGEN_MAX_SWEEPS 60

/* work = the matrix being diagonalised (n x n) + the rotations V (n x n). */
size_t dlab_eigen_work_size(int n) {
  if (n < 1) return 0;
  return 2 * (size_t)n * n;
}

int dlab_eigen_sym(int n, const double *A, int lda, double *w, double *Q, double *work) {
  if (n < 1) return dlab_fail(DLAB_EINVAL, "n must be at least 1, got %d", n);
  if (lda < n) return dlab_fail(DLAB_EINVAL, "lda must be at least n = %d, got %d", n, lda);
  if (!A || !w || !work) return dlab_fail(DLAB_EINVAL, "A, w and work must not be NULL");

  double *a = work, *v = work + (size_t)n * n;
  double norm2 = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      /* symmetrise: only the upper triangle of A is trusted */
      double x = j >= i ? A[(size_t)i * lda + j] : A[(size_t)j * lda + i];
      a[(size_t)i * n + j] = x;
      v[(size_t)i * n + j] = i == j ? 1.0 : 0.0;
      norm2 += x * x;
    }
  /* Skip a rotation when a_pq is negligible relative to its diagonal pair (keeps small
   * eigenvalues' relative accuracy) or to the whole matrix (ensures termination). */
  double floor_abs = DBL_EPSILON * sqrt(norm2) / n;
  int sweep, rotated = 1;
  for (sweep = 0; sweep < EIGEN_MAX_SWEEPS && rotated; sweep++) {
    rotated = 0;
    for (int p = 0; p < n - 1; p++) {
      for (int q = p + 1; q < n; q++) {
        double apq = a[(size_t)p * n + q], app = a[(size_t)p * n + p], aqq = a[(size_t)q * n + q];
        if (fabs(apq) <= floor_abs || fabs(apq) <= DBL_EPSILON * sqrt(fabs(app)) * sqrt(fabs(aqq)))
          continue;
        rotated = 1;
        double theta = (aqq - app) / (2.0 * apq);
        double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(1.0 + theta * theta));
        double c = 1.0 / sqrt(1.0 + t * t), s = t * c;
        /* A <- J^T A J with J the rotation in the (p, q) plane. */
        for (int k = 0; k < n; k++) {
          double akp = a[(size_t)k * n + p], akq = a[(size_t)k * n + q];
          a[(size_t)k * n + p] = c * akp - s * akq;
          a[(size_t)k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
          double apk = a[(size_t)p * n + k], aqk = a[(size_t)q * n + k];
          a[(size_t)p * n + k] = c * apk - s * aqk;
          a[(size_t)q * n + k] = s * apk + c * aqk;
        }
        a[(size_t)p * n + q] = a[(size_t)q * n + p] = 0.0;
        for (int k = 0; k < n; k++) {
          double vkp = v[(size_t)k * n + p], vkq = v[(size_t)k * n + q];
          v[(size_t)k * n + p] = c * vkp - s * vkq;
          v[(size_t)k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (rotated)
    return dlab_fail(DLAB_ENOCONV, "symmetric eigensolver did not converge in %d sweeps", EIGEN_MAX_SWEEPS);

  /* Ascending order by selection; column j of Q from column order[j] of v. */
  for (int i = 0; i < n; i++) w[i] = a[(size_t)i * n + i];
  for (int i = 0; i < n; i++) {
    int best = i;
    for (int j = i + 1; j < n; j++) if (w[j] < w[best]) best = j;
    if (best != i) {
      double t = w[i]; w[i] = w[best]; w[best] = t;
      for (int k = 0; k < n; k++) {
        t = v[(size_t)k * n + i]; v[(size_t)k * n + i] = v[(size_t)k * n + best]; v[(size_t)k * n + best] = t;
      }
    }
  }
  if (Q) {
    for (int j = 0; j < n; j++) {
      double big = 0.0, sgn = 1.0;
      for (int k = 0; k < n; k++)
        if (fabs(v[(size_t)k * n + j]) > big) { big = fabs(v[(size_t)k * n + j]); sgn = v[(size_t)k * n + j] < 0 ? -1.0 : 1.0; }
      for (int k = 0; k < n; k++) Q[(size_t)k * n + j] = sgn * v[(size_t)k * n + j];
    }
  }
  return DLAB_OK;
}
