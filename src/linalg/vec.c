/* The vector kernels of the factorisations and the models (see linalg_internal.h for
 * why they stay out of line). */
#include "linalg/linalg_internal.h"

double dlab_dot(const double *x, const double *y, int len) {
  double s0 = 0.0, s1 = 0.0;
  int i = 0;
  for (; i + 1 < len; i += 2) { s0 += x[i] * y[i]; s1 += x[i + 1] * y[i + 1]; }
  if (i < len) s0 += x[i] * y[i];
  return s0 + s1;
}

void dlab_axpy(double a, const double *x, double *y, int len) {
  for (int i = 0; i < len; i++) y[i] += a * x[i];
}

void dlab_rotate(double *x, double *y, int len, double c, double s) {
  for (int i = 0; i < len; i++) {
    double a = x[i], b = y[i];
    x[i] = c * a - s * b;
    y[i] = s * a + c * b;
  }
}
