/* libFuzzer target: transient chaos (chaos.h): phi, the length and correlation maps,
 * fixed points, the critical sw, the curvature recursion, the phase diagram in small
 * chunks, and the Monte-Carlo handle (new / step / read / free) at small widths.
 * Besides the status contract it checks the documented NaN rules: NaN only where
 * chaos.h says a quantity does not exist. */
#include "fuzz.h"

#include "depthlab/chaos.h"

static int real_in(double x, double lo, double hi) { return isfinite(x) && x >= lo && x <= hi; }

static int net_ok(int okp, double sw, double sb) {
  return okp && real_in(sw, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW) && real_in(sb, 0, DLAB_CHAOS_MAX_SB);
}

/* REFERENCE (adaptive, nested 2-D) is slow: picked rarely. */
static int take_method(fz_reader *r, int *ok) {
  unsigned sel = fz_u8(r);
  int m = sel < 120 ? DLAB_CHAOS_FAST : sel < 240 ? DLAB_CHAOS_TRAPEZOID : sel < 250 ? DLAB_CHAOS_REFERENCE
        : (int)fz_int(r, 0, 2, 2, NULL);
  *ok = m >= 0 && m <= 2;
  return m;
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
              real_in(q11, 0, DLAB_CHAOS_MAX_Q) && q11 > 0 && real_in(q22, 0, DLAB_CHAOS_MAX_Q) && q22 > 0 &&
              real_in(c, -1, 1);
  FZ_LOG("chaos_corr_map(phi %d, method %d, sw %.17g, sb %.17g, q11 %.17g, q22 %.17g, c %.17g) valid %d", phi, method,
         sw, sb, q11, q22, c, valid);
  int st = dlab_chaos_corr_map(phi, method, sw, sb, q11, q22, c, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) fz_not_nan(out, 5);
}

static void op_fixed(fz_reader *r) {
  int okp, okm;
  int phi = fz_int32(r, 0, 3, 3, &okp), method = take_method(r, &okm);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), out[DLAB_CHAOS_FP_LEN], sw_c = NAN;
  if (method == DLAB_CHAOS_REFERENCE && phi == DLAB_PHI_TANH) method = DLAB_CHAOS_FAST;   /* nested 2-D c*: slow */
  int valid = net_ok(okp, sw, sb) && okm && !(method == DLAB_CHAOS_TRAPEZOID && phi == DLAB_PHI_RELU);
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
    if (isfinite(out[0])) fz_not_nan(out + 3, DLAB_CHAOS_FP_LEN - 3);
  }
  st = dlab_chaos_critical_sw(phi, sb, &sw_c);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == (okp && real_in(sb, 0, DLAB_CHAOS_MAX_SB)));
  FZ_ASSERT(st != 0 || (sw_c > 0 && !isnan(sw_c)));
}

static void op_curvature(fz_reader *r) {
  int okp, okl;
  int phi = fz_int32(r, 0, 3, 3, &okp), layers = fz_int32(r, 1, DLAB_CHAOS_MAX_LAYERS, 12, &okl);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 5);
  double *out = fz_out(okl ? (size_t)layers * 3 : 1);
  int valid = net_ok(okp, sw, sb) && okl && real_in(q1, 0, DLAB_CHAOS_MAX_Q) && q1 > 0;
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

static void op_phase(fz_reader *r) {
  int okp, okw, okb, ok0, okn;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  double sw0 = fz_real(r, 0, 3), sw1 = fz_real(r, 0, 3), sb0 = fz_real(r, 0, 1), sb1 = fz_real(r, 0, 1);
  int nw = fz_int32(r, 2, DLAB_CHAOS_MAX_GRID, 4, &okw), nb = fz_int32(r, 2, DLAB_CHAOS_MAX_GRID, 4, &okb);
  int row0 = fz_int32(r, 0, okb ? nb - 1 : 0, 3, &ok0), nrows = fz_int32(r, 1, okb && ok0 ? nb - row0 : 1, 2, &okn);
  unsigned nulls = fz_u8(r);
  int cheap = okw && okb && nw <= 4 && nb <= 4;
  size_t grid = cheap ? (size_t)nw * nb : 1, nbs = cheap ? (size_t)nb : 1;
  double *g[5], *bd = fz_out(nbs);
  for (int k = 0; k < 5; k++) g[k] = fz_out(grid);
  int nullk = (int)(nulls % 8);   /* 0..5: that output NULL; 6, 7: none */
  if (okw && okb && !cheap && nullk > 5) nullk = 0;
  int valid = okp && real_in(sw0, DLAB_CHAOS_MIN_SW, DLAB_CHAOS_MAX_SW) && real_in(sw1, sw0, DLAB_CHAOS_MAX_SW) &&
              sw1 > sw0 && real_in(sb0, 0, DLAB_CHAOS_MAX_SB) && real_in(sb1, sb0, DLAB_CHAOS_MAX_SB) && sb1 > sb0 &&
              okw && okb && ok0 && okn && nullk > 5;
  FZ_LOG("chaos_phase_rows(phi %d, sw %.17g..%.17g, sb %.17g..%.17g, nw %d, nb %d, row0 %d, nrows %d, null %d) valid %d",
         phi, sw0, sw1, sb0, sb1, nw, nb, row0, nrows, nullk, valid);
  int st = dlab_chaos_phase_rows(phi, sw0, sw1, sb0, sb1, nw, nb, row0, nrows, nullk == 0 ? NULL : g[0],
                                 nullk == 1 ? NULL : g[1], nullk == 2 ? NULL : g[2], nullk == 3 ? NULL : g[3],
                                 nullk == 4 ? NULL : g[4], nullk == 5 ? NULL : bd);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0)
    for (int j = row0; j < row0 + nrows; j++) {
      FZ_ASSERT(!isnan(bd[j]));
      for (int i = 0; i < nw; i++) {
        size_t at = (size_t)j * nw + i;
        FZ_ASSERT(!isnan(g[0][at]) && !isnan(g[3][at]));   /* chi1 and q* always exist */
        if (isfinite(g[3][at])) FZ_ASSERT(!isnan(g[1][at]) && !isnan(g[2][at]) && !isnan(g[4][at]));
      }
    }
  for (int k = 0; k < 5; k++) free(g[k]);
  free(bd);
}

static void op_sim(fz_reader *r) {
  int okp, okw, okm, okl;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 3), seed = fz_real(r, 0, 255);
  int width = fz_int32(r, 2, DLAB_CHAOS_MAX_WIDTH, 6, &okw), layers = fz_int32(r, 1, DLAB_CHAOS_MAX_DEPTH, 4, &okl);
  unsigned psel = fz_u8(r);
  int points = psel < 200 ? 16 + 8 * (int)(psel % 3) : fz_int32(r, DLAB_CHAOS_MIN_POINTS, DLAB_CHAOS_MAX_POINTS, 32, NULL);
  okm = points >= DLAB_CHAOS_MIN_POINTS && points <= DLAB_CHAOS_MAX_POINTS && points % 8 == 0;
  int valid = net_ok(okp, sw, sb) && real_in(q1, 0, DLAB_CHAOS_MAX_Q) && q1 > 0 && okw && okl && okm &&
              real_in(seed, 0, DLAB_MAX_WHOLE) && seed == floor(seed);
  if (valid && (width > 6 || layers > 4 || points > 32)) return;   /* valid but slow */
  FZ_LOG("chaos_sim_create(phi %d, sw %.17g, sb %.17g, q1 %.17g, width %d, points %d, layers %d, seed %.17g) valid %d", phi,
         sw, sb, q1, width, points, layers, seed, valid);
  dlab_chaos_sim *s = (dlab_chaos_sim *)1;
  int cst = dlab_chaos_sim_create(phi, sw, sb, q1, width, points, layers, seed, &s);
  FZ_LOG("  -> %d %p %s", cst, (void *)s, dlab_last_error());
  FZ_ASSERT((cst == 0) == valid && (s != NULL) == valid);
  fz_check(cst, FZ_BIT(DLAB_EINVAL));
  if (s) FZ_ASSERT(!dlab_last_error()[0]);
  int done = -1, okn;
  for (int k = 0; k < 3 && fz_left(r); k++) {
    int n = fz_int32(r, 1, DLAB_CHAOS_MAX_DEPTH, 3, &okn);
    int st = dlab_chaos_sim_step(s, n, (fz_u8(r) & 1) ? &done : NULL);
    fz_check(st, FZ_BIT(DLAB_EINVAL));
    FZ_ASSERT((st == 0) == (s && okn));
  }
  int st = dlab_chaos_sim_step(s, 1, &done);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  if (s) {
    FZ_ASSERT(done >= 1 && done <= layers);
    double *meas = fz_out((size_t)layers * DLAB_CHAOS_SIM_NMEAS), *proj = fz_out((size_t)layers * points * 3);
    unsigned sel = fz_u8(r);
    st = dlab_chaos_sim_read(s, (sel & 1) ? NULL : meas, (sel & 2) ? NULL : proj);
    fz_check(st, 0);
    /* Every measurement exists (chaos.h: degenerate points are left out of the means). */
    if (!(sel & 1)) fz_not_nan(meas, (size_t)done * DLAB_CHAOS_SIM_NMEAS);
    if (!(sel & 2)) fz_not_nan(proj, (size_t)done * points * 3);
    free(meas); free(proj);
  } else {
    fz_check(dlab_chaos_sim_read(NULL, NULL, NULL), FZ_BIT(DLAB_EINVAL));
  }
  dlab_chaos_sim_free(s);
}

/* The decision boundary: create (the _create convention), find points, read, free. */
static void op_boundary(fz_reader *r) {
  int okp, okw, okl, okn;
  int phi = fz_int32(r, 0, 3, 3, &okp);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), q1 = fz_real(r, 0, 3), seed = fz_real(r, 0, 255);
  int width = fz_int32(r, 2, DLAB_CHAOS_BOUNDARY_MAX_WIDTH, 5, &okw);
  int layers = fz_int32(r, 1, DLAB_CHAOS_BOUNDARY_MAX_DEPTH, 3, &okl);
  int points = fz_int32(r, 1, DLAB_CHAOS_BOUNDARY_MAX_POINTS, 2, &okn);
  int valid = net_ok(okp, sw, sb) && real_in(q1, 0, DLAB_CHAOS_MAX_Q) && q1 > 0 && okw && okl && okn &&
              real_in(seed, 0, DLAB_MAX_WHOLE) && seed == floor(seed);
  if (valid && (width > 5 || layers > 3 || points > 2)) return;   /* valid but slow */
  FZ_LOG("chaos_boundary_create(phi %d, sw %.17g, sb %.17g, q1 %.17g, width %d, layers %d, points %d, seed %.17g) valid %d",
         phi, sw, sb, q1, width, layers, points, seed, valid);
  dlab_chaos_boundary *b = (dlab_chaos_boundary *)1;
  int st = dlab_chaos_boundary_create(phi, sw, sb, q1, width, layers, points, seed, &b);
  FZ_LOG("  -> %d %p %s", st, (void *)b, dlab_last_error());
  FZ_ASSERT((st == 0) == valid && (b != NULL) == valid);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  if (!b) {
    fz_check(dlab_chaos_boundary_step(NULL, 1, NULL), FZ_BIT(DLAB_EINVAL));
    return;
  }
  int done = -1;
  st = dlab_chaos_boundary_step(b, points, &done);
  fz_check(st, FZ_BIT(DLAB_ENOCONV));   /* no boundary point found from the starts */
  if (st == 0) FZ_ASSERT(done == points);
  double *kappa = fz_out((size_t)points * layers * (width - 1)), *info = fz_out((size_t)points * DLAB_CHAOS_BOUNDARY_NINFO);
  fz_check(dlab_chaos_boundary_read(b, kappa, info), 0);
  free(kappa);
  free(info);
  dlab_chaos_boundary_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = { data, data + size };
  for (int ops = 0; ops < 8 && fz_left(&r); ops++) {
    unsigned op = fz_u8(&r);
    if (op == 255) {   /* a selector of its own: the corpus keeps its meaning for the others */
      op_boundary(&r);
      continue;
    }
    switch (op % 7) {
      case 0: op_phi(&r); break;
      case 1: op_length(&r); break;
      case 2: op_corr(&r); break;
      case 3: op_fixed(&r); break;
      case 4: op_curvature(&r); break;
      case 5: op_phase(&r); break;
      default: op_sim(&r); break;
    }
  }
  return 0;
}
