/* The one gradient-descent core (gd_core.h): storage, forward pass, statistics head,
 * in-place backward update, the stepping driver with its divergence policy, and the
 * estimate of the largest stable learning rate. */
#include "models/gd_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/status_internal.h"
#include "depthlab/chaos.h"
#include "linalg/linalg_internal.h"

#define POWER_ITERS 30   /* power iterations of the estimate: it needs ~10%, not digits */

/* ---- storage ---------------------------------------------------------------- */

static int largest(const int *n, int from, int to) {
  int m = 0;
  for (int l = from; l <= to; l++) if (n[l] > m) m = n[l];
  return m;
}

/* Pointer tables (3 per layer and chain) ahead of the doubles, in whole doubles. */
static double table_doubles(int chains, int D) {
  return ceil(3.0 * chains * (D + 1) * sizeof(double *) / sizeof(double));
}

double gd_doubles(int chains, int D, const int *n) {
  double n0 = n[0], nD = n[D], nmax = largest(n, 1, D), nall = largest(n, 0, D), d = 0;
  for (int l = 1; l <= D; l++) d += 2.0 * n[l] * n[l - 1] + (l >= 2 ? (double)n[l] * n0 : 0);   /* W, W0, A */
  d *= chains;
  if (chains > 1) d += 2 * nD * n0;                          /* out, E */
  d += 2 * nmax * n0 + n0 * n0 + 2 * nD * n0;                /* Ga, Gb, S11, S31, M */
  d += 2 * nD * nmax + 6 * nall;                             /* the estimate's work */
  return d + table_doubles(chains, D);
}

/* The one zeroed block of `total` doubles and the sizes both heads share; NULL with a
 * sentence if it cannot be had. */
static double *open_block(gd_net *net, double total, int chains, int D, const int *n) {
  memset(net, 0, sizeof *net);
  double *q = calloc((size_t)total, sizeof(double));
  if (!q) {
    dlab_fail(DLAB_ENOMEM, "could not allocate %g doubles for the network", total);
    return NULL;
  }
  net->block = q;
  net->chains = chains;
  net->D = D;
  memcpy(net->n, n, sizeof(int) * (size_t)(D + 1));
  net->nmax = largest(n, 1, D);
  net->nall = largest(n, 0, D);
  return q;
}

int gd_alloc(gd_net *net, int chains, int D, const int *n, double extra, double **extra_out) {
  double *q = open_block(net, gd_doubles(chains, D, n) + extra, chains, D, n);
  if (!q) return DLAB_ENOMEM;
  net->cols = n[0];
  double **tab = (double **)(void *)q;
  q += (size_t)table_doubles(chains, D);
#define TAKE(ptr, count) do { (ptr) = q; q += (size_t)(count); } while (0)
  for (int p = 0; p < chains; p++) {
    gd_chain *c = &net->ch[p];
    c->W = tab; c->W0 = tab + D + 1; c->A = tab + 2 * (D + 1);
    tab += 3 * (D + 1);
    for (int l = 1; l <= D; l++) {
      TAKE(c->W[l], (size_t)n[l] * n[l - 1]);
      TAKE(c->W0[l], (size_t)n[l] * n[l - 1]);
      if (l >= 2) TAKE(c->A[l], (size_t)n[l] * n[0]);
    }
    c->A[1] = c->W[1];   /* W^1 I: see gd_core.h for why the alias is safe */
  }
  size_t n0 = (size_t)n[0], nD = (size_t)n[D];
  if (chains > 1) {
    TAKE(net->out, nD * n0);
    TAKE(net->E, nD * n0);
  }
  TAKE(net->Ga, (size_t)net->nmax * n0);
  TAKE(net->Gb, (size_t)net->nmax * n0);
  if (chains == 1) net->E = net->Ga;   /* the error is where backprop starts */
  TAKE(net->S11, n0 * n0);
  TAKE(net->S31, nD * n0);
  TAKE(net->M, nD * n0);
  TAKE(net->work, 2 * nD * (size_t)net->nmax + 6 * (size_t)net->nall);
  if (extra_out) *extra_out = extra > 0 ? q : NULL;
#undef TAKE
  return DLAB_OK;
}

void gd_release(gd_net *net) {
  free(net->block);
  net->block = NULL;
}

/* The sample head: 7 pointers per layer and chain (W, W0, A, H, b, dW, db). */
static double sample_table_doubles(int chains, int D) { return ceil(7.0 * chains * (D + 1) * sizeof(double *) / sizeof(double)); }

double gd_sample_doubles(int chains, int D, const int *n, const int *phi, int cap) {
  double d = 0;
  for (int l = 1; l <= D; l++) {
    d += 3.0 * n[l] * n[l - 1] + 2.0 * n[l] + (double)n[l] * cap;   /* W, W0, dW, b, db, A */
    if (phi[l] != DLAB_PHI_LINEAR) d += (double)n[l] * cap;         /* H */
  }
  d *= chains;
  d += ((double)n[0] + n[D] + 2.0 * largest(n, 1, D)) * cap;       /* X, Y, Ga, Gb */
  if (chains > 1) d += 2.0 * n[D] * cap;                           /* out, E */
  return d + sample_table_doubles(chains, D);
}

int gd_alloc_samples(gd_net *net, int head, int chains, int D, const int *n, const int *phi, int biases, int cap,
                     double extra, double **extra_out) {
  double *q = open_block(net, gd_sample_doubles(chains, D, n, phi, cap) + extra, chains, D, n);
  if (!q) return DLAB_ENOMEM;
  memcpy(net->phi, phi, sizeof(int) * (size_t)(D + 1));
  net->head = head;
  net->biases = biases;
  net->cap = net->cols = cap;
  net->scale = 1;
  double **tab = (double **)(void *)q;
  q += (size_t)sample_table_doubles(chains, D);
#define TAKE(ptr, count) do { (ptr) = q; q += (size_t)(count); } while (0)
  for (int p = 0; p < chains; p++) {
    gd_chain *c = &net->ch[p];
    double ***tabs[] = { &c->W, &c->W0, &c->A, &c->H, &c->b, &c->dW, &c->db };
    for (int k = 0; k < 7; k++) *tabs[k] = tab + (7 * p + k) * (D + 1);
    for (int l = 1; l <= D; l++) {
      size_t w = (size_t)n[l] * n[l - 1], a = (size_t)n[l] * cap;
      TAKE(c->W[l], w);
      TAKE(c->W0[l], w);
      TAKE(c->dW[l], w);
      TAKE(c->b[l], n[l]);
      TAKE(c->db[l], n[l]);
      TAKE(c->A[l], a);
      if (phi[l] != DLAB_PHI_LINEAR) TAKE(c->H[l], a);
      else c->H[l] = c->A[l];
    }
  }
  TAKE(net->X, (size_t)n[0] * cap);
  TAKE(net->Y, (size_t)n[D] * cap);
  TAKE(net->Ga, (size_t)net->nmax * cap);
  TAKE(net->Gb, (size_t)net->nmax * cap);
  if (chains > 1) {   /* the summed output, and E kept whole while each chain's backward runs */
    TAKE(net->out, (size_t)n[D] * cap);
    TAKE(net->E, (size_t)n[D] * cap);
  } else {
    net->E = net->Ga;
  }
  if (extra_out) *extra_out = extra > 0 ? q : NULL;
#undef TAKE
  return DLAB_OK;
}

/* ---- random layers ------------------------------------------------------------------ */

double gd_draw_work(int nmax) { return (double)nmax * nmax + (double)dlab_haar_work_size(nmax); }

int gd_draw_layer(dlab_rng *r, int rows, int cols, int orthogonal, double gain, double *out, double *work) {
  if (!orthogonal) {
    dlab_rng_fill_normal(r, out, (size_t)rows * cols, gain / sqrt((double)cols));
    return DLAB_OK;
  }
  int k = rows > cols ? rows : cols;
  double *Q = work;
  int st = dlab_rng_haar_orthogonal(r, k, Q, work + (size_t)k * k);
  if (st) return st;
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++) out[(size_t)i * cols + j] = gain * Q[(size_t)i * k + j];
  return DLAB_OK;
}

/* ---- power iteration --------------------------------------------------------- */

typedef void (*gd_apply)(const void *ctx, const double *x, double *y);

/* Largest eigenvalue of a symmetric positive semi-definite operator of size len, from
 * a fixed start (deterministic): the Rayleigh quotient |Ax| after POWER_ITERS steps,
 * a lower bound that is ~exact when the top eigenvalue is separated. x, y: len each. */
static double top_eig(gd_apply apply, const void *ctx, int len, double *x, double *y) {
  for (int i = 0; i < len; i++) x[i] = 1 + 0.01 * (i % 7);
  double nx = sqrt(dlab_dot(x, x, len)), lam = 0;
  for (int i = 0; i < len; i++) x[i] /= nx;
  for (int it = 0; it < POWER_ITERS; it++) {
    apply(ctx, x, y);
    double ny = sqrt(dlab_dot(y, y, len));
    if (!(ny > 0)) return ny == 0 ? 0 : NAN;
    lam = ny;
    for (int i = 0; i < len; i++) x[i] = y[i] / ny;
  }
  return lam;
}

/* M^T M (M r x c, row-major) through a vector t of length r. */
typedef struct { const double *M; int r, c; double *t; } gram_ctx;

static void gram_apply(const void *vctx, const double *x, double *y) {
  const gram_ctx *g = vctx;
  for (int i = 0; i < g->r; i++) g->t[i] = dlab_dot(g->M + (size_t)i * g->c, x, g->c);
  for (int j = 0; j < g->c; j++) y[j] = 0;
  for (int i = 0; i < g->r; i++) dlab_axpy(g->t[i], g->M + (size_t)i * g->c, y, g->c);
}

/* |M|_2^2 of an r x c matrix; work: 2 max(r, c) + r... x, y of c, t of r. */
static double norm2_sq(const double *M, int r, int c, double *x, double *y, double *t) {
  gram_ctx g = { M, r, c, t };
  return top_eig(gram_apply, &g, c, x, y);
}

/* S11 applied to a vector (diagonal or full). */
static void s11_apply(const gd_net *net, const double *x, double *y) {
  int n0 = net->n[0];
  if (net->s11_diag)
    for (int j = 0; j < n0; j++) y[j] = net->S11[(size_t)j * n0 + j] * x[j];
  else
    for (int i = 0; i < n0; i++) y[i] = dlab_dot(net->S11 + (size_t)i * n0, x, n0);
}

static void s11_op(const void *vctx, const double *x, double *y) { s11_apply(vctx, x, y); }

/* A S11 A^T for A (r x n_0): how S11-weighted inputs reach layer l. */
typedef struct { const gd_net *net; const double *A; int r; double *t, *u; } cov_ctx;

static void cov_apply(const void *vctx, const double *x, double *y) {
  const cov_ctx *g = vctx;
  int n0 = g->net->n[0];
  for (int j = 0; j < n0; j++) g->t[j] = 0;
  for (int i = 0; i < g->r; i++) dlab_axpy(x[i], g->A + (size_t)i * n0, g->t, n0);
  s11_apply(g->net, g->t, g->u);
  for (int i = 0; i < g->r; i++) y[i] = dlab_dot(g->A + (size_t)i * n0, g->u, n0);
}

/* (C - mu I)^2, C = W2^T W2 - W1 W1^T (n x n): the traceless imbalance between two
 * layers W1 (n x a) and W2 (b x n), through vectors u (b), v (a), z (n). */
typedef struct { const double *W1, *W2; int n, a, b; double mu; double *u, *v, *z; } imb_ctx;

static void imb_once(const imb_ctx *g, const double *x, double *y) {
  for (int i = 0; i < g->b; i++) g->u[i] = dlab_dot(g->W2 + (size_t)i * g->n, x, g->n);
  for (int k = 0; k < g->n; k++) y[k] = -g->mu * x[k];
  for (int i = 0; i < g->b; i++) dlab_axpy(g->u[i], g->W2 + (size_t)i * g->n, y, g->n);
  for (int j = 0; j < g->a; j++) g->v[j] = 0;
  for (int k = 0; k < g->n; k++) dlab_axpy(x[k], g->W1 + (size_t)k * g->a, g->v, g->a);
  for (int k = 0; k < g->n; k++) y[k] -= dlab_dot(g->W1 + (size_t)k * g->a, g->v, g->a);
}

static void imb_apply(const void *vctx, const double *x, double *y) {
  const imb_ctx *g = vctx;
  imb_once(g, x, g->z);
  imb_once(g, g->z, y);
}

/* ---- the statistics head ------------------------------------------------------ */

void gd_stats_ready(gd_net *net, double c0_exact) {
  int n0 = net->n[0], nD = net->n[net->D], diag = 1;
  const double *S11 = net->S11, *S31 = net->S31;
  for (int i = 0; i < n0 && diag; i++)
    for (int j = 0; j < n0; j++)
      if (i != j && S11[(size_t)i * n0 + j] != 0) { diag = 0; break; }
  net->s11_diag = diag;
  double *x = net->work, *y = x + net->nall, *t = y + net->nall, *Ws = net->M;
  if (diag) {
    /* W* = S31 diag(d)^+ and c0 = 1/2 (y2 - tr(W* S31^T)), each column once */
    double fit = 0, lam = 0;
    for (int j = 0; j < n0; j++) {
      double d = S11[(size_t)j * n0 + j], s2 = 0;
      lam = fmax(lam, d);
      for (int i = 0; i < nD; i++) {
        double s = S31[(size_t)i * n0 + j];
        Ws[(size_t)i * n0 + j] = d > 0 ? s / d : 0;
        s2 += s * s;
      }
      if (d > 0) fit += s2 / d;
    }
    net->lam11 = lam;
    net->c0 = 0.5 * (net->y2 - fit);
    net->sstar = sqrt(norm2_sq(Ws, nD, n0, x, y, t));
  } else {
    net->lam11 = top_eig(s11_op, net, n0, x, y);
    net->c0 = 0;   /* unused: the general form needs no constant */
    double s1 = sqrt(norm2_sq(S31, nD, n0, x, y, t));
    net->sstar = net->lam11 > 0 ? s1 / net->lam11 : 0;   /* |S31| <= |W*| lambda_max */
  }
  if (c0_exact >= 0) net->c0 = c0_exact;
  net->lr_est_kind = 0;
}

/* E = S31 - out S11 and the loss (gd_core.h). */
static double head_stats(gd_net *net) {
  int n0 = net->n[0], nD = net->n[net->D];
  const double *Wt = net->out, *S31 = net->S31, *S11 = net->S11;
  double *E = net->E;
  if (net->s11_diag) {
    double e2 = 0, lin = 0;
    for (int i = 0; i < nD; i++)
      for (int j = 0; j < n0; j++) {
        size_t k = (size_t)i * n0 + j;
        double d = S11[(size_t)j * n0 + j], e = S31[k] - Wt[k] * d;
        E[k] = e;
        if (d > 0) e2 += e * e / d;
        else lin += S31[k] * Wt[k];
      }
    return 0.5 * e2 - lin + net->c0;
  }
  dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, nD, n0, n0, 1.0, Wt, n0, S11, n0, 0.0, net->M, n0);
  double cross = 0, quad = 0;
  size_t len = (size_t)nD * n0;
  for (size_t k = 0; k < len; k++) {
    E[k] = S31[k] - net->M[k];
    cross += S31[k] * Wt[k];
    quad += net->M[k] * Wt[k];
  }
  return 0.5 * net->y2 - cross + 0.5 * quad;
}

/* ---- forward, backward ------------------------------------------------------------ */

/* A_l = W^l A_(l-1) for l >= 2 (A_1 = W^1 I is W^1 itself). */
static void chain_forward(const gd_net *net, const gd_chain *c) {
  const int *n = net->n;
  int cols = net->cols;
  for (int l = 2; l <= net->D; l++)
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n[l], cols, n[l - 1], 1.0, c->W[l], n[l - 1], c->A[l - 1], cols, 0.0, c->A[l],
              cols);
}

/* phi (the convention of chaos.h) and phi' from H and A = phi(H), elementwise. */
#define SQRT_PI 1.77245385090551602729816748334
#define PI 3.14159265358979323846264338328

static void phi_apply(int phi, const double *H, double *A, size_t len) {
  switch (phi) {
    case DLAB_PHI_TANH: dlab_tanh_array(H, A, len); break;
    case DLAB_PHI_RELU: for (size_t k = 0; k < len; k++) A[k] = H[k] > 0 ? H[k] : 0.0; break;
    case DLAB_PHI_ERF: for (size_t k = 0; k < len; k++) A[k] = erf(0.5 * SQRT_PI * H[k]); break;
    default: break;   /* linear: A is H */
  }
}

/* G *= phi'(H) (phi' at a ReLU kink: 0). */
static void phi_deriv_mul(int phi, const double *H, const double *A, double *G, size_t len) {
  switch (phi) {
    case DLAB_PHI_TANH: for (size_t k = 0; k < len; k++) G[k] *= 1 - A[k] * A[k]; break;
    case DLAB_PHI_RELU: for (size_t k = 0; k < len; k++) G[k] = H[k] > 0 ? G[k] : 0.0; break;
    case DLAB_PHI_ERF: for (size_t k = 0; k < len; k++) G[k] *= exp(-0.25 * PI * H[k] * H[k]); break;
    default: break;
  }
}

/* The sample head: H_l = W^l A_(l-1) + b^l, A_l = phi_l(H_l) from A_0 = X. */
static void chain_forward_samples(const gd_net *net, const gd_chain *c) {
  const int *n = net->n;
  int cols = net->cols;
  const double *in = net->X;
  for (int l = 1; l <= net->D; l++) {
    double *H = c->H[l];
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n[l], cols, n[l - 1], 1.0, c->W[l], n[l - 1], in, cols, 0.0, H, cols);
    if (net->biases)
      for (int i = 0; i < n[l]; i++)
        for (int j = 0; j < cols; j++) H[(size_t)i * cols + j] += c->b[l][i];
    phi_apply(net->phi[l], H, c->A[l], (size_t)n[l] * cols);
    in = c->A[l];
  }
}

/* Every chain's activations and the summed output (no head). */
static void forward_out(gd_net *net) {
  int D = net->D;
  for (int p = 0; p < net->chains; p++) {
    if (net->head == GD_HEAD_STATS) chain_forward(net, &net->ch[p]);
    else chain_forward_samples(net, &net->ch[p]);
  }
  if (net->chains == 1) {
    net->out = net->ch[0].A[D];
    return;
  }
  size_t len = (size_t)net->n[D] * net->cols;
  memset(net->out, 0, sizeof(double) * len);
  for (int p = 0; p < net->chains; p++)
    for (size_t k = 0; k < len; k++) net->out[k] += net->ch[p].A[D][k];
}

/* The sample head's loss of the block and E (gd_core.h). */
static double head_samples(gd_net *net) {
  int nD = net->n[net->D], cols = net->cols;
  const double *Z = net->out, *Y = net->Y;
  double *E = net->E, s = net->scale, sum = 0;
  if (net->head == GD_HEAD_SQUARED) {
    size_t len = (size_t)nD * cols;
    for (size_t k = 0; k < len; k++) {
      double e = Y[k] - Z[k];
      E[k] = s * e;
      sum += e * e;
    }
    return 0.5 * s * sum;
  }
  for (int j = 0; j < cols; j++) {
    double m = -INFINITY, ex = 0, ysum = 0, gap = 0;
    for (int i = 0; i < nD; i++) m = fmax(m, Z[(size_t)i * cols + j]);
    for (int i = 0; i < nD; i++) {
      size_t k = (size_t)i * cols + j;
      ex += exp(Z[k] - m);
      ysum += Y[k];
      gap += Y[k] * (m - Z[k]);   /* sum_i y_i (lse - z_i) = sum_i y_i (m - z_i) + ysum log(ex) */
    }
    sum += gap + ysum * log(ex);
    for (int i = 0; i < nD; i++) {
      size_t k = (size_t)i * cols + j;
      E[k] = s * (Y[k] - ysum * exp(Z[k] - m) / ex);
    }
  }
  return s * sum;
}

double gd_forward(gd_net *net) {
  forward_out(net);
  return net->head == GD_HEAD_STATS ? head_stats(net) : head_samples(net);
}

/* The sample head's backward pass of one chain from E: (W, b) += alpha (G_l A_(l-1)^T,
 * row sums of G_l) into the weights themselves (in place, alpha = lr) or into dW, db
 * (accumulate, alpha = 1). */
static void chain_backward_samples(gd_net *net, gd_chain *c, double alpha, int accumulate) {
  const int *n = net->n;
  int cols = net->cols;
  double *G = net->Ga, *Gn = net->Gb;
  if (net->E != G) memcpy(G, net->E, sizeof(double) * (size_t)n[net->D] * cols);
  for (int l = net->D; l >= 1; l--) {
    phi_deriv_mul(net->phi[l], c->H[l], c->A[l], G, (size_t)n[l] * cols);
    double *W = accumulate ? c->dW[l] : c->W[l], *b = accumulate ? c->db[l] : c->b[l];
    if (net->biases)
      for (int i = 0; i < n[l]; i++) {
        const double *g = G + (size_t)i * cols;
        double sum = 0;
        for (int j = 0; j < cols; j++) sum += g[j];
        b[i] += alpha * sum;
      }
    if (l > 1)   /* with the old W^l */
      dlab_gemm(DLAB_TRANS, DLAB_NOTRANS, n[l - 1], cols, n[l], 1.0, c->W[l], n[l - 1], G, cols, 0.0, Gn, cols);
    const double *in = l > 1 ? c->A[l - 1] : net->X;
    dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, n[l], n[l - 1], cols, alpha, G, cols, in, cols, 1.0, W, n[l - 1]);
    double *t = G; G = Gn; Gn = t;
  }
}

double gd_batch_loss(gd_net *net, int with_gradient) {
  if (with_gradient)
    for (int p = 0; p < net->chains; p++)
      for (int l = 1; l <= net->D; l++) {
        memset(net->ch[p].dW[l], 0, sizeof(double) * (size_t)net->n[l] * net->n[l - 1]);
        memset(net->ch[p].db[l], 0, sizeof(double) * (size_t)net->n[l]);
      }
  int blocks = net->load(net, net->load_ctx, 0);
  double loss = 0;
  for (int k = 0; k < blocks; k++) {
    if (k > 0) net->load(net, net->load_ctx, k);
    loss += gd_forward(net);
    if (with_gradient)
      for (int p = 0; p < net->chains; p++) chain_backward_samples(net, &net->ch[p], 1.0, 1);
  }
  return loss;
}

/* The sample head before a step: loads the step's batch and returns its loss; a batch of
 * several blocks has its gradient accumulated already (*blocks > 1). */
static double sample_loss_before_step(gd_net *net, int *blocks) {
  *blocks = net->load(net, net->load_ctx, 0);
  if (*blocks == 1) return gd_forward(net);
  return gd_batch_loss(net, 1);
}

/* The step itself: in place for one block, else from the accumulated gradient. */
static void sample_step(gd_net *net, int blocks, double lr) {
  for (int p = 0; p < net->chains; p++) {
    gd_chain *c = &net->ch[p];
    if (blocks == 1) {   /* every chain from the same E: chain p's update leaves chain q's backward alone */
      chain_backward_samples(net, c, lr, 0);
      continue;
    }
    for (int l = 1; l <= net->D; l++) {
      size_t len = (size_t)net->n[l] * net->n[l - 1];
      for (size_t k = 0; k < len; k++) c->W[l][k] += lr * c->dW[l][k];
      if (net->biases)
        for (int i = 0; i < net->n[l]; i++) c->b[l][i] += lr * c->db[l][i];
    }
  }
}

/* The in-place backward update of one chain from E (gd_core.h). */
static void chain_update(gd_net *net, gd_chain *c, double lr) {
  const int *n = net->n;
  int cols = net->cols;
  double *G = net->Ga, *Gn = net->Gb;
  if (net->E != G) memcpy(G, net->E, sizeof(double) * (size_t)n[net->D] * cols);
  for (int l = net->D; l >= 1; l--) {
    if (l > 1) {
      dlab_gemm(DLAB_TRANS, DLAB_NOTRANS, n[l - 1], cols, n[l], 1.0, c->W[l], n[l - 1], G, cols, 0.0, Gn, cols);
      dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, n[l], n[l - 1], cols, lr, G, cols, c->A[l - 1], cols, 1.0, c->W[l], n[l - 1]);
    } else {   /* the input block is I: W^1 += lr G_1 */
      double *W1 = c->W[1];
      size_t len = (size_t)n[1] * cols;
      for (size_t i = 0; i < len; i++) W1[i] += lr * G[i];
    }
    double *t = G; G = Gn; Gn = t;
  }
}

static void use_weights(gd_net *net, double **from) {
  for (int p = 0; p < net->chains; p++) {
    for (int l = 1; l <= net->D; l++) net->ch[p].W[l] = from[p * (net->D + 1) + l];
    net->ch[p].A[1] = net->ch[p].W[1];
  }
}

double gd_loss_of(gd_net *net, const double *weights) {
  double *mine[GD_MAX_CHAINS * (GD_MAX_DEPTH + 1)], *theirs[GD_MAX_CHAINS * (GD_MAX_DEPTH + 1)];
  size_t at = 0;
  for (int p = 0; p < net->chains; p++)
    for (int l = 1; l <= net->D; l++) {
      mine[p * (net->D + 1) + l] = net->ch[p].W[l];
      theirs[p * (net->D + 1) + l] = (double *)(uintptr_t)(weights + at);
      at += (size_t)net->n[l] * net->n[l - 1];
    }
  use_weights(net, theirs);
  double loss = gd_forward(net);
  use_weights(net, mine);
  return loss;
}

double gd_start(gd_net *net) {
  for (int p = 0; p < net->chains; p++)
    for (int l = 1; l <= net->D; l++)
      memcpy(net->ch[p].W0[l], net->ch[p].W[l], sizeof(double) * (size_t)net->n[l] * net->n[l - 1]);
  net->steps = 0;
  net->t = 0;
  net->diverged = 0;
  net->lr_est_kind = 0;
  double L0 = net->head == GD_HEAD_STATS ? gd_forward(net) : gd_batch_loss(net, 0);
  net->loss_ref = fmax(L0, 0.5 * net->y2);
  if (!(net->loss_ref > 0)) net->loss_ref = 1e-300;
  return L0;
}

double gd_change(const gd_net *net, int p, int l) {
  size_t len = (size_t)net->n[l] * net->n[l - 1];
  const double *w = net->ch[p].W[l], *w0 = net->ch[p].W0[l];
  double s = 0;
  for (size_t i = 0; i < len; i++) {
    double d = w[i] - w0[i];
    s += d * d;
  }
  return sqrt(s);
}

/* ---- the stable learning rate -------------------------------------------------------
 * Gradient descent blows up when the learning rate exceeds a multiple of 2 / sharpness,
 * the sharpness (top eigenvalue of the Gauss-Newton matrix) taken where it matters most
 * along the run: at the minimum the run reaches, or at the start.
 *  - The minimum. At a balanced one the sharpness is D s*^(2-2/D) lambda_max(S11)
 *    (s* = sigma_1 of W*). Gradient flow conserves C_l = W^(l+1)^T W^(l+1) - W^l W^l^T,
 *    so an unbalanced start reaches a sharper, unbalanced minimum: by the factor
 *    iota = sqrt(1 + bm^2 / 4) (1 + br^2 / 4), bm and br the means over l of |tr C_l| / n_l
 *    and of the spectral norm of the rest of C_l, both over the minimum's layer scale
 *    s*^(2/D). The first factor is exact for a scalar chain with C = lambda I (the
 *    lambda-balanced start at D = 2: sharpness sqrt(lambda^2 + 4 s^2)); the second is
 *    the leading even term in the random part, its coefficient measured on Gaussian
 *    starts (1/4 puts every point of the test grid within 0.55..1.76 of the first
 *    blow-up; 1/5 left a deep narrow one at 2.0). Above 2 / sharpness a deep chain first overshoots into a bounded
 *    oscillation (the edge of stability) and blows up only at c(D) / sharpness:
 *    c(D) = 2 D^0.45 (c(1) = 2 exactly: a quadratic; within ~20% of the blow-up of
 *    decoupled runs for D = 2..30, where the 1-D balanced map u <- u + eta (1 - u^D)
 *    u^(D-1) escapes).
 *  - The start. Lambda = sum over chains and layers of |W^D..W^(l+1)|_2^2
 *    |W^(l-1)..W^1 S11^(1/2)|_2^2, each a Gauss-Newton block's top eigenvalue (their sum
 *    is the top eigenvalue when the blocks align, as for orthogonal and decoupled starts,
 *    and above it otherwise). A start far above the target shrinks multiplicatively,
 *    each layer by 1 - lr Lambda / D for aligned blocks: stable up to 2 D / Lambda.
 * The estimate is the smaller of c(D) / (iota x the balanced sharpness) and 2 D / Lambda.
 * tests/js/stable-lr.test.mjs holds it within a factor of 2 of the first blow-up over
 * depth, start, gain and width. */

static double depth_constant(int D) { return 2 * pow(D, 0.45); }

/* The start's part: Lambda and iota (of the least balanced chain). */
static void start_terms(gd_net *net, double *Lambda, double *iota) {
  int D = net->D, nD = net->n[D], nall = net->nall;
  double *Q = net->work, *Qn = Q + (size_t)nD * net->nmax, *x = Qn + (size_t)nD * net->nmax;
  double *y = x + nall, *t = y + nall, *u = t + nall, *v = u + nall, *z = v + nall;
  /* Everything below is measured at W0: point W there (the forward pass reads W and
   * writes only activations), and back at the end. */
  double *mine[GD_MAX_CHAINS * (GD_MAX_DEPTH + 1)], *start[GD_MAX_CHAINS * (GD_MAX_DEPTH + 1)];
  for (int p = 0; p < net->chains; p++)
    for (int l = 1; l <= D; l++) {
      mine[p * (D + 1) + l] = net->ch[p].W[l];
      start[p * (D + 1) + l] = net->ch[p].W0[l];
    }
  use_weights(net, start);
  forward_out(net);
  double sc = pow(net->sstar, 2.0 / D);
  *Lambda = 0;
  *iota = 1;
  for (int p = 0; p < net->chains; p++) {
    gd_chain *c = &net->ch[p];
    /* suffix products Q = W^D..W^(l+1) (nD x n_l), built downwards */
    double blocks = 0;
    for (int l = D; l >= 1; l--) {
      double suf;
      if (l == D) suf = 1;
      else {
        int nl1 = net->n[l + 1], nl = net->n[l];
        if (l == D - 1) memcpy(Qn, c->W[D], sizeof(double) * (size_t)nD * nl);
        else dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, nD, nl, nl1, 1.0, Q, nl1, c->W[l + 1], nl, 0.0, Qn, nl);
        double *s = Q; Q = Qn; Qn = s;
        suf = norm2_sq(Q, nD, nl, x, y, t);
      }
      double pre;
      if (l == 1) pre = net->lam11;
      else {
        cov_ctx g = { net, c->A[l - 1], net->n[l - 1], u, v };
        pre = top_eig(cov_apply, &g, net->n[l - 1], x, y);
      }
      blocks += suf * pre;
    }
    *Lambda += blocks;
    /* imbalance of consecutive layers */
    if (D > 1 && sc > 0) {
      double bm = 0, br = 0;
      for (int l = 1; l < D; l++) {
        int nl = net->n[l];
        double f1 = 0, f2 = 0;
        size_t a = (size_t)nl * net->n[l - 1], b = (size_t)net->n[l + 1] * nl;
        f1 = dlab_dot(c->W[l], c->W[l], (int)a);
        f2 = dlab_dot(c->W[l + 1], c->W[l + 1], (int)b);
        double mu = (f2 - f1) / nl;
        imb_ctx g = { c->W[l], c->W[l + 1], nl, net->n[l - 1], net->n[l + 1], mu, u, v, z };
        bm += fabs(mu);
        br += sqrt(top_eig(imb_apply, &g, nl, x, y));
      }
      bm /= (D - 1) * sc;
      br /= (D - 1) * sc;
      *iota = fmax(*iota, sqrt(1 + 0.25 * bm * bm) * (1 + 0.25 * br * br));
    }
  }
  use_weights(net, mine);
}

double gd_stable_lr(gd_net *net, int with_start) {
  int kind = with_start ? 2 : 1;
  if (net->head != GD_HEAD_STATS) {   /* no estimate for sampled batches and nonlinear layers */
    net->lr_balanced = net->lr_data = net->lr_start = net->lr_est = INFINITY;
    return INFINITY;
  }
  if (net->lr_est_kind == kind) return net->lr_est;
  int D = net->D;
  double bal = D * pow(net->sstar, 2.0 - 2.0 / D) * net->lam11, iota = 1, Lambda = 0;
  if (with_start) start_terms(net, &Lambda, &iota);
  if (!(Lambda >= 0)) Lambda = INFINITY;   /* products of a huge start overflowed: no rate is safe */
  if (!(iota >= 1)) iota = INFINITY;
  net->lr_balanced = bal > 0 ? depth_constant(D) / bal : INFINITY;
  net->lr_data = net->lr_balanced / iota;
  net->lr_start = Lambda > 0 ? 2.0 * D / Lambda : INFINITY;
  net->lr_est = fmin(net->lr_data, net->lr_start);
  net->lr_est_kind = kind;
  return net->lr_est;
}

/* ---- the driver and its divergence sentence ---------------------------------------- */

static double round_down_2sig(double x) {
  if (!(x > 0) || !isfinite(x)) return x;
  double e = pow(10, floor(log10(x)) - 1);
  return floor(x / e) * e;
}

static int diverged(gd_net *net, double loss, double lr, const gd_advice *adv) {
  net->diverged = 1;
  long long at = net->steps;
  double est = gd_stable_lr(net, 1);
  if (!(est > 0 && est < INFINITY))
    return dlab_fail(DLAB_EDIVERGED, "training diverged at step %lld (loss %g) with learning rate %g; use a learning rate below about %g: try lr <= %g",
                     at, loss, lr, round_down_2sig(0.25 * lr), round_down_2sig(0.25 * lr));
  /* When the start, not the data, limits the rate, say what would lift it and how far:
   * up to the limit of a balanced start on this data. */
  char more[200] = "";
  if (est < 0.25 * net->lr_balanced && adv && adv->start_levers)
    dlab_format(more, sizeof more, "; the start limits it: %s would allow up to about %g", adv->start_levers,
                round_down_2sig(net->lr_balanced));
  const char *setting = adv && adv->setting ? adv->setting : "this network";
  /* The suggestion: half the estimate, which is within a factor of 2 of the threshold;
   * below half the rate that just failed when the estimate was too optimistic. */
  if (lr > est) {
    double sug = round_down_2sig(0.5 * est);
    return dlab_fail(DLAB_EDIVERGED,
                     "training diverged at step %lld (loss %g): learning rate %g is above the stable maximum of about %g for %s; use a learning rate below about %g: try lr <= %g%s",
                     at, loss, lr, est, setting, sug, sug, more);
  }
  double sug = round_down_2sig(0.4 * lr);
  return dlab_fail(DLAB_EDIVERGED,
                   "training diverged at step %lld (loss %g) with learning rate %g, although the estimated stable maximum for %s is about %g; use a learning rate below about %g: try lr <= %g%s",
                   at, loss, lr, setting, est, sug, sug, more);
}

static int blown(const gd_net *net, double loss) { return !isfinite(loss) || loss > GD_DIVERGED * net->loss_ref; }

int gd_run(gd_net *net, long nsteps, double lr, double target, double *taken, const gd_advice *advice) {
  *taken = 0;
  int samples = net->head != GD_HEAD_STATS, blocks = 1;
  for (long s = 0; s < nsteps; s++) {
    double loss = samples ? sample_loss_before_step(net, &blocks) : gd_forward(net);
    if (blown(net, loss)) return diverged(net, loss, lr, advice);
    if (target >= 0 && loss <= target) break;
    if (samples) sample_step(net, blocks, lr);
    else
      for (int p = 0; p < net->chains; p++) chain_update(net, &net->ch[p], lr);
    net->steps++;
    net->t += lr;
    *taken += 1;
  }
  /* The weights the last step leaves must pass the same test: a call never returns 0
   * with weights whose loss is not finite. */
  if (*taken > 0) {
    double loss = samples ? gd_batch_loss(net, 0) : gd_forward(net);
    if (blown(net, loss)) return diverged(net, loss, lr, advice);
  }
  return DLAB_OK;
}
