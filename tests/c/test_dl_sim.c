/* Gradient descent on deep linear networks against the exact dynamics. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/deep_linear.h"
#include "depthlab/dl_sim.h"
#include "linalg/linalg_internal.h"
#include "depthlab/status.h"

static dlab_dls *make(int depth, int width, const double *s, int m, int kind, double p, double lambda) {
  double widths[DLAB_DLS_MAX_DEPTH + 1];
  for (int l = 0; l <= depth; l++) widths[l] = width;
  dlab_dls *h = NULL;
  int st = dlab_dls_create(depth, widths, &h);
  CHECK(st == 0, "create: %s", dlab_last_error());
  st = dlab_dls_set_spectrum(h, s, m, 7);
  CHECK(st == 0, "spectrum: %s", dlab_last_error());
  st = dlab_dls_init(h, kind, p, lambda, 11);
  CHECK(st == 0, "init: %s", dlab_last_error());
  return h;
}

/* Largest |a_sim(t) - a_theory(t)| over the modes and records up to time T. */
static double max_mode_error(int depth, double lr, double T) {
  const double s[3] = { 3, 2, 1 }, a0 = 0.01;
  dlab_dls *h = make(depth, 6, s, 3, DLAB_DLS_INIT_DECOUPLED, a0, 0);
  int rs;
  dlab_dls_record_size(h, 0, &rs);
  double rec[64], err = 0;
  long steps = lround(T / lr), every = steps / 50;
  for (long k = 0; k <= steps; k += every) {
    if (k) CHECK(dlab_dls_step(h, every, lr) == 0, "step: %s", dlab_last_error());
    dlab_dls_read(h, 0, rec);
    for (int a = 0; a < 3; a++) {
      double want;
      dlab_dl_mode_trajectory(depth, s[a], a0, &rec[0], 1, &want);
      double e = fabs(rec[2 + a] - want);
      if (e > err) err = e;
    }
  }
  dlab_dls_free(h);
  return err;
}

static void test_tracks_closed_form(void) {
  /* Euler's global error is O(lr): the error must be small and halve with lr. */
  double e1 = max_mode_error(2, 0.004, 4), e2 = max_mode_error(2, 0.002, 4);
  CHECK(e1 < 0.1, "D = 2 error %g at lr 0.004", e1);
  CHECK(e1 / e2 > 1.7 && e1 / e2 < 2.3, "error ratio %g (want ~2: first-order method)", e1 / e2);
  double e3 = max_mode_error(3, 0.002, 4), e4 = max_mode_error(3, 0.001, 4);
  CHECK(e3 / e4 > 1.7 && e3 / e4 < 2.3, "D = 3 error ratio %g", e3 / e4);
}

static void test_orthogonal_isometry(void) {
  const double s[1] = { 1 }, g = 1.1;
  dlab_dls *h = make(8, 10, s, 1, DLAB_DLS_INIT_ORTHOGONAL, g, 0);
  double info[8], out[8 * 10];
  dlab_dls_info(h, info);
  CHECK(dlab_dls_get(h, 6, 0, out) == 0, "%s", dlab_last_error());
  for (int l = 1; l <= 8; l++) {
    double want = pow(g, l);
    for (int i = 0; i < 10; i++)   /* rounding: ~ l * 10 eps relative */
      CHECK_NEAR(out[(l - 1) * 10 + i], want, 1e-13 * want * l, "singular value of an orthogonal product");
  }
  dlab_dls_free(h);
}

static void test_conservation(void) {
  /* Gradient flow conserves W2^T W2 - W1 W1^T; an Euler step changes it by O(lr^2),
   * so after a fixed time the drift is O(lr): it must halve with lr. */
  const double s[3] = { 2, 1.5, 1 };
  double drift[2];
  for (int r = 0; r < 2; r++) {
    double lr = r ? 0.005 : 0.01;
    dlab_dls *h = make(2, 5, s, 3, DLAB_DLS_INIT_SMALL, 0.3, 0);
    double W1[25], W2[25], C0[25], C1[25];
    for (int pass = 0; pass < 2; pass++) {
      dlab_dls_get(h, 0, 1, W1);
      dlab_dls_get(h, 0, 2, W2);
      double *C = pass ? C1 : C0;
      for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
          double v = 0;
          for (int k = 0; k < 5; k++) v += W2[k * 5 + i] * W2[k * 5 + j] - W1[i * 5 + k] * W1[j * 5 + k];
          C[i * 5 + j] = v;
        }
      if (!pass) CHECK(dlab_dls_step(h, lround(3 / lr), lr) == 0, "%s", dlab_last_error());
    }
    double d = 0;
    for (int i = 0; i < 25; i++) d = fmax(d, fabs(C1[i] - C0[i]));
    drift[r] = d;
    dlab_dls_free(h);
  }
  CHECK(drift[0] / drift[1] > 1.7 && drift[0] / drift[1] < 2.3, "drift %g -> %g, ratio not ~2", drift[0], drift[1]);
}

/* Pretrained start with Sigma11 = diag(n0, ..., 1): the top-k principal directions are the first
 * k coordinates, so W_tot = g^D R E_k^T has zero columns beyond k and W_tot W_tot^T = g^(2D) I.
 * Shapes that narrow, widen (k stays at n0) and end narrower than the input; under ASan this
 * also checks the init stays inside its scratch. Orthogonality to 1e-13: a Jacobi eigen-solve
 * and D products of orthonormal frames, each exact to a few ulps. */
static void test_pretrained(void) {
  const double shapes[3][5] = { { 7, 9, 5, 3, 0 }, { 3, 8, 8, 2, 0 }, { 6, 4, 6, 6, 2 } };
  const int depths[3] = { 3, 3, 4 };
  const double g = 0.8;
  for (int c = 0; c < 3; c++) {
    int D = depths[c], n0 = (int)shapes[c][0], nD = (int)shapes[c][D], k = n0;
    for (int l = 1; l <= D; l++) if (shapes[c][l] < k) k = (int)shapes[c][l];
    double S11[81] = { 0 }, S31[81], Wt[81], gD2 = 1;
    for (int i = 0; i < n0; i++) S11[i * n0 + i] = n0 - i;
    for (int i = 0; i < nD * n0; i++) S31[i] = 0.1 * ((i * 7) % 5 - 2);
    for (int l = 0; l < D; l++) gD2 *= g * g;
    dlab_dls *h = NULL;
    CHECK(dlab_dls_create(D, shapes[c], &h) == 0, "%s", dlab_last_error());
    CHECK(dlab_dls_set_stats(h, S11, S31, 1) == 0, "%s", dlab_last_error());
    CHECK(dlab_dls_init(h, DLAB_DLS_INIT_PRETRAINED, g, 0, 3) == 0, "%s", dlab_last_error());
    CHECK(dlab_dls_get(h, DLAB_DLS_GET_WTOT, 0, Wt) == 0, "%s", dlab_last_error());
    double beyond = 0, orth = 0;
    for (int i = 0; i < nD; i++)
      for (int j = k; j < n0; j++) beyond = fmax(beyond, fabs(Wt[i * n0 + j]));
    for (int i = 0; i < nD; i++)
      for (int j = 0; j < nD; j++) {
        double dot = 0;
        for (int a = 0; a < n0; a++) dot += Wt[i * n0 + a] * Wt[j * n0 + a];
        orth = fmax(orth, fabs(dot - (i == j ? gD2 : 0)));
      }
    CHECK(beyond < 1e-13, "shape %d: W_tot reaches past the top %d directions (%g)", c, k, beyond);
    CHECK(orth < 1e-13, "shape %d: W_tot W_tot^T - g^2D I = %g", c, orth);
    dlab_dls_free(h);
  }
}

static void test_lambda_balanced(void) {
  const double s[3] = { 2, 1, 0.5 };
  dlab_dls *h = make(2, 3, s, 3, DLAB_DLS_INIT_LAMBDA, 0.05, 1.5);
  double W1[9], W2[9];
  dlab_dls_get(h, 0, 1, W1);
  dlab_dls_get(h, 0, 2, W2);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      double v = 0;
      for (int k = 0; k < 3; k++) v += W2[k * 3 + i] * W2[k * 3 + j] - W1[i * 3 + k] * W1[j * 3 + k];
      CHECK_NEAR(v, i == j ? 1.5 : 0, 1e-13, "W2^T W2 - W1 W1^T = lambda I");
    }
  dlab_dls_free(h);
}

static void test_samples_match_stats(void) {
  /* Full-batch GD sees data only through Sigma11, Sigma31, y2: the same statistics
   * given two ways must give identical records. */
  enum { P = 12, NI = 3, NO = 2 };
  double X[P * NI], Y[P * NO], S11[NI * NI] = { 0 }, S31[NO * NI] = { 0 }, y2 = 0;
  for (int i = 0; i < P * NI; i++) X[i] = sin(1.3 * i + 0.2);
  for (int i = 0; i < P * NO; i++) Y[i] = cos(0.7 * i);
  for (int mu = 0; mu < P; mu++) {
    for (int i = 0; i < NI; i++)
      for (int j = 0; j < NI; j++) S11[i * NI + j] += X[mu * NI + i] * X[mu * NI + j] / P;
    for (int i = 0; i < NO; i++) {
      for (int j = 0; j < NI; j++) S31[i * NI + j] += Y[mu * NO + i] * X[mu * NI + j] / P;
      y2 += Y[mu * NO + i] * Y[mu * NO + i] / P;
    }
  }
  double widths[3] = { NI, 4, NO }, ra[16], rb[16];
  dlab_dls *a, *b;
  dlab_dls_create(2, widths, &a);
  dlab_dls_create(2, widths, &b);
  CHECK(dlab_dls_set_samples(a, X, Y, P) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_set_stats(b, S11, S31, y2) == 0, "%s", dlab_last_error());
  dlab_dls_init(a, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 3);
  dlab_dls_init(b, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 3);
  dlab_dls_step(a, 200, 0.05);
  dlab_dls_step(b, 200, 0.05);
  dlab_dls_read(a, 1, ra);
  dlab_dls_read(b, 1, rb);
  int rs;
  dlab_dls_record_size(a, 1, &rs);
  for (int i = 0; i < rs; i++) CHECK_NEAR(ra[i], rb[i], 1e-12 * (1 + fabs(rb[i])), "samples vs statistics");
  /* loss from the statistics equals the mean squared error computed directly */
  double W[NO * NI], mse = 0;
  dlab_dls_get(a, 2, 0, W);
  for (int mu = 0; mu < P; mu++)
    for (int i = 0; i < NO; i++) {
      double yh = 0;
      for (int j = 0; j < NI; j++) yh += W[i * NI + j] * X[mu * NI + j];
      mse += 0.5 * (Y[mu * NO + i] - yh) * (Y[mu * NO + i] - yh) / P;
    }
  CHECK_NEAR(ra[1], mse, 1e-12, "loss = 1/2 <|y - W x|^2>");
  dlab_dls_free(a);
  dlab_dls_free(b);
}

static void test_divergence(void) {
  const double s[2] = { 3, 1 };
  dlab_dls *h = make(3, 4, s, 2, DLAB_DLS_INIT_DECOUPLED, 0.5, 0);
  double lrmax;
  dlab_dls_stable_lr(h, &lrmax);
  int st = dlab_dls_step(h, 10000, 5 * lrmax);
  CHECK(st == DLAB_EDIVERGED, "status %d", st);
  CHECK(strstr(dlab_last_error(), "diverged at step") && strstr(dlab_last_error(), "try lr <="), "message: %s", dlab_last_error());
  CHECK(dlab_dls_step(h, 1, 0.01) == DLAB_ESTATE, "stepping after divergence must be refused");
  /* The weights after a divergence are not finite: reading them is refused too. */
  double rec[16];
  CHECK(dlab_dls_read(h, 0, rec) == DLAB_ESTATE && strstr(dlab_last_error(), "diverged"), "read after divergence: %s",
        dlab_last_error());
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_DECOUPLED, 0.5, 0, 1) == 0, "re-init");
  CHECK(dlab_dls_step(h, 2000, 0.5 * lrmax) == 0, "half the estimated maximum is stable: %s", dlab_last_error());
  CHECK(dlab_dls_read(h, 0, rec) == 0 && isfinite(rec[1]), "read after re-init: %s", dlab_last_error());
  dlab_dls_free(h);
}

static void test_bad_input(void) {
  double widths[4] = { 4, 4, 4, 4 }, big[201], s[2] = { 1, NAN };
  dlab_dls *h = NULL;
  CHECK(dlab_dls_create(0, widths, &h) == DLAB_EINVAL && strstr(dlab_last_error(), "depth"), "%s", dlab_last_error());
  widths[1] = 2000;
  CHECK(dlab_dls_create(3, widths, &h) == DLAB_EINVAL && strstr(dlab_last_error(), "widths[1]"), "%s", dlab_last_error());
  for (int l = 0; l <= 200; l++) big[l] = 1024;
  CHECK(dlab_dls_create(200, big, &h) == DLAB_ELIMIT && strstr(dlab_last_error(), "DLAB_DLS_MAX_DOUBLES") && !h,
        "%s", dlab_last_error());
  widths[1] = 4;
  CHECK(dlab_dls_create(3, widths, &h) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_set_spectrum(h, s, 2, 1) == DLAB_EINVAL && strstr(dlab_last_error(), "s2"), "%s", dlab_last_error());
  CHECK(dlab_dls_step(h, 1, 0.1) == DLAB_ESTATE, "stepping before data");
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_PRETRAINED, 1, 0, 1) == DLAB_ESTATE && strstr(dlab_last_error(), "principal directions"),
        "%s", dlab_last_error());
  s[1] = 0.5;
  CHECK(dlab_dls_set_spectrum(h, s, 2, 1.5) == DLAB_EINVAL && strstr(dlab_last_error(), "seed"), "%s", dlab_last_error());
  CHECK(dlab_dls_set_spectrum(h, s, 2, 1) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_init(h, 9, 1, 0, 1) == DLAB_EINVAL && strstr(dlab_last_error(), "init"), "%s", dlab_last_error());
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, INFINITY, 0, 1) == DLAB_EINVAL && strstr(dlab_last_error(), "gain"), "%s", dlab_last_error());
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_LAMBDA, 0.1, 1, 1) == DLAB_EINVAL && strstr(dlab_last_error(), "depth 2"), "%s", dlab_last_error());
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_DECOUPLED, 0.1, 0, 1) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_step(h, 1, -1) == DLAB_EINVAL && strstr(dlab_last_error(), "lr"), "%s", dlab_last_error());
  CHECK(dlab_dls_step(h, 1, NAN) == DLAB_EINVAL && strstr(dlab_last_error(), "lr"), "%s", dlab_last_error());
  CHECK(dlab_dls_get(h, 0, 5, big) == DLAB_EINVAL && strstr(dlab_last_error(), "layer"), "%s", dlab_last_error());
  dlab_dls_free(h);
  double widths2[3] = { 4, 2, 4 };
  dlab_dls_create(2, widths2, &h);
  double s3[3] = { 3, 2, 1 };
  dlab_dls_set_spectrum(h, s3, 3, 1);
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_DECOUPLED, 0.1, 0, 1) == DLAB_EINVAL && strstr(dlab_last_error(), "hidden width"),
        "%s", dlab_last_error());
  dlab_dls_free(h);
}

static void test_criterion_time(void) {
  /* One mode at D = 2: loss <= crit s^2 <=> a >= s (1 - sqrt(crit)); the closed form
   * of the learning time must agree to the bisection tolerance. */
  double s = 2, a0 = 0.01, crit = 0.01, t, want;
  CHECK(dlab_dl_criterion_time(2, &s, 1, a0, crit, &t) == 0, "%s", dlab_last_error());
  dlab_dl_learning_time(2, s, a0, s * (1 - sqrt(crit)), &want);
  CHECK_NEAR(t, want, 1e-10 * want, "criterion time, one mode");
  double ss[2] = { 3, 1 };
  CHECK(dlab_dl_criterion_time(4, ss, 2, a0, 0, &t) == DLAB_EINVAL && strstr(dlab_last_error(), "criterion"), "%s", dlab_last_error());
  /* Below DLAB_DL_MIN_CRIT the trajectories cannot resolve the loss (1e-300 bracketed
   * out to t = 1e9, re-integrating from 0 every time): refused with the range. */
  CHECK(dlab_dl_criterion_time(4, ss, 2, a0, 1e-300, &t) == DLAB_EINVAL &&
        strstr(dlab_last_error(), "criterion must be in [1e-12, 1)"), "%s", dlab_last_error());
  CHECK(dlab_dl_criterion_time(4, ss, 2, a0, 0.999 * DLAB_DL_MIN_CRIT, &t) == DLAB_EINVAL, "just below the bound");
  /* ... and at the bound itself the time is found, and agrees with the closed form at D = 2. */
  CHECK(dlab_dl_criterion_time(2, &s, 1, a0, DLAB_DL_MIN_CRIT, &t) == 0, "%s", dlab_last_error());
  dlab_dl_learning_time(2, s, a0, s * (1 - sqrt(DLAB_DL_MIN_CRIT)), &want);
  CHECK_NEAR(t, want, 1e-9 * want, "criterion time at the smallest criterion");
  for (int D = 1; D <= 200; D *= 3) {
    CHECK(dlab_dl_criterion_time(D, ss, 2, 0.5, DLAB_DL_MIN_CRIT, &t) == 0 && t > 0 && isfinite(t), "depth %d: %s", D,
          dlab_last_error());
  }
}

/* A call that fails part-way must not leave the handle half-updated. */
static void test_failed_calls_leave_a_clean_state(void) {
  double widths[201], rec[256], s3[3] = { 3, 2, 1 };   /* rec: 2 + modes + depth */
  dlab_dls *h;
  /* init: the initial weights overflow (gain 1000 over 200 layers) after has_init was set:
   * step said EDIVERGED and read returned NaN. Now both ask for a new init. */
  for (int l = 0; l <= 200; l++) widths[l] = 2;
  dlab_dls_create(200, widths, &h);
  dlab_dls_set_spectrum(h, s3, 2, 1);
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1000, 0, 1) == DLAB_EINVAL && strstr(dlab_last_error(), "overflow"),
        "%s", dlab_last_error());
  CHECK(dlab_dls_step(h, 1, 0.01) == DLAB_ESTATE, "step after a failed init: %s", dlab_last_error());
  CHECK(dlab_dls_read(h, 0, rec) == DLAB_ESTATE, "read after a failed init: %s", dlab_last_error());
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 1) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_read(h, 0, rec) == 0 && isfinite(rec[1]), "read after a good init: %s", dlab_last_error());
  dlab_dls_free(h);
  /* samples whose statistics overflow: the SVD of Sigma31 fails after Sigma11, Sigma31 were
   * overwritten; the old data and init are gone, so nothing runs on the mixture. */
  double w3[3] = { 3, 3, 3 }, X[6], Y[6];
  for (int i = 0; i < 6; i++) { X[i] = 1e200 * (i % 3 + 1); Y[i] = 1e200 * (i % 2 + 1); }
  dlab_dls_create(2, w3, &h);
  dlab_dls_set_spectrum(h, s3, 3, 1);
  dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 1);
  int st = dlab_dls_set_samples(h, X, Y, 2);
  CHECK(st == DLAB_ENOCONV && strstr(dlab_last_error(), "too large"), "overflowing samples: %d %s", st, dlab_last_error());
  CHECK(dlab_dls_read(h, 0, rec) == DLAB_ESTATE, "read after failed data: %s", dlab_last_error());
  CHECK(dlab_dls_step(h, 1, 0.01) == DLAB_ESTATE && strstr(dlab_last_error(), "set the data"), "%s", dlab_last_error());
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 1) == 0 && dlab_dls_step(h, 1, 0.01) == DLAB_ESTATE,
        "init without data is fine, stepping is not");
  dlab_dls_set_spectrum(h, s3, 3, 1);
  dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 1);
  CHECK(dlab_dls_step(h, 1, 0.01) == 0, "data again: %s", dlab_last_error());
  /* a shape error (lambda init at depth 3 / too-narrow decoupled) leaves the weights alone */
  double W[9], W2[9];
  dlab_dls_get(h, 0, 1, W);
  dlab_dls_free(h);
  double w4[4] = { 3, 3, 3, 3 };
  dlab_dls_create(3, w4, &h);
  dlab_dls_set_spectrum(h, s3, 3, 1);
  dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 1);
  dlab_dls_get(h, 0, 1, W);
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_LAMBDA, 0.1, 1, 2) == DLAB_EINVAL && strstr(dlab_last_error(), "depth 2"), "%s", dlab_last_error());
  dlab_dls_get(h, 0, 1, W2);
  CHECK(memcmp(W, W2, sizeof W) == 0 && dlab_dls_step(h, 1, 0.01) == 0, "the earlier init survives a shape error");
  dlab_dls_free(h);
}

/* The textbook c^2 = (lambda + sqrt(lambda^2 + 4 a0^2)) / 2 cancelled to 0 for lambda << 0 (c = 0,
 * b = Infinity, "initial weights overflow"). */
static void test_lambda_negative(void) {
  const double s[2] = { 2, 1 };
  const double lams[3] = { -1000, -1, 1000 };
  for (int k = 0; k < 3; k++) {
    double lam = lams[k], a0 = 1e-5;
    double widths[3] = { 2, 2, 2 };
    dlab_dls *h;
    dlab_dls_create(2, widths, &h);
    dlab_dls_set_spectrum(h, s, 2, 3);
    CHECK(dlab_dls_init(h, DLAB_DLS_INIT_LAMBDA_ALIGNED, a0, lam, 4) == 0, "lambda %g: %s", lam, dlab_last_error());
    double rec[8], W1[4], W2[4];
    CHECK(dlab_dls_read(h, 0, rec) == 0, "%s", dlab_last_error());
    for (int a = 0; a < 2; a++) CHECK_NEAR(rec[2 + a], a0, 1e-12 * a0, "aligned strength b c = a0");
    dlab_dls_get(h, 0, 1, W1);
    dlab_dls_get(h, 0, 2, W2);
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        double v = 0;
        for (int q = 0; q < 2; q++) v += W2[q * 2 + i] * W2[q * 2 + j] - W1[i * 2 + q] * W1[j * 2 + q];
        CHECK_NEAR(v, i == j ? lam : 0, 1e-13 * fabs(lam), "W2^T W2 - W1 W1^T = lambda I");
      }
    dlab_dls_free(h);
  }
}

static void test_graded_product_svals(void) {
  /* A product of 40 Gaussian layers has singular values spread over ~40 decades, far
   * below eps * sigma_max. Check the smallest ones through the determinant:
   * sum_i log sigma_i(W^40..W^1) = sum_l log |det W^l| = sum_l sum_i log sigma_i(W^l),
   * each layer's factor well conditioned; agreement to ~ D n eps relative. */
  enum { N = 12, D = 40 };
  double widths[D + 1], out[D * N], W[N * N], S[N];
  double *work = malloc(sizeof(double) * dlab_svd_work_size(N, N));
  for (int l = 0; l <= D; l++) widths[l] = N;
  dlab_dls *h;
  dlab_dls_create(D, widths, &h);
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 5) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_get(h, 6, 0, out) == 0, "%s", dlab_last_error());
  double want = 0, got = 0;
  for (int l = 1; l <= D; l++) {
    dlab_dls_get(h, 0, l, W);
    dlab_svd(N, N, W, N, NULL, S, NULL, work);
    for (int i = 0; i < N; i++) want += log(S[i]);
  }
  for (int i = 0; i < N; i++) got += log(out[(D - 1) * N + i]);
  CHECK(out[(D - 1) * N + N - 1] < 1e-25 * out[(D - 1) * N], "the spread must exceed double precision for this test to mean anything");
  CHECK_NEAR(got, want, 1e-10 * fabs(want), "log |det| of the product from its singular values");
  dlab_dls_free(h);
  free(work);
}

/* ---- pause / resume (dlab_dls_restore) ------------------------------------- */

typedef struct {
  int depth;
  double widths[41];
  int samples;      /* data: 0 spectrum {3, 2, 1} (first p values), 1 samples */
  int kind;
  double p, lr;
} rs_cfg;

static dlab_dls *rs_make(const rs_cfg *c) {
  dlab_dls *h = NULL;
  CHECK(dlab_dls_create(c->depth, c->widths, &h) == 0, "create: %s", dlab_last_error());
  int n0 = (int)c->widths[0], nD = (int)c->widths[c->depth];
  if (c->samples) {
    enum { P = 9 };
    double X[P * 8], Y[P * 8];
    for (int i = 0; i < P * n0; i++) X[i] = sin(1.3 * i + 0.2);
    for (int i = 0; i < P * nD; i++) Y[i] = cos(0.7 * i);
    CHECK(dlab_dls_set_samples(h, X, Y, P) == 0, "samples: %s", dlab_last_error());
  } else {
    const double s[3] = { 3, 2, 1 };
    int m = n0 < nD ? n0 : nD;
    CHECK(dlab_dls_set_spectrum(h, s, m < 3 ? m : 3, 7) == 0, "spectrum: %s", dlab_last_error());
  }
  CHECK(dlab_dls_init(h, c->kind, c->p, 0, 11) == 0, "init: %s", dlab_last_error());
  return h;
}

/* All layers concatenated (the restore layout); returns the count. */
static size_t rs_weights(dlab_dls *h, const rs_cfg *c, double *w) {
  size_t k = 0;
  for (int l = 1; l <= c->depth; l++) {
    CHECK(dlab_dls_get(h, 0, l, w + k) == 0, "%s", dlab_last_error());
    k += (size_t)c->widths[l] * (size_t)c->widths[l - 1];
  }
  return k;
}

/* Same record (with singular values), step count and t, bit for bit. */
static int rs_same(dlab_dls *a, dlab_dls *b) {
  double ra[64], rb[64], ia[8], ib[8];
  int n;
  dlab_dls_record_size(a, 1, &n);
  int sa = dlab_dls_read(a, 1, ra), sb = dlab_dls_read(b, 1, rb);
  dlab_dls_info(a, ia);
  dlab_dls_info(b, ib);
  return sa == 0 && sb == 0 && memcmp(ra, rb, sizeof(double) * (size_t)n) == 0 && memcmp(ia, ib, sizeof ia) == 0;
}

static const rs_cfg RS_CFGS[] = {
  { 1, { 3, 2 }, 0, DLAB_DLS_INIT_GAUSSIAN, 1, 0.05 },
  { 3, { 4, 5, 3, 2 }, 1, DLAB_DLS_INIT_ORTHOGONAL, 1, 0.05 },
  { 3, { 5, 3, 4, 2 }, 1, DLAB_DLS_INIT_SMALL, 0.3, 0.05 },
  { 6, { 3, 4, 4, 5, 4, 4, 5 }, 0, DLAB_DLS_INIT_DECOUPLED, 0.05, 0.02 },
  { 2, { 3, 2, 3 }, 0, DLAB_DLS_INIT_LAMBDA_ALIGNED, 0.1, 0.05 },
};

static void test_restore_continues_bit_identically(void) {
  for (size_t k = 0; k < sizeof RS_CFGS / sizeof RS_CFGS[0]; k++) {
    const rs_cfg *c = &RS_CFGS[k];
    long n1 = 137, n2 = 211;
    dlab_dls *a = rs_make(c), *b = rs_make(c), *fresh = rs_make(c);
    CHECK(dlab_dls_step(a, n1 + n2, c->lr) == 0, "config %zu: %s", k, dlab_last_error());
    CHECK(dlab_dls_step(b, n1, c->lr) == 0, "config %zu: %s", k, dlab_last_error());
    double w[256], info[8], wa[256], wc[256];
    size_t nw = rs_weights(b, c, w);
    dlab_dls_info(b, info);
    CHECK(dlab_dls_restore(fresh, w, info[5], info[6]) == 0, "config %zu: %s", k, dlab_last_error());
    CHECK(rs_same(b, fresh), "config %zu: the restored handle reads as the paused one", k);
    CHECK(dlab_dls_step(fresh, n2, c->lr) == 0, "config %zu: %s", k, dlab_last_error());
    CHECK(rs_same(a, fresh), "config %zu: paused + resumed differs from never stopped", k);
    rs_weights(a, c, wa);
    rs_weights(fresh, c, wc);
    CHECK(memcmp(wa, wc, sizeof(double) * nw) == 0, "config %zu: final weights differ", k);
    dlab_dls_free(a);
    dlab_dls_free(b);
    dlab_dls_free(fresh);
  }
}

static void test_restore_bad_input(void) {
  const rs_cfg *c = &RS_CFGS[1];   /* depth 3, 4-5-3-2 */
  dlab_dls *h = rs_make(c), *twin = rs_make(c);
  dlab_dls_step(h, 50, c->lr);
  dlab_dls_step(twin, 50, c->lr);
  double w[64], ok_w[64], info[8];
  rs_weights(h, c, ok_w);
  struct { int status; double bad, steps, t; int null_w, null_h; const char *says; } cases[] = {
    { DLAB_EINVAL, NAN, 5, 1, 0, 0, "weights of layer 2 must be finite, entry 3 is NaN" },
    { DLAB_EINVAL, -INFINITY, 5, 1, 0, 0, "entry 3 is -Infinity" },
    { DLAB_EINVAL, 0, 5, -1, 0, 0, "t must be" },
    { DLAB_EINVAL, 0, 5, NAN, 0, 0, "t must be" },
    { DLAB_EINVAL, 0, 1.5, 1, 0, 0, "steps must be a whole number" },
    { DLAB_EINVAL, 0, -1, 1, 0, 0, "steps must be" },
    { DLAB_EINVAL, 0, 9007199254740992.0, 1, 0, 0, "steps must be a whole number in [0, 2^53 - 1]" },
    { DLAB_EINVAL, 0, INFINITY, 1, 0, 0, "steps must be" },
    { DLAB_EINVAL, 0, 5, 1, 1, 0, "weights must not be NULL" },
    { DLAB_EINVAL, 0, 5, 1, 0, 1, "handle must not be NULL" },
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    memcpy(w, ok_w, sizeof w);
    if (cases[k].bad != 0) w[20 + 3] = cases[k].bad;   /* layer 2 starts after 4 x 5 */
    int st = dlab_dls_restore(cases[k].null_h ? NULL : h, cases[k].null_w ? NULL : w, cases[k].steps, cases[k].t);
    CHECK(st == cases[k].status && strstr(dlab_last_error(), cases[k].says), "case %zu: status %d, \"%s\"", k, st,
          dlab_last_error());
    CHECK(dlab_dls_step(h, 7, c->lr) == 0 && dlab_dls_step(twin, 7, c->lr) == 0, "%s", dlab_last_error());
    CHECK(rs_same(h, twin), "case %zu: a failed restore changed the handle", k);
  }
  /* the edge values are accepted */
  CHECK(dlab_dls_restore(h, ok_w, 9007199254740991.0, 0) == 0, "%s", dlab_last_error());
  dlab_dls_info(h, info);
  CHECK(info[5] == 9007199254740991.0 && info[6] == 0, "steps %.17g t %g", info[5], info[6]);
  CHECK(dlab_dls_step(h, 1, c->lr) == 0 && dlab_dls_info(h, info) == 0 && info[5] == 9007199254740992.0,
        "the count passes 2^53 - 1 exactly: %.17g", info[5]);
  dlab_dls_free(h);
  dlab_dls_free(twin);
  /* state: no data, data without init, init without data, and a failed init */
  dlab_dls_create(c->depth, c->widths, &h);
  CHECK(dlab_dls_restore(h, ok_w, 0, 0) == DLAB_ESTATE && strstr(dlab_last_error(), "data"), "%s", dlab_last_error());
  dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 1);
  CHECK(dlab_dls_restore(h, ok_w, 0, 0) == DLAB_ESTATE, "init without data: %s", dlab_last_error());
  const double s[2] = { 2, 1 };
  dlab_dls_set_spectrum(h, s, 2, 1);
  CHECK(dlab_dls_restore(h, ok_w, 0, 0) == DLAB_ESTATE && strstr(dlab_last_error(), "init"), "data without init: %s",
        dlab_last_error());
  CHECK(dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 1, 0, 1) == 0 && dlab_dls_restore(h, ok_w, 3, 0.5) == 0, "%s",
        dlab_last_error());
  dlab_dls_free(h);
}

static void test_restore_after_divergence(void) {
  const rs_cfg *c = &RS_CFGS[3];   /* depth 6, decoupled */
  dlab_dls *a = rs_make(c), *h = rs_make(c);
  dlab_dls_step(a, 100, c->lr);
  dlab_dls_step(h, 100, c->lr);
  double w[256], info[8], rec[64];
  rs_weights(a, c, w);
  dlab_dls_info(a, info);
  CHECK(dlab_dls_step(h, 10000, 50) == DLAB_EDIVERGED, "%s", dlab_last_error());
  CHECK(dlab_dls_read(h, 0, rec) == DLAB_ESTATE, "read after divergence");
  CHECK(dlab_dls_restore(h, w, info[5], info[6]) == 0, "restore after divergence: %s", dlab_last_error());
  CHECK(rs_same(a, h), "restored over a diverged run");
  CHECK(dlab_dls_step(h, 100, c->lr) == 0 && dlab_dls_step(a, 100, c->lr) == 0, "%s", dlab_last_error());
  CHECK(rs_same(a, h), "stepping on after the restore");
  /* the divergence sentence names step counts beyond 32 bits exactly */
  CHECK(dlab_dls_restore(h, w, 3000000000.0, info[6]) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_step(h, 10000, 50) == DLAB_EDIVERGED && strstr(dlab_last_error(), "diverged at step 300000000"),
        "%s", dlab_last_error());
  dlab_dls_free(a);
  dlab_dls_free(h);
}

static void test_restore_overflow(void) {
  /* every weight finite, but W_tot (40 layers of 1e10s) or the loss (1e200) overflows:
   * refused before anything is taken, so the handle steps on as its twin. */
  rs_cfg cs[2] = { { 40, { 0 }, 0, DLAB_DLS_INIT_ORTHOGONAL, 1, 0.01 }, { 1, { 2, 2 }, 0, DLAB_DLS_INIT_GAUSSIAN, 1, 0.05 } };
  for (int l = 0; l <= 40; l++) cs[0].widths[l] = 3;
  static double big[40 * 9];
  for (int k = 0; k < 2; k++) {
    dlab_dls *h = rs_make(&cs[k]), *twin = rs_make(&cs[k]);
    for (int i = 0; i < 40 * 9; i++) big[i] = k == 0 ? 1e10 : 1e200;
    int st = dlab_dls_restore(h, big, 5, 1);
    CHECK(st == DLAB_EINVAL && strstr(dlab_last_error(), "restored weights overflow"), "case %d: %d %s", k, st,
          dlab_last_error());
    CHECK(dlab_dls_step(h, 20, cs[k].lr) == 0 && dlab_dls_step(twin, 20, cs[k].lr) == 0, "%s", dlab_last_error());
    CHECK(rs_same(h, twin), "case %d: an overflowing restore changed the handle", k);
    dlab_dls_free(h);
    dlab_dls_free(twin);
  }
}

static void run(void) {
  test_tracks_closed_form();
  test_orthogonal_isometry();
  test_conservation();
  test_lambda_balanced();
  test_pretrained();
  test_samples_match_stats();
  test_divergence();
  test_bad_input();
  test_criterion_time();
  test_graded_product_svals();
  test_failed_calls_leave_a_clean_state();
  test_lambda_negative();
  test_restore_continues_bit_identically();
  test_restore_bad_input();
  test_restore_after_divergence();
  test_restore_overflow();
}

TEST_MAIN()
