/* The order-chaos phase diagram over (sw, sb), computed row by row so a caller can
 * drive it in chunks. Only 1-D integrals: q* by warm-started Newton on the length map,
 * chi1 and V'(q*) from the same moments, and for tanh c* from the Mehler expansion
 * of the correlation map, C(c) = sw^2 sum_k a_k^2 c^k + sb^2 with
 * a_k = E[phi(sqrt(q*) z) psi_k(z)] (psi_k the orthonormal Hermite polynomials),
 * which holds because u1, u2 have equal variance q* at the fixed point. */
#include <math.h>

#include "chaos_internal.h"
#include "api/status_internal.h"

#define INV_SQRT_2PI 0.398942280401432677939946059934
#define MEHLER_KMAX 400
#define MEHLER_ZMAX 12.0    /* psi_k(z) phi(z) ~ exp(-z^2/4) inside the oscillatory region */
#define MEHLER_HMAX 0.1     /* resolves psi_k up to k = 400 (local wavelength >= 2 pi / 20) */
#define MEHLER_TOL 1e-10
#define MEHLER_MAXN 1600    /* 12 / (0.25 / sqrt(1000)) < 1600 */

static double depth_scale(double slope) {
  if (!(slope >= 0)) return NAN;
  if (slope >= 1) return INFINITY;
  return -1 / log(slope);
}

/* Newton from c = 0 on G(c) = (w2 sum_k a2[k] c^k + b2)/q - c (convex: monotone). */
static double truncated_root(const double *a2, int K, double w2, double b2, double q, double *slope) {
  double c = 0;
  for (int it = 0; it < 200; it++) {
    double p = 0, dp = 0;
    for (int k = K; k >= 1; k--) { dp = dp * c + k * a2[k]; p = p * c + a2[k]; }
    p *= c;                                    /* a2[0] = 0 for odd phi */
    double G = (w2 * p + b2) / q - c, dG = w2 * dp / q - 1;
    *slope = w2 * dp / q;
    if (dG >= 0) break;
    double next = c - G / dG;
    if (next >= 1) next = 0.5 * (c + 1);
    double dc = fabs(next - c);
    c = next;
    if (dc <= 1e-15) break;
  }
  double dp = 0;
  for (int k = K; k >= 1; k--) dp = dp * c + k * a2[k];
  *slope = w2 * dp / q;
  return c;
}

/* c* and the c-map slope there for tanh at q* = q > 0 (chaotic side). pp = E[phi^2]. */
static void mehler_cstar(double q, double w2, double b2, double pp, double *cs, double *slope) {
  double h = chaos_trap_step(q);
  if (h > MEHLER_HMAX) h = MEHLER_HMAX;
  int n = (int)ceil(MEHLER_ZMAX / h);
  if (n > MEHLER_MAXN) n = MEHLER_MAXN;
  double z[MEHLER_MAXN], wf[MEHLER_MAXN], p0[MEHLER_MAXN], p1[MEHLER_MAXN], a2[MEHLER_KMAX + 1];
  double s = sqrt(q);
  for (int j = 0; j < n; j++) {   /* z_j = (j+1) h; odd integrand pairs: weight 2 h phi(z) */
    z[j] = (j + 1) * h;
    wf[j] = 2 * h * INV_SQRT_2PI * exp(-0.5 * z[j] * z[j]) * tanh(s * z[j]);
    p0[j] = 1; p1[j] = z[j];
  }
  for (int k = 0; k <= MEHLER_KMAX; k++) a2[k] = 0;
  double sum = 0;
  int K = 1;
  for (int k = 1; k <= MEHLER_KMAX; k++) {   /* p1 holds psi_k, p0 psi_(k-1) */
    if (k & 1) {
      double a = 0;
      for (int j = 0; j < n; j++) a += wf[j] * p1[j];
      a2[k] = a * a;
      sum += a2[k];
      K = k;
      if (b2 == 0) break;                      /* c* = 0: only a_1 matters */
      if ((k & 31) == 31 || k + 1 >= MEHLER_KMAX) {
        double sl, c = truncated_root(a2, K, w2, b2, q, &sl);
        double rest = pp - sum;
        if (w2 * (rest > 0 ? rest : 0) * pow(c, K + 1) / q < MEHLER_TOL) break;
      }
    }
    double sk = sqrt((double)k), ik = 1 / sqrt(k + 1.0);
    for (int j = 0; j < n; j++) {
      double next = (z[j] * p1[j] - sk * p0[j]) * ik;
      p0[j] = p1[j]; p1[j] = next;
    }
  }
  *cs = truncated_root(a2, K, w2, b2, q, slope);
}

/* One grid cell; *guess carries q* along the row. */
static void cell(int phi, double sw, double sb, double *guess, double *out5) {
  double w2 = sw * sw, b2 = sb * sb;
  if (phi != DLAB_PHI_TANH) {
    double fp[DLAB_CHAOS_FP_LEN];
    if (chaos_fixed_point(phi, DLAB_CHAOS_FAST, sw, sb, fp)) { for (int k = 0; k < 5; k++) out5[k] = NAN; return; }
    out5[0] = fp[1]; out5[1] = fp[4]; out5[2] = fp[5]; out5[3] = fp[0]; out5[4] = fp[3];
    return;
  }
  double qs;
  chaos_moments m;
  if (chaos_qstar(phi, DLAB_CHAOS_FAST, sw, sb, *guess, &qs, &m)) { for (int k = 0; k < 5; k++) out5[k] = NAN; return; }
  *guess = qs;
  double chi1 = w2 * m.d1d1, cs = 1, slope = chi1;
  if (chi1 > 1 && qs > 0) mehler_cstar(qs, w2, b2, m.pp, &cs, &slope);
  out5[0] = chi1;
  out5[1] = depth_scale(w2 * (m.d1d1 + m.pd2));
  out5[2] = depth_scale(slope);
  out5[3] = qs;
  out5[4] = cs;
}

int dlab_chaos_phase_rows(int phi, double sw_min, double sw_max, double sb_min, double sb_max,
                          int nw, int nb, int row0, int nrows, double *chi1, double *xi_q,
                          double *xi_c, double *q_star, double *c_star, double *boundary) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_phi(phi))) return st;
  if ((st = chaos_check_grid(sw_min, sw_max, sb_min, sb_max, nw, nb, row0, nrows))) return st;
  if ((st = dlab_check_ptr("chi1", chi1)) || (st = dlab_check_ptr("xi_q", xi_q)) ||
      (st = dlab_check_ptr("xi_c", xi_c)) || (st = dlab_check_ptr("q_star", q_star)) ||
      (st = dlab_check_ptr("c_star", c_star)) || (st = dlab_check_ptr("boundary", boundary)))
    return st;
  for (int j = row0; j < row0 + nrows; j++) {
    double sb = sb_min + (sb_max - sb_min) * j / (nb - 1), guess = 0;
    double prev_sw = 0, prev_f = NAN, crit = NAN;
    for (int i = 0; i < nw; i++) {
      double sw = sw_min + (sw_max - sw_min) * i / (nw - 1), o[5];
      size_t at = (size_t)j * nw + i;
      cell(phi, sw, sb, &guess, o);
      chi1[at] = o[0]; xi_q[at] = o[1]; xi_c[at] = o[2]; q_star[at] = o[3]; c_star[at] = o[4];
      double f = o[0] - 1;
      if (isnan(crit) && i > 0 && prev_f < 0 && f >= 0 && phi != DLAB_PHI_LINEAR && phi != DLAB_PHI_RELU && sb > 0)
        crit = f == 0 ? sw : chaos_critical_between(phi, sb, prev_sw, prev_f, sw, f);
      prev_sw = sw; prev_f = f;
    }
    if (isnan(crit) && (st = chaos_critical_sw(phi, sb, &crit))) return st;
    boundary[j] = crit;
  }
  return DLAB_OK;
}
