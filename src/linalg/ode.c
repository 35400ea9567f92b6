/* Initial value problems: classical RK4 with fixed steps, and Dormand-Prince 5(4)
 * (Dormand & Prince 1980) with local extrapolation, FSAL, and the PI step-size
 * controller and initial-step heuristic of Hairer, Norsett & Wanner, Solving ODEs I,
 * §II.4 and the DOPRI5 code (beta = 0.04, safety 0.9, step ratio in [0.2, 10]). */
#include "linalg/ode.h"

#include <math.h>
#include <string.h>

#include "api/status_internal.h"

/* A finite-time blow-up shows as a collapsing step while |y| grows without bound. */
#define BLOWUP_GROWTH 1e8

static int check_common(int n, const double *y0, const double *t_out, int nout,
                        const double *out, const double *work) {
  if (n < 1) return dlab_fail(DLAB_EINVAL, "n must be at least 1, got %d", n);
  if (nout < 1) return dlab_fail(DLAB_EINVAL, "nout must be at least 1, got %d", nout);
  if (!y0 || !t_out || !out || !work)
    return dlab_fail(DLAB_EINVAL, "y0, t_out, out and work must not be NULL");
  for (int i = 0; i < nout; i++) {
    if (!isfinite(t_out[i])) return dlab_fail(DLAB_EINVAL, "t_out[%d] must be finite, got %g", i, t_out[i]);
    if (i > 0 && t_out[i] < t_out[i - 1])
      return dlab_fail(DLAB_EINVAL, "t_out must be ascending, but t_out[%d] = %g < t_out[%d] = %g",
                       i, t_out[i], i - 1, t_out[i - 1]);
  }
  for (int i = 0; i < n; i++)
    if (!isfinite(y0[i])) return dlab_fail(DLAB_EINVAL, "y0[%d] must be finite, got %g", i, y0[i]);
  return DLAB_OK;
}

/* Calls f; a non-zero return aborts the integration with that status. */
static int call(dlab_ode_fn f, void *ctx, double t, const double *y, double *dydt) {
  int st = f(t, y, dydt, ctx);
  if (st && dlab_last_error()[0] == '\0')
    dlab_fail(st, "the right-hand side stopped the integration at t = %g (status %d)", t, st);
  return st;
}

static int all_finite(const double *y, int n) {
  for (int i = 0; i < n; i++) if (!isfinite(y[i])) return 0;
  return 1;
}

/* ---- RK4 ------------------------------------------------------------------- */
size_t dlab_ode_rk4_work_size(int n) { return n < 1 ? 0 : 6 * (size_t)n; }

int dlab_ode_rk4(dlab_ode_fn f, void *ctx, int n, const double *y0, const double *t_out,
                 int nout, double steps_per_unit, double *out, double *work) {
  if (!f) return dlab_fail(DLAB_EINVAL, "f must not be NULL");
  int st = check_common(n, y0, t_out, nout, out, work);
  if (st) return st;
  if (!(steps_per_unit > 0) || !isfinite(steps_per_unit))
    return dlab_fail(DLAB_EINVAL, "steps_per_unit must be a finite number > 0, got %g", steps_per_unit);
  double *y = work, *k1 = y + n, *k2 = k1 + n, *k3 = k2 + n, *k4 = k3 + n, *yt = k4 + n;
  memcpy(y, y0, (size_t)n * sizeof *y);
  memcpy(out, y, (size_t)n * sizeof *y);
  for (int o = 1; o < nout; o++) {
    double t0 = t_out[o - 1], len = t_out[o] - t0, steps = ceil(len * steps_per_unit);
    if (steps > 1e15)
      return dlab_fail(DLAB_EINVAL, "steps_per_unit %g asks for more than 1e15 steps", steps_per_unit);
    long ns = (long)steps;
    double h = ns > 0 ? len / (double)ns : 0.0;
    for (long s = 0; s < ns; s++) {
      double t = t0 + (double)s * h;   /* no drift: t from the step index */
      if ((st = call(f, ctx, t, y, k1))) return st;
      for (int i = 0; i < n; i++) yt[i] = y[i] + 0.5 * h * k1[i];
      if ((st = call(f, ctx, t + 0.5 * h, yt, k2))) return st;
      for (int i = 0; i < n; i++) yt[i] = y[i] + 0.5 * h * k2[i];
      if ((st = call(f, ctx, t + 0.5 * h, yt, k3))) return st;
      for (int i = 0; i < n; i++) yt[i] = y[i] + h * k3[i];
      if ((st = call(f, ctx, t + h, yt, k4))) return st;
      for (int i = 0; i < n; i++) y[i] += h / 6.0 * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
      if (!all_finite(y, n))
        return dlab_fail(DLAB_EDIVERGED, "the solution became non-finite at t = %g", t + h);
    }
    memcpy(out + (size_t)o * n, y, (size_t)n * sizeof *y);
  }
  return DLAB_OK;
}

/* ---- Dormand-Prince 5(4) ----------------------------------------------------- */
static const double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
static const double a21 = 1.0 / 5;
static const double a31 = 3.0 / 40, a32 = 9.0 / 40;
static const double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
static const double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                    a54 = -212.0 / 729;
static const double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247,
                    a64 = 49.0 / 176, a65 = -5103.0 / 18656;
static const double a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192,
                    a75 = -2187.0 / 6784, a76 = 11.0 / 84;   /* = the 5th-order weights */
/* 5th- minus 4th-order weights: the local error estimate. */
static const double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920,
                    e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40;

/* work layout for a step: k1..k7, yt (8n). k1 = f(t, y) must be filled in already. */
static int dopri_stages(dlab_ode_fn f, void *ctx, int n, double t, const double *y, double h,
                        double *k, double *y5, double *err) {
  double *k1 = k, *k2 = k1 + n, *k3 = k2 + n, *k4 = k3 + n, *k5 = k4 + n, *k6 = k5 + n,
         *k7 = k6 + n, *yt = k7 + n;
  int st;
  for (int i = 0; i < n; i++) yt[i] = y[i] + h * a21 * k1[i];
  if ((st = call(f, ctx, t + c2 * h, yt, k2))) return st;
  for (int i = 0; i < n; i++) yt[i] = y[i] + h * (a31 * k1[i] + a32 * k2[i]);
  if ((st = call(f, ctx, t + c3 * h, yt, k3))) return st;
  for (int i = 0; i < n; i++) yt[i] = y[i] + h * (a41 * k1[i] + a42 * k2[i] + a43 * k3[i]);
  if ((st = call(f, ctx, t + c4 * h, yt, k4))) return st;
  for (int i = 0; i < n; i++)
    yt[i] = y[i] + h * (a51 * k1[i] + a52 * k2[i] + a53 * k3[i] + a54 * k4[i]);
  if ((st = call(f, ctx, t + c5 * h, yt, k5))) return st;
  for (int i = 0; i < n; i++)
    yt[i] = y[i] + h * (a61 * k1[i] + a62 * k2[i] + a63 * k3[i] + a64 * k4[i] + a65 * k5[i]);
  if ((st = call(f, ctx, t + h, yt, k6))) return st;
  for (int i = 0; i < n; i++)
    y5[i] = y[i] + h * (a71 * k1[i] + a73 * k3[i] + a74 * k4[i] + a75 * k5[i] + a76 * k6[i]);
  if ((st = call(f, ctx, t + h, y5, k7))) return st;   /* FSAL: k1 of the next step */
  if (err)
    for (int i = 0; i < n; i++)
      err[i] = h * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] + e7 * k7[i]);
  return DLAB_OK;
}

/* work: y, y5, err, then the 8n of dopri_stages. */
size_t dlab_ode_dopri_work_size(int n) { return n < 1 ? 0 : 11 * (size_t)n; }

int dlab_ode_dopri_step(dlab_ode_fn f, void *ctx, int n, double t, const double *y,
                        double h, double *y5, double *err, double *work) {
  if (!f || !y || !y5 || !work) return dlab_fail(DLAB_EINVAL, "f, y, y5 and work must not be NULL");
  if (n < 1) return dlab_fail(DLAB_EINVAL, "n must be at least 1, got %d", n);
  if (!isfinite(t)) return dlab_fail(DLAB_EINVAL, "t must be finite, got %g", t);
  if (!isfinite(h)) return dlab_fail(DLAB_EINVAL, "h must be finite, got %g", h);
  double *k = work + 3 * (size_t)n;
  int st = call(f, ctx, t, y, k);
  if (st) return st;
  return dopri_stages(f, ctx, n, t, y, h, k, y5, err);
}

/* RMS over components of v_i / (atol + rtol max(|y_i|, |z_i|)). */
static double err_norm(int n, const double *v, const double *y, const double *z, double rtol,
                       double atol) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double sc = atol + rtol * fmax(fabs(y[i]), fabs(z[i])), r = v[i] / sc;
    s += r * r;
  }
  return sqrt(s / n);
}

/* Initial step (Hairer, Norsett & Wanner, §II.4 "starting step size"). k1 = f(t, y);
 * uses y5 and k2 as scratch. */
static int initial_step(dlab_ode_fn f, void *ctx, int n, double t, const double *y,
                        const double *k1, double *y1, double *f1, double rtol, double atol,
                        double span, double *h) {
  double d0 = err_norm(n, y, y, y, rtol, atol), d1 = err_norm(n, k1, y, y, rtol, atol);
  double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
  h0 = fmin(h0, span);
  for (int i = 0; i < n; i++) y1[i] = y[i] + h0 * k1[i];
  int st = call(f, ctx, t + h0, y1, f1);
  if (st) return st;
  for (int i = 0; i < n; i++) f1[i] -= k1[i];
  double d2 = err_norm(n, f1, y, y, rtol, atol) / h0, dm = fmax(d1, d2);
  double h1 = dm <= 1e-15 ? fmax(1e-6, h0 * 1e-3) : pow(0.01 / dm, 1.0 / 5);
  *h = fmin(fmin(100 * h0, h1), span);
  return DLAB_OK;
}

int dlab_ode_dopri(dlab_ode_fn f, void *ctx, int n, const double *y0, const double *t_out,
                   int nout, double rtol, double atol, long max_steps, double *out,
                   double *work) {
  if (!f) return dlab_fail(DLAB_EINVAL, "f must not be NULL");
  int st = check_common(n, y0, t_out, nout, out, work);
  if (st) return st;
  if (!(rtol >= 0) || !isfinite(rtol)) return dlab_fail(DLAB_EINVAL, "rtol must be a finite number >= 0, got %g", rtol);
  if (!(atol >= 0) || !isfinite(atol)) return dlab_fail(DLAB_EINVAL, "atol must be a finite number >= 0, got %g", atol);
  if (rtol == 0 && atol == 0) return dlab_fail(DLAB_EINVAL, "rtol and atol must not both be 0");
  if (max_steps < 1) return dlab_fail(DLAB_EINVAL, "max_steps must be at least 1, got %ld", max_steps);

  double *y = work, *y5 = y + n, *err = y5 + n, *k = err + n, *k1 = k, *k7 = k + 6 * (size_t)n;
  memcpy(y, y0, (size_t)n * sizeof *y);
  memcpy(out, y, (size_t)n * sizeof *y);
  double ymax0 = 0.0;
  for (int i = 0; i < n; i++) ymax0 = fmax(ymax0, fabs(y[i]));
  double t = t_out[0], t_end = t_out[nout - 1];
  if (t_end == t) {
    for (int o = 1; o < nout; o++) memcpy(out + (size_t)o * n, y, (size_t)n * sizeof *y);
    return DLAB_OK;
  }
  if ((st = call(f, ctx, t, y, k1))) return st;
  if (!all_finite(k1, n))
    return dlab_fail(DLAB_EDIVERGED, "the derivative is not finite at the start, t = %g", t);
  /* Smallest step worth taking: relative to the time scale of the whole run, so a
   * start at t = 0 (where 1e-14 |t| is 0) cannot grind through max_steps tiny steps. */
  const double h_floor = 1e-14 * fmax(fabs(t), fabs(t_end - t));
  double h;
  if ((st = initial_step(f, ctx, n, t, y, k1, y5, k + n, rtol, atol, t_end - t, &h))) return st;

  const double beta = 0.04, expo = 0.2 - 0.75 * beta, safe = 0.9;
  double err_old = 1e-4;
  long steps = 0;
  int o = 1, rejected = 0;
  while (o < nout) {
    double t_next = t_out[o];
    if (t_next == t) { memcpy(out + (size_t)o++ * n, y, (size_t)n * sizeof *y); continue; }
    /* Land exactly on the output time; stretch by up to 1% rather than leave a sliver. */
    int lands = t + 1.01 * h >= t_next;
    double hs = lands ? t_next - t : h;
    if (hs < h_floor && !lands) {
      double ymax = 0.0;
      for (int i = 0; i < n; i++) ymax = fmax(ymax, fabs(y[i]));
      if (ymax > BLOWUP_GROWTH * (ymax0 + atol + 1.0))
        return dlab_fail(DLAB_EDIVERGED, "the solution blows up near t = %g (|y| = %g)", t, ymax);
      return dlab_fail(DLAB_ENOCONV, "the step size %g fell below 1e-14 of the time span at t = %g", hs, t);
    }
    if (++steps > max_steps)
      return dlab_fail(DLAB_ENOCONV, "more than max_steps = %ld steps needed before t = %g", max_steps, t);
    if ((st = dopri_stages(f, ctx, n, t, y, hs, k, y5, err))) return st;
    double e = err_norm(n, err, y, y5, rtol, atol);
    if (!all_finite(y5, n) || !isfinite(e)) {
      if (!all_finite(y, n) || hs < h_floor)
        return dlab_fail(DLAB_EDIVERGED, "the solution became non-finite at t = %g", t);
      h = 0.2 * hs;                 /* overflow inside the step: retry smaller */
      rejected = 1;
      continue;
    }
    double fac = pow(e, expo);      /* PI controller: h_new = h safe e^-expo e_old^beta */
    if (e <= 1.0) {
      double ratio = fmin(10.0, fmax(0.2, safe / fac * pow(err_old, beta)));
      if (rejected) ratio = fmin(ratio, 1.0);
      err_old = fmax(e, 1e-4);
      t = lands ? t_next : t + hs;
      memcpy(y, y5, (size_t)n * sizeof *y);
      memcpy(k1, k7, (size_t)n * sizeof *y);
      double hn = hs * ratio;
      h = lands ? fmax(hn, h) : hn;   /* a clipped step says nothing against the old size */
      rejected = 0;
      if (lands) memcpy(out + (size_t)o++ * n, y, (size_t)n * sizeof *y);
      if (!all_finite(k1, n))
        return dlab_fail(DLAB_EDIVERGED, "the derivative became non-finite at t = %g", t);
    } else {
      h = hs * fmax(0.2, safe / fac);
      rejected = 1;
    }
  }
  return DLAB_OK;
}
