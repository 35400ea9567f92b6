/* depthlab — internal: the one gradient-descent core of every simulator (dl_sim.c,
 * pathways.c, perceptual.c).
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
 * What is here now, and where the rest goes:
 *  - phi_l: linear only. tanh, ReLU and erf(sqrt(pi) h / 2) need the pre-activations
 *    H_l = W^l A_(l-1) kept beside A_l and G_(l-1) multiplied by phi'(H_(l-1)); biases
 *    b^l add a column sum of G_l to their update. Both slot into gd_chain.
 *  - the statistics head: the input block is I (cols = n_0), so A_l = W^l..W^1 are the
 *    partial products (A_1 is W^1 itself) and out = W_tot;
 *        loss = 1/2 y2 - tr(S31^T W_tot) + 1/2 tr(W_tot S11 W_tot^T),  E = S31 - W_tot S11.
 *    For a diagonal S11 = diag(d) (identity included) the loss is summed in the
 *    cancellation-safe form 1/2 sum_{d_j > 0} E_ij^2 / d_j + c0 (plus the linear term of
 *    columns with d_j = 0), c0 = 1/2 (y2 - sum_{d_j > 0} |S31_j|^2 / d_j) the part no W
 *    can fit; otherwise in the form above. Never clamped. A sample head (targets Y,
 *    minibatch columns) and softmax cross-entropy set E from out the same way.
 *  - one stepping driver (gd_run) with the one divergence policy of every simulator:
 *    the loss is checked before every step and on the weights the last step leaves;
 *    non-finite or above GD_DIVERGED x the reference max(L(0), y2 / 2) stops the run
 *    with a sentence naming the step, the loss, the stable learning rate and advice,
 *    and marks the network diverged (its owner refuses to step or read until it is
 *    re-initialised or restored).
 * Storage is one allocation (gd_alloc, sized by gd_doubles for the owner's limit
 * check); gd_forward, gd_run and gd_stable_lr allocate nothing. */
#ifndef DEPTHLAB_GD_CORE_H
#define DEPTHLAB_GD_CORE_H

#include <stdint.h>

#define GD_MAX_DEPTH 200
#define GD_MAX_CHAINS 8
#define GD_DIVERGED 1e6   /* loss / reference that counts as a blow-up */

typedef struct {
  double **W, **W0;   /* [1..D] row-major n_l x n_(l-1); W0: the weights at gd_start */
  double **A;         /* [1..D] n_l x cols; A[1] aliases W[1] (identity input) */
} gd_chain;

typedef struct {
  int chains, D, n[GD_MAX_DEPTH + 1], nmax, nall;   /* nmax: of n_1..n_D; nall: of n_0..n_D */
  int cols;                  /* columns of the input block (the statistics head: n_0) */
  gd_chain ch[GD_MAX_CHAINS];
  /* the statistics head: set S11, S31, y2, then call gd_stats_ready */
  double *S11, *S31, y2;
  int s11_diag;
  double c0, lam11, sstar;   /* lambda_max(S11); sigma_1 of the minimiser W* (see gd_stats_ready) */
  double *out, *E, *Ga, *Gb, *M;
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

/* Refreshes the activations, out and E from W; returns the loss. */
double gd_forward(gd_net *net);

/* The loss of other weights (every chain's W^1..W^D concatenated, row-major), W kept. */
double gd_loss_of(gd_net *net, const double *weights);

/* Takes W as the start: W0 = W, steps = t = 0, not diverged, reference = max(L(0),
 * y2 / 2) (1e-300 if that is 0). Returns L(0). */
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
