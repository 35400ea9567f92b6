/* Multiple deep pathways (pathways.h): learning the spectrum, the exact
 * structure of depth-1 pathways, and error paths. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "depthlab/pathways.h"
#include "depthlab/chaos.h"
#include "depthlab/status.h"

static int has(const char *needle) { return strstr(dlab_last_error(), needle) != NULL; }

static void learns_spectrum(void) {
  double s[3] = {3, 2, 1}, rec[2 + 9];
  for (int depth = 1; depth <= 4; depth++) {
    dlab_pw *h = NULL;
    CHECK(dlab_pw_create(3, depth, 8, DLAB_PHI_LINEAR, s, 3, 0.3, 5, &h) == 0, "create: %s", dlab_last_error());
    if (!h) continue;
    int rs = 0;
    dlab_pw_record_size(h, &rs);
    CHECK(rs == 11, "record size %d", rs);
    CHECK(dlab_pw_step(h, 6000, 0.05) == 0, "depth %d: %s", depth, dlab_last_error());
    dlab_pw_read(h, rec);
    /* At the global minimum the summed strengths equal the singular values and the
     * loss is 0; 6000 steps at lr 0.05 leave it far below 1e-8 for these sizes. */
    CHECK(rec[1] < 1e-8, "depth %d: final loss %g", depth, rec[1]);
    for (int a = 0; a < 3; a++) {
      double sum = rec[2 + 3 * a] + rec[3 + 3 * a] + rec[4 + 3 * a];
      CHECK_NEAR(sum, s[a], 1e-4, "summed strength = s_a");
    }
    dlab_pw_free(h);
  }
}

static void shallow_pathways_move_together(void) {
  /* Depth 1: every pathway's gradient is the same error matrix E, so
   * a_ap(t) - a_aq(t) stays at its initial value (up to rounding). */
  double s[2] = {2, 1}, r0[2 + 8], r1[2 + 8];
  dlab_pw *h = NULL;
  CHECK(dlab_pw_create(4, 1, 1, DLAB_PHI_LINEAR, s, 2, 0.5, 3, &h) == 0, "create: %s", dlab_last_error());
  if (!h) return;
  dlab_pw_read(h, r0);
  dlab_pw_step(h, 500, 0.05);
  dlab_pw_read(h, r1);
  for (int a = 0; a < 2; a++)
    for (int p = 1; p < 4; p++)
      CHECK_NEAR(r1[2 + 4 * a + p] - r1[2 + 4 * a], r0[2 + 4 * a + p] - r0[2 + 4 * a], 1e-12, "depth-1 differences constant");
  dlab_pw_free(h);
}

static void errors(void) {
  double s[2] = {2, 1}, info[DLAB_PW_INFO_LEN];
  dlab_pw *h = NULL;
  CHECK(dlab_pw_create(9, 2, 4, DLAB_PHI_LINEAR, s, 2, 0.1, 1, &h) == DLAB_EINVAL && has("pathways"), "%s", dlab_last_error());
  CHECK(dlab_pw_create(2, 0, 4, DLAB_PHI_LINEAR, s, 2, 0.1, 1, &h) == DLAB_EINVAL && has("depth"), "%s", dlab_last_error());
  CHECK(dlab_pw_create(2, 2, 300, DLAB_PHI_LINEAR, s, 2, 0.1, 1, &h) == DLAB_EINVAL && has("width"), "%s", dlab_last_error());
  CHECK(dlab_pw_create(2, 2, 4, DLAB_PHI_LINEAR, s, 2, 0, 1, &h) == DLAB_EINVAL && has("scale"), "%s", dlab_last_error());
  s[1] = -1;
  CHECK(dlab_pw_create(2, 2, 4, DLAB_PHI_LINEAR, s, 2, 0.1, 1, &h) == DLAB_EINVAL && has("singular value 2"), "%s", dlab_last_error());
  s[1] = 1;
  CHECK(h == NULL, "no handle on failure");
  CHECK(dlab_pw_create(2, 3, 4, DLAB_PHI_LINEAR, s, 2, 0.5, 1, &h) == 0, "create");
  CHECK(dlab_pw_step(h, 10, 0) == DLAB_EINVAL && has("lr"), "%s", dlab_last_error());
  int st = dlab_pw_step(h, 10000, 20);
  CHECK(st == DLAB_EDIVERGED && has("step") && has("learning rate below"), "%d %s", st, dlab_last_error());
  CHECK(dlab_pw_step(h, 1, 0.01) == DLAB_ESTATE, "diverged handle refuses to step");
  dlab_pw_info(h, info);
  CHECK(info[0] == 2 && info[1] == 3 && info[2] == 4 && info[3] == 2, "info");
  dlab_pw_free(h);
  dlab_pw_free(NULL);
}

/* Regression (fuzz_perceptual): a step call whose last step blew the loss up returned 0
 * (the test ran at the start of each step only); the next call then named the step. */
static void divergence_on_the_last_step(void) {
  double s[2] = {2, 1};
  dlab_pw *h = NULL;
  CHECK(dlab_pw_create(2, 3, 4, DLAB_PHI_LINEAR, s, 2, 0.5, 1, &h) == 0, "create: %s", dlab_last_error());
  if (!h) return;
  int st = dlab_pw_step(h, 1, 20), st2 = dlab_pw_step(h, 1, 20);
  CHECK(st == 0, "the first step stays below 1e6 x the reference loss: %d %s", st, dlab_last_error());
  CHECK(st2 == DLAB_EDIVERGED && has("at step 2"), "the blow-up of step 2 is reported by its call: %d %s", st2,
        dlab_last_error());
  CHECK(dlab_pw_step(h, 1, 0.01) == DLAB_ESTATE, "diverged handle refuses to step");
  dlab_pw_free(h);
}

/* Regression (fuzz_perceptual): at convergence the loss read back -1.8e-15 (rounding of
 * 1/2 y2 - tr(S31^T W) + 1/2 |W|^2); a sum of squares is never negative. */
static void loss_not_negative(void) {
  double s[4] = {1.3, 0.7, 2.9, 4.1}, rec[2 + 8];
  dlab_pw *h = NULL;
  CHECK(dlab_pw_create(2, 1, 4, DLAB_PHI_LINEAR, s, 4, 0.5, 0, &h) == 0, "create: %s", dlab_last_error());
  if (!h) return;
  CHECK(dlab_pw_step(h, 300, 0.2) == 0, "%s", dlab_last_error());
  dlab_pw_read(h, rec);
  CHECK(rec[1] >= 0 && rec[1] < 1e-12, "converged loss %g", rec[1]);
  dlab_pw_free(h);
}


/* With a nonlinearity the pathways still fit the K inputs e_a: the loss falls to
 * nearly 0 and the summed strengths reach s_a (tanh and ReLU, depth 3); at depth 1
 * phi has no layer to act on and the network is linear. */
static void nonlinear_pathways_learn(void) {
  double s[3] = {3, 2, 1}, rec[2 + 6], info[DLAB_PW_INFO_LEN];
  const int phis[2] = {DLAB_PHI_TANH, DLAB_PHI_RELU};
  for (int k = 0; k < 2; k++) {
    dlab_pw *h = NULL;
    CHECK(dlab_pw_create(2, 3, 16, phis[k], s, 3, 0.5, 4, &h) == 0, "create: %s", dlab_last_error());
    if (!h) continue;
    dlab_pw_info(h, info);
    CHECK(info[DLAB_PW_INFO_PHI] == phis[k], "phi %g", info[DLAB_PW_INFO_PHI]);
    dlab_pw_read(h, rec);
    double l0 = rec[1];
    CHECK(dlab_pw_step(h, 8000, 0.05) == 0, "phi %d: %s", phis[k], dlab_last_error());
    dlab_pw_read(h, rec);
    CHECK(rec[1] < 1e-6 * l0, "phi %d: loss %g from %g", phis[k], rec[1], l0);
    for (int a = 0; a < 3; a++) CHECK_NEAR(rec[2 + 2 * a] + rec[3 + 2 * a], s[a], 1e-3, "summed strength = s_a");
    dlab_pw_free(h);
  }
  dlab_pw *h = NULL;
  CHECK(dlab_pw_create(2, 1, 16, DLAB_PHI_TANH, s, 3, 0.5, 4, &h) == 0, "create: %s", dlab_last_error());
  if (h) {
    dlab_pw_info(h, info);
    CHECK(info[DLAB_PW_INFO_PHI] == DLAB_PHI_LINEAR, "depth 1 reports phi %g", info[DLAB_PW_INFO_PHI]);
    dlab_pw_free(h);
  }
  CHECK(dlab_pw_create(2, 3, 4, 7, s, 3, 0.5, 1, &h) == DLAB_EINVAL && has("phi"), "%s", dlab_last_error());
}

static void run(void) {
  learns_spectrum();
  shallow_pathways_move_together();
  errors();
  divergence_on_the_last_step();
  loss_not_negative();
  nonlinear_pathways_learn();
}

TEST_MAIN()
