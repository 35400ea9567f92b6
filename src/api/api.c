/* The flat exported API: memory, and argument checks in front of the internal kernels
 * (include/depthlab/api.h, linalg.h, rng.h). */
#include "depthlab/api.h"

#include <math.h>
#include <stdlib.h>

#include "api/status_internal.h"
#include "depthlab/linalg.h"
#include "depthlab/rng.h"
#include "linalg/linalg_internal.h"
#include "linalg/rng_internal.h"

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
  if ((st = dlab_check_int("kernel", kernel, DLAB_KERNEL_AUTO, DLAB_KERNEL_SIMD)) ||
      (st = dlab_check_int("ta", ta, DLAB_NOTRANS, DLAB_TRANS)) || (st = dlab_check_int("tb", tb, DLAB_NOTRANS, DLAB_TRANS)) ||
      (st = dlab_check_int("m", m, 1, DLAB_MAX_DIM)) || (st = dlab_check_int("n", n, 1, DLAB_MAX_DIM)) || (st = dlab_check_int("k", k, 1, DLAB_MAX_DIM)) ||
      (st = dlab_check_real("alpha", alpha, -HUGE_VAL, HUGE_VAL)) ||
      (st = dlab_check_real("beta", beta, -HUGE_VAL, HUGE_VAL)) ||
      (st = dlab_check_ptr("A", A)) || (st = dlab_check_ptr("B", B)) || (st = dlab_check_ptr("C", C)))
    return st;
  /* Stored shapes: A is m x k (or k x m when transposed), B is k x n (or n x k). */
  int lda = ta ? m : k, ldb = tb ? k : n;
  void (*gemm)(dlab_trans, dlab_trans, int, int, int, double, const double *, int,
               const double *, int, double, double *, int) =
      kernel == DLAB_KERNEL_PORTABLE ? dlab_gemm_portable : kernel == DLAB_KERNEL_SIMD ? dlab_gemm_simd : dlab_gemm;
  gemm((dlab_trans)ta, (dlab_trans)tb, m, n, k, alpha, A, lda, B, ldb, beta, C, n);
  return DLAB_OK;
}

int dlab_linalg_svd(int m, int n, const double *A, double *U, double *S, double *V) {
  dlab_clear_error();
  return dlab_svd_checked("A", m, n, A, U, S, V);
}

int dlab_rng_normal_fill(double seed, double sd, double *x, long n) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_seed(seed)) || (st = dlab_check_real("sd", sd, 0, 1e150)) || (st = dlab_check_ptr("x", x)) ||
      (st = dlab_check_int("n", n, 1, DLAB_MAX_ALLOC_F64)))
    return st;
  dlab_rng r;
  dlab_rng_seed(&r, (uint64_t)seed);
  dlab_rng_fill_normal(&r, x, (size_t)n, sd);
  return DLAB_OK;
}
