/* Multiple deep linear pathways summed at the output (Shi et al. 2022; docs/theory.md §3),
 * on the shared gradient-descent core pathways_net. */
#include "depthlab/pathways.h"

#include <math.h>
#include <stdlib.h>

#include "depthlab/rng.h"
#include "depthlab/status.h"
#include "pathways_net.h"

struct dlab_pw {
  pwn net;
  int K, width;
};

int dlab_pw_create(int pathways, int depth, int width, const double *s, int modes,
                   double scale, double seed, dlab_pw **out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("out", out))) return st;
  *out = NULL;
  if ((st = dlab_check_int("pathways", pathways, 1, DLAB_PW_MAX_PATHWAYS)) ||
      (st = dlab_check_int("depth", depth, 1, DLAB_PW_MAX_DEPTH)) ||
      (st = dlab_check_int("width", width, 1, DLAB_PW_MAX_WIDTH)) ||
      (st = dlab_check_int("number of singular values", modes, 1, DLAB_PW_MAX_MODES)) ||
      (st = dlab_check_ptr("singular values", s)) || (st = dlab_check_real("scale", scale, 0, 10)) ||
      (st = dlab_check_real("seed", seed, 0, 9007199254740991.0)))
    return st;
  if (!(scale > 0)) return dlab_fail(DLAB_EINVAL, "scale must be in (0, 10], got %g", scale);
  if (seed != floor(seed)) return dlab_fail(DLAB_EINVAL, "seed must be a whole number, got %g", seed);
  for (int a = 0; a < modes; a++)
    if (!(isfinite(s[a]) && s[a] > 0 && s[a] <= 1000))
      return dlab_fail(DLAB_EINVAL, "singular value %d must be in (0, 1000], got %g", a + 1, s[a]);
  int n[DLAB_PW_MAX_DEPTH + 1];
  n[0] = n[depth] = modes;
  for (int l = 1; l < depth; l++) n[l] = width;
  dlab_pw *h = calloc(1, sizeof *h);
  if (!h) return dlab_fail(DLAB_ENOMEM, "could not allocate the pathways network");
  if ((st = pwn_alloc(&h->net, pathways, depth, n))) {
    free(h);
    return st;
  }
  h->K = modes;
  h->width = width;
  pwn *net = &h->net;
  dlab_rng rng;
  dlab_rng_seed(&rng, (uint64_t)seed);
  for (int p = 0; p < pathways; p++)
    for (int l = 1; l <= depth; l++)
      dlab_rng_fill_normal(&rng, net->W[p][l], (size_t)n[l] * n[l - 1], scale / sqrt(n[l - 1]));
  double y2 = 0;
  for (int a = 0; a < modes; a++) {
    net->S11[a * modes + a] = 1;
    net->S31[a * modes + a] = s[a];
    y2 += s[a] * s[a];
  }
  net->y2 = y2;
  pwn_start(net);
  *out = h;
  return DLAB_OK;
}

int dlab_pw_step(dlab_pw *h, long nsteps, double lr) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_int("steps", nsteps, 0, DLAB_PW_MAX_STEPS)) ||
      (st = dlab_check_real("lr", lr, 0, DLAB_PW_MAX_LR)))
    return st;
  if (!(lr > 0)) return dlab_fail(DLAB_EINVAL, "lr must be in (0, %g], got %g", DLAB_PW_MAX_LR, lr);
  if (h->net.diverged) return dlab_fail(DLAB_ESTATE, "the network diverged; create a new one");
  return pwn_step(&h->net, nsteps, lr);
}

int dlab_pw_record_size(const dlab_pw *h, int *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  *out = 2 + h->K * h->net.npath;
  return DLAB_OK;
}

int dlab_pw_read(dlab_pw *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  pwn *net = &h->net;
  int K = h->K, P = net->npath, D = net->D;
  out[0] = (double)net->steps;
  out[1] = pwn_forward(net);   /* also refreshes each pathway's product P[p][D] */
  for (int a = 0; a < K; a++)
    for (int p = 0; p < P; p++) out[2 + a * P + p] = net->P[p][D][a * K + a];
  return DLAB_OK;
}

int dlab_pw_info(const dlab_pw *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  out[0] = h->net.npath;
  out[1] = h->net.D;
  out[2] = h->width;
  out[3] = h->K;
  out[4] = (double)h->net.steps;
  return DLAB_OK;
}

void dlab_pw_free(dlab_pw *h) {
  if (!h) return;
  pwn_release(&h->net);
  free(h);
}
