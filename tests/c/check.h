/* depthlab — a tiny test harness for the native C tests.
 * Each tests/c/test_*.c defines `static void run(void)` with CHECK_* calls and
 * ends with TEST_MAIN(). The runner prints one line per failure and a closing
 * "N passed, N failed" line (the plain line CI reads); exit status 1 on failure. */
#ifndef DEPTHLAB_TEST_CHECK_H
#define DEPTHLAB_TEST_CHECK_H

#include <math.h>
#include <stdio.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                        \
  do {                                                                          \
    if (cond) check_passed++;                                                   \
    else {                                                                      \
      check_failed++;                                                           \
      fprintf(stderr, "%s:%d: FAIL %s: ", __FILE__, __LINE__, #cond);           \
      fprintf(stderr, __VA_ARGS__);                                             \
      fputc('\n', stderr);                                                      \
    }                                                                           \
  } while (0)

/* |got - want| <= tol, reporting both numbers. */
#define CHECK_NEAR(got, want, tol, what)                                        \
  do {                                                                          \
    double g_ = (got), w_ = (want), t_ = (tol);                                 \
    CHECK(fabs(g_ - w_) <= t_, "%s: got %.17g want %.17g (|diff| %.3g > tol %.3g)", \
          what, g_, w_, fabs(g_ - w_), t_);                                     \
  } while (0)

#define TEST_MAIN()                                                             \
  int main(void) {                                                              \
    run();                                                                      \
    printf("%s: %d passed, %d failed\n", __FILE__, check_passed, check_failed); \
    return check_failed ? 1 : 0;                                                \
  }

#endif
