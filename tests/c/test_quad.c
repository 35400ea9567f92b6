/* Gauss-Hermite rules and adaptive Gauss-Kronrod Gaussian expectations. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "linalg/quad.h"
#include "depthlab/status.h"

static const double PI = 3.14159265358979323846;

static void gauss_hermite(void) {
  double x[DLAB_GH_MAX], w[DLAB_GH_MAX], work[2 * DLAB_GH_MAX];
  CHECK(dlab_gauss_hermite_work_size(DLAB_GH_MAX) <= 2 * DLAB_GH_MAX, "work size");
  for (int n = 1; n <= DLAB_GH_MAX; n = n < 128 ? n + 1 : 2 * n) {
    int st = dlab_quad_gauss_hermite(n, x, w, work);
    CHECK(st == DLAB_OK, "n=%d: status %d (%s)", n, st, dlab_last_error());
    double sum = 0;
    int ok = 1;
    for (int i = 0; i < n; i++) {
      sum += w[i];
      ok &= w[i] > 0 && (i == 0 || x[i] > x[i - 1]) && x[i] == -x[n - 1 - i] && w[i] == w[n - 1 - i];
    }
    CHECK(ok, "n=%d: weights positive, nodes ascending, rule symmetric", n);
    /* n positive terms: the sum carries at most n eps/2 relative rounding */
    CHECK_NEAR(sum, 1.0, n * DBL_EPSILON, "weights sum to 1");
    /* Exactness: E[z^(2m)] = (2m-1)!! for 2m <= 2n-1. The sum has positive terms, so its
     * relative error is the relative error of its terms plus n eps: the weights carry
     * ~ n eps from the length-n recurrence, and a node error of eps |x| moves
     * w x^(2m) ~ exp(-x^2/2) x^(2m) by (x^2 + 2m) eps relative, x^2 <= 4n + 2.
     * Moments are kept below 1e250 (m <= 100) so every term is finite. */
    int worst_m = -1;
    double worst = 0;
    for (int m = 1; 2 * m <= 2 * n - 1 && m <= 100; m++) {
      double s = 0, dfact = 1;
      for (int k = 1; k <= 2 * m - 1; k += 2) dfact *= k;
      for (int i = 0; i < n; i++) s += w[i] * pow(x[i], 2 * m);
      double rel = fabs(s / dfact - 1), tol = (6.0 * n + 2 * m + 8) * DBL_EPSILON;
      if (rel > tol && rel / tol > worst) { worst = rel / tol; worst_m = m; }
    }
    CHECK(worst_m < 0, "n=%d: E[z^%d] off by %g x tolerance", n, 2 * worst_m, worst);
    if (n == 24) {
      /* E[cos z] = e^(-1/2); the rule's error is the (2n)-th Taylor term ~ (2n-1)!!/(2n)! */
      double s = 0;
      for (int i = 0; i < n; i++) s += w[i] * cos(x[i]);
      CHECK_NEAR(s, exp(-0.5), 4 * DBL_EPSILON, "GH E[cos z]");
    }
  }
  CHECK(dlab_quad_gauss_hermite(0, x, w, work) == DLAB_EINVAL && strstr(dlab_last_error(), "n must be in [1, 256], got 0"),
        "n = 0 rejected: %s", dlab_last_error());
  CHECK(dlab_quad_gauss_hermite(257, x, w, work) == DLAB_EINVAL, "n = 257 rejected");
}

typedef struct { double s, a; int kind; } fctx;   /* s = sqrt(q) */

static double fn(double z, void *vp) {
  const fctx *c = vp;
  double u = c->s * z, t;
  switch (c->kind) {
    case 0: t = tanh(u); return t * t;                                 /* tanh^2 */
    case 1: t = 1.0 / cosh(u); return t * t * t * t;                   /* tanh'^2 = sech^4 */
    case 2: return u > 0 ? u * u : 0.0;                                /* relu^2 */
    case 3: t = erf(c->a * z); return t * t;                           /* erf(a z)^2 */
    case 4: return cos(z);
    case 5: return erf(c->a * z);
    default: return 0.0;
  }
}

/* Composite trapezoid for E[f(z)] on [-12, 12] with step h. The integrand is analytic in
 * |Im z| < d, so the error is ~ M exp(-2 pi d / h) (Trefethen & Weideman, SIAM Rev. 2014,
 * Thm 5.1). tanh and sech have poles at z = i pi / (2 sqrt q), so d = pi / (2 sqrt q),
 * 0.157 at q = 100; at d' = 0.9 d the integrand is bounded (|sech| <= 1/cos(0.45 pi) = 6.4,
 * M <~ 1e4) and h = 0.005 gives exp(-2 pi 0.141 / 0.005) = 1e-77, far below 1e-14; for
 * small q take d = 3 instead (the Gaussian factor grows by exp(9/2) there). The dropped
 * tails |z| > 12 weigh < 4e-33. */
static double trapezoid(fctx *c) {
  const double h = 0.005;
  int n = (int)(24.0 / h + 0.5);
  double s = 0;
  for (int i = 0; i <= n; i++) {
    double z = -12.0 + i * h, v = fn(z, c) * exp(-0.5 * z * z);
    s += i == 0 || i == n ? 0.5 * v : v;
  }
  return s * h / sqrt(2 * PI);
}

static double sq(double z, void *c) { (void)c; return sin(z); }
static double root(double z, void *c) { (void)c; return sqrt(z); }
static double sing(double z, void *c) { (void)c; return pow(z, -0.9); }
static double bad(double z, void *c) { (void)c; return z > 0.3 ? NAN : 1.0; }

static void kronrod(void) {
  static const double qs[] = {1e-3, 0.01, 0.1, 1, 10, 100};
  for (int iq = 0; iq < 6; iq++) {
    for (int kind = 0; kind < 2; kind++) {
      fctx c = { sqrt(qs[iq]), 0, kind };
      double r, e;
      int st = dlab_quad_gauss_expect(fn, &c, 1e-13, 1e-12, &r, &e);
      CHECK(st == DLAB_OK, "q=%g kind=%d: status %d (%s)", qs[iq], kind, st, dlab_last_error());
      CHECK_NEAR(r, trapezoid(&c), 1e-10, kind ? "E[tanh'(sqrt q z)^2] vs trapezoid" : "E[tanh(sqrt q z)^2] vs trapezoid");
      CHECK(e <= fmax(1e-13, 1e-12 * fabs(r)), "q=%g: error estimate %g meets the tolerance", qs[iq], e);
    }
    /* E[relu(sqrt q z)^2] = q / 2 exactly */
    fctx c = { sqrt(qs[iq]), 0, 2 };
    double r;
    CHECK(dlab_quad_gauss_expect(fn, &c, 1e-14, 1e-13, &r, NULL) == DLAB_OK, "relu");
    CHECK_NEAR(r, qs[iq] / 2, 1e-12 * qs[iq], "E[relu(sqrt q z)^2] = q/2");
  }
  /* Tolerances below ask no less than 1e-13: the error estimate has a rounding floor of
   * 50 eps int |f| per interval (QUADPACK qk15), ~1e-14 relative in total. */
  /* erf: E[erf(a z)] = 0 (odd), E[erf(a z)^2] = (2/pi) asin(2a^2 / (1 + 2a^2)) (Williams 1998) */
  static const double as[] = {0.1, 1.0, 5.0, 30.0};
  for (int i = 0; i < 4; i++) {
    fctx c = { 1, as[i], 3 }, c5 = { 1, as[i], 5 };
    double r, r5, a2 = as[i] * as[i];
    CHECK(dlab_quad_gauss_expect(fn, &c, 1e-14, 1e-13, &r, NULL) == DLAB_OK, "erf^2");
    CHECK_NEAR(r, 2 / PI * asin(2 * a2 / (1 + 2 * a2)), 1e-12, "E[erf(a z)^2] closed form");
    CHECK(dlab_quad_gauss_expect(fn, &c5, 1e-13, 0, &r5, NULL) == DLAB_OK, "erf");
    CHECK_NEAR(r5, 0.0, 1e-13, "E[erf(a z)] = 0");
  }
  fctx cc = { 1, 0, 4 };
  double r, e;
  CHECK(dlab_quad_gauss_expect(fn, &cc, 1e-15, 1e-13, &r, NULL) == DLAB_OK, "cos");
  CHECK_NEAR(r, exp(-0.5), 1e-13, "E[cos z] = e^(-1/2)");

  /* plain integrals on [a, b] */
  CHECK(dlab_quad_gk(sq, NULL, 0, PI, 1e-13, 1e-13, &r, &e) == DLAB_OK, "sin");
  CHECK_NEAR(r, 2.0, 1e-13, "int_0^pi sin = 2");
  CHECK(dlab_quad_gk(sq, NULL, PI, 0, 1e-13, 1e-13, &r, &e) == DLAB_OK, "sin reversed");
  CHECK_NEAR(r, -2.0, 1e-13, "int_pi^0 sin = -2");
  CHECK(dlab_quad_gk(root, NULL, 0, 1, 1e-13, 1e-13, &r, &e) == DLAB_OK, "sqrt");
  CHECK_NEAR(r, 2.0 / 3, 1e-12, "int_0^1 sqrt = 2/3 (endpoint singularity in the derivative)");
  CHECK(dlab_quad_gk(sq, NULL, 1, 1, 1e-14, 0, &r, &e) == DLAB_OK && r == 0, "empty interval");
  /* x^-0.9 on [0, 1] = 10: each bisection at 0 gains only 2^0.1, so 512 intervals cannot
   * reach 1e-15; the best result is still written */
  int st = dlab_quad_gk(sing, NULL, 0, 1, 0, 1e-15, &r, &e);
  CHECK(st == DLAB_ENOCONV, "x^-0.9 to 1e-15: status %d", st);
  CHECK(fabs(r - 10) < 1 && e > 0, "x^-0.9: best result %g (err %g) written", r, e);
  CHECK(dlab_quad_gk(bad, NULL, 0, 1, 1e-10, 0, &r, &e) == DLAB_EDIVERGED, "NaN integrand reported");
  CHECK(dlab_quad_gauss_expect(fn, &cc, -1, 0, &r, &e) == DLAB_EINVAL && strstr(dlab_last_error(), "abstol"),
        "negative abstol rejected: %s", dlab_last_error());
  CHECK(dlab_quad_gauss_expect(fn, &cc, 0, 0, &r, &e) == DLAB_EINVAL, "zero tolerances rejected");
  CHECK(dlab_quad_gk(sq, NULL, 0, INFINITY, 1e-8, 0, &r, &e) == DLAB_EINVAL, "infinite b rejected");
}

static void run(void) {
  gauss_hermite();
  kronrod();
}

TEST_MAIN()
