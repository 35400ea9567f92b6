/* depthlab — internal: dense linear algebra on row-major double matrices (the checked
 * exports are in include/depthlab/linalg.h).
 *
 * Storage: element (i, j) of an m x n matrix A with leading dimension lda
 * (lda >= n) is A[i * lda + j]. Functions never allocate unless their name ends
 * in _alloc; they take caller-owned workspace instead, whose size a matching
 * *_work_size function reports. Sizes are ints; callers (the API layer) check
 * them against the documented limits first. */
#ifndef DEPTHLAB_LINALG_INTERNAL_H
#define DEPTHLAB_LINALG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "depthlab/linalg.h"   /* dlab_trans */

/* ---- vector kernels (vec.c) -------------------------------------------- */
/* Kept out of line on purpose: V8 optimises a wasm function only when it is entered
 * again (docs/design.md §6), and these are entered thousands of times per call, whereas
 * one long-running caller would stay in the baseline tier. */
double dlab_dot(const double *x, const double *y, int len);   /* two partial sums */
void dlab_axpy(double a, const double *x, double *y, int len); /* y += a x */
/* Plane rotation of two rows: (x, y) <- (c x - s y, s x + c y). */
void dlab_rotate(double *x, double *y, int len, double c, double s);
/* out = tanh(x) elementwise, within 4 ulp of libm (out may be x). */
void dlab_tanh_array(const double *x, double *out, size_t len);

/* ---- GEMM -------------------------------------------------------------- */
/* C = alpha * op(A) * op(B) + beta * C, op(X) = X or X^T.
 * op(A) is m x k, op(B) is k x n, C is m x n. When beta == 0, C is not read
 * (NaN in C does not propagate). Variants: NN, TN, NT, TT (backprop needs
 * W^T * delta and delta * x^T). */

/* Dispatches to the SIMD kernel in a -msimd128 build, else to the portable one. */
void dlab_gemm(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
               const double *A, int lda, const double *B, int ldb, double beta,
               double *C, int ldc);
/* Readable reference kernel, always available. */
void dlab_gemm_portable(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
                        const double *A, int lda, const double *B, int ldb,
                        double beta, double *C, int ldc);
/* wasm SIMD (f64x2, register-blocked) kernel; in builds without SIMD it is the
 * portable kernel, so callers and tests can name it unconditionally. */
void dlab_gemm_simd(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
                    const double *A, int lda, const double *B, int ldb, double beta,
                    double *C, int ldc);
/* 1 when dlab_gemm_simd really is a SIMD kernel in this build. */
int dlab_have_simd(void);

/* ---- factorisations ---------------------------------------------------- */
/* Thin SVD by one-sided Jacobi: A (m x n, lda) = U diag(S) V^T with
 * p = min(m, n), U m x p (ldu = p), S length p in descending order, V n x p
 * (ldv = p). Signs: the largest-magnitude entry of each column of V is made
 * positive (ties: the first), so the factorisation is deterministic.
 * U or V may be NULL if not wanted. work: dlab_svd_work_size(m, n) doubles.
 * Returns 0, or DLAB_ENOCONV after max sweeps. */
size_t dlab_svd_work_size(int m, int n);
int dlab_svd(int m, int n, const double *A, int lda, double *U, double *S,
             double *V, double *work);

/* Symmetric eigen-decomposition by cyclic Jacobi: A (n x n, symmetric, lda) =
 * Q diag(w) Q^T, w ascending, Q n x n (ldq = n) with eigenvectors in columns,
 * sign as in dlab_svd. Q may be NULL. work: dlab_eigen_work_size(n) doubles. */
size_t dlab_eigen_work_size(int n);
int dlab_eigen_sym(int n, const double *A, int lda, double *w, double *Q, double *work);

/* Householder QR of A (m x n, m >= n, lda): Q m x n (ldq = n) with orthonormal
 * columns, R n x n upper triangular (ldr = n), diag(R) >= 0. R is scratch while it runs:
 * it must not overlap A, Q or work. work: dlab_qr_work_size(m, n) doubles. */
size_t dlab_qr_work_size(int m, int n);
int dlab_qr(int m, int n, const double *A, int lda, double *Q, double *R, double *work);

/* ---- singular values of a product of square matrices -------------------- */
/* The singular values of every partial product A_l..A_1 of n x n factors, accurate far
 * below eps * sigma_max: the product is accumulated as Q_l T_l with T_l = R_l..R_1 upper
 * triangular (Q_l R_l = A_l Q_(l-1)), the discrete QR method for Lyapunov exponents. T_l
 * is graded by rows (|T_ii| ~ e^(l mu_i)), and one-sided Jacobi applied to T_l^T, whose
 * columns are graded, keeps high relative accuracy (Demmel & Veselic 1992); a direct
 * product loses every singular value below ~ eps * sigma_max to rounding.
 * Usage: dlab_qr_product_start once, then dlab_qr_product_push(A_l) for l = 1, 2, ...,
 * each writing the n singular values of A_l..A_1 (descending) to S (S = NULL: none). */
typedef struct {
  int n, factors;
  double *Q, *T, *M, *R, *Tt, *qr_work, *svd_work;   /* views into the caller's work */
} dlab_qr_product;
size_t dlab_qr_product_work_size(int n);   /* doubles */
void dlab_qr_product_start(dlab_qr_product *p, int n, double *work);
/* Returns 0, or the status of a QR or SVD that failed (DLAB_ENOCONV). */
int dlab_qr_product_push(dlab_qr_product *p, const double *A, double *S);
/* |A_l..A_1|_F^2 = |T_l|_F^2 (the sum of the squared singular values) after a push. */
double dlab_qr_product_frobenius2(const dlab_qr_product *p);

/* ---- the checked SVD every export uses ------------------------------------ */
/* dlab_svd behind the checks of an exported call: sizes in [1, DLAB_MAX_DIM], A (called
 * `name` in sentences) finite, S not NULL; allocates the workspace; DLAB_EINVAL if
 * sigma_1 exceeds the double range. */
int dlab_svd_checked(const char *name, int m, int n, const double *A, double *U, double *S, double *V);

#endif
