/* The one gradient-descent core (src/models/gd_core.h) against closed forms and a
 * naive implementation of its update, and the simulators built on it against each
 * other: pathways with one pathway is dl_sim; every simulator stops on a blow-up of its
 * last step. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/dl_sim.h"
#include "depthlab/pathways.h"
#include "depthlab/chaos.h"
#include "depthlab/perceptual.h"
#include "depthlab/status.h"
#include "linalg/rng_internal.h"
#include "models/gd_core.h"

static int has(const char *needle) { return strstr(dlab_last_error(), needle) != NULL; }

static gd_net make_net(int D, const int *n, int general_s11, uint64_t seed) {
  gd_net net;
  CHECK(gd_alloc(&net, 1, D, n, 0, NULL) == 0, "%s", dlab_last_error());
  dlab_rng r;
  dlab_rng_seed(&r, seed);
  int n0 = n[0], nD = n[D];
  for (int l = 1; l <= D; l++) dlab_rng_fill_normal(&r, net.ch[0].W[l], (size_t)n[l] * n[l - 1], 0.5);
  /* Sigma11 = X^T X / P of random X (general), or its diagonal */
  double X[6 * 8];
  dlab_rng_fill_normal(&r, X, (size_t)6 * n0, 1);
  for (int i = 0; i < n0; i++)
    for (int j = 0; j < n0; j++) {
      double v = 0;
      for (int k = 0; k < 6; k++) v += X[k * n0 + i] * X[k * n0 + j] / 6;
      net.S11[i * n0 + j] = general_s11 || i == j ? v : 0;
    }
  dlab_rng_fill_normal(&r, net.S31, (size_t)nD * n0, 1);
  net.y2 = 50;
  gd_stats_ready(&net, -1);
  gd_start(&net);
  return net;
}

/* W_tot = W^D..W^1 of weights w (n_l x n_(l-1) each), into out (n_D x n_0). */
static void product(int D, const int *n, double *const *w, double *out) {
  double a[64], b[64];
  int n0 = n[0];
  memcpy(a, w[1], sizeof(double) * (size_t)n[1] * n0);
  for (int l = 2; l <= D; l++) {
    for (int i = 0; i < n[l]; i++)
      for (int j = 0; j < n0; j++) {
        double s = 0;
        for (int k = 0; k < n[l - 1]; k++) s += w[l][i * n[l - 1] + k] * a[k * n0 + j];
        b[i * n0 + j] = s;
      }
    memcpy(a, b, sizeof(double) * (size_t)n[l] * n0);
  }
  memcpy(out, a, sizeof(double) * (size_t)n[D] * n0);
}

/* The update as written: W^l += lr (W^D..W^(l+1))^T (S31 - W_tot S11) (W^(l-1)..W^1)^T,
 * every layer from the old weights, products formed directly. */
static void naive_step(int D, const int *n, double **w, const double *S11, const double *S31, double lr) {
  int n0 = n[0], nD = n[D];
  double Wt[64], E[64], grad[9][64];
  product(D, n, w, Wt);
  for (int i = 0; i < nD; i++)
    for (int j = 0; j < n0; j++) {
      double s = 0;
      for (int k = 0; k < n0; k++) s += Wt[i * n0 + k] * S11[k * n0 + j];
      E[i * n0 + j] = S31[i * n0 + j] - s;
    }
  for (int l = 1; l <= D; l++) {
    /* above = (W^D..W^(l+1))^T E (n_l x n_0), below = W^(l-1)..W^1 (n_(l-1) x n_0) */
    double above[64], below[64], t[64];
    memcpy(above, E, sizeof(double) * (size_t)nD * n0);
    for (int k = D; k > l; k--) {
      for (int i = 0; i < n[k - 1]; i++)
        for (int j = 0; j < n0; j++) {
          double s = 0;
          for (int r = 0; r < n[k]; r++) s += w[k][r * n[k - 1] + i] * above[r * n0 + j];
          t[i * n0 + j] = s;
        }
      memcpy(above, t, sizeof(double) * (size_t)n[k - 1] * n0);
    }
    if (l == 1) {
      for (int i = 0; i < n0 * n0; i++) below[i] = i % (n0 + 1) == 0;
    } else {
      product(l - 1, n, w, below);
    }
    for (int i = 0; i < n[l]; i++)
      for (int j = 0; j < n[l - 1]; j++) {
        double s = 0;
        for (int k = 0; k < n0; k++) s += above[i * n0 + k] * below[j * n0 + k];
        grad[l][i * n[l - 1] + j] = s;
      }
  }
  for (int l = 1; l <= D; l++)
    for (int i = 0; i < n[l] * n[l - 1]; i++) w[l][i] += lr * grad[l][i];
}

static double loss_as_defined(int D, const int *n, double *const *w, const double *S11, const double *S31, double y2) {
  int n0 = n[0], nD = n[D];
  double Wt[64], cross = 0, quad = 0;
  product(D, n, w, Wt);
  for (int i = 0; i < nD; i++)
    for (int j = 0; j < n0; j++) {
      cross += S31[i * n0 + j] * Wt[i * n0 + j];
      for (int k = 0; k < n0; k++) quad += Wt[i * n0 + j] * S11[j * n0 + k] * Wt[i * n0 + k];
    }
  return 0.5 * y2 - cross + 0.5 * quad;
}

/* The in-place backward pass is the update as written (both Sigma11 forms), and the
 * loss of either head is the definition. Rounding: ~50 steps of O(10) flops per entry
 * on O(1) numbers, so agreement to 1e-12 relative. */
static void test_update_is_the_formula(void) {
  const int n[4] = { 3, 4, 2, 3 };
  for (int general = 0; general <= 1; general++) {
    gd_net net = make_net(3, n, general, 5 + general);
    CHECK(net.s11_diag == !general, "Sigma11 classified %d", net.s11_diag);
    double store[4][64], *w[4];
    for (int l = 1; l <= 3; l++) {
      w[l] = store[l];
      memcpy(w[l], net.ch[0].W[l], sizeof(double) * (size_t)n[l] * n[l - 1]);
    }
    double taken;
    for (int k = 0; k < 50; k++) {
      double loss = gd_forward(&net), want = loss_as_defined(3, n, w, net.S11, net.S31, net.y2);
      CHECK_NEAR(loss, want, 1e-12 * fabs(want), "loss of the head");
      CHECK(gd_run(&net, 1, 0.01, -1, &taken, NULL) == 0 && taken == 1, "%s", dlab_last_error());
      naive_step(3, n, w, net.S11, net.S31, 0.01);
    }
    for (int l = 1; l <= 3; l++)
      for (int i = 0; i < n[l] * n[l - 1]; i++)
        CHECK_NEAR(net.ch[0].W[l][i], w[l][i], 1e-12 * (1 + fabs(w[l][i])), "weights after 50 steps");
    CHECK(net.steps == 50, "steps %lld", (long long)net.steps);
    CHECK_NEAR(net.t, 0.5, 1e-14, "t = sum of lr");
    gd_release(&net);
  }
}

/* Depth 1, Sigma11 = I: W(k) = S31 + (1 - lr)^k (W(0) - S31), the loss 1/2 |W - S31|^2
 * + c0 with c0 = 1/2 (y2 - |S31|^2); the safe form keeps it to relative accuracy even
 * at 1e-20, where 1/2 y2 - tr(S31^T W) + 1/2 |W|^2 would be rounding noise. */
static void test_depth_one_closed_form(void) {
  const int n[2] = { 3, 2 };
  gd_net net;
  gd_alloc(&net, 1, 1, n, 0, NULL);
  double W0[6] = { 0.3, -1, 2, 0.5, 0, 1 }, S31[6] = { 1, 2, 3, -1, 0.5, 0.25 }, s2 = 0;
  for (int i = 0; i < 3; i++) net.S11[i * 3 + i] = 1;
  memcpy(net.S31, S31, sizeof S31);
  memcpy(net.ch[0].W[1], W0, sizeof W0);
  for (int i = 0; i < 6; i++) s2 += S31[i] * S31[i];
  net.y2 = s2 + 0.5;
  gd_stats_ready(&net, -1);
  CHECK_NEAR(net.c0, 0.25, 1e-15, "c0 = 1/2 (y2 - |S31|^2)");
  gd_start(&net);
  double taken, lr = 0.3;
  CHECK(gd_run(&net, 40, lr, -1, &taken, NULL) == 0, "%s", dlab_last_error());
  double f = pow(1 - lr, 40), e2 = 0;
  for (int i = 0; i < 6; i++) {
    double want = S31[i] + f * (W0[i] - S31[i]);
    CHECK_NEAR(net.ch[0].W[1][i], want, 1e-14 * (1 + fabs(want)), "W(k) closed form");
    e2 += (f * (W0[i] - S31[i])) * (f * (W0[i] - S31[i]));
  }
  CHECK_NEAR(gd_forward(&net), 0.5 * e2 + 0.25, 1e-14, "loss closed form");
  /* data with nothing unfitted (c0 = 0), weights 1e-10 from the minimum: the loss, ~1e-20,
   * to relative accuracy (S31 - W is exact there, Sterbenz), where 1/2 y2 - tr(S31^T W)
   * + 1/2 |W|^2 would be rounding noise of y2 ~ 15, i.e. ~1e-15 */
  net.y2 = s2;
  gd_stats_ready(&net, 0);
  double want = 0;
  for (int i = 0; i < 6; i++) {
    net.ch[0].W[1][i] = S31[i] + 1e-10 * (i + 1);
    double d = net.ch[0].W[1][i] - S31[i];
    want += 0.5 * d * d;
  }
  double *w[2] = { NULL, net.ch[0].W[1] };
  double plain = loss_as_defined(1, n, w, net.S11, S31, s2);
  CHECK(fabs(plain - want) > 0.5 * want, "the plain form must lose it here for the test to mean anything: %g vs %g", plain, want);
  CHECK_NEAR(gd_forward(&net), want, 1e-14 * want, "tiny loss to relative accuracy");
  gd_release(&net);
}

/* The estimate at depth 1 is exact: gradient descent on a quadratic blows up above
 * 2 / lambda_max(S11) and converges below it. */
static void test_depth_one_stable_lr(void) {
  const int n[2] = { 3, 1 };
  gd_net net;
  gd_alloc(&net, 1, 1, n, 0, NULL);
  double S11[9] = { 2, 0.5, 0, 0.5, 1, 0.25, 0, 0.25, 0.5 };
  memcpy(net.S11, S11, sizeof S11);
  net.S31[0] = 1; net.S31[1] = -1; net.S31[2] = 0.5;
  net.y2 = 10;
  gd_stats_ready(&net, -1);
  gd_start(&net);
  double est = gd_stable_lr(&net, 1), lam = net.lam11, taken;
  CHECK_NEAR(est, 2 / lam, 1e-6 * est, "2 / lambda_max (power iteration: ~1e-10 after 30 steps here)");
  gd_start(&net);
  CHECK(gd_run(&net, 3000, 0.97 * est, -1, &taken, NULL) == 0, "just below: %s", dlab_last_error());
  gd_start(&net);
  CHECK(gd_run(&net, 3000, 1.03 * est, -1, &taken, NULL) == DLAB_EDIVERGED, "just above must blow up");
  gd_release(&net);
}

/* Pathways with one pathway is dl_sim on the same statistics and start: the same core
 * doing the same operations, so the same numbers to the bit. */
static void test_one_pathway_is_dl_sim(void) {
  enum { K = 3, H = 5, D = 3 };
  const double s[K] = { 3, 2, 1 };
  dlab_pw *pw = NULL;
  CHECK(dlab_pw_create(1, D, H, DLAB_PHI_LINEAR, s, K, 0.8, 9, &pw) == 0, "%s", dlab_last_error());
  double widths[D + 1] = { K, H, H, K }, S11[K * K] = { 0 }, S31[K * K] = { 0 }, y2 = 0;
  for (int a = 0; a < K; a++) {
    S11[a * K + a] = 1;
    S31[a * K + a] = s[a];
    y2 += s[a] * s[a];
  }
  dlab_dls *dl = NULL;
  CHECK(dlab_dls_create(D, widths, &dl) == 0 && dlab_dls_set_stats(dl, S11, S31, y2) == 0, "%s", dlab_last_error());
  /* pathways draws N(0, scale^2 / fan-in) layer by layer from its seed: dl_sim's Gaussian init */
  CHECK(dlab_dls_init(dl, DLAB_DLS_INIT_GAUSSIAN, 0.8, 0, 9) == 0, "%s", dlab_last_error());
  double rp[2 + K], rd[2 + K + D], Wt[K * K];
  for (int round = 0; round < 4; round++) {
    if (round) {
      CHECK(dlab_pw_step(pw, 150, 0.05) == 0, "%s", dlab_last_error());
      CHECK(dlab_dls_step(dl, 150, 0.05) == 0, "%s", dlab_last_error());
    }
    dlab_pw_read(pw, rp);
    dlab_dls_read(dl, 0, rd);
    dlab_dls_get(dl, 2, 0, Wt);
    CHECK(rp[1] == rd[1], "round %d: loss %.17g vs %.17g", round, rp[1], rd[1]);
    for (int a = 0; a < K; a++) CHECK(rp[2 + a] == Wt[a * K + a], "round %d: mode %d strength", round, a);
  }
  CHECK(rp[1] < 1e-3, "and both learn: loss %g", rp[1]);
  dlab_pw_free(pw);
  dlab_dls_free(dl);
}

/* Every simulator checks the weights its last step leaves: one huge step is reported by
 * the call that took it, never returned as a finite-looking success. */
static void test_divergence_on_the_last_step(void) {
  double taken;
  /* dl_sim */
  double widths[4] = { 3, 3, 3, 3 }, s[3] = { 3, 2, 1 };
  dlab_dls *dl;
  dlab_dls_create(3, widths, &dl);
  dlab_dls_set_spectrum(dl, s, 3, 1);
  dlab_dls_init(dl, DLAB_DLS_INIT_ORTHOGONAL, 1, 0, 1);
  CHECK(dlab_dls_step(dl, 1, 100) == DLAB_EDIVERGED && has("at step 1 "), "dl_sim: %s", dlab_last_error());
  CHECK(dlab_dls_step_to(dl, 1, 0.01, 0, &taken) == DLAB_ESTATE, "dl_sim refuses to go on");
  dlab_dls_free(dl);
  /* pathways */
  dlab_pw *pw;
  dlab_pw_create(2, 3, 4, DLAB_PHI_LINEAR, s, 3, 1, 1, &pw);
  CHECK(dlab_pw_step(pw, 1, 100) == DLAB_EDIVERGED && has("at step 1 "), "pathways: %s", dlab_last_error());
  CHECK(dlab_pw_step(pw, 1, 0.01) == DLAB_ESTATE, "pathways refuses to go on");
  dlab_pw_free(pw);
  /* perceptual chain */
  double rel0[2] = { 2, 2 };
  dlab_pl *pl;
  CHECK(dlab_pl_create(40, 15, 10, 1, 1, 3, rel0, 0, 1, &pl) == 0, "%s", dlab_last_error());
  CHECK(dlab_pl_step(pl, 1, 100) == DLAB_EDIVERGED && has("at step 1 "), "perceptual: %s", dlab_last_error());
  CHECK(dlab_pl_step(pl, 1, 0.01) == DLAB_ESTATE, "perceptual refuses to go on");
  dlab_pl_free(pl);
  /* the parallel and serial toy models */
  double info[3] = { 1, 2, 3 }, par[3 * 4], ser[3 * 4];
  CHECK(dlab_pl_topologies(3, info, 1, 0, 100, 1, 1, par, ser) == DLAB_EDIVERGED && has("at step 1 "), "topologies: %s",
        dlab_last_error());
}

/* The sentence names the step, the loss, the estimate, a learning rate to try, and,
 * when the start is what limits the rate, the levers that lift it. */
static void test_divergence_sentence(void) {
  double widths[11], s[3] = { 3, 2, 1 }, est;
  for (int l = 0; l <= 10; l++) widths[l] = 8;
  dlab_dls *h;
  dlab_dls_create(10, widths, &h);
  dlab_dls_set_spectrum(h, s, 3, 1);
  dlab_dls_init(h, DLAB_DLS_INIT_GAUSSIAN, 2, 0, 1);
  dlab_dls_stable_lr(h, &est);
  CHECK(est < 1e-4, "gain 2 at depth 10 allows only a tiny rate: %g", est);
  CHECK(dlab_dls_step(h, 100, 1e-3) == DLAB_EDIVERGED, "%s", dlab_last_error());
  CHECK(has("diverged at step") && has("(loss ") && has("stable maximum of about") && has("try lr <= ") &&
        has("the start limits it: a smaller gain, fewer layers, or an orthogonal or decoupled init would allow up to about"),
        "%s", dlab_last_error());
  /* the estimate the sentence quoted is still there after the divergence */
  double again;
  CHECK(dlab_dls_stable_lr(h, &again) == 0 && again == est, "%g vs %g", again, est);
  dlab_dls_free(h);
}


/* The sample head's one block, X and Y set by the test. */
static int fixed_block(gd_net *net, void *ctx, int k) {
  (void)net; (void)ctx; (void)k;
  return 1;
}

/* Two chains summed, every phi linear: the sample head on the inputs e_a with targets
 * s_a e_a is the statistics head with Sigma11 = I, Sigma31 = diag(s) (the same loss and
 * the same gradient; multiplying by X = I is exact), step for step. */
static void test_sample_head_chains_are_the_statistics_head(void) {
  enum { P = 2, D = 3, K = 3 };
  int n[D + 1] = { K, 5, 4, K }, phis[D + 1] = { 0 };
  const double s[K] = { 3, 2, 1 };
  gd_net a, b;
  CHECK(gd_alloc(&a, P, D, n, 0, NULL) == 0, "%s", dlab_last_error());
  CHECK(gd_alloc_samples(&b, GD_HEAD_SQUARED, P, D, n, phis, 0, K, 0, NULL) == 0, "%s", dlab_last_error());
  dlab_rng r;
  dlab_rng_seed(&r, 11);
  for (int p = 0; p < P; p++)
    for (int l = 1; l <= D; l++) {
      size_t len = (size_t)n[l] * n[l - 1];
      dlab_rng_fill_normal(&r, a.ch[p].W[l], len, 0.4);
      memcpy(b.ch[p].W[l], a.ch[p].W[l], sizeof(double) * len);
    }
  for (int i = 0; i < K; i++) {
    a.S11[i * K + i] = 1;
    a.S31[i * K + i] = s[i];
    a.y2 += s[i] * s[i];
    b.X[i * K + i] = 1;
    b.Y[i * K + i] = s[i];
  }
  b.load = fixed_block;
  gd_stats_ready(&a, 0);
  double la = gd_start(&a), lb = gd_start(&b), taken;
  CHECK(fabs(la - lb) <= 1e-12 * la, "start loss: statistics %.17g, samples %.17g", la, lb);
  static const gd_advice adv = { "x", "y" };
  CHECK(gd_run(&a, 300, 0.05, -1, &taken, &adv) == 0 && gd_run(&b, 300, 0.05, -1, &taken, &adv) == 0, "%s", dlab_last_error());
  double worst = 0;
  for (int p = 0; p < P; p++)
    for (int l = 1; l <= D; l++)
      for (int k = 0; k < n[l] * n[l - 1]; k++) worst = fmax(worst, fabs(a.ch[p].W[l][k] - b.ch[p].W[l][k]));
  CHECK(worst <= 1e-12, "after 300 steps the weights differ by %.3g", worst);
  gd_release(&a);
  gd_release(&b);
}

/* The gradient of two tanh chains summed, against central differences of the loss.
 * Truncation h^2 |L'''|/6 with h = 1e-5 and O(1) derivatives is ~1e-11; rounding
 * eps |L| / h ~ 1e-11: 1e-8 relative to the largest entry leaves a wide margin. */
static void test_sample_head_chains_gradient(void) {
  enum { P = 2, D = 3, K = 3 };
  int n[D + 1] = { K, 4, 5, K }, phis[D + 1] = { 0, DLAB_PHI_TANH, DLAB_PHI_TANH, 0 };
  gd_net net;
  CHECK(gd_alloc_samples(&net, GD_HEAD_SQUARED, P, D, n, phis, 0, K, 0, NULL) == 0, "%s", dlab_last_error());
  dlab_rng r;
  dlab_rng_seed(&r, 5);
  for (int p = 0; p < P; p++)
    for (int l = 1; l <= D; l++) dlab_rng_fill_normal(&r, net.ch[p].W[l], (size_t)n[l] * n[l - 1], 0.8);
  for (int i = 0; i < K; i++) {
    net.X[i * K + i] = 1;
    net.Y[i * K + i] = 3 - i;
  }
  net.load = fixed_block;
  gd_batch_loss(&net, 1);   /* dW = -dL/dW */
  double worst = 0, top = 0, h = 1e-5;
  for (int p = 0; p < P; p++)
    for (int l = 1; l <= D; l++)
      for (int k = 0; k < n[l] * n[l - 1]; k++) {
        double *w = &net.ch[p].W[l][k], w0 = *w;
        *w = w0 + h;
        double up = gd_batch_loss(&net, 0);
        *w = w0 - h;
        double down = gd_batch_loss(&net, 0);
        *w = w0;
        double fd = (up - down) / (2 * h);
        worst = fmax(worst, fabs(fd + net.ch[p].dW[l][k]));
        top = fmax(top, fabs(fd));
      }
  CHECK(top > 1e-3 && worst <= 1e-8 * top, "largest gradient entry %.3g, worst difference %.3g", top, worst);
  gd_release(&net);
}

static void run(void) {
  test_update_is_the_formula();
  test_depth_one_closed_form();
  test_depth_one_stable_lr();
  test_one_pathway_is_dl_sim();
  test_divergence_on_the_last_step();
  test_divergence_sentence();
  test_sample_head_chains_are_the_statistics_head();
  test_sample_head_chains_gradient();
}

TEST_MAIN()
