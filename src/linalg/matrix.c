/* Owned row-major matrices. */
#include "depthlab/linalg.h"

#include <stdlib.h>

#include "depthlab/status.h"

dlab_mat *dlab_mat_alloc(int rows, int cols) {
  size_t bytes;
  if (rows < 1 || cols < 1) {
    dlab_fail(DLAB_EINVAL, "matrix size must be positive, got %d x %d", rows, cols);
    return NULL;
  }
  if (dlab_size_mul((size_t)rows, (size_t)cols, sizeof(double), &bytes) != DLAB_OK) return NULL;
  dlab_mat *m = malloc(sizeof *m);
  if (!m) { dlab_fail(DLAB_ENOMEM, "out of memory allocating a %d x %d matrix", rows, cols); return NULL; }
  m->data = calloc(1, bytes);
  if (!m->data) {
    free(m);
    dlab_fail(DLAB_ENOMEM, "out of memory allocating a %d x %d matrix", rows, cols);
    return NULL;
  }
  m->rows = rows;
  m->cols = cols;
  return m;
}

void dlab_mat_free(dlab_mat *m) {
  if (!m) return;
  free(m->data);
  free(m);
}
