/* depthlab — semantic development datasets and their hierarchy theory
 * (include/depthlab/semantic.h; docs/theory.md §4). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"
#include "depthlab/semantic.h"
#include "api/status_internal.h"

/* Sizes of a B-ary tree of L levels, checked against the limits. */
static int tree_dims(int B, int L, long *features, long *items) {
  int st;
  if ((st = dlab_check_int("branching", B, 2, DLAB_SEM_MAX_BRANCHING)) ||
      (st = dlab_check_int("levels", L, 1, DLAB_SEM_MAX_LEVELS)))
    return st;
  long leaves = 1, nodes = 1;
  for (int k = 1; k <= L; k++) {
    leaves *= B;   /* checked at every level, so it never exceeds 16 * 1024 */
    nodes += leaves;
    if (leaves > DLAB_SEM_MAX_ITEMS)
      return dlab_fail(DLAB_ELIMIT, "a tree of branching %d and %d levels has more than %d items (leaves); lower levels or branching",
                       B, L, DLAB_SEM_MAX_ITEMS);
  }
  if (nodes > DLAB_SEM_MAX_FEATURES)
    return dlab_fail(DLAB_ELIMIT, "a tree of branching %d and %d levels has %d features (nodes), above %d",
                     B, L, (int)nodes, DLAB_SEM_MAX_FEATURES);
  *features = nodes;
  *items = leaves;
  return DLAB_OK;
}

int dlab_sem_tree_size(int branching, int levels, double *out) {
  dlab_clear_error();
  int st;
  long nf, ni;
  if ((st = dlab_check_ptr("out", out)) || (st = tree_dims(branching, levels, &nf, &ni))) return st;
  out[0] = (double)nf;
  out[1] = (double)ni;
  return DLAB_OK;
}

int dlab_sem_tree(int branching, int levels, double *Y, double *level) {
  dlab_clear_error();
  int st;
  long nf, ni;
  if ((st = dlab_check_ptr("Y", Y)) || (st = tree_dims(branching, levels, &nf, &ni))) return st;
  memset(Y, 0, sizeof(double) * (size_t)(nf * ni));
  long node = 0, count = 1, span = ni;   /* nodes at this level, leaves under each */
  for (int k = 0; k <= levels; k++) {
    for (long j = 0; j < count; j++, node++) {
      for (long i = j * span; i < (j + 1) * span; i++) Y[node * ni + i] = 1;
      if (level) level[node] = k;
    }
    count *= branching;
    span /= branching;
  }
  return DLAB_OK;
}

int dlab_sem_diffusion(int branching, int levels, double eps, int features, double seed, double *Y) {
  dlab_clear_error();
  int st;
  long nf, ni;
  if ((st = dlab_check_ptr("Y", Y)) || (st = tree_dims(branching, levels, &nf, &ni)) ||
      (st = dlab_check_real("eps (flip probability)", eps, 0, 0.5)) ||
      (st = dlab_check_int("features", features, 1, DLAB_SEM_MAX_FEATURES)) || (st = dlab_check_seed(seed)))
    return st;
  /* Values of one level's nodes, then its children's; two buffers of ni doubles. */
  double *buf = malloc(sizeof(double) * 2 * (size_t)ni);
  if (!buf) return dlab_fail(DLAB_ENOMEM, "could not allocate %d doubles for the diffusion", (int)(2 * ni));
  double *cur = buf, *next = buf + ni;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)seed);
  for (int f = 0; f < features; f++) {
    cur[0] = dlab_rng_uniform(&r) < 0.5 ? 1.0 : -1.0;
    long count = 1;
    for (int k = 1; k <= levels; k++) {
      for (long j = 0; j < count; j++)
        for (int c = 0; c < branching; c++) {
          double v = cur[j];
          next[j * branching + c] = dlab_rng_uniform(&r) < eps ? -v : v;
        }
      count *= branching;
      double *t = cur; cur = next; next = t;
    }
    memcpy(Y + (size_t)f * ni, cur, sizeof(double) * (size_t)ni);
  }
  free(buf);
  return DLAB_OK;
}

/* lambda by level from the level weights w[0..L] (see the header). */
static void hier_svals(int B, int L, const double *w, double scale, double *s, double *mult) {
  /* B^(L-j) for j = 0..L */
  double pw[DLAB_SEM_MAX_LEVELS + 1];
  pw[L] = 1;
  for (int j = L - 1; j >= 0; j--) pw[j] = pw[j + 1] * B;
  double lam_root = 0;
  for (int j = 0; j <= L; j++) lam_root += w[j] * pw[j];
  s[0] = sqrt(scale * fmax(lam_root, 0));
  if (mult) mult[0] = 1;
  for (int k = 0; k < L; k++) {
    double lam = 0;
    for (int j = k + 1; j <= L; j++) lam += w[j] * pw[j];
    s[k + 1] = sqrt(scale * fmax(lam, 0));
    if (mult) mult[k + 1] = pw[L - k] * (B - 1);   /* B^k (B - 1) */
  }
}

int dlab_sem_tree_svals(int branching, int levels, double *s, double *mult) {
  dlab_clear_error();
  int st;
  long nf, ni;
  if ((st = dlab_check_ptr("s", s)) || (st = tree_dims(branching, levels, &nf, &ni))) return st;
  double w[DLAB_SEM_MAX_LEVELS + 1];
  for (int j = 0; j <= levels; j++) w[j] = 1;
  hier_svals(branching, levels, w, 1.0, s, mult);
  return DLAB_OK;
}

int dlab_sem_diffusion_svals(int branching, int levels, double eps, int features, double *s, double *mult) {
  dlab_clear_error();
  int st;
  long nf, ni;
  if ((st = dlab_check_ptr("s", s)) || (st = tree_dims(branching, levels, &nf, &ni)) ||
      (st = dlab_check_real("eps (flip probability)", eps, 0, 0.5)) ||
      (st = dlab_check_int("features", features, 1, DLAB_SEM_MAX_FEATURES)))
    return st;
  double w[DLAB_SEM_MAX_LEVELS + 1], prev = 0, g = 1 - 2 * eps;
  for (int j = 0; j <= levels; j++) {
    double c = pow(g, 2.0 * (levels - j));   /* c_j = (1 - 2 eps)^(2 (L - j)); pow(0, 0) = 1 */
    w[j] = c - prev;
    prev = c;
  }
  hier_svals(branching, levels, w, (double)features, s, mult);
  return DLAB_OK;
}

/* Rows = properties, columns = items (see the header for both orders). */
static const unsigned char LIVING[DLAB_SEM_LIVING_FEATURES][DLAB_SEM_LIVING_ITEMS] = {
  /*            pine oak rose daisy robin canary penguin sunfish salmon */
  /* grow     */ { 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  /* living   */ { 1, 1, 1, 1, 1, 1, 1, 1, 1 },
  /* roots    */ { 1, 1, 1, 1, 0, 0, 0, 0, 0 },
  /* bark     */ { 1, 1, 0, 0, 0, 0, 0, 0, 0 },
  /* branches */ { 1, 1, 0, 0, 0, 0, 0, 0, 0 },
  /* big      */ { 1, 1, 0, 0, 0, 0, 0, 0, 0 },
  /* leaves   */ { 0, 1, 1, 1, 0, 0, 0, 0, 0 },
  /* green    */ { 1, 0, 0, 0, 0, 0, 0, 0, 0 },
  /* petals   */ { 0, 0, 1, 1, 0, 0, 0, 0, 0 },
  /* pretty   */ { 0, 0, 1, 1, 0, 1, 0, 0, 0 },
  /* red      */ { 0, 0, 1, 0, 1, 0, 0, 0, 0 },
  /* yellow   */ { 0, 0, 0, 1, 0, 1, 0, 1, 0 },
  /* move     */ { 0, 0, 0, 0, 1, 1, 1, 1, 1 },
  /* skin     */ { 0, 0, 0, 0, 1, 1, 1, 1, 1 },
  /* wings    */ { 0, 0, 0, 0, 1, 1, 1, 0, 0 },
  /* feathers */ { 0, 0, 0, 0, 1, 1, 1, 0, 0 },
  /* fly      */ { 0, 0, 0, 0, 1, 1, 0, 0, 0 },
  /* sing     */ { 0, 0, 0, 0, 0, 1, 0, 0, 0 },
  /* swim     */ { 0, 0, 0, 0, 0, 0, 1, 1, 1 },
  /* scales   */ { 0, 0, 0, 0, 0, 0, 0, 1, 1 },
  /* gills    */ { 0, 0, 0, 0, 0, 0, 0, 1, 1 },
  /* fins     */ { 0, 0, 0, 0, 0, 0, 0, 1, 1 },
  /* pink     */ { 0, 0, 0, 0, 0, 0, 0, 0, 1 },
};

int dlab_sem_living(double *Y) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("Y", Y))) return st;
  for (int f = 0; f < DLAB_SEM_LIVING_FEATURES; f++)
    for (int i = 0; i < DLAB_SEM_LIVING_ITEMS; i++) Y[f * DLAB_SEM_LIVING_ITEMS + i] = LIVING[f][i];
  return DLAB_OK;
}

int dlab_sem_planted(int no, int nf, int ko, int kf, double p, double q, double seed, double *Y) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("Y", Y)) || (st = dlab_check_int("No (objects)", no, 1, DLAB_SEM_MAX_ITEMS)) ||
      (st = dlab_check_int("Nf (features)", nf, 1, DLAB_SEM_MAX_FEATURES)) ||
      (st = dlab_check_int("Ko (objects in the category)", ko, 1, no)) ||
      (st = dlab_check_int("Kf (features of the category)", kf, 1, nf)) ||
      (st = dlab_check_real("p (feature probability inside the category)", p, 0, 1)) ||
      (st = dlab_check_real("q (feature probability elsewhere)", q, 0, 1)) || (st = dlab_check_seed(seed)))
    return st;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)seed);
  for (int f = 0; f < nf; f++)
    for (int i = 0; i < no; i++) {
      double prob = (f < kf && i < ko) ? p : q;
      Y[(size_t)f * no + i] = dlab_rng_uniform(&r) < prob ? 1.0 : 0.0;
    }
  return DLAB_OK;
}

int dlab_sem_check(int rows, int cols, const double *Y) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("rows (features)", rows, 1, DLAB_SEM_MAX_FEATURES)) ||
      (st = dlab_check_int("cols (items)", cols, 1, DLAB_SEM_MAX_ITEMS)) || (st = dlab_check_ptr("Y", Y)))
    return st;
  int nonzero = 0;
  for (int f = 0; f < rows; f++)
    for (int i = 0; i < cols; i++) {
      double v = Y[(size_t)f * cols + i];
      if (!isfinite(v) || fabs(v) > DLAB_SEM_MAX_ABS)
        return dlab_fail(DLAB_EINVAL, "Y (feature %d, item %d) must be a finite number in [-%g, %g], got %g",
                         f + 1, i + 1, DLAB_SEM_MAX_ABS, DLAB_SEM_MAX_ABS, v);
      nonzero |= v != 0;
    }
  if (!nonzero) return dlab_fail(DLAB_EINVAL, "Y must have a non-zero entry, but all %d x %d entries are 0", rows, cols);
  return DLAB_OK;
}

int dlab_sem_svd(int rows, int cols, const double *Y, double *U, double *S, double *V) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("U", U)) || (st = dlab_check_ptr("V", V))) return st;
  return dlab_svd_checked("Y", rows, cols, Y, U, S, V);
}
