/* libFuzzer target: transient chaos (chaos.h), every exported dlab_chaos_*: phi, the
 * length and correlation maps, fixed points, the critical sw, the curvature recursion,
 * the phase diagram and the iterations to converge in small chunks, the correlation map
 * iterated, the boundary theory, the input-output Jacobian's spectrum, and two handles: the Monte-Carlo circle (new / step /
 * read / read_autocorr / read_shallow / free) and the decision boundary (create / step /
 * read / derivs / free), each also on a NULL handle.
 * Besides the status contract it checks the documented NaN rules (NaN only where chaos.h
 * says a quantity does not exist), that chunked calls write only their rows, and exact
 * facts of the results: layer 1 of the circle is the circle (q = q1, autocorrelation
 * cos(2 pi k / M)), an iterated correlation starts at c1, stays in [-1, 1] and keeps
 * c = 1, ReLU and linear networks have a flat boundary (H = 0, every curvature 0), the
 * Hessian is symmetric, the Jacobian's singular values are finite and descending.
 *
 * Bounded work (fuzz.h, cost classes; times per call under ASan + UBSan):
 *   - 2-D Gaussian integrals by the trapezoid rule (tanh's fast method, every trapezoid
 *     call) cost ~0.1 ms per unit of q: cheap calls keep q <= 0.5; fixed points, whose
 *     c* takes Newton steps on them at q* <= sw^2 + sb^2, keep sw <= 1.25 (~0.3 ms).
 *   - The reference method's nested adaptive 2-D rule costs 3-11 ms per integral (and
 *     its c* 80-100 ms): cheap calls use the fast method instead.
 *   - Simulated layers cost ~2 ms each at 16 points (the PCA), boundary points up to
 *     ~5 ms each (up to 20 x 50 Newton steps): only slow-class calls compute them;
 *     cheap ones create the handle, read it with nothing done, and step with invalid n.
 *   - tanh's recursions cost a 1-D trapezoid moment per layer, its iterated correlation
 *     map a Mehler series per layer (~1 ms): layers are capped per class.
 *   - Grids, counts and iteration caps beyond the computed sizes get a NULL output, so
 *     their limits are still checked and the call fails fast. */
#include "fuzz.h"

#include "depthlab/chaos.h"

#define PI 3.14159265358979323846

static int real_in(double x, double lo, double hi) { return isfinite(x) && x >= lo && x <= hi; }
static int whole_seed(double x) { return real_in(x, 0, DLAB_MAX_WHOLE) && x == floor(x); }

static int net_ok(int okp, double sw, double sb) {
  return okp && real_in(sw, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW) && real_in(sb, 0, DLAB_CHAOS_MAX_SB);
}

static int q1_ok(double q1) { return real_in(q1, 0, DLAB_CHAOS_MAX_Q) && q1 > 0; }

/* Caps per cost class (FZ_CHEAP, FZ_SLOW, FZ_SLOWEST), from measured times. */
static const double TRAP2_Q[3] = { 0.5, 64, DLAB_CHAOS_MAX_Q };     /* 2-D trapezoid: ~0.1 ms per unit of q */
static const double REF2_Q[3] = { 0, 5, DLAB_CHAOS_MAX_Q };         /* nested adaptive 2-D: 3-11 ms at q <= 5 */
static const double FIXED_SW[3] = { 1.25, 3, DLAB_CHAOS_MAX_SW };   /* c* of tanh (or erf by trapezoid) */
#define FIXED_REF_SW 1.5                                           /* c* by the reference method: slowest */
static const int TANH_LAYERS[3] = { 12, 300, DLAB_CHAOS_MAX_LAYERS }; /* curvature, boundary theory */
static const int SIM_WIDTH[3] = { 8, 8, 64 }, SIM_POINTS[3] = { 32, 24, 64 }, SIM_LAYERS[3] = { 0, 2, 4 };
static const int BND_WIDTH[3] = { 8, 8, 32 }, BND_LAYERS[3] = { 4, 4, 8 }, BND_POINTS[3] = { 0, 3, 4 };
static const int ITER_LAYERS[3] = { 64, 1000, 1000 }, ITER_N[3] = { 16, 16, 64 };   /* closed-form maps */
static const int ITER_TANH_LAYERS[3] = { 1, 4, 64 };   /* a Mehler series per layer (layer 1 is c1 itself) */
static const double ITER_TANH_SW[3] = { 0, 3, DLAB_CHAOS_MAX_SW }, ITER_TANH_Q1[3] = { 0, 5, DLAB_CHAOS_MAX_Q };
static const double CONVERGE_STEPS[3] = { 1536, 16000, 200000 };   /* cells x starts x max_iter */

/* REFERENCE (adaptive, nested 2-D) is slow: picked rarely. */
static int take_method(fz_reader *r, int *ok) {
  unsigned sel = fz_u8(r);
  int m = sel < 120 ? DLAB_CHAOS_FAST : sel < 240 ? DLAB_CHAOS_TRAPEZOID : sel < 250 ? DLAB_CHAOS_REFERENCE
        : (int)fz_int(r, 0, 2, 2, NULL);
  *ok = m >= 0 && m <= 2;
  return m;
}

/* Does (phi, method) integrate 2-D Gaussians by the nested trapezoid rule? */
static int trapezoid_2d(int phi, int method) {
  return method == DLAB_CHAOS_TRAPEZOID || (method == DLAB_CHAOS_FAST && phi == DLAB_PHI_TANH);
}

static void op_phi(fz_reader *r) {
  int okp;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  double h = fz_real(r, -5, 5), out[3] = { 0, 0, 0 };
  int st = dlab_chaos_phi(phi, h, out);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == (okp && isfinite(h)));
  FZ_LOG("chaos_phi(phi %d, h %.17g) -> %d: %.17g %.17g %.17g", phi, h, st, out[0], out[1], out[2]);
  if (st == 0) fz_finite(out, 3);
}

static void op_length(fz_reader *r) {
  int okp, okm;
  int phi = fz_int32(r, 0, 3, 3, &okp), method = take_method(r, &okm);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q = fz_real(r, 0, 5), out[4];
  int valid = net_ok(okp, sw, sb) && okm && !(method == DLAB_CHAOS_TRAPEZOID && phi == DLAB_PHI_RELU) &&
              real_in(q, 0, DLAB_CHAOS_MAX_Q);
  FZ_LOG("chaos_length_map(phi %d, method %d, sw %.17g, sb %.17g, q %.17g) valid %d", phi, method, sw, sb, q, valid);
  int st = dlab_chaos_length_map(phi, method, sw, sb, q, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) fz_not_nan(out, 4);   /* chi2 of ReLU is +Infinity */
}

static void op_corr(fz_reader *r) {
  int okp, okm;
  int phi = fz_int32(r, 0, 3, 3, &okp), method = take_method(r, &okm);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q11 = fz_real(r, 0, 5), q22 = fz_real(r, 0, 5);
  double c = fz_real(r, -1, 1), out[5];
  int valid = net_ok(okp, sw, sb) && okm && !(method == DLAB_CHAOS_TRAPEZOID && phi == DLAB_PHI_RELU) &&
              q1_ok(q11) && q1_ok(q22) && real_in(c, -1, 1);
  /* c = +-1 is a 1-D integral (cheap by every method) */
  if (valid && c != 1 && c != -1 &&
      (method == DLAB_CHAOS_REFERENCE || (trapezoid_2d(phi, method) && fmax(q11, q22) > TRAP2_Q[0]))) {
    int a = fz_afford(r);
    if (method == DLAB_CHAOS_REFERENCE && a == FZ_CHEAP) method = DLAB_CHAOS_FAST;
    double cap = method == DLAB_CHAOS_REFERENCE ? REF2_Q[a] : trapezoid_2d(phi, method) ? TRAP2_Q[a] : INFINITY;
    q11 = fmin(q11, cap);
    q22 = fmin(q22, cap);
  }
  FZ_LOG("chaos_corr_map(phi %d, method %d, sw %.17g, sb %.17g, q11 %.17g, q22 %.17g, c %.17g) valid %d", phi, method,
         sw, sb, q11, q22, c, valid);
  int st = dlab_chaos_corr_map(phi, method, sw, sb, q11, q22, c, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) {
    fz_not_nan(out, 5);
    FZ_ASSERT(out[3] >= -1 && out[3] <= 1);   /* c' is a correlation */
  }
}

static void op_fixed(fz_reader *r) {
  int okp, okm;
  int phi = fz_int32(r, 0, 3, 3, &okp), method = take_method(r, &okm);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), out[DLAB_CHAOS_FP_LEN], sw_c = NAN;
  int valid = net_ok(okp, sw, sb) && okm && !(method == DLAB_CHAOS_TRAPEZOID && phi == DLAB_PHI_RELU);
  /* c* needs 2-D integrals only for tanh, and for erf without its closed form */
  int two_d = phi == DLAB_PHI_TANH || (phi == DLAB_PHI_ERF && method != DLAB_CHAOS_FAST);
  if (valid && two_d && (method == DLAB_CHAOS_REFERENCE || sw > FIXED_SW[0])) {
    int a = fz_afford(r);
    if (method == DLAB_CHAOS_REFERENCE && a < FZ_SLOWEST) method = DLAB_CHAOS_FAST;
    sw = fmin(sw, method == DLAB_CHAOS_REFERENCE ? FIXED_REF_SW : FIXED_SW[a]);
  }
  FZ_LOG("chaos_fixed_point(phi %d, method %d, sw %.17g, sb %.17g) valid %d", phi, method, sw, sb, valid);
  int st = dlab_chaos_fixed_point(phi, method, sw, sb, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) {
    /* q*, chi1, chi2 always exist (q* and chi2 may be +Infinity); the rest is NaN
     * exactly when q* is infinite. */
    fz_not_nan(out, 3);
    if (isfinite(out[0])) {
      fz_not_nan(out + 3, DLAB_CHAOS_FP_LEN - 3);
      FZ_ASSERT(out[3] >= 0 && out[3] <= 1);   /* c*: 1 (ordered) or the root in [0, 1) */
    }
  }
  st = dlab_chaos_critical_sw(phi, sb, &sw_c);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == (okp && real_in(sb, 0, DLAB_CHAOS_MAX_SB)));
  FZ_ASSERT(st != 0 || (sw_c > 0 && !isnan(sw_c)));
}

/* Layers of a tanh recursion (one trapezoid moment each) within the input's allowance. */
static int tanh_layers(fz_reader *r, int phi, int layers, int valid) {
  if (!valid || phi != DLAB_PHI_TANH || layers <= TANH_LAYERS[FZ_CHEAP]) return layers;
  int cap = TANH_LAYERS[fz_afford(r)];
  return layers < cap ? layers : cap;
}

static void op_curvature(fz_reader *r) {
  int okp, okl;
  int phi = fz_int32(r, 0, 3, 3, &okp), layers = fz_int32(r, 1, DLAB_CHAOS_MAX_LAYERS, 12, &okl);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 5);
  int valid = net_ok(okp, sw, sb) && okl && q1_ok(q1);
  layers = tanh_layers(r, phi, layers, valid);
  double *out = fz_out(okl ? (size_t)layers * 3 : 1);
  FZ_LOG("chaos_curvature(phi %d, sw %.17g, sb %.17g, q1 %.17g, layers %d) valid %d", phi, sw, sb, q1, layers, valid);
  int st = dlab_chaos_curvature(phi, sw, sb, q1, layers, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0)   /* ReLU's kappa^2 is NaN after layer 1 by contract */
    for (int l = 0; l < layers; l++) fz_not_nan(out + 3 * l, phi == DLAB_PHI_RELU && l ? 2 : 3);
  free(out);
}

/* A grid over (sw, sb) and a chunk of its rows, as dlab_chaos_phase_rows and
 * dlab_chaos_converge_rows take them; `small` when nw, nb <= 4 (the only grids computed). */
typedef struct { double sw0, sw1, sb0, sb1; int nw, nb, row0, nrows, ok, sizes_ok, small; } grid;

static grid take_grid(fz_reader *r) {
  grid g;
  int okw, okb, ok0, okn;
  g.sw0 = fz_real(r, 0, 3); g.sw1 = fz_real(r, 0, 3); g.sb0 = fz_real(r, 0, 1); g.sb1 = fz_real(r, 0, 1);
  g.nw = fz_int32(r, 2, DLAB_CHAOS_MAX_GRID, 4, &okw);
  g.nb = fz_int32(r, 2, DLAB_CHAOS_MAX_GRID, 4, &okb);
  g.row0 = fz_int32(r, 0, okb ? g.nb - 1 : 0, 3, &ok0);
  g.nrows = fz_int32(r, 1, okb && ok0 ? g.nb - g.row0 : 1, 2, &okn);
  g.sizes_ok = okw && okb;
  g.small = g.sizes_ok && g.nw <= 4 && g.nb <= 4;
  g.ok = real_in(g.sw0, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW) && real_in(g.sw1, g.sw0, DLAB_CHAOS_MAX_SW) &&
         g.sw1 > g.sw0 && real_in(g.sb0, 0, DLAB_CHAOS_MAX_SB) && real_in(g.sb1, g.sb0, DLAB_CHAOS_MAX_SB) &&
         g.sb1 > g.sb0 && okw && okb && ok0 && okn;
  return g;
}

/* Rows outside the chunk keep their poison. */
static void check_rows_untouched(const double *x, const grid *g) {
  for (int j = 0; j < g->nb; j++)
    if (j < g->row0 || j >= g->row0 + g->nrows)
      for (int i = 0; i < g->nw; i++) FZ_ASSERT(isnan(x[(size_t)j * g->nw + i]));
}

static void op_phase(fz_reader *r) {
  int okp;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  grid gr = take_grid(r);
  unsigned nulls = fz_u8(r);
  size_t cells = gr.small ? (size_t)gr.nw * gr.nb : 1, nbs = gr.small ? (size_t)gr.nb : 1;
  double *g[5], *bd = fz_out(nbs);
  for (int k = 0; k < 5; k++) g[k] = fz_out(cells);
  int nullk = (int)(nulls % 8);   /* 0..5: that output NULL; 6, 7: none */
  if (gr.sizes_ok && !gr.small && nullk > 5) nullk = 0;
  int valid = okp && gr.ok && nullk > 5;
  FZ_LOG("chaos_phase_rows(phi %d, sw %.17g..%.17g, sb %.17g..%.17g, nw %d, nb %d, row0 %d, nrows %d, null %d) valid %d",
         phi, gr.sw0, gr.sw1, gr.sb0, gr.sb1, gr.nw, gr.nb, gr.row0, gr.nrows, nullk, valid);
  int st = dlab_chaos_phase_rows(phi, gr.sw0, gr.sw1, gr.sb0, gr.sb1, gr.nw, gr.nb, gr.row0, gr.nrows,
                                 nullk == 0 ? NULL : g[0], nullk == 1 ? NULL : g[1], nullk == 2 ? NULL : g[2],
                                 nullk == 3 ? NULL : g[3], nullk == 4 ? NULL : g[4], nullk == 5 ? NULL : bd);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) {
    for (int j = gr.row0; j < gr.row0 + gr.nrows; j++) {
      FZ_ASSERT(!isnan(bd[j]));
      for (int i = 0; i < gr.nw; i++) {
        size_t at = (size_t)j * gr.nw + i;
        FZ_ASSERT(!isnan(g[0][at]) && !isnan(g[3][at]));   /* chi1 and q* always exist */
        if (isfinite(g[3][at])) FZ_ASSERT(!isnan(g[1][at]) && !isnan(g[2][at]) && g[4][at] >= 0 && g[4][at] <= 1);
      }
    }
    for (int k = 0; k < 5; k++) check_rows_untouched(g[k], &gr);
  }
  for (int k = 0; k < 5; k++) free(g[k]);
  free(bd);
}

static void op_converge(fz_reader *r) {
  int okp, okq, oki;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  grid gr = take_grid(r);
  double q0min = fz_real(r, 0, 5), q0max = fz_real(r, 0, 5), band = fz_real(r, 0, 0.2);
  int nq0 = fz_int32(r, 1, 1000, 3, &okq), max_iter = fz_int32(r, 1, 100000, 64, &oki);
  unsigned sel = fz_u8(r);
  if ((sel & 8) && q0max < q0min) { double t = q0min; q0min = q0max; q0max = t; }
  int nulli = (sel & 3) == 1, nullq = (sel & 4) != 0;
  int args_ok = okp && gr.ok && real_in(q0min, 0, DLAB_CHAOS_MAX_Q) && real_in(q0max, q0min, DLAB_CHAOS_MAX_Q) &&
                okq && oki && band > 0 && band < 1;
  /* Each start costs up to max_iter length-map steps: computed only on small grids within
   * the allowance; otherwise iters is NULL, the last check before band. */
  if (args_ok && !nulli) {
    double steps = (double)gr.nw * gr.nrows * nq0 * max_iter;
    if (!gr.small || (steps > CONVERGE_STEPS[FZ_CHEAP] && steps > CONVERGE_STEPS[fz_afford(r)])) nulli = 1;
  }
  size_t cells = gr.small ? (size_t)gr.nw * gr.nb : 1;
  double *iters = fz_out(cells), *qs = fz_out(cells);
  int valid = args_ok && !nulli;
  FZ_LOG("chaos_converge_rows(phi %d, sw %.17g..%.17g, sb %.17g..%.17g, nw %d, nb %d, row0 %d, nrows %d, q0 %.17g..%.17g, "
         "nq0 %d, band %.17g, max_iter %d, null iters %d, null q* %d) valid %d", phi, gr.sw0, gr.sw1, gr.sb0, gr.sb1,
         gr.nw, gr.nb, gr.row0, gr.nrows, q0min, q0max, nq0, band, max_iter, nulli, nullq, valid);
  int st = dlab_chaos_converge_rows(phi, gr.sw0, gr.sw1, gr.sb0, gr.sb1, gr.nw, gr.nb, gr.row0, gr.nrows, q0min, q0max,
                                    nq0, band, max_iter, nulli ? NULL : iters, nullq ? NULL : qs);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  if (st == 0) {
    for (int j = gr.row0; j < gr.row0 + gr.nrows; j++)
      for (int i = 0; i < gr.nw; i++) {
        size_t at = (size_t)j * gr.nw + i;
        double t = iters[at];
        FZ_LOG("  iters[%d][%d] = %.17g, q* %.17g", j, i, t, nullq ? NAN : qs[at]);
        FZ_ASSERT(isnan(t) || t >= 0);   /* a mean of step counts, or +Infinity */
        if (!nullq) {   /* NaN exactly where q* is infinite */
          FZ_ASSERT(!isnan(qs[at]) && qs[at] >= 0);
          FZ_ASSERT(isnan(t) == isinf(qs[at]));
        }
      }
    check_rows_untouched(iters, &gr);
    if (!nullq) check_rows_untouched(qs, &gr);
  }
  free(iters); free(qs);
}

static void op_corr_iterate(fz_reader *r) {
  int okp, okl, okn;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  int layers = fz_int32(r, 1, DLAB_CHAOS_MAX_LAYERS, 6, &okl), n = fz_int32(r, 1, DLAB_CHAOS_MAX_CORR, 6, &okn);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 3);
  unsigned sel = fz_u8(r);
  int nullc = (sel & 3) == 1, nullo = (sel & 3) == 2;
  int args_ok = net_ok(okp, sw, sb) && okl && okn && q1_ok(q1) && !nullc && !nullo;
  if (args_ok) {
    int tanh = phi == DLAB_PHI_TANH, a = FZ_CHEAP;
    const int *lcap = tanh ? ITER_TANH_LAYERS : ITER_LAYERS;
    if (layers > lcap[FZ_CHEAP] || n > ITER_N[FZ_CHEAP]) a = fz_afford(r);
    if (layers > lcap[a]) layers = lcap[a];
    if (tanh && layers > 1) { sw = fmin(sw, ITER_TANH_SW[a]); q1 = fmin(q1, ITER_TANH_Q1[a]); }
    if (n > ITER_N[a]) nullo = 1, args_ok = 0;   /* out is checked before c1 is read */
  }
  size_t len = args_ok ? (size_t)n : 1;
  double *c1 = fz_doubles(r, len, -1, 1), *out = fz_out(args_ok ? (size_t)layers * n : 1);
  int valid = args_ok;
  for (size_t i = 0; args_ok && i < len; i++) valid &= c1[i] >= -1 && c1[i] <= 1;
  FZ_LOG("chaos_corr_iterate(phi %d, sw %.17g, sb %.17g, q1 %.17g, layers %d, n %d, null c1 %d, null out %d) valid %d",
         phi, sw, sb, q1, layers, n, nullc, nullo, valid);
  for (size_t i = 0; args_ok && i < len; i++) FZ_LOG("  c1[%zu] = %.17g", i, c1[i]);
  int st = dlab_chaos_corr_iterate(phi, sw, sb, q1, layers, n, nullc ? NULL : c1, nullo ? NULL : out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0)
    for (int l = 0; l < layers; l++)
      for (int i = 0; i < n; i++) {
        double c = out[(size_t)l * n + i];
        if (l == layers - 1 || !(c >= -1 && c <= 1)) FZ_LOG("  c[%d][%d] = %.17g", l + 1, i, c);
        FZ_ASSERT(c >= -1 && c <= 1);   /* a correlation, never NaN */
        if (l == 0) FZ_ASSERT(c == c1[i]);
        else if (out[(size_t)(l - 1) * n + i] == 1) FZ_ASSERT(c == 1);
      }
  free(c1); free(out);
}

static void op_sim(fz_reader *r) {
  int okp, okw, okm, okl;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 3), seed = fz_real(r, 0, 255);
  int width = fz_int32(r, 2, DLAB_CHAOS_MAX_WIDTH, 6, &okw), layers = fz_int32(r, 1, DLAB_CHAOS_MAX_DEPTH, 4, &okl);
  unsigned psel = fz_u8(r);
  int points = psel < 200 ? 16 + 8 * (int)(psel % 3) : fz_int32(r, DLAB_CHAOS_MIN_POINTS, DLAB_CHAOS_MAX_POINTS, 32, NULL);
  okm = points >= DLAB_CHAOS_MIN_POINTS && points <= DLAB_CHAOS_MAX_POINTS && points % 8 == 0;
  int valid = net_ok(okp, sw, sb) && q1_ok(q1) && okw && okl && okm && whole_seed(seed);
  int a = valid ? fz_afford(r) : FZ_CHEAP, room = 0;   /* room: layers this input may compute */
  if (valid) {
    if (width > SIM_WIDTH[a]) width = SIM_WIDTH[a];
    if (points > SIM_POINTS[a]) points = SIM_POINTS[a];
    room = layers < SIM_LAYERS[a] ? layers : SIM_LAYERS[a];
  }
  FZ_LOG("chaos_sim_create(phi %d, sw %.17g, sb %.17g, q1 %.17g, width %d, points %d, layers %d, seed %.17g) valid %d", phi,
         sw, sb, q1, width, points, layers, seed, valid);
  dlab_chaos_sim *s = (dlab_chaos_sim *)1;   /* create must set it, also on failure */
  int cst = dlab_chaos_sim_create(phi, sw, sb, q1, width, points, layers, seed, &s);
  FZ_LOG("  -> %d %p %s", cst, (void *)s, dlab_last_error());
  FZ_ASSERT((cst == 0) == valid && (s != NULL) == valid);
  fz_check(cst, FZ_BIT(DLAB_EINVAL));
  if (s) FZ_ASSERT(!dlab_last_error()[0]);
  int done = 0, okn;
  for (int k = 0; k < 3 && fz_left(r); k++) {
    int n = fz_int32(r, 1, DLAB_CHAOS_MAX_DEPTH, 3, &okn), told = -1, *out = (fz_u8(r) & 1) ? &told : NULL;
    if (s && okn && n > room - done) n = room - done;
    if (s && okn && n < 1) continue;
    FZ_LOG("chaos_sim_step(n %d)", n);
    int st = dlab_chaos_sim_step(s, n, out);
    fz_check(st, FZ_BIT(DLAB_EINVAL));
    FZ_ASSERT((st == 0) == (s && okn));
    if (st == 0) {
      done = done + n < layers ? done + n : layers;
      if (out) FZ_ASSERT(told == done);
    }
  }
  if (!s) {
    int d;
    double x;
    fz_check(dlab_chaos_sim_step(NULL, 1, &d), FZ_BIT(DLAB_EINVAL));
    fz_check(dlab_chaos_sim_read(NULL, NULL, NULL), FZ_BIT(DLAB_EINVAL));
    fz_check(dlab_chaos_sim_read_autocorr(NULL, &x), FZ_BIT(DLAB_EINVAL));
    fz_check(dlab_chaos_sim_read_shallow(NULL, &x), FZ_BIT(DLAB_EINVAL));
    dlab_chaos_sim_free(NULL);
    return;
  }
  /* Buffers of the documented sizes (L rows); the rows past `done` must stay untouched. */
  size_t L = (size_t)layers, M = (size_t)points, K = M / 2 + 1;
  double *meas = fz_out(L * DLAB_CHAOS_SIM_NMEAS), *proj = fz_out(L * M * 3), *ac = fz_out(L * K), *wide = fz_out(L);
  unsigned sel = fz_u8(r);
  int st = dlab_chaos_sim_read(s, (sel & 1) ? NULL : meas, (sel & 2) ? NULL : proj);
  fz_check(st, 0);
  st = dlab_chaos_sim_read_autocorr(s, (sel & 4) ? NULL : ac);
  fz_check(st, (sel & 4) ? FZ_BIT(DLAB_EINVAL) : 0);
  st = dlab_chaos_sim_read_shallow(s, (sel & 8) ? NULL : wide);
  fz_check(st, (sel & 8) ? FZ_BIT(DLAB_EINVAL) : 0);
  FZ_LOG("chaos_sim reads (%d layers done, sel %u)", done, sel);
  /* Every measurement exists (chaos.h: degenerate points are left out of the means). */
  size_t D = (size_t)done;
  if (!(sel & 1)) {
    fz_not_nan(meas, D * DLAB_CHAOS_SIM_NMEAS);
    for (size_t l = 0; l < D; l++) {   /* cosines, a variance fraction, a participation ratio (<= M) */
      const double *row = meas + l * DLAB_CHAOS_SIM_NMEAS;
      FZ_LOG("  layer %zu: c %.17g %.17g, top-2 fraction %.17g, participation %.17g", l + 1, row[1], row[2], row[8], row[9]);
      FZ_ASSERT(fabs(row[1]) <= 1 + 1e-12 && fabs(row[2]) <= 1 + 1e-12);
      FZ_ASSERT(row[8] >= 0 && row[8] <= 1 + 1e-9 && row[9] >= 1 - 1e-9 && row[9] <= M * (1 + 1e-9));
    }
    for (size_t i = D * DLAB_CHAOS_SIM_NMEAS; i < L * DLAB_CHAOS_SIM_NMEAS; i++) FZ_ASSERT(isnan(meas[i]));
  }
  if (!(sel & 2)) { fz_not_nan(proj, D * M * 3); for (size_t i = D * M * 3; i < L * M * 3; i++) FZ_ASSERT(isnan(proj[i])); }
  if (!(sel & 4)) {
    for (size_t i = 0; i < D * K; i++) FZ_ASSERT(fabs(ac[i]) <= 1 + 1e-12);   /* mean cosines */
    for (size_t i = D * K; i < L * K; i++) FZ_ASSERT(isnan(ac[i]));
  }
  if (!(sel & 8)) {
    for (size_t i = 0; i < D; i++) FZ_ASSERT(wide[i] >= 0 && isfinite(wide[i]));
    for (size_t i = D; i < L; i++) FZ_ASSERT(isnan(wide[i]));
  }
  if (done >= 1) {   /* layer 1 is the circle: q = q1 (a normal q1), c(k) = cos(2 pi k / M) (rounding only) */
    if (!(sel & 1) && q1 >= 1e-200) FZ_ASSERT(fabs(meas[0] - q1) <= 1e-12 * q1);
    if (!(sel & 4))
      for (size_t k = 0; k < K; k++) FZ_ASSERT(fabs(ac[k] - cos(2 * PI * (double)k / (double)M)) <= 1e-12);
  }
  free(meas); free(proj); free(ac); free(wide);
  dlab_chaos_sim_free(s);
}

/* The decision boundary's handle: points found are `lo` to `hi` (a failed step leaves
 * the count between the two). */
typedef struct { dlab_chaos_boundary *b; int phi, N, L, P, lo, hi, room; } boundary;

static void boundary_step(fz_reader *r, boundary *B) {
  int okn;
  int n = fz_int32(r, 1, DLAB_CHAOS_BOUNDARY_MAX_POINTS, 2, &okn), told = -1, *out = (fz_u8(r) & 1) ? &told : NULL;
  if (okn && B->lo < B->P) {   /* each point is up to 20 x 50 Newton steps: only `room` in all */
    if (n > B->room) n = B->room;
    if (n < 1) return;
    B->room -= n;
  }
  FZ_LOG("chaos_boundary_step(n %d)", n);
  int st = dlab_chaos_boundary_step(B->b, n, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT((st == DLAB_EINVAL) == !okn);
  if (st == 0) {
    B->lo = B->lo + n < B->P ? B->lo + n : B->P;
    B->hi = B->hi + n < B->P ? B->hi + n : B->P;
    if (out) { FZ_ASSERT(told >= B->lo && told <= B->hi); B->lo = B->hi = told; }
  } else if (st == DLAB_ENOCONV) {
    B->hi = B->hi + n - 1 < B->P - 1 ? B->hi + n - 1 : B->P - 1;   /* not all n were found */
  }
}

static void boundary_read(fz_reader *r, const boundary *B) {
  unsigned sel = fz_u8(r);
  size_t per = (size_t)B->L * (B->N - 1);
  double *kappa = fz_out((size_t)B->hi * per), *info = fz_out((size_t)B->hi * DLAB_CHAOS_BOUNDARY_NINFO);
  int st = dlab_chaos_boundary_read(B->b, (sel & 1) ? NULL : kappa, (sel & 2) ? NULL : info);
  FZ_LOG("chaos_boundary_read(sel %u) -> %d, %d..%d points", sel, st, B->lo, B->hi);
  fz_check(st, 0);
  for (int p = 0; p < B->lo; p++) {
    const double *k = kappa + p * per, *in = info + (size_t)p * DLAB_CHAOS_BOUNDARY_NINFO;
    for (size_t i = 0; !(sel & 1) && i < per; i++) {
      FZ_ASSERT(!isnan(k[i]));
      if (i % (size_t)(B->N - 1)) FZ_ASSERT(k[i] >= k[i - 1]);   /* ascending per layer */
      if (B->phi == DLAB_PHI_LINEAR || B->phi == DLAB_PHI_RELU) FZ_ASSERT(k[i] == 0);   /* a flat boundary */
    }
    if (!(sel & 2)) {
      FZ_LOG("  info: %g steps, start %g, |G| %g, |h1|^2/N %g", in[0], in[1], in[2], in[3]);
      FZ_ASSERT(in[0] >= 0 && in[0] == floor(in[0]) && in[1] >= 1 && in[1] <= 20 && in[1] == floor(in[1]));
      FZ_ASSERT(in[2] >= 0 && isfinite(in[2]) && in[3] > 0 && isfinite(in[3]));
    }
  }
  free(kappa); free(info);
}

static void boundary_derivs(fz_reader *r, const boundary *B) {
  int okl;
  int layer = fz_int32(r, 1, DLAB_CHAOS_BOUNDARY_MAX_DEPTH, B->L, &okl);
  unsigned sel = fz_u8(r);
  size_t N = (size_t)B->N;
  double *h = fz_doubles(r, N, -3, 3), *grad = fz_out(N), *hess = fz_out(N * N), G = NAN;
  int nullh = (sel & 7) == 1, nullg = (sel & 7) == 2, no_grad = (sel & 8) != 0, no_hess = (sel & 16) != 0;
  int valid = layer >= 1 && layer <= B->L && !nullh && !nullg;
  for (size_t i = 0; i < N; i++) valid &= isfinite(h[i]) != 0;
  FZ_LOG("chaos_boundary_derivs(layer %d, sel %u) valid %d", layer, sel, valid);
  for (size_t i = 0; i < N; i++) FZ_LOG("  h[%zu] = %.17g", i, h[i]);
  int st = dlab_chaos_boundary_derivs(B->b, layer, nullh ? NULL : h, nullg ? NULL : &G, no_grad ? NULL : grad,
                                      no_hess ? NULL : hess);
  FZ_LOG("  -> %d %s, G %.17g", st, dlab_last_error(), G);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT((st == DLAB_EINVAL) == !valid);
  if (st == DLAB_EDIVERGED) FZ_ASSERT(B->phi == DLAB_PHI_LINEAR || B->phi == DLAB_PHI_RELU);   /* unbounded phi */
  if (st == 0) {
    FZ_ASSERT(isfinite(G));
    if (!no_grad) fz_not_nan(grad, N);
    if (!no_hess) {
      fz_not_nan(hess, N * N);
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < i; j++) FZ_ASSERT(hess[i * N + j] == hess[j * N + i]);
      if (B->phi == DLAB_PHI_LINEAR || B->phi == DLAB_PHI_RELU)   /* phi'' = 0 off the kinks */
        for (size_t i = 0; i < N * N; i++) FZ_ASSERT(hess[i] == 0);
    }
  }
  free(h); free(grad); free(hess);
}

static void op_boundary(fz_reader *r) {
  int okp, okw, okl, okn;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 3), seed = fz_real(r, 0, 255);
  int width = fz_int32(r, 2, DLAB_CHAOS_BOUNDARY_MAX_WIDTH, 6, &okw);
  int layers = fz_int32(r, 1, DLAB_CHAOS_BOUNDARY_MAX_DEPTH, 3, &okl);
  int points = fz_int32(r, 1, DLAB_CHAOS_BOUNDARY_MAX_POINTS, 3, &okn);
  int valid = net_ok(okp, sw, sb) && q1_ok(q1) && okw && okl && okn && whole_seed(seed);
  int a = valid ? fz_afford(r) : FZ_CHEAP;   /* the network's size and the points it may look for */
  if (valid) {
    if (width > BND_WIDTH[a]) width = BND_WIDTH[a];
    if (layers > BND_LAYERS[a]) layers = BND_LAYERS[a];
  }
  FZ_LOG("chaos_boundary_create(phi %d, sw %.17g, sb %.17g, q1 %.17g, width %d, layers %d, points %d, seed %.17g) valid %d",
         phi, sw, sb, q1, width, layers, points, seed, valid);
  boundary B = { (dlab_chaos_boundary *)1, phi, width, layers, points, 0, 0, BND_POINTS[a] };
  int cst = dlab_chaos_boundary_create(phi, sw, sb, q1, width, layers, points, seed, &B.b);
  FZ_LOG("  -> %d %p %s", cst, (void *)B.b, dlab_last_error());
  FZ_ASSERT((cst == 0) == valid && (B.b != NULL) == valid);
  if (!B.b) {
    double G, h = 0;
    int d;
    fz_check(cst, FZ_BIT(DLAB_EINVAL));
    fz_check(dlab_chaos_boundary_step(NULL, 1, &d), FZ_BIT(DLAB_EINVAL));
    fz_check(dlab_chaos_boundary_read(NULL, NULL, NULL), FZ_BIT(DLAB_EINVAL));
    fz_check(dlab_chaos_boundary_derivs(NULL, 1, &h, &G, NULL, NULL), FZ_BIT(DLAB_EINVAL));
    dlab_chaos_boundary_free(NULL);
    return;
  }
  FZ_ASSERT(!dlab_last_error()[0]);
  for (int k = 0; k < 4 && fz_left(r); k++) {
    switch (fz_u8(r) % 3) {
      case 0: boundary_step(r, &B); break;
      case 1: boundary_read(r, &B); break;
      default: boundary_derivs(r, &B); break;
    }
  }
  dlab_chaos_boundary_free(B.b);
}

static void op_boundary_theory(fz_reader *r) {
  int okp, okl;
  int phi = fz_int32(r, 0, 3, 3, &okp), layers = fz_int32(r, 1, DLAB_CHAOS_MAX_LAYERS, 8, &okl);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 3), width = fz_real(r, 2, 64);
  int nullo = fz_u8(r) == 1;
  int valid = net_ok(okp, sw, sb) && okl && !nullo && q1_ok(q1) && width >= 2;   /* +Infinity: mean field */
  layers = tanh_layers(r, phi, layers, valid);
  double *out = fz_out(okl ? (size_t)layers : 1);
  FZ_LOG("chaos_boundary_theory(phi %d, sw %.17g, sb %.17g, q1 %.17g, width %.17g, layers %d, null out %d) valid %d", phi,
         sw, sb, q1, width, layers, nullo, valid);
  int st = dlab_chaos_boundary_theory(phi, sw, sb, q1, width, layers, nullo ? NULL : out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  for (int l = 0; st == 0 && l < layers; l++) {
    FZ_ASSERT(out[l] >= 0);   /* a sum of squares (never NaN) */
    if (phi == DLAB_PHI_LINEAR || phi == DLAB_PHI_RELU) FZ_ASSERT(out[l] == 0);
  }
  free(out);
}

/* dlab_chaos_jacobian: one SVD of width x width per layer, so cheap calls stay at 8 x 8
 * and 4 layers; wider or deeper only within the input's allowance. */
static const int JAC_WIDTH[3] = { 8, 32, 96 }, JAC_LAYERS[3] = { 4, 8, 16 };

static void op_jacobian(fz_reader *r) {
  int okp, oki, okw, okl;
  int phi = fz_int32(r, 0, 3, 3, &okp), init = fz_int32(r, 0, 1, 1, &oki);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), seed = fz_real(r, 0, 255);
  int width = fz_int32(r, 1, DLAB_CHAOS_JAC_MAX_WIDTH, JAC_WIDTH[FZ_CHEAP], &okw);
  int layers = fz_int32(r, 1, DLAB_CHAOS_JAC_MAX_DEPTH, JAC_LAYERS[FZ_CHEAP], &okl);
  unsigned nulls = fz_u8(r);   /* bit k: the k-th output is NULL */
  int valid = net_ok(okp, sw, sb) && oki && okw && okl && whole_seed(seed) &&
              (double)layers * width * width * width <= DLAB_CHAOS_JAC_MAX_WORK;
  if (valid && (width > JAC_WIDTH[FZ_CHEAP] || layers > JAC_LAYERS[FZ_CHEAP])) {
    int c = fz_afford(r);
    if (width > JAC_WIDTH[c]) width = JAC_WIDTH[c];
    if (layers > JAC_LAYERS[c]) layers = JAC_LAYERS[c];
  }
  /* Invalid calls get one-element buffers: they must be refused before anything is written. */
  size_t L = valid ? (size_t)layers : 1, N = valid ? (size_t)width : 1;
  double *sv = fz_out(L * N), *msq = fz_out(L), *q = fz_out(L), *th = fz_out(L * DLAB_CHAOS_JAC_NTHEORY),
         *info = fz_out(DLAB_CHAOS_JAC_NINFO);
  FZ_LOG("chaos_jacobian(phi %d, init %d, sw %.17g, sb %.17g, width %d, layers %d, seed %.17g, nulls %#x) valid %d", phi,
         init, sw, sb, width, layers, seed, nulls & 31, valid);
  int st = dlab_chaos_jacobian(phi, init, sw, sb, width, layers, seed, (nulls & 1) ? NULL : sv, (nulls & 2) ? NULL : msq,
                               (nulls & 4) ? NULL : q, (nulls & 8) ? NULL : th, (nulls & 16) ? NULL : info);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid ? st == 0 || st == DLAB_EDIVERGED : st != 0);
  for (size_t l = 0; st == 0 && l < L; l++) {
    if (!(nulls & 1))
      for (size_t i = 0; i < N; i++) {
        double v = sv[l * N + i];
        FZ_ASSERT(isfinite(v) && v >= 0);
        if (i > 0) FZ_ASSERT(v <= sv[l * N + i - 1]);   /* descending */
      }
    if (!(nulls & 2)) FZ_ASSERT(isfinite(msq[l]) && msq[l] >= 0);
    if (!(nulls & 4)) FZ_ASSERT(isfinite(q[l]) && q[l] >= 0);
    if (!(nulls & 8)) FZ_ASSERT(th[l * DLAB_CHAOS_JAC_NTHEORY] >= 0 && th[l * DLAB_CHAOS_JAC_NTHEORY + 1] >= 0);
  }
  free(sv); free(msq); free(q); free(th); free(info);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = fz_open(data, size);
  for (int ops = 0; ops < 8 && fz_left(&r); ops++) {
    switch (fz_u8(&r) % 12) {
      case 0: op_phi(&r); break;
      case 1: op_length(&r); break;
      case 2: op_corr(&r); break;
      case 3: op_fixed(&r); break;
      case 4: op_curvature(&r); break;
      case 5: op_phase(&r); break;
      case 6: op_converge(&r); break;
      case 7: op_corr_iterate(&r); break;
      case 8: op_sim(&r); break;
      case 9: op_boundary(&r); break;
      case 10: op_boundary_theory(&r); break;
      default: op_jacobian(&r); break;
    }
  }
  return 0;
}
