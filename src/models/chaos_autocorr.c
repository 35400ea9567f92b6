/* Correlations at every offset: the correlation map iterated layer by layer for many
 * input correlations at once (Poole et al. 2016, Fig. 3C: the autocorrelation of a great
 * circle is c1 = cos(delta theta) pushed through the map). At equal lengths q the map of
 * tanh has the Mehler series C(c) = sw^2 sum_k a_k^2 c^k + sb^2, a_k = E[phi(sqrt(q) z)
 * psi_k(z)] (psi_k the orthonormal Hermite polynomials), so one set of 1-D integrals per
 * layer serves every offset; the 2-D rule of chaos.c is kept for |c| so close to 1 that
 * the series' tail bound is not small enough. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "chaos_internal.h"
#include "api/status_internal.h"

#define INV_SQRT_2PI 0.398942280401432677939946059934
#define PI 3.14159265358979323846264338328
#define SERIES_KMAX 2000
#define SERIES_ZMAX 12.0    /* psi_k(z) exp(-z^2/2) ~ exp(-z^2/4): below 1e-15 beyond |z| = 12 */
#define SERIES_TOL 1e-12    /* tail bound on c' at which the series is used */
#define SERIES_STOP 1e-13   /* tail bound over all |c| <= 1 at which more terms are useless */
#define SERIES_REUSE 1e-13  /* coefficients serve lengths within this relative distance */

typedef struct {
  double q;      /* the length the coefficients belong to (-1: none yet) */
  int K;         /* a2[1..K] hold a_k^2 (odd k; even k are 0 for the odd tanh) */
  double *a2;    /* SERIES_KMAX + 1 */
  double *tail;  /* tail[k] = E[phi^2] - sum_(j <= k) a_j^2 >= 0: the tail after k at |c| = 1 */
  double *z, *f, *p0, *p1;   /* grid, weight * phi, psi_(k-1), psi_k; n each */
  int cap;       /* allocated grid length */
} series;

/* Trapezoid step for the a_k: the integrand is analytic in the strip |Im z| < d =
 * pi / (2 sqrt q) (tanh's poles) where psi_K grows like exp(sqrt(K) |Im z|), so the
 * error is ~ exp(sqrt(K) d - 2 pi d / h); with d at 90 % of the strip, h = 2 pi d /
 * (36 + sqrt(K) d) keeps it near exp(-36). */
static double series_step(double q) {
  double d = q > 0 ? 0.9 * PI / (2 * sqrt(q)) : INFINITY;
  double h = isfinite(d) ? 2 * PI * d / (36 + sqrt((double)SERIES_KMAX) * d) : 0.1;
  return h < 0.1 ? h : 0.1;
}

/* a_k^2 of tanh at length q > 0, until w2 * tail / qn <= SERIES_STOP or k = SERIES_KMAX. */
static int series_build(series *s, double q, double w2, double qn) {
  double h = series_step(q);
  int n = (int)ceil(SERIES_ZMAX / h);
  if (n > s->cap) {
    free(s->z);
    s->z = malloc(4 * (size_t)n * sizeof(double));
    if (!s->z) { s->cap = 0; return dlab_fail(DLAB_ENOMEM, "could not allocate %d grid points for the c-map series", n); }
    s->f = s->z + n; s->p0 = s->f + n; s->p1 = s->p0 + n;
    s->cap = n;
  }
  double r = sqrt(q), pp = 0;
  for (int j = 0; j < n; j++) {   /* z_j = (j + 1) h; even integrands: weight 2 h N(z) */
    double z = (j + 1) * h, t = tanh(r * z);
    s->z[j] = z;
    s->f[j] = 2 * h * INV_SQRT_2PI * exp(-0.5 * z * z) * t;
    pp += s->f[j] * t;
    s->p0[j] = 1; s->p1[j] = z;
  }
  double sum = 0;
  s->K = 1;
  s->tail[0] = pp;
  for (int k = 1; k <= SERIES_KMAX; k++) {   /* p1 holds psi_k, p0 psi_(k-1) */
    if (k & 1) {
      double a = 0;
      for (int j = 0; j < n; j++) a += s->f[j] * s->p1[j];
      s->a2[k] = a * a;
      sum += a * a;
      s->tail[k] = fmax(pp - sum, 0);
      s->K = k;
      if ((k & 15) == 15 && w2 * fmax(pp - sum, 0) <= SERIES_STOP * qn) break;
    } else {
      s->a2[k] = 0;
      s->tail[k] = s->tail[k - 1];
    }
    double sk = sqrt((double)k), ik = 1 / sqrt(k + 1.0);
    for (int j = 0; j < n; j++) {
      double next = (s->z[j] * s->p1[j] - sk * s->p0[j]) * ik;
      s->p0[j] = s->p1[j]; s->p1[j] = next;
    }
  }
  s->q = q;
  return DLAB_OK;
}

/* C(c) / qn at equal lengths by the series, summed only as far as the tail bound
 * w2 tail[k] |c|^(k+1) <= SERIES_TOL qn requires (few terms unless |c| is near 1);
 * 0 if even all K terms do not get there. */
static int series_map(const series *s, double w2, double b2, double qn, double c, double *out) {
  double c2 = c * c, p = c, sum = 0, limit = SERIES_TOL * qn / w2;
  for (int k = 1; k <= s->K; k += 2) {   /* odd k only; p = c^k */
    sum += s->a2[k] * p;
    if (s->tail[k] * fabs(p * c) <= limit) {
      *out = (w2 * sum + b2) / qn;
      return 1;
    }
    p *= c2;
  }
  return 0;
}

int dlab_chaos_corr_iterate(int phi, double sw, double sb, double q1, int layers, int n,
                            const double *c1, double *out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = dlab_check_int("layers", layers, 1, DLAB_CHAOS_MAX_LAYERS)) ||
      (st = dlab_check_int("n", n, 1, DLAB_CHAOS_MAX_CORR)) || (st = dlab_check_ptr("c1", c1)) ||
      (st = dlab_check_ptr("out", out)) || (st = chaos_check_q1(q1)))
    return st;
  for (int i = 0; i < n; i++)
    if (!(c1[i] >= -1 && c1[i] <= 1))
      return dlab_fail(DLAB_EINVAL, "c1[%d] must be in [-1, 1], got %g", i, c1[i]);
  double w2 = sw * sw, q = q1;
  series s = { -1, 0, 0, 0, 0, 0, 0, 0, 0 };
  if (phi == DLAB_PHI_TANH) {
    s.a2 = calloc(2 * (SERIES_KMAX + 1), sizeof(double));
    if (!s.a2) return dlab_fail(DLAB_ENOMEM, "could not allocate the c-map series");
    s.tail = s.a2 + SERIES_KMAX + 1;
  }
  int homogeneous = phi == DLAB_PHI_LINEAR || phi == DLAB_PHI_RELU;
  for (int i = 0; i < n; i++) out[i] = c1[i];
  for (int l = 1; l < layers && !st; l++) {
    const double *prev = out + (size_t)(l - 1) * n;
    double *row = out + (size_t)l * n, o[5];
    chaos_moments m;
    if (homogeneous) {
      /* phi(k u) = k phi(u): the map at length q is the map at length 1 with sb^2 / q, which
       * stays finite for every q (it can grow past the double range: then sb^2 / q = 0).
       * Where sb^2 / q overflows (a subnormal q1) the bias alone is left: c' = 1. */
      if ((st = chaos_moments_at(phi, DLAB_CHAOS_FAST, 1, &m))) break;
      double bq = q > 0 ? sb * sb / q : 0, den = w2 * m.pp + bq;
      for (int i = 0; i < n && !st; i++) {
        double ff, dd;
        if (prev[i] == 1 || isinf(bq)) { row[i] = 1; continue; }
        st = chaos_pair_at(phi, DLAB_CHAOS_FAST, 1, 1, prev[i], &ff, &dd);
        row[i] = chaos_corr_clamp((w2 * ff + bq) / den);
      }
      q = w2 * m.pp * q + sb * sb;
      continue;
    }
    if ((st = chaos_moments_at(phi, DLAB_CHAOS_FAST, q, &m))) break;
    double b2 = sb * sb, qn = w2 * m.pp + b2;   /* tanh, erf: q stays below sw^2 + sb^2 */
    /* C(c) / q' at sb = 0 does not depend on sw^2: without it once q' is subnormal (few digits) */
    double kw = w2, kn = qn;
    if (b2 == 0 && !(qn >= DBL_MIN)) { kw = 1; kn = m.pp; }
    int use_series = phi == DLAB_PHI_TANH && q > 0 && kn > 0;
    if (use_series && !(fabs(q - s.q) <= SERIES_REUSE * q) && (st = series_build(&s, q, kw, kn))) break;
    for (int i = 0; i < n; i++) {
      double c = prev[i], next;
      if (c == 1) { row[i] = 1; continue; }   /* equal lengths: C(1) = q' exactly */
      if (use_series && fabs(c) < 1 && series_map(&s, kw, b2, kn, c, &next)) {
        row[i] = chaos_corr_clamp(next);
        continue;
      }
      if ((st = chaos_corr_step(phi, DLAB_CHAOS_FAST, sw, sb, q, q, c, o))) break;
      row[i] = o[3];
    }
    q = qn;
  }
  free(s.a2);
  free(s.z);
  return st;
}
