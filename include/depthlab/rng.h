/* depthlab — seeded normal deviates for callers of the module: the same stream the
 * models draw from (xoshiro256** seeded by splitmix64; Marsaglia polar method). */
#ifndef DEPTHLAB_RNG_H
#define DEPTHLAB_RNG_H

#include "status.h"

/* Fills x[0..n-1] with N(0, sd^2) deviates of the stream seeded by `seed` (a whole
 * number in [0, 2^53 - 1], so JS numbers carry it exactly). sd in [0, 1e150],
 * n in [1, DLAB_MAX_ALLOC_F64]. */
int dlab_rng_normal_fill(double seed, double sd, double *x, long n);

#endif
