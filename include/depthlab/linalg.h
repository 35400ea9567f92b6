/* depthlab — checked dense linear algebra for callers of the module (tests, benchmarks,
 * the semantic views' own tables). Row-major doubles; leading dimensions are the
 * column counts of the stored matrices. */
#ifndef DEPTHLAB_LINALG_H
#define DEPTHLAB_LINALG_H

#include "status.h"

#define DLAB_MAX_DIM 4096   /* rows/cols of any matrix argument */

/* C = alpha op(A) op(B) + beta C, op(X) = X or X^T (ta, tb: DLAB_NOTRANS or DLAB_TRANS);
 * op(A) is m x k, op(B) k x n, C m x n. kernel: the best available, the portable one, or
 * SIMD (portable where absent). Sizes in [1, DLAB_MAX_DIM]; alpha and beta finite. */
typedef enum { DLAB_NOTRANS = 0, DLAB_TRANS = 1 } dlab_trans;
enum { DLAB_KERNEL_AUTO = 0, DLAB_KERNEL_PORTABLE = 1, DLAB_KERNEL_SIMD = 2 };
int dlab_linalg_gemm(int kernel, int ta, int tb, int m, int n, int k, double alpha,
                     const double *A, const double *B, double beta, double *C);

/* 1 when this build's SIMD kernels are real SIMD code. */
int dlab_linalg_have_simd(void);

/* Thin SVD of A (m x n): U (m x p), S (p, descending), V (n x p), p = min(m, n);
 * U or V may be 0. Sizes in [1, DLAB_MAX_DIM]. A must be finite (DLAB_EINVAL names the
 * first entry that is not); entries of any magnitude work, except that a largest
 * singular value above DBL_MAX gives DLAB_EINVAL. DLAB_ENOCONV if the Jacobi sweeps do
 * not converge. Allocates its workspace (DLAB_ENOMEM). */
int dlab_linalg_svd(int m, int n, const double *A, double *U, double *S, double *V);

#endif
