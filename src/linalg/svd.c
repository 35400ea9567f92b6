/* Thin SVD: Householder QR with column pivoting, then one-sided Jacobi on R^T
 * (Drmac & Veselic 2008, "New fast and accurate Jacobi SVD algorithm I", SIAM J.
 * Matrix Anal. Appl. 29:1322). Work on G = A (m >= n) or G = A^T (m < n), L x p:
 *   G P = Q R,   X = R^T,   X V_x = U_x Sigma (Jacobi: columns of X V_x orthogonal),
 *   so G = (Q V_x) Sigma (P U_x)^T.
 * The QR shrinks the rotated vectors from length L to p, and pivoting makes R^T close
 * to column-orthogonal so few sweeps are needed. Both steps are column-wise backward
 * stable, so singular values of a column-graded A = B D (B well conditioned) keep
 * high relative accuracy (Demmel & Veselic 1992), which dl_sim.c relies on.
 * Vectors are kept as contiguous rows: Wt = G^T (row c = column c of G, then its
 * Householder vector), Xt = R (row i = column i of X), Vxt = V_x^T. */
#include "linalg/linalg_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/status_internal.h"
#include "depthlab/linalg.h"

#define SVD_MAX_SWEEPS 60
#define SQRT_DBL_MIN 1.4916681462400413e-154   /* sqrt(DBL_MIN) */

/* work = Wt (p x L) + Xt (p x p) + Vxt (p x p) + beta, diag(R), two norm lists and the
 * permutation (p each) + one vector of length L; L = max(m, n), p = min(m, n). */
size_t dlab_svd_work_size(int m, int n) {
  if (m < 1 || n < 1) return 0;
  size_t L = (size_t)(m > n ? m : n), p = (size_t)(m < n ? m : n);
  return p * L + 2 * p * p + 5 * p + L;
}

static void swap_rows(double *x, double *y, int len) {
  for (int i = 0; i < len; i++) { double t = x[i]; x[i] = y[i]; y[i] = t; }
}

/* ||x||_2 without underflow of the squares (graded columns go far below 1e-154). */
static double norm2(const double *x, int len) {
  double big = 0.0;
  for (int i = 0; i < len; i++) big = fmax(big, fabs(x[i]));
  if (big == 0.0) return 0.0;
  double ss = 0.0;
  for (int i = 0; i < len; i++) { double t = x[i] / big; ss += t * t; }
  return big * sqrt(ss);
}

/* Householder QR with column pivoting of G, stored as Wt (p x L, row c = column c).
 * On return row j of Wt holds the Householder vector v_j in entries j..L-1 (H_j =
 * I - beta_j v v^T) and R[j][c] = Wt[c][j] for c > j; diag(R) is in d; perm[j] is
 * the column of G that went to position j. Pivoting takes the largest remaining
 * column norm (first on ties); partial norms are downdated and recomputed when
 * cancellation has eaten half the digits (Businger & Golub 1965; LAPACK's dgeqp3). */
static void qr_pivoted(int p, int L, double *Wt, double *beta, double *d, double *perm,
                       double *pn, double *pref) {
  for (int c = 0; c < p; c++) { perm[c] = c; pn[c] = pref[c] = dlab_dot(Wt + (size_t)c * L, Wt + (size_t)c * L, L); }
  for (int j = 0; j < p; j++) {
    int k = j;
    for (int c = j + 1; c < p; c++) if (pn[c] > pn[k]) k = c;
    if (k != j) {
      swap_rows(Wt + (size_t)j * L, Wt + (size_t)k * L, L);
      double t = perm[j]; perm[j] = perm[k]; perm[k] = t;
      t = pn[j]; pn[j] = pn[k]; pn[k] = t;
      t = pref[j]; pref[j] = pref[k]; pref[k] = t;
    }
    double *v = Wt + (size_t)j * L + j;
    int len = L - j;
    /* v = x - alpha e1 with alpha = -sign(x0) |x| (no cancellation); v^T v = 2 |x| (|x0| + |x|).
     * Nothing below the diagonal: H_j = I (a reflection would only add rounding). */
    double tail = norm2(v + 1, len - 1);
    beta[j] = 0.0;
    d[j] = v[0];
    /* beta = 1 / (|x| |v0|) with |v0| >= |x|: finite only for |x| >= sqrt(DBL_MIN). A
     * column below that (max |A| is ~1 here) is left as it is: its tail is far below what
     * the Jacobi step resolves (squared norms under DBL_MIN / DBL_EPSILON count as 0),
     * whereas the reflection would make beta = Infinity and the vectors NaN. */
    if (tail > 0.0 && hypot(v[0], tail) >= SQRT_DBL_MIN) {
      double nrm = hypot(v[0], tail), alpha = v[0] >= 0 ? -nrm : nrm;
      v[0] -= alpha;
      beta[j] = 1.0 / (nrm * fabs(v[0]));
      d[j] = alpha;
    }
    for (int c = j + 1; c < p; c++) {
      double *x = Wt + (size_t)c * L + j;
      if (beta[j] != 0.0) dlab_axpy(-beta[j] * dlab_dot(v, x, len), v, x, len);
      pn[c] -= x[0] * x[0];
      if (pn[c] <= sqrt(DBL_EPSILON) * pref[c]) pn[c] = pref[c] = dlab_dot(x + 1, x + 1, len - 1);
    }
  }
}

/* One-sided Jacobi on the p columns of X (rows of Xt), accumulating the rotations in
 * Vxt when it is not NULL. A pair is rotated while |x_i . x_j| > tol |x_i| |x_j| with
 * tol = p eps: a computed dot product of length p carries up to ~p eps |x_i| |x_j| of
 * rounding, so a tighter test can never be met and the sweeps would cycle. Columns
 * whose squared norm is below `tiny` (underflow territory; the caller scaled max|A|
 * to ~1) are left alone: their dot products no longer carry relative information.
 * Returns the number of sweeps, or -1 without convergence. */
static int jacobi(int p, double *Xt, double *Vxt, double *nrm2) {
  const double tol = DBL_EPSILON * (p > 2 ? p : 2), tiny = DBL_MIN / DBL_EPSILON;
  for (int sweep = 0; sweep < SVD_MAX_SWEEPS; sweep++) {
    int rotated = 0;
    for (int i = 0; i < p; i++) nrm2[i] = dlab_dot(Xt + (size_t)i * p, Xt + (size_t)i * p, p);
    for (int i = 0; i < p - 1; i++) {
      double *xi = Xt + (size_t)i * p;
      /* de Rijk (1989): pivot the longest remaining column to position i; the sweeps
       * then converge faster and the columns come out nearly sorted. */
      int k = i;
      for (int j = i + 1; j < p; j++) if (nrm2[j] > nrm2[k]) k = j;
      if (k != i) {
        swap_rows(xi, Xt + (size_t)k * p, p);
        if (Vxt) swap_rows(Vxt + (size_t)i * p, Vxt + (size_t)k * p, p);
        double t = nrm2[i]; nrm2[i] = nrm2[k]; nrm2[k] = t;
      }
      for (int j = i + 1; j < p; j++) {
        double a = nrm2[i], b = nrm2[j];
        if (a < tiny || b < tiny) continue;
        double *xj = Xt + (size_t)j * p;
        double g = dlab_dot(xi, xj, p);
        if (fabs(g) <= tol * sqrt(a) * sqrt(b)) continue;
        rotated = 1;
        /* The smaller rotation that zeroes g (Rutishauser 1966); for huge zeta,
         * t = 1 / (2 zeta) to first order without overflowing zeta^2. */
        double zeta = (b - a) / (2.0 * g), t;
        if (fabs(zeta) > 1e150) t = 0.5 / zeta;
        else t = (zeta >= 0 ? 1.0 : -1.0) / (fabs(zeta) + sqrt(1.0 + zeta * zeta));
        double c = 1.0 / sqrt(1.0 + t * t), s = c * t;
        dlab_rotate(xi, xj, p, c, s);
        if (Vxt) dlab_rotate(Vxt + (size_t)i * p, Vxt + (size_t)j * p, p, c, s);
        /* |x_i'|^2 = a - t g, |x_j'|^2 = b + t g; recomputed when that cancels. */
        double na = a - t * g, nb = b + t * g;
        nrm2[i] = na >= 0.25 * a ? na : dlab_dot(xi, xi, p);
        nrm2[j] = nb >= 0.25 * b ? nb : dlab_dot(xj, xj, p);
      }
    }
    if (!rotated) return sweep + 1;
  }
  return -1;
}

/* Replaces row i of Ut (p x len, rows orthonormal where keep(k)) by a unit vector
 * orthogonal to the rows k < i and to the rows k > i with sigma[k] > 0: Gram-Schmidt,
 * twice, on the unit vector e_r that survives the projection best (first on ties). */
static void complete_row(double *Ut, int p, int len, const double *sigma, int i, double *u) {
  double best = -1.0;
  int best_r = 0;
  for (int r = 0; r < len; r++) {
    double left = 1.0;
    for (int k = 0; k < p; k++)
      if (k != i && (k < i || sigma[k] > 0)) left -= Ut[(size_t)k * len + r] * Ut[(size_t)k * len + r];
    if (left > best) { best = left; best_r = r; }
  }
  for (int r = 0; r < len; r++) u[r] = r == best_r ? 1.0 : 0.0;
  for (int pass = 0; pass < 2; pass++) {
    for (int k = 0; k < p; k++) {
      if (k == i || !(k < i || sigma[k] > 0)) continue;
      const double *q = Ut + (size_t)k * len;
      dlab_axpy(-dlab_dot(q, u, len), q, u, len);
    }
    double nrm = sqrt(dlab_dot(u, u, len));
    for (int r = 0; r < len; r++) u[r] /= nrm;
  }
  memcpy(Ut + (size_t)i * len, u, sizeof(double) * (size_t)len);
}

int dlab_svd(int m, int n, const double *A, int lda, double *U, double *S, double *V,
             double *work) {
  if (m < 1 || n < 1) return dlab_fail(DLAB_EINVAL, "matrix size must be positive, got %d x %d", m, n);
  if (lda < n) return dlab_fail(DLAB_EINVAL, "lda must be at least n = %d, got %d", n, lda);
  if (!A || !S || !work) return dlab_fail(DLAB_EINVAL, "A, S and work must not be NULL");

  int tall = m >= n, L = tall ? m : n, p = tall ? n : m;
  double *Wt = work, *Xt = Wt + (size_t)p * L, *Vxt = Xt + (size_t)p * p, *beta = Vxt + (size_t)p * p;
  double *d = beta + p, *perm = d + p, *pn = perm + p, *pref = pn + p, *tmp = pref + p;

  /* Scale by a power of two (exact) so that max |A| is in [1/2, 1): no overflow of
   * squared norms, and underflow only for entries below ~1e-154 max |A|. */
  double big = 0.0;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) big = fmax(big, fabs(A[(size_t)i * lda + j]));
  int e = 0;
  if (big > 0) frexp(big, &e);
  for (int i = 0; i < p; i++)
    for (int r = 0; r < L; r++)
      Wt[(size_t)i * L + r] = ldexp(tall ? A[(size_t)r * lda + i] : A[(size_t)i * lda + r], -e);

  qr_pivoted(p, L, Wt, beta, d, perm, pn, pref);
  /* Xt = R (row i of R = column i of X = R^T). */
  for (int i = 0; i < p; i++)
    for (int c = 0; c < p; c++) Xt[(size_t)i * p + c] = c < i ? 0.0 : c == i ? d[i] : Wt[(size_t)c * L + i];

  /* U_G = Q V_x is needed for U (tall) or for V and its sign rule (wide). */
  int want = U || V, need_vx = tall ? U != NULL : want;
  if (need_vx)
    for (int i = 0; i < p; i++)
      for (int j = 0; j < p; j++) Vxt[(size_t)i * p + j] = i == j ? 1.0 : 0.0;
  double *sigma = pn;   /* the pivoting norms are done with */
  if (jacobi(p, Xt, need_vx ? Vxt : NULL, sigma) < 0)
    return dlab_fail(DLAB_ENOCONV, "SVD did not converge in %d sweeps", SVD_MAX_SWEEPS);

  const double tiny = DBL_MIN / DBL_EPSILON;
  for (int i = 0; i < p; i++) {
    double a = dlab_dot(Xt + (size_t)i * p, Xt + (size_t)i * p, p);
    sigma[i] = a < tiny ? 0.0 : sqrt(a);    /* as in jacobi(): below it, only rounding */
  }
  for (int i = 0; i < p; i++) {      /* selection sort, descending; stable for ties */
    int k = i;
    for (int j = i + 1; j < p; j++) if (sigma[j] > sigma[k]) k = j;
    if (k != i) {
      double t = sigma[i]; sigma[i] = sigma[k]; sigma[k] = t;
      swap_rows(Xt + (size_t)i * p, Xt + (size_t)k * p, p);
      if (need_vx) swap_rows(Vxt + (size_t)i * p, Vxt + (size_t)k * p, p);
    }
  }
  for (int i = 0; i < p; i++) S[i] = ldexp(sigma[i], e);
  if (!want) return DLAB_OK;

  /* U_x: normalised columns of X V_x; the null space completed to an orthonormal set. */
  for (int i = 0; i < p; i++)
    if (sigma[i] > 0) for (int c = 0; c < p; c++) Xt[(size_t)i * p + c] /= sigma[i];
  for (int i = 0; i < p; i++)
    if (!(sigma[i] > 0)) complete_row(Xt, p, p, sigma, i, tmp);

  /* Column i of V_G = P U_x is row i of Xt permuted (length p); column i of U_G = Q V_x
   * is H_0 ... H_{p-1} [row i of Vxt; 0] (length L). The sign rule is on A's V:
   * V_G (tall) or U_G (wide); it flips both columns. */
  double *VA = tall ? V : U, *UA = tall ? U : V;   /* VA gets V_G, UA gets U_G */
  int nV = p, nU = L;
  for (int i = 0; i < p; i++) {
    double *vg = tmp;                 /* length p <= L */
    for (int k = 0; k < p; k++) vg[(int)perm[k]] = Xt[(size_t)i * p + k];
    double sgn = 1.0;
    if (tall) {
      int at = 0;
      for (int r = 1; r < p; r++) if (fabs(vg[r]) > fabs(vg[at])) at = r;
      sgn = vg[at] < 0 ? -1.0 : 1.0;
    }
    /* Store V_G's column now (tmp is reused for U_G); fix its sign below if wide. */
    if (VA) for (int r = 0; r < nV; r++) VA[(size_t)r * p + i] = sgn * vg[r];
    if (!need_vx) continue;
    double *ug = tmp;
    memcpy(ug, Vxt + (size_t)i * p, sizeof(double) * (size_t)p);
    memset(ug + p, 0, sizeof(double) * (size_t)(L - p));
    for (int j = p - 1; j >= 0; j--) {
      if (beta[j] == 0.0) continue;
      const double *v = Wt + (size_t)j * L + j;
      dlab_axpy(-beta[j] * dlab_dot(v, ug + j, L - j), v, ug + j, L - j);
    }
    if (!tall) {
      int at = 0;
      for (int r = 1; r < L; r++) if (fabs(ug[r]) > fabs(ug[at])) at = r;
      if (ug[at] < 0) {
        sgn = -1.0;
        if (VA) for (int r = 0; r < nV; r++) VA[(size_t)r * p + i] = -VA[(size_t)r * p + i];
      }
    }
    if (UA) for (int r = 0; r < nU; r++) UA[(size_t)r * p + i] = sgn * ug[r];
  }
  return DLAB_OK;
}

int dlab_svd_checked(const char *name, int m, int n, const double *A, double *U, double *S, double *V) {
  int st;
  if ((st = dlab_check_int("m (rows)", m, 1, DLAB_MAX_DIM)) || (st = dlab_check_int("n (cols)", n, 1, DLAB_MAX_DIM)) ||
      (st = dlab_check_ptr(name, A)) || (st = dlab_check_ptr("S", S)))
    return st;
  size_t mn = (size_t)m * n;
  double big = 0;
  for (size_t i = 0; i < mn; i++) {
    if (!isfinite(A[i]))
      return dlab_fail(DLAB_EINVAL, "%s must hold finite numbers, but %s[%ld][%ld] = %g", name, name,
                       (long)(i / (size_t)n), (long)(i % (size_t)n), A[i]);
    big = fmax(big, fabs(A[i]));
  }
  double *work = malloc(sizeof(double) * dlab_svd_work_size(m, n));
  if (!work) return dlab_fail(DLAB_ENOMEM, "could not allocate the SVD workspace for %d x %d", m, n);
  st = dlab_svd(m, n, A, n, U, S, V, work);   /* scales max |A| to [1/2, 1) itself */
  free(work);
  if (st) return dlab_fail(st, "the SVD of %s (%d x %d) did not converge", name, m, n);
  /* S comes back scaled up again, so only sigma_1 > DBL_MAX can be infinite. */
  if (!isfinite(S[0]))
    return dlab_fail(DLAB_EINVAL, "the largest singular value of %s exceeds the double range (largest |entry| %g)", name, big);
  return DLAB_OK;
}
