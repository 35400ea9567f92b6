/* depthlab — the flat exported API: version, memory for callers, checked kernels.
 *
 * Every function here is exported from the wasm module (src/api/exports.txt)
 * and validates its arguments itself, because it is an API of its own: it
 * returns a dlab_status and records a sentence readable with dlab_last_error().
 * Pointers are offsets into the module's memory; JS allocates them with
 * dlab_alloc_f64 and releases them with dlab_free. */
#ifndef DEPTHLAB_API_H
#define DEPTHLAB_API_H

#include "status.h"

/* Documented limits, checked before any allocation. */
#define DLAB_MAX_ALLOC_F64 (64L * 1024 * 1024)   /* 512 MiB of doubles per buffer */
#define DLAB_MAX_DIM 4096                        /* rows/cols of any matrix argument */

/* "MAJOR.MINOR.PATCH" of the library. */
const char *dlab_version(void);

/* Allocates n doubles (1 <= n <= DLAB_MAX_ALLOC_F64), zeroed; 0 on failure
 * (the reason in dlab_last_error). dlab_free(0) is a no-op. */
double *dlab_alloc_f64(long n);
void dlab_free(void *p);

/* Checked GEMM: C = alpha op(A) op(B) + beta C (see linalg.h), row-major,
 * leading dimensions = column counts of the stored matrices; ta, tb: DLAB_NOTRANS or
 * DLAB_TRANS. kernel: the best available, the portable one, or SIMD (portable where absent).
 * Sizes in [1, DLAB_MAX_DIM]; alpha and beta finite. */
enum { DLAB_KERNEL_AUTO = 0, DLAB_KERNEL_PORTABLE = 1, DLAB_KERNEL_SIMD = 2 };
int dlab_linalg_gemm(int kernel, int ta, int tb, int m, int n, int k, double alpha,
                     const double *A, const double *B, double beta, double *C);

/* 1 when this build's SIMD kernels are real SIMD code. */
int dlab_linalg_have_simd(void);

/* Thin SVD of A (m x n): U (m x p), S (p), V (n x p), p = min(m, n);
 * U or V may be 0. Sizes in [1, DLAB_MAX_DIM]. A must be finite (DLAB_EINVAL names the
 * first entry that is not); entries of any magnitude work (the matrix is scaled by a
 * power of two inside), except that a largest singular value above DBL_MAX gives
 * DLAB_EINVAL. DLAB_ENOCONV if the Jacobi sweeps do not converge. */
int dlab_linalg_svd(int m, int n, const double *A, double *U, double *S, double *V);

/* Fills x[0..n-1] with N(0, sd^2) deviates of the stream seeded by `seed`
 * (a non-negative integer below 2^53, so JS numbers carry it exactly). */
int dlab_rng_normal_fill(double seed, double sd, double *x, long n);

#endif
