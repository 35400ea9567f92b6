/* libFuzzer target: the nonlinear network's handle (nonlinear.h).
 * Input: one create (sizes mostly tiny: depth <= 3, widths <= 6, rows <= 12, test rows
 * <= 6, batch <= 15; sometimes hostile), then up to 12 calls in any order: init, step,
 * read, get_params, restore, gradient, info, and every call on a NULL handle. Steps are
 * at most 20 per call (FZ_CHEAP: ~0.1 ms at these sizes under ASan). Buffers are sized
 * from the contract (DLAB_NL_INFO_PARAMS, DLAB_NL_REC_LEN) and are exact. */
#include "fuzz.h"

#include "depthlab/chaos.h"
#include "depthlab/nonlinear.h"

#define CHEAP_WIDTH 6
#define CHEAP_ROWS 12

static int real_in(double x, double lo, double hi) { return isfinite(x) && x >= lo && x <= hi; }
static int whole_in(double x, double lo, double hi) { return real_in(x, lo, hi) && x == floor(x); }

static double take_width(fz_reader *r) {
  unsigned sel = fz_u8(r);
  return sel < 220 ? 1 + sel % CHEAP_WIDTH : fz_hostile_real(fz_u8(r));
}

/* A count: mostly 0..cheap, else hostile. */
static double take_count(fz_reader *r, int cheap) {
  unsigned sel = fz_u8(r);
  return sel < 225 ? (double)(sel % (cheap + 1)) : fz_hostile_real(fz_u8(r));
}

typedef struct {
  dlab_nl *h;
  int D, n0, nD, loss, params, has_init, diverged, labels, tests;
} net;

static void null_handle_calls(void) {
  double out[8], loss;
  fz_check(dlab_nl_init(NULL, 0, 1, 0, 0), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_nl_step(NULL, 1, 0.1), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_nl_read(NULL, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_nl_get_params(NULL, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_nl_restore(NULL, out, 0), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_nl_gradient(NULL, out, out, NULL, 1, &loss, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_nl_info(NULL, out), FZ_BIT(DLAB_EINVAL));
  dlab_nl_free(NULL);
}

/* Labels: mostly classes of nD, sometimes out of range or not whole. */
static double *take_labels(fz_reader *r, size_t n, int nD) {
  double *y = fz_out(n);
  for (size_t i = 0; i < (n ? n : 1); i++) {
    unsigned sel = fz_u8(r);
    y[i] = sel < 240 ? (double)(fz_u8(r) % nD) : fz_hostile_real(fz_u8(r));
  }
  return y;
}

static int labels_ok(const double *y, size_t n, int nD) {
  for (size_t i = 0; i < n; i++)
    if (!whole_in(y[i], 0, nD - 1)) return 0;
  return 1;
}

static int values_ok(const double *x, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!(fabs(x[i]) <= DLAB_NL_MAX_VALUE)) return 0;
  return 1;
}

static void op_init(fz_reader *r, net *S) {
  int okk;
  int kind = fz_int32(r, 0, 1, 1, &okk);
  double sw = fz_real(r, 0, 3), sb = fz_real(r, 0, 1), seed = take_count(r, 4);
  int valid = okk && real_in(sw, 0, DLAB_NL_MAX_SW) && real_in(sb, 0, DLAB_NL_MAX_SB) && whole_in(seed, 0, DLAB_MAX_WHOLE);
  FZ_LOG("nl_init(kind %d, sw %.17g, sb %.17g, seed %.17g) valid %d", kind, sw, sb, seed, valid);
  int st = dlab_nl_init(S->h, kind, sw, sb, seed);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  if (st == 0) { S->has_init = 1; S->diverged = 0; }
  else if (valid) S->has_init = 0;   /* weights were drawn: the old start is gone */
}

static void op_step(fz_reader *r, net *S) {
  int okn;
  long n = fz_int(r, 0, DLAB_NL_MAX_STEPS, 20, &okn);
  double lr = fz_u8(r) < 128 ? fz_real(r, 0, 2) : fz_real(r, 0, 120);
  int valid = okn && n <= 20 && real_in(lr, 0, DLAB_NL_MAX_LR) && lr > 0;
  if (okn && n > 20) n = DLAB_NL_MAX_STEPS + 1;   /* too costly: make it the refused bound */
  FZ_LOG("nl_step(%ld, lr %.17g) valid %d", n, lr, valid);
  int st = dlab_nl_step(S->h, n, lr);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  if (valid && (!S->has_init || S->diverged)) FZ_ASSERT(st == DLAB_ESTATE);
  if (st == DLAB_EDIVERGED) S->diverged = 1;
}

static void op_read(net *S) {
  double *out = fz_out(DLAB_NL_REC_LEN);
  int st = dlab_nl_read(S->h, out);
  FZ_LOG("nl_read -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_ESTATE));
  FZ_ASSERT((st == 0) == (S->has_init && !S->diverged));
  if (st == 0) {
    fz_not_nan(out, 3);   /* step, epoch, train loss: the loss may overflow, never NaN */
    if (S->labels) FZ_ASSERT(out[3] >= 0 && out[3] <= 1);
    if (S->tests) fz_not_nan(out + 4, 1);
    if (S->tests && S->labels) FZ_ASSERT(out[5] >= 0 && out[5] <= 1);
  }
  free(out);
}

static void op_params(fz_reader *r, net *S, int restore) {
  double *p = fz_out((size_t)S->params);
  int st = dlab_nl_get_params(S->h, p);
  fz_check(st, FZ_BIT(DLAB_ESTATE));
  FZ_ASSERT((st == 0) == S->has_init);
  if (!restore) { free(p); return; }
  if (st != 0 || fz_u8(r) < 64)
    for (int i = 0; i < S->params; i++) p[i] = fz_real(r, -2, 2);
  double steps = take_count(r, 30);
  int valid = whole_in(steps, 0, DLAB_MAX_WHOLE);
  for (int i = 0; i < S->params; i++) valid &= isfinite(p[i]) != 0;
  FZ_LOG("nl_restore(steps %.17g) valid %d", steps, valid);
  st = dlab_nl_restore(S->h, p, steps);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE));
  if (!valid) FZ_ASSERT(st == DLAB_EINVAL);
  if (st == 0) S->diverged = 0;
  free(p);
}

static void op_gradient(fz_reader *r, net *S) {
  double rows = take_count(r, 5);
  int okr = whole_in(rows, 1, DLAB_NL_MAX_SAMPLES), cheap = okr && rows <= 5;
  size_t n = cheap ? (size_t)rows : 1;
  double *X = fz_doubles(r, n * S->n0, -2, 2), *y = take_labels(r, n, S->nD), *Y = fz_doubles(r, n * S->nD, -2, 2);
  double *g = fz_out((size_t)S->params), loss = NAN;
  int use_labels = fz_u8(r) % 2, valid = cheap && values_ok(X, n * S->n0) && (use_labels ? labels_ok(y, n, S->nD) : values_ok(Y, n * S->nD));
  if (S->loss == 1 && !use_labels) valid = 0;   /* softmax needs labels */
  FZ_LOG("nl_gradient(rows %.17g, labels %d) valid %d", rows, use_labels, valid);
  int st = dlab_nl_gradient(S->h, cheap ? X : NULL, use_labels ? y : NULL, use_labels ? NULL : Y, rows, &loss, g);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | FZ_BIT(DLAB_EDIVERGED));
  if (!valid) FZ_ASSERT(st == DLAB_EINVAL);
  if (st == 0) FZ_ASSERT(isfinite(loss));
  free(X); free(y); free(Y); free(g);
}

static void op_info(net *S) {
  double out[DLAB_NL_INFO_LEN];
  fz_check(dlab_nl_info(S->h, out), 0);
  FZ_ASSERT(out[DLAB_NL_INFO_DEPTH] == S->D && out[DLAB_NL_INFO_N0] == S->n0 && out[DLAB_NL_INFO_ND] == S->nD);
  FZ_ASSERT(out[DLAB_NL_INFO_EPOCH_STEPS] >= 1 && out[DLAB_NL_INFO_BATCH] >= 1);
  fz_check(dlab_nl_info(S->h, NULL), FZ_BIT(DLAB_EINVAL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = fz_open(data, size);
  int okd;
  int depth = fz_int32(&r, 1, DLAB_NL_MAX_DEPTH, 3, &okd);
  size_t nw = okd ? (size_t)depth + 1 : 1;
  double *widths = fz_out(nw);
  for (size_t l = 0; l < nw; l++) widths[l] = take_width(&r);
  int wok = okd && depth <= 3;
  for (size_t l = 0; wok && l < nw; l++) wok &= whole_in(widths[l], 1, CHEAP_WIDTH);
  int phi = fz_int32(&r, 0, 3, 3, NULL), loss = fz_int32(&r, 0, 1, 1, NULL), biases = fz_int32(&r, 0, 1, 1, NULL);
  double batch = take_count(&r, 15), rows = take_count(&r, CHEAP_ROWS), trows = take_count(&r, 6);
  int use_labels = fz_u8(&r) % 4 != 0;
  int rok = whole_in(rows, 1, CHEAP_ROWS), tok = whole_in(trows, 0, 6);
  int n0 = wok ? (int)widths[0] : 1, nD = wok ? (int)widths[depth] : 1;
  size_t P = rok ? (size_t)rows : 1, Pt = tok ? (size_t)trows : 1;
  double *X = fz_doubles(&r, P * n0, -2, 2), *Xt = fz_doubles(&r, Pt * n0, -2, 2);
  double *y = take_labels(&r, P, nD), *yt = take_labels(&r, Pt, nD);
  double *Y = fz_doubles(&r, P * nD, -2, 2), *Yt = fz_doubles(&r, Pt * nD, -2, 2);
  int valid = wok && rok && tok && phi >= 0 && phi <= 3 && loss >= 0 && loss <= 1 && biases >= 0 && biases <= 1 &&
              whole_in(batch, 0, DLAB_MAX_WHOLE) && values_ok(X, P * n0) && (trows == 0 || values_ok(Xt, Pt * n0));
  if (use_labels) valid = valid && labels_ok(y, P, nD) && (trows == 0 || labels_ok(yt, Pt, nD)) && (loss == 0 || nD >= 2);
  else valid = valid && loss == 0 && values_ok(Y, P * nD) && (trows == 0 || values_ok(Yt, Pt * nD));
  FZ_LOG("nl_create(depth %d, phi %d, loss %d, biases %d, batch %.17g, rows %.17g, test rows %.17g, labels %d) valid %d",
         depth, phi, loss, biases, batch, rows, trows, use_labels, valid);
  net S = { 0 };
  /* sizes beyond the cheap ones get 1-element buffers: only their refusal may run */
  int st = wok && rok && tok ? dlab_nl_create(depth, widths, phi, loss, biases, batch, X, use_labels ? y : NULL,
                                             use_labels ? NULL : Y, rows, Xt, use_labels ? yt : NULL, use_labels ? NULL : Yt,
                                             trows, &S.h)
                             : dlab_nl_create(depth, widths, phi, loss, biases, batch, X, y, NULL, rows, Xt, yt, NULL,
                                              trows, NULL);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_ENOMEM));
  FZ_ASSERT(!valid || st == 0 || st == DLAB_ENOMEM);
  FZ_ASSERT(valid || st != 0);
  free(widths); free(X); free(Xt); free(y); free(yt); free(Y); free(Yt);
  if (!S.h) { null_handle_calls(); return 0; }
  double info[DLAB_NL_INFO_LEN];
  dlab_nl_info(S.h, info);
  S.D = depth; S.n0 = n0; S.nD = nD; S.params = (int)info[DLAB_NL_INFO_PARAMS];
  S.labels = use_labels; S.tests = trows > 0; S.loss = loss;
  for (int ops = 0; ops < 12 && fz_left(&r); ops++) {
    switch (fz_u8(&r) % 8) {
      case 0: op_init(&r, &S); break;
      case 1: op_step(&r, &S); break;
      case 2: op_read(&S); break;
      case 3: op_params(&r, &S, 0); break;
      case 4: op_params(&r, &S, 1); break;
      case 5: op_gradient(&r, &S); break;
      case 6: op_info(&S); break;
      default: null_handle_calls(); break;
    }
  }
  dlab_nl_free(S.h);
  return 0;
}
