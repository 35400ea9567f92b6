/* wasm SIMD GEMM: Goto-style blocking with a register-blocked f64x2 micro-kernel.
 *
 * C (m x n) is walked in NC-column blocks; for each KC-deep slice of k the block of
 * op(B) is packed into NR-column panels ([p][NR], zero-padded), and op(A) two MR-row
 * slivers at a time into [p][MR]. Packing makes all four transpose variants one kernel
 * and keeps its loads contiguous. The kernel holds an MR x NR tile of C in
 * MR * NR / 2 v128 accumulators (wasm has no FMA: one mul + one add per pair of flops).
 * Buffers live on the stack (KC * (NC + 2 MR) doubles = 272 KB; the module has 1 MB):
 * no allocation, no global state.
 * Tuned in Node 20 / V8 on x86-64 (Zen 5): the 4 x 4 kernel alone runs at ~0.96 of
 * the mul + add ceiling (bench/peak.c); 5 x 4, 6 x 4 and 8 x 4 tiles spill, and
 * unrolling the k loop (by 2 or 4) lets clang hoist loads so V8 spills too (both
 * 25-35% slower). What the kernel loses beyond that is packing: SIMD packers and
 * NC = 128 (half as many re-packs of A as 64; the B block, 256 KB, stays in L2)
 * took every variant from ~0.86 to ~0.91-0.94 of the ceiling for N >= 128. */
#include "linalg/linalg_internal.h"
#include "linalg/gemm_blocking.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

#define MR 4      /* 8 accumulators + 2 B vectors + 1 A splat + 1 product: V8 has 16 xmm */
#define NR 4      /* the packers below assume MR = NR = 4 */
#ifndef DLAB_GEMM_NC
#define DLAB_GEMM_NC 128
#endif
#define KC DLAB_GEMM_KC
#define NC DLAB_GEMM_NC     /* multiple of NR */

/* Packing. Every full panel is one of two shapes, whatever the transpose flags:
 * four rows of a matrix read along p and interleaved (copy_t4, a 4 x kc transpose
 * done with f64x2 shuffles), or four contiguous entries per p (copy_4). Packing
 * runs once per NC columns of C, so it must cost a small fraction of a flop per
 * element: the scalar loops it replaced took ~20% of the time at N = 256. */

/* dst[p * 4 + r] = src[r * ld + p], p < kc, r < 4. */
static void copy_t4(int kc, const double *src, int ld, double *dst) {
  const double *s0 = src, *s1 = src + ld, *s2 = s1 + ld, *s3 = s2 + ld;
  int p = 0;
  for (; p + 2 <= kc; p += 2, dst += 8) {
    v128_t r0 = wasm_v128_load(s0 + p), r1 = wasm_v128_load(s1 + p);
    v128_t r2 = wasm_v128_load(s2 + p), r3 = wasm_v128_load(s3 + p);
    wasm_v128_store(dst, wasm_i64x2_shuffle(r0, r1, 0, 2));
    wasm_v128_store(dst + 2, wasm_i64x2_shuffle(r2, r3, 0, 2));
    wasm_v128_store(dst + 4, wasm_i64x2_shuffle(r0, r1, 1, 3));
    wasm_v128_store(dst + 6, wasm_i64x2_shuffle(r2, r3, 1, 3));
  }
  if (p < kc) dst[0] = s0[p], dst[1] = s1[p], dst[2] = s2[p], dst[3] = s3[p];
}

/* dst[p * 4 + r] = src[p * ld + r], p < kc, r < 4. */
static void copy_4(int kc, const double *src, int ld, double *dst) {
  for (int p = 0; p < kc; p++, src += ld, dst += 4) {
    wasm_v128_store(dst, wasm_v128_load(src));
    wasm_v128_store(dst + 2, wasm_v128_load(src + 2));
  }
}

/* Packs a kc x 4 panel of op(X) = X (trans 0: element (p, r) at X[p * ld + r]) or
 * X^T (trans 1: at X[r * ld + p]) into dst[p * 4 + r], keeping only r < w and
 * zero-filling the rest (edge panels). */
static void pack4(int trans, int kc, int w, const double *x, int ld, double *dst) {
  if (w == 4) {
    if (trans) copy_t4(kc, x, ld, dst);
    else copy_4(kc, x, ld, dst);
    return;
  }
  for (int p = 0; p < kc; p++)
    for (int r = 0; r < 4; r++)
      dst[p * 4 + r] = r < w ? (trans ? x[(size_t)r * ld + p] : x[(size_t)p * ld + r]) : 0.0;
}

/* Packs op(B)(p0 .. p0+kc-1, j0 .. j0+nc-1) into ceil(nc/NR) panels of kc x NR.
 * op(B)(p, j) is B[p * ldb + j] (NOTRANS) or B[j * ldb + p] (TRANS). */
static void pack_b(dlab_trans tb, int kc, int nc, const double *B, int ldb, int p0, int j0,
                   double *bp) {
  for (int jr = 0; jr < nc; jr += NR, bp += (size_t)kc * NR) {
    int w = nc - jr < NR ? nc - jr : NR, j = j0 + jr;
    const double *b = tb == DLAB_NOTRANS ? B + (size_t)p0 * ldb + j : B + (size_t)j * ldb + p0;
    pack4(tb == DLAB_TRANS, kc, w, b, ldb, bp);
  }
}

/* Packs op(A)(i0 .. i0+h-1, p0 .. p0+kc-1), h <= 2 MR, as two slivers of kc x MR
 * (ap, then ap + kc * MR), rows past h zeroed. op(A)(i, p) is A[i * lda + p]
 * (NOTRANS: a transpose of each sliver) or A[p * lda + i] (TRANS). Two slivers at
 * a time so that TRANS reads whole 64-byte lines: one sliver read half of each
 * line, strided by lda, and at N = 512 (4 KB stride, one L1 set) lost it before
 * the next sliver came for the other half. */
static void pack_a(dlab_trans ta, int h, int kc, const double *A, int lda, int i0, int p0,
                   double *ap) {
  double *ap1 = ap + (size_t)kc * MR;
  int h0 = h < MR ? h : MR, h1 = h - h0;
  if (ta == DLAB_NOTRANS) {
    const double *a = A + (size_t)i0 * lda + p0;
    pack4(1, kc, h0, a, lda, ap);
    if (h1 > 0) pack4(1, kc, h1, a + (size_t)MR * lda, lda, ap1);
    return;
  }
  const double *a = A + (size_t)p0 * lda + i0;
  if (h1 == MR) {
    for (int p = 0; p < kc; p++, a += lda) {
      wasm_v128_store(ap + p * 4, wasm_v128_load(a));
      wasm_v128_store(ap + p * 4 + 2, wasm_v128_load(a + 2));
      wasm_v128_store(ap1 + p * 4, wasm_v128_load(a + 4));
      wasm_v128_store(ap1 + p * 4 + 2, wasm_v128_load(a + 6));
    }
    return;
  }
  pack4(0, kc, h0, a, lda, ap);
  if (h1 > 0) pack4(0, kc, h1, a + MR, lda, ap1);
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

#define ROWS(X) X(0) X(1) X(2) X(3)

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

/* One MR x NR tile of C from packed panels; edge tiles (h < MR or w < NR) go
 * through a padded scratch tile and only their valid part is merged. */
static void tile_update(int h, int w, int kc, const double *ap, const double *bp, double *c,
                        int ldc, double alpha, double beta, int mode, double *tile) {
  if (h == MR && w == NR) {
    kernel(kc, ap, bp, c, ldc, alpha, beta, mode);
    return;
  }
  kernel(kc, ap, bp, tile, NR, 1.0, 0.0, 0);
  for (int r = 0; r < h; r++)
    for (int j = 0; j < w; j++) {
      double *cij = c + (size_t)r * ldc + j, t = alpha * tile[r * NR + j];
      *cij = mode == 0 ? t : mode == 1 ? *cij + t : beta * *cij + t;
    }
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
  double ap[KC * 2 * MR] __attribute__((aligned(16)));
  double tile[MR * NR] __attribute__((aligned(16)));
  for (int j0 = 0; j0 < n; j0 += NC) {
    int nc = n - j0 < NC ? n - j0 : NC;
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = k - p0 < KC ? k - p0 : KC;
      /* The first k-slice applies beta (not reading C when beta == 0), later ones add. */
      int mode = p0 > 0 ? 1 : beta == 0.0 ? 0 : beta == 1.0 ? 1 : 2;
      pack_b(tb, kc, nc, B, ldb, p0, j0, bp);
      for (int i0 = 0; i0 < m; i0 += 2 * MR) {
        int h = m - i0 < 2 * MR ? m - i0 : 2 * MR, h0 = h < MR ? h : MR, h1 = h - h0;
        pack_a(ta, h, kc, A, lda, i0, p0, ap);
        double *c0 = C + (size_t)i0 * ldc + j0, *c1 = c0 + (size_t)MR * ldc;
        for (int jr = 0; jr < nc; jr += NR) {
          int w = nc - jr < NR ? nc - jr : NR;
          const double *b = bp + (size_t)jr * kc;
          tile_update(h0, w, kc, ap, b, c0 + jr, ldc, alpha, beta, mode, tile);
          if (h1 > 0) tile_update(h1, w, kc, ap + (size_t)kc * MR, b, c1 + jr, ldc, alpha, beta, mode, tile);
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
