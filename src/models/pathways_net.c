/* Gradient descent on summed deep linear pathways (see pathways_net.h).
 * Backprop per pathway with two n_max x n_0 buffers: G_l = (W^D..W^(l+1))^T E,
 * G_(l-1) = W^(l)T G_l, and the update of W^l is G_l P_(l-1)^T (P_0 = I). */
#include "pathways_net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "depthlab/linalg.h"
#include "depthlab/status.h"

double pwn_doubles(int npath, int D, const int *n) {
  int nmax = 0;
  double d = 0;
  for (int l = 1; l <= D; l++) {
    if (n[l] > nmax) nmax = n[l];
    d += npath * (2.0 * n[l] * n[l - 1] + (double)n[l] * n[0]);
  }
  return d + 2.0 * nmax * n[0] + 2.0 * n[D] * n[0] + (double)n[0] * n[0] + (double)n[D] * n[0];
}

int pwn_alloc(pwn *net, int npath, int D, const int *n) {
  memset(net, 0, sizeof *net);
  double total = pwn_doubles(npath, D, n);
  net->block = calloc((size_t)total, sizeof(double));
  if (!net->block) return dlab_fail(DLAB_ENOMEM, "could not allocate %g doubles for the network", total);
  net->npath = npath;
  net->D = D;
  memcpy(net->n, n, sizeof(int) * (size_t)(D + 1));
  for (int l = 1; l <= D; l++) if (n[l] > net->nmax) net->nmax = n[l];
  double *q = net->block;
#define TAKE(ptr, count) do { (ptr) = q; q += (size_t)(count); } while (0)
  for (int p = 0; p < npath; p++)
    for (int l = 1; l <= D; l++) {
      TAKE(net->W[p][l], (size_t)n[l] * n[l - 1]);
      TAKE(net->W0[p][l], (size_t)n[l] * n[l - 1]);
      TAKE(net->P[p][l], (size_t)n[l] * n[0]);
    }
  TAKE(net->Ga, (size_t)net->nmax * n[0]);
  TAKE(net->Gb, (size_t)net->nmax * n[0]);
  TAKE(net->Wtot, (size_t)n[D] * n[0]);
  TAKE(net->E, (size_t)n[D] * n[0]);
  TAKE(net->S11, (size_t)n[0] * n[0]);
  TAKE(net->S31, (size_t)n[D] * n[0]);
#undef TAKE
  return DLAB_OK;
}

void pwn_release(pwn *net) {
  free(net->block);
  net->block = NULL;
}

static double frob(const double *A, size_t len) {
  double s = 0;
  for (size_t i = 0; i < len; i++) s += A[i] * A[i];
  return sqrt(s);
}

double pwn_forward(pwn *net) {
  int D = net->D, n0 = net->n[0], nD = net->n[D];
  memset(net->Wtot, 0, sizeof(double) * (size_t)nD * n0);
  for (int p = 0; p < net->npath; p++) {
    memcpy(net->P[p][1], net->W[p][1], sizeof(double) * (size_t)net->n[1] * n0);
    for (int l = 2; l <= D; l++)
      dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, net->n[l], n0, net->n[l - 1], 1.0, net->W[p][l], net->n[l - 1],
                net->P[p][l - 1], n0, 0.0, net->P[p][l], n0);
    for (int i = 0; i < nD * n0; i++) net->Wtot[i] += net->P[p][D][i];
  }
  /* E = S31 - W_tot S11; loss = 1/2 y2 - tr(S31^T W_tot) + 1/2 tr(W_tot S11 W_tot^T). */
  dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, nD, n0, n0, -1.0, net->Wtot, n0, net->S11, n0, 0.0, net->E, n0);
  double cross = 0, quad = 0;
  for (int i = 0; i < nD * n0; i++) {
    cross += net->S31[i] * net->Wtot[i];
    quad -= net->E[i] * net->Wtot[i];   /* E holds -W_tot S11 here */
    net->E[i] += net->S31[i];
  }
  /* A sum of squares (y2 is the targets' second moment for both users), but the three
   * terms cancel at convergence and can leave -1e-15: clamp rounding below 0 (NaN stays). */
  double loss = 0.5 * net->y2 - cross + 0.5 * quad;
  return loss < 0 ? 0 : loss;
}

void pwn_start(pwn *net) {
  for (int p = 0; p < net->npath; p++)
    for (int l = 1; l <= net->D; l++)
      memcpy(net->W0[p][l], net->W[p][l], sizeof(double) * (size_t)net->n[l] * net->n[l - 1]);
  double loss = pwn_forward(net);
  net->loss_ref = loss > 0.5 * net->y2 ? loss : 0.5 * net->y2;
  net->steps = 0;
  net->diverged = 0;
}

double pwn_change(const pwn *net, int p, int l) {
  size_t len = (size_t)net->n[l] * net->n[l - 1];
  double s = 0;
  for (size_t i = 0; i < len; i++) {
    double d = net->W[p][l][i] - net->W0[p][l][i];
    s += d * d;
  }
  return sqrt(s);
}

/* 2 / (a bound on the sharpness): Gauss-Newton at W(0) with Frobenius norms,
 * and one balanced mode of strength |S31|_F at the minimum, both times tr(S11). */
static double suggested_lr(const pwn *net) {
  int D = net->D, n0 = net->n[0];
  double tr = 0, gn = 0;
  for (int i = 0; i < n0; i++) tr += net->S11[i * n0 + i];
  for (int p = 0; p < net->npath; p++)
    for (int l = 1; l <= D; l++) {
      double prod = 1;
      for (int k = 1; k <= D; k++)
        if (k != l) {
          double f = frob(net->W0[p][k], (size_t)net->n[k] * net->n[k - 1]);
          prod *= f * f;
        }
      gn += prod;
    }
  double s = frob(net->S31, (size_t)net->n[D] * n0);
  double at_min = D * pow(s, 2.0 - 2.0 / D);
  double sharp = (gn > at_min ? gn : at_min) * (tr > 0 ? tr : 1);
  return sharp > 0 ? 2.0 / sharp : 1.0;
}

/* The divergence test on the loss at the current weights (after net->steps steps). */
static int check_loss(pwn *net, double loss, double lr) {
  if (isfinite(loss) && loss <= 1e6 * net->loss_ref) return DLAB_OK;
  net->diverged = 1;
  return dlab_fail(DLAB_EDIVERGED,
                   "training diverged at step %ld (loss %g) with learning rate %g; use a learning rate below about %g",
                   net->steps, loss, lr, suggested_lr(net));
}

int pwn_step(pwn *net, long nsteps, double lr) {
  int D = net->D, n0 = net->n[0], st;
  for (long s = 0; s < nsteps; s++) {
    if ((st = check_loss(net, pwn_forward(net), lr))) return st;
    for (int p = 0; p < net->npath; p++) {
      double *G = net->Ga, *Gn = net->Gb;
      memcpy(G, net->E, sizeof(double) * (size_t)net->n[D] * n0);
      for (int l = D; l >= 1; l--) {
        int nl = net->n[l], nm = net->n[l - 1];
        if (l > 1)   /* G_(l-1) = W^(l)T G_l, with the old W^l */
          dlab_gemm(DLAB_TRANS, DLAB_NOTRANS, nm, n0, nl, 1.0, net->W[p][l], nm, G, n0, 0.0, Gn, n0);
        if (l > 1)   /* W^l += lr G_l P_(l-1)^T */
          dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, nl, nm, n0, lr, G, n0, net->P[p][l - 1], n0, 1.0, net->W[p][l], nm);
        else
          for (int i = 0; i < nl * n0; i++) net->W[p][1][i] += lr * G[i];
        double *t = G; G = Gn; Gn = t;
      }
    }
    net->steps++;
  }
  /* The last step's result too: a call must not return 0 with blown-up weights. */
  return nsteps > 0 ? check_loss(net, pwn_forward(net), lr) : DLAB_OK;
}
