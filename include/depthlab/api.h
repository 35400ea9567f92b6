/* depthlab — the flat exported API: version and memory for callers.
 *
 * Every function declared in the public headers (the files of include/depthlab) is
 * exported from the wasm module (src/api/exports.txt lists exactly them) and validates its arguments itself:
 * it returns a dlab_status and records a sentence readable with dlab_last_error().
 * Pointers are offsets into the module's memory; JS allocates them with
 * dlab_alloc_f64 and releases them with dlab_free. */
#ifndef DEPTHLAB_API_H
#define DEPTHLAB_API_H

#include "status.h"

#define DLAB_MAX_ALLOC_F64 (64L * 1024 * 1024)   /* 512 MiB of doubles per buffer */

/* "MAJOR.MINOR.PATCH" of the library. */
const char *dlab_version(void);

/* Allocates n doubles (1 <= n <= DLAB_MAX_ALLOC_F64), zeroed; 0 on failure
 * (the reason in dlab_last_error). dlab_free(0) is a no-op. */
double *dlab_alloc_f64(long n);
void dlab_free(void *p);

#endif
