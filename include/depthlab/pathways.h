/* depthlab — deep networks with multiple pathways (docs/theory.md §3;
 * Shi, Shea-Brown & Buice 2022).
 *
 * P pathways, each a chain of D weight matrices from the same K inputs to the same
 * K outputs (hidden layers of `width` neurons; at D = 1 a pathway is one K x K
 * matrix), summed at the output: W_tot = sum_p W^{p,D}..W^{p,1}. With a nonlinearity
 * phi (DLAB_PHI_* of chaos.h) on the hidden layers, pathway p maps x to
 * f_p(x) = W^{p,D} phi(..phi(W^{p,1} x)) (no biases) and the network to sum_p f_p(x).
 * Data: Sigma11 = I,
 * Sigma31 = diag(s_1..s_K) (the modes are the coordinate axes, so u_a = v_a = e_a;
 * the Gaussian start below is rotation invariant, so this loses no generality).
 * Loss = 1/2 sum_a s_a^2 - tr(Sigma31^T W_tot) + 1/2 |W_tot|_F^2; gradient descent
 * with learning rate lr is the Euler step of gradient flow with dt/tau = lr.
 * Start: every weight N(0, scale^2 / fan-in), drawn from `seed`.
 * The strength of mode a carried by pathway p is a_ap = u_a^T W^{p,D}..W^{p,1} v_a
 * (with phi: the a-th output of f_p(e_a)); their sum over p is the network's mode
 * strength. The loss with phi is the same, 1/2 sum_a |sum_p f_p(e_a) - s_a e_a|^2: the
 * inputs e_a are the data (with phi linear the two are the same loss).
 * All functions clear, then possibly set, the last error; step allocates nothing. */
#ifndef DEPTHLAB_PATHWAYS_H
#define DEPTHLAB_PATHWAYS_H

#define DLAB_PW_MAX_PATHWAYS 8
#define DLAB_PW_MAX_DEPTH 10
#define DLAB_PW_MAX_WIDTH 256
#define DLAB_PW_MAX_MODES 16
#define DLAB_PW_MAX_STEPS 100000000L   /* per dlab_pw_step call */
#define DLAB_PW_MAX_LR 100.0

typedef struct dlab_pw dlab_pw;

/* pathways in [1, MAX_PATHWAYS], depth in [1, MAX_DEPTH], width in [1, MAX_WIDTH],
 * phi a DLAB_PHI_* (no effect at depth 1), modes K in [1, MAX_MODES] with s[0..K-1]
 * each in (0, 1000], scale in (0, 10], seed a whole number in [0, 2^53 - 1]. *out
 * receives the handle. */
int dlab_pw_create(int pathways, int depth, int width, int phi, const double *s, int modes,
                   double scale, double seed, dlab_pw **out);

/* nsteps in [0, MAX_STEPS] steps of learning rate lr in (0, MAX_LR]. On a blow-up
 * returns DLAB_EDIVERGED naming the step and a suggested largest learning rate;
 * the handle then refuses to step (DLAB_ESTATE). */
int dlab_pw_step(dlab_pw *h, long nsteps, double lr);

/* Record length: 2 + K P. */
int dlab_pw_record_size(const dlab_pw *h, int *out);

/* [step, loss, a_ap (a = 1..K rows, p = 1..P columns, row-major)]. */
int dlab_pw_read(dlab_pw *h, double *out);
enum { DLAB_PW_REC_STEP = 0, DLAB_PW_REC_LOSS = 1, DLAB_PW_REC_STRENGTH = 2 };

/* out[0 .. DLAB_PW_INFO_LEN - 1]: */
enum {
  DLAB_PW_INFO_PATHWAYS = 0,
  DLAB_PW_INFO_DEPTH = 1,
  DLAB_PW_INFO_WIDTH = 2,
  DLAB_PW_INFO_MODES = 3,
  DLAB_PW_INFO_STEPS = 4,
  DLAB_PW_INFO_PHI = 5,   /* the phi in use: linear at depth 1 */
  DLAB_PW_INFO_LEN = 6
};
int dlab_pw_info(const dlab_pw *h, double *out);

void dlab_pw_free(dlab_pw *h);   /* NULL is fine */

#endif
