/* depthlab — status codes and the last-error sentence.
 *
 * Every exported function returns a dlab_status (0 = ok). On failure it also
 * records a human sentence, readable with dlab_last_error(), that names the
 * parameter, the rule it broke and the value given, e.g.
 *   "depth must be in [1, 200], got 400".
 * The sentence is the only global mutable state of the library. */
#ifndef DEPTHLAB_STATUS_H
#define DEPTHLAB_STATUS_H

typedef enum {
  DLAB_OK = 0,
  DLAB_EINVAL = 1,    /* an argument is out of its documented range or not finite */
  DLAB_ELIMIT = 2,    /* a size exceeds a documented limit (checked before allocating) */
  DLAB_ENOMEM = 3,    /* allocation failed */
  DLAB_EDIVERGED = 4, /* the computation blew up (e.g. learning rate too high) */
  DLAB_ENOCONV = 5,   /* an iterative method did not reach its tolerance */
  DLAB_ESTATE = 6     /* a handle is used in a way its state does not allow */
} dlab_status;

/* 2^53 - 1, the largest whole number a JS number carries exactly: the bound on every
 * seed and step count ("a whole number in [0, 2^53 - 1]"). */
#define DLAB_MAX_WHOLE 9007199254740991.0

/* Short fixed text for a status code ("invalid argument", ...). */
const char *dlab_status_text(int status);

/* The sentence recorded by the last failing call ("" if none). */
const char *dlab_last_error(void);

#endif
