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
#define DLAB_DL_MIN_CRIT 1e-12        /* dlab_dl_criterion_time: crit in [1e-12, 1) */
#define DLAB_DL_MAX_MODES 1024        /* dlab_dl_criterion_time: m */

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

/* Time (units of tau) at which the loss of decoupled, balanced modes
 * with singular values s[0..m-1] (Sigma11 = I), all starting at strength a0,
 * first falls to crit times its value at W_tot = 0, i.e.
 *   sum_a (s_a - a_a(t))^2 = crit sum_a s_a^2,
 * each a_a(t) from dlab_dl_mode_trajectory. depth in [1, 200], m in [1, DLAB_DL_MAX_MODES],
 * s_a in (0, 1e4], a0 in (0, 1e4], crit in [DLAB_DL_MIN_CRIT, 1) (the mode trajectories
 * are accurate to ~1e-11 relative, so a smaller criterion cannot be resolved and might
 * never be met). If the loss starts at or below
 * the criterion the time is 0; a mode with a0 > s_a that can never bring the loss
 * below it gives DLAB_EINVAL. Bracketing, then bisection to a relative 1e-12 in t. */
int dlab_dl_criterion_time(int depth, const double *s, int m, double a0, double crit,
                           double *t_out);

#endif
