/* depthlab — shared helpers for the libFuzzer targets in tests/fuzz.
 *
 * A target decodes its input into a sequence of exported-API calls. Arguments come
 * from a byte reader that mixes three sources, chosen by one selector byte each:
 * typical in-range values (so deep code paths are reached), a table of boundary and
 * hostile values (0, -1, limits, limit + 1, INT_MIN/MAX; NaN, +-Infinity, +-0,
 * denormals, DBL_MAX), and raw bytes. Running out of input yields zeros.
 *
 * Contract checks (a violation calls __builtin_trap(), which libFuzzer reports as a
 * crash with the input that caused it):
 *   - the status is 0 or one of the codes the call may return (a bit mask);
 *   - a non-zero status leaves a non-empty dlab_last_error();
 *   - a zero status leaves an empty one (calls clear the sentence on entry).
 * Output buffers are heap blocks of exactly the documented size, so ASan reports any
 * write past the contract; out-of-range sizes get a one-element buffer, which a call
 * that writes before rejecting them overruns.
 *
 * Cost: every target keeps an execution well under a millisecond on average (ASan +
 * UBSan, one core), so 10 million executions take hours. Cheap calls run as drawn; a call
 * whose valid arguments would take longer (a large size, a slow method, a stiff
 * parameter) is bounded by the input's allowance (fz_afford below): mostly it is shrunk
 * to a cheap valid call, or given an output that makes it fail fast after its checks.
 *
 * Adding a module: write tests/fuzz/fuzz_<area>.c with LLVMFuzzerTestOneInput built on
 * these helpers (fz_open) and seed tests/fuzz/corpus/fuzz_<area>/; the Makefile picks it
 * up. State in its header comment what it bounds and why. */
#ifndef DEPTHLAB_FUZZ_H
#define DEPTHLAB_FUZZ_H

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depthlab/status.h"

typedef struct {
  const uint8_t *p, *end;
  int allowance;   /* the cost class one call of this input may still use (fz_afford) */
} fz_reader;

/* ---- tracing: FZ_TRACE=1 ./build/fuzz/<target> <input> prints every call --- */

static inline int fz_tracing(void) {
  static int on = -1;
  if (on < 0) on = getenv("FZ_TRACE") != NULL;
  return on;
}
#define FZ_LOG(...) do { if (fz_tracing()) { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* ---- cost classes ----------------------------------------------------------------
 * FZ_CHEAP calls take up to ~0.3 ms, FZ_SLOW up to ~10 ms, FZ_SLOWEST up to ~100 ms
 * (each target picks its size caps per class from measurements). The input's hash, not
 * its bytes, grants one call FZ_SLOW in 32 inputs and FZ_SLOWEST in 1024: mutants of a
 * slow input are mostly cheap again, so however the corpus evolves the slow classes add
 * at most ~0.3 + ~0.1 ms per execution on average, and still run ~300,000 and ~10,000
 * times in 10 million executions. */
enum { FZ_CHEAP = 0, FZ_SLOW = 1, FZ_SLOWEST = 2 };

static inline fz_reader fz_open(const uint8_t *data, size_t size) {
  uint32_t h = 2166136261u;   /* FNV-1a */
  for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 16777619u;
  fz_reader r = { data, data + size, h % 1024 == 0 ? FZ_SLOWEST : h % 32 == 0 ? FZ_SLOW : FZ_CHEAP };
  FZ_LOG("input of %zu bytes, allowance class %d", size, r.allowance);
  return r;
}

/* For a call whose valid arguments cost more than FZ_CHEAP: the class it may use (the
 * caller shrinks its arguments to that class's caps), spending the input's allowance. */
static inline int fz_afford(fz_reader *r) {
  int a = r->allowance;
  r->allowance = FZ_CHEAP;
  FZ_LOG("  (a slow call: allowed class %d)", a);
  return a;
}

static inline int fz_left(const fz_reader *r) { return r->p < r->end; }

static inline unsigned fz_u8(fz_reader *r) { return r->p < r->end ? *r->p++ : 0; }

static inline uint64_t fz_u64(fz_reader *r) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = v << 8 | fz_u8(r);
  return v;
}

/* ---- contract checks ------------------------------------------------------ */

/* Traps (a libFuzzer crash) when cond is false, naming the check and the sentence. */
#define FZ_ASSERT(cond)                                                                      \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      fprintf(stderr, "%s:%d: contract violated: %s (last error: \"%s\")\n", __FILE__, __LINE__, \
              #cond, dlab_last_error());                                                     \
      __builtin_trap();                                                                      \
    }                                                                                        \
  } while (0)

#define FZ_BIT(code) (1u << (code))
#define FZ_ANY (FZ_BIT(DLAB_EINVAL) | FZ_BIT(DLAB_ELIMIT) | FZ_BIT(DLAB_ENOMEM) | FZ_BIT(DLAB_EDIVERGED) | \
                FZ_BIT(DLAB_ENOCONV) | FZ_BIT(DLAB_ESTATE))

#define fz_check(st, allowed) fz_check_at(st, allowed, __FILE__, __LINE__)
static inline void fz_check_at(int st, unsigned allowed, const char *file, int line) {
  const char *e = dlab_last_error();
  const char *why = st == 0 ? (e && !e[0] ? NULL : "status 0 but the last error is not empty")
                  : st < 0 || st > 31 || !(allowed & FZ_BIT(st)) ? "status not allowed for this call"
                  : !e || !e[0] ? "non-zero status without a sentence" : NULL;
  if (!why) return;
  fprintf(stderr, "%s:%d: contract violated: %s (status %d, last error: \"%s\")\n", file, line, why, st, e ? e : "(null)");
  __builtin_trap();
}

/* Every double of x[0..n-1] is finite (for outputs documented as finite). */
static inline void fz_finite(const double *x, size_t n) {
  for (size_t i = 0; i < n; i++)
    FZ_ASSERT(isfinite(x[i]));
}

/* Every double is not NaN (Infinity may be documented, NaN is not). */
static inline void fz_not_nan(const double *x, size_t n) {
  for (size_t i = 0; i < n; i++)
    FZ_ASSERT(!isnan(x[i]));
}

/* ---- values --------------------------------------------------------------- */

static const double FZ_HOSTILE_REALS[] = {
  0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -2.0, 1e-300, -1e-300, 4.9406564584124654e-324, DBL_MIN,
  DBL_MAX, -DBL_MAX, 1e300, -1e300, 1e150, 1e3, 1e3 * (1 + DBL_EPSILON), 1e4, 1e4 * (1 + DBL_EPSILON),
  100.0, 10.0, 10.000000000000002, 4.0, 4.000000000000001, 1e6, 1e9, 1e-12, 1.0 - DBL_EPSILON / 2,
  1.0 + DBL_EPSILON, 1e-8, 9007199254740991.0, 9007199254740992.0, 0.1, 1.5, 1024.0, 1025.0,
};

static inline double fz_hostile_real(unsigned b) {
  size_t n = sizeof FZ_HOSTILE_REALS / sizeof FZ_HOSTILE_REALS[0];
  switch (b % (n + 3)) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return -INFINITY;
    default: return FZ_HOSTILE_REALS[b % (n + 3) - 3];
  }
}

/* A double: mostly typical values in [lo, hi], else hostile ones, else raw bits. */
static inline double fz_real(fz_reader *r, double lo, double hi) {
  unsigned sel = fz_u8(r);
  if (sel < 150) return lo + (hi - lo) * (fz_u8(r) / 255.0);
  if (sel < 235) return fz_hostile_real(fz_u8(r));
  uint64_t bits = fz_u64(r);
  double x;
  memcpy(&x, &bits, sizeof x);
  return x;
}

/* An integer: mostly in [lo, min(hi, cheap)] (cheap keeps an execution fast), else a
 * boundary of [lo, hi] or beyond it, else a hostile constant. *in_range tells whether
 * the value is inside [lo, hi]; values in range but above `cheap` only come from the
 * boundary table and callers pass tiny buffers with them only when the call must
 * reject the input for another reason. */
static inline long fz_int(fz_reader *r, long lo, long hi, long cheap, int *in_range) {
  unsigned sel = fz_u8(r);
  long top = hi < cheap ? hi : cheap, v;
  if (sel < 200) {
    v = lo + (long)(fz_u8(r) % (unsigned long)(top - lo + 1));
  } else {
    switch (sel % 10) {
      case 0: v = lo - 1; break;
      case 1: v = hi + 1; break;
      case 2: v = hi; break;
      case 3: v = 0; break;
      case 4: v = -1; break;
      case 5: v = INT_MAX; break;
      case 6: v = INT_MIN; break;
      case 7: v = LONG_MAX; break;
      case 8: v = LONG_MIN; break;
      default: v = (long)fz_u64(r); break;
    }
  }
  if (in_range) *in_range = v >= lo && v <= hi;
  return v;
}

/* An int argument: as fz_int, clamped to what an int can carry. */
static inline int fz_int32(fz_reader *r, long lo, long hi, long cheap, int *in_range) {
  long v = fz_int(r, lo, hi, cheap, NULL);
  if (v > INT_MAX) v = INT_MAX;
  if (v < INT_MIN) v = INT_MIN;
  if (in_range) *in_range = v >= lo && v <= hi;
  return (int)v;
}

/* ---- buffers -------------------------------------------------------------- */

/* n doubles (at least one), filled from the input: a hostile value sometimes, a
 * typical one in [lo, hi] otherwise. Never NULL (the fuzzer aborts on no memory). */
static inline double *fz_doubles(fz_reader *r, size_t n, double lo, double hi) {
  double *x = malloc((n ? n : 1) * sizeof *x);
  if (!x) abort();
  for (size_t i = 0; i < (n ? n : 1); i++) x[i] = fz_real(r, lo, hi);
  return x;
}

/* An output buffer of exactly n doubles (one when n is 0), poisoned with NaN. */
static inline double *fz_out(size_t n) {
  double *x = malloc((n ? n : 1) * sizeof *x);
  if (!x) abort();
  for (size_t i = 0; i < (n ? n : 1); i++) x[i] = NAN;
  return x;
}

#endif
