/* Internal helpers shared by the chaos_*.c files (not exported). */
#ifndef DEPTHLAB_CHAOS_INTERNAL_H
#define DEPTHLAB_CHAOS_INTERNAL_H

#include <stddef.h>

#include "depthlab/chaos.h"

#define CHAOS_TRAP_HSQ 0.2    /* trapezoid step times sqrt(q); see chaos_trap_step */
#define CHAOS_TRAP_HMAX 0.5
#define CHAOS_TRAP_ZMAX 9.0   /* Gaussian mass beyond |z| = 9: 2e-19 */
#define CHAOS_GK_ABSTOL 1e-14
#define CHAOS_GK_RELTOL 1e-13
#define CHAOS_GK2_ABSTOL 1e-12  /* nested 2-D: the inner result's own error is the floor */
#define CHAOS_GK2_RELTOL 1e-11

/* E[phi^2], E[phi'^2], E[phi''^2], E[phi phi''] at u = sqrt(q) z. */
typedef struct { double pp, d1d1, d2d2, pd2; } chaos_moments;

const char *dlab_chaos_phi_name(int phi);
void chaos_phi_eval(int phi, double h, double *f, double *d1, double *d2);
int chaos_check_phi(int phi);
int chaos_check_net(int phi, double sw, double sb);
int chaos_check_q1(double q1);   /* (0, DLAB_CHAOS_MAX_Q] */
/* A grid over [swMin, swMax] x [sbMin, sbMax] (nw x nb) and its rows [row0, row0 + nrows). */
int chaos_check_grid(double sw_min, double sw_max, double sb_min, double sb_max, int nw, int nb, int row0,
                     int nrows);
/* calloc of a x b doubles, refusing overflow; on failure sets *st (and does nothing if *st is set). */
double *chaos_alloc(size_t a, size_t b, int *st);
double chaos_trap_step(double q);
/* A correlation is in [-1, 1] (Cauchy-Schwarz): rounding of its ratio must not leave it
 * (the next layer's acos would be NaN). NaN stays NaN. */
static inline double chaos_corr_clamp(double c) { return c > 1 ? 1 : c < -1 ? -1 : c; }
int chaos_moments_at(int phi, int method, double q, chaos_moments *m);
int chaos_pair_at(int phi, int method, double q11, double q22, double c, double *ff, double *dd);
int chaos_corr_step(int phi, int method, double sw, double sb, double q11, double q22, double c,
                    double *out);
int chaos_qstar(int phi, int method, double sw, double sb, double guess, double *qs, chaos_moments *m);
int chaos_fixed_point(int phi, int method, double sw, double sb, double *out);
double chaos_chi1_at(int phi, double sw, double sb, double *guess);
double chaos_critical_between(int phi, double sb, double lo, double flo, double hi, double fhi);
int chaos_critical_sw(int phi, double sb, double *sw_out);

#endif
