/* The input-output Jacobian of a random network at initialisation and its spectrum
 * (Pennington, Schoenholz & Ganguli 2017; Saxe et al. 2014; include/depthlab/chaos.h,
 * dlab_chaos_jacobian). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/status_internal.h"
#include "chaos_internal.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"

#define INV_SQRT_2PI 0.398942280401432677939946059934
#define PI 3.14159265358979323846264338328
#define INPUT_STREAM 0xD1B54A32D192ED03ull   /* seed ^ this draws the input and biases */

double chaos_d1_fourth(int phi, double q) {
  switch (phi) {
    case DLAB_PHI_LINEAR: return 1;
    case DLAB_PHI_RELU: return 0.5;
    case DLAB_PHI_ERF: return 1 / sqrt(1 + 2 * PI * q);   /* phi'^4 = exp(-pi h^2) */
    default: break;
  }
  if (q == 0) return 1;
  /* tanh: the trapezoid rule of the length map (sech^8 is analytic in the same strip). */
  double h = chaos_trap_step(q), s = sqrt(q), sum = 0;
  int n = (int)ceil(CHAOS_TRAP_ZMAX / h);
  for (int j = -n; j <= n; j++) {
    double z = j * h, c = cosh(s * z), d = c < 1e77 ? 1 / (c * c) : 0;
    sum += exp(-0.5 * z * z) * d * d * d * d;
  }
  return sum * h * INV_SQRT_2PI;
}

/* q*, chi1 and rho = E[phi'^4] / E[phi'^2]^2 at q*, and the input's length q_in. */
static int mean_field(int phi, double sw, double sb, double *info) {
  double qs;
  chaos_moments m;
  int st = chaos_qstar(phi, DLAB_CHAOS_FAST, sw, sb, 0, &qs, &m);
  if (st) return st;
  /* Linear and ReLU networks are homogeneous: where q* is 0 or infinite (sb = 0, or
   * growing lengths) their D^l do not depend on the input's length, so any length will do. */
  int homogeneous = phi == DLAB_PHI_LINEAR || phi == DLAB_PHI_RELU;
  double q_in = homogeneous && !(qs > 0 && isfinite(qs)) ? 1 : qs;
  info[DLAB_CHAOS_JAC_QSTAR] = qs;
  info[DLAB_CHAOS_JAC_CHI1] = sw * sw * m.d1d1;
  info[DLAB_CHAOS_JAC_QIN] = q_in;
  info[DLAB_CHAOS_JAC_RHO] = chaos_d1_fourth(phi, isfinite(qs) ? qs : 0) / (m.d1d1 * m.d1d1);
  return DLAB_OK;
}

/* Mean chi1^l and variance l chi1^(2l) (rho - 1 + s) of the squared singular values,
 * s = 1 for Gaussian layers (Marchenko-Pastur), 0 for orthogonal ones. */
static void theory_rows(const double *info, int init, int layers, double *theory) {
  double chi1 = info[DLAB_CHAOS_JAC_CHI1], k = info[DLAB_CHAOS_JAC_RHO] - 1 + (init == DLAB_CHAOS_INIT_GAUSSIAN);
  if (k < 0) k = 0;   /* rho >= 1 (Jensen); rounding must not make a variance negative */
  double mean = 1;
  for (int l = 1; l <= layers; l++) {
    mean *= chi1;
    theory[(size_t)(l - 1) * DLAB_CHAOS_JAC_NTHEORY] = mean;
    theory[(size_t)(l - 1) * DLAB_CHAOS_JAC_NTHEORY + 1] = k == 0 ? 0 : l * k * mean * mean;
  }
}

int dlab_chaos_jacobian(int phi, int init, double sw, double sb, int width, int layers, double seed,
                        double *svals, double *msq, double *q, double *theory, double *info) {
  dlab_clear_error();
  int st;
  if ((st = chaos_check_net(phi, sw, sb)) ||
      (st = dlab_check_int("init", init, DLAB_CHAOS_INIT_GAUSSIAN, DLAB_CHAOS_INIT_ORTHOGONAL)) ||
      (st = dlab_check_int("width", width, 1, DLAB_CHAOS_JAC_MAX_WIDTH)) ||
      (st = dlab_check_int("layers", layers, 1, DLAB_CHAOS_JAC_MAX_DEPTH)) ||
      (st = dlab_check_seed(seed)))
    return st;
  int n = width;
  double work = (double)layers * n * n * n;   /* one n x n SVD per layer dominates */
  if (work > DLAB_CHAOS_JAC_MAX_WORK)
    return dlab_fail(DLAB_ELIMIT, "layers x width^3 = %g is above the limit of %g (DLAB_CHAOS_JAC_MAX_WORK): one SVD of width x width per layer; use fewer layers or a narrower network",
                     work, DLAB_CHAOS_JAC_MAX_WORK);
  double mf[DLAB_CHAOS_JAC_NINFO];
  if ((st = mean_field(phi, sw, sb, mf))) return st;
  if (info) memcpy(info, mf, sizeof mf);
  if (theory) theory_rows(mf, init, layers, theory);

  size_t n2 = (size_t)n * n, total = n2 + dlab_haar_work_size(n) + dlab_qr_product_work_size(n) + 4 * (size_t)n;
  double *block = malloc(sizeof(double) * total);
  if (!block) return dlab_fail(DLAB_ENOMEM, "could not allocate %zu doubles for the Jacobian", total);
  double *W = block, *haar_work = W + n2, *acc_work = haar_work + dlab_haar_work_size(n);
  double *h = acc_work + dlab_qr_product_work_size(n), *x = h + n, *b = x + n, *d = b + n;

  /* Weights from the seed's stream, layer by layer, exactly as the deep linear simulator
   * draws them (dl_sim.c), so a linear network reproduces its products bit for bit; the
   * input and the biases from a stream of their own. */
  dlab_rng wr, ir;
  dlab_rng_seed(&wr, (uint64_t)seed);
  dlab_rng_seed(&ir, (uint64_t)seed ^ INPUT_STREAM);
  /* Input x^0 = phi(h^0), |h^0|^2 = N q_in: every layer's pre-activations start at q*. */
  dlab_rng_fill_normal(&ir, h, (size_t)n, 1.0);
  double hh = 0;
  for (int i = 0; i < n; i++) hh += h[i] * h[i];
  double scale = hh > 0 ? sqrt(n * mf[DLAB_CHAOS_JAC_QIN] / hh) : 0;
  for (int i = 0; i < n; i++) {
    double f, d1, d2;
    chaos_phi_eval(phi, scale * h[i], &f, &d1, &d2);
    x[i] = f;
  }
  dlab_qr_product acc;
  dlab_qr_product_start(&acc, n, acc_work);
  for (int l = 1; l <= layers && !st; l++) {
    if (init == DLAB_CHAOS_INIT_GAUSSIAN) {
      dlab_rng_fill_normal(&wr, W, n2, sw / sqrt((double)n));
    } else {
      if ((st = dlab_rng_haar_orthogonal(&wr, n, W, haar_work))) break;
      for (size_t k = 0; k < n2; k++) W[k] *= sw;
    }
    dlab_rng_fill_normal(&ir, b, (size_t)n, sb);
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n, 1, n, 1.0, W, n, x, 1, 0.0, h, 1);
    double ql = 0;
    for (int i = 0; i < n; i++) {
      double f, d2;
      h[i] += b[i];
      ql += h[i] * h[i];
      chaos_phi_eval(phi, h[i], &f, &d[i], &d2);
      x[i] = f;
    }
    if (q) q[l - 1] = ql / n;
    if (!isfinite(ql)) {
      st = dlab_fail(DLAB_EDIVERGED, "the pre-activations overflow at layer %d (sw = %g); use a smaller sw or fewer layers", l, sw);
      break;
    }
    for (int i = 0; i < n; i++)   /* D^l W^l: row i scaled by phi'(h_i) */
      for (int j = 0; j < n; j++) W[(size_t)i * n + j] *= d[i];
    double *row = svals ? svals + (size_t)(l - 1) * n : NULL, f2;
    if ((st = dlab_qr_product_push(&acc, W, row))) {
      st = dlab_fail(st, "the SVD of the Jacobian of layers 1..%d did not converge", l);
    } else if (!isfinite(f2 = dlab_qr_product_frobenius2(&acc)) || (row && !isfinite(row[0]))) {
      st = dlab_fail(DLAB_EDIVERGED, "the Jacobian's singular values overflow at layer %d (sw = %g); use a smaller sw or fewer layers", l, sw);
    } else if (msq) {
      msq[l - 1] = f2 / n;
    }
  }
  free(block);
  return st;
}
