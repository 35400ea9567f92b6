/* RNG: determinism, an independent reimplementation of the generator, and moments. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "linalg/rng_internal.h"

/* Straight from the published reference code (Vigna: splitmix64.c, xoshiro256starstar.c),
 * written independently of src/linalg/rng.c. */
static uint64_t ref_state[4];
static uint64_t ref_sm;
static uint64_t ref_splitmix(void) {
  uint64_t z = (ref_sm += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}
static inline uint64_t ref_rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static uint64_t ref_next(void) {
  const uint64_t result = ref_rotl(ref_state[1] * 5, 7) * 9;
  const uint64_t t = ref_state[1] << 17;
  ref_state[2] ^= ref_state[0];
  ref_state[3] ^= ref_state[1];
  ref_state[1] ^= ref_state[2];
  ref_state[0] ^= ref_state[3];
  ref_state[2] ^= t;
  ref_state[3] = ref_rotl(ref_state[3], 45);
  return result;
}

static void run(void) {
  dlab_rng a, b;

  /* the first 1000 outputs from seed 42 match the reference */
  ref_sm = 42;
  for (int i = 0; i < 4; i++) ref_state[i] = ref_splitmix();
  dlab_rng_seed(&a, 42);
  int same = 1;
  for (int i = 0; i < 1000; i++) same &= dlab_rng_u64(&a) == ref_next();
  CHECK(same, "xoshiro256** from seed 42 differs from the reference");
  /* golden: splitmix64's first output from state 0 is a published test value */
  ref_sm = 0;
  CHECK(ref_splitmix() == UINT64_C(0xe220a8397b1dcdaf), "splitmix64 reference self-check");

  /* same seed -> same stream (uniform and normal, including the spare) */
  dlab_rng_seed(&a, 123);
  dlab_rng_seed(&b, 123);
  same = 1;
  for (int i = 0; i < 1001; i++) same &= dlab_rng_normal(&a) == dlab_rng_normal(&b);
  for (int i = 0; i < 1000; i++) same &= dlab_rng_uniform(&a) == dlab_rng_uniform(&b);
  CHECK(same, "same seed gives the same stream");
  /* reseeding clears the spare normal */
  dlab_rng_seed(&a, 9);
  double first = dlab_rng_normal(&a);
  dlab_rng_seed(&a, 9);
  CHECK(dlab_rng_normal(&a) == first, "reseed discards the spare normal");
  /* different seeds differ (nearby seeds too) */
  dlab_rng_seed(&a, 1);
  dlab_rng_seed(&b, 2);
  int differ = 0;
  for (int i = 0; i < 16; i++) differ += dlab_rng_u64(&a) != dlab_rng_u64(&b);
  CHECK(differ == 16, "seeds 1 and 2 share %d of 16 outputs", 16 - differ);

  /* Uniform on [0, 1): mean 1/2 (sd of the mean sqrt(1/12 / N)), variance 1/12 (sd of the
   * sample variance sqrt((mu4 - sigma^4) / N), mu4 = 1/80). Assert within 5 sd. */
  const int N = 1000000;
  double s1 = 0, s2 = 0, lo = 1, hi = 0;
  dlab_rng_seed(&a, 2024);
  for (int i = 0; i < N; i++) {
    double u = dlab_rng_uniform(&a);
    s1 += u; s2 += u * u;
    if (u < lo) lo = u;
    if (u > hi) hi = u;
  }
  double mean = s1 / N, var = s2 / N - mean * mean;
  CHECK(lo >= 0 && hi < 1, "uniform in [0, 1): min %g max %.17g", lo, hi);
  CHECK_NEAR(mean, 0.5, 5 * sqrt(1.0 / 12 / N), "uniform mean");
  CHECK_NEAR(var, 1.0 / 12, 5 * sqrt((1.0 / 80 - 1.0 / 144) / N), "uniform variance");
  /* uniforms are multiples of 2^-53 */
  double u = dlab_rng_uniform(&a);
  CHECK(u * 0x1p53 == floor(u * 0x1p53), "uniform is k 2^-53");

  /* Normal: mean 0 (sd 1/sqrt N), variance 1 (sd sqrt(2/N)), kurtosis E z^4 = 3
   * (sd sqrt((E z^8 - 9)/N) = sqrt(96/N)). Within 5 sd. */
  double m1 = 0, m2 = 0, m4 = 0;
  for (int i = 0; i < N; i++) {
    double z = dlab_rng_normal(&a);
    m1 += z; m2 += z * z; m4 += z * z * z * z;
  }
  CHECK_NEAR(m1 / N, 0.0, 5 / sqrt((double)N), "normal mean");
  CHECK_NEAR(m2 / N, 1.0, 5 * sqrt(2.0 / N), "normal variance");
  CHECK_NEAR(m4 / N, 3.0, 5 * sqrt(96.0 / N), "normal fourth moment");

  /* fill_normal scales by sd and continues the same stream */
  double x[5];
  dlab_rng_seed(&a, 77);
  dlab_rng_seed(&b, 77);
  dlab_rng_fill_normal(&a, x, 5, 2.5);
  same = 1;
  for (int i = 0; i < 5; i++) same &= x[i] == 2.5 * dlab_rng_normal(&b);
  CHECK(same, "fill_normal = sd * normal, in stream order");
}

TEST_MAIN()
