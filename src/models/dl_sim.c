/* Gradient descent on deep linear networks (docs/theory.md §1.5; Saxe et al. 2014): the data,
 * the initialisations and the records around the one gradient-descent core (gd_core.h).
 * One allocation per handle, made in create; step and read allocate nothing. */
#include "depthlab/dl_sim.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/status_internal.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"
#include "models/gd_core.h"

struct dlab_dls {
  gd_net net;                  /* W, W0, the partial products (net.ch[0].A), S11, S31, y2 */
  int D, n0, nD, p, m, nmax, nall;  /* nmax: largest of n_1..n_D; nall: of n_0..n_D */
  const int *n;                /* net.n */
  double **W, **W0, **P;       /* net.ch[0]: weights, start, partial products W^l..W^1 */
  double *S11, *S31;           /* net.S11, net.S31 */
  double *U, *V, *S, *T;       /* modes of Sigma31 (p columns), and W_tot V */
  double *svals, *svd_work;    /* singular values of W_tot */
  double *tmp;                 /* init / get scratch */
  int kind;                    /* the last init, for the divergence advice */
  int has_data, has_init;
};

static size_t svd_work_max(int D, const int *n) {
  size_t w = 0;
  for (int l = 1; l <= D; l++) {
    size_t v = dlab_svd_work_size(n[l], n[0]);
    if (v > w) w = v;
  }
  return w;
}

/* Doubles beyond the core's, and the total; also the size check. */
static int layout(int D, const int *n, double *extra, size_t *tmp_len) {
  int n0 = n[0], nD = n[D], p = n0 < nD ? n0 : nD, nall = 0;
  for (int l = 0; l <= D; l++) if (n[l] > nall) nall = n[l];
  double d = (double)nD * p + (double)n0 * p + p + (double)nD * p;   /* U, V, S, T */
  d += p + (double)dlab_svd_work_size(nD, n0);
  double tl = 3.0 * nall * nall + (double)dlab_haar_work_size(nall) + (double)svd_work_max(D, n) + nall;
  /* the pretrained init: Haar draw + two frames + product scratch, eigenvalues, eigen/Haar work */
  double ew = (double)dlab_eigen_work_size(n0), hw = (double)dlab_haar_work_size(nall);
  double pre = 4.0 * nall * nall + nall + (ew > hw ? ew : hw);
  if (pre > tl) tl = pre;
  d += tl;
  double total = gd_doubles(1, D, n) + d;
  if (total > (double)DLAB_DLS_MAX_DOUBLES)
    return dlab_fail(DLAB_ELIMIT, "a network of depth %d with these widths needs %g doubles, above the limit of %ld (DLAB_DLS_MAX_DOUBLES); use fewer or narrower layers",
                     D, total, (long)DLAB_DLS_MAX_DOUBLES);
  *extra = d;
  *tmp_len = (size_t)tl;
  return DLAB_OK;
}

static int read_widths(int depth, const double *widths, int *n) {
  int st;
  if ((st = dlab_check_int("depth", depth, 1, DLAB_DLS_MAX_DEPTH)) || (st = dlab_check_ptr("widths", widths)))
    return st;
  for (int l = 0; l <= depth; l++) {
    double w = widths[l];
    if (!(w >= 1 && w <= DLAB_DLS_MAX_WIDTH && w == floor(w)))
      return dlab_fail(DLAB_EINVAL, "widths[%d] (size of layer %d) must be an integer in [1, %d], got %g",
                       l, l, DLAB_DLS_MAX_WIDTH, w);
    n[l] = (int)w;
  }
  return DLAB_OK;
}

int dlab_dls_size(int depth, const double *widths, double *doubles_out) {
  dlab_clear_error();
  int n[DLAB_DLS_MAX_DEPTH + 1], st;
  double extra;
  size_t tl;
  if ((st = read_widths(depth, widths, n)) || (st = dlab_check_ptr("doubles_out", doubles_out))) return st;
  if ((st = layout(depth, n, &extra, &tl))) return st;
  *doubles_out = gd_doubles(1, depth, n) + extra;
  return DLAB_OK;
}

int dlab_dls_create(int depth, const double *widths, dlab_dls **out) {
  dlab_clear_error();
  int n[DLAB_DLS_MAX_DEPTH + 1], st;
  double extra;
  size_t tl;
  if ((st = dlab_check_ptr("out", out))) return st;
  *out = NULL;
  if ((st = read_widths(depth, widths, n)) || (st = layout(depth, n, &extra, &tl))) return st;
  dlab_dls *h = calloc(1, sizeof *h);
  if (!h) return dlab_fail(DLAB_ENOMEM, "could not allocate the simulator");
  double *q;
  if ((st = gd_alloc(&h->net, 1, depth, n, extra, &q))) {
    free(h);
    return st;
  }
  h->D = depth;
  h->n = h->net.n;
  h->n0 = n[0];
  h->nD = n[depth];
  h->p = h->n0 < h->nD ? h->n0 : h->nD;
  h->nmax = h->net.nmax;
  h->nall = h->net.nall;
  h->W = h->net.ch[0].W;
  h->W0 = h->net.ch[0].W0;
  h->P = h->net.ch[0].A;
  h->S11 = h->net.S11;
  h->S31 = h->net.S31;
#define TAKE(ptr, count) do { (ptr) = q; q += (size_t)(count); } while (0)
  TAKE(h->U, (size_t)h->nD * h->p);
  TAKE(h->V, (size_t)h->n0 * h->p);
  TAKE(h->S, h->p);
  TAKE(h->T, (size_t)h->nD * h->p);
  TAKE(h->svals, h->p);
  TAKE(h->svd_work, dlab_svd_work_size(h->nD, h->n0));
  TAKE(h->tmp, tl);
#undef TAKE
  *out = h;
  return DLAB_OK;
}

void dlab_dls_free(dlab_dls *h) {
  if (!h) return;
  gd_release(&h->net);
  free(h);
}

static int check_handle(const dlab_dls *h) { return dlab_check_ptr("handle", h); }

/* A data call that fails after overwriting Sigma11 / Sigma31 / the modes leaves no data
 * (and so no usable weights): the handle asks for data again instead of mixing old and new. */
static int data_lost(dlab_dls *h, int st) {
  h->has_data = 0;
  h->has_init = 0;
  h->net.diverged = 0;
  return st;
}

/* c0: the loss no weights can remove, when it is known exactly (else -1). */
static void data_ready(dlab_dls *h, double c0) {
  h->has_data = 1;
  h->has_init = 0;
  h->net.diverged = 0;
  gd_stats_ready(&h->net, c0);
}

int dlab_dls_set_spectrum(dlab_dls *h, const double *s, int m, double seed) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("s (singular values)", s)) ||
      (st = dlab_check_int("number of singular values", m, 1, h->p)) || (st = dlab_check_seed(seed)))
    return st;
  for (int a = 0; a < m; a++)
    if ((st = dlab_check_real("singular value", s[a], 0, DLAB_DLS_MAX_SCALE)))
      return dlab_fail(DLAB_EINVAL, "singular value s%d must be a finite number in [0, %g], got %g", a + 1,
                       DLAB_DLS_MAX_SCALE, s[a]);
  int n0 = h->n0, nD = h->nD, p = h->p;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)seed);
  double *Q = h->tmp, *work = Q + (size_t)h->nall * h->nall;
  if ((st = dlab_rng_haar_orthogonal(&r, nD, Q, work))) return data_lost(h, st);
  for (int i = 0; i < nD; i++) memcpy(h->U + (size_t)i * p, Q + (size_t)i * nD, sizeof(double) * (size_t)p);
  if ((st = dlab_rng_haar_orthogonal(&r, n0, Q, work))) return data_lost(h, st);
  for (int i = 0; i < n0; i++) memcpy(h->V + (size_t)i * p, Q + (size_t)i * n0, sizeof(double) * (size_t)p);
  double y2 = 0;
  for (int a = 0; a < p; a++) {
    h->S[a] = a < m ? s[a] : 0;
    y2 += h->S[a] * h->S[a];
  }
  /* Sigma31 = U S V^T: scale U's columns into T, then one product. */
  for (int i = 0; i < nD; i++)
    for (int a = 0; a < p; a++) h->T[(size_t)i * p + a] = h->U[(size_t)i * p + a] * h->S[a];
  dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, nD, n0, p, 1.0, h->T, p, h->V, p, 0.0, h->S31, n0);
  memset(h->S11, 0, sizeof(double) * (size_t)n0 * n0);
  for (int i = 0; i < n0; i++) h->S11[(size_t)i * n0 + i] = 1;
  h->net.y2 = y2;
  h->m = m;
  data_ready(h, 0);   /* y = Sigma31 x exactly: nothing is left unfitted */
  return DLAB_OK;
}

/* Modes of a general Sigma31 by its SVD (descending). */
static int modes_from_svd(dlab_dls *h) {
  int st = dlab_svd(h->nD, h->n0, h->S31, h->n0, h->U, h->S, h->V, h->svd_work);
  if (st) {
    size_t len = (size_t)h->nD * h->n0, k = 0;
    while (k < len && isfinite(h->S31[k])) k++;
    if (k < len)   /* set_samples: Y^T X / P overflowed */
      return dlab_fail(st, "the SVD of Sigma31 (%d x %d) did not converge: Sigma31 = Y^T X / P is not finite (the samples are too large); scale them down",
                       h->nD, h->n0);
    return dlab_fail(st, "the SVD of Sigma31 (%d x %d) did not converge", h->nD, h->n0);
  }
  h->m = h->p;
  return DLAB_OK;
}

static int finish_stats(dlab_dls *h) {
  int st = modes_from_svd(h);
  if (st) return data_lost(h, st);
  data_ready(h, -1);
  return DLAB_OK;
}

int dlab_dls_set_samples(dlab_dls *h, const double *X, const double *Y, long P) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("X", X)) || (st = dlab_check_ptr("Y", Y)) ||
      (st = dlab_check_int("P (number of samples)", P, 1, DLAB_DLS_MAX_SAMPLES)))
    return st;
  int n0 = h->n0, nD = h->nD;
  double y2 = 0;
  for (long i = 0; i < P * n0; i++)
    if (!isfinite(X[i]))
      return dlab_fail(DLAB_EINVAL, "X must hold finite numbers, but X[%ld][%ld] = %g", i / n0, i % n0, X[i]);
  for (long i = 0; i < P * nD; i++) {
    if (!isfinite(Y[i]))
      return dlab_fail(DLAB_EINVAL, "Y must hold finite numbers, but Y[%ld][%ld] = %g", i / nD, i % nD, Y[i]);
    y2 += Y[i] * Y[i];
  }
  if (P > 2147483647L) return dlab_fail(DLAB_ELIMIT, "P must fit an int, got %ld", P);
  dlab_gemm(DLAB_TRANS, DLAB_NOTRANS, n0, n0, (int)P, 1.0 / (double)P, X, n0, X, n0, 0.0, h->S11, n0);
  dlab_gemm(DLAB_TRANS, DLAB_NOTRANS, nD, n0, (int)P, 1.0 / (double)P, Y, nD, X, n0, 0.0, h->S31, n0);
  h->net.y2 = y2 / (double)P;
  return finish_stats(h);
}

int dlab_dls_set_stats(dlab_dls *h, const double *sigma11, const double *sigma31, double y2) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("Sigma11", sigma11)) ||
      (st = dlab_check_ptr("Sigma31", sigma31)) || (st = dlab_check_real("y2", y2, 0, HUGE_VAL)))
    return st;
  int n0 = h->n0, nD = h->nD;
  for (int i = 0; i < n0; i++)
    for (int j = 0; j < n0; j++) {
      double a = sigma11[(size_t)i * n0 + j], b = sigma11[(size_t)j * n0 + i];
      if (!isfinite(a)) return dlab_fail(DLAB_EINVAL, "Sigma11 must hold finite numbers, but Sigma11[%d][%d] = %g", i, j, a);
      if (fabs(a - b) > 1e-12 * (fabs(a) + fabs(b)))
        return dlab_fail(DLAB_EINVAL, "Sigma11 must be symmetric, but Sigma11[%d][%d] = %g and Sigma11[%d][%d] = %g", i, j, a, j, i, b);
      if (i == j && a < 0) return dlab_fail(DLAB_EINVAL, "Sigma11 must be positive semi-definite, but Sigma11[%d][%d] = %g", i, i, a);
    }
  for (long i = 0; i < (long)nD * n0; i++)
    if (!isfinite(sigma31[i]))
      return dlab_fail(DLAB_EINVAL, "Sigma31 must hold finite numbers, but Sigma31[%ld][%ld] = %g", i / n0, i % n0, sigma31[i]);
  memcpy(h->S11, sigma11, sizeof(double) * (size_t)n0 * n0);
  memcpy(h->S31, sigma31, sizeof(double) * (size_t)nD * n0);
  h->net.y2 = y2;
  return finish_stats(h);
}

/* ---- initialisation ----------------------------------------------------- */

/* out (rows x cols) = A diag(w) B^T with A rows x k, B cols x k (leading dims lda, ldb). */
static void frame_product(int rows, int cols, int k, const double *A, int lda, const double *w,
                          const double *B, int ldb, double *out, double *scratch) {
  for (int i = 0; i < rows; i++)
    for (int a = 0; a < k; a++) scratch[(size_t)i * k + a] = A[(size_t)i * lda + a] * w[a];
  dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, rows, cols, k, 1.0, scratch, k, B, ldb, 0.0, out, cols);
}

static int check_decoupled_shape(const dlab_dls *h) {
  for (int l = 1; l < h->D; l++)
    if (h->n[l] < h->m)
      return dlab_fail(DLAB_EINVAL, "decoupled init needs every hidden width >= the number of modes (%d), but layer %d has width %d",
                       h->m, l, h->n[l]);
  return DLAB_OK;
}

static int init_decoupled(dlab_dls *h, dlab_rng *r, double a0) {
  int D = h->D, m = h->m, p = h->p, nall = h->nall, st;
  if ((st = check_decoupled_shape(h))) return st;
  /* scratch: Q (nall^2) + haar work | Rprev | Rcur | product scratch, each nall x m */
  double *Rprev = h->tmp + (size_t)nall * nall + dlab_haar_work_size(nall);
  double *Rcur = Rprev + (size_t)nall * m, *sc = Rcur + (size_t)nall * m;
  double w[DLAB_DLS_MAX_WIDTH] = { 0 };
  double wl = pow(a0, 1.0 / D);
  for (int a = 0; a < m; a++) w[a] = wl;
  if (D == 1) {
    for (int a = 0; a < m; a++) w[a] = a0;
    frame_product(h->nD, h->n0, m, h->U, p, w, h->V, p, h->W[1], sc);
    return DLAB_OK;
  }
  for (int l = 1; l <= D; l++) {
    const double *left, *right;
    int ldl, ldr;
    if (l < D) {
      int nl = h->n[l];
      double *Q = h->tmp;
      if ((st = dlab_rng_haar_orthogonal(r, nl, Q, Q + (size_t)nall * nall))) return st;
      for (int i = 0; i < nl; i++) memcpy(Rcur + (size_t)i * m, Q + (size_t)i * nl, sizeof(double) * (size_t)m);
      left = Rcur; ldl = m;
    } else {
      left = h->U; ldl = p;
    }
    if (l == 1) { right = h->V; ldr = p; }
    else { right = Rprev; ldr = m; }
    frame_product(h->n[l], h->n[l - 1], m, left, ldl, w, right, ldr, h->W[l], sc);
    double *t = Rprev; Rprev = Rcur; Rcur = t;
  }
  return DLAB_OK;
}

/* Greedy layer-wise pretraining in closed form (dl_sim.h, PRETRAINED). */
static int init_pretrained(dlab_dls *h, dlab_rng *r, double g) {
  int n0 = h->n0, nall = h->nall, st;
  size_t sq = (size_t)nall * nall;
  double *Q = h->tmp, *Bprev = Q + sq, *Bcur = Bprev + sq, *sc = Bcur + sq, *ev = sc + sq, *work = ev + nall;
  /* Bprev (n0 x n0, ld n0): the principal directions of the input, largest variance first
   * (dlab_eigen_sym gives them ascending, in the columns of Q). */
  if ((st = dlab_eigen_sym(n0, h->S11, n0, ev, Q, work)))
    return dlab_fail(st, "the eigen-decomposition of Sigma11 (%d x %d) did not converge", n0, n0);
  for (int i = 0; i < n0; i++)
    for (int j = 0; j < n0; j++) Bprev[(size_t)i * n0 + j] = Q[(size_t)i * n0 + (n0 - 1 - j)];
  double w[DLAB_DLS_MAX_WIDTH];
  int k = n0, ldprev = n0;
  for (int l = 1; l <= h->D; l++) {
    int nl = h->n[l];
    if (nl < k) k = nl;
    if ((st = dlab_rng_haar_orthogonal(r, nl, Q, work))) return st;
    for (int i = 0; i < nl; i++) memcpy(Bcur + (size_t)i * k, Q + (size_t)i * nl, sizeof(double) * (size_t)k);
    for (int a = 0; a < k; a++) w[a] = g;
    /* W^l = g R_l (the top k directions of layer l-1's output)^T; R_l's columns are then layer l's. */
    frame_product(nl, h->n[l - 1], k, Bcur, k, w, Bprev, ldprev, h->W[l], sc);
    double *t = Bprev; Bprev = Bcur; Bcur = t;
    ldprev = k;
  }
  return DLAB_OK;
}

/* The shape checks of the lambda-balanced init (made before any weight is touched). */
static int check_lambda_shape(const dlab_dls *h) {
  if (h->D != 2) return dlab_fail(DLAB_EINVAL, "lambda-balanced init is defined for depth 2 (two weight matrices), got depth %d", h->D);
  if (h->n[1] > h->p)
    return dlab_fail(DLAB_EINVAL, "lambda-balanced init needs hidden width <= min(inputs, outputs) = %d, got %d", h->p, h->n[1]);
  return DLAB_OK;
}

/* b, c > 0 with c^2 - b^2 = lambda, b c = a0: the larger of b^2, c^2 is
 * (|lambda| + sqrt(lambda^2 + 4 a0^2)) / 2, a sum of positive terms; the other is
 * a0 over its root. (The textbook c^2 = (lambda + sqrt(...)) / 2 cancels to 0 for
 * lambda << -a0, giving c = 0, b = Infinity.) hypot: no underflow of a0^2. */
static void lambda_pair(double a0, double lambda, double *b, double *c) {
  double big = sqrt(0.5 * (fabs(lambda) + hypot(lambda, 2 * a0)));
  if (lambda >= 0) { *c = big; *b = a0 / big; }
  else { *b = big; *c = a0 / big; }
}

static int init_lambda(dlab_dls *h, dlab_rng *r, double a0, double lambda, int aligned) {
  int n0 = h->n0, n1 = h->n[1], n2 = h->nD, nall = h->nall, st;
  if ((st = check_lambda_shape(h))) return st;
  double b, c;
  lambda_pair(a0, lambda, &b, &c);
  double *Q = h->tmp, *hw = Q + (size_t)nall * nall;
  double *R = hw + dlab_haar_work_size(nall), *Ur = R + (size_t)nall * nall, *Vr = Ur + (size_t)nall * n1;
  double *sc = h->net.Ga;   /* free until the first forward pass */
  double w[DLAB_DLS_MAX_WIDTH] = { 0 };
  if ((st = dlab_rng_haar_orthogonal(r, n1, R, hw))) return st;
  if (aligned) {
    for (int i = 0; i < n2; i++) memcpy(Ur + (size_t)i * n1, h->U + (size_t)i * h->p, sizeof(double) * (size_t)n1);
    for (int i = 0; i < n0; i++) memcpy(Vr + (size_t)i * n1, h->V + (size_t)i * h->p, sizeof(double) * (size_t)n1);
  } else {
    if ((st = dlab_rng_haar_orthogonal(r, n2, Q, hw))) return st;
    for (int i = 0; i < n2; i++) memcpy(Ur + (size_t)i * n1, Q + (size_t)i * n2, sizeof(double) * (size_t)n1);
    if ((st = dlab_rng_haar_orthogonal(r, n0, Q, hw))) return st;
    for (int i = 0; i < n0; i++) memcpy(Vr + (size_t)i * n1, Q + (size_t)i * n0, sizeof(double) * (size_t)n1);
  }
  for (int a = 0; a < n1; a++) w[a] = b;
  frame_product(n1, n0, n1, R, n1, w, Vr, n1, h->W[1], sc);        /* W1 = b R Vr^T */
  for (int a = 0; a < n1; a++) w[a] = c;
  frame_product(n2, n1, n1, Ur, n1, w, R, n1, h->W[2], sc);        /* W2 = c Ur R^T */
  return DLAB_OK;
}

int dlab_dls_init(dlab_dls *h, int kind, double p, double lambda, double seed) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_int("init (kind)", kind, 0, DLAB_DLS_INIT_PRETRAINED)) || (st = dlab_check_seed(seed)))
    return st;
  const char *pname = kind == DLAB_DLS_INIT_SMALL ? "scale"
                      : kind <= DLAB_DLS_INIT_ORTHOGONAL || kind == DLAB_DLS_INIT_PRETRAINED ? "gain" : "a0";
  if ((st = dlab_check_real(pname, p, 0, DLAB_DLS_MAX_SCALE))) return st;
  if (kind >= DLAB_DLS_INIT_DECOUPLED && kind != DLAB_DLS_INIT_PRETRAINED && !(p > 0))
    return dlab_fail(DLAB_EINVAL, "a0 must be in (0, %g], got %g", DLAB_DLS_MAX_SCALE, p);
  if ((st = dlab_check_real("lambda", lambda, -DLAB_DLS_MAX_SCALE, DLAB_DLS_MAX_SCALE))) return st;
  if (kind == DLAB_DLS_INIT_DECOUPLED || kind == DLAB_DLS_INIT_LAMBDA_ALIGNED) {
    if (!h->has_data)
      return dlab_fail(DLAB_ESTATE, "this init aligns the weights with the data's modes: set the data before init");
  }
  if (kind == DLAB_DLS_INIT_PRETRAINED && !h->has_data)
    return dlab_fail(DLAB_ESTATE, "the pretrained init takes the principal directions of the inputs: set the data before init");
  /* Shape errors are found before the weights are touched: the handle stays as it was. */
  if ((kind == DLAB_DLS_INIT_LAMBDA || kind == DLAB_DLS_INIT_LAMBDA_ALIGNED) && (st = check_lambda_shape(h))) return st;
  if (kind == DLAB_DLS_INIT_DECOUPLED && (st = check_decoupled_shape(h))) return st;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)seed);
  h->has_init = 0;
  switch (kind) {
    case DLAB_DLS_INIT_SMALL:
      for (int l = 1; l <= h->D; l++) dlab_rng_fill_normal(&r, h->W[l], (size_t)h->n[l] * h->n[l - 1], p);
      break;
    case DLAB_DLS_INIT_GAUSSIAN:
    case DLAB_DLS_INIT_ORTHOGONAL:   /* the draws of the sample head's init too (gd_core.h) */
      for (int l = 1; l <= h->D; l++)
        if ((st = gd_draw_layer(&r, h->n[l], h->n[l - 1], kind == DLAB_DLS_INIT_ORTHOGONAL, p, h->W[l], h->tmp)))
          return st;
      break;
    case DLAB_DLS_INIT_DECOUPLED:
      if ((st = init_decoupled(h, &r, p))) return st;
      break;
    case DLAB_DLS_INIT_PRETRAINED:
      if ((st = init_pretrained(h, &r, p))) return st;
      break;
    default:
      if ((st = init_lambda(h, &r, p, lambda, kind == DLAB_DLS_INIT_LAMBDA_ALIGNED))) return st;
      break;
  }
  h->kind = kind;
  h->has_init = 1;
  double L0 = gd_start(&h->net);   /* W0 = W, step 0, the divergence reference */
  if (h->has_data && !isfinite(L0)) {
    h->has_init = 0;   /* W(0) is not usable: step and read ask for a new init */
    return dlab_fail(DLAB_EINVAL, "the initial weights overflow: %s %g at depth %d makes W_tot non-finite; use a smaller %s",
                     pname, p, h->D, pname);
  }
  return DLAB_OK;
}

int dlab_dls_restore(dlab_dls *h, const double *weights, double steps, double t) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("weights", weights)) || (st = dlab_check_whole("steps", steps)) ||
      (st = dlab_check_real("t", t, 0, HUGE_VAL)))
    return st;
  size_t at = 0;
  for (int l = 1; l <= h->D; l++) {
    size_t len = (size_t)h->n[l] * h->n[l - 1];
    for (size_t i = 0; i < len; i++)
      if (!isfinite(weights[at + i]))
        return dlab_fail(DLAB_EINVAL, "weights of layer %d must be finite, entry %zu is %g", l, i, weights[at + i]);
    at += len;
  }
  if (!h->has_data || !h->has_init)
    return dlab_fail(DLAB_ESTATE, "set the same data and init as the paused run before restoring its weights");
  double loss = gd_loss_of(&h->net, weights);   /* before taking them */
  if (!isfinite(loss))
    return dlab_fail(DLAB_EINVAL, "the restored weights overflow: the loss of W_tot = W^D..W^1 is %g", loss);
  at = 0;
  for (int l = 1; l <= h->D; l++) {
    size_t len = (size_t)h->n[l] * h->n[l - 1];
    memcpy(h->W[l], weights + at, sizeof(double) * len);
    at += len;
  }
  h->net.steps = (int64_t)steps;
  h->net.t = t;
  h->net.diverged = 0;
  return DLAB_OK;
}

/* ---- stepping ------------------------------------------------------------ */

int dlab_dls_stable_lr(dlab_dls *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("out", out))) return st;
  if (!h->has_data) return dlab_fail(DLAB_ESTATE, "set the data before asking for a stable learning rate");
  double est = gd_stable_lr(&h->net, h->has_init);
  *out = est < DLAB_DLS_MAX_LR ? est : DLAB_DLS_MAX_LR;
  return DLAB_OK;
}

/* The levers of each start, named when the start limits the learning rate. */
static const gd_advice *advice_for(int kind) {
  static const gd_advice by_kind[] = {
    { "this data, depth and init", "a smaller scale, fewer layers, or an orthogonal or decoupled init" },
    { "this data, depth and init", "a smaller gain, fewer layers, or an orthogonal or decoupled init" },
    { "this data, depth and init", "a smaller gain or fewer layers" },
    { "this data, depth and init", "a smaller a0 or fewer layers" },
    { "this data, depth and init", "a smaller a0 or |lambda|" },
    { "this data, depth and init", "a smaller a0 or |lambda|" },
    { "this data, depth and init", "a smaller gain or fewer layers" },
  };
  return &by_kind[kind];
}

static int run_steps(dlab_dls *h, long nsteps, double lr, double target, double *taken);

int dlab_dls_step(dlab_dls *h, long nsteps, double lr) {
  double taken;
  return run_steps(h, nsteps, lr, -1, &taken);
}

int dlab_dls_step_to(dlab_dls *h, long nmax, double lr, double target, double *taken) {
  int st;
  dlab_clear_error();
  if ((st = dlab_check_ptr("taken", taken)) || (st = dlab_check_real("target (loss)", target, 0, HUGE_VAL))) return st;
  return run_steps(h, nmax, lr, target, taken);
}

static int run_steps(dlab_dls *h, long nsteps, double lr, double target, double *taken) {
  dlab_clear_error();
  int st;
  *taken = 0;
  if ((st = check_handle(h)) || (st = dlab_check_int("steps", nsteps, 0, DLAB_DLS_MAX_STEPS)) ||
      (st = dlab_check_real_above("lr (learning rate)", lr, 0, DLAB_DLS_MAX_LR)))
    return st;
  if (!h->has_data) return dlab_fail(DLAB_ESTATE, "set the data (spectrum, samples or statistics) before stepping");
  if (!h->has_init) return dlab_fail(DLAB_ESTATE, "initialise the weights (dlab_dls_init) before stepping");
  if (h->net.diverged) return dlab_fail(DLAB_ESTATE, "training diverged earlier; initialise the weights again before stepping");
  return gd_run(&h->net, nsteps, lr, target, taken, advice_for(h->kind));
}

int dlab_dls_record_size(const dlab_dls *h, int with_svals, int *out) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("out", out)) || (st = dlab_check_int("with_svals", with_svals, 0, 1)))
    return st;
  *out = 2 + h->m + h->D + (with_svals ? h->p : 0);
  return DLAB_OK;
}

int dlab_dls_read(dlab_dls *h, int with_svals, double *out) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("out", out)) || (st = dlab_check_int("with_svals", with_svals, 0, 1)))
    return st;
  if (!h->has_data || !h->has_init) return dlab_fail(DLAB_ESTATE, "set the data and initialise the weights before reading");
  if (h->net.diverged)
    return dlab_fail(DLAB_ESTATE, "training diverged: the weights are not finite; initialise the weights again before reading");
  int D = h->D, n0 = h->n0, nD = h->nD, p = h->p, m = h->m;
  double loss = gd_forward(&h->net);
  const double *Wt = h->P[D];
  out[DLAB_DLS_REC_T] = h->net.t;
  out[DLAB_DLS_REC_LOSS] = loss;
  /* strengths u_a^T W_tot v_a: T = W_tot V, then column dots with U */
  dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, nD, p, n0, 1.0, Wt, n0, h->V, p, 0.0, h->T, p);
  for (int a = 0; a < m; a++) {
    double s = 0;
    for (int i = 0; i < nD; i++) s += h->U[(size_t)i * p + a] * h->T[(size_t)i * p + a];
    out[2 + a] = s;
  }
  for (int l = 1; l <= D; l++) out[2 + m + l - 1] = gd_change(&h->net, 0, l);
  if (with_svals) {
    if ((st = dlab_svd(nD, n0, Wt, n0, NULL, h->svals, NULL, h->svd_work)))
      return dlab_fail(st, "the SVD of W_tot did not converge");
    memcpy(out + 2 + m + D, h->svals, sizeof(double) * (size_t)p);
  }
  return DLAB_OK;
}

/* Singular values of W^l..W^1 for square layers, accurate far below eps * sigma_max
 * (QR accumulation: dlab_qr_product_push in linalg.h). */
static int product_svals_graded(dlab_dls *h, double *out) {
  int n = h->n0, st;
  dlab_qr_product acc;
  dlab_qr_product_start(&acc, n, h->tmp);
  for (int l = 1; l <= h->D; l++)
    if ((st = dlab_qr_product_push(&acc, h->W[l], out + (size_t)(l - 1) * h->nmax)))
      return dlab_fail(st, "the SVD of the product of layers 1..%d did not converge", l);
  return DLAB_OK;
}

int dlab_dls_get(dlab_dls *h, int what, int layer, double *out) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("out", out)) || (st = dlab_check_int("what", what, DLAB_DLS_GET_WEIGHTS, DLAB_DLS_GET_PARTIAL_SVALS)))
    return st;
  int D = h->D, n0 = h->n0, nD = h->nD, p = h->p;
  if (what <= DLAB_DLS_GET_WEIGHTS0 && (st = dlab_check_int("layer", layer, 1, D))) return st;
  if (what <= DLAB_DLS_GET_WTOT || what == DLAB_DLS_GET_PARTIAL_SVALS) {
    if (!h->has_init) return dlab_fail(DLAB_ESTATE, "initialise the weights before reading them");
  } else if (!h->has_data) {
    return dlab_fail(DLAB_ESTATE, "set the data before reading its modes");
  }
  switch (what) {
    case DLAB_DLS_GET_WEIGHTS: memcpy(out, h->W[layer], sizeof(double) * (size_t)h->n[layer] * h->n[layer - 1]); break;
    case DLAB_DLS_GET_WEIGHTS0: memcpy(out, h->W0[layer], sizeof(double) * (size_t)h->n[layer] * h->n[layer - 1]); break;
    case DLAB_DLS_GET_WTOT:
      for (int l = 2; l <= D; l++)
        dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, h->n[l], n0, h->n[l - 1], 1.0, h->W[l], h->n[l - 1], h->P[l - 1], n0,
                  0.0, h->P[l], n0);
      memcpy(out, h->P[D], sizeof(double) * (size_t)nD * n0);
      break;
    case DLAB_DLS_GET_U: memcpy(out, h->U, sizeof(double) * (size_t)nD * p); break;
    case DLAB_DLS_GET_V: memcpy(out, h->V, sizeof(double) * (size_t)n0 * p); break;
    case DLAB_DLS_GET_S: memcpy(out, h->S, sizeof(double) * (size_t)p); break;
    default: {   /* DLAB_DLS_GET_PARTIAL_SVALS */
      int square = 1;
      for (int l = 0; l <= D; l++) square &= h->n[l] == n0;
      if (square) return product_svals_graded(h, out);
      double *work = h->tmp, *sv = work + svd_work_max(D, h->n);
      memset(out, 0, sizeof(double) * (size_t)D * h->nmax);
      for (int l = 1; l <= D; l++) {
        if (l >= 2)
          dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, h->n[l], n0, h->n[l - 1], 1.0, h->W[l], h->n[l - 1], h->P[l - 1], n0,
                    0.0, h->P[l], n0);
        int q = h->n[l] < n0 ? h->n[l] : n0;
        if ((st = dlab_svd(h->n[l], n0, h->P[l], n0, NULL, sv, NULL, work)))
          return dlab_fail(st, "the SVD of the product of layers 1..%d did not converge", l);
        memcpy(out + (size_t)(l - 1) * h->nmax, sv, sizeof(double) * (size_t)q);
      }
    }
  }
  return DLAB_OK;
}

int dlab_dls_info(const dlab_dls *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = check_handle(h)) || (st = dlab_check_ptr("out", out))) return st;
  out[DLAB_DLS_INFO_DEPTH] = h->D;
  out[DLAB_DLS_INFO_N0] = h->n0;
  out[DLAB_DLS_INFO_ND] = h->nD;
  out[DLAB_DLS_INFO_P] = h->p;
  out[DLAB_DLS_INFO_MODES] = h->m;
  out[DLAB_DLS_INFO_STEPS] = (double)h->net.steps;
  out[DLAB_DLS_INFO_T] = h->net.t;
  out[DLAB_DLS_INFO_NMAX] = h->nmax;
  return DLAB_OK;
}
