/* Householder QR (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 5.2.1). */
#include "linalg/linalg_internal.h"

#include <math.h>
#include <string.h>

#include "api/status_internal.h"

/* work = W (m x n: R above the diagonal, Householder vectors on and below it),
 * then beta_j and diag(R) (n each). */
size_t dlab_qr_work_size(int m, int n) {
  if (m < 1 || n < 1) return 0;
  return (size_t)m * n + 2 * (size_t)n;
}

/* X[i][c] -= s_c V[i][j] for rows i >= j and columns c >= c0, s_c = beta sum_i V[i][j] X[i][c]
 * (the reflector of column j of V, applied to X; both m x n). s: n doubles of scratch. */
static void reflect(double *X, int m, int n, int j, int c0, const double *V, double beta, double *s) {
  for (int c = c0; c < n; c++) s[c] = 0.0;
  for (int i = j; i < m; i++) {
    double v = V[(size_t)i * n + j];
    const double *row = X + (size_t)i * n;
    for (int c = c0; c < n; c++) s[c] += v * row[c];
  }
  for (int c = c0; c < n; c++) s[c] *= beta;
  for (int i = j; i < m; i++) {
    double v = V[(size_t)i * n + j], *row = X + (size_t)i * n;
    for (int c = c0; c < n; c++) row[c] -= s[c] * v;
  }
}

int dlab_qr(int m, int n, const double *A, int lda, double *Q, double *R, double *work) {
  if (n < 1) return dlab_fail(DLAB_EINVAL, "n must be at least 1, got %d", n);
  if (m < n) return dlab_fail(DLAB_EINVAL, "m must be at least n = %d, got %d", n, m);
  if (lda < n) return dlab_fail(DLAB_EINVAL, "lda must be at least n = %d, got %d", n, lda);
  if (!A || !Q || !R || !work) return dlab_fail(DLAB_EINVAL, "A, Q, R and work must not be NULL");

  double *W = work, *beta = work + (size_t)m * n, *d = beta + n;
  double *s = R;   /* a row of partial sums: R is written only at the end */
  for (int i = 0; i < m; i++) memcpy(W + (size_t)i * n, A + (size_t)i * lda, (size_t)n * sizeof *W);

  for (int j = 0; j < n; j++) {
    /* v = x - alpha e1 with alpha = -sign(x0) |x| (no cancellation); H = I - beta v v^T. */
    double scale = 0.0;
    for (int i = j; i < m; i++) scale = fmax(scale, fabs(W[(size_t)i * n + j]));
    if (scale == 0.0) { beta[j] = 0.0; d[j] = 0.0; continue; }
    double ss = 0.0;
    for (int i = j; i < m; i++) { double t = W[(size_t)i * n + j] / scale; ss += t * t; }
    double norm = scale * sqrt(ss), x0 = W[(size_t)j * n + j];
    double alpha = x0 >= 0 ? -norm : norm;
    /* Scaled so v0 = 1 (|v_i| <= 1): then beta = (alpha - x0) / alpha lies in [1, 2]
     * whatever the column's magnitude, where 1 / (v^T v) would overflow for tiny
     * columns and vanish for huge ones. */
    double u0 = x0 - alpha;
    for (int i = j + 1; i < m; i++) W[(size_t)i * n + j] /= u0;
    W[(size_t)j * n + j] = 1.0;
    beta[j] = (alpha - x0) / alpha;
    d[j] = alpha;
    /* W[:, c] -= beta (v . W[:, c]) v for every c > j, swept row by row (the matrix is
     * row-major): each s[c] still sums over i in increasing order, so the bits are those
     * of the column-by-column loop, at a fraction of its cache misses. */
    reflect(W, m, n, j, j + 1, W, beta[j], s);
  }

  /* Thin Q = H_0 ... H_{n-1} [I_n; 0], applied from the last reflector backwards. */
  for (int i = 0; i < m; i++)
    for (int c = 0; c < n; c++) Q[(size_t)i * n + c] = i == c ? 1.0 : 0.0;
  for (int j = n - 1; j >= 0; j--) {
    if (beta[j] == 0.0) continue;
    reflect(Q, m, n, j, j, W, beta[j], s);
  }

  /* R, with the sign of each row folded into the matching column of Q so diag(R) >= 0. */
  for (int i = 0; i < n; i++) {
    double sgn = d[i] < 0 ? -1.0 : 1.0;
    for (int c = 0; c < n; c++)
      R[(size_t)i * n + c] = c < i ? 0.0 : c == i ? fabs(d[i]) : sgn * W[(size_t)i * n + c];
    if (sgn < 0)
      for (int r = 0; r < m; r++) Q[(size_t)r * n + i] = -Q[(size_t)r * n + i];
  }
  return DLAB_OK;
}
