/* Robustness of the exported API: argument validation, and regressions for the bugs
 * the fuzzers (tests/fuzz) found in src/api and src/models/deep_linear.c. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "depthlab/api.h"
#include "depthlab/linalg.h"
#include "depthlab/rng.h"
#include "api/status_internal.h"
#include "depthlab/deep_linear.h"
#include "depthlab/dl_sim.h"

/* Every failure names what is wrong. */
#define CHECK_FAILS(call, code)                                                            \
  do {                                                                                    \
    int st_ = (call);                                                                     \
    CHECK(st_ == (code), "%s: status %d, want %d (%s)", #call, st_, code, dlab_last_error()); \
    CHECK(dlab_last_error()[0] != '\0', "%s: no sentence", #call);                        \
  } while (0)

static void validation(void) {
  double x[4] = { 1, 2, 3, 4 }, y[4];
  CHECK(dlab_alloc_f64(0) == NULL && dlab_last_error()[0], "alloc 0");
  CHECK(dlab_alloc_f64(DLAB_MAX_ALLOC_F64 + 1) == NULL && dlab_last_error()[0], "alloc past the limit");
  CHECK(dlab_alloc_f64(-1) == NULL, "alloc -1");
  CHECK_FAILS(dlab_linalg_gemm(0, 0, 0, DLAB_MAX_DIM + 1, 1, 1, 1, x, x, 0, y), DLAB_EINVAL);
  CHECK_FAILS(dlab_linalg_gemm(0, 0, 0, 1, 1, 1, NAN, x, x, 0, y), DLAB_EINVAL);
  CHECK_FAILS(dlab_linalg_gemm(3, 0, 0, 1, 1, 1, 1, x, x, 0, y), DLAB_EINVAL);
  CHECK_FAILS(dlab_linalg_gemm(0, 0, 0, 1, 1, 1, 1, x, NULL, 0, y), DLAB_EINVAL);
  CHECK_FAILS(dlab_linalg_svd(INT_MIN, 2, x, NULL, y, NULL), DLAB_EINVAL);
  CHECK_FAILS(dlab_rng_normal_fill(0.5, 1, y, 4), DLAB_EINVAL);
  CHECK_FAILS(dlab_rng_normal_fill(1, INFINITY, y, 4), DLAB_EINVAL);
  CHECK_FAILS(dlab_dl_mode_trajectory(2, 1, 0.1, x, 0, y), DLAB_EINVAL);
  double desc[2] = { 2, 1 };
  CHECK_FAILS(dlab_dl_mode_trajectory(2, 1, 0.1, desc, 2, y), DLAB_EINVAL);
  CHECK_FAILS(dlab_dl_learning_time(3, 1, 0.1, 1, y), DLAB_EINVAL);   /* af = s: never reached */
}

/* Bug: dlab_linalg_svd accepted NaN/Infinity and returned status 0 with NaN singular
 * values (a single column is never rotated, so nothing noticed). */
static void svd_rejects_non_finite(void) {
  double A[3] = { 1, NAN, 2 }, S[1], U[3], V[1];
  CHECK_FAILS(dlab_linalg_svd(3, 1, A, U, S, V), DLAB_EINVAL);
  CHECK(strstr(dlab_last_error(), "A[1][0]") != NULL, "names the entry: %s", dlab_last_error());
  A[1] = -INFINITY;
  CHECK_FAILS(dlab_linalg_svd(1, 3, A, U, S, V), DLAB_EINVAL);
}

/* Bug: entries above ~1e154 overflowed the column dot products (status ENOCONV or
 * Infinity), entries below ~1e-154 underflowed to singular values of 0. */
static void svd_any_scale(void) {
  const double scales[4] = { 1e300, 1e-300, 1e200, 4.9406564584124654e-324 };
  for (int k = 0; k < 4; k++) {
    double c = scales[k], A[4] = { 3 * c, 0, 0, 2 * c }, S[2], U[4], V[4];
    int st = dlab_linalg_svd(2, 2, A, U, S, V);
    CHECK(st == 0, "scale %g: %s", c, dlab_last_error());
    if (k < 3) {
      CHECK_NEAR(S[0] / c, 3, 1e-14, "S[0] / scale");
      CHECK_NEAR(S[1] / c, 2, 1e-14, "S[1] / scale");
    } else {
      CHECK(S[0] > 0 && S[0] < 1e-322, "denormal scale: S[0] = %g", S[0]);
    }
  }
  double big[2] = { DBL_MAX, DBL_MAX }, S[1];
  CHECK_FAILS(dlab_linalg_svd(1, 2, big, NULL, S, NULL), DLAB_EINVAL);   /* sigma = sqrt(2) DBL_MAX */
}

/* Bug: depth 2 at s = DBL_MIN gave a(0) = Infinity (s/a0 underflowed, 1 + (0 - 1) = 0);
 * depth 1 at a denormal a0 gave a(0) = 0 (s + (a0 - s) cancelled). */
static void trajectory_extreme_strengths(void) {
  double t0 = 0, a;
  CHECK(dlab_dl_mode_trajectory(2, DBL_MIN, 4.47, &t0, 1, &a) == 0, "%s", dlab_last_error());
  CHECK(fabs(a - 4.47) <= 1e-15 * 4.47, "depth 2, s = DBL_MIN: a(0) = %g, want a0 = 4.47", a);
  CHECK(dlab_dl_mode_trajectory(1, 4.94, 1.38e-309, &t0, 1, &a) == 0, "%s", dlab_last_error());
  CHECK(a == 1.38e-309, "depth 1, denormal a0: a(0) = %g", a);
  double t[3] = { 0, 1, 1e9 }, out[3];
  for (int depth = 1; depth <= 2; depth++) {
    CHECK(dlab_dl_mode_trajectory(depth, 1e-300, 1e4, t, 3, out) == 0, "%s", dlab_last_error());
    for (int i = 0; i < 3; i++) CHECK(isfinite(out[i]) && out[i] > 0, "depth %d a(%g) = %g", depth, t[i], out[i]);
  }
  /* Bug (make fuzz): depth >= 3 with subnormal s and a0 failed with "non-finite at t = 0":
   * the ODE's absolute tolerance 1e-14 s rounded to 0. The mode barely moves: a stays a0. */
  double ts[2] = { 1.8107697414540698e-312, 1.1764705882352942 }, as[2];
  CHECK(dlab_dl_mode_trajectory(12, 4.5130273394392442e-312, 4.9406564584124654e-324, ts, 2, as) == 0, "%s", dlab_last_error());
  for (int i = 0; i < 2; i++) CHECK(as[i] == 4.9406564584124654e-324, "depth 12, subnormal s: a(%g) = %g", ts[i], as[i]);
}

/* Bug: for depth >= 3 the explicit ODE needed ~k t steps near a = s, so t = 1e9 (inside
 * the documented range) ran 3 s and returned DLAB_ENOCONV. */
static void trajectory_late_times(void) {
  double t[4] = { 10, 1e3, 1e6, 1e9 }, a[4];
  clock_t c0 = clock();
  int st = dlab_dl_mode_trajectory(3, 1, 0.5, t, 4, a);
  double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
  CHECK(st == 0, "depth 3 up to t = 1e9: %s", dlab_last_error());
  for (int i = 0; i < 4; i++) CHECK_NEAR(a[i], 1, 1e-10, "a(t) at late t -> s");
  CHECK(secs < 0.5, "took %g s", secs);
  /* Continuity where the linearised tail takes over: the ODE alone up to t = 60. */
  double tt[2] = { 20, 60 }, b[2];
  CHECK(dlab_dl_mode_trajectory(5, 2, 0.01, tt, 2, b) == 0, "%s", dlab_last_error());
  CHECK_NEAR(b[0], 2, 1e-9, "depth 5 a(20)");
  CHECK_NEAR(b[1], 2, 1e-12, "depth 5 a(60)");
}

/* Bug: the learning-time integral did not converge (DLAB_ENOCONV) for af close to s,
 * because of the pole at a = s; it is now integrated exactly. */
static void learning_time_near_s(void) {
  double t1, t2;
  CHECK(dlab_dl_learning_time(3, 1, 0.5, 1 - 1e-8, &t1) == 0, "%s", dlab_last_error());
  CHECK(dlab_dl_learning_time(3, 1, 0.5, 1 - 1e-12, &t2) == 0, "%s", dlab_last_error());
  /* Near s: s - a ~ e^(-k t), k = D s^(2 - 2/D) = 3 (to first order in s - a ~ 1e-8). */
  double af1 = 1 - 1e-8, af2 = 1 - 1e-12;
  CHECK_NEAR(t2 - t1, log((1 - af1) / (1 - af2)) / 3, 1e-7, "time between 1 - 1e-8 and 1 - 1e-12");
  double a;
  CHECK(dlab_dl_mode_trajectory(3, 1, 0.5, &t1, 1, &a) == 0, "%s", dlab_last_error());
  CHECK_NEAR(a, 1 - 1e-8, 1e-12, "a(learning time) = af");
  /* Decaying mode, from above. */
  CHECK(dlab_dl_learning_time(4, 1, 3, 1 + 1e-10, &t1) == 0, "%s", dlab_last_error());
  CHECK(dlab_dl_mode_trajectory(4, 1, 3, &t1, 1, &a) == 0, "%s", dlab_last_error());
  CHECK_NEAR(a, 1 + 1e-10, 1e-13, "decaying a(learning time) = af");
  /* s -> 0 at depth 2: da/dt = -2 a^2, t = (1/af - 1/a0) / 2 (the plain formula gave 0). */
  CHECK(dlab_dl_learning_time(2, 1e-300, 1, 0.5, &t1) == 0, "%s", dlab_last_error());
  CHECK_NEAR(t1, 0.5, 1e-12, "depth 2 learning time at s = 1e-300");
  /* A time beyond the double range is an error with a sentence, not Infinity. */
  CHECK_FAILS(dlab_dl_learning_time(2, 1e-323, 1, 2e-323, &t1), DLAB_EINVAL);
  CHECK(strstr(dlab_last_error(), "not representable") != NULL, "%s", dlab_last_error());
}

/* Error sentences print subnormal-range values readably (10^e underflows there). */
static void sentence_tiny_values(void) {
  dlab_fail(DLAB_EINVAL, "x %g y %g z %g", 4.9406564584124654e-324, 2.2250738585072014e-308, 1.5e-305);
  CHECK(strcmp(dlab_last_error(), "x 4.94066e-324 y 2.22507e-308 z 1.5e-305") == 0, "got \"%s\"", dlab_last_error());
}

/* Strengths at the edge of the double range: the time is not representable (EINVAL), not a solver failure. */
static void learning_time_edge_of_range(void) {
  double t;
  int st = dlab_dl_learning_time(200, 4.94e-324, 0.5, 2.2e-308, &t);
  CHECK(st == DLAB_EINVAL || st == DLAB_OK, "status %d: %s", st, dlab_last_error());
  st = dlab_dl_learning_time(200, 0.5, 4.94e-324, 2.2e-308, &t);
  CHECK(st == DLAB_EINVAL || st == DLAB_OK, "status %d: %s", st, dlab_last_error());
}

static void run(void) {
  sentence_tiny_values();
  learning_time_edge_of_range();
  validation();
  svd_rejects_non_finite();
  svd_any_scale();
  trajectory_extreme_strengths();
  trajectory_late_times();
  learning_time_near_s();
}

TEST_MAIN()
