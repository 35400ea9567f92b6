/* wasm SIMD GEMM: Goto-style blocking with a register-blocked f64x2 micro-kernel.
 *
 * C (m x n) is walked in NC-column blocks; for each KC-deep slice of k the block of
 * op(B) is packed into NR-column panels ([p][NR], zero-padded), and each MR-row sliver
 * of op(A) into [p][MR]. Packing makes all four transpose variants one kernel and keeps
 * its loads contiguous. The kernel holds an MR x NR tile of C in MR * NR / 2 v128
 * accumulators (wasm has no FMA: one mul + one add per pair of flops). Buffers live on
 * the stack (KC * (NC + MR) doubles = 136 KB): no allocation, no global state.
 * Tuned in Node 20 / V8 on x86-64: 4 x 4 with KC = 256, NC = 64 gives ~24 GFLOP/s for
 * N >= 128; 5 x 4, 6 x 4 and 8 x 4 tiles spill, and unrolling the k loop (by 2 or 4)
 * lets clang hoist loads so V8 spills too (both 25-35% slower). */
#include "depthlab/linalg.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

#ifndef DLAB_GEMM_MR
#define DLAB_GEMM_MR 4      /* 8 accumulators + 2 B vectors + 1 A splat */
#endif
#define MR DLAB_GEMM_MR
#define NR 4
#ifndef DLAB_GEMM_KC
#define DLAB_GEMM_KC 256
#endif
#ifndef DLAB_GEMM_NC
#define DLAB_GEMM_NC 64
#endif
#define KC DLAB_GEMM_KC
#define NC DLAB_GEMM_NC     /* multiple of NR */

/* Packs op(B)(p0 .. p0+kc-1, j0 .. j0+nc-1) into ceil(nc/NR) panels of kc x NR. */
static void pack_b(dlab_trans tb, int kc, int nc, const double *B, int ldb, int p0, int j0,
                   double *bp) {
  for (int jr = 0; jr < nc; jr += NR, bp += (size_t)kc * NR) {
    int w = nc - jr < NR ? nc - jr : NR;
    if (tb == DLAB_NOTRANS) {
      const double *b = B + (size_t)p0 * ldb + j0 + jr;
      if (w == NR) {
        for (int p = 0; p < kc; p++, b += ldb)
          wasm_v128_store(bp + p * NR, wasm_v128_load(b)),
          wasm_v128_store(bp + p * NR + 2, wasm_v128_load(b + 2));
      } else {
        for (int p = 0; p < kc; p++, b += ldb)
          for (int j = 0; j < NR; j++) bp[p * NR + j] = j < w ? b[j] : 0.0;
      }
    } else {
      /* op(B)(p, j) = B[j * ldb + p]: read NR rows of B along p. */
      for (int j = 0; j < NR; j++) {
        if (j < w) {
          const double *b = B + (size_t)(j0 + jr + j) * ldb + p0;
          for (int p = 0; p < kc; p++) bp[p * NR + j] = b[p];
        } else {
          for (int p = 0; p < kc; p++) bp[p * NR + j] = 0.0;
        }
      }
    }
  }
}

/* Packs op(A)(i0 .. i0+h-1, p0 .. p0+kc-1) into kc x MR, rows past h zeroed. */
static void pack_a(dlab_trans ta, int h, int kc, const double *A, int lda, int i0, int p0,
                   double *ap) {
  if (ta == DLAB_NOTRANS) {
    for (int r = 0; r < MR; r++) {
      if (r < h) {
        const double *a = A + (size_t)(i0 + r) * lda + p0;
        for (int p = 0; p < kc; p++) ap[p * MR + r] = a[p];
      } else {
        for (int p = 0; p < kc; p++) ap[p * MR + r] = 0.0;
      }
    }
  } else {
    /* op(A)(i, p) = A[p * lda + i]: each p reads a contiguous run of h entries. */
    const double *a = A + (size_t)p0 * lda + i0;
    for (int p = 0; p < kc; p++, a += lda)
      for (int r = 0; r < MR; r++) ap[p * MR + r] = r < h ? a[r] : 0.0;
  }
}

#define ROW_DECL(r) v128_t c##r##0 = wasm_f64x2_splat(0.0), c##r##1 = c##r##0;
#define ROW_FMA(r)                                                             \
  {                                                                            \
    v128_t a = wasm_v128_load64_splat(ap + r);                                 \
    c##r##0 = wasm_f64x2_add(c##r##0, wasm_f64x2_mul(a, b0));                  \
    c##r##1 = wasm_f64x2_add(c##r##1, wasm_f64x2_mul(a, b1));                  \
  }
#define ROW_OUT(r)                                                             \
  {                                                                            \
    double *cr = c + (size_t)r * ldc;                                          \
    v128_t x0 = wasm_f64x2_mul(va, c##r##0), x1 = wasm_f64x2_mul(va, c##r##1); \
    if (mode == 1) {                                                           \
      x0 = wasm_f64x2_add(x0, wasm_v128_load(cr));                             \
      x1 = wasm_f64x2_add(x1, wasm_v128_load(cr + 2));                         \
    } else if (mode == 2) {                                                    \
      x0 = wasm_f64x2_add(x0, wasm_f64x2_mul(vb, wasm_v128_load(cr)));         \
      x1 = wasm_f64x2_add(x1, wasm_f64x2_mul(vb, wasm_v128_load(cr + 2)));     \
    }                                                                          \
    wasm_v128_store(cr, x0);                                                   \
    wasm_v128_store(cr + 2, x1);                                               \
  }

#if MR == 4
#define ROWS(X) X(0) X(1) X(2) X(3)
#elif MR == 5
#define ROWS(X) X(0) X(1) X(2) X(3) X(4)
#elif MR == 6
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#elif MR == 8
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#else
#error "DLAB_GEMM_MR must be 4, 5, 6 or 8"
#endif

/* c[MR x NR] = alpha * ap * bp + (mode 0: 0, 1: c, 2: beta * c). */
static void kernel(int kc, const double *ap, const double *bp, double *c, int ldc,
                   double alpha, double beta, int mode) {
  ROWS(ROW_DECL)
  for (int p = 0; p < kc; p++, ap += MR, bp += NR) {
    v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 2);
    ROWS(ROW_FMA)
  }
  v128_t va = wasm_f64x2_splat(alpha), vb = wasm_f64x2_splat(beta);
  ROWS(ROW_OUT)
}

void dlab_gemm_simd(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
                    const double *A, int lda, const double *B, int ldb, double beta,
                    double *C, int ldc) {
  if (m <= 0 || n <= 0) return;
  if (alpha == 0.0 || k <= 0) {   /* nothing to multiply: only scale C */
    dlab_gemm_portable(ta, tb, m, n, 0, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  double bp[KC * NC] __attribute__((aligned(16)));
  double ap[KC * MR] __attribute__((aligned(16)));
  double tile[MR * NR] __attribute__((aligned(16)));
  for (int j0 = 0; j0 < n; j0 += NC) {
    int nc = n - j0 < NC ? n - j0 : NC;
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = k - p0 < KC ? k - p0 : KC;
      /* The first k-slice applies beta (not reading C when beta == 0), later ones add. */
      int mode = p0 > 0 ? 1 : beta == 0.0 ? 0 : beta == 1.0 ? 1 : 2;
      pack_b(tb, kc, nc, B, ldb, p0, j0, bp);
      for (int i0 = 0; i0 < m; i0 += MR) {
        int h = m - i0 < MR ? m - i0 : MR;
        pack_a(ta, h, kc, A, lda, i0, p0, ap);
        for (int jr = 0; jr < nc; jr += NR) {
          int w = nc - jr < NR ? nc - jr : NR;
          double *c = C + (size_t)i0 * ldc + j0 + jr;
          const double *b = bp + (size_t)jr * kc;
          if (h == MR && w == NR) {
            kernel(kc, ap, b, c, ldc, alpha, beta, mode);
          } else {
            /* Edge tile: compute the full padded tile, then merge the valid part. */
            kernel(kc, ap, b, tile, NR, 1.0, 0.0, 0);
            for (int r = 0; r < h; r++)
              for (int j = 0; j < w; j++) {
                double *cij = c + (size_t)r * ldc + j, t = alpha * tile[r * NR + j];
                *cij = mode == 0 ? t : mode == 1 ? *cij + t : beta * *cij + t;
              }
          }
        }
      }
    }
  }
}

int dlab_have_simd(void) { return 1; }

#else /* no SIMD in this build: the portable kernel under the SIMD name */

void dlab_gemm_simd(dlab_trans ta, dlab_trans tb, int m, int n, int k, double alpha,
                    const double *A, int lda, const double *B, int ldb, double beta,
                    double *C, int ldc) {
  dlab_gemm_portable(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

int dlab_have_simd(void) { return 0; }

#endif
