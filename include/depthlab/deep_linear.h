/* depthlab — deep linear networks (Saxe, McClelland & Ganguli 2014; docs/theory.md §1.2).
 *
 * Conventions: D = number of weight matrices (depth), time t in units of tau,
 * Sigma11 = I, a = u^T W_tot v is the strength of one input-output mode whose
 * singular value is s, a0 = its initial strength (balanced, decoupled start:
 * each layer's mode weight is a0^(1/D)). The mode obeys
 *     da/dt = D a^(2 - 2/D) (s - a)
 * with closed forms for D = 1 (a = s + (a0 - s) e^-t) and D = 2
 * (a = s / (1 + (s/a0 - 1) e^(-2 s t))). */
#ifndef DEPTHLAB_DEEP_LINEAR_H
#define DEPTHLAB_DEEP_LINEAR_H

#define DLAB_DL_MAX_DEPTH 200
#define DLAB_DL_MAX_STRENGTH 1e4     /* bound on s, a0, af */
#define DLAB_DL_MAX_TIME 1e9
#define DLAB_DL_MAX_POINTS 1000000L

/* a(t[i]) for i < nt, t ascending and >= 0. Closed form for depth 1 and 2,
 * Dormand-Prince (rtol 1e-11) on the mode ODE otherwise.
 * Once |a - s| < 1e-8 s the linearised relaxation a = s + (a_c - s) e^(-D s^(2-2/D) (t - t_c))
 * takes over (relative error ~1e-8 of |a - s|), so late times cost nothing.
 * depth in [1, DLAB_DL_MAX_DEPTH]; s, a0 in (0, DLAB_DL_MAX_STRENGTH]. */
int dlab_dl_mode_trajectory(int depth, double s, double a0, const double *t, long nt,
                            double *a_out);

/* Time for a mode to go from a0 to af (both strictly on the same side of s,
 * af between a0 and s). Closed form for depth 1 and 2, adaptive Gauss-Kronrod of
 * dt = da / (D a^(2-2/D) (s - a)) otherwise, with the pole at a = s integrated exactly
 * (af may be as close to s as doubles allow). DLAB_EINVAL if the time exceeds the
 * double range (s or a0 near 0). */
int dlab_dl_learning_time(int depth, double s, double a0, double af, double *t_out);

#endif
