/* libFuzzer target: perceptual learning (perceptual.h) and multiple pathways
 * (pathways.h). The stateless calls (population, the two reductions, the
 * parallel/serial topologies) and two handles: a perceptual network (the chain of
 * dlab_pl_create or the transfer network of dlab_pl_transfer_create) and a pathways
 * network (dlab_pw_create), each created once per input (sizes mostly small,
 * sometimes hostile) and then driven by up to 14 calls in any order: step, read,
 * neurons, info, train_at, record sizes, a free and re-create, and every call on a
 * NULL handle. Buffers are sized from the contract (record sizes, n, k) and exact.
 * Besides the status contract: a handle that has not reported a divergence reads
 * finite records, and step counts add up. */
#include "fuzz.h"

#include "depthlab/pathways.h"
#include "depthlab/perceptual.h"

#define CHEAP_N 8          /* neurons of a chain with hidden layers (Haar draws are n^3) */
#define CHEAP_TIMES 6
#define CHEAP_STEPS 40

static int real_in(double x, double lo, double hi) { return isfinite(x) && x >= lo && x <= hi; }
static int open_in(double x, double lo, double hi) { return real_in(x, lo, hi) && x > lo; }   /* (lo, hi] */
static int seed_ok(double x) { return real_in(x, 0, DLAB_MAX_WHOLE) && x == floor(x); }

static double take_seed(fz_reader *r) {
  unsigned sel = fz_u8(r);
  return sel < 230 ? (double)(sel % 5) : fz_hostile_real(fz_u8(r));
}

/* population arguments */
typedef struct { int n, okn; double width, offset, amp; } pop_args;

static pop_args take_pop(fz_reader *r, long cheap_n) {
  pop_args p;
  p.n = fz_int32(r, 2, DLAB_PL_MAX_NEURONS, cheap_n, &p.okn);
  p.width = fz_real(r, 0.5, 60);
  p.offset = fz_real(r, 0, 45);
  p.amp = fz_real(r, 0, 10);
  return p;
}

static int pop_ok(const pop_args *p) {
  return p->okn && real_in(p->width, 0.5, 90) && p->offset > 0 && p->offset < 90 && open_in(p->amp, 0, 1000);
}

/* The networks need a task direction: |d|^2 >= DBL_MIN (perceptual.c refuses less). */
static int pop_task_ok(const pop_args *p) {
  if (!pop_ok(p)) return 0;
  double *v = fz_out(3 * (size_t)p->n), stats[4];
  fz_check(dlab_pl_population(p->n, p->width, p->offset, p->amp, v, v + p->n, v + 2 * p->n, stats), 0);
  free(v);
  return stats[1] >= 0x1p-511;
}

/* ---- stateless calls ------------------------------------------------------- */

static void op_population(fz_reader *r) {
  pop_args p = take_pop(r, 24);
  unsigned nulls = fz_u8(r) % 8;   /* 1..4: pref, gplus, gminus, stats NULL */
  size_t len = p.okn ? (size_t)p.n : 1;
  double *pref = fz_out(len), *gp = fz_out(len), *gm = fz_out(len), stats[4] = { NAN, NAN, NAN, NAN };
  int valid = pop_ok(&p) && (nulls < 1 || nulls > 4);
  FZ_LOG("pl_population(n %d, width %.17g, offset %.17g, amp %.17g, null %u) valid %d", p.n, p.width, p.offset, p.amp,
         nulls, valid);
  int st = dlab_pl_population(p.n, p.width, p.offset, p.amp, nulls == 1 ? NULL : pref, nulls == 2 ? NULL : gp,
                              nulls == 3 ? NULL : gm, nulls == 4 ? NULL : stats);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  if (st == 0) {
    fz_finite(pref, len); fz_finite(gp, len); fz_finite(gm, len); fz_finite(stats, 4);
    for (int i = 0; i < p.n; i++) {
      FZ_ASSERT(pref[i] > -90 && pref[i] < 90 && (i == 0 || pref[i] > pref[i - 1]));
      FZ_ASSERT(gp[i] >= 0 && gp[i] <= p.amp && gm[i] >= 0 && gm[i] <= p.amp);
    }
    /* |g+| = |g-| (the grid is symmetric), v = |d|^2 / 2, to rounding of |g+|^2 (exp of
     * arguments up to ~1 / (4 sigma^2) ~ 6600 amplifies their rounding ~1000-fold) */
    double mm = 0;
    for (int i = 0; i < p.n; i++) mm += gm[i] * gm[i];
    FZ_ASSERT(fabs(mm - stats[2]) <= 1e-9 * stats[2] + 1e-300);
    FZ_ASSERT(fabs(stats[0] - 0.5 * stats[1] * stats[1]) <= 1e-9 * stats[2] + 1e-300);
  }
  free(pref); free(gp); free(gm);
}

/* ascending output times, mostly typical (NaN and negatives sometimes) */
static double *take_times(fz_reader *r, int nt, int okn, size_t *len) {
  int cheap = okn && nt <= CHEAP_TIMES;
  *len = cheap ? (size_t)nt : 1;
  unsigned sel = fz_u8(r);
  double *t = fz_doubles(r, *len, 0, 20);
  if (sel & 1)
    for (size_t i = 1; i < *len; i++)
      for (size_t j = i; j > 0 && t[j] < t[j - 1]; j--) { double x = t[j]; t[j] = t[j - 1]; t[j - 1] = x; }
  return t;
}

static int times_ok(const double *t, size_t len) {
  int ok = 1;
  for (size_t i = 0; i < len; i++) ok &= real_in(t[i], 0, 1e12) && (i == 0 || t[i] >= t[i - 1]);
  return ok;
}

/* The adaptive integrator takes ~ t_max / tau * (stiffness) steps (up to its cap of 1e7,
 * ~2 s natively, ~20 s under ASan): valid but slow arguments are replaced by typical
 * ones. Large in-range gains make the chain stiff (the products of D gains), so they
 * are clamped too (the range checks above their clamp see hostile values all the same). */
static double clamp_big(double x, double lim) { return isfinite(x) && fabs(x) > lim ? copysign(lim, x) : x; }

static void tame(double *tau, const double *t, size_t len, double c, double scale) {
  double tmax = 0;
  for (size_t i = 0; i < len; i++) if (isfinite(t[i])) tmax = fmax(tmax, t[i]);
  if (isfinite(*tau) && *tau > 0 && (tmax + 1) * (c + 1) * (scale + 1) / *tau > 1e5) *tau = 1e9;
}

static void op_reduced(fz_reader *r) {
  int okn;
  double c = fz_real(r, 0, 3), v = fz_real(r, 0, 3), tau = fz_real(r, 0.5, 5), a0 = fz_real(r, -0.4, 1),
         b0 = fz_real(r, -2, 2);
  int nt = fz_int32(r, 1, DLAB_PL_MAX_TIMES, CHEAP_TIMES, &okn);
  size_t len;
  double *t = take_times(r, nt, okn, &len);
  unsigned nulls = fz_u8(r) % 8;   /* 1..3: t, alpha, beta NULL */
  if (okn && nt > CHEAP_TIMES) nulls = 1;   /* t is read before alpha and beta are checked */
  if (c <= 1000) c = clamp_big(c, 10);
  if (v <= 1e6) v = clamp_big(v, 10);
  if (a0 <= 1000) a0 = clamp_big(a0, 10);
  if (fabs(b0) <= 1000) b0 = clamp_big(b0, 10);
  tame(&tau, t, len, fabs(c), fabs(v) * (fabs(a0) + 1) * (b0 * b0 + 1));
  if (v > 0 && v < 1e-60) v = 1e-60;   /* reported: alpha' ~ 1 / sqrt(v) grinds the integrator */
  double *alpha = fz_out(len), *beta = fz_out(len);
  int valid = open_in(c, 0, 1000) && open_in(v, 0, 1e6) && open_in(tau, 0, 1e9) && open_in(a0, -0.5, 1000) &&
              real_in(b0, -1000, 1000) && okn && (nulls < 1 || nulls > 3) && times_ok(t, len);
  FZ_LOG("pl_reduced(c %.17g, v %.17g, tau %.17g, alpha0 %.17g, beta0 %.17g, nt %d, null %u) valid %d", c, v, tau, a0, b0,
         nt, nulls, valid);
  int st = dlab_pl_reduced(c, v, tau, a0, b0, nulls == 1 ? NULL : t, nt, nulls == 2 ? NULL : alpha,
                           nulls == 3 ? NULL : beta);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) {
    fz_finite(alpha, len); fz_finite(beta, len);
    /* beta^2 - 2 alpha^2 - 2 alpha is conserved (perceptual.h) */
    double q0 = b0 * b0 - 2 * a0 * a0 - 2 * a0;
    for (size_t i = 0; i < len; i++) {
      double q = beta[i] * beta[i] - 2 * alpha[i] * alpha[i] - 2 * alpha[i];
      double size = b0 * b0 + 2 * a0 * a0 + 2 * fabs(a0) + beta[i] * beta[i] + 2 * alpha[i] * alpha[i] + 2 * fabs(alpha[i]);
      FZ_ASSERT(fabs(q - q0) <= 1e-6 * size + 1e-9);
    }
  }
  free(t); free(alpha); free(beta);
}

static void op_chain_reduced(fz_reader *r) {
  int okd, okn;
  int depth = fz_int32(r, 2, DLAB_PL_MAX_DEPTH, DLAB_PL_MAX_DEPTH, &okd);
  double c = fz_real(r, 0, 3), dn = fz_real(r, 0, 3), tau = fz_real(r, 0.5, 5);
  int nt = fz_int32(r, 1, DLAB_PL_MAX_TIMES, CHEAP_TIMES, &okn);
  size_t ny = okd ? (size_t)depth : 1, len;
  double *y0 = fz_doubles(r, ny, -0.4, 1.5);
  double *t = take_times(r, nt, okn, &len);
  unsigned nulls = fz_u8(r) % 8;   /* 1..3: y0, t, out NULL */
  if (okn && nt > CHEAP_TIMES) nulls = 2;   /* t is read before out is checked */
  if (c <= 1000) c = clamp_big(c, 10);
  if (dn <= 1e4) dn = clamp_big(dn, 10);
  for (size_t k = 0; k < ny; k++) if (fabs(y0[k]) <= 1000) y0[k] = clamp_big(y0[k], 2);
  double gain = 1;
  for (size_t k = 0; k < ny; k++) gain *= fabs(y0[k]) + 1;
  tame(&tau, t, len, fabs(c), (fabs(dn) + 1) * gain);
  /* Known and reported: dnorm far below 1 (2.95e-304) makes alpha' ~ 1 / dnorm and the
   * integrator grinds through its 1e7-step cap (~a minute under ASan) before ENOCONV. */
  if (dn > 0 && dn < 1e-30 && fz_u8(r) != 7) dn = 1e-30;
  double *out = fz_out(okd ? len * depth : 1);
  int valid = okd && open_in(c, 0, 1000) && open_in(dn, 0, 1e4) && open_in(tau, 0, 1e9) && okn &&
              (nulls < 1 || nulls > 3) && times_ok(t, len) && open_in(y0[0], -0.5, 1000);
  for (size_t k = 1; valid && k < ny; k++) valid &= real_in(y0[k], -1000, 1000);
  FZ_LOG("pl_chain_reduced(depth %d, c %.17g, dnorm %.17g, tau %.17g, nt %d, null %u) valid %d", depth, c, dn, tau, nt,
         nulls, valid);
  int st = dlab_pl_chain_reduced(depth, c, dn, tau, nulls == 1 ? NULL : y0, nulls == 2 ? NULL : t, nt,
                                 nulls == 3 ? NULL : out);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV) | FZ_BIT(DLAB_EDIVERGED));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  if (st == 0) fz_finite(out, len * depth);
  free(y0); free(t); free(out);
}

static void op_topologies(fz_reader *r) {
  int okk, oks, oke;
  int k = fz_int32(r, 1, DLAB_PL_MAX_UNITS, DLAB_PL_MAX_UNITS, &okk);
  double target = fz_real(r, 0, 3), noise = fz_real(r, 0, 2), lr = fz_real(r, 0, 0.5);
  long steps = fz_int(r, 1, 10000000L, 60, &oks);
  long every = fz_int(r, 1, oks ? steps : 1, oks ? (steps < 60 ? steps : 60) : 1, &oke);
  double *info = fz_doubles(r, okk ? (size_t)k : 1, 0, 2);
  unsigned nulls = fz_u8(r) % 8;   /* 1..3: info, par, ser NULL */
  long nrec = oks && oke ? (steps + every - 1) / every + 1 : 0;
  int sizes = okk && oks && oke, limit = sizes && nrec > DLAB_PL_MAX_TIMES;
  int cheap = sizes && !limit && steps <= 200;
  if (sizes && !limit && !cheap && (nulls < 1 || nulls > 3)) nulls = 2;
  size_t len = cheap ? (size_t)nrec * (k + 1) : 1;
  double *par = fz_out(len), *ser = fz_out(len);
  int args_ok = sizes && open_in(target, 0, 100) && real_in(noise, 0, 100) && open_in(lr, 0, DLAB_PL_MAX_LR) &&
                (nulls < 1 || nulls > 3);
  int info_ok = 1;
  for (int j = 0; okk && j < k; j++) info_ok &= open_in(info[j], 0, 100);
  FZ_LOG("pl_topologies(k %d, target %.17g, noise %.17g, lr %.17g, steps %ld, every %ld, null %u) args %d info %d limit %d",
         k, target, noise, lr, steps, every, nulls, args_ok, info_ok, limit);
  int st = dlab_pl_topologies(k, nulls == 1 ? NULL : info, target, noise, lr, steps, every, nulls == 2 ? NULL : par,
                              nulls == 3 ? NULL : ser);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_EDIVERGED));
  if (!args_ok) FZ_ASSERT(st == DLAB_EINVAL);
  else if (limit) FZ_ASSERT(st == DLAB_ELIMIT);
  else if (!info_ok) FZ_ASSERT(st == DLAB_EINVAL);
  else FZ_ASSERT(st == 0 || st == DLAB_EDIVERGED);
  if (st == 0) {
    fz_finite(par, len); fz_finite(ser, len);
    for (long i = 0; i < nrec; i++) {
      double s = par[i * (k + 1)];
      FZ_ASSERT(s == ser[i * (k + 1)] && (i == 0 ? s == 0 : s > par[(i - 1) * (k + 1)]));
    }
    FZ_ASSERT(par[(nrec - 1) * (k + 1)] == steps);
  }
  free(info); free(par); free(ser);
}

/* ---- the perceptual handle ----------------------------------------------- */

typedef struct {
  dlab_pl *h;
  int n, D, transfer, hidden, diverged;
  long steps;
} pl_state;

static void pl_null_calls(void) {
  double out[16];
  int rs;
  fz_check(dlab_pl_train_at(NULL, 0), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pl_step(NULL, 1, 0.1), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pl_record_size(NULL, &rs), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pl_read(NULL, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pl_neurons(NULL, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pl_info(NULL, out), FZ_BIT(DLAB_EINVAL));
  dlab_pl_free(NULL);
}

/* Creates S->h (a chain or a transfer network) from the input; NULL on any failure. */
static void pl_make(fz_reader *r, pl_state *S) {
  memset(S, 0, sizeof *S);
  int transfer = fz_u8(r) & 1;
  pop_args p = take_pop(r, 720);
  double target = fz_real(r, 0, 3);
  unsigned sel = fz_u8(r);
  int nullo = sel == 1;
  dlab_pl *h = (dlab_pl *)&h;   /* poison: a failing create must set *out = NULL */
  int st;
  if (!transfer) {
    int okd;
    int depth = fz_int32(r, 2, DLAB_PL_MAX_DEPTH, 5, &okd);
    double *rel0 = fz_doubles(r, okd ? (size_t)depth - 1 : 1, 0, 3);
    double noise = fz_real(r, 0, 1), seed = take_seed(r);
    int nullr = sel == 2;
    int valid = pop_task_ok(&p) && open_in(target, 0, 1000) && okd && real_in(noise, 0, 10) && seed_ok(seed) && !nullr;
    for (int k = 0; okd && k < depth - 1; k++) valid &= real_in(rel0[k], 0, 1000);
    if (valid && depth > 2 && p.n > CHEAP_N) nullo = 1;   /* valid but slow (n^3 Haar draws) */
    FZ_LOG("pl_create(n %d, width %.17g, offset %.17g, amp %.17g, target %.17g, depth %d, noise %.17g, seed %.17g, "
           "null rel0/out %d%d) valid %d", p.n, p.width, p.offset, p.amp, target, depth, noise, seed, nullr, nullo, valid);
    for (int k = 0; okd && k < depth - 1; k++) FZ_LOG("  rel0[%d] = %.17g", k, rel0[k]);
    st = dlab_pl_create(p.n, p.width, p.offset, p.amp, target, depth, nullr ? NULL : rel0, noise, seed,
                        nullo ? NULL : &h);
    FZ_LOG("  -> %d %s", st, dlab_last_error());
    fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_ENOMEM));
    FZ_ASSERT(valid || st == DLAB_EINVAL);
    FZ_ASSERT(!valid || nullo || st != DLAB_EINVAL);
    free(rel0);
    S->D = depth;
    S->hidden = p.n;
  } else {
    int okl;
    double beta0 = fz_real(r, 0, 2), rf = fz_real(r, 0.1, 4), sep = fz_real(r, 0, 6);
    int locations = fz_int32(r, 2, DLAB_PL_MAX_LOCATIONS, 6, &okl);
    int valid = pop_ok(&p) && open_in(target, 0, 1000) && real_in(beta0, 0, 1000) && okl && real_in(rf, 0.1, 100) &&
                real_in(sep, 0, 100);
    int limit = valid && (long)p.n * locations > DLAB_PL_MAX_HIDDEN;   /* checked before |d| */
    if (valid && !limit) valid = pop_task_ok(&p);
    FZ_LOG("pl_transfer_create(n %d, width %.17g, offset %.17g, amp %.17g, target %.17g, beta0 %.17g, locations %d, "
           "rf %.17g, sep %.17g, null out %d) valid %d limit %d", p.n, p.width, p.offset, p.amp, target, beta0, locations,
           rf, sep, nullo, valid, limit);
    st = dlab_pl_transfer_create(p.n, p.width, p.offset, p.amp, target, beta0, locations, rf, sep, nullo ? NULL : &h);
    FZ_LOG("  -> %d %s", st, dlab_last_error());
    fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_ENOMEM));
    if (!valid || nullo) FZ_ASSERT(st == DLAB_EINVAL);
    else FZ_ASSERT(st == (limit ? DLAB_ELIMIT : 0) || st == DLAB_ENOMEM);
    S->D = 2;
    if (st == 0) S->hidden = p.n * locations;
  }
  if (!nullo) FZ_ASSERT((st == 0) == (h != NULL));
  if (st) { memset(S, 0, sizeof *S); return; }
  S->h = h;
  S->n = p.n;
  S->transfer = transfer;
}

static void pl_step(fz_reader *r, pl_state *S) {
  int okn;
  long n = fz_int(r, 0, DLAB_PL_MAX_STEPS, CHEAP_STEPS, &okn);
  if (okn && n > CHEAP_STEPS) n = CHEAP_STEPS;
  double lr = fz_real(r, 0, 1.5);
  int args_ok = okn && open_in(lr, 0, DLAB_PL_MAX_LR);
  FZ_LOG("pl_step(n %ld, lr %.17g) args ok %d, diverged %d", n, lr, args_ok, S->diverged);
  int st = dlab_pl_step(S->h, n, lr);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | FZ_BIT(DLAB_EDIVERGED));
  if (!args_ok) FZ_ASSERT(st == DLAB_EINVAL);
  else if (S->diverged) FZ_ASSERT(st == DLAB_ESTATE);
  else FZ_ASSERT(st == 0 || st == DLAB_EDIVERGED);
  if (st == 0) S->steps += n;
  if (st == DLAB_EDIVERGED) {   /* the steps before the blow-up count */
    double info[10];
    FZ_ASSERT(strstr(dlab_last_error(), "at step "));
    long named = atol(strstr(dlab_last_error(), "at step ") + 8);
    fz_check(dlab_pl_info(S->h, info), 0);
    FZ_ASSERT(info[9] >= S->steps && info[9] <= S->steps + n && info[9] == named);
    S->steps = (long)info[9];
    S->diverged = 1;
  }
}

static void pl_read(fz_reader *r, pl_state *S) {
  int rs = -1, nullo = fz_u8(r) == 1;
  fz_check(dlab_pl_record_size(S->h, &rs), 0);
  FZ_ASSERT(rs == 9 + 2 * S->D);
  fz_check(dlab_pl_record_size(S->h, NULL), FZ_BIT(DLAB_EINVAL));
  double *out = fz_out((size_t)rs);
  int st = dlab_pl_read(S->h, nullo ? NULL : out);
  FZ_LOG("pl_read(null %d) -> %d %s", nullo, st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == !nullo);
  if (st == 0) {
    for (int i = 0; i < rs; i++) FZ_LOG("  out[%d] = %.17g", i, out[i]);
    FZ_ASSERT(out[0] == S->steps);
    if (!S->diverged) {
      fz_finite(out, (size_t)rs);
      FZ_ASSERT(out[1] >= -1e-9 * (out[1] < 0 ? -out[1] : 1));   /* the loss */
    }
  }
  free(out);
}

static void pl_neurons(fz_reader *r, pl_state *S) {
  int nullo = fz_u8(r) == 1;
  double *out = fz_out(4 * (size_t)S->n);
  int st = dlab_pl_neurons(S->h, nullo ? NULL : out);
  FZ_LOG("pl_neurons(null %d) -> %d %s", nullo, st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == !nullo);
  if (st == 0) {
    if (!S->diverged) fz_finite(out, 4 * (size_t)S->n);
    for (int i = 0; i < S->n; i++) FZ_ASSERT(out[3 * S->n + i] >= 0 && !isnan(out[2 * S->n + i]));
  }
  free(out);
}

static void pl_info(fz_reader *r, pl_state *S) {
  int nullo = fz_u8(r) == 1;
  double out[10];
  int st = dlab_pl_info(S->h, nullo ? NULL : out);
  FZ_LOG("pl_info(null %d) -> %d %s", nullo, st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == !nullo);
  if (st == 0) {
    FZ_LOG("pl_info: c %.17g v %.17g |d| %.17g cab %.17g", out[0], out[1], out[2], out[8]);
    fz_finite(out, 10);
    FZ_ASSERT(out[3] == 2 && out[4] == S->n && out[5] == S->D && out[6] == S->hidden &&
              out[7] == (S->transfer ? 4 : 2) && out[9] == S->steps);
    FZ_ASSERT(out[2] > 0 && out[8] >= 0 && out[8] <= 1 + 1e-12);
  }
}

static void pl_train_at(fz_reader *r, pl_state *S) {
  int okp;
  int pos = fz_int32(r, 0, 1, 1, &okp);
  int st = dlab_pl_train_at(S->h, pos);
  FZ_LOG("pl_train_at(%d) -> %d %s", pos, st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE));
  FZ_ASSERT(st == (!S->transfer ? DLAB_ESTATE : okp ? 0 : DLAB_EINVAL));
}

/* ---- the pathways handle --------------------------------------------------- */

typedef struct {
  dlab_pw *h;
  int P, D, width, K, diverged;
  long steps;
} pw_state;

static void pw_null_calls(void) {
  double out[8];
  int rs;
  fz_check(dlab_pw_step(NULL, 1, 0.1), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pw_record_size(NULL, &rs), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pw_read(NULL, out), FZ_BIT(DLAB_EINVAL));
  fz_check(dlab_pw_info(NULL, out), FZ_BIT(DLAB_EINVAL));
  dlab_pw_free(NULL);
}

static void pw_make(fz_reader *r, pw_state *S) {
  memset(S, 0, sizeof *S);
  int okp, okd, okw, okk;
  int P = fz_int32(r, 1, DLAB_PW_MAX_PATHWAYS, 3, &okp), D = fz_int32(r, 1, DLAB_PW_MAX_DEPTH, 4, &okd);
  int width = fz_int32(r, 1, DLAB_PW_MAX_WIDTH, 6, &okw), K = fz_int32(r, 1, DLAB_PW_MAX_MODES, 4, &okk);
  double *s = fz_doubles(r, okk ? (size_t)K : 1, 0, 5);
  double scale = fz_real(r, 0, 2), seed = take_seed(r);
  unsigned sel = fz_u8(r);
  int nulls = sel == 1, nullo = sel == 2, phi = (sel >> 4) & 3;   /* a DLAB_PHI_* */
  int valid = okp && okd && okw && okk && !nulls && open_in(scale, 0, 10) && seed_ok(seed);
  for (int a = 0; okk && a < K; a++) valid &= open_in(s[a], 0, 1000);
  /* valid but costly: a step is ~ P D width^2 K */
  if (valid && (double)P * D * (D > 1 ? width : 1) * (D > 1 ? width : 1) * K > 20000) nullo = 1;
  dlab_pw *h = (dlab_pw *)&h;
  FZ_LOG("pw_create(P %d, D %d, width %d, phi %d, K %d, scale %.17g, seed %.17g, null s/out %d%d) valid %d", P, D,
         width, phi, K, scale, seed, nulls, nullo, valid);
  int st = dlab_pw_create(P, D, width, phi, nulls ? NULL : s, K, scale, seed, nullo ? NULL : &h);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM));
  FZ_ASSERT(st == (valid && !nullo ? 0 : DLAB_EINVAL) || st == DLAB_ENOMEM);
  if (!nullo) FZ_ASSERT((st == 0) == (h != NULL));
  free(s);
  if (st) return;
  S->h = h;
  S->P = P; S->D = D; S->width = width; S->K = K;
}

static void pw_step(fz_reader *r, pw_state *S) {
  int okn;
  long n = fz_int(r, 0, DLAB_PW_MAX_STEPS, CHEAP_STEPS, &okn);
  if (okn && n > CHEAP_STEPS) n = CHEAP_STEPS;
  double lr = fz_real(r, 0, 0.3);
  int args_ok = okn && open_in(lr, 0, DLAB_PW_MAX_LR);
  FZ_LOG("pw_step(n %ld, lr %.17g) args ok %d, diverged %d", n, lr, args_ok, S->diverged);
  int st = dlab_pw_step(S->h, n, lr);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ESTATE) | FZ_BIT(DLAB_EDIVERGED));
  if (!args_ok) FZ_ASSERT(st == DLAB_EINVAL);
  else if (S->diverged) FZ_ASSERT(st == DLAB_ESTATE);
  else FZ_ASSERT(st == 0 || st == DLAB_EDIVERGED);
  if (st == 0) S->steps += n;
  if (st == DLAB_EDIVERGED) {
    double info[DLAB_PW_INFO_LEN];
    FZ_ASSERT(strstr(dlab_last_error(), "at step "));
    long named = atol(strstr(dlab_last_error(), "at step ") + 8);
    fz_check(dlab_pw_info(S->h, info), 0);
    FZ_ASSERT(info[4] >= S->steps && info[4] <= S->steps + n && info[4] == named);
    S->steps = (long)info[4];
    S->diverged = 1;
  }
}

static void pw_read(fz_reader *r, pw_state *S) {
  int rs = -1, nullo = fz_u8(r) == 1;
  fz_check(dlab_pw_record_size(S->h, &rs), 0);
  FZ_ASSERT(rs == 2 + S->K * S->P);
  fz_check(dlab_pw_record_size(S->h, NULL), FZ_BIT(DLAB_EINVAL));
  double *out = fz_out((size_t)rs);
  int st = dlab_pw_read(S->h, nullo ? NULL : out);
  FZ_LOG("pw_read(null %d) -> %d %s", nullo, st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == !nullo);
  if (st == 0) {
    for (int i = 0; i < rs; i++) FZ_LOG("  out[%d] = %.17g", i, out[i]);
    FZ_ASSERT(out[0] == S->steps);
    if (!S->diverged) {
      fz_finite(out, (size_t)rs);
      FZ_ASSERT(out[1] >= -1e-9 * (out[1] < 0 ? -out[1] : 1));
    }
  }
  free(out);
}

static void pw_info(fz_reader *r, pw_state *S) {
  int nullo = fz_u8(r) == 1;
  double out[DLAB_PW_INFO_LEN];
  int st = dlab_pw_info(S->h, nullo ? NULL : out);
  FZ_LOG("pw_info(null %d) -> %d %s", nullo, st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == !nullo);
  if (st == 0) FZ_ASSERT(out[0] == S->P && out[1] == S->D && out[2] == S->width && out[3] == S->K && out[4] == S->steps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = fz_open(data, size);
  pl_state L;
  pw_state W;
  pl_make(&r, &L);
  pw_make(&r, &W);
  for (int ops = 0; ops < 14 && fz_left(&r); ops++) {
    unsigned op = fz_u8(&r) % 16;
    if (op >= 5 && op <= 10 && !L.h) op = 15;   /* no handle: the NULL-handle calls */
    if (op >= 11 && op <= 13 && !W.h) op = 15;
    switch (op) {
      case 0: op_population(&r); break;
      case 1: op_reduced(&r); break;
      case 2: op_chain_reduced(&r); break;
      case 3: op_topologies(&r); break;
      case 4:   /* free and re-create one of the handles */
        if (fz_u8(&r) & 1) { dlab_pl_free(L.h); pl_make(&r, &L); }
        else { dlab_pw_free(W.h); pw_make(&r, &W); }
        break;
      case 5: pl_step(&r, &L); break;
      case 6: pl_read(&r, &L); break;
      case 7: pl_neurons(&r, &L); break;
      case 8: pl_info(&r, &L); break;
      case 9: pl_train_at(&r, &L); break;
      case 10: pl_step(&r, &L); break;
      case 11: pw_step(&r, &W); break;
      case 12: pw_read(&r, &W); break;
      case 13: pw_info(&r, &W); break;
      default: pl_null_calls(); pw_null_calls(); break;
    }
  }
  dlab_pl_free(L.h);
  dlab_pw_free(W.h);
  return 0;
}
