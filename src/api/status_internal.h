/* depthlab — internal: recording the last-error sentence and the argument checks every
 * exported function makes (the public half is include/depthlab/status.h). */
#ifndef DEPTHLAB_STATUS_INTERNAL_H
#define DEPTHLAB_STATUS_INTERNAL_H

#include <stddef.h>

#include "depthlab/status.h"

/* Records a printf-style sentence and returns `status` (for `return dlab_fail(...)`).
 * Supports %d, %ld, %lld, %zu, %g, %s only: the wasm build carries no stdio. */
int dlab_fail(int status, const char *fmt, ...);

/* Formats like dlab_fail into buf (size bytes, always terminated), recording nothing. */
void dlab_format(char *buf, size_t size, const char *fmt, ...);

/* Clears the sentence; exported calls do this on entry. */
void dlab_clear_error(void);

/* Argument checks that record the sentence. Each returns DLAB_OK or DLAB_EINVAL. */
int dlab_check_int(const char *name, long value, long lo, long hi);
int dlab_check_real(const char *name, double value, double lo, double hi);       /* finite, in [lo, hi] */
int dlab_check_real_above(const char *name, double value, double lo, double hi); /* finite, in (lo, hi] */
int dlab_check_ptr(const char *name, const void *p);
/* A whole number in [0, DLAB_MAX_WHOLE] (seeds, step counts); the sentence says "2^53 - 1". */
int dlab_check_whole(const char *name, double value);
int dlab_check_seed(double seed);   /* dlab_check_whole("seed", seed) */

/* Size arithmetic that refuses overflow: *out = a * b * c elements of `size` bytes. */
int dlab_size_mul(size_t a, size_t b, size_t size, size_t *out);

#endif
