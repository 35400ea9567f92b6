/* libFuzzer target: the flat API (status, memory, GEMM, SVD, RNG) and the exact
 * deep-linear dynamics (deep_linear.h, dlab_dl_criterion_time).
 * For each call the target also works out from the header contract whether the
 * arguments are valid, and traps when the call disagrees (accepts an invalid
 * argument or rejects a valid one).
 *
 * Bounded work (fuzz.h, cost classes; times per call under ASan + UBSan): matrices and
 * time lists are at most CHEAP_DIM / CHEAP_POINTS long (valid larger sizes get a NULL
 * buffer and fail fast); the time to criterion at depth >= 3 bisects t with ~80 ODE
 * solves (5-13 ms), so cheap calls take depth 1 or 2 (closed forms) and only slow-class
 * calls keep the depth drawn. */
#include "fuzz.h"

#include "depthlab/api.h"
#include "depthlab/linalg.h"
#include "depthlab/rng.h"
#include "depthlab/deep_linear.h"
#include "depthlab/dl_sim.h"

#define CHEAP_DIM 6
#define CHEAP_POINTS 6

static int real_in(double x, double lo, double hi) { return isfinite(x) && x >= lo && x <= hi; }
static int whole_seed(double x) { return real_in(x, 0, DLAB_MAX_WHOLE) && x == floor(x); }

static void op_status(fz_reader *r) {
  int code = (int)fz_int(r, 0, 6, 6, NULL);
  FZ_ASSERT(dlab_status_text(code)[0]);
  FZ_ASSERT(dlab_version()[0] && dlab_last_error());
  int simd = dlab_linalg_have_simd();
  FZ_ASSERT(simd == 0 || simd == 1);
}

static void op_alloc(fz_reader *r) {
  int ok;
  long n = fz_int(r, 1, DLAB_MAX_ALLOC_F64, 64, &ok);
  if (ok && n > 64) return;                    /* valid but large: not worth the memory */
  FZ_LOG("alloc_f64(%ld)", n);
  double *p = dlab_alloc_f64(n);
  if (ok) {
    if (!p) { fz_check(DLAB_ENOMEM, FZ_BIT(DLAB_ENOMEM)); return; }
    for (long i = 0; i < n; i++) FZ_ASSERT(p[i] == 0);   /* zeroed */
    FZ_ASSERT(!dlab_last_error()[0]);
  } else {
    FZ_ASSERT(!p);
    fz_check(DLAB_EINVAL, FZ_BIT(DLAB_EINVAL));
  }
  dlab_free(p);
  dlab_free(NULL);
}

/* A, B, C: exact sizes when every size is valid and cheap; otherwise one-element
 * buffers, and a NULL among them whenever the sizes are valid but costly. */
static void op_gemm(fz_reader *r) {
  int okk, oka, okb, okm, okn, okq;
  int kernel = fz_int32(r, 0, 2, 2, &okk), ta = fz_int32(r, 0, 1, 1, &oka), tb = fz_int32(r, 0, 1, 1, &okb);
  int m = fz_int32(r, 1, DLAB_MAX_DIM, CHEAP_DIM, &okm), n = fz_int32(r, 1, DLAB_MAX_DIM, CHEAP_DIM, &okn),
      k = fz_int32(r, 1, DLAB_MAX_DIM, CHEAP_DIM, &okq);
  double alpha = fz_real(r, -2, 2), beta = fz_real(r, -2, 2);
  unsigned nulls = fz_u8(r);
  int sizes_ok = okm && okn && okq, cheap = sizes_ok && m <= CHEAP_DIM && n <= CHEAP_DIM && k <= CHEAP_DIM;
  size_t na = cheap ? (size_t)m * k : 1, nb = cheap ? (size_t)k * n : 1, nc = cheap ? (size_t)m * n : 1;
  double *A = fz_doubles(r, na, -2, 2), *B = fz_doubles(r, nb, -2, 2), *C = fz_doubles(r, nc, -2, 2);
  int nullA = (nulls & 7) == 1, nullB = (nulls & 7) == 2, nullC = (nulls & 7) == 3;
  if (sizes_ok && !cheap && !nullA && !nullB && !nullC) nullC = 1;
  int valid = okk && oka && okb && sizes_ok && isfinite(alpha) && isfinite(beta) && !nullA && !nullB && !nullC;
  FZ_LOG("gemm(kernel %d, ta %d, tb %d, m %d, n %d, k %d, alpha %.17g, beta %.17g, null A/B/C %d%d%d)", kernel, ta,
         tb, m, n, k, alpha, beta, nullA, nullB, nullC);
  int st = dlab_linalg_gemm(kernel, ta, tb, m, n, k, alpha, nullA ? NULL : A, nullB ? NULL : B, beta,
                            nullC ? NULL : C);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  free(A); free(B); free(C);
}

static void op_svd(fz_reader *r) {
  int okm, okn;
  int m = fz_int32(r, 1, DLAB_MAX_DIM, CHEAP_DIM, &okm), n = fz_int32(r, 1, DLAB_MAX_DIM, CHEAP_DIM, &okn);
  unsigned sel = fz_u8(r);
  int cheap = okm && okn && m <= CHEAP_DIM && n <= CHEAP_DIM;
  size_t p = cheap ? (size_t)(m < n ? m : n) : 1;
  double *A = fz_doubles(r, cheap ? (size_t)m * n : 1, -3, 3);
  double *U = fz_out(cheap ? (size_t)m * p : 1), *S = fz_out(p), *V = fz_out(cheap ? (size_t)n * p : 1);
  int nullA = (sel & 7) == 1 || (okm && okn && !cheap), nullS = (sel & 7) == 2;
  int finite = 1;
  double big = 0;
  for (size_t i = 0; cheap && i < (size_t)m * n; i++) {
    finite &= isfinite(A[i]) != 0;
    if (fabs(A[i]) > big) big = fabs(A[i]);
  }
  int valid = okm && okn && !nullA && !nullS && finite;
  FZ_LOG("svd(m %d, n %d, null A/S %d%d, U %s, V %s)", m, n, nullA, nullS, (sel & 8) ? "NULL" : "given",
         (sel & 16) ? "NULL" : "given");
  for (size_t i = 0; cheap && i < (size_t)m * n; i++) FZ_LOG("  A[%zu] = %a", i, A[i]);
  int st = dlab_linalg_svd(m, n, nullA ? NULL : A, (sel & 8) ? NULL : U, nullS ? NULL : S, (sel & 16) ? NULL : V);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL || big > DBL_MAX / 8);   /* sigma_1 above DBL_MAX */
  if (st == 0) {
    for (size_t i = 0; i < p; i++) {
      FZ_ASSERT(S[i] >= 0 && isfinite(S[i]));
      FZ_ASSERT(i == 0 || S[i] <= S[i - 1]);
    }
    if (!(sel & 8)) fz_finite(U, (size_t)m * p);
    if (!(sel & 16)) fz_finite(V, (size_t)n * p);
  }
  free(A); free(U); free(S); free(V);
}

static void op_rng(fz_reader *r) {
  int okn;
  double seed = fz_real(r, 0, 255), sd = fz_real(r, 0, 3);
  long n = fz_int(r, 1, DLAB_MAX_ALLOC_F64, 64, &okn);
  int cheap = okn && n <= 64, nullx = fz_u8(r) == 7 || (okn && !cheap);
  double *x = fz_out(cheap ? (size_t)n : 1);
  int valid = whole_seed(seed) && real_in(sd, 0, 1e150) && okn && !nullx;
  FZ_LOG("rng_normal_fill(seed %.17g, sd %.17g, n %ld, null x %d)", seed, sd, n, nullx);
  int st = dlab_rng_normal_fill(seed, sd, nullx ? NULL : x, n);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  if (st == 0) fz_finite(x, (size_t)n);
  free(x);
}

static int mode_ok(int okd, double s, double a0) {
  return okd && real_in(s, 0, DLAB_DL_MAX_STRENGTH) && s > 0 && real_in(a0, 0, DLAB_DL_MAX_STRENGTH) && a0 > 0;
}

static void op_trajectory(fz_reader *r) {
  int okd, okn;
  int depth = fz_int32(r, 1, DLAB_DL_MAX_DEPTH, 12, &okd);
  double s = fz_real(r, 0, 5), a0 = fz_real(r, 0, 5);
  long nt = fz_int(r, 1, DLAB_DL_MAX_POINTS, CHEAP_POINTS, &okn);
  unsigned sel = fz_u8(r);
  int cheap = okn && nt <= CHEAP_POINTS;
  size_t len = cheap ? (size_t)nt : 1;
  double *t = fz_doubles(r, len, 0, 20), *a = fz_out(len);
  if (sel & 1)   /* mostly ascending: insertion sort (NaN stays where it is) */
    for (size_t i = 1; i < len; i++)
      for (size_t j = i; j > 0 && t[j] < t[j - 1]; j--) { double x = t[j]; t[j] = t[j - 1]; t[j - 1] = x; }
  int nullt = (sel & 6) == 2 || (okn && !cheap), nulla = (sel & 6) == 4;
  int times_ok = 1;
  for (size_t i = 0; cheap && i < len; i++)
    times_ok &= real_in(t[i], 0, DLAB_DL_MAX_TIME) && (i == 0 || t[i] >= t[i - 1]);
  int valid = mode_ok(okd, s, a0) && okn && !nullt && !nulla && times_ok;
  FZ_LOG("dl_mode_trajectory(depth %d, s %.17g, a0 %.17g, nt %ld, null t/a %d%d)", depth, s, a0, nt, nullt, nulla);
  for (size_t i = 0; cheap && i < len; i++) FZ_LOG("  t[%zu] = %.17g", i, t[i]);
  int st = dlab_dl_mode_trajectory(depth, s, a0, nullt ? NULL : t, nt, nulla ? NULL : a);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  for (size_t i = 0; st == 0 && i < len; i++) FZ_LOG("  a[%zu] = %.17g", i, a[i]);
  if (st == 0) {
    /* a moves monotonically from a0 towards s: it stays between them. */
    double lo = fmin(a0, s), hi = fmax(a0, s);
    for (size_t i = 0; i < len; i++)
      FZ_ASSERT(a[i] >= lo * (1 - 1e-6) - 1e-300 && a[i] <= hi * (1 + 1e-6));
  }
  free(t); free(a);
}

static void op_learning_time(fz_reader *r) {
  int okd;
  int depth = fz_int32(r, 1, DLAB_DL_MAX_DEPTH, 12, &okd);
  double s = fz_real(r, 0, 5), a0 = fz_real(r, 0, 5), af = fz_real(r, 0, 5), t = NAN;
  int nullt = fz_u8(r) == 3;
  int valid = mode_ok(okd, s, a0) && real_in(af, 0, DLAB_DL_MAX_STRENGTH) && af > 0 &&
              ((a0 <= af && af < s) || (s < af && af <= a0)) && !nullt;
  FZ_LOG("dl_learning_time(depth %d, s %.17g, a0 %.17g, af %.17g, null t %d)", depth, s, a0, af, nullt);
  int st = dlab_dl_learning_time(depth, s, a0, af, nullt ? NULL : &t);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  FZ_ASSERT(!valid || st != DLAB_EINVAL || strstr(dlab_last_error(), "not representable"));
  FZ_ASSERT(st != 0 || (t >= 0 && t < INFINITY));
}

static void op_criterion(fz_reader *r) {
  int okd, okm;
  int depth = fz_int32(r, 1, DLAB_DL_MAX_DEPTH, 12, &okd);
  int m = fz_int32(r, 1, 1024, 3, &okm);
  double a0 = fz_real(r, 0, 2), crit = fz_real(r, 0, 1), t = NAN;
  unsigned sel = fz_u8(r);
  int cheap = okm && m <= 3;
  double *s = fz_doubles(r, cheap ? (size_t)m : 1, 0, 5);
  int nulls = (sel & 3) == 1 || (okm && !cheap), nullt = (sel & 3) == 2;
  int s_ok = 1;
  for (int a = 0; cheap && a < m; a++) s_ok &= real_in(s[a], 0, DLAB_DL_MAX_STRENGTH) && s[a] > 0;
  int args_ok = okd && okm && !nulls && !nullt && s_ok && real_in(a0, 0, DLAB_DL_MAX_STRENGTH) && a0 > 0 &&
                real_in(crit, 0, 1) && crit > 0 && crit < 1;
  if (args_ok && depth > 2 && fz_afford(r) == FZ_CHEAP) depth = 1 + depth % 2;   /* ODE bisection: slow */
  FZ_LOG("dl_criterion_time(depth %d, m %d, a0 %.17g, crit %.17g, null s/t %d%d)", depth, m, a0, crit, nulls, nullt);
  for (int a = 0; cheap && a < m; a++) FZ_LOG("  s[%d] = %.17g", a, s[a]);
  int st = dlab_dl_criterion_time(depth, nulls ? NULL : s, m, a0, crit, nullt ? NULL : &t);
  /* EINVAL is also documented for valid arguments (a decaying mode that never gets there). */
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(args_ok || st == DLAB_EINVAL);
  FZ_ASSERT(st != 0 || (t >= 0 && t <= DLAB_DL_MAX_TIME));
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = fz_open(data, size);
  for (int ops = 0; ops < 12 && fz_left(&r); ops++) {
    switch (fz_u8(&r) % 8) {
      case 0: op_status(&r); break;
      case 1: op_alloc(&r); break;
      case 2: op_gemm(&r); break;
      case 3: op_svd(&r); break;
      case 4: op_rng(&r); break;
      case 5: op_trajectory(&r); break;
      case 6: op_learning_time(&r); break;
      default: op_criterion(&r); break;
    }
  }
  return 0;
}
