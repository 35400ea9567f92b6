/* depthlab — internal: seeded random numbers, identical on every platform.
 *
 * Generator: xoshiro256** (Blackman & Vigna 2018), state seeded from a 64-bit
 * seed by the splitmix64 sequence. Uniforms take the top 53 bits: k * 2^-53 in
 * [0, 1). Normal deviates use the Marsaglia polar method (only +, *, sqrt, log),
 * keeping the spare deviate. A stream is a pure function of the seed: the
 * same seed gives the same bits natively and in every browser's wasm, except
 * that log() may round differently between native libm and the wasm libm. */
#ifndef DEPTHLAB_RNG_INTERNAL_H
#define DEPTHLAB_RNG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint64_t s[4];
  double spare;
  int has_spare;
} dlab_rng;

void dlab_rng_seed(dlab_rng *r, uint64_t seed);
uint64_t dlab_rng_u64(dlab_rng *r);
double dlab_rng_uniform(dlab_rng *r);          /* [0, 1) */
double dlab_rng_normal(dlab_rng *r);           /* N(0, 1) */
void dlab_rng_fill_normal(dlab_rng *r, double *x, size_t n, double sd);  /* x_i ~ N(0, sd^2) */

/* Haar-random orthogonal n x n matrix Q (ldq = n): QR of a Gaussian matrix with
 * the signs of diag(R) folded into Q (Mezzadri 2007).
 * work: dlab_haar_work_size(n) doubles. */
size_t dlab_haar_work_size(int n);
int dlab_rng_haar_orthogonal(dlab_rng *r, int n, double *Q, double *work);

#endif
