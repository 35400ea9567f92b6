/* depthlab — internal: quadrature for Gaussian expectations E[f(z)], z ~ N(0, 1).
 *
 * Convention: probabilists' weight exp(-z^2/2)/sqrt(2 pi), so the weights of
 * dlab_quad_gauss_hermite sum to 1 and sum_i w_i f(x_i) approximates E[f(z)]. */
#ifndef DEPTHLAB_QUAD_H
#define DEPTHLAB_QUAD_H

#include <stddef.h>

typedef double (*dlab_fn1)(double z, void *ctx);

#define DLAB_GH_MAX 256

/* n-point Gauss-Hermite rule (1 <= n <= DLAB_GH_MAX) for the N(0, 1) weight:
 * Golub-Welsch for the nodes, polished by Newton on the three-term recurrence,
 * weights from the recurrence so tiny tail weights keep full relative accuracy.
 * x ascending. Exact for polynomials of degree <= 2n - 1.
 * work: dlab_gauss_hermite_work_size(n) doubles. */
size_t dlab_gauss_hermite_work_size(int n);
int dlab_quad_gauss_hermite(int n, double *x, double *w, double *work);

/* E[f(z)] by globally adaptive Gauss-Kronrod (G7/K15) on [-zmax, zmax],
 * zmax = 12 (the dropped tail weighs < 4e-33 times the growth of f), bisecting
 * the interval of largest error estimate until the total estimate is below
 * max(abstol, reltol * |result|) or `max_intervals` is reached (then
 * DLAB_ENOCONV, with the best result still written). Suited to integrands that
 * are sharp on the Gaussian's scale, e.g. tanh'(sqrt(q) z)^2 at q = 100.
 * abserr (may be NULL) receives the error estimate. No allocation. */
#define DLAB_QUAD_MAX_INTERVALS 512
int dlab_quad_gauss_expect(dlab_fn1 f, void *ctx, double abstol, double reltol,
                           double *result, double *abserr);

/* Same, on a finite interval [a, b] with Lebesgue measure (no Gaussian weight). */
int dlab_quad_gk(dlab_fn1 f, void *ctx, double a, double b, double abstol,
                 double reltol, double *result, double *abserr);

#endif
