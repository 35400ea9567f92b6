/* Exact single-mode dynamics of deep linear networks (THEORY.md §1). */
#include "depthlab/deep_linear.h"

#include <math.h>
#include <stdlib.h>

#include "depthlab/ode.h"
#include "depthlab/quad.h"
#include "depthlab/status.h"

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
      double e = exp(-(depth == 1 ? 1 : 2 * s) * t[i]);
      a_out[i] = depth == 1 ? s + (a0 - s) * e : s / (1 + (s / a0 - 1) * e);
    }
    return DLAB_OK;
  }
  /* Integrate from t = 0: prepend it to the output times. */
  double *work = malloc((dlab_ode_dopri_work_size(1) + 2 * (size_t)(nt + 1)) * sizeof *work);
  if (!work) return dlab_fail(DLAB_ENOMEM, "could not allocate %ld output times", nt);
  double *times = work + dlab_ode_dopri_work_size(1), *out = times + nt + 1;
  times[0] = 0;
  for (long i = 0; i < nt; i++) times[i + 1] = t[i];
  mode_ode m = { s, depth };
  st = dlab_ode_dopri(mode_rhs, &m, 1, &a0, times, (int)(nt + 1), 1e-11, 1e-14 * s, 10000000L, out, work);
  if (st == DLAB_OK)
    for (long i = 0; i < nt; i++) a_out[i] = out[i + 1];
  free(work);
  return st;
}

/* dt/du with a = e^u: the log variable spreads the slow start (a tiny) evenly. */
static double time_density(double u, void *ctx) {
  const mode_ode *m = ctx;
  double a = exp(u);
  return pow(a, 2 / m->depth - 1) / (m->depth * (m->s - a));
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
  if (depth == 1) { *t_out = log((s - a0) / (s - af)); return DLAB_OK; }
  if (depth == 2) { *t_out = log(af * (s - a0) / (a0 * (s - af))) / (2 * s); return DLAB_OK; }
  mode_ode m = { s, depth };
  double err;
  /* Decaying modes (a0 > s) run from high to low: integrate ascending, flip the sign. */
  double lo = log(a0), hi = log(af), sign = 1;
  if (lo > hi) { double tmp = lo; lo = hi; hi = tmp; sign = -1; }
  st = dlab_quad_gk(time_density, &m, lo, hi, 0, 1e-12, t_out, &err);
  *t_out *= sign;
  if (st) return dlab_fail(st, "learning-time integral did not converge (depth %d, s %g, a0 %g, af %g)", depth, s, a0, af);
  return DLAB_OK;
}
