/* The elementwise tanh of the sample networks (dlab_tanh_array) against libm's tanh:
 * within 4 ulp everywhere (its own rounding analysis: the Taylor series of expm1 is
 * truncated below 2e-17 relative; what is left is the rounding of some twenty operations
 * and libm's own ulp), exact at 0 and beyond |x| = 20, signed zero, infinities and NaN
 * as libm has them, and in place. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "linalg/linalg_internal.h"

static double ulps(double got, double want) {
  if (got == want) return 0;
  double w = fabs(want);
  return fabs(got - want) / (nextafter(w, INFINITY) - w);
}

/* The worst ulp error over x[0..n). */
static double worst(double *x, double *y, size_t n, double *at) {
  dlab_tanh_array(x, y, n);
  double w = 0;
  for (size_t i = 0; i < n; i++) {
    double u = ulps(y[i], tanh(x[i]));
    if (!(u <= w)) { w = u; *at = x[i]; }
  }
  return w;
}

static void run(void) {
  size_t cap = 2000001;
  double *x = malloc(sizeof(double) * cap), *y = malloc(sizeof(double) * cap), at = 0;
  size_t n = 0;
  for (size_t i = 0; i < cap; i++) x[n++] = -25 + 50.0 * (double)i / (double)(cap - 1);
  double w = worst(x, y, n, &at);
  CHECK(w <= 4, "uniform grid on [-25, 25]: %.2f ulp at %.17g", w, at);
  n = 0;   /* every scale from subnormals up, both signs */
  for (double v = 4.9e-324; v < 30 && n + 2 <= cap; v = v < 1e-300 ? v * 2 : v * 1.0007) { x[n++] = v; x[n++] = -v; }
  w = worst(x, y, n, &at);
  CHECK(w <= 4, "log grid over %zu values: %.2f ulp at %.17g", n, w, at);

  double special[] = {0.0, -0.0, INFINITY, -INFINITY, 20.0, -20.0, 1e300, -1e300, NAN};
  size_t ns = sizeof special / sizeof *special;
  dlab_tanh_array(special, y, ns);
  for (size_t i = 0; i + 1 < ns; i++)
    CHECK(y[i] == tanh(special[i]) && signbit(y[i]) == signbit(special[i]), "tanh(%g) = %g", special[i], y[i]);
  CHECK(isnan(y[ns - 1]), "tanh(NaN) = %g, not NaN", y[ns - 1]);

  x[0] = 0.3; x[1] = -7.5;   /* in place */
  dlab_tanh_array(x, x, 2);
  CHECK(ulps(x[0], tanh(0.3)) <= 4 && ulps(x[1], tanh(-7.5)) <= 4, "in place: %.17g %.17g", x[0], x[1]);
  free(x);
  free(y);
}

TEST_MAIN()
