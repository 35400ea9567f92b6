/* Gauss-Hermite rules for the N(0, 1) weight by Golub-Welsch (1969): the nodes are the
 * eigenvalues of the Jacobi matrix of the orthonormal probabilists' Hermite polynomials,
 *   x p_k = sqrt(k + 1) p_{k+1} + sqrt(k) p_{k-1},  p_0 = 1, p_{-1} = 0,
 * i.e. zero diagonal and off-diagonal sqrt(1), ..., sqrt(n - 1). Eigenvalues come from
 * implicit QL; each node is then polished by Newton on p_n, and its weight is the
 * Christoffel number w = 1 / sum_{k<n} p_k(x)^2, summed with power-of-two rescaling so
 * tail weights (down to ~1e-222 at n = 256) keep their relative accuracy. */
#include "linalg/quad.h"

#include <float.h>
#include <math.h>

#include "api/status_internal.h"

size_t dlab_gauss_hermite_work_size(int n) {
  if (n < 1) return 0;
  return 2 * (size_t)n;
}

/* Eigenvalues of the symmetric tridiagonal matrix (diagonal d, off-diagonal e[0..n-2],
 * e[n-1] = 0) by QL with implicit Wilkinson shifts (tqli, Numerical Recipes §11.3). */
static int tridiag_eigenvalues(int n, double *d, double *e) {
  for (int l = 0; l < n; l++) {
    int iter = 0, m;
    do {
      for (m = l; m < n - 1; m++) {
        double dd = fabs(d[m]) + fabs(d[m + 1]);
        if (fabs(e[m]) <= DBL_EPSILON * dd) break;
      }
      if (m != l) {
        if (iter++ == 60) return -1;
        double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
        double r = hypot(g, 1.0);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        double s = 1.0, c = 1.0, p = 0.0;
        int i;
        for (i = m - 1; i >= l; i--) {
          double f = s * e[i], b = c * e[i];
          e[i + 1] = r = hypot(f, g);
          if (r == 0.0) { d[i + 1] -= p; e[m] = 0.0; break; }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2.0 * c * b;
          d[i + 1] = g + (p = s * r);
          g = c * r - b;
        }
        if (r == 0.0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0.0;
      }
    } while (m != l);
  }
  return 0;
}

/* p_n(x) / p_n'(x), the Newton correction, by the recurrence and its derivative. */
static double newton_step(int n, double x) {
  double p0 = 0.0, p1 = 1.0, dp0 = 0.0, dp1 = 0.0;
  for (int k = 0; k < n; k++) {
    double sk = sqrt((double)k), sk1 = sqrt(k + 1.0);
    double p2 = (x * p1 - sk * p0) / sk1, dp2 = (p1 + x * dp1 - sk * dp0) / sk1;
    p0 = p1; p1 = p2; dp0 = dp1; dp1 = dp2;
    if (fabs(p1) > 0x1p500) { p0 *= 0x1p-500; p1 *= 0x1p-500; dp0 *= 0x1p-500; dp1 *= 0x1p-500; }
  }
  return p1 / dp1;
}

/* 1 / sum_{k<n} p_k(x)^2 with the sum held as s * 2^(2 e). */
static double christoffel(int n, double x) {
  double p0 = 0.0, p1 = 1.0, s = 1.0;
  int e = 0;
  for (int k = 0; k + 1 < n; k++) {
    double p2 = (x * p1 - sqrt((double)k) * p0) / sqrt(k + 1.0);
    p0 = p1; p1 = p2;
    s += p1 * p1;
    if (fabs(p1) > 0x1p200) { p0 *= 0x1p-200; p1 *= 0x1p-200; s *= 0x1p-400; e += 200; }
  }
  return ldexp(1.0 / s, -2 * e);
}

int dlab_quad_gauss_hermite(int n, double *x, double *w, double *work) {
  if (n < 1 || n > DLAB_GH_MAX)
    return dlab_fail(DLAB_EINVAL, "n must be in [1, %d], got %d", DLAB_GH_MAX, n);
  if (!x || !w || !work) return dlab_fail(DLAB_EINVAL, "x, w and work must not be NULL");
  double *d = work, *e = work + n;
  for (int i = 0; i < n; i++) { d[i] = 0.0; e[i] = i + 1 < n ? sqrt(i + 1.0) : 0.0; }
  if (tridiag_eigenvalues(n, d, e))
    return dlab_fail(DLAB_ENOCONV, "Gauss-Hermite eigenvalues did not converge for n = %d", n);
  /* sort ascending (insertion; n <= 256) */
  for (int i = 1; i < n; i++) {
    double v = d[i];
    int j = i;
    for (; j > 0 && d[j - 1] > v; j--) d[j] = d[j - 1];
    d[j] = v;
  }
  /* The rule is symmetric: polish the non-negative half, mirror the rest. */
  for (int i = n / 2; i < n; i++) {
    double xi = n % 2 && i == n / 2 ? 0.0 : fabs(d[i]);
    if (xi != 0.0) for (int it = 0; it < 3; it++) xi -= newton_step(n, xi);
    x[i] = xi;
    x[n - 1 - i] = -xi;
  }
  double sum = 0.0;
  for (int i = n / 2; i < n; i++) w[i] = w[n - 1 - i] = christoffel(n, x[i]);
  for (int i = 0; i < n; i++) sum += w[i];   /* ascending |w| on the left half: small first */
  for (int i = 0; i < n; i++) w[i] /= sum;   /* sum is 1 to rounding; make it exact-ish */
  return DLAB_OK;
}
