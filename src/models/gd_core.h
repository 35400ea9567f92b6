/* depthlab — internal: the one gradient-descent core of every simulator (dl_sim.c,
 * pathways.c, perceptual.c, nonlinear.c).
 *
 * A network is one or more chains ("pathways") of dense layers n_0 -> n_1 -> ... -> n_D
 * reading the same input block, their outputs summed, and one loss head.
 *   chain p:  A_0 = input (n_0 x cols),  A_l = phi_l(W^l A_(l-1)),  output A_D
 *   network:  out = sum_p A_D^p;  the head turns out into (loss, E = -dloss/dout)
 * Backward from E with the update applied in place, layer D first: G_D = E,
 * G_(l-1) = W^l^T G_l is formed with the old W^l before W^l += lr G_l A_(l-1)^T, and
 * that update reads only lower layers, which change later: every layer sees the old
 * weights (one Euler step of gradient flow, dt/tau = lr) without D stored gradients.
 *
 * Two heads:
 *  - the statistics head (gd_alloc): the input block is I (cols = n_0), so A_l = W^l..W^1
 *    are the partial products (A_1 is W^1 itself), every phi_l is linear, no biases, and
 *    out = W_tot;
 *        loss = 1/2 y2 - tr(S31^T W_tot) + 1/2 tr(W_tot S11 W_tot^T),  E = S31 - W_tot S11.
 *    For a diagonal S11 = diag(d) (identity included) the loss is summed in the
 *    cancellation-safe form 1/2 sum_{d_j > 0} E_ij^2 / d_j + c0 (plus the linear term of
 *    columns with d_j = 0), c0 = 1/2 (y2 - sum_{d_j > 0} |S31_j|^2 / d_j) the part no W
 *    can fit; otherwise in the form above. Never clamped.
 *  - the sample head (gd_alloc_samples): the input block X is a block of samples as
 *    columns (n_0 x cols, cols <= cap), targets Y (n_D x cols), and
 *        H_l = W^l A_(l-1) + b^l 1^T,  A_l = phi_l(H_l)  (A_0 = X; A_l is H_l where phi_l is
 *    linear), phi_l one of DLAB_PHI_* of chaos.h (erf is erf(sqrt(pi) h / 2)). Losses, with
 *    s = net->scale (1 / the batch size: a batch may span several blocks):
 *        squared   s/2 sum_j |out_j - y_j|^2,                E = s (Y - out);
 *        softmax   s sum_j sum_i y_ij (lse(out_j) - out_ij),  E = s (Y - (sum_i y_ij) p_j),
 *                  p_j = softmax(out_j), lse taken from the column's maximum (no overflow).
 *    Backward: G_l = -dL/dA_l becomes -dL/dH_l by the factor phi'(H_l) (tanh: 1 - A_l^2),
 *    then b^l gets the row sums of G_l. A batch of one block updates in place as above; a
 *    batch of several blocks (the owner's `load` says how many) accumulates the exact
 *    gradient over them first (dW, db) and then steps: the same step up to rounding.
 * One stepping driver (gd_run) with the one divergence policy of every simulator:
 * the loss (of the step's batch) is checked before every step and on the weights the last
 * step leaves; non-finite or above GD_DIVERGED x the reference max(L(0), y2 / 2) stops the
 * run with a sentence naming the step, the loss, the stable learning rate (the statistics
 * head's estimate; the sample head has none and suggests a quarter of the rate) and
 * advice, and marks the network diverged (its owner refuses to step or read until it is
 * re-initialised or restored).
 * Storage is one allocation (gd_alloc, sized by gd_doubles for the owner's limit
 * check); gd_forward, gd_run and gd_stable_lr allocate nothing. */
#ifndef DEPTHLAB_GD_CORE_H
#define DEPTHLAB_GD_CORE_H

#include <stdint.h>

#include "linalg/rng_internal.h"

#define GD_MAX_DEPTH 200
#define GD_MAX_CHAINS 8
#define GD_DIVERGED 1e6   /* loss / reference that counts as a blow-up */

typedef struct {
  double **W, **W0;   /* [1..D] row-major n_l x n_(l-1); W0: the weights at gd_start */
  double **A;         /* [1..D] n_l x cols; statistics head: A[1] aliases W[1] (identity input) */
  /* the sample head only (NULL otherwise): */
  double **H;         /* [1..D] pre-activations n_l x cols; H[l] is A[l] where phi_l is linear */
  double **b;         /* [1..D] biases n_l */
  double **dW, **db;  /* [1..D] gradient accumulators (gd_batch_loss; batches of several blocks) */
} gd_chain;

enum { GD_HEAD_STATS = 0, GD_HEAD_SQUARED = 1, GD_HEAD_SOFTMAX = 2 };

struct gd_net_s;
/* The sample head's batch source: fills net->X, net->Y, net->cols and net->scale with
 * block k of the batch of step net->steps and returns the number of blocks of that batch
 * (>= 1). A pure function of (steps, k): gd_run calls it again for the final check. */
typedef int (*gd_load)(struct gd_net_s *net, void *ctx, int k);

typedef struct gd_net_s {
  int chains, D, n[GD_MAX_DEPTH + 1], nmax, nall;   /* nmax: of n_1..n_D; nall: of n_0..n_D */
  int cols;                  /* columns of the input block (the statistics head: n_0) */
  gd_chain ch[GD_MAX_CHAINS];
  /* the statistics head: set S11, S31, y2, then call gd_stats_ready */
  double *S11, *S31, y2;
  int s11_diag;
  double c0, lam11, sstar;   /* lambda_max(S11); sigma_1 of the minimiser W* (see gd_stats_ready) */
  double *out, *E, *Ga, *Gb, *M;
  /* the sample head */
  int head;                  /* GD_HEAD_* */
  int phi[GD_MAX_DEPTH + 1]; /* [1..D] */
  int biases;                /* 0: b stays 0 and is not trained */
  int cap;                   /* columns of a block at most */
  double *X, *Y, scale;      /* the block: inputs n_0 x cols, targets n_D x cols; 1 / batch size */
  gd_load load;
  void *load_ctx;
  double *work;              /* the estimate's products and vectors */
  /* the run */
  double loss_ref, t;
  int64_t steps;             /* not long: 32 bits on wasm32 would overflow after 2^31 steps */
  int diverged;
  double lr_est, lr_data, lr_start;   /* the estimate and its two bounds (gd_core.c) */
  double lr_balanced;        /* the data's bound for a balanced start */
  int lr_est_kind;           /* 0: not computed; 1: data only; 2: data and start */
  void *block;
} gd_net;

/* Doubles a network of these sizes needs (in double precision: no overflow for any
 * admissible size), for the owner's limit check before gd_alloc. */
double gd_doubles(int chains, int D, const int *n);

/* One zeroed allocation: the network plus `extra` doubles for the owner (*extra_out,
 * may be NULL when extra is 0). Sizes already checked. DLAB_ENOMEM with a sentence. */
int gd_alloc(gd_net *net, int chains, int D, const int *n, double extra, double **extra_out);
void gd_release(gd_net *net);

/* After S11, S31, y2 change: classifies S11, computes c0, lambda_max(S11) and the
 * strength sigma_1(W*) of the minimiser W* = S31 S11^+ (exact for a diagonal S11;
 * sigma_1(S31) / lambda_max(S11) otherwise). `c0_exact` (>= 0) overrides c0 when the
 * owner knows it (y = S31 x exactly: 0); pass a negative number otherwise. */
void gd_stats_ready(gd_net *net, double c0_exact);

/* The sample head: doubles for these sizes, and the one zeroed allocation (head
 * GD_HEAD_SQUARED or GD_HEAD_SOFTMAX, `chains` chains of the same sizes and phi[1..D],
 * biases on or off, cap columns per block). The owner sets load and load_ctx before
 * gd_start. */
double gd_sample_doubles(int chains, int D, const int *n, const int *phi, int cap);
int gd_alloc_samples(gd_net *net, int head, int chains, int D, const int *n, const int *phi, int biases, int cap,
                     double extra, double **extra_out);

/* Weights of layer sizes rows x cols from r: Gaussian N(0, gain^2 / cols), or gain x the
 * rows x cols leading block of a Haar orthogonal matrix of size max(rows, cols) (whose
 * rows or columns are then orthonormal). work: gd_draw_work(max(rows, cols)) doubles. */
double gd_draw_work(int nmax);
int gd_draw_layer(dlab_rng *r, int rows, int cols, int orthogonal, double gain, double *out, double *work);

/* Refreshes the activations, out and E from W (the sample head: of the current block);
 * returns the loss (of that block, times scale). */
double gd_forward(gd_net *net);

/* The sample head: the loss of the batch of step net->steps (through load), and, if
 * with_gradient, its exact gradient -dL/dW, -dL/db in dW, db (descent directions). */
double gd_batch_loss(gd_net *net, int with_gradient);

/* The loss of other weights (every chain's W^1..W^D concatenated, row-major), W kept. */
double gd_loss_of(gd_net *net, const double *weights);

/* Takes W as the start: W0 = W, steps = t = 0, not diverged, reference = max(L(0),
 * y2 / 2) (1e-300 if that is 0). Returns L(0) (the sample head: the loss of step 0's
 * batch). */
double gd_start(gd_net *net);

/* What a divergence sentence names: the setting the estimate depends on ("this data,
 * depth and init") and the levers that make the start calmer ("a smaller gain, or an
 * orthogonal or decoupled init"), named when the start is what limits the learning rate. */
typedef struct { const char *setting, *start_levers; } gd_advice;

/* nsteps steps of learning rate lr, stopping early once the loss (checked before each
 * step) is <= target (target < 0: never); *taken = steps done. The divergence policy
 * above; DLAB_EDIVERGED with the sentence. The owner checks arguments and state. */
int gd_run(gd_net *net, long nsteps, double lr, double target, double *taken, const gd_advice *advice);

/* Estimate of the largest learning rate that does not blow up (GD_DIVERGED), from the
 * data and, if with_start, the start W0 (see gd_core.c). +Infinity when nothing bounds
 * it (no data signal, zero start). Cached until the data or the start changes. */
double gd_stable_lr(gd_net *net, int with_start);

/* |W^l - W0^l|_F of chain p. */
double gd_change(const gd_net *net, int p, int l);

#endif
