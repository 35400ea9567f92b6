/* The sample head of the gradient-descent core through nonlinear.h: the exact gradient
 * against central differences, a batch summed over several blocks against one block,
 * full-batch linear training against dl_sim.h, bit-identical resume, refusals. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "depthlab/chaos.h"
#include "depthlab/dl_sim.h"
#include "depthlab/nonlinear.h"
#include "depthlab/status.h"
#include "linalg/rng_internal.h"

static int has(const char *needle) { return strstr(dlab_last_error(), needle) != NULL; }

enum { N0 = 5, ND = 3, ROWS = 40 };
static double X[2100 * N0], LAB[2100], Y[2100 * ND];

static void make_data(long rows) {
  dlab_rng r;
  dlab_rng_seed(&r, 7);
  dlab_rng_fill_normal(&r, X, (size_t)rows * N0, 1);
  dlab_rng_fill_normal(&r, Y, (size_t)rows * ND, 1);
  for (long i = 0; i < rows; i++) LAB[i] = (double)(dlab_rng_u64(&r) % ND);
}

static dlab_nl *make(int phi, int loss, int biases, double batch, long rows, int kind, double seed) {
  double widths[] = { N0, 6, 4, ND };
  dlab_nl *h = NULL;
  int st = dlab_nl_create(3, widths, phi, loss, biases, batch, X, loss == DLAB_NL_SOFTMAX ? LAB : NULL,
                          loss == DLAB_NL_SOFTMAX ? NULL : Y, (double)rows, NULL, NULL, NULL, 0, &h);
  CHECK(st == 0, "create: %s", dlab_last_error());
  if (st) return NULL;
  st = dlab_nl_init(h, kind, 1.3, 0.4, seed);
  CHECK(st == 0, "init: %s", dlab_last_error());
  return h;
}

/* Central differences of step e: error ~ e^2 / 6 |L'''| + 2 eps |L| / e; at e = 1e-5 and
 * O(1) derivatives both are below 1e-9: tolerance 1e-7. (ReLU: a difference straddling a
 * kink would fail; a pre-activation within 1e-5 of 0 has probability ~1e-5 per unit and
 * sample, and this seed has none.) */
static void gradient_check(int phi, int loss) {
  dlab_nl *h = make(phi, loss, 1, 0, ROWS, DLAB_NL_INIT_GAUSSIAN, 3);
  if (!h) return;
  double info[DLAB_NL_INFO_LEN], L, Lp, Lm, grad[200], p[200];
  dlab_nl_info(h, info);
  int count = (int)info[DLAB_NL_INFO_PARAMS];
  const double *lab = loss == DLAB_NL_SOFTMAX ? LAB : NULL, *y = lab ? NULL : Y;
  CHECK(dlab_nl_gradient(h, X, lab, y, ROWS, &L, grad) == 0, "%s", dlab_last_error());
  dlab_nl_get_params(h, p);
  double worst = 0;
  for (int k = 0; k < count; k++) {
    double keep = p[k], e = 1e-5;
    p[k] = keep + e; dlab_nl_restore(h, p, 0); dlab_nl_gradient(h, X, lab, y, ROWS, &Lp, NULL);
    p[k] = keep - e; dlab_nl_restore(h, p, 0); dlab_nl_gradient(h, X, lab, y, ROWS, &Lm, NULL);
    p[k] = keep;
    double fd = (Lp - Lm) / (2 * e), d = fabs(fd - grad[k]);
    if (d > worst) worst = d;
  }
  CHECK(worst < 1e-7, "phi %d loss %d: largest |finite difference - gradient| %g", phi, loss, worst);
  dlab_nl_free(h);
}

static void blocks_match_one_block(void) {
  make_data(2100);
  /* batch 2100 > DLAB_NL_BLOCK: three blocks summed, against the same rows as 2100 batches
   * would see them in one call of the gradient (also blocked) — so compare the step to
   * the gradient instead: W(1) - W(0) = -lr dL/dW to rounding. */
  double widths[] = { N0, 6, 4, ND };
  dlab_nl *h = NULL;
  CHECK(dlab_nl_create(3, widths, DLAB_PHI_TANH, DLAB_NL_SOFTMAX, 1, 0, X, LAB, NULL, 2100, NULL, NULL, NULL, 0, &h) == 0,
        "%s", dlab_last_error());
  if (!h) return;
  dlab_nl_init(h, DLAB_NL_INIT_ORTHOGONAL, 1.1, 0.1, 5);
  double p0[200], p1[200], g[200], L, info[DLAB_NL_INFO_LEN];
  dlab_nl_info(h, info);
  CHECK(info[DLAB_NL_INFO_EPOCH_STEPS] == 1 && info[DLAB_NL_INFO_BATCH] == 2100, "full batch");
  dlab_nl_get_params(h, p0);
  dlab_nl_gradient(h, X, LAB, NULL, 2100, &L, g);
  CHECK(dlab_nl_step(h, 1, 0.5) == 0, "%s", dlab_last_error());
  dlab_nl_get_params(h, p1);
  double worst = 0;
  for (int k = 0; k < (int)info[DLAB_NL_INFO_PARAMS]; k++) worst = fmax(worst, fabs(p1[k] - p0[k] + 0.5 * g[k]));
  CHECK(worst < 1e-14, "blocked step against the gradient: %g", worst);
  dlab_nl_free(h);
  make_data(ROWS);
}

/* phi linear, no biases, squared loss, full batch: dl_sim's samples run from the same
 * start. The two sum the same products in other orders: agreement to ~1e-13 after 200
 * steps of a contracting flow. */
static void linear_matches_dl_sim(void) {
  double widths[] = { N0, 6, 4, ND };
  dlab_nl *h = NULL;
  CHECK(dlab_nl_create(3, widths, DLAB_PHI_LINEAR, DLAB_NL_SQUARED, 0, 0, X, NULL, Y, ROWS, NULL, NULL, NULL, 0, &h) == 0,
        "%s", dlab_last_error());
  dlab_dls *d = NULL;
  CHECK(dlab_dls_create(3, widths, &d) == 0, "%s", dlab_last_error());
  if (!h || !d) return;
  dlab_nl_init(h, DLAB_NL_INIT_GAUSSIAN, 0.9, 0, 11);
  dlab_dls_set_samples(d, X, Y, ROWS);
  dlab_dls_init(d, DLAB_DLS_INIT_GAUSSIAN, 0.9, 0, 11);
  CHECK(dlab_nl_step(h, 200, 0.05) == 0, "%s", dlab_last_error());
  CHECK(dlab_dls_step(d, 200, 0.05) == 0, "%s", dlab_last_error());
  double p[200], w[64], rec[DLAB_NL_REC_LEN], drec[64];
  dlab_nl_get_params(h, p);
  double worst = 0;
  for (int l = 1, at = 0; l <= 3; l++) {
    int len = (int)(widths[l] * widths[l - 1]);
    dlab_dls_get(d, DLAB_DLS_GET_WEIGHTS, l, w);
    for (int k = 0; k < len; k++) worst = fmax(worst, fabs(p[at + k] - w[k]));
    at += len + (int)widths[l];
  }
  CHECK(worst < 1e-12, "weights after 200 steps differ by %g", worst);
  dlab_nl_read(h, rec);
  dlab_dls_read(d, 0, drec);
  CHECK_NEAR(rec[DLAB_NL_REC_TRAIN_LOSS], drec[DLAB_DLS_REC_LOSS], 1e-12, "loss");
  dlab_nl_free(h);
  dlab_dls_free(d);
}

static void resume_is_bit_identical(void) {
  dlab_nl *a = make(DLAB_PHI_RELU, DLAB_NL_SOFTMAX, 1, 7, ROWS, DLAB_NL_INIT_GAUSSIAN, 9);
  dlab_nl *b = make(DLAB_PHI_RELU, DLAB_NL_SOFTMAX, 1, 7, ROWS, DLAB_NL_INIT_GAUSSIAN, 9);
  if (!a || !b) return;
  double pa[200], pb[200], info[DLAB_NL_INFO_LEN];
  dlab_nl_step(a, 23, 0.1);   /* 6 steps per epoch: stops mid-epoch */
  dlab_nl_step(b, 10, 0.1);
  dlab_nl_get_params(b, pb);
  dlab_nl_free(b);
  b = make(DLAB_PHI_RELU, DLAB_NL_SOFTMAX, 1, 7, ROWS, DLAB_NL_INIT_GAUSSIAN, 9);
  CHECK(dlab_nl_restore(b, pb, 10) == 0, "%s", dlab_last_error());
  dlab_nl_step(b, 13, 0.1);
  dlab_nl_get_params(a, pa);
  dlab_nl_get_params(b, pb);
  dlab_nl_info(a, info);
  CHECK(memcmp(pa, pb, sizeof(double) * (size_t)info[DLAB_NL_INFO_PARAMS]) == 0, "resumed run differs");
  dlab_nl_free(a);
  dlab_nl_free(b);
}

static void refusals(void) {
  double widths[] = { N0, 6, ND }, bad[] = { N0, 0, ND };
  dlab_nl *h = NULL;
  CHECK(dlab_nl_create(2, bad, 1, 1, 1, 0, X, LAB, NULL, ROWS, NULL, NULL, NULL, 0, &h) == DLAB_EINVAL && has("widths[1]"),
        "%s", dlab_last_error());
  double keep = X[7];
  X[7] = NAN;
  CHECK(dlab_nl_create(2, widths, 1, 1, 1, 0, X, LAB, NULL, ROWS, NULL, NULL, NULL, 0, &h) == DLAB_EINVAL && has("X[1][2]"),
        "%s", dlab_last_error());
  X[7] = keep;
  LAB[3] = ND;
  CHECK(dlab_nl_create(2, widths, 1, 1, 1, 0, X, LAB, NULL, ROWS, NULL, NULL, NULL, 0, &h) == DLAB_EINVAL && has("labels[3]"),
        "%s", dlab_last_error());
  LAB[3] = 0;
  CHECK(dlab_nl_create(2, widths, 1, 1, 1, 0, X, NULL, Y, ROWS, NULL, NULL, NULL, 0, &h) == DLAB_EINVAL && has("softmax"),
        "%s", dlab_last_error());
  CHECK(dlab_nl_create(2, widths, 1, 1, 1, 0.5, X, LAB, NULL, ROWS, NULL, NULL, NULL, 0, &h) == DLAB_EINVAL && has("batch"),
        "%s", dlab_last_error());
  CHECK(h == NULL, "no handle after a refusal");
  h = make(DLAB_PHI_TANH, DLAB_NL_SOFTMAX, 1, 8, ROWS, DLAB_NL_INIT_GAUSSIAN, 1);
  if (!h) return;
  CHECK(dlab_nl_step(h, 1, 0) == DLAB_EINVAL && has("lr"), "%s", dlab_last_error());
  CHECK(dlab_nl_step(h, 1, 1e3) == DLAB_EINVAL && has("lr"), "%s", dlab_last_error());
  CHECK(dlab_nl_init(h, 0, -1, 0, 1) == DLAB_EINVAL && has("sw"), "%s", dlab_last_error());
  dlab_nl_free(h);
  /* a blow-up stops the run with the core's sentence, and the handle refuses to go on */
  h = make(DLAB_PHI_RELU, DLAB_NL_SQUARED, 1, 0, ROWS, DLAB_NL_INIT_GAUSSIAN, 1);
  if (!h) return;
  int st = dlab_nl_step(h, 1000, 90);
  CHECK(st == DLAB_EDIVERGED && has("diverged at step") && has("learning rate"), "%d %s", st, dlab_last_error());
  double rec[DLAB_NL_REC_LEN];
  CHECK(dlab_nl_read(h, rec) == DLAB_ESTATE, "read after divergence: %s", dlab_last_error());
  dlab_nl_free(h);
}

static void run(void) {
  make_data(ROWS);
  for (int phi = 0; phi < DLAB_PHI_COUNT; phi++) {
    gradient_check(phi, DLAB_NL_SQUARED);
    gradient_check(phi, DLAB_NL_SOFTMAX);
  }
  blocks_match_one_block();
  linear_matches_dl_sim();
  resume_is_bit_identical();
  refusals();
}

TEST_MAIN()
