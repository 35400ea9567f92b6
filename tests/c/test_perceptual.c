/* Perceptual learning (perceptual.h): the population, the exact reductions
 * against the full networks, transfer, the two topologies, and error paths. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/perceptual.h"
#include "depthlab/status.h"

#define NMAX 128

static int has(const char *needle) { return strstr(dlab_last_error(), needle) != NULL; }

static void population(void) {
  double pref[NMAX], gp[NMAX], gm[NMAX], st[4];
  for (int n = 7; n <= 120; n += 37) {
    CHECK(dlab_pl_population(n, 15, 3, 2, pref, gp, gm, st) == 0, "population n=%d", n);
    double pp = 0, mm = 0, dd = 0;
    for (int i = 0; i < n; i++) {
      pp += gp[i] * gp[i];
      mm += gm[i] * gm[i];
      dd += (gp[i] - gm[i]) * (gp[i] - gm[i]);
      CHECK_NEAR(pref[i], -pref[n - 1 - i], 1e-12, "grid symmetric about the reference");
    }
    /* The reflection phi -> -phi maps g+ onto g- exactly, so the norms agree to rounding. */
    CHECK_NEAR(pp, mm, 1e-13 * pp, "|g+|^2 = |g-|^2");
    CHECK_NEAR(st[0], dd / 2, 1e-13 * dd, "v = |d|^2 / 2");
    CHECK_NEAR(st[1], sqrt(dd), 1e-13 * sqrt(dd), "|d|");
  }
}

static void reduction_properties(void) {
  enum { NT = 200 };
  double t[NT], a[NT], b[NT];
  for (int i = 0; i < NT; i++) t[i] = 0.05 * (i + 1);   /* up to 10 tau */
  const double starts[3][2] = {{0, 0}, {0.1, 0.2}, {0, 0.5}};
  for (int s = 0; s < 3; s++) {
    double a0 = starts[s][0], b0 = starts[s][1], q0 = b0 * b0 - 2 * a0 * a0 - 2 * a0;
    CHECK(dlab_pl_reduced(1.0, 0.3, 1.0, a0, b0, t, NT, a, b) == 0, "reduced: %s", dlab_last_error());
    double drift = 0, margin = INFINITY;
    for (int i = 0; i < NT; i++) {
      double q = b[i] * b[i] - 2 * a[i] * a[i] - 2 * a[i];
      if (fabs(q - q0) > drift) drift = fabs(q - q0);
      if (b[i] - sqrt(2) * a[i] < margin) margin = b[i] - sqrt(2) * a[i];
    }
    /* DOPRI at rtol 1e-12 over ~10 time constants: global error ~1e-10 of |y| ~ 3. */
    CHECK(drift < 1e-9, "start %d: beta^2 - 2 alpha^2 - 2 alpha drifted by %g", s, drift);
    CHECK(margin > 0, "start %d: beta > sqrt(2) alpha fails (min margin %g)", s, margin);
    /* The fixed point v beta (1 + 2 alpha) = c is reached. */
    CHECK_NEAR(0.3 * b[NT - 1] * (1 + 2 * a[NT - 1]), 1.0, 1e-6, "fixed point");
  }
}

/* Max over records of |alpha_net - alpha_red| and |beta_net - beta_red|. */
static double net_vs_reduced(double lr, double offset, double *residual) {
  enum { EVERY_T = 2 };   /* compare every 2 tau over 12 tau */
  double rel0[1] = {0}, info[10], rec[13], t[6], a[6], b[6];
  dlab_pl *h = NULL;
  CHECK(dlab_pl_create(50, 15, offset, 1, 1, 2, rel0, 0, 1, &h) == 0, "create: %s", dlab_last_error());
  if (!h) return INFINITY;
  dlab_pl_info(h, info);
  double tau = info[3] / lr;
  long every = lround(EVERY_T * tau);
  for (int i = 0; i < 6; i++) t[i] = (double)every * (i + 1);
  CHECK(dlab_pl_reduced(info[0], info[1], tau, 0, 0, t, 6, a, b) == 0, "reduced: %s", dlab_last_error());
  double err = 0;
  *residual = 0;
  for (int i = 0; i < 6; i++) {
    CHECK(dlab_pl_step(h, every, lr) == 0, "step: %s", dlab_last_error());
    dlab_pl_read(h, rec);
    err = fmax(err, fmax(fabs(rec[2] - a[i]), fabs(rec[3] - b[i])));
    *residual = fmax(*residual, rec[5]);
  }
  dlab_pl_free(h);
  return err;
}

static void full_vs_reduced(void) {
  /* Gradient descent is the Euler step of the flow: global error O(lr), so halving
   * lr halves it (ratio -> 2 as lr -> 0). The weights never leave the reduced form. */
  double r1, r2, r3;
  double e1 = net_vs_reduced(0.02, 2, &r1), e2 = net_vs_reduced(0.01, 2, &r2), e3 = net_vs_reduced(0.005, 2, &r3);
  CHECK(e1 > 0 && e2 > 0 && e3 > 0, "errors %g %g %g", e1, e2, e3);
  CHECK(e1 / e2 > 1.8 && e1 / e2 < 2.2, "Euler order: err(0.02)/err(0.01) = %g", e1 / e2);
  CHECK(e2 / e3 > 1.9 && e2 / e3 < 2.1, "Euler order: err(0.01)/err(0.005) = %g", e2 / e3);
  CHECK(e3 < 2e-3, "agreement at lr 0.005: %g", e3);
  CHECK(fmax(r1, fmax(r2, r3)) < 1e-11, "residual from the reduced form %g", fmax(r1, fmax(r2, r3)));
}

static void low_precision(void) {
  /* beta(0) = 0: beta^2 = 2 alpha^2 + 2 alpha, and at the end v beta (1 + 2 alpha) = c,
   * so for a coarse task (large v) alpha ~ c^2 / (2 v^2): the input layer barely moves. */
  double rel0[1] = {0}, info[10], rec[13];
  dlab_pl *h = NULL;
  CHECK(dlab_pl_create(60, 15, 30, 1, 1, 2, rel0, 0, 1, &h) == 0, "create: %s", dlab_last_error());
  if (!h) return;
  dlab_pl_info(h, info);
  CHECK(dlab_pl_step(h, 3000, 0.01) == 0, "step: %s", dlab_last_error());
  dlab_pl_read(h, rec);
  double v = info[1], bound = 1.0 / (2 * v * v);
  CHECK(v > 5, "coarse task has large v (%g)", v);
  CHECK(rec[2] > 0 && rec[2] <= 1.05 * bound, "coarse alpha %g vs c^2/(2v^2) = %g", rec[2], bound);
  CHECK_NEAR(rec[4], 1.0, 1e-6, "coarse task learned");
  dlab_pl_free(h);
}

static void deep_chain(void) {
  enum { D = 4 };
  double rel0[D - 1] = {0.6, 0.36, 0.216}, info[10], rec[9 + 2 * D], y0[D], t[4], out[4 * D];
  dlab_pl *h = NULL;
  CHECK(dlab_pl_create(30, 15, 5, 1, 1, D, rel0, 0, 7, &h) == 0, "create: %s", dlab_last_error());
  if (!h) return;
  dlab_pl_info(h, info);
  double lr = 0.002, tau = 2 / lr, dn = info[2];
  dlab_pl_read(h, rec);
  y0[0] = 0;
  for (int k = 1; k < D; k++) {
    y0[k] = rec[9 + k];
    CHECK_NEAR(rec[9 + k], 0.5 * dn * rel0[k - 1], 1e-12, "built gains");
  }
  for (int i = 0; i < 4; i++) t[i] = 1500.0 * (i + 1);
  CHECK(dlab_pl_chain_reduced(D, 1, dn, tau, y0, t, 4, out) == 0, "chain reduced: %s", dlab_last_error());
  double b0[D], prev = -1;
  for (int k = 0; k < D; k++) b0[k] = rec[9 + k];
  for (int i = 0; i < 4; i++) {
    CHECK(dlab_pl_step(h, 1500, lr) == 0, "step: %s", dlab_last_error());
    dlab_pl_read(h, rec);
    /* Euler error O(lr): the three-layer case gives ~2e-3 per 0.005 of lr (above). */
    CHECK_NEAR(rec[2], out[i * D], 1e-3, "chain alpha");
    for (int k = 1; k < D; k++) CHECK_NEAR(rec[9 + k], out[i * D + k], 1e-3, "chain b_k");
    CHECK(rec[5] < 1e-8, "chain residual %g", rec[5]);
  }
  /* Reverse hierarchy: the least tuned (highest) layer changes most. */
  for (int k = 0; k < D; k++) {
    double dk = rec[9 + k] - b0[k];
    CHECK(dk > prev, "change of layer %d (%g) not above layer %d (%g)", k + 1, dk, k, prev);
    prev = dk;
  }
  dlab_pl_free(h);
}

static void transfer(void) {
  double info[10], rec[13];
  dlab_pl *h = NULL;
  CHECK(dlab_pl_transfer_create(20, 15, 3, 1, 1, 0, 9, 1.5, 3, &h) == 0, "transfer: %s", dlab_last_error());
  if (!h) return;
  dlab_pl_info(h, info);
  /* Continuous Gaussians would give exp(-sep^2 / (4 rf^2)); the sampled ones differ a little. */
  CHECK(info[8] > 0.3 && info[8] < 0.45, "c_a.c_b = %g", info[8]);
  for (int i = 0; i < 5; i++) {
    CHECK(dlab_pl_step(h, 100, 0.02) == 0, "step: %s", dlab_last_error());
    dlab_pl_read(h, rec);
    CHECK(rec[7] == 0, "input-layer change at b must be exactly 0, got %g", rec[7]);
    CHECK_NEAR(rec[8], rec[3] * info[8], 1e-12 * (1 + rec[3]), "decision strength at b = beta c_a.c_b");
    CHECK_NEAR(rec[6], rec[3] * info[1] * info[8], 1e-12, "margin at b = v beta c_a.c_b");
    CHECK(rec[5] < 1e-12, "transfer residual %g", rec[5]);
  }
  CHECK(dlab_pl_train_at(h, 1) == 0, "train at b");
  CHECK(dlab_pl_train_at(h, 2) != 0 && has("position"), "bad position: %s", dlab_last_error());
  dlab_pl_free(h);
}

static void topologies(void) {
  enum { K = 4 };
  double info[K] = {1, 0.7, 0.5, 0.3}, par[(2001) * (K + 1)], ser[(2001) * (K + 1)];
  CHECK(dlab_pl_topologies(K, info, 1.5, 0.5, 0.01, 2000, 1, par, ser) == 0, "topologies: %s", dlab_last_error());
  const double *pl = par + 2000 * (K + 1), *sl = ser + 2000 * (K + 1);
  /* Parallel from w = 0: every step adds a multiple of info (and shrinks w), so w stays
   * parallel to info exactly, up to rounding. */
  for (int j = 1; j < K; j++) CHECK_NEAR(pl[1 + j] / info[j], pl[1] / info[0], 1e-12, "parallel change ∝ info");
  /* Serial: w_k^2 - w_j^2 is conserved by the flow; Euler adds O(lr) per unit time. */
  for (int j = 1; j < K; j++)
    CHECK_NEAR(sl[1 + j] * sl[1 + j] - sl[1] * sl[1], info[j] * info[j] - info[0] * info[0], 0.02, "serial conservation");
  for (int j = 1; j < K; j++)
    CHECK(sl[1 + j] - info[j] > sl[j] - info[j - 1], "serial: less informative layer %d changes more", j + 1);
}

static void errors(void) {
  double rel0[2] = {0.5, 0.5}, t[3] = {0, 2, 1}, a[3], b[3], v[8];
  dlab_pl *h = NULL;
  CHECK(dlab_pl_create(1, 15, 2, 1, 1, 2, rel0, 0, 1, &h) == DLAB_EINVAL && has("neurons"), "%s", dlab_last_error());
  CHECK(dlab_pl_create(10, 15, 95, 1, 1, 2, rel0, 0, 1, &h) == DLAB_EINVAL && has("offset"), "%s", dlab_last_error());
  CHECK(dlab_pl_create(10, 15, 2, 1, 0, 2, rel0, 0, 1, &h) == DLAB_EINVAL && has("target"), "%s", dlab_last_error());
  CHECK(dlab_pl_create(10, 15, 2, 1, 1, 11, rel0, 0, 1, &h) == DLAB_EINVAL && has("depth"), "%s", dlab_last_error());
  CHECK(dlab_pl_create(10, 15, 2, 1, 1, 2, rel0, 0, 1.5, &h) == DLAB_EINVAL && has("seed"), "%s", dlab_last_error());
  CHECK(dlab_pl_transfer_create(400, 15, 2, 1, 1, 0, 20, 1, 1, &h) == DLAB_ELIMIT && has("locations"), "%s", dlab_last_error());
  CHECK(h == NULL, "no handle on failure");
  CHECK(dlab_pl_reduced(1, 0.3, 1, 0, 0, t, 3, a, b) == DLAB_EINVAL && has("ascending"), "%s", dlab_last_error());
  CHECK(dlab_pl_reduced(1, 0, 1, 0, 0, t, 1, a, b) == DLAB_EINVAL && has("v must"), "%s", dlab_last_error());
  CHECK(dlab_pl_reduced(1, 0.3, 1, -0.6, 0, t, 1, a, b) == DLAB_EINVAL && has("alpha0"), "%s", dlab_last_error());
  CHECK(dlab_pl_population(10, 0.1, 2, 1, a, a, a, v) == DLAB_EINVAL && has("tuning width"), "%s", dlab_last_error());
  CHECK(dlab_pl_topologies(2, rel0, 1, 0, 0.1, 10, 20, v, v) == DLAB_EINVAL && has("every"), "%s", dlab_last_error());
  /* Divergence: stop, name the step and suggest a learning rate that then works. */
  CHECK(dlab_pl_create(60, 15, 20, 1, 1, 2, rel0, 0, 1, &h) == 0, "create");
  int st = dlab_pl_step(h, 1000, 5.0);
  CHECK(st == DLAB_EDIVERGED && has("step") && has("learning rate below"), "diverge: %d %s", st, dlab_last_error());
  const char *e = strstr(dlab_last_error(), "below about ");
  double suggested = e ? atof(e + 12) : 0;
  CHECK(dlab_pl_step(h, 1, 0.01) == DLAB_ESTATE, "a diverged handle refuses to step");
  dlab_pl_free(h);
  CHECK(suggested > 0 && suggested < 5, "suggested %g", suggested);
  CHECK(dlab_pl_create(60, 15, 20, 1, 1, 2, rel0, 0, 1, &h) == 0, "create");
  CHECK(dlab_pl_step(h, 2000, suggested) == 0, "the suggested learning rate %g trains: %s", suggested, dlab_last_error());
  dlab_pl_free(h);
  dlab_pl_free(NULL);
}

/* Regression (fuzz_perceptual): tuning so narrow that every f_i(+-offset) underflows
 * to 0 leaves |d| = 0; create accepted it and every record was NaN (0/0). */
static void no_task_direction(void) {
  double rel0[1] = {0.8}, stats[4], v[6];
  CHECK(dlab_pl_population(2, 0.5, 22.6, 8.8, v, v + 2, v + 4, stats) == 0 && stats[1] == 0, "|d| = %g", stats[1]);
  dlab_pl *h = (dlab_pl *)rel0;
  CHECK(dlab_pl_create(2, 0.5, 22.6, 8.8, 0.3, 2, rel0, 0.3, 1, &h) == DLAB_EINVAL && has("stimuli apart"), "%s",
        dlab_last_error());
  CHECK(h == NULL, "no handle on failure");
  CHECK(dlab_pl_transfer_create(2, 0.5, 22.6, 8.8, 0.3, 0, 2, 0.1, 0, &h) == DLAB_EINVAL && has("stimuli apart"), "%s",
        dlab_last_error());
  CHECK(h == NULL, "no handle on failure");
}

/* Regression (fuzz_perceptual): dnorm = 4.9e-324 (in range) makes alpha' Infinity at
 * t = 0; the integrator then halved its step for 1e7 steps (a minute under ASan). */
static void chain_reduced_overflow(void) {
  double y0[5] = {0.1, 1, 1, 1, 1}, t[1] = {1}, out[5];
  int st = dlab_pl_chain_reduced(5, 2.6, 4.9406564584124654e-324, 2.8, y0, t, 1, out);
  CHECK(st == DLAB_EDIVERGED && has("double range"), "%d %s", st, dlab_last_error());
}

/* Regression (fuzz_perceptual): receptive fields of width 0.1 centred 5 spacings off a
 * 4-location grid underflowed to 0 everywhere; c_a = 0/0 made every record NaN. */
static void transfer_far_fields(void) {
  dlab_pl *h = NULL;
  double info[10], rec[13];
  CHECK(dlab_pl_transfer_create(2, 58.6, 30.5, 0.94, 1, 10, 4, 0.1, 10, &h) == 0, "%s", dlab_last_error());
  if (!h) return;
  CHECK(dlab_pl_info(h, info) == 0 && info[8] >= 0 && info[8] < 1e-300, "c_a.c_b = %g (disjoint fields)", info[8]);
  CHECK(dlab_pl_step(h, 10, 0.1) == 0 && dlab_pl_read(h, rec) == 0, "%s", dlab_last_error());
  int finite = 1;
  for (int i = 0; i < 13; i++) finite &= isfinite(rec[i]) != 0;
  CHECK(finite, "records finite");
  dlab_pl_free(h);
}

/* Regression (fuzz_perceptual): the converged loss read back -2.8e-17 (rounding). */
static void loss_not_negative(void) {
  double rel0[1] = {1}, rec[13];
  dlab_pl *h = NULL;
  CHECK(dlab_pl_create(2, 20, 10, 1, 0.6, 2, rel0, 0, 0, &h) == 0, "%s", dlab_last_error());
  if (!h) return;
  CHECK(dlab_pl_step(h, 3000, 0.5) == 0, "%s", dlab_last_error());
  dlab_pl_read(h, rec);
  CHECK(rec[1] >= 0 && rec[1] < 1e-12, "converged loss %g", rec[1]);
  dlab_pl_free(h);
}

static void run(void) {
  population();
  reduction_properties();
  full_vs_reduced();
  low_precision();
  deep_chain();
  transfer();
  topologies();
  errors();
  no_task_direction();
  chain_reduced_overflow();
  loss_not_negative();
  transfer_far_fields();
}

TEST_MAIN()
