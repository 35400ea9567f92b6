/* Exact single-mode dynamics of deep linear networks (docs/theory.md §1.2). */
#include "depthlab/deep_linear.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "linalg/ode.h"
#include "linalg/quad.h"
#include "api/status_internal.h"

static int check_mode(int depth, double s, double a0) {
  int st;
  if ((st = dlab_check_int("depth", depth, 1, DLAB_DL_MAX_DEPTH))) return st;
  if (!(s > 0) || (st = dlab_check_real("s (singular value)", s, 0, DLAB_DL_MAX_STRENGTH)))
    return dlab_fail(DLAB_EINVAL, "s (singular value) must be in (0, %g], got %g", DLAB_DL_MAX_STRENGTH, s);
  if (!(a0 > 0) || (st = dlab_check_real("a0", a0, 0, DLAB_DL_MAX_STRENGTH)))
    return dlab_fail(DLAB_EINVAL, "a0 (initial mode strength) must be in (0, %g], got %g",
                     DLAB_DL_MAX_STRENGTH, a0);
  return DLAB_OK;
}

typedef struct { double s, depth; } mode_ode;

static int mode_rhs(double t, const double *y, double *dydt, void *ctx) {
  const mode_ode *m = ctx;
  double a = y[0] > 0 ? y[0] : 0;   /* a stays positive; guard the power against rounding */
  dydt[0] = m->depth * pow(a, 2 - 2 / m->depth) * (m->s - a);
  return 0;
}

/* Time from a0 to af (same side of s, depth >= 3): t = int du a^r / (D (s - a)) with
 * a = e^u (the log variable spreads the slow start evenly), r = 2/D - 1. The pole at
 * a = s is subtracted and integrated exactly, int du / (s - e^u) = (u - log|s - e^u|) / s,
 * so the remaining integrand (a^r - s^r) / (D (s - a)) is smooth up to af -> s. */
static double time_density(double u, void *ctx) {
  const mode_ode *m = ctx;
  double a = exp(u), r = 2 / m->depth - 1;
  return (pow(a, r) - pow(m->s, r)) / (m->depth * (m->s - a));
}

static int mode_time(mode_ode *m, double a0, double af, double *t) {
  double lo = log(a0), hi = log(af), sign = 1, err, smooth;
  if (lo > hi) { double tmp = lo; lo = hi; hi = tmp; sign = -1; }
  int st = dlab_quad_gk(time_density, m, lo, hi, 0, 1e-12, &smooth, &err);
  if (st) return st;
  double c = pow(m->s, 2 / m->depth - 1) / m->depth;
  *t = sign * smooth + c / m->s * (log(af / a0) - log(fabs(m->s - af) / fabs(m->s - a0)));
  return DLAB_OK;
}

int dlab_dl_mode_trajectory(int depth, double s, double a0, const double *t, long nt,
                            double *a_out) {
  dlab_clear_error();
  int st;
  if ((st = check_mode(depth, s, a0)) || (st = dlab_check_ptr("t", t)) ||
      (st = dlab_check_ptr("a_out", a_out)) || (st = dlab_check_int("nt", nt, 1, DLAB_DL_MAX_POINTS)))
    return st;
  for (long i = 0; i < nt; i++) {
    if ((st = dlab_check_real("t[i]", t[i], 0, DLAB_DL_MAX_TIME))) return st;
    if (i && t[i] < t[i - 1])
      return dlab_fail(DLAB_EINVAL, "t must be ascending, but t[%ld] = %g < t[%ld] = %g", i, t[i], i - 1, t[i - 1]);
  }
  if (depth <= 2) {
    for (long i = 0; i < nt; i++) {
      double x = (depth == 1 ? 1 : 2 * s) * t[i], e = exp(-x);
      /* Sums of non-negative terms (no cancellation, no 0/0 when s/a0 underflows):
       * depth 1: s (1 - e) + a0 e; depth 2: s / (1 + (s/a0 - 1) e) = 1 / ((1 - e)/s + e/a0). */
      a_out[i] = depth == 1 ? s * -expm1(-x) + a0 * e : 1 / (-expm1(-x) / s + e / a0);
    }
    return DLAB_OK;
  }
  /* Near a = s the mode relaxes like e^(-k t), k = D s^(2 - 2/D): an explicit integrator
   * is held to steps ~ 3/k there, so t = 1e9 would take ~1e9 steps. Past the time tc at
   * which |a - s| = 1e-8 s (from the exact time integral) the linearised solution
   * a = s + (a_c - s) e^(-k (t - tc)) is used instead; its error is ~1e-8 of |a - s|. */
  mode_ode m = { s, depth };
  double k = depth * pow(s, 2 - 2.0 / depth), ac = a0, tc = 0;
  if (fabs(a0 - s) > 1e-8 * s) {
    ac = a0 < s ? s * (1 - 1e-8) : s * (1 + 1e-8);
    if (mode_time(&m, a0, ac, &tc) || !isfinite(tc)) tc = INFINITY;
    dlab_clear_error();   /* a failed integral only means: integrate all the way */
  }
  long node = 0;   /* t[0..node-1] <= tc: the ODE; the rest: the linearised tail */
  while (node < nt && t[node] <= tc) node++;
  for (long i = node; i < nt; i++) a_out[i] = s + (ac - s) * exp(-k * (t[i] - tc));
  if (node == 0) return DLAB_OK;
  /* Integrate from t = 0: prepend it to the output times. */
  double *work = malloc((dlab_ode_dopri_work_size(1) + 2 * (size_t)(node + 1)) * sizeof *work);
  if (!work) return dlab_fail(DLAB_ENOMEM, "could not allocate %ld output times", nt);
  double *times = work + dlab_ode_dopri_work_size(1), *out = times + node + 1;
  times[0] = 0;
  for (long i = 0; i < node; i++) times[i + 1] = t[i];
  /* The absolute tolerance follows s, but stays a normal number: for a subnormal s,
   * 1e-14 s rounds to 0 and the error norm of a subnormal a0 becomes 0/0. */
  st = dlab_ode_dopri(mode_rhs, &m, 1, &a0, times, (int)(node + 1), 1e-11, fmax(1e-14 * s, DBL_MIN), 10000000L, out, work);
  if (st == DLAB_OK)
    for (long i = 0; i < node; i++) a_out[i] = out[i + 1];
  free(work);
  return st;
}

int dlab_dl_learning_time(int depth, double s, double a0, double af, double *t_out) {
  dlab_clear_error();
  int st;
  if ((st = check_mode(depth, s, a0)) || (st = dlab_check_ptr("t_out", t_out))) return st;
  if (!(af > 0) || (st = dlab_check_real("af", af, 0, DLAB_DL_MAX_STRENGTH)))
    return dlab_fail(DLAB_EINVAL, "af (final mode strength) must be in (0, %g], got %g", DLAB_DL_MAX_STRENGTH, af);
  if (!((a0 <= af && af < s) || (s < af && af <= a0)))
    return dlab_fail(DLAB_EINVAL, "af must lie between a0 = %g and s = %g (s itself is reached only as t -> infinity), got %g",
                     a0, s, af);
  if (af == a0) { *t_out = 0; return DLAB_OK; }
  mode_ode m = { s, depth };
  double t = NAN;
  /* Ratios as products of ratios: a0, af or s near the ends of the double range must
   * not overflow or underflow an intermediate product. */
  if (depth == 1) t = log((s - a0) / (s - af));
  else if (depth == 2) {
    /* t = log R / (2 s), R = af (s - a0) / (a0 (s - af)); R - 1 = x below, and for s << a
     * the two logs of the plain form cancel (s -> 0 leaves t -> (1/af - 1/a0) / 2). */
    double x = ((af - a0) / a0) * (s / (s - af));
    t = (isfinite(x) && fabs(x) < 0.5 ? log1p(x) : log(af / a0) + log((s - a0) / (s - af))) / (2 * s);
  }
  else st = mode_time(&m, a0, af, &t);
  /* A non-finite integrand (strengths at the edge of the double range) means the
   * time itself is not representable: the caller's input, not a solver failure. */
  if (st == DLAB_EDIVERGED || (!st && !isfinite(t)))
    return dlab_fail(DLAB_EINVAL, "the learning time is not representable (depth %d, s %g, a0 %g, af %g: %g)",
                     depth, s, a0, af, t);
  *t_out = fmax(t, 0);   /* rounding must not make a forward time negative */
  if (st) return dlab_fail(st, "learning-time integral did not converge (depth %d, s %g, a0 %g, af %g)", depth, s, a0, af);
  return DLAB_OK;
}
