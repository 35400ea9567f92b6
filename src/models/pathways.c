/* Multiple deep pathways summed at the output (Shi et al. 2022; docs/theory.md §3):
 * several chains of the one gradient-descent core (gd_core.h) under one squared loss.
 * Linear pathways use the statistics head; with a nonlinearity the same loss is the
 * sample head's on the K inputs e_a with targets s_a e_a (one block, scale 1). */
#include "depthlab/pathways.h"

#include "depthlab/chaos.h"

#include <math.h>
#include <stdlib.h>

#include "api/status_internal.h"
#include "linalg/rng_internal.h"
#include "models/gd_core.h"

struct dlab_pw {
  gd_net net;
  int K, width, phi;
};

/* The sample head's one block: X = I and Y = diag(s) are set once; the batch is all of it. */
static int whole_batch(gd_net *net, void *ctx, int k) {
  (void)net; (void)ctx; (void)k;
  return 1;
}

static const gd_advice ADVICE = { "these singular values, depth and scale", "a smaller scale or fewer layers" };

int dlab_pw_create(int pathways, int depth, int width, int phi, const double *s, int modes,
                   double scale, double seed, dlab_pw **out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("out", out))) return st;
  *out = NULL;
  if ((st = dlab_check_int("pathways", pathways, 1, DLAB_PW_MAX_PATHWAYS)) ||
      (st = dlab_check_int("depth", depth, 1, DLAB_PW_MAX_DEPTH)) ||
      (st = dlab_check_int("width", width, 1, DLAB_PW_MAX_WIDTH)) ||
      (st = dlab_check_int("phi (0 linear, 1 tanh, 2 ReLU, 3 erf)", phi, 0, DLAB_PHI_COUNT - 1)) ||
      (st = dlab_check_int("number of singular values", modes, 1, DLAB_PW_MAX_MODES)) ||
      (st = dlab_check_ptr("singular values", s)) || (st = dlab_check_real_above("scale", scale, 0, 10)) ||
      (st = dlab_check_seed(seed)))
    return st;
  for (int a = 0; a < modes; a++)
    if (!(isfinite(s[a]) && s[a] > 0 && s[a] <= 1000))
      return dlab_fail(DLAB_EINVAL, "singular value %d must be in (0, 1000], got %g", a + 1, s[a]);
  int n[DLAB_PW_MAX_DEPTH + 1];
  n[0] = n[depth] = modes;
  for (int l = 1; l < depth; l++) n[l] = width;
  int phis[DLAB_PW_MAX_DEPTH + 1];   /* hidden layers phi, the output linear */
  for (int l = 0; l <= depth; l++) phis[l] = l > 0 && l < depth ? phi : DLAB_PHI_LINEAR;
  int samples = phi != DLAB_PHI_LINEAR && depth > 1;
  dlab_pw *h = calloc(1, sizeof *h);
  if (!h) return dlab_fail(DLAB_ENOMEM, "could not allocate the pathways network");
  st = samples ? gd_alloc_samples(&h->net, GD_HEAD_SQUARED, pathways, depth, n, phis, 0, modes, 0, NULL)
               : gd_alloc(&h->net, pathways, depth, n, 0, NULL);
  if (st) {
    free(h);
    return st;
  }
  h->K = modes;
  h->width = width;
  h->phi = samples ? phi : DLAB_PHI_LINEAR;
  gd_net *net = &h->net;
  dlab_rng rng;
  dlab_rng_seed(&rng, (uint64_t)seed);
  for (int p = 0; p < pathways; p++)
    for (int l = 1; l <= depth; l++)
      dlab_rng_fill_normal(&rng, net->ch[p].W[l], (size_t)n[l] * n[l - 1], scale / sqrt(n[l - 1]));
  if (samples) {
    for (int a = 0; a < modes; a++) {
      net->X[a * modes + a] = 1;
      net->Y[a * modes + a] = s[a];
    }
    net->load = whole_batch;
  } else {
    double y2 = 0;
    for (int a = 0; a < modes; a++) {
      net->S11[a * modes + a] = 1;
      net->S31[a * modes + a] = s[a];
      y2 += s[a] * s[a];
    }
    net->y2 = y2;
    gd_stats_ready(net, 0);   /* y = Sigma31 x exactly */
  }
  gd_start(net);
  *out = h;
  return DLAB_OK;
}

int dlab_pw_step(dlab_pw *h, long nsteps, double lr) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_int("steps", nsteps, 0, DLAB_PW_MAX_STEPS)) ||
      (st = dlab_check_real_above("lr", lr, 0, DLAB_PW_MAX_LR)))
    return st;
  if (h->net.diverged) return dlab_fail(DLAB_ESTATE, "the network diverged; create a new one");
  double taken;
  return gd_run(&h->net, nsteps, lr, -1, &taken, &ADVICE);
}

int dlab_pw_record_size(const dlab_pw *h, int *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  *out = DLAB_PW_REC_STRENGTH + h->K * h->net.chains;
  return DLAB_OK;
}

int dlab_pw_read(dlab_pw *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  gd_net *net = &h->net;
  int K = h->K, P = net->chains, D = net->D;
  out[DLAB_PW_REC_STEP] = (double)net->steps;
  out[DLAB_PW_REC_LOSS] = gd_forward(net);   /* also refreshes each pathway's output A[D] for the inputs e_a */
  for (int a = 0; a < K; a++)
    for (int p = 0; p < P; p++) out[DLAB_PW_REC_STRENGTH + a * P + p] = net->ch[p].A[D][a * K + a];
  return DLAB_OK;
}

int dlab_pw_info(const dlab_pw *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  out[DLAB_PW_INFO_PATHWAYS] = h->net.chains;
  out[DLAB_PW_INFO_DEPTH] = h->net.D;
  out[DLAB_PW_INFO_WIDTH] = h->width;
  out[DLAB_PW_INFO_MODES] = h->K;
  out[DLAB_PW_INFO_STEPS] = (double)h->net.steps;
  out[DLAB_PW_INFO_PHI] = h->phi;
  return DLAB_OK;
}

void dlab_pw_free(dlab_pw *h) {
  if (!h) return;
  gd_release(&h->net);
  free(h);
}
