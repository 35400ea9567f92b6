/* The wasm SIMD f64 ceiling of this machine, for `make bench`: independent
 * multiply-then-add chains on f64x2 (wasm has no fused multiply-add in this
 * toolchain), enough of them to hide the latency of both operations. Each
 * iteration of peak_f64x2_K does 4 K flops (K chains x 2 lanes x mul + add). */
#include <wasm_simd128.h>

#define CHAINS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

double peak_f64x2(int iters, double m, double a) {
  v128_t vm = wasm_f64x2_splat(m), va = wasm_f64x2_splat(a);
#define DECL(i) v128_t acc##i = wasm_f64x2_splat((double)(i));
#define STEP(i) acc##i = wasm_f64x2_add(wasm_f64x2_mul(acc##i, vm), va);
#define SUM(i) s = wasm_f64x2_add(s, acc##i);
  CHAINS(DECL)
  for (int k = 0; k < iters; k++) { CHAINS(STEP) }
  v128_t s = wasm_f64x2_splat(0);
  CHAINS(SUM)
  return wasm_f64x2_extract_lane(s, 0) + wasm_f64x2_extract_lane(s, 1);
}

int peak_flops_per_iter(void) { return 12 * 2 * 2; }
