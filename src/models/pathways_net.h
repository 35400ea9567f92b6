/* depthlab — internal: gradient descent on P deep linear chains ("pathways")
 * from the same input, summed at the output, under one squared loss.
 * Shared by perceptual.c (one pathway with hand-built weights) and pathways.c.
 *
 * Every pathway has D weight matrices W^{p,l} (n_l x n_(l-1)), W_tot = sum_p
 * W^{p,D}..W^{p,1}; loss = 1/2 y2 - tr(S31^T W_tot) + 1/2 tr(W_tot S11 W_tot^T).
 * One step, for every p and l at once (the Euler step of gradient flow, dt/tau = lr):
 *   W^{p,l} += lr (W^{p,D}..W^{p,l+1})^T (S31 - W_tot S11) (W^{p,l-1}..W^{p,1})^T.
 * The caller checks sizes against its own limits (pwn_doubles first), then
 * allocates once; pwn_step allocates nothing. */
#ifndef DEPTHLAB_PATHWAYS_NET_H
#define DEPTHLAB_PATHWAYS_NET_H

#define PWN_MAX_PATHS 8
#define PWN_MAX_DEPTH 12

typedef struct {
  int npath, D, n[PWN_MAX_DEPTH + 1], nmax;
  double *W[PWN_MAX_PATHS][PWN_MAX_DEPTH + 1], *W0[PWN_MAX_PATHS][PWN_MAX_DEPTH + 1];
  double *P[PWN_MAX_PATHS][PWN_MAX_DEPTH + 1];   /* partial products W^l..W^1, n_l x n_0 */
  double *Ga, *Gb;        /* backprop ping-pong, nmax x n0 */
  double *Wtot, *E;       /* n_D x n_0 */
  double *S11, *S31;      /* n_0 x n_0, n_D x n_0 */
  double y2, loss_ref;
  long steps;
  int diverged;
  double *block;
} pwn;

/* Doubles the network needs (for the caller's limit check before allocating). */
double pwn_doubles(int npath, int D, const int *n);
/* Allocates (zeroed); DLAB_ENOMEM with a sentence on failure. */
int pwn_alloc(pwn *net, int npath, int D, const int *n);
void pwn_release(pwn *net);
/* Copies W into W0, zeroes the step count and sets the divergence reference
 * (the larger of the current loss and y2 / 2). Call after setting W, S11, S31, y2. */
void pwn_start(pwn *net);
/* Refreshes P and W_tot from W; returns the loss (>= 0: rounding below 0 is clamped;
 * y2 must be the targets' second moment, so that the loss is a sum of squares). */
double pwn_forward(pwn *net);
/* nsteps steps of size lr; DLAB_EDIVERGED (with the step and a suggested
 * learning rate) if the loss becomes non-finite or exceeds 1e6 x reference. */
int pwn_step(pwn *net, long nsteps, double lr);
/* Frobenius norm of W^{p,l} - W0^{p,l}. */
double pwn_change(const pwn *net, int p, int l);

#endif
