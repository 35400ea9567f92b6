/* Transient chaos: length and correlation maps, fixed points, depth scales,
 * curvature recursion (Poole et al. 2016; Schoenholz et al. 2017; docs/theory.md §5).
 * The Monte-Carlo simulation is in chaos_sim.c, the phase diagram in chaos_phase.c. */
#include "depthlab/chaos.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "chaos_internal.h"
#include "linalg/quad.h"
#include "api/status_internal.h"

#define INV_SQRT_2PI 0.398942280401432677939946059934
#define SQRT_PI 1.77245385090551602729816748334
#define PI 3.14159265358979323846264338328

static const char *const PHI_NAMES[] = { "linear", "tanh", "relu", "erf" };

const char *dlab_chaos_phi_name(int phi) {
  return phi >= 0 && phi < DLAB_PHI_COUNT ? PHI_NAMES[phi] : "unknown";
}

void chaos_phi_eval(int phi, double h, double *f, double *d1, double *d2) {
  switch (phi) {
    case DLAB_PHI_TANH: {
      double t = tanh(h), s = 1.0 - t * t;
      *f = t; *d1 = s; *d2 = -2.0 * t * s;
      break;
    }
    case DLAB_PHI_RELU:
      *f = h > 0 ? h : 0.0; *d1 = h > 0 ? 1.0 : 0.0; *d2 = 0.0;
      break;
    case DLAB_PHI_ERF: {
      double g = exp(-0.25 * PI * h * h);
      /* g underflows to 0 beyond |h| ~ 31, where -0.5 pi h would overflow for |h| > ~1e308
       * (Infinity * 0 = NaN): phi'' is then the signed zero it tends to. */
      *f = erf(0.5 * SQRT_PI * h); *d1 = g; *d2 = g > 0 ? -0.5 * PI * h * g : -copysign(0.0, h);
      break;
    }
    default:
      *f = h; *d1 = 1.0; *d2 = 0.0;
  }
}

int dlab_chaos_phi(int phi, double h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_phi(phi)) || (st = dlab_check_real("h", h, -HUGE_VAL, HUGE_VAL)) ||
      (st = dlab_check_ptr("out", out)))
    return st;
  chaos_phi_eval(phi, h, &out[DLAB_CHAOS_PHI_F], &out[DLAB_CHAOS_PHI_D1], &out[DLAB_CHAOS_PHI_D2]);
  return DLAB_OK;
}

/* ---- argument checks ----------------------------------------------------- */

int chaos_check_phi(int phi) {
  if (phi < 0 || phi >= DLAB_PHI_COUNT)
    return dlab_fail(DLAB_EINVAL, "phi must be one of 0 (linear), 1 (tanh), 2 (relu), 3 (erf), got %d", phi);
  return DLAB_OK;
}

int chaos_check_net(int phi, double sw, double sb) {
  int st = chaos_check_phi(phi);
  if (st) return st;
  if ((st = dlab_check_real("sw", sw, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW))) return st;
  return dlab_check_real("sb", sb, 0, DLAB_CHAOS_MAX_SB);
}

int chaos_check_q1(double q1) { return dlab_check_real_above("q1", q1, 0, DLAB_CHAOS_MAX_Q); }

int chaos_check_grid(double sw_min, double sw_max, double sb_min, double sb_max, int nw, int nb, int row0,
                     int nrows) {
  int st;
  if ((st = dlab_check_real("swMin", sw_min, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW)) ||
      (st = dlab_check_real("swMax", sw_max, sw_min, DLAB_CHAOS_MAX_SW)) ||
      (st = dlab_check_real("sbMin", sb_min, 0, DLAB_CHAOS_MAX_SB)) ||
      (st = dlab_check_real("sbMax", sb_max, sb_min, DLAB_CHAOS_MAX_SB)) ||
      (st = dlab_check_int("nw", nw, 2, DLAB_CHAOS_MAX_GRID)) ||
      (st = dlab_check_int("nb", nb, 2, DLAB_CHAOS_MAX_GRID)) ||
      (st = dlab_check_int("row0", row0, 0, nb - 1)) ||
      (st = dlab_check_int("nrows", nrows, 1, nb - row0)))
    return st;
  if (sw_max == sw_min) return dlab_fail(DLAB_EINVAL, "swMax must be greater than swMin = %g, got %g", sw_min, sw_max);
  if (sb_max == sb_min) return dlab_fail(DLAB_EINVAL, "sbMax must be greater than sbMin = %g, got %g", sb_min, sb_max);
  return DLAB_OK;
}

double *chaos_alloc(size_t a, size_t b, int *st) {
  size_t bytes;
  if (*st || (*st = dlab_size_mul(a, b, sizeof(double), &bytes))) return 0;
  size_t n = a * b;
  double *p = calloc(n > 0 ? n : 1, sizeof(double));   /* never calloc(0): it may return 0 */
  if (!p) *st = dlab_fail(DLAB_ENOMEM, "could not allocate %zu doubles", n);
  return p;
}

static int check_method(int phi, int method) {
  int st = dlab_check_int("method", method, DLAB_CHAOS_FAST, DLAB_CHAOS_TRAPEZOID);
  if (st) return st;
  if (method == DLAB_CHAOS_TRAPEZOID && phi == DLAB_PHI_RELU)
    return dlab_fail(DLAB_EINVAL, "method 2 (trapezoid) needs a smooth phi (linear, tanh, erf), got relu");
  return DLAB_OK;
}

/* ---- one-dimensional Gaussian moments ----------------------------------- */

/* Trapezoid step for E[f(sqrt(q) z)]: tanh has poles at |Im z| = pi / (2 sqrt q), the
 * error falls like exp(-2 pi d / h) for a strip of half-width d below that; h sqrt(q) =
 * 0.25 keeps it below 1e-11 even for phi''^2 (tests/c/test_chaos_quad.c). For small q the
 * Gaussian alone limits h: exp(-2 pi^2 / h^2) ~ 1e-34 at h = 0.5. */
double chaos_trap_step(double q) {
  double h = q > 0 ? CHAOS_TRAP_HSQ / sqrt(q) : CHAOS_TRAP_HMAX;
  return h < CHAOS_TRAP_HMAX ? h : CHAOS_TRAP_HMAX;
}

/* tanh by the trapezoid rule, nodes z_j = j h (|z| <= ZMAX), every integrand even.
 * exp(2 s z_j) and the Gaussian weights come from products, refreshed every 16
 * nodes: no transcendental per node. Beyond s z = 20, tanh = 1 to 1e-17. Below q =
 * TANH_SMALL_Q, 1 - 2 / (E + 1) would cancel (relative error ~1e-16 / (s z): E[tanh^2]
 * was 0 below q ~ 1e-32), so tanh is called on the few nodes (h = 0.5) instead. */
#define TANH_SMALL_Q 1e-8
static void tanh_moments_trap(double q, chaos_moments *m) {
  double s = sqrt(q), h = chaos_trap_step(q);
  int small = q < TANH_SMALL_Q;
  int n = (int)ceil(CHAOS_TRAP_ZMAX / h);
  double pp = 0, d1 = h * INV_SQRT_2PI, d2 = 0, pd2 = 0, wsum = 0;   /* node 0: t = 0, sech^2 = 1 */
  double R = exp(2 * s * h), rho0 = exp(-h * h);
  double E = 1, g = 1, rho = 1;
  for (int j = 1; j <= n; j++) {
    double z = j * h;
    if ((j & 15) == 1) {                          /* refresh the products */
      E = exp(2 * s * z); g = exp(-0.5 * z * z); rho = exp(-h * h * (2 * j + 1) * 0.5);
    } else {
      E *= R; g *= rho; rho *= rho0;
    }
    double w = 2 * h * INV_SQRT_2PI * g;
    if (s * z > 20) { wsum += w; continue; }
    double t = small ? tanh(s * z) : 1.0 - 2.0 / (E + 1.0), sech2 = small ? 1.0 - t * t : 4.0 / (E + 2.0 + 1.0 / E);
    double dd2 = -2.0 * t * sech2;
    pp += w * t * t;
    d1 += w * sech2 * sech2;
    d2 += w * dd2 * dd2;
    pd2 += w * t * dd2;
  }
  m->pp = pp + wsum; m->d1d1 = d1; m->d2d2 = d2; m->pd2 = pd2;
}

/* Generic trapezoid (any smooth phi): per-node phi evaluation, symmetric grid. The node
 * count grows like sqrt(q): q <= DLAB_CHAOS_MAX_Q keeps it below 1500 (callers scale
 * the homogeneous phi down to that; larger q would be a bug, refused here). */
static int moments_trap_generic(int phi, double q, chaos_moments *m) {
  if (!(q <= DLAB_CHAOS_MAX_Q))
    return dlab_fail(DLAB_ELIMIT, "internal: trapezoid moments asked at q = %g, above %g", q, DLAB_CHAOS_MAX_Q);
  double s = sqrt(q), h = chaos_trap_step(q);
  int n = (int)ceil(CHAOS_TRAP_ZMAX / h);
  m->pp = m->d1d1 = m->d2d2 = m->pd2 = 0;
  for (int j = -n; j <= n; j++) {
    double z = j * h, w = h * INV_SQRT_2PI * exp(-0.5 * z * z), f, a, b;
    chaos_phi_eval(phi, s * z, &f, &a, &b);
    m->pp += w * f * f; m->d1d1 += w * a * a; m->d2d2 += w * b * b; m->pd2 += w * f * b;
  }
  return DLAB_OK;
}

typedef struct { int phi, which; double s; } gk1_ctx;

static double gk1_f(double z, void *vctx) {
  const gk1_ctx *c = vctx;
  double f, a, b;
  chaos_phi_eval(c->phi, c->s * z, &f, &a, &b);
  switch (c->which) {
    case 0: return f * f;
    case 1: return a * a;
    case 2: return b * b;
    default: return f * b;
  }
}

static int moments_gk(int phi, double q, chaos_moments *m) {
  double out[4];
  for (int k = 0; k < 4; k++) {
    gk1_ctx c = { phi, k, sqrt(q) };
    int st = dlab_quad_gauss_expect(gk1_f, &c, CHAOS_GK_ABSTOL, CHAOS_GK_RELTOL, &out[k], 0);
    if (st) return st;
  }
  m->pp = out[0]; m->d1d1 = out[1]; m->d2d2 = out[2]; m->pd2 = out[3];
  if (phi == DLAB_PHI_RELU) m->d2d2 = INFINITY;
  return DLAB_OK;
}

/* E[phi^2], E[phi'^2], E[phi''^2], E[phi phi''] at u = sqrt(q) z, q >= 0. At q = 0 the
 * values are the limits q -> 0+ (ReLU: E[phi'^2] = 1/2). Linear and ReLU are homogeneous
 * (phi(k u) = k phi(u), k > 0): above DLAB_CHAOS_MAX_Q (q* near their boundary can be
 * ~1e16) the quadratures work at DLAB_CHAOS_MAX_Q and E[phi^2] is scaled by q / MAX_Q;
 * E[phi'^2], E[phi''^2] and E[phi phi''] (0 or +Infinity) do not depend on q. The
 * closed forms (FAST) hold at every q. */
int chaos_moments_at(int phi, int method, double q, chaos_moments *m) {
  if ((phi == DLAB_PHI_LINEAR || phi == DLAB_PHI_RELU) && method != DLAB_CHAOS_FAST && q > DLAB_CHAOS_MAX_Q) {
    int st = chaos_moments_at(phi, method, DLAB_CHAOS_MAX_Q, m);
    m->pp *= q / DLAB_CHAOS_MAX_Q;
    return st;
  }
  if (phi == DLAB_PHI_RELU && (method == DLAB_CHAOS_FAST || q == 0)) {
    m->pp = 0.5 * q; m->d1d1 = 0.5; m->d2d2 = INFINITY; m->pd2 = 0;
    return DLAB_OK;
  }
  if (q == 0) {
    double f, a, b;
    chaos_phi_eval(phi, 0.0, &f, &a, &b);
    m->pp = f * f; m->d1d1 = a * a; m->d2d2 = b * b; m->pd2 = f * b;
    return DLAB_OK;
  }
  if (method == DLAB_CHAOS_REFERENCE) return moments_gk(phi, q, m);
  if (method == DLAB_CHAOS_TRAPEZOID) return moments_trap_generic(phi, q, m);
  switch (phi) {
    case DLAB_PHI_TANH:
      tanh_moments_trap(q, m);
      return DLAB_OK;
    case DLAB_PHI_ERF: {
      /* Williams (1997) arcsine kernel with Sigma scaled by pi/4; a = pi q / 2. */
      double a = 0.5 * PI * q, r = sqrt(1 + 2 * a);
      m->pp = (2 / PI) * asin(a / (1 + a));
      m->d1d1 = 1 / r;
      m->d2d2 = 0.25 * PI * PI * q / (r * r * r);
      m->pd2 = 1 / ((1 + a) * r) - 1 / r;     /* E[phi'^2 + phi phi''] = dE[phi^2]/dq */
      return DLAB_OK;
    }
    default:
      m->pp = q; m->d1d1 = 1; m->d2d2 = 0; m->pd2 = 0;
      return DLAB_OK;
  }
}

int dlab_chaos_length_map(int phi, int method, double sw, double sb, double q, double *out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = check_method(phi, method)) ||
      (st = dlab_check_real("q", q, 0, DLAB_CHAOS_MAX_Q)) || (st = dlab_check_ptr("out", out)))
    return st;
  chaos_moments m;
  if ((st = chaos_moments_at(phi, method, q, &m))) return st;
  double w2 = sw * sw;
  out[DLAB_CHAOS_LM_V] = w2 * m.pp + sb * sb;
  out[DLAB_CHAOS_LM_CHI1] = w2 * m.d1d1;
  out[DLAB_CHAOS_LM_CHI2] = w2 * m.d2d2;
  out[DLAB_CHAOS_LM_SLOPE] = w2 * (m.d1d1 + m.pd2);
  return DLAB_OK;
}

/* ---- two-dimensional Gaussian integrals --------------------------------- */

/* sqrt(x y) for x, y >= 0, also where the product leaves the normal range. */
static double root_product(double x, double y) {
  double p = x * y;
  return p >= DBL_MIN ? sqrt(p) : sqrt(x) * sqrt(y);
}

/* E[phi(u1) phi(u2)] and E[phi'(u1) phi'(u2)], u1 = s1 z1, u2 = s2 (c z1 + sqrt(1-c^2) z2). */
typedef struct { double ff, dd; } pair_moments;

static void pair_closed(int phi, double q11, double q22, double c, pair_moments *p) {
  double r = root_product(q11, q22);
  if (phi == DLAB_PHI_RELU) {
    double th = acos(c);   /* Cho & Saul (2009) arc-cosine kernel of degree 1 and 0 */
    p->ff = r / (2 * PI) * (sqrt(fmax(0.0, 1 - c * c)) + (PI - th) * c);
    p->dd = (PI - th) / (2 * PI);
  } else if (phi == DLAB_PHI_ERF) {
    double a1 = 1 + 0.5 * PI * q11, a2 = 1 + 0.5 * PI * q22, b = 0.5 * PI * r * c;
    p->ff = (2 / PI) * asin(b / sqrt(a1 * a2));
    p->dd = 1 / sqrt(a1 * a2 - b * b);
  } else {
    p->ff = r * c; p->dd = 1;
  }
}

/* Nested trapezoid: outer z1, inner z2, both on the grid of the larger variance. The
 * integrand is invariant under (z1, z2) -> (-z1, -z2) for odd phi: outer z1 >= 0 only. */
static void pair_trap(int phi, double q11, double q22, double c, pair_moments *p) {
  double h = chaos_trap_step(q11 > q22 ? q11 : q22);
  int n = (int)ceil(CHAOS_TRAP_ZMAX / h);
  double s1 = sqrt(q11), s2 = sqrt(q22), sc = sqrt(fmax(0.0, 1 - c * c));
  double ff = 0, dd = 0;
  for (int i = 0; i <= n; i++) {
    double z1 = i * h, w1 = (i ? 2 : 1) * h * INV_SQRT_2PI * exp(-0.5 * z1 * z1);
    double f1, a1, b1;
    chaos_phi_eval(phi, s1 * z1, &f1, &a1, &b1);
    double m = s2 * c * z1, b = s2 * sc, tf = 0, td = 0;
    for (int k = -n; k <= n; k++) {
      double z2 = k * h, w2 = h * INV_SQRT_2PI * exp(-0.5 * z2 * z2), f2, a2, b2;
      chaos_phi_eval(phi, m + b * z2, &f2, &a2, &b2);
      tf += w2 * f2; td += w2 * a2;
    }
    ff += w1 * f1 * tf; dd += w1 * a1 * td;
  }
  p->ff = ff; p->dd = dd;
}

typedef struct { int phi, deriv; double s1, s2, c, sc, z1; int st; } gk2_ctx;

static double gk2_inner(double z2, void *vctx) {
  const gk2_ctx *g = vctx;
  double f, a, b;
  chaos_phi_eval(g->phi, g->s2 * (g->c * g->z1 + g->sc * z2), &f, &a, &b);
  return g->deriv ? a : f;
}

/* Inner E over z2. ReLU's kink at s2 (c z1 + sc z2) = 0 is made an end point: the
 * integrand vanishes on one side and is smooth on the other. */
static double gk2_inner_w(double z2, void *vctx) {
  return gk2_inner(z2, vctx) * exp(-0.5 * z2 * z2) * INV_SQRT_2PI;
}

static int gk2_inner_integral(gk2_ctx *g, double *inner) {
  if (g->phi != DLAB_PHI_RELU || g->sc == 0)
    return dlab_quad_gauss_expect(gk2_inner, g, CHAOS_GK2_ABSTOL * 0.1, CHAOS_GK2_RELTOL * 0.1, inner, 0);
  double zk = -g->c * g->z1 / g->sc;
  if (zk >= 12) { *inner = 0; return DLAB_OK; }
  return dlab_quad_gk(gk2_inner_w, g, zk > -12 ? zk : -12, 12, CHAOS_GK2_ABSTOL * 0.1,
                      CHAOS_GK2_RELTOL * 0.1, inner, 0);
}

static double gk2_outer(double z1, void *vctx) {
  gk2_ctx *g = vctx;
  double f, a, b, inner = 0;
  chaos_phi_eval(g->phi, g->s1 * z1, &f, &a, &b);
  double lead = g->deriv ? a : f;
  if (lead == 0) return 0;
  g->z1 = z1;
  int st = gk2_inner_integral(g, &inner);
  if (st && !g->st) g->st = st;
  return lead * inner;
}

static int pair_gk(int phi, double q11, double q22, double c, pair_moments *p) {
  double res[2];
  for (int d = 0; d < 2; d++) {
    gk2_ctx g = { phi, d, sqrt(q11), sqrt(q22), c, sqrt(fmax(0.0, 1 - c * c)), 0, 0 };
    int st = dlab_quad_gauss_expect(gk2_outer, &g, CHAOS_GK2_ABSTOL, CHAOS_GK2_RELTOL, &res[d], 0);
    if (st) return st;
    if (g.st) return g.st;
  }
  p->ff = res[0]; p->dd = res[1];
  return DLAB_OK;
}

/* 1-D special case c = +-1: u2 = +-sqrt(q22/q11) u1 exactly. */
typedef struct { int phi, deriv; double s1, s2; } gk1p_ctx;
static double gk1p_f(double z, void *vctx) {
  const gk1p_ctx *g = vctx;
  double f1, a1, b1, f2, a2, b2;
  chaos_phi_eval(g->phi, g->s1 * z, &f1, &a1, &b1);
  chaos_phi_eval(g->phi, g->s2 * z, &f2, &a2, &b2);
  return g->deriv ? a1 * a2 : f1 * f2;
}

static int pair_edge(int phi, int method, double q11, double q22, double c, pair_moments *p) {
  double s1 = sqrt(q11), s2 = c * sqrt(q22);
  if (method == DLAB_CHAOS_FAST && phi != DLAB_PHI_TANH) {
    pair_closed(phi, q11, q22, c, p);
    return DLAB_OK;
  }
  if (method == DLAB_CHAOS_REFERENCE) {
    double res[2];
    for (int d = 0; d < 2; d++) {
      gk1p_ctx g = { phi, d, s1, s2 };
      int st = dlab_quad_gauss_expect(gk1p_f, &g, CHAOS_GK_ABSTOL, CHAOS_GK_RELTOL, &res[d], 0);
      if (st) return st;
    }
    p->ff = res[0]; p->dd = res[1];
    return DLAB_OK;
  }
  double h = chaos_trap_step(q11 > q22 ? q11 : q22);
  int n = (int)ceil(CHAOS_TRAP_ZMAX / h);
  p->ff = p->dd = 0;
  for (int j = -n; j <= n; j++) {
    double z = j * h, w = h * INV_SQRT_2PI * exp(-0.5 * z * z), f1, a1, b1, f2, a2, b2;
    chaos_phi_eval(phi, s1 * z, &f1, &a1, &b1);
    chaos_phi_eval(phi, s2 * z, &f2, &a2, &b2);
    p->ff += w * f1 * f2; p->dd += w * a1 * a2;
  }
  return DLAB_OK;
}

int chaos_pair_at(int phi, int method, double q11, double q22, double c, double *ff, double *dd) {
  pair_moments p = { 0, 0 };
  int st = DLAB_OK;
  if (c == 1 && q11 == q22) {   /* two copies of one point: the length map itself */
    chaos_moments m;
    st = chaos_moments_at(phi, method, q11, &m);
    p.ff = m.pp; p.dd = m.d1d1;
  } else if (c == 1 || c == -1) st = pair_edge(phi, method, q11, q22, c, &p);
  else if (method == DLAB_CHAOS_REFERENCE) st = pair_gk(phi, q11, q22, c, &p);
  else if (method == DLAB_CHAOS_FAST && phi != DLAB_PHI_TANH) pair_closed(phi, q11, q22, c, &p);
  else pair_trap(phi, q11, q22, c, &p);
  *ff = p.ff; *dd = p.dd;
  return st;
}

int dlab_chaos_corr_map(int phi, int method, double sw, double sb, double q11, double q22,
                        double c, double *out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = check_method(phi, method)) ||
      (st = dlab_check_ptr("out", out)))
    return st;
  if ((st = dlab_check_real_above("q11", q11, 0, DLAB_CHAOS_MAX_Q)) ||
      (st = dlab_check_real_above("q22", q22, 0, DLAB_CHAOS_MAX_Q)) || (st = dlab_check_real("c", c, -1, 1)))
    return st;
  return chaos_corr_step(phi, method, sw, sb, q11, q22, c, out);
}

/* dlab_chaos_corr_map without the argument checks (q11, q22 >= 0 finite, c in [-1, 1]). */
int chaos_corr_step(int phi, int method, double sw, double sb, double q11, double q22, double c,
                    double *out) {
  int st;
  chaos_moments m1, m2;
  double ff, dd, w2 = sw * sw, b2 = sb * sb;
  if ((st = chaos_moments_at(phi, method, q11, &m1)) || (st = chaos_moments_at(phi, method, q22, &m2)) ||
      (st = chaos_pair_at(phi, method, q11, q22, c, &ff, &dd)))
    return st;
  double n11 = w2 * m1.pp + b2, n22 = w2 * m2.pp + b2, n12 = w2 * ff + b2, k = w2;
  out[DLAB_CHAOS_CM_Q11] = n11; out[DLAB_CHAOS_CM_Q22] = n22; out[DLAB_CHAOS_CM_Q12] = n12;
  /* c' and its slope are ratios from which sw^2 cancels at sb = 0: there they come from the
   * moments alone once the new lengths leave the normal range (subnormal: few digits), and
   * from the limits below once the moments do too (q < ~1e-300: the limits are exact). */
  if (b2 == 0 && !(n11 >= DBL_MIN && n22 >= DBL_MIN)) { n11 = m1.pp; n22 = m2.pp; n12 = ff; k = 1; }
  double r = root_product(n11, n22);
  if (b2 > 0 ? r > 0 : r >= DBL_MIN) {
    out[DLAB_CHAOS_CM_C] = chaos_corr_clamp(n12 / r);
    out[DLAB_CHAOS_CM_SLOPE] = k * root_product(q11, q22) * dd / r;
  } else if (phi == DLAB_PHI_RELU) {   /* sb = 0, tiny q: the limit (chaos.h) */
    double th = acos(c);
    out[DLAB_CHAOS_CM_C] = chaos_corr_clamp((sqrt(fmax(0.0, 1 - c * c)) + (PI - th) * c) / PI);
    out[DLAB_CHAOS_CM_SLOPE] = (PI - th) / PI;
  } else {
    out[DLAB_CHAOS_CM_C] = c;
    out[DLAB_CHAOS_CM_SLOPE] = 1;
  }
  return DLAB_OK;
}

/* ---- fixed points --------------------------------------------------------- */

/* Stable fixed point of V(q) = sw^2 E[phi^2] + sb^2 for the bounded phi (tanh, erf),
 * by Newton safeguarded with bisection on the bracket [lo, hi]; V is concave, V(0) = sb^2,
 * V(q) <= sw^2 + sb^2. `guess` (<= 0: none) warm-starts it. *vm gets the moments at q*. */
int chaos_qstar_bounded(int phi, int method, double sw, double sb, double guess, double *qs,
                        chaos_moments *vm) {
  double w2 = sw * sw, b2 = sb * sb;
  int st;
  if (b2 == 0 && w2 <= 1) {   /* V'(0) = sw^2 phi'(0)^2 = sw^2: 0 is the stable point */
    *qs = 0;
    return chaos_moments_at(phi, method, 0, vm);
  }
  double lo = 0, hi = w2 + b2, q = guess > 0 && guess < hi ? guess : (b2 > 0 ? b2 + 0.5 * w2 : 0.5 * hi);
  for (int it = 0; it < 200; it++) {
    chaos_moments m;
    if ((st = chaos_moments_at(phi, method, q, &m))) return st;
    double F = w2 * m.pp + b2 - q, dF = w2 * (m.d1d1 + m.pd2) - 1;
    if (F == 0) break;
    if (F > 0) lo = q; else hi = q;
    double next = q - F / dF;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    double dq = fabs(next - q);
    q = next;
    if (dq <= 1e-15 * q || hi - lo <= 1e-15 * hi) break;
  }
  *qs = q;
  return chaos_moments_at(phi, method, q, vm);
}

/* q* and the moments there, for every phi. Infinite q* leaves *m at q = 0. */
int chaos_qstar(int phi, int method, double sw, double sb, double guess, double *qs, chaos_moments *m) {
  double w2 = sw * sw, b2 = sb * sb;
  if (phi == DLAB_PHI_TANH || phi == DLAB_PHI_ERF)
    return chaos_qstar_bounded(phi, method, sw, sb, guess, qs, m);
  double slope = phi == DLAB_PHI_RELU ? 0.5 * w2 : w2;   /* V(q) = slope q + sb^2 */
  if (slope < 1) *qs = b2 / (1 - slope);
  else if (slope == 1 && b2 == 0) *qs = 0;
  else *qs = INFINITY;
  return chaos_moments_at(phi, method, isfinite(*qs) ? *qs : 0, m);
}

static double depth_scale(double slope) {
  if (!(slope >= 0)) return NAN;
  if (slope >= 1) return INFINITY;
  return -1 / log(slope);
}

/* Stable c* in [0, 1) of the chaotic phase for odd phi: G(c) = C(c)/q* - c is convex
 * with G(0) = sb^2/q* >= 0 and G(1) = 0, G'(1) = chi1 - 1 > 0, so Newton from c = 0
 * climbs monotonically to the root. */
static int cstar_newton(int phi, int method, double sw, double sb, double qs, double *cs, double *slope) {
  double w2 = sw * sw, b2 = sb * sb, c = 0, ff, dd;
  int st;
  if (b2 == 0) { *cs = 0; if ((st = chaos_pair_at(phi, method, qs, qs, 0, &ff, &dd))) return st; *slope = w2 * dd; return DLAB_OK; }
  for (int it = 0; it < 100; it++) {
    if ((st = chaos_pair_at(phi, method, qs, qs, c, &ff, &dd))) return st;
    double G = (w2 * ff + b2) / qs - c, dG = w2 * dd - 1;
    *slope = w2 * dd;
    if (dG >= 0) break;          /* only at the root when chi1 -> 1 */
    double next = c - G / dG;
    if (next >= 1) next = 0.5 * (c + 1);
    if (next < 0) next = 0;   /* G(0) >= 0 exactly; a quadrature's rounding must not step below */
    double dc = fabs(next - c);
    c = next;
    if (dc <= 1e-14) break;
  }
  if ((st = chaos_pair_at(phi, method, qs, qs, c, &ff, &dd))) return st;
  *cs = c;
  *slope = w2 * dd;
  return DLAB_OK;
}

int chaos_fixed_point(int phi, int method, double sw, double sb, double *out) {
  double qs, w2 = sw * sw;
  chaos_moments m;
  int st = chaos_qstar(phi, method, sw, sb, 0, &qs, &m);
  if (st) return st;
  out[DLAB_CHAOS_FP_QSTAR] = qs;
  out[DLAB_CHAOS_FP_CHI1] = w2 * m.d1d1;
  out[DLAB_CHAOS_FP_CHI2] = phi == DLAB_PHI_RELU ? INFINITY : w2 * m.d2d2;
  if (!isfinite(qs)) {
    for (int k = DLAB_CHAOS_FP_CSTAR; k < DLAB_CHAOS_FP_LEN; k++) out[k] = NAN;
    return DLAB_OK;
  }
  double vq = w2 * (m.d1d1 + m.pd2);
  out[DLAB_CHAOS_FP_XI_Q] = depth_scale(vq);
  out[DLAB_CHAOS_FP_SLOPE_Q] = vq;
  if (out[DLAB_CHAOS_FP_CHI1] <= 1 || qs == 0) {
    out[DLAB_CHAOS_FP_CSTAR] = 1;
    out[DLAB_CHAOS_FP_SLOPE_C] = out[DLAB_CHAOS_FP_CHI1];
  } else if ((st = cstar_newton(phi, method, sw, sb, qs, &out[DLAB_CHAOS_FP_CSTAR], &out[DLAB_CHAOS_FP_SLOPE_C]))) {
    return st;
  }
  out[DLAB_CHAOS_FP_XI_C] = depth_scale(out[DLAB_CHAOS_FP_SLOPE_C]);
  return DLAB_OK;
}

int dlab_chaos_fixed_point(int phi, int method, double sw, double sb, double *out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = check_method(phi, method)) ||
      (st = dlab_check_ptr("out", out)))
    return st;
  return chaos_fixed_point(phi, method, sw, sb, out);
}

/* chi1 at the fixed point (q* by the fast method), warm-started. */
double chaos_chi1_at(int phi, double sw, double sb, double *guess) {
  double qs;
  chaos_moments m;
  if (chaos_qstar(phi, DLAB_CHAOS_FAST, sw, sb, guess ? *guess : 0, &qs, &m)) return NAN;
  if (guess && isfinite(qs)) *guess = qs;
  return sw * sw * m.d1d1;
}

/* Illinois regula falsi on chi1(sw) - 1 in [lo, hi], f(lo) < 0 <= f(hi). */
double chaos_critical_between(int phi, double sb, double lo, double flo, double hi, double fhi) {
  int side = 0;
  double guess = 0;
  for (int it = 0; it < 200 && hi - lo > 1e-13 * hi; it++) {
    double x = (lo * fhi - hi * flo) / (fhi - flo);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
    double fx = chaos_chi1_at(phi, x, sb, &guess) - 1;
    if (fx == 0) return x;
    if (fx < 0) { lo = x; flo = fx; if (side == -1) fhi *= 0.5; side = -1; }
    else { hi = x; fhi = fx; if (side == 1) flo *= 0.5; side = 1; }
  }
  return 0.5 * (lo + hi);
}

int chaos_critical_sw(int phi, double sb, double *sw_out) {
  if (phi == DLAB_PHI_LINEAR) { *sw_out = 1; return DLAB_OK; }
  if (phi == DLAB_PHI_RELU) { *sw_out = sqrt(2.0); return DLAB_OK; }
  if (sb == 0) { *sw_out = 1; return DLAB_OK; }   /* q* = 0 up to sw = 1, chi1 = sw^2 phi'(0)^2 */
  /* chi1 grows with sw: scan coarsely for the bracket, then refine. */
  double guess = 0, lo = 0, flo = -1, x = 0;
  for (int k = 1; k <= 40; k++) {
    x = DLAB_CHAOS_MAX_SW * k / 40.0;
    double fx = chaos_chi1_at(phi, x, sb, &guess) - 1;
    if (fx >= 0) { *sw_out = fx == 0 ? x : chaos_critical_between(phi, sb, lo, flo, x, fx); return DLAB_OK; }
    lo = x; flo = fx;
  }
  *sw_out = INFINITY;
  return DLAB_OK;
}

int dlab_chaos_critical_sw(int phi, double sb, double *sw_out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_phi(phi)) || (st = dlab_check_real("sb", sb, 0, DLAB_CHAOS_MAX_SB)) ||
      (st = dlab_check_ptr("sw_out", sw_out)))
    return st;
  return chaos_critical_sw(phi, sb, sw_out);
}

/* ---- curvature -------------------------------------------------------------- */

int dlab_chaos_curvature(int phi, double sw, double sb, double q1, int layers, double *out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = dlab_check_int("layers", layers, 1, DLAB_CHAOS_MAX_LAYERS)) ||
      (st = dlab_check_ptr("out", out)) || (st = chaos_check_q1(q1)))
    return st;
  double w2 = sw * sw, b2 = sb * sb, q = q1, g = q1, k2 = 1 / q1;
  double *row = out;
  row[DLAB_CHAOS_CURV_Q] = q; row[DLAB_CHAOS_CURV_GE] = g; row[DLAB_CHAOS_CURV_KAPPA2] = k2;
  for (int l = 1; l < layers; l++) {
    chaos_moments m;   /* q stays below sw^2 + sb^2 for tanh, erf; closed forms otherwise */
    if ((st = chaos_moments_at(phi, DLAB_CHAOS_FAST, q, &m))) return st;
    double chi1 = w2 * m.d1d1, chi2 = phi == DLAB_PHI_RELU ? NAN : w2 * m.d2d2;
    k2 = 3 * chi2 / (chi1 * chi1) + k2 / chi1;
    g *= chi1;
    q = w2 * m.pp + b2;
    row = out + (size_t)l * DLAB_CHAOS_CURV_LEN;
    row[DLAB_CHAOS_CURV_Q] = q; row[DLAB_CHAOS_CURV_GE] = g; row[DLAB_CHAOS_CURV_KAPPA2] = k2;
  }
  return DLAB_OK;
}
