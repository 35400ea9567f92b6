/* libFuzzer target: semantic development (semantic.h), every exported dlab_sem_*:
 * tree sizes and data, hierarchical diffusion, the closed-form singular values, the
 * living-things set, the planted category, the matrix check, the tall/wide SVD and
 * classical MDS (from squared distances and from points).
 * For each call the target works out from the header whether the arguments are valid
 * (and which limit a valid-looking size breaks) and traps when the call disagrees; on
 * success it checks the documented shape of the result (0/1 or +-1 entries, levels,
 * descending singular values and eigenvalues, sign rules, reconstruction). */
#include "fuzz.h"

#include "depthlab/semantic.h"

#define CHEAP_VALUES 4096   /* entries of a generated Y worth filling */
#define CHEAP_DIM 6         /* sides of SVD and MDS inputs */

static int real_in(double x, double lo, double hi) { return isfinite(x) && x >= lo && x <= hi; }
static int seed_ok(double x) { return real_in(x, 0, DLAB_MAX_WHOLE) && x == floor(x); }

static double take_seed(fz_reader *r) {
  unsigned sel = fz_u8(r);
  return sel < 230 ? (double)(sel % 7) : fz_hostile_real(fz_u8(r));
}

/* The tree's features and items from the header's formulas; *limit: 0 fits, 1 over a limit. */
typedef struct { int ok, limit; long nf, ni; } tree_dims;

static tree_dims take_tree(fz_reader *r, int *B, int *L) {
  int okb, okl;
  *B = fz_int32(r, 2, DLAB_SEM_MAX_BRANCHING, DLAB_SEM_MAX_BRANCHING, &okb);
  *L = fz_int32(r, 1, DLAB_SEM_MAX_LEVELS, DLAB_SEM_MAX_LEVELS, &okl);
  tree_dims t = { okb && okl, 0, 0, 0 };
  if (!t.ok) return t;
  double leaves = pow(*B, *L), nodes = (pow(*B, *L + 1) - 1) / (*B - 1);
  t.limit = leaves > DLAB_SEM_MAX_ITEMS || nodes > DLAB_SEM_MAX_FEATURES;
  if (!t.limit) { t.ni = (long)leaves; t.nf = (long)nodes; }
  return t;
}

static void op_tree_size(fz_reader *r) {
  int B, L;
  tree_dims t = take_tree(r, &B, &L);
  int nullo = fz_u8(r) == 1;
  double out[2] = { NAN, NAN };
  FZ_LOG("sem_tree_size(B %d, L %d, null out %d)", B, L, nullo);
  int st = dlab_sem_tree_size(B, L, nullo ? NULL : out);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT));
  FZ_ASSERT(st == (nullo || !t.ok ? DLAB_EINVAL : t.limit ? DLAB_ELIMIT : 0));
  if (st == 0) FZ_ASSERT(out[0] == t.nf && out[1] == t.ni);
}

static void op_tree(fz_reader *r) {
  int B, L;
  tree_dims t = take_tree(r, &B, &L);
  unsigned sel = fz_u8(r);
  int fits = t.ok && !t.limit, cheap = fits && t.nf * t.ni <= CHEAP_VALUES;
  int nully = (sel & 3) == 1 || (fits && !cheap), nulll = (sel & 4) != 0;
  double *Y = fz_out(cheap ? (size_t)(t.nf * t.ni) : 1), *lev = fz_out(cheap ? (size_t)t.nf : 1);
  FZ_LOG("sem_tree(B %d, L %d, null Y %d, null level %d)", B, L, nully, nulll);
  int st = dlab_sem_tree(B, L, nully ? NULL : Y, nulll ? NULL : lev);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT));
  FZ_ASSERT(st == (nully || !t.ok ? DLAB_EINVAL : t.limit ? DLAB_ELIMIT : 0));
  if (st == 0) {
    /* every item is under exactly one node per level: L + 1 ones in its column */
    for (long i = 0; i < t.ni; i++) {
      double ones = 0;
      for (long f = 0; f < t.nf; f++) {
        double y = Y[f * t.ni + i];
        FZ_ASSERT(y == 0 || y == 1);
        ones += y;
      }
      FZ_ASSERT(ones == L + 1);
    }
    for (long f = 0; !nulll && f < t.nf; f++) FZ_ASSERT(lev[f] >= 0 && lev[f] <= L && lev[f] == floor(lev[f]));
    FZ_ASSERT(nulll || (lev[0] == 0 && lev[t.nf - 1] == L));
  }
  free(Y); free(lev);
}

static void op_diffusion(fz_reader *r) {
  int B, L, okf;
  tree_dims t = take_tree(r, &B, &L);
  double eps = fz_real(r, 0, 0.5), seed = take_seed(r);
  int nf = fz_int32(r, 1, DLAB_SEM_MAX_FEATURES, 8, &okf);
  int nully = fz_u8(r) == 1;
  int fits = t.ok && !t.limit, cheap = fits && okf && (long)nf * t.ni <= CHEAP_VALUES;
  if (fits && okf && !cheap) nully = 1;
  size_t len = cheap ? (size_t)nf * t.ni : 1;
  double *Y = fz_out(len), *Y2 = fz_out(len);
  int args_ok = !nully && t.ok && okf && real_in(eps, 0, 0.5) && seed_ok(seed);
  FZ_LOG("sem_diffusion(B %d, L %d, eps %.17g, features %d, seed %.17g, null Y %d)", B, L, eps, nf, seed, nully);
  int st = dlab_sem_diffusion(B, L, eps, nf, seed, nully ? NULL : Y);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_ENOMEM));
  if (!args_ok) FZ_ASSERT(st == DLAB_EINVAL || (st == DLAB_ELIMIT && t.ok && t.limit && !nully));
  else FZ_ASSERT(st == (t.limit ? DLAB_ELIMIT : 0) || st == DLAB_ENOMEM);
  if (st == 0) {
    for (size_t i = 0; i < len; i++) FZ_ASSERT(Y[i] == 1 || Y[i] == -1);
    if (eps == 0)   /* no flips: every item carries its feature's root value */
      for (long f = 0; f < nf; f++)
        for (long i = 1; i < t.ni; i++) FZ_ASSERT(Y[f * t.ni + i] == Y[f * t.ni]);
    /* deterministic in the seed */
    fz_check(dlab_sem_diffusion(B, L, eps, nf, seed, Y2), 0);
    FZ_ASSERT(memcmp(Y, Y2, sizeof(double) * len) == 0);
  }
  free(Y); free(Y2);
}

/* s[0..L] and mult[0..L] as the header describes them. */
static void check_svals(const double *s, const double *mult, int L, long items, int strict) {
  for (int k = 0; k <= L; k++) {
    FZ_ASSERT(isfinite(s[k]) && s[k] >= 0);
    /* the root's lambda contains every level's: never below another level's */
    if (k) FZ_ASSERT(s[0] >= s[k] * (1 - 1e-12));
    if (k > 1) FZ_ASSERT(strict ? s[k] < s[k - 1] : s[k] <= s[k - 1] * (1 + 1e-12));
  }
  if (mult) {
    double sum = 0;
    for (int k = 0; k <= L; k++) { FZ_ASSERT(mult[k] >= 1 && mult[k] == floor(mult[k])); sum += mult[k]; }
    FZ_ASSERT(sum == items);
  }
}

static void op_tree_svals(fz_reader *r) {
  int B, L;
  tree_dims t = take_tree(r, &B, &L);
  unsigned sel = fz_u8(r);
  int nulls = (sel & 3) == 1, nullm = (sel & 4) != 0;
  size_t len = t.ok ? (size_t)L + 1 : 1;
  double *s = fz_out(len), *mult = fz_out(len);
  FZ_LOG("sem_tree_svals(B %d, L %d, null s %d, null mult %d)", B, L, nulls, nullm);
  int st = dlab_sem_tree_svals(B, L, nulls ? NULL : s, nullm ? NULL : mult);
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT));
  FZ_ASSERT(st == (nulls || !t.ok ? DLAB_EINVAL : t.limit ? DLAB_ELIMIT : 0));
  if (st == 0) {
    check_svals(s, nullm ? NULL : mult, L, t.ni, 1);
    FZ_ASSERT(s[L] == 1);   /* the finest distinction */
    FZ_ASSERT(fabs(s[0] * s[0] - (double)t.nf) <= 1e-9 * t.nf);   /* lambda_root = nodes */
  }
  free(s); free(mult);
}

static void op_diffusion_svals(fz_reader *r) {
  int B, L, okf;
  tree_dims t = take_tree(r, &B, &L);
  double eps = fz_real(r, 0, 0.5);
  int nf = fz_int32(r, 1, DLAB_SEM_MAX_FEATURES, DLAB_SEM_MAX_FEATURES, &okf);
  unsigned sel = fz_u8(r);
  int nulls = (sel & 3) == 1, nullm = (sel & 4) != 0;
  size_t len = t.ok ? (size_t)L + 1 : 1;
  double *s = fz_out(len), *mult = fz_out(len);
  int args_ok = !nulls && t.ok && okf && real_in(eps, 0, 0.5);
  FZ_LOG("sem_diffusion_svals(B %d, L %d, eps %.17g, features %d, null s/mult %d%d)", B, L, eps, nf, nulls, nullm);
  int st = dlab_sem_diffusion_svals(B, L, eps, nf, nulls ? NULL : s, nullm ? NULL : mult);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT));
  if (!args_ok) FZ_ASSERT(st == DLAB_EINVAL || (st == DLAB_ELIMIT && t.ok && t.limit && !nulls));
  else FZ_ASSERT(st == (t.limit ? DLAB_ELIMIT : 0));
  if (st == 0) {
    for (int k = 0; k <= L; k++) FZ_LOG("  s[%d] = %.17g", k, s[k]);
    check_svals(s, nullm ? NULL : mult, L, t.ni, 0);
    /* the expected Y^T Y has trace N x items (entries +-1): sum mult s^2 = N items */
    if (!nullm) {
      double tr = 0;
      for (int k = 0; k <= L; k++) tr += mult[k] * s[k] * s[k];
      FZ_ASSERT(fabs(tr - (double)nf * t.ni) <= 1e-9 * nf * t.ni);
    }
  }
  free(s); free(mult);
}

static void op_living(fz_reader *r) {
  int nully = fz_u8(r) == 1;
  size_t len = DLAB_SEM_LIVING_FEATURES * DLAB_SEM_LIVING_ITEMS;
  double *Y = fz_out(len);
  int st = dlab_sem_living(nully ? NULL : Y);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == !nully);
  if (st == 0) {
    for (size_t i = 0; i < len; i++) FZ_ASSERT(Y[i] == 0 || Y[i] == 1);
    FZ_ASSERT(Y[0] == 1 && Y[6 * DLAB_SEM_LIVING_ITEMS + 0] == 0);   /* pine grows, has no leaves */
    fz_check(dlab_sem_check(DLAB_SEM_LIVING_FEATURES, DLAB_SEM_LIVING_ITEMS, Y), 0);
  }
  free(Y);
}

static void op_planted(fz_reader *r) {
  int okno, oknf, okko, okkf;
  int no = fz_int32(r, 1, DLAB_SEM_MAX_ITEMS, 12, &okno), nf = fz_int32(r, 1, DLAB_SEM_MAX_FEATURES, 12, &oknf);
  int ko = fz_int32(r, 1, okno ? no : 1, okno ? no : 1, &okko), kf = fz_int32(r, 1, oknf ? nf : 1, oknf ? nf : 1, &okkf);
  double p = fz_real(r, 0, 1), q = fz_real(r, 0, 1), seed = take_seed(r);
  int nully = fz_u8(r) == 1;
  int sizes = okno && oknf, cheap = sizes && (long)no * nf <= CHEAP_VALUES;
  if (sizes && !cheap) nully = 1;
  size_t len = cheap ? (size_t)no * nf : 1;
  double *Y = fz_out(len);
  int valid = !nully && sizes && okko && okkf && real_in(p, 0, 1) && real_in(q, 0, 1) && seed_ok(seed);
  FZ_LOG("sem_planted(no %d, nf %d, ko %d, kf %d, p %.17g, q %.17g, seed %.17g, null Y %d) valid %d", no, nf, ko, kf,
         p, q, seed, nully, valid);
  int st = dlab_sem_planted(no, nf, ko, kf, p, q, seed, nully ? NULL : Y);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  if (st == 0)
    for (int f = 0; f < nf; f++)
      for (int i = 0; i < no; i++) {
        double y = Y[(size_t)f * no + i], prob = f < kf && i < ko ? p : q;
        FZ_ASSERT(y == 0 || y == 1);
        if (prob == 0) FZ_ASSERT(y == 0);
        if (prob == 1) FZ_ASSERT(y == 1);
      }
  free(Y);
}

/* A data matrix: mostly typical entries (sometimes exactly rank-deficient), else hostile. */
static double *take_matrix(fz_reader *r, int rows, int cols, size_t len) {
  unsigned sel = fz_u8(r);
  double *Y = fz_doubles(r, len, -2, 2);
  if (len == (size_t)rows * cols && rows > 1 && (sel & 3) == 1)   /* two equal rows */
    memcpy(Y + cols, Y, sizeof(double) * (size_t)cols);
  if (len == (size_t)rows * cols && cols > 1 && (sel & 3) == 2)   /* two equal columns */
    for (int f = 0; f < rows; f++) Y[(size_t)f * cols + 1] = Y[(size_t)f * cols];
  if ((sel & 12) == 4)   /* 0/1 data */
    for (size_t i = 0; i < len; i++) Y[i] = Y[i] > 0;
  if ((sel & 48) == 16)   /* all zero */
    memset(Y, 0, sizeof(double) * len);
  return Y;
}

static void op_check(fz_reader *r) {
  int okr, okc;
  int rows = fz_int32(r, 1, DLAB_SEM_MAX_FEATURES, CHEAP_DIM, &okr), cols = fz_int32(r, 1, DLAB_SEM_MAX_ITEMS, CHEAP_DIM, &okc);
  int cheap = okr && okc && rows <= CHEAP_DIM && cols <= CHEAP_DIM;
  size_t len = cheap ? (size_t)rows * cols : 1;
  double *Y = take_matrix(r, rows, cols, len);
  int nully = fz_u8(r) == 1 || (okr && okc && !cheap);
  int valid = okr && okc && !nully, nonzero = 0;
  for (size_t i = 0; valid && i < len; i++) {
    valid &= real_in(Y[i], -DLAB_SEM_MAX_ABS, DLAB_SEM_MAX_ABS);
    nonzero |= Y[i] != 0;
  }
  valid &= nonzero;
  FZ_LOG("sem_check(rows %d, cols %d, null Y %d) valid %d", rows, cols, nully, valid);
  int st = dlab_sem_check(rows, cols, nully ? NULL : Y);
  fz_check(st, FZ_BIT(DLAB_EINVAL));
  FZ_ASSERT((st == 0) == valid);
  free(Y);
}

static void op_svd(fz_reader *r) {
  int okr, okc;
  int rows = fz_int32(r, 1, 4096, CHEAP_DIM, &okr), cols = fz_int32(r, 1, 4096, CHEAP_DIM, &okc);
  unsigned sel = fz_u8(r);
  int cheap = okr && okc && rows <= CHEAP_DIM && cols <= CHEAP_DIM;
  size_t p = cheap ? (size_t)(rows < cols ? rows : cols) : 1;
  double *Y = take_matrix(r, rows, cols, cheap ? (size_t)rows * cols : 1);
  double *U = fz_out(cheap ? rows * p : 1), *S = fz_out(p), *V = fz_out(cheap ? cols * p : 1);
  int nullk = sel % 8;   /* 1..4: Y, U, S, V NULL */
  if (okr && okc && !cheap && (nullk < 1 || nullk > 4)) nullk = 1 + (sel >> 3) % 4;
  int finite = 1;
  double big = 0, small = INFINITY;
  for (size_t i = 0; cheap && i < (size_t)rows * cols; i++) {
    finite &= isfinite(Y[i]) != 0;
    if (fabs(Y[i]) > big) big = fabs(Y[i]);
    if (Y[i] != 0 && fabs(Y[i]) < small) small = fabs(Y[i]);
  }
  int valid = okr && okc && (nullk < 1 || nullk > 4) && finite;
  /* Entries graded over more than ~1e120 are where the SVD once lost accuracy (Householder
   * columns below ~1e-154); ENOCONV is still accepted for them, and for nothing else. */
  int graded = finite && big > 0 && small < 1e-120 * big;
  FZ_LOG("sem_svd(rows %d, cols %d, null %d) valid %d", rows, cols, nullk, valid);
  for (size_t i = 0; cheap && i < (size_t)rows * cols; i++) FZ_LOG("  Y[%zu] = %a", i, Y[i]);
  int st = dlab_sem_svd(rows, cols, nullk == 1 ? NULL : Y, nullk == 2 ? NULL : U, nullk == 3 ? NULL : S,
                        nullk == 4 ? NULL : V);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  /* as dlab_linalg_svd: EINVAL for valid data only when sigma_1 would pass DBL_MAX */
  FZ_ASSERT(!valid || st != DLAB_EINVAL || big > DBL_MAX / 8);
  FZ_ASSERT(st != DLAB_ENOCONV || graded);   /* else the sweeps converge on these tiny sizes */
  if (st == 0) {
    for (size_t a = 0; a < p; a++) {
      FZ_LOG("  S[%zu] = %.17g", a, S[a]);
      FZ_ASSERT(S[a] >= 0 && isfinite(S[a]));
      FZ_ASSERT(a == 0 || S[a] <= S[a - 1]);
    }
    fz_finite(U, rows * p);
    fz_finite(V, cols * p);
    /* sign rule: the largest |entry| of each V column (the first on ties) is not negative */
    for (size_t a = 0; a < p; a++) {
      size_t best = 0;
      for (size_t i = 1; i < (size_t)cols; i++)
        if (fabs(V[i * p + a]) > fabs(V[best * p + a])) best = i;
      FZ_ASSERT(V[best * p + a] >= 0);
    }
    /* U and V have orthonormal columns (the null space completed) */
    for (size_t a = 0; a < p; a++)
      for (size_t b = 0; b <= a; b++) {
        double uu = 0, vv = 0;
        for (int i = 0; i < rows; i++) uu += U[i * p + a] * U[i * p + b];
        for (int i = 0; i < cols; i++) vv += V[i * p + a] * V[i * p + b];
        FZ_ASSERT(fabs(uu - (a == b)) <= 1e-8 && fabs(vv - (a == b)) <= 1e-8);
      }
    /* Y = U diag(S) V^T, to rounding relative to sigma_1 (when the scale is representable) */
    if (big < 1e150 && S[0] > 1e-150)
      for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
          double y = 0;
          for (size_t a = 0; a < p; a++) y += U[i * p + a] * S[a] * V[j * p + a];
          FZ_ASSERT(fabs(y - Y[(size_t)i * cols + j]) <= 1e-10 * S[0]);
        }
  }
  free(Y); free(U); free(S); free(V);
}

/* Checks eig (descending, not NaN) and finite coordinates after a successful MDS. */
static void check_mds(const double *coords, const double *eig, int n, int k) {
  for (int a = 0; a < k; a++) {
    FZ_ASSERT(!isnan(eig[a]));
    FZ_ASSERT(a == 0 || eig[a] <= eig[a - 1]);
  }
  fz_finite(coords, (size_t)n * k);
}

/* Largest |squared distance error| of coords (n x k) against D2. */
static double mds_error(const double *coords, const double *D2, int n, int k) {
  double worst = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double d = 0;
      for (int a = 0; a < k; a++) {
        double x = coords[(size_t)i * k + a] - coords[(size_t)j * k + a];
        d += x * x;
      }
      worst = fmax(worst, fabs(d - D2[(size_t)i * n + j]));
    }
  return worst;
}

static void op_mds(fz_reader *r) {
  int okn, okk, dim = 0;
  int n = fz_int32(r, 1, DLAB_SEM_MAX_MDS, CHEAP_DIM, &okn);
  int k = fz_int32(r, 1, okn ? n : 1, okn ? n : 1, &okk);
  unsigned sel = fz_u8(r);
  int cheap = okn && n <= CHEAP_DIM;
  size_t len = cheap ? (size_t)n * n : 1;
  double *D2 = fz_out(len);
  if (cheap && (sel & 3) != 3) {
    /* squared distances of points in `dim` dimensions: valid, and exact for k >= dim */
    dim = 1 + (int)(fz_u8(r) % 3);
    double *X = fz_doubles(r, (size_t)n * dim, -3, 3);
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int c = 0; c < dim; c++) d += (X[i * dim + c] - X[j * dim + c]) * (X[i * dim + c] - X[j * dim + c]);
        D2[(size_t)i * n + j] = d;
      }
    free(X);
  } else {
    free(D2);
    D2 = fz_doubles(r, len, 0, 10);
  }
  int nullk = (sel >> 2) % 8;   /* 1..3: D2, coords, eig NULL */
  if (okn && !cheap && (nullk < 1 || nullk > 3)) nullk = 1 + (sel >> 5) % 3;
  int kk = okn && okk ? k : 1;
  double *coords = fz_out(cheap && okk ? (size_t)n * kk : 1), *eig = fz_out(cheap && okk ? (size_t)kk : 1);
  int valid = okn && okk && (nullk < 1 || nullk > 3);
  double big = 0;
  for (size_t i = 0; valid && i < len; i++) {
    valid &= real_in(D2[i], 0, HUGE_VAL);
    if (valid && D2[i] > big) big = D2[i];
  }
  for (int i = 0; valid && i < n; i++) {
    valid &= D2[(size_t)i * n + i] <= 1e-12 * big;
    for (int j = 0; j < i; j++) valid &= fabs(D2[(size_t)i * n + j] - D2[(size_t)j * n + i]) <= 1e-12 * big;
  }
  FZ_LOG("sem_mds(n %d, k %d, null %d, from points in %d dims) valid %d", n, k, nullk, dim, valid);
  for (size_t i = 0; cheap && i < len; i++) FZ_LOG("  D2[%zu] = %a", i, D2[i]);
  int st = dlab_sem_mds(n, nullk == 1 ? NULL : D2, k, nullk == 2 ? NULL : coords, nullk == 3 ? NULL : eig);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV));
  FZ_ASSERT(valid || st == DLAB_EINVAL);
  /* EINVAL for valid D2 only when an eigenvalue (<= n max D2 / 2) passes DBL_MAX */
  FZ_ASSERT(!valid || st != DLAB_EINVAL || (big > DBL_MAX / n && strstr(dlab_last_error(), "double range")));
  if (st == 0) {
    check_mds(coords, eig, n, k);
    if (dim && k >= dim) {
      double err = mds_error(coords, D2, n, k);
      FZ_LOG("  distance error %g (largest D2 %g)", err, big);
      FZ_ASSERT(err <= 1e-8 * (big > 1 ? big : 1));
    }
  }
  free(D2); free(coords); free(eig);
}

static void op_mds_points(fz_reader *r) {
  int okn, okd, okk;
  int n = fz_int32(r, 1, DLAB_SEM_MAX_MDS_VALUES, CHEAP_DIM, &okn), dim = fz_int32(r, 1, DLAB_SEM_MAX_MDS_VALUES, CHEAP_DIM, &okd);
  long m = okn && okd ? (n < dim ? n : dim) : 1;
  int k = fz_int32(r, 1, m, m, &okk);
  unsigned sel = fz_u8(r);
  int sizes = okn && okd, limit = sizes && ((long)n * dim > DLAB_SEM_MAX_MDS_VALUES || m > DLAB_SEM_MAX_MDS);
  int cheap = sizes && n <= CHEAP_DIM && dim <= CHEAP_DIM;
  size_t len = cheap ? (size_t)n * dim : 1;
  double *X = take_matrix(r, n, dim, len);
  int nullk = sel % 8;   /* 1..3: X, coords, eig NULL */
  if (sizes && !limit && !cheap && (nullk < 1 || nullk > 3)) nullk = 1 + (sel >> 3) % 3;
  double *coords = fz_out(cheap && okk ? (size_t)n * k : 1), *eig = fz_out(cheap && okk ? (size_t)k : 1);
  int finite = 1;
  double big = 0;
  for (size_t i = 0; i < len; i++) {
    finite &= isfinite(X[i]) != 0;
    if (fabs(X[i]) > big) big = fabs(X[i]);
  }
  int nulls = nullk >= 1 && nullk <= 3;
  FZ_LOG("sem_mds_points(n %d, dim %d, k %d, null %d) sizes %d limit %d", n, dim, k, nullk, sizes, limit);
  for (size_t i = 0; cheap && i < len; i++) FZ_LOG("  X[%zu] = %a", i, X[i]);
  int st = dlab_sem_mds_points(n, dim, nullk == 1 ? NULL : X, k, nullk == 2 ? NULL : coords, nullk == 3 ? NULL : eig);
  FZ_LOG("  -> %d %s", st, dlab_last_error());
  fz_check(st, FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_ENOCONV));
  if (!sizes || nulls) FZ_ASSERT(st == DLAB_EINVAL);
  else if (limit) FZ_ASSERT(st == DLAB_ELIMIT);
  else if (!okk || !finite) FZ_ASSERT(st == DLAB_EINVAL);
  /* EINVAL for valid X only when the scatter's eigenvalues (~ n dim max|X|^2) pass DBL_MAX */
  /* or when every entry is subnormal (coordinates below the normal range lose their bits) */
  else FZ_ASSERT(st != DLAB_ELIMIT && (st != DLAB_EINVAL || ((big > 1e150 || (big > 0 && big < DBL_MIN)) &&
                                                             strstr(dlab_last_error(), "double range"))));
  if (st == 0) {
    check_mds(coords, eig, n, k);
    if (k == m && big > 0) {
      /* all axes kept: the pairwise distances of X are reproduced (compared in units of
       * max |X|, so that neither side over- or underflows) */
      double *D2 = fz_out((size_t)n * n), *C = fz_out((size_t)n * k), big2 = 0;
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
          double d = 0;
          for (int c = 0; c < dim; c++) {
            double x = X[i * dim + c] / big - X[j * dim + c] / big;
            d += x * x;
          }
          D2[(size_t)i * n + j] = d;
          big2 = fmax(big2, d);
        }
      for (size_t i = 0; i < (size_t)n * k; i++) C[i] = coords[i] / big;
      double err = mds_error(C, D2, n, k);
      FZ_LOG("  distance error %g (largest D2 %g, in units of max |X| = %g)", err, big2, big);
      FZ_ASSERT(err <= 1e-8 * (big2 > 1e-12 ? big2 : 1e-12));
      free(D2); free(C);
    }
  }
  free(X); free(coords); free(eig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = fz_open(data, size);
  for (int ops = 0; ops < 12 && fz_left(&r); ops++) {
    switch (fz_u8(&r) % 11) {
      case 0: op_tree_size(&r); break;
      case 1: op_tree(&r); break;
      case 2: op_diffusion(&r); break;
      case 3: op_tree_svals(&r); break;
      case 4: op_diffusion_svals(&r); break;
      case 5: op_living(&r); break;
      case 6: op_planted(&r); break;
      case 7: op_check(&r); break;
      case 8: op_svd(&r); break;
      case 9: op_mds(&r); break;
      default: op_mds_points(&r); break;
    }
  }
  return 0;
}
