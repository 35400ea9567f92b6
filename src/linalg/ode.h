/* depthlab — internal: initial value problems dy/dt = f(t, y), y in R^n.
 *
 * Two integrators: classical RK4 with a fixed step (order 4) and adaptive
 * Dormand-Prince 5(4) with a PI step controller (order 5, local extrapolation).
 * Both write the solution at caller-given output times, so the results are
 * independent of how the integrator chose its steps up to its tolerance. */
#ifndef DEPTHLAB_ODE_H
#define DEPTHLAB_ODE_H

#include <stddef.h>

/* f writes dy/dt at (t, y) into dydt; returns 0, or non-zero to abort. */
typedef int (*dlab_ode_fn)(double t, const double *y, double *dydt, void *ctx);

/* Integrates from t_out[0] (y0 given there) through the ascending times
 * t_out[0..nout-1], writing y(t_out[i]) into out + i * n.
 * RK4: `steps_per_unit` fixed steps per unit time (each output interval uses
 * ceil(len * steps_per_unit) equal steps). work: dlab_ode_rk4_work_size(n).
 * DOPRI: local error per step below atol + rtol * |y| (RMS over components);
 * the first step is chosen automatically (Hairer-Norsett-Wanner §II.4);
 * DLAB_ENOCONV if the step would shrink below 1e-14 * max(|t|, t_end - t_0)
 * or more than max_steps steps (accepted + rejected) are taken; DLAB_EDIVERGED
 * if f(t_0, y0) or y becomes non-finite, or if the step collapses that way while max|y| has grown past
 * 1e8 * (max|y0| + atol + 1) (a finite-time blow-up, e.g. y' = y^2).
 * work: dlab_ode_dopri_work_size(n). */
size_t dlab_ode_rk4_work_size(int n);
int dlab_ode_rk4(dlab_ode_fn f, void *ctx, int n, const double *y0,
                 const double *t_out, int nout, double steps_per_unit,
                 double *out, double *work);

size_t dlab_ode_dopri_work_size(int n);
int dlab_ode_dopri(dlab_ode_fn f, void *ctx, int n, const double *y0,
                   const double *t_out, int nout, double rtol, double atol,
                   long max_steps, double *out, double *work);

/* One DOPRI step of size h from (t, y) for fixed-step order tests: writes the
 * 5th-order solution to y5 and the error estimate to err (may be NULL). */
int dlab_ode_dopri_step(dlab_ode_fn f, void *ctx, int n, double t, const double *y,
                        double h, double *y5, double *err, double *work);

#endif
