/* The flat exported API: argument checks in front of the internal kernels. */
#include "depthlab/api.h"

#include <math.h>
#include <stdlib.h>

#include "depthlab/linalg.h"
#include "depthlab/rng.h"

const char *dlab_version(void) { return "0.1.0"; }

double *dlab_alloc_f64(long n) {
  dlab_clear_error();
  if (dlab_check_int("n (doubles to allocate)", n, 1, DLAB_MAX_ALLOC_F64)) return 0;
  double *p = calloc((size_t)n, sizeof *p);
  if (!p) dlab_fail(DLAB_ENOMEM, "could not allocate %ld doubles", n);
  return p;
}

void dlab_free(void *p) { free(p); }

int dlab_linalg_have_simd(void) { return dlab_have_simd(); }

int dlab_linalg_gemm(int kernel, int ta, int tb, int m, int n, int k, double alpha,
                     const double *A, const double *B, double beta, double *C) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("kernel", kernel, 0, 2)) || (st = dlab_check_int("ta", ta, 0, 1)) ||
      (st = dlab_check_int("tb", tb, 0, 1)) || (st = dlab_check_int("m", m, 1, DLAB_MAX_DIM)) ||
      (st = dlab_check_int("n", n, 1, DLAB_MAX_DIM)) || (st = dlab_check_int("k", k, 1, DLAB_MAX_DIM)) ||
      (st = dlab_check_real("alpha", alpha, -HUGE_VAL, HUGE_VAL)) ||
      (st = dlab_check_real("beta", beta, -HUGE_VAL, HUGE_VAL)) ||
      (st = dlab_check_ptr("A", A)) || (st = dlab_check_ptr("B", B)) || (st = dlab_check_ptr("C", C)))
    return st;
  /* Stored shapes: A is m x k (or k x m when transposed), B is k x n (or n x k). */
  int lda = ta ? m : k, ldb = tb ? k : n;
  void (*gemm)(dlab_trans, dlab_trans, int, int, int, double, const double *, int,
               const double *, int, double, double *, int) =
      kernel == 1 ? dlab_gemm_portable : kernel == 2 ? dlab_gemm_simd : dlab_gemm;
  gemm((dlab_trans)ta, (dlab_trans)tb, m, n, k, alpha, A, lda, B, ldb, beta, C, n);
  return DLAB_OK;
}

int dlab_linalg_svd(int m, int n, const double *A, double *U, double *S, double *V) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("m", m, 1, DLAB_MAX_DIM)) || (st = dlab_check_int("n", n, 1, DLAB_MAX_DIM)) ||
      (st = dlab_check_ptr("A", A)) || (st = dlab_check_ptr("S", S)))
    return st;
  size_t mn = (size_t)m * n, nw = dlab_svd_work_size(m, n);
  double big = 0;
  for (size_t i = 0; i < mn; i++) {
    if (!isfinite(A[i]))
      return dlab_fail(DLAB_EINVAL, "A must hold finite numbers, but A[%ld][%ld] = %g", (long)(i / (size_t)n),
                       (long)(i % (size_t)n), A[i]);
    if (fabs(A[i]) > big) big = fabs(A[i]);
  }
  /* Jacobi works on dot products of columns, which overflow above ~1e154 and lose
   * everything below ~1e-154: scale such a matrix by a power of two (exact) first. */
  int e = 0;
  if (big > 0x1p+400 || (big > 0 && big < 0x1p-400)) frexp(big, &e);
  double *work = malloc((nw + (e ? mn : 0)) * sizeof *work);
  if (!work) return dlab_fail(DLAB_ENOMEM, "could not allocate SVD workspace for %d x %d", m, n);
  const double *As = A;
  if (e) {
    double *c = work + nw;
    /* Entries below 2^-500 of the largest are far below its rounding error; flushed to
     * 0 so that no square underflows into denormals. */
    for (size_t i = 0; i < mn; i++) {
      c[i] = ldexp(A[i], -e);
      if (fabs(c[i]) < 0x1p-500) c[i] = 0;
    }
    As = c;
  }
  st = dlab_svd(m, n, As, n, U, S, V, work);
  free(work);
  if (st || !e) return st;
  int p = m < n ? m : n;
  for (int i = 0; i < p; i++) S[i] = ldexp(S[i], e);
  if (!isfinite(S[0]))
    return dlab_fail(DLAB_EINVAL, "the largest singular value of A exceeds the double range (largest |entry| %g)", big);
  return DLAB_OK;
}

int dlab_rng_normal_fill(double seed, double sd, double *x, long n) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_real("seed", seed, 0, 9007199254740991.0))) return st;
  if (seed != floor(seed)) return dlab_fail(DLAB_EINVAL, "seed must be a whole number, got %g", seed);
  if ((st = dlab_check_real("sd", sd, 0, 1e150)) || (st = dlab_check_ptr("x", x)) ||
      (st = dlab_check_int("n", n, 1, DLAB_MAX_ALLOC_F64)))
    return st;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)seed);
  dlab_rng_fill_normal(&r, x, (size_t)n, sd);
  return DLAB_OK;
}
