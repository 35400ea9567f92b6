/* depthlab — internal: the k-slice depth shared by both GEMM kernels. The portable
 * kernel sums over p in the same slices as the SIMD kernel so that both give the same
 * bits (gemm.c); a bench may override it (-DDLAB_GEMM_KC=...) for both at once. */
#ifndef DEPTHLAB_GEMM_BLOCKING_H
#define DEPTHLAB_GEMM_BLOCKING_H
#ifndef DLAB_GEMM_KC
#define DLAB_GEMM_KC 256
#endif
#endif
