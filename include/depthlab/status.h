/* depthlab — status codes and the last-error sentence.
 *
 * Every exported function returns a dlab_status (0 = ok). On failure it also
 * records a human sentence, readable with dlab_last_error(), that names the
 * parameter, the rule it broke and the value given, e.g.
 *   "depth must be in [1, 200], got 400".
 * The sentence is the only global mutable state of the library. */
#ifndef DEPTHLAB_STATUS_H
#define DEPTHLAB_STATUS_H

#include <stddef.h>

typedef enum {
  DLAB_OK = 0,
  DLAB_EINVAL = 1,    /* an argument is out of its documented range or not finite */
  DLAB_ELIMIT = 2,    /* a size exceeds a documented limit (checked before allocating) */
  DLAB_ENOMEM = 3,    /* allocation failed */
  DLAB_EDIVERGED = 4, /* the computation blew up (e.g. learning rate too high) */
  DLAB_ENOCONV = 5,   /* an iterative method did not reach its tolerance */
  DLAB_ESTATE = 6     /* a handle is used in a way its state does not allow */
} dlab_status;

/* Short fixed text for a status code ("invalid argument", ...). */
const char *dlab_status_text(int status);

/* The sentence recorded by the last failing call ("" if none). */
const char *dlab_last_error(void);

/* Records a printf-style sentence and returns `status` (for `return dlab_fail(...)`).
 * Supports %d, %ld, %lld, %zu, %g, %s only: the wasm build carries no stdio. */
int dlab_fail(int status, const char *fmt, ...);

/* Clears the sentence; exported calls do this on entry. */
void dlab_clear_error(void);

/* Argument checks that record the sentence. Each returns DLAB_OK or DLAB_EINVAL. */
int dlab_check_int(const char *name, long value, long lo, long hi);
int dlab_check_real(const char *name, double value, double lo, double hi);  /* finite, in [lo, hi] */
int dlab_check_ptr(const char *name, const void *p);

/* Size arithmetic that refuses overflow: *out = a * b * c elements of `size` bytes. */
int dlab_size_mul(size_t a, size_t b, size_t size, size_t *out);

#endif
