/* Monte-Carlo check of the transient-chaos theory: a great circle of M points pushed
 * through a wide random network, carrying the tangent v = dh/dtheta and acceleration
 * a = d2h/dtheta2 exactly in forward mode, layer by layer (Poole et al. 2016, Fig. 3).
 * Points are rows: H, V, A are M x N blocks of one 3M x N matrix X, so one GEMM
 * X' = Y W^T per layer moves all three (W^T is drawn directly: its entries are iid). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chaos_internal.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"
#include "api/status_internal.h"

#define TWO_PI 6.28318530717958647692528676656
#define PCA_K 8          /* subspace-iteration block (top 3 are kept) */
#define PCA_ITERS 40
#define WIDE_STREAM 0x9E3779B97F4A7C15ull   /* seed ^ this seeds the shallow network */

struct dlab_chaos_sim {
  int phi, N, M, L, done;
  double sw, sb, q1;
  dlab_rng rng;
  double *X, *Y, *W, *b, *meas, *proj, *gram, *B, *Z, *ework;
  double *autocorr;     /* L x (M/2 + 1) */
  dlab_rng wide_rng;    /* the one-hidden-layer network's own stream */
  double *wide, *wide_sum;   /* L lengths; per point, sum over units of (phi'(h) v)^2 */
};

void dlab_chaos_sim_free(dlab_chaos_sim *s) {
  if (!s) return;
  free(s->X); free(s->Y); free(s->W); free(s->b); free(s->meas); free(s->proj);
  free(s->gram); free(s->B); free(s->Z); free(s->ework);
  free(s->autocorr); free(s->wide); free(s->wide_sum);
  free(s);
}

int dlab_chaos_sim_create(int phi, double sw, double sb, double q1, int width, int points, int layers,
                          double seed, dlab_chaos_sim **out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("out", out))) return st;
  *out = NULL;
  if ((st = chaos_check_net(phi, sw, sb)) || (st = chaos_check_q1(q1)) ||
      (st = dlab_check_int("width", width, 2, DLAB_CHAOS_MAX_WIDTH)) ||
      (st = dlab_check_int("layers", layers, 1, DLAB_CHAOS_MAX_DEPTH)) ||
      (st = dlab_check_int("points", points, DLAB_CHAOS_MIN_POINTS, DLAB_CHAOS_MAX_POINTS)) ||
      (st = dlab_check_seed(seed)))
    return st;
  if (points % 8)
    return dlab_fail(DLAB_EINVAL, "points must be a multiple of 8 in [%d, %d], got %d", DLAB_CHAOS_MIN_POINTS,
                     DLAB_CHAOS_MAX_POINTS, points);
  dlab_chaos_sim *s = calloc(1, sizeof *s);
  if (!s) return dlab_fail(DLAB_ENOMEM, "could not allocate the simulation");
  s->phi = phi; s->sw = sw; s->sb = sb; s->q1 = q1;
  s->N = width; s->M = points; s->L = layers;
  dlab_rng_seed(&s->rng, (uint64_t)seed);
  size_t N = (size_t)width, M = (size_t)points;
  s->X = chaos_alloc(3 * M, N, &st);
  s->Y = chaos_alloc(3 * M, N, &st);
  s->W = chaos_alloc(N, N, &st);
  s->b = chaos_alloc(N, 1, &st);
  s->meas = chaos_alloc((size_t)layers, DLAB_CHAOS_SIM_NMEAS, &st);
  s->proj = chaos_alloc((size_t)layers * M, 3, &st);
  s->gram = chaos_alloc(M, M, &st);
  s->B = chaos_alloc(M, PCA_K, &st);
  s->Z = chaos_alloc(M, PCA_K, &st);
  s->ework = chaos_alloc(dlab_eigen_work_size(PCA_K) + 2 * PCA_K * PCA_K + PCA_K, 1, &st);
  s->autocorr = chaos_alloc((size_t)layers, M / 2 + 1, &st);
  s->wide = chaos_alloc((size_t)layers, 1, &st);
  s->wide_sum = chaos_alloc(M, 1, &st);
  if (st) {
    dlab_chaos_sim_free(s);
    return st;
  }
  dlab_rng_seed(&s->wide_rng, (uint64_t)seed ^ WIDE_STREAM);
  *out = s;
  return DLAB_OK;
}

/* The input circle: u0, u1 orthonormal by Gram-Schmidt of two Gaussian vectors. */
static void init_circle(dlab_chaos_sim *s) {
  int N = s->N, M = s->M;
  double *u0 = s->b, *u1 = s->W;   /* scratch: both are overwritten before use */
  dlab_rng_fill_normal(&s->rng, u0, (size_t)N, 1.0);
  dlab_rng_fill_normal(&s->rng, u1, (size_t)N, 1.0);
  double n0 = sqrt(dlab_dot(u0, u0, N));
  for (int i = 0; i < N; i++) u0[i] /= n0;
  double p = dlab_dot(u0, u1, N);
  for (int i = 0; i < N; i++) u1[i] -= p * u0[i];
  double n1 = sqrt(dlab_dot(u1, u1, N));
  for (int i = 0; i < N; i++) u1[i] /= n1;
  double R = sqrt(N * s->q1);
  double *H = s->X, *V = s->X + (size_t)M * N, *A = s->X + 2 * (size_t)M * N;
  for (int k = 0; k < M; k++) {
    double th = TWO_PI * k / M, c = cos(th), sn = sin(th);
    for (int i = 0; i < N; i++) {
      size_t at = (size_t)k * N + i;
      H[at] = R * (c * u0[i] + sn * u1[i]);
      V[at] = R * (-sn * u0[i] + c * u1[i]);
      A[at] = -H[at];
    }
  }
}

/* h' = W phi(h) + b, v' = W (phi'(h) v), a' = W (phi''(h) v^2 + phi'(h) a). */
static void next_layer(dlab_chaos_sim *s) {
  int N = s->N, M = s->M;
  size_t MN = (size_t)M * N;
  const double *H = s->X, *V = s->X + MN, *A = s->X + 2 * MN;
  double *Yh = s->Y, *Yv = s->Y + MN, *Ya = s->Y + 2 * MN;
  for (size_t i = 0; i < MN; i++) {
    double f, d1, d2;
    chaos_phi_eval(s->phi, H[i], &f, &d1, &d2);
    Yh[i] = f;
    Yv[i] = d1 * V[i];
    Ya[i] = d2 * V[i] * V[i] + d1 * A[i];
  }
  dlab_rng_fill_normal(&s->rng, s->W, (size_t)N * N, s->sw / sqrt((double)N));
  dlab_rng_fill_normal(&s->rng, s->b, (size_t)N, s->sb);
  dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, 3 * M, N, N, 1.0, s->Y, N, s->W, N, 0.0, s->X, N);
  for (int k = 0; k < M; k++) {
    double *h = s->X + (size_t)k * N;
    for (int i = 0; i < N; i++) h[i] += s->b[i];
  }
}

/* Gram-Schmidt with reorthogonalisation ("twice is enough") on the K columns of B
 * (M x K, row-major). A column that vanishes against the earlier ones (the Gram matrix
 * of a circle has rank 2) is replaced by a fixed Fourier mode and orthogonalised again. */
static void orthonormalise(double *B, int M, int K) {
  for (int j = 0; j < K; j++) {
    for (int attempt = 0; attempt < K + 2; attempt++) {
      double before = 0, after = 0;
      for (int r = 0; r < M; r++) before += B[r * K + j] * B[r * K + j];
      for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < j; i++) {
          double p = 0;
          for (int r = 0; r < M; r++) p += B[r * K + i] * B[r * K + j];
          for (int r = 0; r < M; r++) B[r * K + j] -= p * B[r * K + i];
        }
      for (int r = 0; r < M; r++) after += B[r * K + j] * B[r * K + j];
      if (after > 1e-20 * before && after > 0) {
        double n = sqrt(after);
        for (int r = 0; r < M; r++) B[r * K + j] /= n;
        break;
      }
      int f = K / 2 + 1 + j + attempt;   /* a mode not used at the start */
      for (int r = 0; r < M; r++) B[r * K + j] = cos(TWO_PI * f * r / M + 0.3 * (j + attempt));
    }
  }
}

/* Points near the ends of the double range (q below ~1e-150 or above ~1e150, e.g. q1 =
 * 5e-324) would underflow or overflow in a Gram matrix: the measurements taken from it
 * are scale-invariant, so they use the points times 2^-ex, which is exact. Returns ex for
 * x (n entries), 0 when the points are in the ordinary range and are used as they are. */
static int gram_exponent(const double *x, size_t n) {
  double big = 0;
  for (size_t i = 0; i < n; i++) big = fmax(big, fabs(x[i]));
  int ex = 0;
  if (big > 0 && isfinite(big) && !(big > 0x1p-250 && big < 0x1p250)) frexp(big, &ex);
  return ex;
}

static void scale_pow2(double *x, size_t n, int ex) {
  for (size_t i = 0; i < n; i++) x[i] = ldexp(x[i], -ex);
}

/* PCA of the centred points through their Gram matrix G (M x M): top-3 eigenpairs by
 * subspace iteration started from the circle's Fourier modes (G is nearly circulant),
 * then Rayleigh-Ritz. Writes the variance fraction, the participation ratio and proj. */
static void pca(dlab_chaos_sim *s, double qscale, double *row, double *proj) {
  int N = s->N, M = s->M, K = PCA_K;
  double *Hc = s->Y;   /* free after the layer's GEMM */
  for (int i = 0; i < N; i++) {
    double m = 0;
    for (int k = 0; k < M; k++) m += s->X[(size_t)k * N + i];
    m /= M;
    for (int k = 0; k < M; k++) Hc[(size_t)k * N + i] = s->X[(size_t)k * N + i] - m;
  }
  int ex = gram_exponent(Hc, (size_t)M * N);   /* G is 2^-2ex times the centred Gram matrix */
  if (ex) scale_pow2(Hc, (size_t)M * N, ex);
  double *G = s->gram;
  dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, M, M, N, 1.0, Hc, N, Hc, N, 0.0, G, M);
  double tr = 0, fro = 0;
  for (int k = 0; k < M; k++) tr += G[(size_t)k * M + k];
  for (size_t i = 0; i < (size_t)M * M; i++) fro += G[i] * G[i];
  row[9] = fro > 0 ? tr * tr / fro : 1;
  for (int r = 0; r < M; r++)
    for (int j = 0; j < K; j++) {
      int f = j / 2 + 1;
      double th = TWO_PI * f * r / M;
      s->B[r * K + j] = j % 2 ? sin(th) : cos(th);
    }
  orthonormalise(s->B, M, K);
  for (int it = 0; it < PCA_ITERS; it++) {
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, M, K, M, 1.0, G, M, s->B, K, 0.0, s->Z, K);
    memcpy(s->B, s->Z, sizeof(double) * (size_t)M * K);
    orthonormalise(s->B, M, K);
  }
  double *T = s->ework, *Q = T + K * K, *w = Q + K * K, *ew = w + K;
  dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, M, K, M, 1.0, G, M, s->B, K, 0.0, s->Z, K);
  dlab_gemm(DLAB_TRANS, DLAB_NOTRANS, K, K, M, 1.0, s->B, K, s->Z, K, 0.0, T, K);
  for (int i = 0; i < K; i++)
    for (int j = 0; j < i; j++) T[i * K + j] = T[j * K + i] = 0.5 * (T[i * K + j] + T[j * K + i]);
  if (dlab_eigen_sym(K, T, K, w, Q, ew)) {
    for (int k = 0; k < 3 * M; k++) proj[k] = NAN;
    row[8] = NAN;
    return;
  }
  double top2 = fmax(w[K - 1], 0) + fmax(w[K - 2], 0);
  row[8] = tr > 0 ? top2 / tr : 1;
  for (int c = 0; c < 3; c++) {
    int e = K - 1 - c;
    double lam = fmax(w[e], 0), big = 0, sign = 1;
    for (int r = 0; r < M; r++) {   /* sign: largest-magnitude coordinate positive */
      double u = 0;
      for (int j = 0; j < K; j++) u += s->B[r * K + j] * Q[j * K + e];
      if (fabs(u) > fabs(big)) big = u;
      proj[r * 3 + c] = u;
    }
    if (big < 0) sign = -1;
    double scale = qscale > 0 ? sign * ldexp(sqrt(lam), ex) / qscale : 0;   /* q = 0: every point at 0 */
    for (int r = 0; r < M; r++) proj[r * 3 + c] *= scale;
  }
}

/* One point's curvature: N kappa^2 = N (|v|^2 |a|^2 - (v.a)^2) / |v|^6 into *k2 and its
 * Grassmannian length element kappa |v| into *lg. Undefined (returns 0) when v = 0. */
static int point_curvature(double vv, double aa, double va, int N, double *k2, double *lg) {
  if (!(vv > 0)) return 0;
  double perp = fmax(vv * aa - va * va, 0), v3 = vv * vv * vv;
  if (v3 > 0 && v3 < INFINITY && perp < INFINITY) {
    *k2 = N * perp / v3;
    *lg = sqrt(perp) / vv;
    return 1;
  }
  /* |v| so small or large that |v|^6 (or |v|^2 |a|^2) leaves the double range: the same
   * quantities from the angle between v and a, kappa = |a| sin / |v|^2. */
  double nv = sqrt(vv), na = sqrt(aa), cs = na > 0 ? va / nv / na : 0;
  double t = na * sqrt(fmax(1 - cs * cs, 0)) / nv;   /* kappa |v| */
  *lg = t;
  *k2 = N * (t / nv) * (t / nv);
  return 1;
}

/* Mean cosine between points k = 0..M/2 steps apart, from the Gram matrix U = H H^T (into
 * s->gram, which pca() then reuses for the centred points). A pair with a point at the
 * origin is left out; 1 if every pair is (the circle has collapsed to one point). */
static void measure_autocorr(dlab_chaos_sim *s, int layer) {
  int N = s->N, M = s->M, K = M / 2;
  double *U = s->gram, *row = s->autocorr + (size_t)layer * (K + 1), *H = s->X;
  int ex = gram_exponent(H, (size_t)M * N);
  if (ex) {   /* cosines from 2^-ex H (Y is free between layers) */
    memcpy(s->Y, H, sizeof(double) * (size_t)M * N);
    scale_pow2(H = s->Y, (size_t)M * N, ex);
  }
  dlab_gemm(DLAB_NOTRANS, DLAB_TRANS, M, M, N, 1.0, H, N, H, N, 0.0, U, M);
  for (int k = 0; k <= K; k++) {
    double sum = 0;
    int count = 0;
    for (int p = 0; p < M; p++) {
      int q = (p + k) % M;
      double xx = U[(size_t)p * M + p], yy = U[(size_t)q * M + q], den = sqrt(xx * yy);
      if (!(den > 0 && den < INFINITY)) den = sqrt(xx) * sqrt(yy);   /* the product under/overflowed */
      if (!(den > 0)) continue;
      sum += U[(size_t)p * M + q] / den;
      count++;
    }
    row[k] = count ? sum / count : 1;
  }
}

/* N more units of the one-hidden-layer network fed the input circle (chaos.h): unit i has
 * h_i = sqrt(q1) (g cos + g' sin), tangent v_i = sqrt(q1) (g' cos - g sin); its squared
 * tangent (phi'(h_i) v_i)^2 adds to each point's sum, and the length uses the sums. */
static void measure_shallow(dlab_chaos_sim *s, int layer) {
  int N = s->N, M = s->M;
  double *g = s->Y;   /* 2N normals; Y is free between layers */
  dlab_rng_fill_normal(&s->wide_rng, g, 2 * (size_t)N, sqrt(s->q1));
  double len = 0;
  for (int p = 0; p < M; p++) {
    double th = TWO_PI * p / M, c = cos(th), sn = sin(th), sum = 0;
    for (int i = 0; i < N; i++) {
      double a = g[i], b = g[N + i], f, d1, d2, v;
      chaos_phi_eval(s->phi, a * c + b * sn, &f, &d1, &d2);
      v = d1 * (b * c - a * sn);
      sum += v * v;
    }
    s->wide_sum[p] += sum;
    len += sqrt(s->wide_sum[p]);
  }
  s->wide[layer] = len * TWO_PI / M;
}

static void measure(dlab_chaos_sim *s, int layer) {
  int N = s->N, M = s->M;
  size_t MN = (size_t)M * N;
  const double *H = s->X, *V = s->X + MN, *A = s->X + 2 * MN;
  double *row = s->meas + (size_t)layer * DLAB_CHAOS_SIM_NMEAS;
  double q = 0, g = 0, k2 = 0, le = 0, lg = 0, lx = 0;
  int nk = 0;   /* points where kappa is defined */
  for (int p = 0; p < M; p++) {
    const double *h = H + (size_t)p * N, *v = V + (size_t)p * N, *a = A + (size_t)p * N;
    double hh = dlab_dot(h, h, N), vv = dlab_dot(v, v, N), aa = dlab_dot(a, a, N), va = dlab_dot(v, a, N), pk2, plg;
    q += hh;
    g += vv;
    if (point_curvature(vv, aa, va, N, &pk2, &plg)) { k2 += pk2; lg += plg; nk++; }
    le += sqrt(vv);
    double xx = 0;   /* tangent of x = phi(h) is phi'(h) v */
    for (int i = 0; i < N; i++) {
      double f, d1, d2;
      chaos_phi_eval(s->phi, h[i], &f, &d1, &d2);
      xx += d1 * d1 * v[i] * v[i];
    }
    lx += sqrt(xx);
  }
  double dth = TWO_PI / M;
  const double *ac = s->autocorr + (size_t)layer * (M / 2 + 1);
  measure_autocorr(s, layer);   /* before pca(), which reuses s->gram */
  row[0] = q / ((double)M * N);
  row[1] = ac[M / 4];
  row[2] = ac[M / 8];
  row[3] = g / ((double)M * N);
  row[4] = nk ? k2 / nk : 0;
  row[5] = le * dth / sqrt((double)N);
  row[6] = lg * dth;
  row[7] = lx * dth;
  pca(s, sqrt(N * row[0]), row, s->proj + (size_t)layer * M * 3);
  measure_shallow(s, layer);
}

int dlab_chaos_sim_step(dlab_chaos_sim *s, int n, int *done_out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("sim", s)) || (st = dlab_check_int("n", n, 1, DLAB_CHAOS_MAX_DEPTH)))
    return st;
  for (int k = 0; k < n && s->done < s->L; k++) {
    if (s->done == 0) init_circle(s);
    else next_layer(s);
    measure(s, s->done);
    s->done++;
  }
  if (done_out) *done_out = s->done;
  return DLAB_OK;
}

int dlab_chaos_sim_read(const dlab_chaos_sim *s, double *meas, double *proj) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("sim", s))) return st;
  if (meas) memcpy(meas, s->meas, sizeof(double) * (size_t)s->done * DLAB_CHAOS_SIM_NMEAS);
  if (proj) memcpy(proj, s->proj, sizeof(double) * (size_t)s->done * s->M * 3);
  return DLAB_OK;
}

int dlab_chaos_sim_read_autocorr(const dlab_chaos_sim *s, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("sim", s)) || (st = dlab_check_ptr("out", out))) return st;
  memcpy(out, s->autocorr, sizeof(double) * (size_t)s->done * (s->M / 2 + 1));
  return DLAB_OK;
}

int dlab_chaos_sim_read_shallow(const dlab_chaos_sim *s, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("sim", s)) || (st = dlab_check_ptr("out", out))) return st;
  memcpy(out, s->wide, sizeof(double) * (size_t)s->done);
  return DLAB_OK;
}
