/* ODE integrators: observed orders, tolerance, blow-up and argument errors. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linalg/ode.h"
#include "api/status_internal.h"

typedef struct { long evals; } counter;

/* y' = -y + sin t, y(0) = 1: y = 3/2 e^-t + (sin t - cos t) / 2 */
static int forced(double t, const double *y, double *dy, void *c) {
  if (c) ((counter *)c)->evals++;
  dy[0] = -y[0] + sin(t);
  return 0;
}
static double forced_exact(double t) { return 1.5 * exp(-t) + 0.5 * (sin(t) - cos(t)); }

/* logistic y' = y (1 - y), y(0) = 0.01: y = 1 / (1 + 99 e^-t) */
static int logistic(double t, const double *y, double *dy, void *c) {
  (void)t;
  ((counter *)c)->evals++;
  dy[0] = y[0] * (1 - y[0]);
  return 0;
}

/* harmonic oscillator y1' = y2, y2' = -y1 from (1, 0): (cos t, -sin t) */
static int oscillator(double t, const double *y, double *dy, void *c) {
  (void)t; (void)c;
  dy[0] = y[1];
  dy[1] = -y[0];
  return 0;
}

static int square(double t, const double *y, double *dy, void *c) {
  (void)t; (void)c;
  dy[0] = y[0] * y[0];
  return 0;
}

static int refuse(double t, const double *y, double *dy, void *c) {
  (void)y; (void)c;
  dy[0] = 0;
  return t > 0.5 ? DLAB_ESTATE : 0;
}

/* max |y - exact| over outputs every 0.25 on [0, 4] (a single time can sit near a zero
 * of the error's leading coefficient and fake the order) */
static double max_err(const double *y, const double *t, int n) {
  double e = 0;
  for (int i = 0; i < n; i++) e = fmax(e, fabs(y[i] - forced_exact(t[i])));
  return e;
}

static void orders(void) {
  /* Global error = C h^p (1 + O(h)): halving h divides it by 2^p (1 + O(h)), so the observed
   * order approaches p like p + c h. Measured on this problem the deviation is below 0.1
   * (RK4, h <= 1/16) and 0.16 (DOPRI5, h <= 1/8) and halves with h; allow 0.15 and 0.25. */
  double y0 = 1.0, t_out[17], out[17], work[64], prev = 0;
  for (int i = 0; i < 17; i++) t_out[i] = 0.25 * i;
  CHECK(dlab_ode_rk4_work_size(1) <= 64 && dlab_ode_dopri_work_size(1) <= 64, "work sizes");
  for (int k = 0; k < 4; k++) {
    double spu = 16.0 * (1 << k);
    CHECK(dlab_ode_rk4(forced, NULL, 1, &y0, t_out, 17, spu, out, work) == DLAB_OK, "rk4");
    double err = max_err(out, t_out, 17);
    if (k > 0) CHECK_NEAR(log2(prev / err), 4.0, 0.15, "RK4 observed order");
    prev = err;
  }
  for (int k = 0; k < 3; k++) {
    int steps = 32 << k;
    double h = 4.0 / steps, y = 1.0, y5, err, e = 0;
    for (int s = 0; s < steps; s++) {
      CHECK(dlab_ode_dopri_step(forced, NULL, 1, s * h, &y, h, &y5, &err, work) == DLAB_OK, "step");
      y = y5;
      e = fmax(e, fabs(y - forced_exact((s + 1) * h)));
    }
    if (k > 0) CHECK_NEAR(log2(prev / e), 5.0, 0.25, "DOPRI5 observed order (fixed steps)");
    prev = e;
  }
  /* the embedded estimate is the local error of the 4th-order solution: O(h^5) */
  double ya = 1.0, y5, ea, eb;
  dlab_ode_dopri_step(forced, NULL, 1, 0.0, &ya, 0.2, &y5, &ea, work);
  dlab_ode_dopri_step(forced, NULL, 1, 0.0, &ya, 0.1, &y5, &eb, work);
  CHECK_NEAR(log2(fabs(ea / eb)), 5.0, 0.4, "DOPRI5 error estimate scales as h^5");
}

static void adaptive(void) {
  double t_out[21], out[21], work[64], y0 = 0.01;
  for (int i = 0; i < 21; i++) t_out[i] = 0.5 * i;
  static const double rtols[] = {1e-4, 1e-7, 1e-10};
  for (int k = 0; k < 3; k++) {
    counter c = {0};
    double rtol = rtols[k], atol = rtol * 1e-2;
    int st = dlab_ode_dopri(logistic, &c, 1, &y0, t_out, 21, rtol, atol, 100000, out, work);
    CHECK(st == DLAB_OK, "logistic rtol=%g: status %d (%s)", rtol, st, dlab_last_error());
    CHECK(out[0] == y0, "first output is y0");
    /* Each step (6 evaluations, FSAL) commits a local error below atol + rtol |y| <= atol +
     * rtol; a perturbation at time s grows to time t by y'(t)/y'(s) <= 0.25 / 0.0099 < 26
     * (the logistic's sensitivity). So |global error| <= steps * 26 * (atol + rtol). */
    double bound = (c.evals / 6.0 + 1) * 26 * (atol + rtol), worst = 0;
    for (int i = 0; i < 21; i++) worst = fmax(worst, fabs(out[i] - 1 / (1 + 99 * exp(-t_out[i]))));
    CHECK(worst <= bound, "logistic rtol=%g: error %g > bound %g", rtol, worst, bound);
    /* and, less formally, the error really is near the tolerance, not just under the bound */
    CHECK(worst <= 100 * rtol, "logistic rtol=%g: error %g is not O(rtol)", rtol, worst);
  }
  /* two components, long time: the oscillator, whose errors grow only linearly */
  double y2[2] = {1, 0}, t2[3] = {0, 10, 20}, o2[6];
  CHECK(dlab_ode_dopri(oscillator, NULL, 2, y2, t2, 3, 1e-10, 1e-12, 100000, o2, work) == DLAB_OK, "oscillator");
  CHECK_NEAR(o2[4], cos(20.0), 1e-7, "oscillator y1(20) (error <= steps * tol ~ 1e3 * 1e-10)");
  CHECK_NEAR(o2[5], -sin(20.0), 1e-7, "oscillator y2(20)");
  /* repeated output times are allowed and give the same state */
  double t3[3] = {0, 1, 1}, o3[3];
  CHECK(dlab_ode_dopri(forced, NULL, 1, &y0, t3, 3, 1e-8, 1e-10, 1000, o3, work) == DLAB_OK && o3[1] == o3[2],
        "repeated output time");

  /* y' = y^2, y(0) = 1 blows up at t = 1: y(0.5) = 2 is still delivered */
  double one = 1.0, tb[3] = {0, 0.5, 2.0}, ob[3];
  int st = dlab_ode_dopri(square, NULL, 1, &one, tb, 3, 1e-8, 1e-10, 1000000, ob, work);
  CHECK(st == DLAB_EDIVERGED, "y' = y^2 past t = 1: status %d (%s)", st, dlab_last_error());
  CHECK_NEAR(ob[1], 2.0, 1e-6, "y' = y^2: y(0.5) = 2 before the blow-up");
  st = dlab_ode_rk4(square, NULL, 1, &one, tb, 3, 100, ob, work);
  CHECK(st == DLAB_EDIVERGED, "RK4 y' = y^2 past t = 1: status %d (%s)", st, dlab_last_error());
}

static void errors(void) {
  double y0 = 1, out[4], work[64], tdesc[2] = {1, 0}, t[2] = {0, 1};
  CHECK(dlab_ode_rk4(forced, NULL, 1, &y0, tdesc, 2, 10, out, work) == DLAB_EINVAL &&
        strstr(dlab_last_error(), "ascending"), "descending t_out: %s", dlab_last_error());
  CHECK(dlab_ode_rk4(forced, NULL, 0, &y0, t, 2, 10, out, work) == DLAB_EINVAL, "n = 0");
  CHECK(dlab_ode_rk4(forced, NULL, 1, &y0, t, 2, 0, out, work) == DLAB_EINVAL &&
        strstr(dlab_last_error(), "steps_per_unit"), "steps_per_unit = 0: %s", dlab_last_error());
  CHECK(dlab_ode_dopri(forced, NULL, 1, &y0, t, 2, 0, 0, 100, out, work) == DLAB_EINVAL, "zero tolerances");
  CHECK(dlab_ode_dopri(forced, NULL, 1, &y0, t, 2, -1, 1e-8, 100, out, work) == DLAB_EINVAL &&
        strstr(dlab_last_error(), "rtol"), "negative rtol: %s", dlab_last_error());
  CHECK(dlab_ode_dopri(forced, NULL, 1, &y0, t, 2, 1e-12, 1e-14, 3, out, work) == DLAB_ENOCONV &&
        strstr(dlab_last_error(), "max_steps"), "max_steps exceeded: %s", dlab_last_error());
  /* a right-hand side that refuses aborts with its own status */
  dlab_clear_error();
  CHECK(dlab_ode_dopri(refuse, NULL, 1, &y0, t, 2, 1e-6, 1e-8, 100, out, work) == DLAB_ESTATE, "f aborts dopri");
  dlab_clear_error();
  CHECK(dlab_ode_rk4(refuse, NULL, 1, &y0, t, 2, 10, out, work) == DLAB_ESTATE, "f aborts rk4");
  CHECK(dlab_last_error()[0] != '\0', "abort leaves a sentence");
  double nan = NAN;
  CHECK(dlab_ode_dopri(forced, NULL, 1, &nan, t, 2, 1e-6, 1e-8, 100, out, work) == DLAB_EINVAL, "NaN y0");
}

static void run(void) {
  orders();
  adaptive();
  errors();
}

TEST_MAIN()
