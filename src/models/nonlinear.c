/* Nonlinear networks trained by minibatch SGD (nonlinear.h; docs/theory.md §5.12): the data,
 * the batches, the init and the records around the sample head of the one gradient-descent
 * core (gd_core.h). One allocation per handle, made in create (the orthogonal init borrows
 * a scratch matrix); step, read and gradient allocate nothing. */
#include "depthlab/nonlinear.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/status_internal.h"
#include "depthlab/chaos.h"
#include "linalg/rng_internal.h"
#include "models/gd_core.h"

/* Rows of a data set, in an order (idx, or file order when NULL), from `start`. */
typedef struct {
  const double *X, *labels, *Y;
  const int *idx;
  long start, count;
} nl_rows;

struct dlab_nl {
  gd_net net;
  int D, n0, nD, loss;
  long P, Pt, B, epoch_steps;
  double *X, *labels, *Y, *Xt, *labels_t, *Yt;   /* copies of the data (labels or Y NULL) */
  int *perm;                                     /* the order of epoch perm_epoch */
  int64_t perm_epoch;
  double seed;
  int has_init;
  nl_rows fixed;                                 /* dlab_nl_gradient's rows */
};

static const gd_advice ADVICE = { "this network and data", "a smaller sw or fewer layers" };

/* ---- blocks of rows ------------------------------------------------------------ */

/* Block k of `rows` into the core's X (n_0 x cols) and Y (n_D x cols, one-hot for labels);
 * scale = 1 / the rows of the batch. Returns the number of blocks. */
static int fill_block(dlab_nl *h, const nl_rows *r, int k) {
  gd_net *net = &h->net;
  int cap = net->cap, n0 = h->n0, nD = h->nD;
  long first = r->start + (long)k * cap, left = r->start + r->count - first;
  int cols = (int)(left < cap ? left : cap);
  net->cols = cols;
  net->scale = 1.0 / (double)r->count;
  for (int j = 0; j < cols; j++) {
    long row = r->idx ? r->idx[first + j] : first + j;
    const double *x = r->X + (size_t)row * n0;
    for (int i = 0; i < n0; i++) net->X[(size_t)i * cols + j] = x[i];
    if (r->labels) {
      int lab = (int)r->labels[row];
      for (int i = 0; i < nD; i++) net->Y[(size_t)i * cols + j] = i == lab;
    } else {
      const double *y = r->Y + (size_t)row * nD;
      for (int i = 0; i < nD; i++) net->Y[(size_t)i * cols + j] = y[i];
    }
  }
  return (int)((r->count + cap - 1) / cap);
}

/* The order of epoch e: Fisher-Yates from a stream seeded by (seed, e) alone. */
static void order_epoch(dlab_nl *h, int64_t e) {
  if (h->perm_epoch == e) return;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)h->seed ^ (0x9E3779B97F4A7C15ULL * (uint64_t)(e + 1)));
  for (long i = 0; i < h->P; i++) h->perm[i] = (int)i;
  for (long i = h->P - 1; i > 0; i--) {
    long j = (long)(dlab_rng_uniform(&r) * (double)(i + 1));
    int t = h->perm[i]; h->perm[i] = h->perm[j]; h->perm[j] = t;
  }
  h->perm_epoch = e;
}

/* gd_load: block k of the batch of step net->steps. */
static int load_step(gd_net *net, void *ctx, int k) {
  dlab_nl *h = ctx;
  int64_t e = net->steps / h->epoch_steps, j = net->steps % h->epoch_steps;
  nl_rows r = { h->X, h->labels, h->Y, NULL, (long)j * h->B, 0 };
  r.count = h->P - r.start < h->B ? h->P - r.start : h->B;
  if (h->B < h->P) {
    order_epoch(h, e);
    r.idx = h->perm;
  }
  return fill_block(h, &r, k);
}

/* gd_load: block k of dlab_nl_gradient's rows. */
static int load_fixed(gd_net *net, void *ctx, int k) {
  dlab_nl *h = ctx;
  return fill_block(h, &h->fixed, k);
}

/* Loss and error (fraction of rows whose largest output is not the label; NaN for real
 * targets) of the current weights on rows r, block by block. */
static void evaluate(dlab_nl *h, const nl_rows *r, double *loss, double *error) {
  gd_net *net = &h->net;
  long wrong = 0;
  double L = 0;
  int blocks = fill_block(h, r, 0);
  for (int k = 0; k < blocks; k++) {
    if (k > 0) fill_block(h, r, k);
    L += gd_forward(net);
    if (!r->labels) continue;
    int cols = net->cols;
    for (int j = 0; j < cols; j++) {
      int best = 0;
      for (int i = 1; i < h->nD; i++)
        if (net->out[(size_t)i * cols + j] > net->out[(size_t)best * cols + j]) best = i;
      long row = r->start + (long)k * net->cap + j;
      if (best != (int)r->labels[row]) wrong++;
    }
  }
  *loss = isnan(L) ? INFINITY : L;   /* outputs that overflow (inf - inf): the loss is unbounded, not undefined */
  *error = r->labels ? (double)wrong / (double)r->count : NAN;
}

/* ---- checks ----------------------------------------------------------------------- */

static int read_widths(int depth, const double *widths, int *n) {
  int st;
  if ((st = dlab_check_int("depth", depth, 1, DLAB_NL_MAX_DEPTH)) || (st = dlab_check_ptr("widths", widths)))
    return st;
  for (int l = 0; l <= depth; l++) {
    double w = widths[l];
    if (!(w >= 1 && w <= DLAB_NL_MAX_WIDTH && w == floor(w)))
      return dlab_fail(DLAB_EINVAL, "widths[%d] (size of layer %d) must be an integer in [1, %d], got %g", l, l,
                       DLAB_NL_MAX_WIDTH, w);
    n[l] = (int)w;
  }
  return DLAB_OK;
}

/* The rows of one data set (`what`: "training" or "test"): X finite and bounded, labels
 * whole numbers in [0, nD - 1] or Y finite and bounded. */
static int check_rows(const char *what, const char *xname, const char *lname, const char *yname, const double *X,
                      const double *labels, const double *Y, long rows, int n0, int nD) {
  int st;
  if ((st = dlab_check_ptr(xname, X))) return st;
  if (!labels == !Y)
    return dlab_fail(DLAB_EINVAL, "the %s data needs either %s (class labels) or %s (real targets), exactly one of them",
                     what, lname, yname);
  for (long k = 0; k < rows * n0; k++)
    if (!(fabs(X[k]) <= DLAB_NL_MAX_VALUE))
      return dlab_fail(DLAB_EINVAL, "%s[%ld][%ld] must be a finite number in [-%g, %g], got %g; scale the inputs", xname,
                       k / n0, k % n0, DLAB_NL_MAX_VALUE, DLAB_NL_MAX_VALUE, X[k]);
  if (labels) {
    for (long k = 0; k < rows; k++)
      if (!(labels[k] >= 0 && labels[k] <= nD - 1 && labels[k] == floor(labels[k])))
        return dlab_fail(DLAB_EINVAL, "%s[%ld] must be a class in [0, %d] (outputs - 1), got %g; use as many outputs as classes",
                         lname, k, nD - 1, labels[k]);
  } else {
    for (long k = 0; k < rows * nD; k++)
      if (!(fabs(Y[k]) <= DLAB_NL_MAX_VALUE))
        return dlab_fail(DLAB_EINVAL, "%s[%ld][%ld] must be a finite number in [-%g, %g], got %g; scale the targets", yname,
                         k / nD, k % nD, DLAB_NL_MAX_VALUE, DLAB_NL_MAX_VALUE, Y[k]);
  }
  return DLAB_OK;
}

static int check_count(const char *name, double v, long lo) {
  if (!(v >= lo && v <= DLAB_NL_MAX_SAMPLES && v == floor(v)))
    return dlab_fail(DLAB_EINVAL, "%s must be a whole number in [%ld, %ld], got %g", name, lo, (long)DLAB_NL_MAX_SAMPLES, v);
  return DLAB_OK;
}

/* ---- create, init, free ------------------------------------------------------------- */

int dlab_nl_create(int depth, const double *widths, int phi, int loss, int biases, double batch,
                   const double *X, const double *labels, const double *Y, double rows,
                   const double *Xt, const double *labels_t, const double *Yt, double test_rows, dlab_nl **out) {
  dlab_clear_error();
  int n[DLAB_NL_MAX_DEPTH + 1], phis[DLAB_NL_MAX_DEPTH + 1], st;
  if ((st = dlab_check_ptr("out", out))) return st;
  *out = NULL;
  if ((st = read_widths(depth, widths, n)) ||
      (st = dlab_check_int("phi (0 linear, 1 tanh, 2 relu, 3 erf)", phi, 0, DLAB_PHI_COUNT - 1)) ||
      (st = dlab_check_int("loss (0 squared, 1 softmax)", loss, 0, 1)) || (st = dlab_check_int("biases", biases, 0, 1)) ||
      (st = dlab_check_whole("batch", batch)) || (st = check_count("rows (training samples)", rows, 1)) ||
      (st = check_count("test rows", test_rows, 0)))
    return st;
  int n0 = n[0], nD = n[depth];
  long P = (long)rows, Pt = (long)test_rows;
  if (loss == DLAB_NL_SOFTMAX && !labels)
    return dlab_fail(DLAB_EINVAL, "the softmax loss needs class labels: pass labels, not real targets Y (or use the squared loss)");
  if (loss == DLAB_NL_SOFTMAX && nD < 2)
    return dlab_fail(DLAB_EINVAL, "the softmax loss needs at least 2 outputs (classes), got %d", nD);
  if ((st = check_rows("training", "X", "labels", "Y", X, labels, Y, P, n0, nD))) return st;
  if (Pt > 0) {
    if ((st = check_rows("test", "Xt (test inputs)", "test labels", "Yt (test targets)", Xt, labels_t, Yt, Pt, n0, nD)))
      return st;
    if (!labels != !labels_t)
      return dlab_fail(DLAB_EINVAL, "the test data must be of the training data's kind: %s", labels ? "labels" : "real targets Y");
  }
  long B = batch == 0 || batch >= (double)P ? P : (long)batch;
  long most = P > Pt ? P : Pt, evalc = most < 256 ? most : 256;
  int cap = (int)(B > evalc ? B : evalc);
  if (cap > DLAB_NL_BLOCK) cap = DLAB_NL_BLOCK;
  for (int l = 1; l <= depth; l++) phis[l] = l < depth ? phi : DLAB_PHI_LINEAR;
  phis[0] = DLAB_PHI_LINEAR;
  double data = (double)P * n0 + (labels ? P : (double)P * nD) + (double)Pt * n0 + (labels ? Pt : (double)Pt * nD);
  data += ceil(P * (double)sizeof(int) / sizeof(double));   /* the epoch's order */
  double total = gd_sample_doubles(1, depth, n, phis, cap) + data;
  if (total > (double)DLAB_NL_MAX_DOUBLES)
    return dlab_fail(DLAB_ELIMIT, "this network, batch and data need %g doubles, above the limit of %ld (DLAB_NL_MAX_DOUBLES); use fewer or narrower layers, a smaller batch or fewer samples",
                     total, (long)DLAB_NL_MAX_DOUBLES);
  dlab_nl *h = calloc(1, sizeof *h);
  if (!h) return dlab_fail(DLAB_ENOMEM, "could not allocate the network");
  double *q;
  if ((st = gd_alloc_samples(&h->net, loss == DLAB_NL_SOFTMAX ? GD_HEAD_SOFTMAX : GD_HEAD_SQUARED, 1, depth, n, phis,
                             biases, cap, data, &q))) {
    free(h);
    return st;
  }
  h->D = depth;
  h->n0 = n0;
  h->nD = nD;
  h->loss = loss;
  h->P = P;
  h->Pt = Pt;
  h->B = B;
  h->epoch_steps = (P + B - 1) / B;
  h->perm_epoch = -1;
#define TAKE(ptr, src, count) do { (ptr) = q; memcpy(q, (src), sizeof(double) * (size_t)(count)); q += (size_t)(count); } while (0)
  TAKE(h->X, X, (size_t)P * n0);
  if (labels) TAKE(h->labels, labels, P);
  else TAKE(h->Y, Y, (size_t)P * nD);
  if (Pt > 0) {
    TAKE(h->Xt, Xt, (size_t)Pt * n0);
    if (labels) TAKE(h->labels_t, labels_t, Pt);
    else TAKE(h->Yt, Yt, (size_t)Pt * nD);
  }
#undef TAKE
  h->perm = (int *)(void *)q;
  /* the divergence reference's floor: y2 = <|y|^2> (1 for one-hot targets) */
  double y2 = 0;
  if (labels) y2 = 1;
  else {
    for (long k = 0; k < P * nD; k++) y2 += Y[k] * Y[k];
    y2 /= (double)P;
  }
  h->net.y2 = y2;
  h->net.load = load_step;
  h->net.load_ctx = h;
  *out = h;
  return DLAB_OK;
}

void dlab_nl_free(dlab_nl *h) {
  if (!h) return;
  gd_release(&h->net);
  free(h);
}

static int check_handle(const dlab_nl *h) { return dlab_check_ptr("handle", h); }

int dlab_nl_init(dlab_nl *h, int kind, double sw, double sb, double seed) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_int("init (0 gaussian, 1 orthogonal)", kind, 0, 1)) ||
      (st = dlab_check_real("sw", sw, 0, DLAB_NL_MAX_SW)) || (st = dlab_check_real("sb", sb, 0, DLAB_NL_MAX_SB)) ||
      (st = dlab_check_seed(seed)))
    return st;
  gd_net *net = &h->net;
  double *work = NULL;
  if (kind == DLAB_NL_INIT_ORTHOGONAL) {
    work = malloc(sizeof(double) * (size_t)gd_draw_work(net->nall));
    if (!work) return dlab_fail(DLAB_ENOMEM, "could not allocate the scratch of the orthogonal init");
  }
  h->has_init = 0;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)seed);
  gd_chain *c = &net->ch[0];
  for (int l = 1; l <= h->D && !st; l++)
    st = gd_draw_layer(&r, net->n[l], net->n[l - 1], kind == DLAB_NL_INIT_ORTHOGONAL, sw, c->W[l], work);
  free(work);
  if (st) return dlab_fail(st, "the orthogonal init failed (its QR did not converge)");
  for (int l = 1; l <= h->D; l++) {
    if (net->biases) dlab_rng_fill_normal(&r, c->b[l], (size_t)net->n[l], sb);
    else memset(c->b[l], 0, sizeof(double) * (size_t)net->n[l]);
  }
  h->seed = seed;
  h->perm_epoch = -1;
  double L0 = gd_start(net);   /* W0 = W, step 0, the divergence reference */
  if (!isfinite(L0))
    return dlab_fail(DLAB_EINVAL, "the initial weights overflow: sw %g at depth %d makes the first batch's loss %g; use a smaller sw",
                     sw, h->D, L0);
  h->has_init = 1;
  return DLAB_OK;
}

/* ---- stepping and reading ------------------------------------------------------------ */

static int check_ready(const dlab_nl *h, const char *doing) {
  int st;
  if ((st = check_handle(h))) return st;
  if (!h->has_init) return dlab_fail(DLAB_ESTATE, "initialise the weights (dlab_nl_init) before %s", doing);
  if (h->net.diverged)
    return dlab_fail(DLAB_ESTATE, "training diverged: the weights are not finite; initialise or restore them before %s", doing);
  return DLAB_OK;
}

int dlab_nl_step(dlab_nl *h, long nsteps, double lr) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_int("steps", nsteps, 0, DLAB_NL_MAX_STEPS)) ||
      (st = dlab_check_real_above("lr (learning rate)", lr, 0, DLAB_NL_MAX_LR)) || (st = check_ready(h, "stepping")))
    return st;
  double taken;
  return gd_run(&h->net, nsteps, lr, -1, &taken, &ADVICE);
}

int dlab_nl_read(dlab_nl *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("out", out)) || (st = check_ready(h, "reading"))) return st;
  double steps = (double)h->net.steps;
  out[DLAB_NL_REC_STEP] = steps;
  out[DLAB_NL_REC_EPOCH] = steps / (double)h->epoch_steps;
  nl_rows train = { h->X, h->labels, h->Y, NULL, 0, h->P };
  evaluate(h, &train, &out[DLAB_NL_REC_TRAIN_LOSS], &out[DLAB_NL_REC_TRAIN_ERROR]);
  if (h->Pt > 0) {
    nl_rows test = { h->Xt, h->labels_t, h->Yt, NULL, 0, h->Pt };
    evaluate(h, &test, &out[DLAB_NL_REC_TEST_LOSS], &out[DLAB_NL_REC_TEST_ERROR]);
  } else {
    out[DLAB_NL_REC_TEST_LOSS] = out[DLAB_NL_REC_TEST_ERROR] = NAN;
  }
  return DLAB_OK;
}

static size_t param_count(const dlab_nl *h) {
  size_t c = 0;
  for (int l = 1; l <= h->D; l++) c += (size_t)h->net.n[l] * (h->net.n[l - 1] + 1);
  return c;
}

/* Copies the parameters out of (to_params) or into the network, W^l then b^l per layer;
 * `W`, `b`: the weights and biases, or the gradient accumulators. */
static void params_io(dlab_nl *h, double *const *W, double *const *b, double *params, int to_params) {
  size_t at = 0;
  for (int l = 1; l <= h->D; l++) {
    size_t w = (size_t)h->net.n[l] * h->net.n[l - 1], bl = (size_t)h->net.n[l];
    if (to_params) {
      memcpy(params + at, W[l], sizeof(double) * w);
      memcpy(params + at + w, b[l], sizeof(double) * bl);
    } else {
      memcpy(W[l], params + at, sizeof(double) * w);
      memcpy(b[l], params + at + w, sizeof(double) * bl);
    }
    at += w + bl;
  }
}

int dlab_nl_get_params(dlab_nl *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("out", out))) return st;
  if (!h->has_init) return dlab_fail(DLAB_ESTATE, "initialise the weights (dlab_nl_init) before reading them");
  params_io(h, h->net.ch[0].W, h->net.ch[0].b, out, 1);
  return DLAB_OK;
}

int dlab_nl_restore(dlab_nl *h, const double *params, double steps) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("params", params)) || (st = dlab_check_whole("steps", steps)))
    return st;
  size_t count = param_count(h);
  for (size_t k = 0; k < count; k++)
    if (!isfinite(params[k]))
      return dlab_fail(DLAB_EINVAL, "params must be finite, but params[%zu] = %g", k, params[k]);
  if (!h->has_init) return dlab_fail(DLAB_ESTATE, "initialise the network as the paused run was before restoring its parameters");
  if (!h->net.biases)
    for (int l = 1, at = 0; l <= h->D; l++) {
      at += h->net.n[l] * h->net.n[l - 1];
      for (int i = 0; i < h->net.n[l]; i++)
        if (params[at + i] != 0)
          return dlab_fail(DLAB_EINVAL, "this network has no biases, but the bias %d of layer %d in params is %g", i, l, params[at + i]);
      at += h->net.n[l];
    }
  /* Take them, keeping the old ones in the gradient accumulators until their loss (of the
   * batch of step `steps`) is known to be finite. */
  gd_chain *c = &h->net.ch[0];
  for (int l = 1; l <= h->D; l++) {
    memcpy(c->dW[l], c->W[l], sizeof(double) * (size_t)h->net.n[l] * h->net.n[l - 1]);
    memcpy(c->db[l], c->b[l], sizeof(double) * (size_t)h->net.n[l]);
  }
  int64_t old_steps = h->net.steps;
  params_io(h, c->W, c->b, (double *)(uintptr_t)params, 0);
  h->net.steps = (int64_t)steps;
  double loss = gd_batch_loss(&h->net, 0);
  if (!isfinite(loss)) {
    for (int l = 1; l <= h->D; l++) {
      memcpy(c->W[l], c->dW[l], sizeof(double) * (size_t)h->net.n[l] * h->net.n[l - 1]);
      memcpy(c->b[l], c->db[l], sizeof(double) * (size_t)h->net.n[l]);
    }
    h->net.steps = old_steps;
    return dlab_fail(DLAB_EINVAL, "the restored parameters overflow: the loss of their batch is %g; restore the parameters of a run that did not diverge", loss);
  }
  h->net.diverged = 0;
  return DLAB_OK;
}

int dlab_nl_gradient(dlab_nl *h, const double *X, const double *labels, const double *Y, double rows, double *loss,
                     double *grad) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = check_count("rows", rows, 1)) || (st = dlab_check_ptr("loss", loss)))
    return st;
  if (h->loss == DLAB_NL_SOFTMAX && !labels)
    return dlab_fail(DLAB_EINVAL, "the softmax loss needs class labels: pass labels, not real targets Y");
  if ((st = check_rows("given", "X", "labels", "Y", X, labels, Y, (long)rows, h->n0, h->nD)) ||
      (st = check_ready(h, "taking a gradient")))
    return st;
  nl_rows r = { X, labels, Y, NULL, 0, (long)rows };
  h->fixed = r;
  h->net.load = load_fixed;
  double L = gd_batch_loss(&h->net, grad != NULL);
  h->net.load = load_step;
  if (!isfinite(L))
    return dlab_fail(DLAB_EDIVERGED, "the loss of the current parameters on these rows overflows (%g): its gradient is not finite; use smaller weights or inputs", L);
  *loss = L;
  if (grad) {
    gd_chain *c = &h->net.ch[0];
    params_io(h, c->dW, c->db, grad, 1);
    size_t count = param_count(h);
    for (size_t k = 0; k < count; k++) grad[k] = -grad[k];   /* dW, db hold -dL/d(params) */
  }
  return DLAB_OK;
}

int dlab_nl_info(const dlab_nl *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("out", out))) return st;
  out[DLAB_NL_INFO_DEPTH] = h->D;
  out[DLAB_NL_INFO_N0] = h->n0;
  out[DLAB_NL_INFO_ND] = h->nD;
  out[DLAB_NL_INFO_PARAMS] = (double)param_count(h);
  out[DLAB_NL_INFO_STEPS] = (double)h->net.steps;
  out[DLAB_NL_INFO_EPOCH_STEPS] = (double)h->epoch_steps;
  out[DLAB_NL_INFO_BATCH] = (double)h->B;
  return DLAB_OK;
}
