/* depthlab — full-batch gradient descent on deep linear networks, for
 * comparison with the exact dynamics of deep_linear.h (docs/theory.md §1.5).
 *
 * Network: D weight matrices W^l (n_l x n_(l-1)), l = 1..D, layer sizes
 * widths[0] = n_0 (inputs), ..., widths[D] = n_D (outputs); W_tot = W^D ... W^1.
 * Loss = 1/2 <|y - W_tot x|^2> = 1/2 y2 - tr(Sigma31^T W_tot) + 1/2 tr(W_tot Sigma11 W_tot^T),
 * y2 = <|y|^2>. One step is the Euler step of gradient flow with dt/tau = lr:
 *     W^l += lr (W^D..W^(l+1))^T (Sigma31 - W_tot Sigma11) (W^(l-1)..W^1)^T
 * for every l at once, so time in units of tau is t = sum of lr over steps.
 * Full-batch GD on samples (X, Y) depends on them only through Sigma11 =
 * X^T X / P, Sigma31 = Y^T X / P and y2, so sample sets are reduced to these.
 *
 * Modes: Sigma31 = U S V^T (thin SVD, p = min(n_0, n_D) columns, S descending);
 * the recorded strength of mode a is u_a^T W_tot v_a.
 *
 * Use: create (allocates everything), set the data (spectrum, samples or
 * statistics), init (sets W(0)), then step / read as often as wanted, free.
 * step allocates nothing. All calls clear, then possibly set, the last error.
 * A call that fails on its arguments leaves the handle as it was. A data call that fails
 * later (the SVD of Sigma31 not converging) leaves no data and no init: set the data
 * again. An init that fails after drawing weights (they overflow) leaves no init. */
#ifndef DEPTHLAB_DL_SIM_H
#define DEPTHLAB_DL_SIM_H

#include <stddef.h>

#define DLAB_DLS_MAX_DEPTH 200            /* weight matrices */
#define DLAB_DLS_MAX_WIDTH 1024           /* size of any layer, inputs and outputs included */
#define DLAB_DLS_MAX_DOUBLES (40L << 20)  /* all storage of one handle: 320 MiB */
#define DLAB_DLS_MAX_SAMPLES 1000000L     /* rows of X and Y */
#define DLAB_DLS_MAX_STEPS 100000000L     /* per dlab_dls_step call */
#define DLAB_DLS_MAX_LR 100.0
#define DLAB_DLS_MAX_SCALE 1e3            /* bound on scale, gain, a0, |lambda|, s_a */

/* Initialisations (dlab_dls_init `kind`):
 *  SMALL       W^l_ij ~ N(0, p^2), p = scale.
 *  GAUSSIAN    W^l_ij ~ N(0, p^2 / n_(l-1)), p = gain g (Glorot-style scaled Gaussian).
 *  ORTHOGONAL  W^l = p * (the n_l x n_(l-1) leading block of a Haar orthogonal
 *              matrix of size max(n_l, n_(l-1))), p = gain g.
 *  DECOUPLED   exact modes, balanced: W^1 = R_1 w V^T, W^l = R_l w R_(l-1)^T,
 *              W^D = U w R_(D-1)^T, w = p^(1/D) on the m data modes, 0 elsewhere,
 *              R_l random orthonormal n_l x m frames; so u_a^T W_tot v_a = p = a0 for
 *              a <= m. Needs data set first and every hidden width >= m.
 *  LAMBDA      D = 2 only: W^1 = b R V_r^T, W^2 = c U_r R^T, with R Haar (n_1 x n_1),
 *              U_r, V_r random orthonormal frames, c^2 - b^2 = lambda, b c = p = a0, so
 *              W2^T W2 - W1 W1^T = lambda I exactly (the larger of b, c from
 *              (|lambda| + sqrt(lambda^2 + 4 a0^2)) / 2, the other as a0 over it: no
 *              cancellation for lambda << 0). Needs n_1 <= min(n_0, n_2).
 *  LAMBDA_ALIGNED  as LAMBDA with U_r, V_r = the first n_1 columns of the data's U, V:
 *              each direction then evolves alone (a scalar pair (b, c)). Needs data
 *              set first and n_1 <= min(n_0, n_2).
 *  PRETRAINED  greedy layer-wise pretraining, solved exactly (docs/theory.md §1.6): layer l is
 *              the optimal linear autoencoder of layer l-1's output with orthonormal
 *              rows, k_l = min(n_l, k_(l-1)) of them (k_0 = n_0), times p = gain g. Its
 *              optimum spans the top-k_l principal subspace of its input, which is known
 *              in closed form, so no autoencoder is trained: with E the eigenvectors of
 *              Sigma11 (eigenvalues descending) and R_l the first k_l columns of a Haar
 *              orthogonal n_l x n_l matrix (the rotation within the subspace that an
 *              autoencoder leaves free), W^1 = g R_1 E_(k_1)^T and W^l = g R_l R_(l-1,k_l)^T
 *              (R_(l-1,k_l): its first k_l columns). So W^l..W^1 = g^l R_l E_(k_l)^T: its
 *              rows are orthonormal up to g^l and capture the most input variance any k_l
 *              rows can (g^(2l) times the sum of the top k_l eigenvalues). The output
 *              layer is pretrained the same way; fine-tuning (stepping) then fits the
 *              targets. Needs data set first (Sigma11; the identity for spectrum data). */
enum {
  DLAB_DLS_INIT_SMALL = 0,
  DLAB_DLS_INIT_GAUSSIAN = 1,
  DLAB_DLS_INIT_ORTHOGONAL = 2,
  DLAB_DLS_INIT_DECOUPLED = 3,
  DLAB_DLS_INIT_LAMBDA = 4,
  DLAB_DLS_INIT_LAMBDA_ALIGNED = 5,
  DLAB_DLS_INIT_PRETRAINED = 6
};

typedef struct dlab_dls dlab_dls;

/* Storage (in doubles) a handle of these sizes needs; the create limit applies
 * to it. widths: depth + 1 whole numbers (doubles, so JS can pass them). */
int dlab_dls_size(int depth, const double *widths, double *doubles_out);

/* Allocates a simulator. depth in [1, DLAB_DLS_MAX_DEPTH], each width in
 * [1, DLAB_DLS_MAX_WIDTH], total storage <= DLAB_DLS_MAX_DOUBLES (checked first).
 * *out receives the handle (release with dlab_dls_free). */
int dlab_dls_create(int depth, const double *widths, dlab_dls **out);
void dlab_dls_free(dlab_dls *h);   /* NULL is fine */

/* Data, option 1: Sigma11 = I, Sigma31 = U diag(s) V^T with U, V the leading
 * columns of Haar orthogonal matrices drawn from `seed`; y = Sigma31 x exactly,
 * so y2 = sum s_a^2 and the minimum loss is 0. s: m values in
 * [0, DLAB_DLS_MAX_SCALE], m in [1, min(n_0, n_D)]; modes recorded: m.
 * (They are stored in the given order; pass them descending to match "mode 1 = strongest".) */
int dlab_dls_set_spectrum(dlab_dls *h, const double *s, int m, double seed);

/* Data, option 2: P samples, X (P x n_0) and Y (P x n_D) row-major; reduced to
 * Sigma11, Sigma31, y2. Modes recorded: min(n_0, n_D), from the SVD of Sigma31. */
int dlab_dls_set_samples(dlab_dls *h, const double *X, const double *Y, long P);

/* Data, option 3: the statistics themselves: Sigma11 (n_0 x n_0, symmetric
 * positive semi-definite), Sigma31 (n_D x n_0), y2 = <|y|^2> (>= 0). */
int dlab_dls_set_stats(dlab_dls *h, const double *sigma11, const double *sigma31, double y2);

/* Sets W(0) (see the kinds above), t = 0, step count 0, and remembers W(0) for
 * the per-layer change. p: scale, gain or a0 in (0, DLAB_DLS_MAX_SCALE] (scale
 * and gain may be 0); lambda in [-MAX, MAX] (used by the LAMBDA kinds only). */
int dlab_dls_init(dlab_dls *h, int kind, double p, double lambda, double seed);

/* nsteps in [0, DLAB_DLS_MAX_STEPS] gradient steps of learning rate lr in
 * (0, DLAB_DLS_MAX_LR]. Allocates nothing. If the loss (checked before every step and
 * on the weights the last step leaves) becomes non-finite or
 * exceeds 1e6 times its reference (the larger of the initial loss and y2 / 2),
 * stops and returns DLAB_EDIVERGED with a sentence naming the step, the loss
 * and an estimate of the largest stable learning rate; the handle then refuses
 * to step or read until re-initialised or restored (DLAB_ESTATE). */
int dlab_dls_step(dlab_dls *h, long nsteps, double lr);

/* As dlab_dls_step, but stops early once the loss (evaluated before each step)
 * is <= target (a finite number >= 0): at most nmax steps; *taken receives the
 * number of steps done by this call (< nmax means the target was reached, after
 * exactly that many steps). For time-to-criterion sweeps. */
int dlab_dls_step_to(dlab_dls *h, long nmax, double lr, double target, double *taken);

/* Length of one record: 2 + modes + depth (+ min(n_0, n_D) with singular values). */
enum {
  DLAB_DLS_REC_T = 0,        /* time, units of tau */
  DLAB_DLS_REC_LOSS = 1,
  DLAB_DLS_REC_MODES = 2     /* the mode strengths start here; then the layer changes, the singular values */
};
int dlab_dls_record_size(const dlab_dls *h, int with_svals, int *out);

/* Writes the record of the current weights (DLAB_ESTATE before data and init, and
 * after a divergence until the next init or restore: its weights are not finite):
 * [t, loss, u_a^T W_tot v_a (a = 1..modes), |W^l - W^l(0)|_F (l = 1..D),
 *  singular values of W_tot, descending (only when with_svals)]. Allocates nothing. */
int dlab_dls_read(dlab_dls *h, int with_svals, double *out);

/* Copies a matrix out (what):
 *  DLAB_DLS_GET_WEIGHTS W^layer (n_l x n_(l-1)), layer in [1, D];
 *  DLAB_DLS_GET_WEIGHTS0 W^layer(0);  DLAB_DLS_GET_WTOT W_tot (n_D x n_0);
 *  DLAB_DLS_GET_U U (n_D x p);  DLAB_DLS_GET_V V (n_0 x p);  DLAB_DLS_GET_S S (p);
 *  DLAB_DLS_GET_PARTIAL_SVALS singular values of every partial product W^l..W^1, l = 1..D, row l-1 holding
 *     min(n_l, n_0) values descending, rows padded with 0 to width n_max (out D x n_max,
 *     n_max = the largest of n_1..n_D). Cost: D SVDs.
 * Sizes: dlab_dls_info. */
enum {
  DLAB_DLS_GET_WEIGHTS = 0,
  DLAB_DLS_GET_WEIGHTS0 = 1,          /* the initial weights */
  DLAB_DLS_GET_WTOT = 2,              /* the product W_tot */
  DLAB_DLS_GET_U = 3,
  DLAB_DLS_GET_V = 4,
  DLAB_DLS_GET_S = 5,
  DLAB_DLS_GET_PARTIAL_SVALS = 6      /* singular values of the partial products */
};
int dlab_dls_get(dlab_dls *h, int what, int layer, double *out);

/* out[0 .. DLAB_DLS_INFO_LEN - 1]: */
enum {
  DLAB_DLS_INFO_DEPTH = 0,
  DLAB_DLS_INFO_N0 = 1,      /* inputs n_0 */
  DLAB_DLS_INFO_ND = 2,      /* outputs n_D */
  DLAB_DLS_INFO_P = 3,       /* p = min(n_0, n_D) */
  DLAB_DLS_INFO_MODES = 4,   /* modes recorded */
  DLAB_DLS_INFO_STEPS = 5,   /* steps taken */
  DLAB_DLS_INFO_T = 6,
  DLAB_DLS_INFO_NMAX = 7,    /* the largest of n_1..n_D */
  DLAB_DLS_INFO_LEN = 8
};
int dlab_dls_info(const dlab_dls *h, double *out);

/* Resume a paused run: puts back its weights (dlab_dls_get what 0, layers 1..D), step
 * count and t (dlab_dls_info DLAB_DLS_INFO_STEPS, DLAB_DLS_INFO_T). Call it on a handle given the same data
 * and init (same seeds): W(0), the per-layer change and the divergence reference then
 * match, and stepping on is bit-identical to never having stopped.
 * weights: W^1..W^D concatenated, each row-major n_l x n_(l-1), sum_l n_l n_(l-1)
 * doubles, all finite, with a finite loss; steps a whole number in [0, 2^53 - 1];
 * t finite, >= 0. Needs data and an init (DLAB_ESTATE otherwise); allowed after a
 * divergence, whose flag it clears. W(0) is kept. */
int dlab_dls_restore(dlab_dls *h, const double *weights, double steps, double t);

/* Estimate of the largest learning rate that does not blow up (the number the divergence
 * sentence quotes; within a factor of 2 of the measured threshold over depth 1-30, every
 * init, gain and width): the smaller of
 *   c(D) / (iota D s*^(2-2/D) lambda_max(Sigma11))  the minimum the run reaches: its
 *       sharpness when balanced, iota >= 1 for the imbalance of the start (conserved by
 *       gradient flow), c(D) = 2 D^0.45 for the oscillation deep chains survive;
 *   2 D / Lambda  the start: Lambda = sum_l |W^D..W^(l+1)|_2^2 |W^(l-1)..W^1 Sigma11^(1/2)|_2^2
 *       at W(0) (only after an init).
 * s* = sigma_1 of Sigma31 Sigma11^+ (sigma_1(Sigma31) / lambda_max for a non-diagonal
 * Sigma11). Capped at DLAB_DLS_MAX_LR. Needs data (DLAB_ESTATE otherwise); also after a
 * divergence. Costs a few forward passes the first time after each data or init call. */
int dlab_dls_stable_lr(dlab_dls *h, double *out);


#endif
