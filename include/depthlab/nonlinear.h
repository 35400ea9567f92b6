/* depthlab — training fully connected nonlinear networks on samples by minibatch SGD
 * (docs/theory.md §5.12), on the one gradient-descent core (the sample head of
 * src/models/gd_core.h).
 *
 * Network: widths n_0 (inputs), ..., n_D (outputs); for l = 1..D
 *     h^l = W^l a^(l-1) + b^l,  a^l = phi(h^l) for l < D,  out = h^D (linear readout),
 * phi one of DLAB_PHI_* of chaos.h (linear, tanh, ReLU, erf(sqrt(pi) h / 2)).
 * Losses over a batch B (targets y: the one-hot label, or real targets):
 *     DLAB_NL_SQUARED  1/(2|B|) sum_B |out - y|^2
 *     DLAB_NL_SOFTMAX  1/|B| sum_B (log sum_i exp(out_i) - sum_i y_i out_i)
 * One step: W^l += lr (-dL/dW^l), b^l likewise, the exact gradient of the batch (backprop;
 * every layer from the weights before the step). Time is the step count; with a full
 * batch and phi linear without biases, one step equals dl_sim.h's step of the same lr on
 * the same samples (Sigma11 = X^T X / P, Sigma31 = Y^T X / P).
 * Batches: each epoch visits the P training rows in an order shuffled from (seed, epoch)
 * alone (Fisher-Yates), in ceil(P / batch) batches of `batch` rows (the last holds the
 * rest); batch 0 or >= P is the full batch, in file order. So the state of a run is its
 * weights, biases and step count, and a restored run steps on bit-identically. A batch of
 * more than DLAB_NL_BLOCK rows is summed over blocks; records evaluate the whole training
 * and test sets in blocks the same way, so no call allocates beyond the handle.
 * Init (dlab_nl_init): W^l ~ N(0, sw^2 / n_(l-1)) (GAUSSIAN) or sw x the leading
 * n_l x n_(l-1) block of a Haar orthogonal matrix (ORTHOGONAL), layer after layer from
 * one stream seeded by `seed` (the draws of dl_sim.h's GAUSSIAN and ORTHOGONAL kinds with
 * gain sw), then the biases b^l_i ~ N(0, sb^2) from the same stream.
 * All calls clear, then possibly set, the last error; a call that fails on its arguments
 * leaves the handle as it was. */
#ifndef DEPTHLAB_NONLINEAR_H
#define DEPTHLAB_NONLINEAR_H

#define DLAB_NL_MAX_DEPTH 200            /* weight matrices */
#define DLAB_NL_MAX_WIDTH 2048           /* size of any layer, inputs and outputs included */
#define DLAB_NL_MAX_SAMPLES 100000       /* training rows, and test rows */
#define DLAB_NL_MAX_DOUBLES (40L << 20)  /* all storage of one handle, data included: 320 MiB */
#define DLAB_NL_MAX_STEPS 100000000L     /* per dlab_nl_step call */
#define DLAB_NL_MAX_LR 100.0
#define DLAB_NL_MAX_SW 10.0              /* sw in [0, 10] */
#define DLAB_NL_MAX_SB 10.0              /* sb in [0, 10] */
#define DLAB_NL_MAX_VALUE 1e6            /* |inputs| and |targets| */
#define DLAB_NL_BLOCK 1024               /* columns of one block at most */

enum { DLAB_NL_SQUARED = 0, DLAB_NL_SOFTMAX = 1 };
enum { DLAB_NL_INIT_GAUSSIAN = 0, DLAB_NL_INIT_ORTHOGONAL = 1 };

typedef struct dlab_nl dlab_nl;

/* Allocates a network with its data. depth in [1, DLAB_NL_MAX_DEPTH]; widths: depth + 1
 * whole numbers in [1, DLAB_NL_MAX_WIDTH]; phi a DLAB_PHI_* (hidden layers); loss a
 * DLAB_NL_*; biases 0 (b stays 0, untrained) or 1; batch a whole number in [0, 2^53 - 1].
 * Training data: X (rows x n_0, row-major, |x| <= DLAB_NL_MAX_VALUE), and either labels
 * (rows whole numbers in [0, n_D - 1]; targets one-hot) or, for the squared loss only, Y
 * (rows x n_D real targets); the other NULL. rows in [1, DLAB_NL_MAX_SAMPLES]. Test data
 * the same way (test_rows may be 0: no test set, NaN test records). The softmax loss needs
 * labels and n_D >= 2. Everything is checked, and the storage against DLAB_NL_MAX_DOUBLES,
 * before allocating. Release with dlab_nl_free. */
int dlab_nl_create(int depth, const double *widths, int phi, int loss, int biases, double batch,
                   const double *X, const double *labels, const double *Y, double rows,
                   const double *Xt, const double *labels_t, const double *Yt, double test_rows, dlab_nl **out);
void dlab_nl_free(dlab_nl *h);   /* NULL is fine */

/* Draws W(0), b(0) (kind DLAB_NL_INIT_*; sw in [0, DLAB_NL_MAX_SW], sb in [0, DLAB_NL_MAX_SB];
 * seed, a whole number in [0, 2^53 - 1], also orders the batches), step count 0. */
int dlab_nl_init(dlab_nl *h, int kind, double sw, double sb, double seed);

/* nsteps in [0, DLAB_NL_MAX_STEPS] SGD steps of learning rate lr in (0, DLAB_NL_MAX_LR].
 * The core's divergence policy: if a batch's loss (checked before every step and after
 * the last) is not finite or exceeds 1e6 times the first batch's loss (at least y2 / 2,
 * y2 the mean |y|^2), returns DLAB_EDIVERGED with a sentence naming the step, the loss and
 * a smaller learning rate; the handle then refuses to step or read until init or restore. */
int dlab_nl_step(dlab_nl *h, long nsteps, double lr);

/* A record, DLAB_NL_REC_LEN doubles: the step, the epoch (steps / steps per epoch, a
 * fraction between epochs), and the loss and error (the fraction of rows whose largest
 * output is not the label; NaN with real targets) on the whole training and test sets.
 * A loss whose outputs overflow reads +Infinity (never NaN). */
enum {
  DLAB_NL_REC_STEP = 0,
  DLAB_NL_REC_EPOCH = 1,
  DLAB_NL_REC_TRAIN_LOSS = 2,
  DLAB_NL_REC_TRAIN_ERROR = 3,
  DLAB_NL_REC_TEST_LOSS = 4,
  DLAB_NL_REC_TEST_ERROR = 5,
  DLAB_NL_REC_LEN = 6
};
int dlab_nl_read(dlab_nl *h, double *out);

/* The parameters (DLAB_NL_INFO_PARAMS doubles): W^1, b^1, W^2, b^2, ..., W^D, b^D, each W
 * row-major n_l x n_(l-1). */
int dlab_nl_get_params(dlab_nl *h, double *out);

/* Resume a paused run: a handle made and initialised with the same arguments takes back
 * its parameters (layout of dlab_nl_get_params, all finite) and step count (a whole number
 * in [0, 2^53 - 1]); stepping on is bit-identical to never having stopped. Needs an init;
 * allowed after a divergence, whose flag it clears. Parameters whose loss (of the batch of
 * that step) is not finite are refused (DLAB_EINVAL), the handle kept as it was. */
int dlab_nl_restore(dlab_nl *h, const double *params, double steps);

/* The loss of the current parameters on the given rows (X rows x n_0, labels or Y as in
 * create; rows in [1, DLAB_NL_MAX_SAMPLES]), as one batch, and (grad not NULL) its exact
 * gradient dL/dparams in the layout of dlab_nl_get_params. For gradient checks.
 * DLAB_EDIVERGED when that loss is not finite. */
int dlab_nl_gradient(dlab_nl *h, const double *X, const double *labels, const double *Y, double rows,
                     double *loss, double *grad);

/* out[0 .. DLAB_NL_INFO_LEN - 1]: */
enum {
  DLAB_NL_INFO_DEPTH = 0,
  DLAB_NL_INFO_N0 = 1,
  DLAB_NL_INFO_ND = 2,
  DLAB_NL_INFO_PARAMS = 3,           /* sum_l n_l (n_(l-1) + 1) */
  DLAB_NL_INFO_STEPS = 4,            /* steps taken */
  DLAB_NL_INFO_EPOCH_STEPS = 5,      /* steps per epoch: ceil(rows / batch) */
  DLAB_NL_INFO_BATCH = 6,            /* rows per batch (the last of an epoch may hold fewer) */
  DLAB_NL_INFO_LEN = 7
};
int dlab_nl_info(const dlab_nl *h, double *out);

#endif
