/* How many layers a length needs to settle (Poole et al. 2016, Fig. 1D): the length map
 * iterated from several starts until it is within a band around q*, over a grid of
 * (sw, sb), row by row so a caller can drive it in chunks or split it across workers. */
#include <math.h>

#include "chaos_internal.h"
#include "api/status_internal.h"

/* Steps t >= 0 until |q^t - q*| <= band q*, from q^0 = q0; +Infinity after max_iter. */
static double steps_to_band(int phi, double w2, double b2, double qs, double q0, double band,
                            int max_iter) {
  double q = q0, tol = band * qs;
  for (int t = 0; t <= max_iter; t++) {
    if (fabs(q - qs) <= tol) return t;
    chaos_moments m;
    if (t == max_iter || chaos_moments_at(phi, DLAB_CHAOS_FAST, q, &m)) break;
    q = w2 * m.pp + b2;
    if (!isfinite(q)) break;
  }
  return INFINITY;
}

int dlab_chaos_converge_rows(int phi, double sw_min, double sw_max, double sb_min, double sb_max,
                             int nw, int nb, int row0, int nrows, double q0_min, double q0_max,
                             int nq0, double band, int max_iter, double *iters, double *q_star) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_phi(phi))) return st;
  if ((st = chaos_check_grid(sw_min, sw_max, sb_min, sb_max, nw, nb, row0, nrows)) ||
      (st = dlab_check_real("q0Min", q0_min, 0, DLAB_CHAOS_MAX_Q)) ||
      (st = dlab_check_real("q0Max", q0_max, q0_min, DLAB_CHAOS_MAX_Q)) ||
      (st = dlab_check_int("nq0", nq0, 1, 1000)) ||
      (st = dlab_check_int("maxIter", max_iter, 1, 100000)) || (st = dlab_check_ptr("iters", iters)))
    return st;
  if (!(band > 0 && band < 1)) return dlab_fail(DLAB_EINVAL, "band must be in (0, 1), got %g", band);
  for (int j = row0; j < row0 + nrows; j++) {
    double sb = sb_min + (sb_max - sb_min) * j / (nb - 1), guess = 0;
    for (int i = 0; i < nw; i++) {
      double sw = sw_min + (sw_max - sw_min) * i / (nw - 1), qs, sum = 0;
      size_t at = (size_t)j * nw + i;
      chaos_moments m;
      if ((st = chaos_qstar(phi, DLAB_CHAOS_FAST, sw, sb, guess, &qs, &m))) return st;
      if (isfinite(qs)) guess = qs;
      if (q_star) q_star[at] = qs;
      if (!isfinite(qs)) { iters[at] = NAN; continue; }
      for (int k = 0; k < nq0 && isfinite(sum); k++) {
        double q0 = nq0 > 1 ? q0_min + (q0_max - q0_min) * k / (nq0 - 1) : q0_min;
        sum += steps_to_band(phi, sw * sw, sb * sb, qs, q0, band, max_iter);
      }
      iters[at] = sum / nq0;
    }
  }
  return DLAB_OK;
}
