/* xoshiro256** seeded by splitmix64 (Blackman & Vigna 2018, reference code at
 * prng.di.unimi.it), Marsaglia polar normals, Haar orthogonal matrices. */
#include "linalg/rng_internal.h"

#include <math.h>

#include "api/status_internal.h"
#include "linalg/linalg_internal.h"

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void dlab_rng_seed(dlab_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);  /* never all zero */
  r->spare = 0.0;
  r->has_spare = 0;
}

uint64_t dlab_rng_u64(dlab_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double dlab_rng_uniform(dlab_rng *r) {
  return (double)(dlab_rng_u64(r) >> 11) * 0x1.0p-53;
}

double dlab_rng_normal(dlab_rng *r) {
  if (r->has_spare) { r->has_spare = 0; return r->spare; }
  double u, v, s;
  do {
    u = 2.0 * dlab_rng_uniform(r) - 1.0;
    v = 2.0 * dlab_rng_uniform(r) - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  double f = sqrt(-2.0 * log(s) / s);
  r->spare = v * f;
  r->has_spare = 1;
  return u * f;
}

void dlab_rng_fill_normal(dlab_rng *r, double *x, size_t n, double sd) {
  for (size_t i = 0; i < n; i++) x[i] = sd * dlab_rng_normal(r);
}

/* work = the Gaussian matrix (n x n), R (n x n), then QR's own workspace. */
size_t dlab_haar_work_size(int n) {
  if (n < 1) return 0;
  return 2 * (size_t)n * n + dlab_qr_work_size(n, n);
}

int dlab_rng_haar_orthogonal(dlab_rng *r, int n, double *Q, double *work) {
  if (n < 1) return dlab_fail(DLAB_EINVAL, "n must be at least 1, got %d", n);
  if (!r || !Q || !work) return dlab_fail(DLAB_EINVAL, "r, Q and work must not be NULL");
  double *G = work, *R = G + (size_t)n * n, *qw = R + (size_t)n * n;
  dlab_rng_fill_normal(r, G, (size_t)n * n, 1.0);
  int st = dlab_qr(n, n, G, n, Q, R, qw);
  if (st) return st;
  /* dlab_qr already makes diag(R) >= 0, which is Mezzadri's sign fold Q <- Q diag(sign R_ii);
   * a zero R_ii has probability 0 for a Gaussian matrix. */
  return DLAB_OK;
}
