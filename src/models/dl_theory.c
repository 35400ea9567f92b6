/* Time to criterion for decoupled modes (docs/theory.md §1.4): the loss
 * 1/2 sum_a (s_a - a_a(t))^2 decreases monotonically (every a_a moves
 * monotonically towards s_a), so its crossing of the criterion is bracketed by
 * doubling and found by bisection. */
#include <math.h>

#include "depthlab/deep_linear.h"
#include "api/status_internal.h"

static int loss_at(int depth, const double *s, int m, double a0, double t, double *out) {
  double sum = 0;
  for (int a = 0; a < m; a++) {
    double x;
    int st = dlab_dl_mode_trajectory(depth, s[a], a0, &t, 1, &x);
    if (st) return st;
    sum += (s[a] - x) * (s[a] - x);
  }
  *out = sum;
  return DLAB_OK;
}

int dlab_dl_criterion_time(int depth, const double *s, int m, double a0, double crit, double *t_out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("depth", depth, 1, DLAB_DL_MAX_DEPTH)) || (st = dlab_check_ptr("s", s)) ||
      (st = dlab_check_int("number of singular values", m, 1, DLAB_DL_MAX_MODES)) || (st = dlab_check_ptr("t_out", t_out)))
    return st;
  double s2 = 0;
  for (int a = 0; a < m; a++) {
    if (!(s[a] > 0 && s[a] <= DLAB_DL_MAX_STRENGTH))
      return dlab_fail(DLAB_EINVAL, "singular value s%d must be a finite number in (0, %g], got %g", a + 1,
                       DLAB_DL_MAX_STRENGTH, s[a]);
    s2 += s[a] * s[a];
  }
  if ((st = dlab_check_real_above("a0 (initial mode strength)", a0, 0, DLAB_DL_MAX_STRENGTH))) return st;
  if (!(crit >= DLAB_DL_MIN_CRIT && crit < 1))   /* below it the ODE cannot resolve the loss */
    return dlab_fail(DLAB_EINVAL, "criterion must be in [%g, 1) (a fraction of the loss at W = 0), got %g",
                     DLAB_DL_MIN_CRIT, crit);
  double target = crit * s2, L;
  if ((st = loss_at(depth, s, m, a0, 0, &L))) return st;
  if (L <= target) { *t_out = 0; return DLAB_OK; }
  double smin = s[0];
  for (int a = 1; a < m; a++) if (s[a] < smin) smin = s[a];
  double lo = 0, hi = 1 / smin;
  for (;;) {
    if ((st = loss_at(depth, s, m, a0, hi, &L))) return st;
    if (L <= target) break;
    lo = hi;
    hi *= 2;
    if (hi > DLAB_DL_MAX_TIME)
      return dlab_fail(DLAB_ENOCONV, "the criterion is not reached before t = %g (a0 %g is too small for depth %d)",
                       DLAB_DL_MAX_TIME, a0, depth);
  }
  while (hi - lo > 1e-12 * hi) {
    double mid = 0.5 * (lo + hi);
    if ((st = loss_at(depth, s, m, a0, mid, &L))) return st;
    if (L <= target) hi = mid; else lo = mid;
  }
  *t_out = 0.5 * (lo + hi);
  return DLAB_OK;
}
