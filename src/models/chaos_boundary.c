/* The decision boundary G = beta . phi(h^L) = 0 of a random deep network and its principal
 * curvatures at every layer (Poole et al. 2016, Sec. 5 and Fig. 4G). Points on the
 * boundary come from Newton steps along the gradient; the gradient and Hessian of G with
 * respect to every layer's h^l come exactly from one backward sweep (chaos.h). Matrices
 * are row-major; M_l = W^(l+1)^T, so the forward step is the row vector product
 * h^(l+1) = phi(h^l) M_l + b^(l+1), and W^T H W = M H M^T. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chaos_internal.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"
#include "api/status_internal.h"

#define NEWTON_STEPS 50
#define NEWTON_STARTS 20
#define NEWTON_TOL 1e-12    /* |G| relative to |phi(h^L)| */
#define NEWTON_MAX_MOVE 0.25 /* a step moves h^1 by at most this fraction of |h^1| */

struct dlab_chaos_boundary {
  int phi, N, L, P, done;
  double sw, sb, q1;
  dlab_rng rng;
  double *Ms;      /* L - 1 matrices N x N */
  double *bs;      /* L - 1 biases */
  double *beta;    /* readout, unit norm */
  double *h;       /* forward pass: L x N */
  double *g, *r;   /* gradient at the current layer, W^T g */
  double *H, *T;   /* Hessian at the current layer, scratch (N x N each) */
  double *B, *u, *p, *ework;   /* tangent-space block, reflector, A u, eigen workspace */
  double *kappa;   /* P x L x (N - 1) */
  double *info;    /* P x DLAB_CHAOS_BOUNDARY_NINFO */
};

void dlab_chaos_boundary_free(dlab_chaos_boundary *b) {
  if (!b) return;
  free(b->Ms); free(b->bs); free(b->beta); free(b->h); free(b->g); free(b->r); free(b->H);
  free(b->T); free(b->B); free(b->u); free(b->p); free(b->ework); free(b->kappa); free(b->info);
  free(b);
}

int dlab_chaos_boundary_create(int phi, double sw, double sb, double q1, int width, int layers, int points,
                               double seed, dlab_chaos_boundary **out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("out", out))) return st;
  *out = NULL;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = chaos_check_q1(q1)) ||
      (st = dlab_check_int("width", width, 2, DLAB_CHAOS_BOUNDARY_MAX_WIDTH)) ||
      (st = dlab_check_int("layers", layers, 1, DLAB_CHAOS_BOUNDARY_MAX_DEPTH)) ||
      (st = dlab_check_int("points", points, 1, DLAB_CHAOS_BOUNDARY_MAX_POINTS)) || (st = dlab_check_seed(seed)))
    return st;
  dlab_chaos_boundary *b = calloc(1, sizeof *b);
  if (!b) return dlab_fail(DLAB_ENOMEM, "could not allocate the decision boundary");
  b->phi = phi; b->sw = sw; b->sb = sb; b->q1 = q1;
  b->N = width; b->L = layers; b->P = points;
  size_t N = (size_t)width, L = (size_t)layers;
  b->Ms = chaos_alloc((L - 1) * N, N, &st);
  b->bs = chaos_alloc(L - 1, N, &st);
  b->beta = chaos_alloc(N, 1, &st);
  b->h = chaos_alloc(L, N, &st);
  b->g = chaos_alloc(N, 1, &st);
  b->r = chaos_alloc(N, 1, &st);
  b->H = chaos_alloc(N, N, &st);
  b->T = chaos_alloc(N, N, &st);
  b->B = chaos_alloc(N, N, &st);
  b->u = chaos_alloc(N, 1, &st);
  b->p = chaos_alloc(N, 1, &st);
  b->ework = chaos_alloc(dlab_eigen_work_size(width), 1, &st);
  b->kappa = chaos_alloc((size_t)points * L, N - 1, &st);
  b->info = chaos_alloc((size_t)points, DLAB_CHAOS_BOUNDARY_NINFO, &st);
  if (st) {
    dlab_chaos_boundary_free(b);
    return st;
  }
  /* The network, then the readout, then (in dlab_chaos_boundary_step) the starts. */
  dlab_rng_seed(&b->rng, (uint64_t)seed);
  for (size_t l = 0; l + 1 < L; l++) {
    dlab_rng_fill_normal(&b->rng, b->Ms + l * N * N, N * N, sw / sqrt((double)width));
    dlab_rng_fill_normal(&b->rng, b->bs + l * N, N, sb);
  }
  dlab_rng_fill_normal(&b->rng, b->beta, N, 1.0);
  double nb = sqrt(dlab_dot(b->beta, b->beta, width));
  for (size_t i = 0; i < N; i++) b->beta[i] /= nb;
  *out = b;
  return DLAB_OK;
}

/* h^(from+1..L) from h^from (rows of b->h, layers counted from 1); returns G. */
static double forward(dlab_chaos_boundary *b, int from) {
  int N = b->N;
  for (int l = from; l < b->L; l++) {
    const double *h = b->h + (size_t)(l - 1) * N;
    double *next = b->h + (size_t)l * N, *x = b->g;   /* g is free during the forward pass */
    for (int i = 0; i < N; i++) {
      double f, d1, d2;
      chaos_phi_eval(b->phi, h[i], &f, &d1, &d2);
      x[i] = f;
    }
    memcpy(next, b->bs + (size_t)(l - 1) * N, sizeof(double) * (size_t)N);
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, 1, N, N, 1.0, x, N, b->Ms + (size_t)(l - 1) * N * N, N, 1.0, next, N);
  }
  const double *top = b->h + (size_t)(b->L - 1) * N;
  double G = 0;
  for (int i = 0; i < N; i++) {
    double f, d1, d2;
    chaos_phi_eval(b->phi, top[i], &f, &d1, &d2);
    G += b->beta[i] * f;
  }
  return G;
}

/* |phi(h^L)|: the scale of G. */
static double output_norm(const dlab_chaos_boundary *b) {
  const double *top = b->h + (size_t)(b->L - 1) * b->N;
  double s = 0;
  for (int i = 0; i < b->N; i++) {
    double f, d1, d2;
    chaos_phi_eval(b->phi, top[i], &f, &d1, &d2);
    s += f * f;
  }
  return sqrt(s);
}

/* The principal curvatures at one layer from b->g and b->H: the reflector Q = I - tau u u^T
 * with u = g/|g| + sign(g_last) e_last maps g to a multiple of e_last, so the leading
 * (N-1) x (N-1) block of Q H Q / |g| is the Hessian on the tangent space in an orthonormal
 * basis. Q A Q = A - tau (u p^T + p u^T) + tau^2 (u^T p) u u^T with p = A u. */
static int tangent_curvatures(dlab_chaos_boundary *b, double *out) {
  int N = b->N;
  double gn = sqrt(dlab_dot(b->g, b->g, N));
  if (!(gn > 0 && isfinite(gn)))   /* no gradient: no boundary here (never after Newton) */
    return dlab_fail(DLAB_ENOCONV, "the gradient of G vanishes at a boundary point: no tangent plane");
  for (int i = 0; i < N; i++) b->u[i] = b->g[i] / gn;
  b->u[N - 1] += b->u[N - 1] >= 0 ? 1 : -1;
  double tau = 2 / dlab_dot(b->u, b->u, N), alpha = 0;
  for (int i = 0; i < N; i++) {
    double s = 0;
    const double *row = b->H + (size_t)i * N;
    for (int j = 0; j < N; j++) s += row[j] * b->u[j];
    b->p[i] = s / gn;
    alpha += b->u[i] * b->p[i];
  }
  for (int i = 0; i < N - 1; i++)
    for (int j = 0; j < N - 1; j++)
      b->B[(size_t)i * N + j] = b->H[(size_t)i * N + j] / gn - tau * (b->u[i] * b->p[j] + b->p[i] * b->u[j]) +
                                tau * tau * alpha * b->u[i] * b->u[j];
  if (N == 2) { out[0] = b->B[0]; return DLAB_OK; }
  return dlab_eigen_sym(N - 1, b->B, N, out, 0, b->ework);
}

/* Gradient (and, if hess, Hessian) of G with respect to h^l for l = L down to `to`, at the
 * forward pass in b->h. With `curv`, the principal curvatures of every layer >= to go to
 * curv + (l - 1) (N - 1). Leaves g^to in b->g and H^to in b->H. */
static int backward(dlab_chaos_boundary *b, int to, int hess, double *curv) {
  int N = b->N, st;
  const double *top = b->h + (size_t)(b->L - 1) * N;
  if (hess) memset(b->H, 0, sizeof(double) * (size_t)N * N);
  for (int i = 0; i < N; i++) {
    double f, d1, d2;
    chaos_phi_eval(b->phi, top[i], &f, &d1, &d2);
    b->g[i] = b->beta[i] * d1;
    if (hess) b->H[(size_t)i * N + i] = b->beta[i] * d2;
  }
  if (curv && (st = tangent_curvatures(b, curv + (size_t)(b->L - 1) * (N - 1)))) return st;
  for (int l = b->L - 1; l >= to; l--) {
    const double *M = b->Ms + (size_t)(l - 1) * N * N, *h = b->h + (size_t)(l - 1) * N;
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, N, 1, N, 1.0, M, N, b->g, 1, 0.0, b->r, 1);   /* r = W^T g */
    if (hess) {
      dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, N, N, N, 1.0, M, N, b->H, N, 0.0, b->T, N);
      dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, N, N, N, 1.0, b->T, N, M, N, 0.0, b->H, N);
    }
    for (int i = 0; i < N; i++) {
      double f, d1, d2;
      chaos_phi_eval(b->phi, h[i], &f, &d1, &d2);
      b->g[i] = d1 * b->r[i];
      b->p[i] = d1;   /* D, kept for the Hessian's scaling */
      if (hess) b->T[i] = d2 * b->r[i];
    }
    if (hess) {
      for (int i = 0; i < N; i++) {
        double *row = b->H + (size_t)i * N;
        for (int j = 0; j < i; j++) {   /* symmetric: rounding in the two GEMMs is not */
          double v = 0.5 * (row[j] + b->H[(size_t)j * N + i]) * b->p[i] * b->p[j];
          row[j] = v; b->H[(size_t)j * N + i] = v;
        }
        row[i] = row[i] * b->p[i] * b->p[i] + b->T[i];
      }
    }
    if (curv && (st = tangent_curvatures(b, curv + (size_t)(l - 1) * (N - 1)))) return st;
  }
  return DLAB_OK;
}

/* One boundary point into b->h (row 0 = h^1) by Newton along the gradient. */
static int find_point(dlab_chaos_boundary *b, double *info) {
  int N = b->N, steps = 0;
  double radius = sqrt(N * b->q1), G = NAN;
  for (int start = 1; start <= NEWTON_STARTS; start++) {
    double *x = b->h;
    dlab_rng_fill_normal(&b->rng, x, (size_t)N, 1.0);
    double nx = sqrt(dlab_dot(x, x, N));
    for (int i = 0; i < N; i++) x[i] *= radius / nx;
    for (int it = 0; it <= NEWTON_STEPS; it++) {
      G = forward(b, 1);
      if (!isfinite(G)) break;
      if (fabs(G) <= NEWTON_TOL * output_norm(b)) {
        info[0] = steps; info[1] = start; info[2] = fabs(G); info[3] = dlab_dot(x, x, N) / N;
        return DLAB_OK;
      }
      if (it == NEWTON_STEPS) break;
      backward(b, 1, 0, 0);
      double gg = dlab_dot(b->g, b->g, N);
      if (!(gg > 0 && isfinite(gg))) break;   /* flat here (e.g. dead ReLUs): next start */
      double step = fabs(G) / sqrt(gg), cap = NEWTON_MAX_MOVE * sqrt(dlab_dot(x, x, N)), k = -G / gg;
      if (step > cap) k *= cap / step;
      for (int i = 0; i < N; i++) x[i] += k * b->g[i];
      steps++;
    }
  }
  return dlab_fail(DLAB_ENOCONV, "found no point of the decision boundary G = 0 in %d Newton steps from each of "
                   "%d random starts (last |G| = %g): the readout may not change sign for this network; "
                   "try another seed or larger sw", NEWTON_STEPS, NEWTON_STARTS, fabs(G));
}

int dlab_chaos_boundary_step(dlab_chaos_boundary *b, int n, int *done_out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("boundary", b)) || (st = dlab_check_int("n", n, 1, DLAB_CHAOS_BOUNDARY_MAX_POINTS)))
    return st;
  int N = b->N;
  for (int k = 0; k < n && b->done < b->P; k++) {
    double *info = b->info + (size_t)b->done * DLAB_CHAOS_BOUNDARY_NINFO;
    double *curv = b->kappa + (size_t)b->done * b->L * (N - 1);
    if ((st = find_point(b, info))) return st;   /* leaves the point's forward pass in b->h */
    if ((st = backward(b, 1, 1, curv))) return st;
    b->done++;
  }
  if (done_out) *done_out = b->done;
  return DLAB_OK;
}

int dlab_chaos_boundary_read(const dlab_chaos_boundary *b, double *kappa, double *info) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("boundary", b))) return st;
  if (kappa) memcpy(kappa, b->kappa, sizeof(double) * (size_t)b->done * b->L * (b->N - 1));
  if (info) memcpy(info, b->info, sizeof(double) * (size_t)b->done * DLAB_CHAOS_BOUNDARY_NINFO);
  return DLAB_OK;
}

int dlab_chaos_boundary_derivs(dlab_chaos_boundary *b, int layer, const double *h, double *G,
                               double *grad, double *hess) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("boundary", b)) || (st = dlab_check_int("layer", layer, 1, b->L)) ||
      (st = dlab_check_ptr("h", h)) || (st = dlab_check_ptr("G", G)))
    return st;
  int N = b->N;
  for (int i = 0; i < N; i++)
    if (!isfinite(h[i])) return dlab_fail(DLAB_EINVAL, "h[%d] must be finite, got %g", i, h[i]);
  memcpy(b->h + (size_t)(layer - 1) * N, h, sizeof(double) * (size_t)N);
  *G = forward(b, layer);
  if (!isfinite(*G))   /* linear and ReLU layers pass |h| on: near DBL_MAX it overflows */
    return dlab_fail(DLAB_EDIVERGED, "G at this h is beyond the double range (the forward pass overflows): "
                     "take a smaller h");
  if (!grad && !hess) return DLAB_OK;
  if ((st = backward(b, layer, hess != 0, 0))) return st;
  if (grad) memcpy(grad, b->g, sizeof(double) * (size_t)N);
  if (hess) memcpy(hess, b->H, sizeof(double) * (size_t)N * N);
  return DLAB_OK;
}

int dlab_chaos_boundary_theory(int phi, double sw, double sb, double q1, double width, int layers,
                               double *out) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = dlab_check_int("layers", layers, 1, DLAB_CHAOS_MAX_LAYERS)) ||
      (st = dlab_check_ptr("out", out)) || (st = chaos_check_q1(q1)))
    return st;
  if (!(width >= 2)) return dlab_fail(DLAB_EINVAL, "width must be at least 2 (or Infinity), got %g", width);
  if (phi == DLAB_PHI_RELU || phi == DLAB_PHI_LINEAR) {   /* phi'' = 0 off the kinks */
    for (int l = 0; l < layers; l++) out[l] = 0;
    return DLAB_OK;
  }
  double w2 = sw * sw, b2 = sb * sb, q = q1, qs[DLAB_CHAOS_MAX_LAYERS], inv_n = 1 / width;
  for (int l = 0; l < layers; l++) {   /* the lengths q^1..q^L */
    chaos_moments m;
    if ((st = chaos_moments_at(phi, DLAB_CHAOS_FAST, q, &m))) return st;
    qs[l] = q;
    q = w2 * m.pp + b2;
  }
  /* f = |H|_F^2 / |g|^2 and t = (tr H)^2 / |g|^2 (divided by |g|^2 so they cannot overflow
   * before K itself does). Top: H = diag(beta phi''), |beta| = 1, so |H|_F^2 = (tr H)^2 =
   * E[phi''^2] and |g|^2 = E[phi'^2] in expectation. */
  double f = 0, t = 0;
  for (int l = layers - 1; l >= 0; l--) {
    chaos_moments m;
    if ((st = chaos_moments_at(phi, DLAB_CHAOS_FAST, qs[l], &m))) return st;
    if (l == layers - 1) {
      f = t = m.d2d2 / m.d1d1;
    } else {   /* one layer down, with the exact 1/N terms of the diagonal of W^T H W */
      double c1 = w2 * m.d1d1, c2 = w2 * m.d2d2, rho = chaos_d1_fourth(phi, qs[l]) / (m.d1d1 * m.d1d1);
      /* In the mean-field limit (inv_n = 0) the cross terms vanish: written out, 0 x an
       * overflowed f or t (deep in the chaotic phase) would be NaN instead of +Infinity. */
      double ft = inv_n > 0 ? rho * inv_n * t : 0, tf = inv_n > 0 ? 2 * rho * inv_n * f : 0;
      double fn = c1 * ((1 - inv_n + 2 * rho * inv_n) * f + ft) + c2 / c1;
      t = c1 * ((1 + (rho - 1) * inv_n) * t + tf) + c2 / c1;
      f = fn;
    }
    out[l] = f;
  }
  return DLAB_OK;
}
