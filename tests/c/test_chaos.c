/* Transient chaos solver: quadrature against closed forms and adaptive references,
 * fixed points, exact criticality, curvature recursion, phase rows, the simulation's
 * exact first layer and determinism, and every invalid-argument sentence. */
#include <float.h>
#include <string.h>

#include "check.h"
#include "depthlab/chaos.h"
#include "linalg/quad.h"
#include "depthlab/status.h"

static const char *NAMES[] = { "linear", "tanh", "relu", "erf" };

static int mentions(const char *what) { return strstr(dlab_last_error(), what) != 0; }

static void test_derivatives(void) {
  /* Central differences with step 1e-5: truncation ~ h^2 |phi'''| / 6 ~ 1e-10, rounding ~ eps/h ~ 1e-11. */
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++)
    for (double h = -2.3; h <= 2.3; h += 0.7) {
      double o[3], p[3], m[3], e = 1e-5;
      CHECK(dlab_chaos_phi(phi, h, o) == 0, "phi %d", phi);
      dlab_chaos_phi(phi, h + e, p);
      dlab_chaos_phi(phi, h - e, m);
      CHECK_NEAR(o[1], (p[0] - m[0]) / (2 * e), 1e-8, NAMES[phi]);
      if (phi != DLAB_PHI_RELU) CHECK_NEAR(o[2], (p[1] - m[1]) / (2 * e), 1e-8, NAMES[phi]);
    }
}

/* 1-D: fast (trapezoid for tanh, closed forms otherwise) vs adaptive Gauss-Kronrod at
 * tolerance 1e-13 up to the largest q allowed. The trapezoid's error bound is
 * exp(-2 pi d / h) times the integrand's size in the analyticity strip: d = 0.8 pi/(2 sqrt q),
 * h = 0.2/sqrt q gives exp(-39) ~ 1e-17 times a pole-order factor < 1e6: 1e-11 suffices. */
static void test_length_map_quadrature(void) {
  const double qs[] = { 1e-3, 0.1, 0.5, 1, 4, 16, 100, 400, 1000 };
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++)
    for (int i = 0; i < 9; i++) {
      double f[4], r[4];
      CHECK(dlab_chaos_length_map(phi, DLAB_CHAOS_FAST, 1.7, 0.4, qs[i], f) == 0, "%s", dlab_last_error());
      CHECK(dlab_chaos_length_map(phi, DLAB_CHAOS_REFERENCE, 1.7, 0.4, qs[i], r) == 0, "%s", dlab_last_error());
      for (int k = 0; k < 4; k++) {
        if (phi == DLAB_PHI_RELU && k == 2) { CHECK(f[2] == INFINITY && r[2] == INFINITY, "relu chi2"); continue; }
        CHECK_NEAR(f[k], r[k], 1e-11 * (1 + fabs(r[k])), NAMES[phi]);
      }
      if (phi == DLAB_PHI_ERF) {   /* the trapezoid rule against the arcsine closed form */
        double t[4];
        dlab_chaos_length_map(phi, DLAB_CHAOS_TRAPEZOID, 1.7, 0.4, qs[i], t);
        for (int k = 0; k < 4; k++) CHECK_NEAR(t[k], f[k], 1e-12 * (1 + fabs(f[k])), "erf trapezoid");
      }
    }
}

/* 2-D: fast vs nested Gauss-Kronrod (inner 1e-13, outer 1e-12 tolerances: 1e-10 suffices). */
static void test_corr_map_quadrature(void) {
  const double cs[] = { -1, -0.9, -0.3, 0, 0.5, 0.95, 0.999, 1 };
  for (int phi = 1; phi < DLAB_PHI_COUNT; phi++)
    for (int i = 0; i < 8; i++) {
      double f[5], r[5];
      CHECK(dlab_chaos_corr_map(phi, DLAB_CHAOS_FAST, 4, 0.3, 13, 9, cs[i], f) == 0, "%s", dlab_last_error());
      CHECK(dlab_chaos_corr_map(phi, DLAB_CHAOS_REFERENCE, 4, 0.3, 13, 9, cs[i], r) == 0, "%s", dlab_last_error());
      for (int k = 0; k < 5; k++) CHECK_NEAR(f[k], r[k], 1e-10 * (1 + fabs(r[k])), NAMES[phi]);
      if (phi == DLAB_PHI_ERF) {
        double t[5];
        dlab_chaos_corr_map(phi, DLAB_CHAOS_TRAPEZOID, 4, 0.3, 13, 9, cs[i], t);
        for (int k = 0; k < 5; k++) CHECK_NEAR(t[k], f[k], 1e-12 * (1 + fabs(f[k])), "erf trapezoid 2-D");
      }
    }
  /* c = 1 with q11 = q22 is the length map exactly. */
  double l[4], c[5];
  dlab_chaos_length_map(DLAB_PHI_TANH, 0, 2.5, 0.3, 4, l);
  dlab_chaos_corr_map(DLAB_PHI_TANH, 0, 2.5, 0.3, 4, 4, 1, c);
  CHECK(c[2] == l[0] && c[3] == 1, "c = 1: q12 %.17g vs V %.17g", c[2], l[0]);
}

static void test_fixed_points(void) {
  const double sws[] = { 0.5, 1, 1.3, 2.5, 4, 8 };
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++)
    for (int i = 0; i < 6; i++) {
      double fp[DLAB_CHAOS_FP_LEN], v[4], cm[5];
      CHECK(dlab_chaos_fixed_point(phi, 0, sws[i], 0.3, fp) == 0, "%s", dlab_last_error());
      if (!isfinite(fp[0])) continue;
      dlab_chaos_length_map(phi, 0, sws[i], 0.3, fp[0], v);
      CHECK_NEAR(v[0], fp[0], 1e-13 * (1 + fp[0]), "q* = V(q*)");
      CHECK_NEAR(v[1], fp[1], 1e-13, "chi1 at q*");
      if (fp[3] < 1) {   /* chaotic: c* is a fixed point of the c-map with the reported slope */
        dlab_chaos_corr_map(phi, 0, sws[i], 0.3, fp[0], fp[0], fp[3], cm);
        CHECK_NEAR(cm[3], fp[3], 1e-12, "c* = C(c*)");
        CHECK_NEAR(cm[4], fp[7], 1e-12, "c-map slope at c*");
        CHECK(fp[1] > 1, "c* < 1 only in the chaotic phase, chi1 = %g", fp[1]);
      } else {
        CHECK(fp[1] <= 1, "ordered phase has chi1 <= 1, got %g", fp[1]);
      }
    }
  /* Exact criticality: q* = 0 and chi1 = sw^2 phi'(0)^2 = 1. */
  double fp[DLAB_CHAOS_FP_LEN];
  dlab_chaos_fixed_point(DLAB_PHI_TANH, 0, 1, 0, fp);
  CHECK(fp[0] == 0 && fp[1] == 1, "tanh sw = 1, sb = 0: q* %g chi1 %.17g", fp[0], fp[1]);
  dlab_chaos_fixed_point(DLAB_PHI_ERF, 0, 1, 0, fp);
  CHECK(fp[0] == 0 && fp[1] == 1, "erf sw = 1, sb = 0: chi1 %.17g", fp[1]);
  dlab_chaos_fixed_point(DLAB_PHI_RELU, 0, sqrt(2.0), 0, fp);
  CHECK_NEAR(fp[1], 1, 4e-16, "relu sw^2 = 2 (sqrt(2)^2 rounds to 2 + 4e-16)");
  /* sb = 0 in the chaotic phase: c* = 0 and the slope is sw^2 E[phi']^2 (docs/theory.md §5.3). */
  dlab_chaos_fixed_point(DLAB_PHI_TANH, 0, 2.5, 0, fp);
  double d1[3], e1 = 0;
  CHECK(fp[3] == 0, "c* = 0 at sb = 0, got %g", fp[3]);
  for (double z = -9; z <= 9; z += 1e-3) {   /* E[phi'] by a fine Riemann sum (smooth, error ~1e-12) */
    dlab_chaos_phi(DLAB_PHI_TANH, sqrt(fp[0]) * z, d1);
    e1 += d1[1] * exp(-0.5 * z * z) * 0.398942280401432677939946 * 1e-3;
  }
  CHECK_NEAR(fp[7], 2.5 * 2.5 * e1 * e1, 1e-10, "slope at c* = 0");
}

static void test_critical(void) {
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++)
    for (double sb = 0; sb <= 2; sb += 0.5) {
      double sw, fp[DLAB_CHAOS_FP_LEN];
      CHECK(dlab_chaos_critical_sw(phi, sb, &sw) == 0, "%s", dlab_last_error());
      if (phi == DLAB_PHI_LINEAR || phi == DLAB_PHI_RELU || sb == 0) {
        CHECK(sw == (phi == DLAB_PHI_RELU ? sqrt(2.0) : 1), "%s boundary %g", NAMES[phi], sw);
        continue;
      }
      dlab_chaos_fixed_point(phi, 0, sw, sb, fp);
      /* sw to 1e-13 relative; d chi1 / d sw ~ 2 chi1 / sw < 10: chi1 to ~1e-12 */
      CHECK_NEAR(fp[1], 1, 1e-11, NAMES[phi]);
    }
}

/* Curvature recursion at q1 = q*: explicit products of chi1, chi2. */
static void test_curvature(void) {
  double fp[DLAB_CHAOS_FP_LEN], out[3 * 12];
  dlab_chaos_fixed_point(DLAB_PHI_TANH, 0, 2.5, 0.3, fp);
  CHECK(dlab_chaos_curvature(DLAB_PHI_TANH, 2.5, 0.3, fp[0], 12, out) == 0, "%s", dlab_last_error());
  double g = fp[0], k2 = 1 / fp[0];
  for (int l = 0; l < 12; l++) {
    CHECK_NEAR(out[3 * l], fp[0], 1e-12 * fp[0], "q stays at q*");
    CHECK_NEAR(out[3 * l + 1], g, 1e-11 * g, "gE = q* chi1^(l-1)");
    CHECK_NEAR(out[3 * l + 2], k2, 1e-11 * k2, "kappa^2 recursion");
    g *= fp[1];
    k2 = 3 * fp[2] / (fp[1] * fp[1]) + k2 / fp[1];
  }
  /* ReLU: no recursion beyond layer 1. */
  dlab_chaos_curvature(DLAB_PHI_RELU, 1.2, 0.3, 1, 3, out);
  CHECK(out[2] == 1 && isnan(out[5]), "relu kappa: %g %g", out[2], out[5]);
}

static void test_phase_rows(void) {
  enum { NW = 24, NB = 9 };
  double g[5][NW * NB], bd[NB];
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++) {
    CHECK(dlab_chaos_phase_rows(phi, 0.2, 5, 0, 2, NW, NB, 0, 4, g[0], g[1], g[2], g[3], g[4], bd) == 0, "%s", dlab_last_error());
    CHECK(dlab_chaos_phase_rows(phi, 0.2, 5, 0, 2, NW, NB, 4, 5, g[0], g[1], g[2], g[3], g[4], bd) == 0, "%s", dlab_last_error());
    for (int j = 0; j < NB; j++) {
      double sb = 2.0 * j / (NB - 1), crit;
      dlab_chaos_critical_sw(phi, sb, &crit);
      CHECK_NEAR(bd[j], crit, 1e-10, "boundary");
      for (int i = 0; i < NW; i++) {
        double sw = 0.2 + 4.8 * i / (NW - 1), fp[DLAB_CHAOS_FP_LEN];
        dlab_chaos_fixed_point(phi, 0, sw, sb, fp);
        int at = j * NW + i;
        if (!isfinite(fp[0])) { CHECK(!isfinite(g[3][at]), "q* infinite"); continue; }
        CHECK_NEAR(g[0][at], fp[1], 1e-12, "chi1 cell");
        CHECK_NEAR(g[3][at], fp[0], 1e-12 * (1 + fp[0]), "q* cell");
        /* Mehler tail bound 1e-10 on the map; c* error <= that / (1 - slope) */
        double tol = 1e-10 / (1 - fmin(fp[7], 0.999)) + 1e-12;
        CHECK_NEAR(g[4][at], fp[3], tol, "c* cell (Mehler vs nested trapezoid)");
      }
    }
  }
}

/* The handle, or NULL on failure (the sentence in dlab_last_error). */
static dlab_chaos_sim *sim_new(int phi, double sw, double sb, double q1, int width, int points, int layers, double seed) {
  dlab_chaos_sim *s = NULL;
  int st = dlab_chaos_sim_create(phi, sw, sb, q1, width, points, layers, seed, &s);
  CHECK((st == 0) == (s != NULL), "status %d with handle %p", st, (void *)s);
  return s;
}

static void test_simulation(void) {
  double q1 = 0.7, meas[4 * DLAB_CHAOS_SIM_NMEAS], meas2[4 * DLAB_CHAOS_SIM_NMEAS], proj[4 * 32 * 3];
  dlab_chaos_sim *s = sim_new(DLAB_PHI_TANH, 2, 0.3, q1, 200, 32, 4, 7);
  CHECK(s != 0, "%s", dlab_last_error());
  int done = 0;
  CHECK(dlab_chaos_sim_step(s, 1, &done) == 0 && done == 1, "one layer");
  CHECK(dlab_chaos_sim_step(s, 10, &done) == 0 && done == 4, "stops at L, done %d", done);
  dlab_chaos_sim_read(s, meas, proj);
  dlab_chaos_sim_free(s);
  /* Layer 1 is the exact circle: q = gE = q1, kappa^2 = 1/q1, L_E/sqrt(N) = 2 pi sqrt(q1),
   * L_G = 2 pi, c = cos of the angle, two principal components of variance share 1/2 each.
   * Orthonormalisation and sums over N = 200 terms: rounding ~1e-13. */
  CHECK_NEAR(meas[0], q1, 1e-12, "q");
  CHECK_NEAR(meas[1], 0, 1e-12, "c quarter turn");
  CHECK_NEAR(meas[2], sqrt(0.5), 1e-12, "c eighth turn");
  CHECK_NEAR(meas[3], q1, 1e-12, "gE");
  CHECK_NEAR(meas[4], 1 / q1, 1e-10, "kappa^2");
  CHECK_NEAR(meas[5], 2 * 3.14159265358979323846 * sqrt(q1), 1e-11, "L_E");
  CHECK_NEAR(meas[6], 2 * 3.14159265358979323846, 1e-10, "L_G");
  CHECK_NEAR(meas[8], 1, 1e-10, "top-2 variance");
  CHECK_NEAR(meas[9], 2, 1e-10, "participation ratio");
  double r = 0;
  for (int p = 0; p < 32; p++) r += proj[3 * p] * proj[3 * p] + proj[3 * p + 1] * proj[3 * p + 1];
  CHECK_NEAR(r / 32, 1, 1e-10, "layer-1 projection is the unit circle");
  s = sim_new(DLAB_PHI_TANH, 2, 0.3, q1, 200, 32, 4, 7);
  dlab_chaos_sim_step(s, 4, &done);
  dlab_chaos_sim_read(s, meas2, 0);
  dlab_chaos_sim_free(s);
  CHECK(memcmp(meas, meas2, sizeof meas) == 0, "same seed, same bits");
  /* The layer-1 Gram matrix has rank 2: the PCA must still return the circle point by point. */
  static double pr[128 * 3], mm[DLAB_CHAOS_SIM_NMEAS];
  s = sim_new(DLAB_PHI_TANH, 4, 0.3, 12.6, 200, 128, 1, 1);
  dlab_chaos_sim_step(s, 1, &done);
  dlab_chaos_sim_read(s, mm, pr);
  dlab_chaos_sim_free(s);
  double worst = 0;
  for (int p = 0; p < 128; p++) worst = fmax(worst, fabs(hypot(pr[3 * p], pr[3 * p + 1]) - 1));
  CHECK(worst < 1e-8 && fabs(mm[8] - 1) < 1e-10, "circle radius off by %g, top-2 variance %g", worst, mm[8]);
}

static void test_invalid(void) {
  double out[8];
  CHECK(dlab_chaos_fixed_point(7, 0, 1, 0, out) && mentions("phi"), "%s", dlab_last_error());
  CHECK(dlab_chaos_fixed_point(1, 0, 0, 0, out) && mentions("sw"), "%s", dlab_last_error());
  CHECK(dlab_chaos_fixed_point(1, 0, -1, 0, out) && mentions("sw"), "%s", dlab_last_error());
  CHECK(dlab_chaos_fixed_point(1, 0, 11, 0, out) && mentions("sw"), "%s", dlab_last_error());
  CHECK(dlab_chaos_fixed_point(1, 0, NAN, 0, out) && mentions("sw"), "%s", dlab_last_error());
  CHECK(dlab_chaos_fixed_point(1, 0, 1, -0.1, out) && mentions("sb"), "%s", dlab_last_error());
  CHECK(dlab_chaos_fixed_point(1, 5, 1, 0, out) && mentions("method"), "%s", dlab_last_error());
  CHECK(dlab_chaos_fixed_point(2, 2, 1, 0, out) && mentions("trapezoid"), "%s", dlab_last_error());
  CHECK(dlab_chaos_length_map(1, 0, 1, 0, 2000, out) && mentions("q"), "%s", dlab_last_error());
  CHECK(dlab_chaos_corr_map(1, 0, 1, 0, 0, 1, 0.5, out) && mentions("q11"), "%s", dlab_last_error());
  CHECK(dlab_chaos_corr_map(1, 0, 1, 0, 1, -1, 0.5, out) && mentions("q22"), "%s", dlab_last_error());
  CHECK(dlab_chaos_corr_map(1, 0, 1, 0, 1, 1, 1.5, out) && mentions("c must"), "%s", dlab_last_error());
  CHECK(dlab_chaos_critical_sw(1, 5, out) && mentions("sb"), "%s", dlab_last_error());
  CHECK(dlab_chaos_curvature(1, 1, 0, 1, 0, out) && mentions("layers"), "%s", dlab_last_error());
  CHECK(dlab_chaos_curvature(1, 1, 0, 0, 3, out) && mentions("q1"), "%s", dlab_last_error());
  CHECK(dlab_chaos_phase_rows(1, 0, 1, 0, 1, 10, 10, 0, 1, out, out, out, out, out, out) && mentions("swMin"), "%s", dlab_last_error());
  CHECK(dlab_chaos_phase_rows(1, 1, 0.5, 0, 1, 10, 10, 0, 1, out, out, out, out, out, out) && mentions("swMax"), "%s", dlab_last_error());
  CHECK(dlab_chaos_phase_rows(1, 0.1, 1, 0, 1, 1001, 10, 0, 1, out, out, out, out, out, out) && mentions("nw"), "%s", dlab_last_error());
  CHECK(dlab_chaos_phase_rows(1, 0.1, 1, 0, 1, 10, 10, 5, 6, out, out, out, out, out, out) && mentions("nrows"), "%s", dlab_last_error());
  CHECK(!sim_new(1, 1, 0, 1, 5000, 16, 2, 1) && mentions("width"), "%s", dlab_last_error());
  CHECK(!sim_new(1, 1, 0, 1, 100, 16, 200, 1) && mentions("layers"), "%s", dlab_last_error());
  CHECK(!sim_new(1, 1, 0, 1, 100, 20, 2, 1) && mentions("points"), "%s", dlab_last_error());
  CHECK(!sim_new(1, 1, 0, 1, 100, 16, 2, 1.5) && mentions("seed"), "%s", dlab_last_error());
  CHECK(!sim_new(9, 1, 0, 1, 100, 16, 2, 1) && mentions("phi"), "%s", dlab_last_error());
  CHECK(dlab_chaos_sim_step(0, 1, 0) && mentions("sim"), "%s", dlab_last_error());
}

/* Regressions of inputs the fuzzers found: no NaN and no runaway work at the edges of
 * the documented ranges. */
static void test_fuzz_regressions(void) {
  double fp[DLAB_CHAOS_FP_LEN], fast[DLAB_CHAOS_FP_LEN], o[5];
  /* Linear (and ReLU) q* = sb^2 / (1 - slope) ~ 4.5e15 near the boundary: the trapezoid
   * node count overflowed an int (~6e9 nodes). The homogeneous moments are scaled instead. */
  double x = 0.99999999999999989;
  CHECK(dlab_chaos_fixed_point(DLAB_PHI_LINEAR, DLAB_CHAOS_TRAPEZOID, x, x, fp) == 0, "%s", dlab_last_error());
  dlab_chaos_fixed_point(DLAB_PHI_LINEAR, DLAB_CHAOS_FAST, x, x, fast);
  CHECK(fp[0] > 1e15 && isfinite(fp[0]), "linear q* %g", fp[0]);
  for (int k = 0; k < DLAB_CHAOS_FP_LEN; k++) {
    if (k == 4 || k == 5) {   /* xi = -1/ln(slope), slope = 1 - 2e-16: one ulp of the quadrature moves it by 10x */
      CHECK(fp[k] > 1e14 && isfinite(fp[k]), "linear trapezoid xi %g", fp[k]);
      continue;
    }
    CHECK(fabs(fp[k] - fast[k]) <= 1e-12 * fabs(fast[k]) || fp[k] == fast[k], "linear trapezoid vs fast, out[%d]: %.17g vs %.17g", k, fp[k], fast[k]);
  }
  CHECK(dlab_chaos_fixed_point(DLAB_PHI_LINEAR, DLAB_CHAOS_REFERENCE, x, x, fp) == 0, "%s", dlab_last_error());
  CHECK_NEAR(fp[0], fast[0], 1e-12 * fast[0], "linear reference q*");
  double xr = nextafter(sqrt(2.0), 0);   /* ReLU: sw^2 / 2 just below 1 */
  dlab_chaos_fixed_point(DLAB_PHI_RELU, DLAB_CHAOS_FAST, xr, 1, fast);
  CHECK(dlab_chaos_fixed_point(DLAB_PHI_RELU, DLAB_CHAOS_REFERENCE, xr, 1, fp) == 0, "%s", dlab_last_error());
  CHECK(fast[0] > 1e15 && isfinite(fast[0]), "relu q* %g", fast[0]);
  CHECK_NEAR(fp[0], fast[0], 1e-12 * fast[0], "relu reference q*");
  CHECK_NEAR(fp[1], fast[1], 1e-12, "relu reference chi1");

  /* sw is bounded below by DLAB_CHAOS_MIN_SW (sw^2, chi1^2 underflowed: 0 * Inf, 0/0). */
  CHECK(dlab_chaos_length_map(DLAB_PHI_RELU, 0, 1e-300, 0.2, 0.98, o) == DLAB_EINVAL && mentions("sw must be in [0.001, 10]"),
        "%s", dlab_last_error());
  CHECK(dlab_chaos_curvature(DLAB_PHI_LINEAR, 5e-324, 5e-324, 5e-324, 5, o) == DLAB_EINVAL && mentions("sw"), "%s", dlab_last_error());
  CHECK(dlab_chaos_phase_rows(1, 1e-4, 1, 0, 1, 10, 10, 0, 1, o, o, o, o, o, o) == DLAB_EINVAL &&
        mentions("swMin must be in [0.001, 10]"), "%s", dlab_last_error());
  CHECK(!sim_new(1, 9e-4, 0, 1, 10, 16, 2, 1) && mentions("sw"), "%s", dlab_last_error());
  CHECK(dlab_chaos_length_map(DLAB_PHI_RELU, 0, DLAB_CHAOS_MIN_SW, 0.2, 0.98, o) == 0 && o[2] == INFINITY,
        "relu chi2 at the smallest sw: %g", o[2]);
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++) {
    double cv[3 * 40];
    CHECK(dlab_chaos_curvature(phi, DLAB_CHAOS_MIN_SW, 0, 5e-324, 40, cv) == 0, "%s", dlab_last_error());
    for (int k = 0; k < 3 * 40; k++)
      CHECK(!isnan(cv[k]) || (phi == DLAB_PHI_RELU && k % 3 == 2 && k > 2), "%s curvature[%d] NaN", NAMES[phi], k);
    /* sb = 0 and q so small that sw^2 E[phi^2] underflows: c' and its slope are the q -> 0 limits. */
    for (int m = 0; m < 3; m++) {
      if (m == DLAB_CHAOS_TRAPEZOID && phi == DLAB_PHI_RELU) continue;
      if (m == DLAB_CHAOS_REFERENCE && phi != DLAB_PHI_LINEAR) continue;   /* nested 2-D: slow */
      CHECK(dlab_chaos_corr_map(phi, m, DLAB_CHAOS_MIN_SW, 0, 5e-324, 1e-300, 0.3, o) == 0, "%s", dlab_last_error());
      double want = phi == DLAB_PHI_RELU ? (sqrt(1 - 0.09) + (3.14159265358979323846 - acos(0.3)) * 0.3) / 3.14159265358979323846 : 0.3;
      CHECK_NEAR(o[3], want, 1e-15, "c' at vanishing q, sb = 0");
      CHECK(!isnan(o[4]), "%s slope NaN", NAMES[phi]);
    }
  }

  /* erf's phi''(h) = -(pi h / 2) e^(-pi h^2 / 4) was Infinity * 0 for |h| > ~1e308. */
  double ph[3];
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++)
    for (int sgn = -1; sgn <= 1; sgn += 2) {
      CHECK(dlab_chaos_phi(phi, sgn * DBL_MAX, ph) == 0, "%s", dlab_last_error());
      CHECK(isfinite(ph[0]) && isfinite(ph[1]) && isfinite(ph[2]), "%s at %g: %g %g %g", NAMES[phi], sgn * DBL_MAX, ph[0], ph[1], ph[2]);
    }
  dlab_chaos_phi(DLAB_PHI_ERF, -DBL_MAX, ph);
  CHECK(ph[0] == -1 && ph[1] == 0 && ph[2] == 0, "erf at -DBL_MAX: %g %g %g", ph[0], ph[1], ph[2]);

  /* ReLU at width 2: a point whose preactivations are all negative has v = 0 (no
   * curvature): it is left out of the mean instead of making columns 4 and 6 NaN. */
  double meas[2 * DLAB_CHAOS_SIM_NMEAS], proj[2 * 16 * 3];
  int done;
  dlab_chaos_sim *s = sim_new(2, 1.1764705882352942, 0.011764705882352941, 0.023529411764705882, 2, 16, 2, 1);
  CHECK(s != 0, "%s", dlab_last_error());
  dlab_chaos_sim_step(s, 2, &done);
  dlab_chaos_sim_read(s, meas, proj);
  dlab_chaos_sim_free(s);
  for (int k = 0; k < 2 * DLAB_CHAOS_SIM_NMEAS; k++) CHECK(!isnan(meas[k]), "relu width 2: meas[%d] NaN", k);
  for (int k = 0; k < 2 * 16 * 3; k++) CHECK(!isnan(proj[k]), "relu width 2: proj[%d] NaN", k);
  /* The smallest sw at sb = 0: q underflows to 0 within ~60 layers, kappa^2 = 0 and
   * proj = 0 by convention (chaos.h). The points themselves stay off the origin (|h| ~ 1e-3
   * per layer): their cosines come from the points scaled by a power of two (they were 1,
   * "collapsed", once H H^T underflowed). For odd phi h(theta + pi) = -h(theta) at sb = 0,
   * so the quarter-turn cosines cancel in pairs: c = 0 at every layer. ReLU's points reach
   * the origin itself (every preactivation negative): c = 1. */
  static double m2[100 * DLAB_CHAOS_SIM_NMEAS], p2[100 * 16 * 3];
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++) {
    s = sim_new(phi, DLAB_CHAOS_MIN_SW, 0, 1, 4, 16, 100, 3);
    dlab_chaos_sim_step(s, 100, &done);
    dlab_chaos_sim_read(s, m2, p2);
    dlab_chaos_sim_free(s);
    for (int k = 0; k < 100 * DLAB_CHAOS_SIM_NMEAS; k++) CHECK(!isnan(m2[k]), "%s, tiny sw: meas[%d] NaN", NAMES[phi], k);
    for (int k = 0; k < 100 * 16 * 3; k++) CHECK(!isnan(p2[k]), "%s, tiny sw: proj[%d] NaN", NAMES[phi], k);
    const double *last = m2 + 99 * DLAB_CHAOS_SIM_NMEAS;
    CHECK(last[0] == 0 && last[4] == 0 && last[6] == 0, "%s collapsed: q %g kappa2 %g LG %g", NAMES[phi], last[0],
          last[4], last[6]);
    for (int l = 0; l < 100; l++) {
      double c = m2[l * DLAB_CHAOS_SIM_NMEAS + 1];
      CHECK(phi == DLAB_PHI_RELU ? l < 99 || c == 1 : fabs(c) <= 1e-12, "%s, tiny sw: c at layer %d = %g", NAMES[phi], l + 1, c);
    }
  }

  /* erf at sw = 0.0118, sb = 0 (fuzz_chaos): once the lengths left the normal range,
   * c' = q12' / sqrt(q11' q22') lost its digits (-1.0000000000000002 at layer 43; a
   * correlation outside [-1, 1] makes the next arc-cosine kernel NaN) or became 0/r = 0
   * (sqrt(q11 q22) underflowed). At sb = 0 sw^2 cancels from the ratio, and as q -> 0 the
   * map of linear, tanh and erf is the identity (chaos.h): c stays where it was, up to
   * O(q) and the few digits of subnormal lengths. Every map stays inside [-1, 1]. */
  /* A circle of length q1 = 5e-324 (fuzz_chaos): its Gram matrix H H^T underflowed and
   * the mean cosines came out above 1. Layer 1 is the circle, c(k) = cos(2 pi k / M), and
   * its centred points span a plane: top-2 variance fraction 1, participation ratio 2. */
  double ac[9], m1[DLAB_CHAOS_SIM_NMEAS];
  s = sim_new(DLAB_PHI_TANH, 0.55294117647058827, 0.8784313725490196, 4.9406564584124654e-324, 6, 16, 1, 153);
  CHECK(s != 0, "%s", dlab_last_error());
  dlab_chaos_sim_step(s, 1, &done);
  dlab_chaos_sim_read(s, m1, 0);
  dlab_chaos_sim_read_autocorr(s, ac);
  dlab_chaos_sim_free(s);
  for (int k = 0; k < 9; k++) CHECK_NEAR(ac[k], cos(2 * 3.14159265358979323846 * k / 16), 1e-12, "autocorrelation of a tiny circle");
  CHECK_NEAR(m1[DLAB_CHAOS_SIM_TOP2], 1, 1e-12, "top-2 variance of a tiny circle");
  CHECK_NEAR(m1[DLAB_CHAOS_SIM_PARTICIPATION], 2, 1e-12, "participation ratio of a tiny circle");

  /* tanh's fast moments took 1 - 2 / (e^(2 s z) + 1) for tanh(s z): it cancels for small
   * s z (E[tanh^2] was off by 1e-6 at q = 1e-20 and 0 below 1e-32). Against the series
   * E[tanh^2(sqrt(q) z)] = q - 2 q^2 + (17/3) q^3 - ... (its next term is ~20 q^4). */
  for (double q = 1e-9; q > 1e-305; q *= 1e-7) {
    double want = q - 2 * q * q + 17.0 / 3 * q * q * q;
    CHECK(dlab_chaos_length_map(DLAB_PHI_TANH, DLAB_CHAOS_FAST, 1, 0, q, o) == 0, "%s", dlab_last_error());
    CHECK_NEAR(o[0], want, 1e-14 * want, "tanh V(q) at small q");
  }
  /* tanh at sw = 1.25 and a tiny sb > 0 (fuzz_chaos): the 2-D rule's rounding of
   * E[phi(u1) phi(u2)] at c = 0 (~1e-16 below 0) sent Newton to c* = -1.05e-15, outside
   * [0, 1); c* ~ sb^2 / (q* (1 - slope)) is ~0 there. */
  for (double sb = 1e-5; sb > 1e-200; sb *= 1e-7)
    for (int m = 0; m < 3; m += 2) {
      CHECK(dlab_chaos_fixed_point(DLAB_PHI_TANH, m, 1.25, sb, fp) == 0, "%s", dlab_last_error());
      CHECK(fp[3] >= 0 && fp[3] < 1e-7, "tanh c* at sb %g, method %d: %.17g", sb, m, fp[3]);
    }
  /* ReLU (and linear) at q1 = 5e-324, sb > 0 (fuzz_chaos): sb^2 / q1 overflowed and the
   * iterated map gave Infinity / Infinity = NaN; only the bias is left there: c = 1. */
  const double tiny[2] = { 4.9406564584124654e-324, -0.5 };
  for (int phi = 0; phi <= DLAB_PHI_RELU; phi += DLAB_PHI_RELU) {
    double ci[3 * 2];
    CHECK(dlab_chaos_corr_iterate(phi, 1.7294117647058822, 0.12941176470588237, 4.9406564584124654e-324, 3, 2, tiny, ci) == 0,
          "%s", dlab_last_error());
    CHECK(ci[2] == 1 && ci[3] == 1 && ci[4] == 1 && ci[5] == 1, "%s at q1 = 5e-324: %g %g %g %g", NAMES[phi], ci[2], ci[3],
          ci[4], ci[5]);
  }
  static double it[64 * 5];
  const double c1[5] = { -1, -1, -0.19999999999999996, 0.99999999999999989, 1 };
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++)
    for (double sw = 0.011764705882352941; sw < 3; sw *= 3) {
      CHECK(dlab_chaos_corr_iterate(phi, sw, 0, 0.011764705882352941, 64, 5, c1, it) == 0, "%s", dlab_last_error());
      for (int k = 0; k < 64 * 5; k++)
        CHECK(it[k] >= -1 && it[k] <= 1, "%s, sw %g: c at layer %d, start %d = %.17g", NAMES[phi], sw, k / 5 + 1, k % 5, it[k]);
      if (sw < 0.05 && phi != DLAB_PHI_RELU)   /* q^l <= q1 (sw^2)^(l-1) < 1e-12 from layer 5 on */
        for (int k = 5 * 5; k < 64 * 5; k++)
          CHECK(fabs(it[k] - it[k % 5 + 4 * 5]) <= 1e-3, "%s, sw %g: c at layer %d, start %d = %.17g left %.17g",
                NAMES[phi], sw, k / 5 + 1, k % 5, it[k], it[k % 5 + 4 * 5]);
      for (double c = -1; c <= 1; c += 0.125) {
        CHECK(dlab_chaos_corr_map(phi, DLAB_CHAOS_FAST, sw, 0, 0.011764705882352941, 0.011764705882352941, c, o) == 0,
              "%s", dlab_last_error());
        CHECK(o[3] >= -1 && o[3] <= 1, "%s, sw %g: c' at c = %g is %.17g", NAMES[phi], sw, c, o[3]);
      }
    }
}

static void run(void) {
  test_derivatives();
  test_length_map_quadrature();
  test_corr_map_quadrature();
  test_fixed_points();
  test_critical();
  test_curvature();
  test_phase_rows();
  test_simulation();
  test_invalid();
  test_fuzz_regressions();
}

TEST_MAIN()
