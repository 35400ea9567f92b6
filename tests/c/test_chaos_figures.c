/* The transient-chaos results behind Poole et al. 2016's figures: the decision boundary's
 * exact derivatives and curvatures (Fig. 4G), the c-map iterated at every offset (Fig. 3),
 * the iterations to converge (Fig. 1D), the simulation's autocorrelation and its
 * one-hidden-layer comparison (Theorem 1). Statistics against theory are in
 * tests/js/chaos-figures.test.mjs (through the wasm build). */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/chaos.h"
#include "depthlab/status.h"

#define TWO_PI 6.28318530717958647692528676656

static int mentions(const char *word) { return strstr(dlab_last_error(), word) != 0; }

/* The handle, or NULL on failure (the sentence in dlab_last_error). */
static dlab_chaos_boundary *boundary_new(int phi, double sw, double sb, double q1, int width, int layers, int points,
                                         double seed) {
  dlab_chaos_boundary *b = NULL;
  int st = dlab_chaos_boundary_create(phi, sw, sb, q1, width, layers, points, seed, &b);
  CHECK((st == 0) == (b != NULL), "status %d with handle %p", st, (void *)b);
  return b;
}

/* A reproducible point: entries spread over a few units (tanh neither linear nor flat). */
static void some_point(double *h, int n, double scale, unsigned seed) {
  for (int i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    h[i] = scale * (((seed >> 8) & 0xffff) / 32768.0 - 1);
  }
}

/* Central differences of the exact gradient against the exact Hessian (and of G against the
 * gradient), at every layer. Tolerance from the differences themselves: the central
 * difference at step e has error ~ c e^2 (third derivative) + u |g| / e (rounding); the
 * change between steps e and e/2 is 3/4 of the truncation at e, so twice it bounds the
 * truncation at e/2, plus the rounding term. */
static void test_boundary_derivatives(void) {
  enum { N = 12, L = 4 };
  static double h[N], g[N], H[N * N], gp[N], gm[N], gp2[N], gm2[N];
  for (int phi = DLAB_PHI_TANH; phi <= DLAB_PHI_ERF; phi += DLAB_PHI_ERF - DLAB_PHI_TANH) {
    dlab_chaos_boundary *b = boundary_new(phi, 2.5, 0.3, 4, N, L, 1, 11);
    CHECK(b != 0, "%s", dlab_last_error());
    for (int layer = 1; layer <= L; layer++) {
      double G, Gp, Gm, Hmax = 0, worst = 0, worst_g = 0;
      some_point(h, N, 2.0, 7u * layer);
      CHECK(dlab_chaos_boundary_derivs(b, layer, h, &G, g, H) == 0, "%s", dlab_last_error());
      for (int i = 0; i < N * N; i++) Hmax = fmax(Hmax, fabs(H[i]));
      for (int j = 0; j < N; j++) {
        double e = 1e-4, hj = h[j], d1[2] = { 0, 0 }, gd[2];
        for (int r = 0; r < 2; r++, e /= 2) {
          h[j] = hj + e; dlab_chaos_boundary_derivs(b, layer, h, &Gp, r ? gp2 : gp, 0);
          h[j] = hj - e; dlab_chaos_boundary_derivs(b, layer, h, &Gm, r ? gm2 : gm, 0);
          gd[r] = (Gp - Gm) / (2 * e);
          d1[r] = e;
        }
        h[j] = hj;
        double gtol = 2 * fabs(gd[0] - gd[1]) + 64 * DBL_EPSILON * (1 + fabs(G)) / d1[1];
        worst_g = fmax(worst_g, fabs(gd[1] - g[j]) / gtol);
        for (int i = 0; i < N; i++) {
          double f0 = (gp[i] - gm[i]) / (2 * d1[0]), f1 = (gp2[i] - gm2[i]) / (2 * d1[1]);
          double tol = 2 * fabs(f0 - f1) + 64 * DBL_EPSILON * (1 + Hmax) / d1[1];
          worst = fmax(worst, fabs(f1 - H[i * N + j]) / tol);
        }
      }
      CHECK(worst <= 1 && worst_g <= 1, "phi %d layer %d: Hessian off by %g x tol, gradient by %g x tol", phi, layer,
            worst, worst_g);
      for (int i = 0; i < N; i++)
        for (int j = 0; j < i; j++) CHECK(H[i * N + j] == H[j * N + i], "Hessian symmetric (%d, %d)", i, j);
    }
    dlab_chaos_boundary_free(b);
  }
}

/* Points are on the boundary (|G| at the Newton tolerance) and the curvatures come in
 * ascending order; a linear or ReLU network's boundary is flat: every curvature exactly 0. */
static void test_boundary_points(void) {
  enum { N = 16, L = 5, P = 3 };
  static double kappa[P * L * (N - 1)], info[P * DLAB_CHAOS_BOUNDARY_NINFO], k2[P * L * (N - 1)];
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++) {
    double sw = phi == DLAB_PHI_LINEAR ? 0.9 : 2.0;
    dlab_chaos_boundary *b = boundary_new(phi, sw, 0.3, 1.5, N, L, P, 5);
    int done = 0;
    CHECK(dlab_chaos_boundary_step(b, 1, &done) == 0 && done == 1, "phi %d: %s", phi, dlab_last_error());
    CHECK(dlab_chaos_boundary_step(b, 10, &done) == 0 && done == P, "phi %d stops at P, done %d", phi, done);
    CHECK(dlab_chaos_boundary_read(b, kappa, info) == 0, "%s", dlab_last_error());
    dlab_chaos_boundary_free(b);
    for (int p = 0; p < P; p++) {
      const double *in = info + p * DLAB_CHAOS_BOUNDARY_NINFO;
      CHECK(in[2] <= 1e-12 * sqrt((double)N) && in[1] >= 1 && in[3] > 0, "phi %d point %d: |G| %g after %g steps",
            phi, p, in[2], in[0]);
      for (int l = 0; l < L; l++) {
        const double *k = kappa + (p * L + l) * (N - 1);
        for (int i = 1; i < N - 1; i++) CHECK(k[i - 1] <= k[i], "ascending");
        if (phi == DLAB_PHI_LINEAR || phi == DLAB_PHI_RELU)
          for (int i = 0; i < N - 1; i++) CHECK(k[i] == 0, "phi %d: flat boundary, kappa %g", phi, k[i]);
      }
    }
  }
  /* One layer: the readout sits on the input (no weight matrices at all). */
  dlab_chaos_boundary *one = boundary_new(DLAB_PHI_TANH, 2, 0.3, 1, 8, 1, 1, 2);
  int d1 = 0;
  CHECK(one && dlab_chaos_boundary_step(one, 1, &d1) == 0 && d1 == 1, "one layer: %s", dlab_last_error());
  dlab_chaos_boundary_free(one);
  /* Same seed, same bits. */
  dlab_chaos_boundary *a = boundary_new(DLAB_PHI_TANH, 3, 0.3, 2, N, L, P, 9);
  dlab_chaos_boundary *c = boundary_new(DLAB_PHI_TANH, 3, 0.3, 2, N, L, P, 9);
  int done;
  dlab_chaos_boundary_step(a, P, &done);
  dlab_chaos_boundary_step(c, 1, &done);
  dlab_chaos_boundary_step(c, 2, &done);
  dlab_chaos_boundary_read(a, kappa, 0);
  dlab_chaos_boundary_read(c, k2, 0);
  CHECK(memcmp(kappa, k2, sizeof kappa) == 0, "deterministic in chunks");
  dlab_chaos_boundary_free(a);
  dlab_chaos_boundary_free(c);
}

/* Width Infinity is the mean-field recursion K^l = chi1 K^(l+1) + chi2/chi1 built here from
 * the length map; the 1/N terms only add (rho = E[phi'^4]/E[phi'^2]^2 >= 1). */
static void test_boundary_theory(void) {
  enum { L = 12 };
  double wide[L], narrow[L], q[L], lm[4];
  for (int phi = DLAB_PHI_TANH; phi <= DLAB_PHI_ERF; phi += DLAB_PHI_ERF - DLAB_PHI_TANH) {
    for (double sw = 1.3; sw < 5; sw += 1.35) {
      CHECK(dlab_chaos_boundary_theory(phi, sw, 0.3, 2.0, INFINITY, L, wide) == 0, "%s", dlab_last_error());
      dlab_chaos_boundary_theory(phi, sw, 0.3, 2.0, 100, L, narrow);
      q[0] = 2.0;
      for (int l = 1; l < L; l++) { dlab_chaos_length_map(phi, 0, sw, 0.3, q[l - 1], lm); q[l] = lm[0]; }
      double K = 0;
      for (int l = L - 1; l >= 0; l--) {
        dlab_chaos_length_map(phi, 0, sw, 0.3, q[l], lm);
        K = lm[1] * K + lm[2] / lm[1];
        CHECK_NEAR(wide[l], K, 1e-13 * K, "mean-field recursion");
        CHECK(narrow[l] >= wide[l] * (1 - 1e-15), "finite width adds: %g < %g", narrow[l], wide[l]);
      }
      CHECK(narrow[L - 1] == wide[L - 1], "top layer has no 1/N term");
    }
  }
  for (int phi = DLAB_PHI_LINEAR; phi <= DLAB_PHI_RELU; phi += DLAB_PHI_RELU) {
    dlab_chaos_boundary_theory(phi, 1.2, 0.3, 2.0, 50, L, wide);
    for (int l = 0; l < L; l++) CHECK(wide[l] == 0, "phi %d: flat", phi);
  }
  /* Bug (make fuzz): erf at sw = 4 over 1000 layers in the mean-field limit gave NaN: the
   * 1/N cross terms were 0 x an overflowed f. The sum of squares now overflows to +Infinity. */
  static double deep[DLAB_CHAOS_MAX_LAYERS];
  CHECK(dlab_chaos_boundary_theory(DLAB_PHI_ERF, 4, 0.78823529411764703, 0.9882352941176471, INFINITY, 1000, deep) == 0, "%s", dlab_last_error());
  for (int l = 0; l < 1000; l++) CHECK(deep[l] >= 0, "layer %d: %g", l + 1, deep[l]);
  CHECK(deep[0] == INFINITY && isfinite(deep[999]), "first %g, last %g", deep[0], deep[999]);
}

static void test_boundary_invalid(void) {
  double h[4] = { 0, 1, NAN, 2 }, G;
  CHECK(!boundary_new(1, 2, 0.3, 1, 1, 3, 2, 1) && mentions("width"), "%s", dlab_last_error());
  CHECK(!boundary_new(1, 2, 0.3, 1, 4, 0, 2, 1) && mentions("layers"), "%s", dlab_last_error());
  CHECK(!boundary_new(1, 2, 0.3, 1, 4, 3, 65, 1) && mentions("points"), "%s", dlab_last_error());
  CHECK(!boundary_new(1, 2, 0.3, 0, 4, 3, 2, 1) && mentions("q1"), "%s", dlab_last_error());
  CHECK(!boundary_new(1, 2, 0.3, 1, 4, 3, 2, 0.5) && mentions("seed"), "%s", dlab_last_error());
  CHECK(!boundary_new(1, 20, 0.3, 1, 4, 3, 2, 1) && mentions("sw"), "%s", dlab_last_error());
  dlab_chaos_boundary *b = boundary_new(1, 2, 0.3, 1, 4, 3, 2, 1);
  CHECK(dlab_chaos_boundary_derivs(b, 4, h, &G, 0, 0) && mentions("layer"), "%s", dlab_last_error());
  CHECK(dlab_chaos_boundary_derivs(b, 1, h, &G, 0, 0) && mentions("h[2]"), "%s", dlab_last_error());
  CHECK(dlab_chaos_boundary_step(b, 0, 0) && mentions("n"), "%s", dlab_last_error());
  CHECK(dlab_chaos_boundary_step(0, 1, 0) && mentions("boundary"), "%s", dlab_last_error());
  CHECK(dlab_chaos_boundary_theory(1, 2, 0.3, 1, 1, 3, h) && mentions("width"), "%s", dlab_last_error());
  dlab_chaos_boundary_free(b);
  dlab_chaos_boundary_free(0);
  /* A linear network at h = -DBL_MAX (fuzz_chaos): the forward pass overflowed and G came
   * back NaN with status 0. An overflowing G is refused; a bounded phi takes any finite h. */
  double far[8] = { -3, 2.9294117647058826, -0.035294117647058698, -1.4941176470588236, DBL_MIN, -3, -DBL_MAX,
                    -0.62352941176470589 }, grad[8];
  for (int phi = 0; phi < 4; phi++) {
    b = boundary_new(phi, 2.9058823529411764, 0.46666666666666667, 1.0117647058823529, 8, 3, 3, 119);
    if (phi == 2) far[6] = DBL_MAX;   /* ReLU passes the positive side on */
    int st = dlab_chaos_boundary_derivs(b, 1, far, &G, grad, 0);
    if (phi == 0 || phi == 2)
      CHECK(st == DLAB_EDIVERGED && mentions("G at this h"), "phi %d: %d %s (G %g)", phi, st, dlab_last_error(), G);
    else
      CHECK(st == 0 && isfinite(G), "phi %d: %d %s (G %g)", phi, st, dlab_last_error(), G);
    dlab_chaos_boundary_free(b);
  }
}

/* The iterated c-map against dlab_chaos_corr_map applied layer by layer at q^l. Closed forms
 * (erf, ReLU, linear) are the same arithmetic: equal to rounding. tanh: the series' tail
 * bound (1e-12 per step) and the 2-D trapezoid rule (1e-11, chaos.h) can differ by 2e-11
 * per layer, carried on by the map's slope (<= chi1 < 2.5 here): 1e-9 over 6 layers. */
static void test_corr_iterate(void) {
  enum { L = 6, M = 64, K = M / 2 + 1 };
  static double c1[K], out[L * K], deep[200 * K];
  for (int k = 0; k < K; k++) c1[k] = cos(TWO_PI * k / M);
  const double sws[] = { 1.3, 2.5, 4.0 };
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++) {
    for (int s = 0; s < 3; s++) {
      double sw = sws[s], sb = 0.3, q = 3.0, cm[5], lm[4];
      CHECK(dlab_chaos_corr_iterate(phi, sw, sb, q, L, K, c1, out) == 0, "%s", dlab_last_error());
      double tol = phi == DLAB_PHI_TANH ? 1e-9 : 1e-13, worst = 0;
      for (int l = 1; l < L; l++) {
        for (int k = 0; k < K; k++) {
          dlab_chaos_corr_map(phi, 0, sw, sb, q, q, out[(l - 1) * K + k], cm);
          worst = fmax(worst, fabs(cm[3] - out[l * K + k]));
        }
        CHECK(out[l * K] == 1, "c = 1 stays 1");
        dlab_chaos_length_map(phi, 0, sw, sb, q, lm);
        q = lm[0];
        if (!(q <= DLAB_CHAOS_MAX_Q)) break;   /* linear, ReLU: past the corr map's range */
      }
      CHECK(worst <= tol, "phi %d sw %g: iterate vs corr map %g", phi, sw, worst);
    }
  }
  /* q -> Infinity (linear, sw > 1): the map's limit, c' = c, without NaN. */
  CHECK(dlab_chaos_corr_iterate(DLAB_PHI_LINEAR, 10, 0.3, 1000, 200, K, c1, deep) == 0, "%s", dlab_last_error());
  for (int k = 0; k < 200 * K; k++) CHECK(!isnan(deep[k]), "no NaN at %d", k);
  CHECK_NEAR(deep[199 * K + 5], deep[198 * K + 5], 1e-15, "the limit map of a linear network is the identity");
  c1[3] = 1.5;
  CHECK(dlab_chaos_corr_iterate(1, 2, 0.3, 1, L, K, c1, out) && mentions("c1[3]"), "%s", dlab_last_error());
  CHECK(dlab_chaos_corr_iterate(1, 2, 0.3, 1, L, 0, c1, out) && mentions("n"), "%s", dlab_last_error());
  CHECK(dlab_chaos_corr_iterate(1, 2, 0.3, 0, L, K, c1, out) && mentions("q1"), "%s", dlab_last_error());
}

/* Steps to the band by direct iteration of dlab_chaos_length_map (same map, same bits). */
static double steps(int phi, double sw, double sb, double qs, double q0, double band, int max_iter) {
  double q = q0, lm[4];
  for (int t = 0; t <= max_iter; t++) {
    if (fabs(q - qs) <= band * qs) return t;
    dlab_chaos_length_map(phi, 0, sw, sb, q, lm);
    q = lm[0];
  }
  return INFINITY;
}

static void test_converge(void) {
  enum { NW = 7, NB = 5, NQ = 4 };
  static double it[NB * NW], qs[NB * NW], it2[NB * NW];
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++) {
    double swmax = phi == DLAB_PHI_LINEAR ? 0.95 : phi == DLAB_PHI_RELU ? 1.35 : 5;
    CHECK(dlab_chaos_converge_rows(phi, 0.3, swmax, 0, 2, NW, NB, 0, NB, 0, 15, NQ, 0.01, 1000, it, qs) == 0, "%s",
          dlab_last_error());
    dlab_chaos_converge_rows(phi, 0.3, swmax, 0, 2, NW, NB, 0, 2, 0, 15, NQ, 0.01, 1000, it2, 0);
    dlab_chaos_converge_rows(phi, 0.3, swmax, 0, 2, NW, NB, 2, NB - 2, 0, 15, NQ, 0.01, 1000, it2, 0);
    CHECK(memcmp(it, it2, sizeof it) == 0, "rows in bands = the whole grid");
    for (int j = 0; j < NB; j++)
      for (int i = 0; i < NW; i++) {
        double sw = 0.3 + (swmax - 0.3) * i / (NW - 1), sb = 2.0 * j / (NB - 1), fp[DLAB_CHAOS_FP_LEN], sum = 0;
        dlab_chaos_fixed_point(phi, 0, sw, sb, fp);
        CHECK_NEAR(qs[j * NW + i], fp[0], 1e-13 * fp[0], "q*");
        for (int k = 0; k < NQ; k++) sum += steps(phi, sw, sb, fp[0], 15.0 * k / (NQ - 1), 0.01, 1000);
        CHECK(it[j * NW + i] == sum / NQ || (isinf(sum) && isinf(it[j * NW + i])), "phi %d cell (%d, %d): %g vs %g", phi, i,
              j, it[j * NW + i], sum / NQ);
      }
  }
  /* Linear: q^t - q* = sw^(2t) (q0 - q*) exactly, so t = ceil(log(band q* / |q0 - q*|) / log sw^2). */
  double one[4], sw = 0.7, sb = 1.0, qstar = sb * sb / (1 - sw * sw);
  dlab_chaos_converge_rows(DLAB_PHI_LINEAR, sw, 0.8, sb, 1.5, 2, 2, 0, 1, 10, 10, 1, 0.01, 1000, one, 0);
  CHECK(one[0] == ceil(log(0.01 * qstar / fabs(10 - qstar)) / log(sw * sw)), "linear: %g steps", one[0]);
  /* q* = 0 (tanh, sw <= 1, sb = 0) and the start q0 = 0 at sb = 0 never reach a relative band;
   * q* infinite (linear, sw >= 1) has no band: NaN. */
  dlab_chaos_converge_rows(DLAB_PHI_TANH, 0.5, 2, 0, 1, 2, 2, 0, 1, 0, 1, 2, 0.1, 200, one, 0);
  CHECK(isinf(one[0]) && isinf(one[1]), "sb = 0: %g %g", one[0], one[1]);
  dlab_chaos_converge_rows(DLAB_PHI_LINEAR, 0.5, 2, 0.5, 1, 2, 2, 0, 1, 0, 1, 2, 0.1, 200, one, 0);
  CHECK(!isnan(one[0]) && isnan(one[1]), "linear beyond sw = 1: %g %g", one[0], one[1]);
  CHECK(dlab_chaos_converge_rows(1, 1, 5, 0, 4, 4, 4, 0, 4, 0, 15, 3, 1.0, 100, it, 0) && mentions("band"), "%s",
        dlab_last_error());
  CHECK(dlab_chaos_converge_rows(1, 1, 5, 0, 4, 4, 4, 0, 4, 5, 1, 3, 0.1, 100, it, 0) && mentions("q0Max"), "%s",
        dlab_last_error());
  CHECK(dlab_chaos_converge_rows(1, 1, 5, 0, 4, 4, 4, 0, 4, 0, 15, 0, 0.1, 100, it, 0) && mentions("nq0"), "%s",
        dlab_last_error());
  CHECK(dlab_chaos_converge_rows(1, 1, 5, 0, 4, 4, 4, 3, 2, 0, 15, 3, 0.1, 100, it, 0) && mentions("nrows"), "%s",
        dlab_last_error());
}

/* Layer 1 is the exact circle: its autocorrelation is cos(2 pi k / M), and columns 1, 2 of
 * meas are the autocorrelation at a quarter and an eighth of a turn. The shallow network's
 * length grows with its width (every unit adds a non-negative squared tangent). */
static void test_sim_autocorr_shallow(void) {
  enum { M = 32, L = 4, K = M / 2 + 1 };
  static double ac[L * K], meas[L * DLAB_CHAOS_SIM_NMEAS], wide[L];
  dlab_chaos_sim *s = NULL;
  CHECK(dlab_chaos_sim_create(DLAB_PHI_TANH, 2.5, 0.3, 2.0, 150, M, L, 3, &s) == 0, "%s", dlab_last_error());
  int done;
  dlab_chaos_sim_step(s, L, &done);
  CHECK(dlab_chaos_sim_read_autocorr(s, ac) == 0 && dlab_chaos_sim_read_shallow(s, wide) == 0, "%s", dlab_last_error());
  dlab_chaos_sim_read(s, meas, 0);
  CHECK(dlab_chaos_sim_read_autocorr(s, 0) && mentions("out"), "%s", dlab_last_error());
  dlab_chaos_sim_free(s);
  for (int k = 0; k < K; k++) CHECK_NEAR(ac[k], cos(TWO_PI * k / M), 1e-12, "layer-1 autocorrelation");
  for (int l = 0; l < L; l++) {
    CHECK(meas[l * DLAB_CHAOS_SIM_NMEAS + 1] == ac[l * K + M / 4], "c4 is the autocorrelation at M/4");
    CHECK(meas[l * DLAB_CHAOS_SIM_NMEAS + 2] == ac[l * K + M / 8], "c8 is the autocorrelation at M/8");
    CHECK(ac[l * K] == 1, "offset 0");
    if (l) CHECK(wide[l] > wide[l - 1], "wider is longer: %g after %g", wide[l], wide[l - 1]);
  }
}

static void run(void) {
  test_boundary_derivatives();
  test_boundary_points();
  test_boundary_theory();
  test_boundary_invalid();
  test_corr_iterate();
  test_converge();
  test_sim_autocorr_shallow();
}

TEST_MAIN()
