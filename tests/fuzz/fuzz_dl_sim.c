/* libFuzzer target: the gradient-descent simulator's handle (dl_sim.h).
 * Input: one create (sizes mostly tiny, sometimes hostile), then up to 12 calls in any
 * order: data (spectrum, samples, statistics), init, step, step_to, read, get, info,
 * stable_lr, restore, and every call on a NULL handle. Buffers are sized from the contract
 * (dlab_dls_record_size, dlab_dls_info and the widths) and are exact. */
#include "fuzz.h"

#include "depthlab/dl_sim.h"

#define CHEAP_WIDTH 6
#define CHEAP_DOUBLES 200000.0

static int real_in(double x, double lo, double hi) { return isfinite(x) && x >= lo && x <= hi; }
static int seed_ok(double x) { return real_in(x, 0, DLAB_MAX_WHOLE) && x == floor(x); }

/* A layer width: mostly 1..CHEAP_WIDTH, else hostile (0, 1.5, 1025, NaN, ...). */
static double take_width(fz_reader *r) {
  unsigned sel = fz_u8(r);
  return sel < 220 ? 1 + sel % CHEAP_WIDTH : fz_hostile_real(fz_u8(r));
}

static double take_seed(fz_reader *r) {
  unsigned sel = fz_u8(r);
  return sel < 230 ? (double)(sel % 5) : fz_hostile_real(fz_u8(r));
}

typedef struct {
  dlab_dls *h;
  int D, n[DLAB_DLS_MAX_DEPTH + 1], p, nmax;
  int has_data;   /* the handle holds data (a failed data call leaves none: dl_sim.h) */
  int diverged;   /* a step diverged and no init succeeded since: read must refuse */
} sim;

static void null_handle_calls(void) {
  double out[8], taken;
  int rs;
  double s = 1;
  fz_check(dlab_dls_set_spectrum(NULL, &s, 1, 0), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_set_samples(NULL, out, out, 1), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_set_stats(NULL, out, out, 0), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_init(NULL, 0, 0.1, 0, 0), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_step(NULL, 1, 0.1), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_step_to(NULL, 1, 0.1, 0, &taken), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_record_size(NULL, 0, &rs), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_read(NULL, 0, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_get(NULL, 0, 1, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_info(NULL, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_stable_lr(NULL, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_restore(NULL, out, 0, 0), FZ_BIT(DLAB_EINVAL));
  dlab_dls_free(NULL);
}

static void op_spectrum(fz_reader *r, sim *S) {
  int okm;
  int m = fz_int32(r, 1, S->p, S->p, &okm);
  double seed = take_seed(r);
  int nulls = fz_u8(r) == 1;
  double *s = fz_doubles(r, okm ? (size_t)m : 1, 0, 3);
  int valid = okm && !nulls && seed_ok(seed);
  for (int a = 0; okm && a < m; a++) valid &= real_in(s[a], 0, DLAB_DLS_MAX_SCALE);
  FZ_LOG("dls_set_spectrum(m %d, seed %.17g, null s %d) valid %d", m, seed, nulls, valid);
  for (int a = 0; okm && a < m; a++) FZ_LOG("  s[%d] = %.17g", a, s[a]);
  int st = dlab_dls_set_spectrum(S->h, nulls ? NULL : s, m, seed);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  if (st == 0) S->has_data = 1;
  free(s);
}

static void op_samples(fz_reader *r, sim *S) {
  int okp;
  long P = fz_int(r, 1, DLAB_DLS_MAX_SAMPLES, 8, &okp);
  int cheap = okp && P <= 8, nullx = fz_u8(r) == 1 || (okp && !cheap);
  size_t nx = cheap ? (size_t)P * S->n[0] : 1, ny = cheap ? (size_t)P * S->n[S->D] : 1;
  double *X = fz_doubles(r, nx, -2, 2), *Y = fz_doubles(r, ny, -2, 2);
  int valid = okp && !nullx;
  for (size_t i = 0; cheap && i < nx; i++) valid &= isfinite(X[i]) != 0;
  for (size_t i = 0; cheap && i < ny; i++) valid &= isfinite(Y[i]) != 0;
  FZ_LOG("dls_set_samples(P %ld, null X %d) valid %d", P, nullx, valid);
  for (size_t i = 0; cheap && i < nx; i++) FZ_LOG("  X[%zu] = %.17g", i, X[i]);
  for (size_t i = 0; cheap && i < ny; i++) FZ_LOG("  Y[%zu] = %.17g", i, Y[i]);
  int st = dlab_dls_set_samples(S->h, nullx ? NULL : X, Y, P);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) S->has_data = 1;
  else if (st == DLAB_ENOCONV) S->has_data = 0;   /* Sigma11, Sigma31 were overwritten: no data */
  free(X); free(Y);
}

static void op_stats(fz_reader *r, sim *S) {
  int n0 = S->n[0], nD = S->n[S->D];
  unsigned sel = fz_u8(r);
  double y2 = fz_real(r, 0, 5);
  double *s11 = fz_doubles(r, (size_t)n0 * n0, -1, 1), *s31 = fz_doubles(r, (size_t)nD * n0, -2, 2);
  if (sel & 1)   /* symmetric with a dominant diagonal: positive definite */
    for (int i = 0; i < n0; i++) {
      for (int j = 0; j < i; j++) s11[i * n0 + j] = s11[j * n0 + i];
      s11[i * n0 + i] = fabs(s11[i * n0 + i]) + n0;
    }
  int valid = real_in(y2, 0, HUGE_VAL) && !(sel & 2);
  for (int i = 0; i < n0; i++)
    for (int j = 0; j < n0; j++) {
      double a = s11[i * n0 + j], b = s11[j * n0 + i];
      valid &= isfinite(a) && fabs(a - b) <= 1e-12 * (fabs(a) + fabs(b)) && (i != j || a >= 0);
    }
  for (int i = 0; i < nD * n0; i++) valid &= isfinite(s31[i]) != 0;
  FZ_LOG("dls_set_stats(y2 %.17g, sel %u) valid %d", y2, sel, valid);
  int st = dlab_dls_set_stats(S->h, (sel & 2) ? NULL : s11, s31, y2);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) S->has_data = 1;
  else if (st == DLAB_ENOCONV) S->has_data = 0;
  free(s11); free(s31);
}

static void op_init(fz_reader *r, sim *S) {
  int okk;
  int kind = fz_int32(r, 0, DLAB_DLS_INIT_PRETRAINED, DLAB_DLS_INIT_PRETRAINED, &okk);
  double p = fz_real(r, 0, 2), lambda = fz_real(r, -2, 2), seed = take_seed(r);
  /* scale and gain may be 0 (SMALL, GAUSSIAN, ORTHOGONAL, PRETRAINED); a0 may not */
  int may_be_0 = kind < DLAB_DLS_INIT_DECOUPLED || kind == DLAB_DLS_INIT_PRETRAINED;
  int args_ok = okk && seed_ok(seed) && real_in(p, 0, DLAB_DLS_MAX_SCALE) && (may_be_0 || p > 0) &&
                real_in(lambda, -DLAB_DLS_MAX_SCALE, DLAB_DLS_MAX_SCALE);
  FZ_LOG("dls_init(kind %d, p %.17g, lambda %.17g, seed %.17g) args ok %d", kind, p, lambda, seed, args_ok);
  int st = dlab_dls_init(S->h, kind, p, lambda, seed);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  /* ENOCONV: the pretrained init's eigen-decomposition of Sigma11 */
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | (kind == DLAB_DLS_INIT_PRETRAINED ? FZ_BIT(DLAB_ENOCONV) : 0));
  FZ_ASSERT(args_ok || st == DLAB_EINVAL);
  if (st == 0) S->diverged = 0;
}

static void op_step(fz_reader *r, sim *S, int to) {
  int okn;
  long n = fz_int(r, 0, DLAB_DLS_MAX_STEPS, 30, &okn);
  if (okn && n > 30) n = 30;
  double lr = fz_real(r, 0, 0.3), target = to ? fz_real(r, 0, 1) : -1, taken = -1;
  int nullt = to && fz_u8(r) == 1;
  int args_ok = okn && real_in(lr, 0, DLAB_DLS_MAX_LR) && lr > 0 && (!to || (!nullt && real_in(target, 0, HUGE_VAL)));
  FZ_LOG("dls_step%s(n %ld, lr %.17g, target %.17g, null taken %d) args ok %d", to ? "_to" : "", n, lr, target, nullt,
         args_ok);
  int st = to ? dlab_dls_step_to(S->h, n, lr, target, nullt ? NULL : &taken) : dlab_dls_step(S->h, n, lr);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(args_ok || st == DLAB_EINVAL);
  if (args_ok && !S->has_data) FZ_ASSERT(st == DLAB_ESTATE);
  if (st == DLAB_EDIVERGED) S->diverged = 1;
  if (to && st == 0) FZ_ASSERT(taken >= 0 && taken <= n);
}

static void op_read(fz_reader *r, sim *S) {
  int okw, rs = -1;
  int with = fz_int32(r, 0, 1, 1, &okw);
  int st = dlab_dls_record_size(S->h, with, &rs);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == okw);
  FZ_ASSERT(st != 0 || (rs >= 2 + S->D && rs <= 2 + S->p + S->D + S->p));
  double *out = fz_out(st == 0 ? (size_t)rs : 1);
  FZ_LOG("dls_read(with_svals %d) record size %d", with, rs);
  st = dlab_dls_read(S->h, with, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(okw || st == DLAB_EINVAL);
  if (okw && (!S->has_data || S->diverged)) FZ_ASSERT(st == DLAB_ESTATE);
  /* A read that succeeds has data, an init since, and no divergence since: all numbers. */
  if (st == 0) fz_not_nan(out, (size_t)rs);
  free(out);
}

static void op_get(fz_reader *r, sim *S) {
  int okw, okl;
  int what = fz_int32(r, 0, 6, 6, &okw), layer = fz_int32(r, 1, S->D, S->D, &okl);
  int n0 = S->n[0], nD = S->n[S->D], p = S->p;
  size_t len = 1;
  if (okw) switch (what) {
      case 0: case 1: len = okl ? (size_t)S->n[layer] * S->n[layer - 1] : 1; break;
      case 2: len = (size_t)nD * n0; break;
      case 3: len = (size_t)nD * p; break;
      case 4: len = (size_t)n0 * p; break;
      case 5: len = (size_t)p; break;
      default: len = (size_t)S->D * S->nmax; break;
    }
  double *out = fz_out(len);
  FZ_LOG("dls_get(what %d, layer %d) len %zu", what, layer, len);
  int st = dlab_dls_get(S->h, what, layer, out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT((okw && (what > 1 || okl)) || st == DLAB_EINVAL);
  free(out);
}

/* Weights for every layer (mostly in [-1, 1], sometimes hostile), a step count (mostly a
 * small whole number) and t. A failure must leave the step count and t as they were. */
static void op_restore(fz_reader *r, sim *S) {
  size_t total = 0;
  for (int l = 1; l <= S->D; l++) total += (size_t)S->n[l] * S->n[l - 1];
  double *w = fz_doubles(r, total, -1, 1), before[8], after[8];
  double steps = fz_u8(r) < 200 ? (double)fz_u8(r) : fz_real(r, 0, 1e6), t = fz_real(r, 0, 5);
  int nullw = fz_u8(r) == 1;
  int valid = !nullw && real_in(steps, 0, DLAB_MAX_WHOLE) && steps == floor(steps) && real_in(t, 0, HUGE_VAL);
  for (size_t i = 0; i < total; i++) valid &= isfinite(w[i]) != 0;
  FZ_LOG("dls_restore(%zu weights, steps %.17g, t %.17g, null weights %d) valid %d", total, steps, t, nullw, valid);
  for (size_t i = 0; i < total; i++) FZ_LOG("  w[%zu] = %.17g", i, w[i]);
  fz_check(dlab_dls_info(S->h, before), 0);
  int st = dlab_dls_restore(S->h, nullw ? NULL : w, steps, t);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  if (valid && !S->has_data) FZ_ASSERT(st == DLAB_ESTATE);
  /* valid arguments are refused only when their product overflows */
  if (valid && st == DLAB_EINVAL) FZ_ASSERT(strstr(dlab_last_error(), "overflow") != NULL);
  dlab_dls_info(S->h, after);
  if (st == 0) {
    S->diverged = 0;
    FZ_ASSERT(after[5] == steps && after[6] == t);
  } else {
    FZ_ASSERT(after[5] == before[5] && after[6] == before[6]);
  }
  free(w);
}

static void op_info(sim *S) {
  double out[8], lr = NAN;
  int st = dlab_dls_info(S->h, out);
  fz_check(st, 0);
  FZ_ASSERT(out[0] == S->D && out[1] == S->n[0] && out[2] == S->n[S->D] && out[3] == S->p && out[7] == S->nmax);
  st = dlab_dls_stable_lr(S->h, &lr);
  fz_check(st, FZ_BIT(DLAB_ESTATE));
  FZ_ASSERT(st != 0 || lr >= 0);
  fz_check(dlab_dls_info(S->h, NULL), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_dls_stable_lr(S->h, NULL), FZ_BIT(DLAB_EINVAL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = fz_open(data, size);
  int okd;
  int depth = fz_int32(&r, 1, DLAB_DLS_MAX_DEPTH, 3, &okd);
  size_t nw = okd ? (size_t)depth + 1 : 1;
  double *widths = fz_out(nw), doubles = -1;
  for (size_t l = 0; l < nw; l++) widths[l] = take_width(&r);
  int nullw = fz_u8(&r) == 1;
  FZ_LOG("dls_size(depth %d, null widths %d)", depth, nullw);
  for (size_t l = 0; l < nw; l++) FZ_LOG("  widths[%zu] = %.17g", l, widths[l]);
  int st = dlab_dls_size(depth, nullw ? NULL : widths, &doubles);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT));
  int wok = okd && !nullw;
  for (size_t l = 0; wok && l < nw; l++)
    wok &= widths[l] >= 1 && widths[l] <= DLAB_DLS_MAX_WIDTH && widths[l] == floor(widths[l]);
  FZ_ASSERT(wok || st == DLAB_EINVAL);
  FZ_ASSERT(st != 0 || (doubles > 0 && doubles <= (double)DLAB_DLS_MAX_DOUBLES));
  sim S = { 0 };
  if (st == 0 && doubles > CHEAP_DOUBLES) {   /* valid but large: only the NULL-out path */
    fz_check(dlab_dls_create(depth, widths, NULL), FZ_BIT(DLAB_EINVAL));
    free(widths);
    return 0;
  }
  int st2 = dlab_dls_create(depth, nullw ? NULL : widths, &S.h);
  fz_check(st2, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_ENOMEM));
  FZ_ASSERT(st2 == st || st2 == DLAB_ENOMEM);
  FZ_ASSERT((st2 == 0) == (S.h != NULL));
  if (!S.h) { free(widths); null_handle_calls(); return 0; }
  S.D = depth;
  for (int l = 0; l <= depth; l++) S.n[l] = (int)widths[l];
  for (int l = 1; l <= depth; l++) if (S.n[l] > S.nmax) S.nmax = S.n[l];
  S.p = S.n[0] < S.n[depth] ? S.n[0] : S.n[depth];
  free(widths);
  for (int ops = 0; ops < 12 && fz_left(&r); ops++) {
    switch (fz_u8(&r) % 11) {
      case 0: op_spectrum(&r, &S); break;
      case 1: op_samples(&r, &S); break;
      case 2: op_stats(&r, &S); break;
      case 3: op_init(&r, &S); break;
      case 4: op_step(&r, &S, 0); break;
      case 5: op_step(&r, &S, 1); break;
      case 6: op_read(&r, &S); break;
      case 7: op_get(&r, &S); break;
      case 8: op_info(&S); break;
      case 9: op_restore(&r, &S); break;
      default: null_handle_calls(); break;
    }
  }
  dlab_dls_free(S.h);
  return 0;
}
