/* depthlab — signal propagation through deep random networks: transient chaos
 * (Poole et al. 2016; Schoenholz et al. 2017; docs/theory.md §5).
 *
 * Network: h^l = W^l phi(h^(l-1)) + b^l, W_ij ~ N(0, sw^2/N), b_i ~ N(0, sb^2).
 * Expectations are over z ~ N(0, 1); u = sqrt(q) z.
 *
 *   length map        V(q)   = sw^2 E[phi(u)^2] + sb^2,            q* = V(q*)
 *   correlation map   q12'   = sw^2 E[phi(u1) phi(u2)] + sb^2, c' = q12' / sqrt(q11' q22'),
 *                     u1 = sqrt(q11) z1, u2 = sqrt(q22) (c z1 + sqrt(1 - c^2) z2)
 *   chi1(q) = sw^2 E[phi'(u)^2], chi2(q) = sw^2 E[phi''(u)^2]
 *   slope of the length map V'(q) = sw^2 E[phi'(u)^2 + phi(u) phi''(u)]  (Stein's lemma)
 *   slope of the c-map at c:  sw^2 sqrt(q11 q22) E[phi'(u1) phi'(u2)] / sqrt(q11' q22')  (Price)
 *   depth scales xi_q = -1/ln V'(q*), xi_c = -1/ln(c-map slope at c*)
 *
 * Nonlinearities (phi, phi', phi''):
 *   DLAB_PHI_LINEAR  h, 1, 0
 *   DLAB_PHI_TANH    tanh h, 1 - tanh^2 h, -2 tanh h (1 - tanh^2 h)
 *   DLAB_PHI_RELU    max(h, 0), [h > 0], 0 (phi'' is a delta at 0: chi2 = +Infinity,
 *                    and there is no curvature recursion)
 *   DLAB_PHI_ERF     erf(sqrt(pi) h / 2) (scaled so phi'(0) = 1, like tanh),
 *                    exp(-pi h^2 / 4), -(pi h / 2) exp(-pi h^2 / 4)
 *
 * Integration methods:
 *   DLAB_CHAOS_FAST       closed forms where they exist (linear; ReLU arc-cosine kernel;
 *                         erf arcsine kernel), otherwise (tanh) the trapezoid rule on the
 *                         Gaussian with step h = min(0.5, 0.25 / sqrt(q)) on |z| <= 9:
 *                         the integrand is analytic in the strip |Im z| < pi / (2 sqrt(q))
 *                         (tanh's poles), so the error falls like exp(-2 pi d / h);
 *                         verified against DLAB_CHAOS_REFERENCE to < 1e-11 for q <= 1000.
 *                         2-D integrals: the same rule nested (inner over z2).
 *   DLAB_CHAOS_REFERENCE  adaptive Gauss-Kronrod (quad.h) for every nonlinearity, nested
 *                         for 2-D integrals, tolerance 1e-13: slow, for cross-checks.
 *   DLAB_CHAOS_TRAPEZOID  the trapezoid rule above for every smooth phi (not ReLU), so
 *                         it can be checked against the erf closed forms.
 *
 * Fixed points: q* is the stable fixed point of V (0 when that is stable, e.g. tanh at
 * sb = 0, sw <= 1; +Infinity when q grows without bound, e.g. ReLU at sw^2 >= 2 or
 * linear at sw >= 1 with sb > 0). c* = 1 when chi1 <= 1 (ordered); otherwise the stable
 * root of c = C(c)/q* in [0, 1) (chaotic; exactly 0 at sb = 0 for odd phi).
 * q* is not bounded by DLAB_CHAOS_MAX_Q: for linear and ReLU it grows like sb^2 / (1 - slope)
 * near the boundary (e.g. 4.5e15 at sw = 1 - 1e-16). Their moments are homogeneous in q
 * (E[phi^2] = q or q/2, E[phi'^2] = 1 or 1/2), so above DLAB_CHAOS_MAX_Q the quadrature
 * methods (REFERENCE, TRAPEZOID) evaluate them at DLAB_CHAOS_MAX_Q and scale E[phi^2] by
 * q / DLAB_CHAOS_MAX_Q (FAST uses the closed forms, exact at every q).
 * Quantities that do not exist are returned as NaN (xi at an infinite q*), or +Infinity
 * (chi2 of ReLU; a depth scale whose slope is exactly 1).
 *
 * Every function returns a dlab_status and names the offending parameter on failure. */
#ifndef DEPTHLAB_CHAOS_H
#define DEPTHLAB_CHAOS_H

enum { DLAB_PHI_LINEAR = 0, DLAB_PHI_TANH = 1, DLAB_PHI_RELU = 2, DLAB_PHI_ERF = 3, DLAB_PHI_COUNT = 4 };
enum { DLAB_CHAOS_FAST = 0, DLAB_CHAOS_REFERENCE = 1, DLAB_CHAOS_TRAPEZOID = 2 };

/* Documented ranges, checked on entry. */
#define DLAB_CHAOS_MIN_SW 1e-3     /* sw in [0.001, 10] (for tiny sw, sw^2 and chi1^2 underflow */
#define DLAB_CHAOS_MAX_SW 10.0     /* and the curvature and c-map become 0 * Inf or 0/0) */
#define DLAB_CHAOS_MAX_SB 4.0      /* sb in [0, 4] */
#define DLAB_CHAOS_MAX_Q 1000.0    /* q, q11, q22 in [0, 1000] (maps), q1 in (0, 1000] */
#define DLAB_CHAOS_MAX_LAYERS 1000 /* theory recursions */
#define DLAB_CHAOS_MAX_GRID 1000   /* phase-diagram nw, nb in [2, 1000] */
#define DLAB_CHAOS_MAX_WIDTH 2000  /* simulation width N in [2, 2000] */
#define DLAB_CHAOS_MAX_DEPTH 100   /* simulation layers L in [1, 100] */
#define DLAB_CHAOS_MIN_POINTS 16   /* simulation points M: a multiple of 8 in [16, 512] */
#define DLAB_CHAOS_MAX_POINTS 512

/* phi(h), phi'(h), phi''(h) into out[0..2]. h finite. */
int dlab_chaos_phi(int phi, double h, double *out);

/* One step of the length map at q in [0, DLAB_CHAOS_MAX_Q]:
 * out[0] = V(q), out[1] = chi1(q), out[2] = chi2(q), out[3] = V'(q). */
int dlab_chaos_length_map(int phi, int method, double sw, double sb, double q, double *out);

/* One step of the correlation map, q11, q22 in (0, DLAB_CHAOS_MAX_Q], c in [-1, 1]:
 * out[0] = q11', out[1] = q22', out[2] = q12', out[3] = c', out[4] = dc'/dc.
 * At c = +-1 the 2-D integral is the 1-D one exactly (u2 = +-sqrt(q22/q11) u1).
 * If q11' or q22' is 0 (sb = 0 and sw^2 E[phi^2] underflows, i.e. q11 or q22 is tiny),
 * c' and dc'/dc are their limits q -> 0: c' = c, slope 1 for linear, tanh, erf (phi is
 * linear at 0); the arc-cosine kernel (sqrt(1 - c^2) + (pi - acos c) c) / pi and slope
 * (pi - acos c) / pi for ReLU (homogeneous: exact at every q). */
int dlab_chaos_corr_map(int phi, int method, double sw, double sb, double q11, double q22,
                        double c, double *out);

/* Fixed points and depth scales. out[0..7] = q*, chi1, chi2, c*, xi_q, xi_c,
 * V'(q*), c-map slope at c* (= chi1 when c* = 1). */
#define DLAB_CHAOS_FP_LEN 8
int dlab_chaos_fixed_point(int phi, int method, double sw, double sb, double *out);

/* The sw in (0, DLAB_CHAOS_MAX_SW] where chi1(q*(sw, sb), sw) = 1 at this sb
 * (+Infinity if chi1 < 1 on the whole range). Tolerance 1e-12 in sw. */
int dlab_chaos_critical_sw(int phi, double sb, double *sw_out);

/* Curvature theory for a great circle h^1(theta) = sqrt(N q1) (u0 cos + u1 sin), per
 * layer l = 1..layers (rows of out, 3 columns): q^l, gE_bar^l = gE/N, kappa_bar^2 = N kappa^2:
 *   gE_bar^1 = q1, kappa_bar_1^2 = 1/q1,
 *   gE_bar^l = chi1(q^(l-1)) gE_bar^(l-1),
 *   kappa_bar_l^2 = 3 chi2(q^(l-1)) / chi1(q^(l-1))^2 + kappa_bar_(l-1)^2 / chi1(q^(l-1)).
 * With q1 = q* this is Poole et al. 2016 (docs/theory.md §5.5); the chi's at q^(l-1) extend it off the fixed point
 * (Stein's lemma makes the h-a cross terms cancel exactly). For ReLU kappa_bar^2 is NaN
 * after layer 1 (no recursion: chi2 is infinite). layers in [1, DLAB_CHAOS_MAX_LAYERS]. */
int dlab_chaos_curvature(int phi, double sw, double sb, double q1, int layers, double *out);

/* Phase diagram over sw_i = swMin + (swMax - swMin) i / (nw - 1), sb_j likewise,
 * rows j in [row0, row0 + nrows) only (call in chunks). Each grid is nb x nw, row j =
 * sb_j: chi1, xi_q, xi_c, q*, c* (as in dlab_chaos_fixed_point, DLAB_CHAOS_FAST).
 * boundary[j] = critical sw at sb_j (+Infinity if none in (0, DLAB_CHAOS_MAX_SW]).
 * For tanh, c* and xi_c use the Mehler (Hermite) expansion of the c-map,
 * C(c) = sw^2 sum_k a_k^2 c^k + sb^2, a_k = E[phi(sqrt(q*) z) He_k(z)] / sqrt(k!),
 * truncated where the rigorous tail bound sw^2 (E[phi^2] - sum a_k^2) c^(K+1) / q* is
 * below 1e-10 or at K = 400: 1-D integrals only.
 * swMin >= DLAB_CHAOS_MIN_SW, swMax <= DLAB_CHAOS_MAX_SW, 0 <= sbMin, sbMax <= DLAB_CHAOS_MAX_SB, min < max,
 * nw, nb in [2, DLAB_CHAOS_MAX_GRID]. */
int dlab_chaos_phase_rows(int phi, double sw_min, double sw_max, double sb_min, double sb_max,
                          int nw, int nb, int row0, int nrows, double *chi1, double *xi_q,
                          double *xi_c, double *q_star, double *c_star, double *boundary);

/* ---- Monte-Carlo: a great circle through a random network ------------------------
 * Width N, M points theta_p = 2 pi p / M, layers 1..L. Layer 1 is the circle itself,
 * h^1 = sqrt(N q1) (u0 cos theta + u1 sin theta) with u0, u1 orthonormal (Gram-Schmidt
 * of Gaussian vectors), v = dh/dtheta, a = d2h/dtheta2. Each further layer draws fresh
 * W, b and propagates exactly (forward mode):
 *   h' = W phi(h) + b,  v' = W (phi'(h) v),  a' = W (phi''(h) v^2 + phi'(h) a).
 * Per layer (row of `meas`, DLAB_CHAOS_SIM_NMEAS columns, means over the M points):
 *   0 q = |h|^2 / N
 *   1 c between points a quarter turn apart (c^1 = 0)
 *   2 c between points an eighth of a turn apart (c^1 = cos(pi/4))
 *   3 gE_bar = |v|^2 / N
 *   4 kappa_bar^2 = N (|v|^2 |a|^2 - (v.a)^2) / |v|^6
 *   5 Euclidean length / sqrt(N) = (2 pi / M) sum_p |v_p| / sqrt(N)
 *   6 Grassmannian length = (2 pi / M) sum_p kappa_p |v_p|
 *   7 Euclidean length of x^l = phi(h^l) (tangent phi'(h) v), not divided by sqrt(N)
 *   8 fraction of the variance of the centred points in the top 2 principal components
 *   9 participation ratio (sum lambda)^2 / sum lambda^2 of the centred points' Gram matrix
 * Degenerate points (small widths, ReLU, sb = 0, or q underflowing at tiny sw) never give
 * NaN: a point whose tangent v vanishes has no curvature and is left out of the mean in
 * column 4 (0 if no point has a tangent) and adds 0 to the lengths (5, 6); a pair with a
 * point at the origin (h = 0) is left out of the means in columns 1, 2 (1 if every pair
 * is: the circle has collapsed to one point).
 * proj: per layer, M x 3 coordinates on the top 3 principal components, divided by
 * sqrt(N q^l) (so layer 1 is the unit circle; all 0 if q^l = 0).
 * Deterministic given seed (an integer in [0, 2^53)). */
#define DLAB_CHAOS_SIM_NMEAS 10
typedef struct dlab_chaos_sim dlab_chaos_sim;

/* Checks every argument and the memory it needs before allocating; 0 on failure
 * (the sentence in dlab_last_error). q1 in (0, DLAB_CHAOS_MAX_Q]. */
dlab_chaos_sim *dlab_chaos_sim_new(int phi, double sw, double sb, double q1, int width,
                                   int points, int layers, double seed);
/* Computes the next n >= 1 layers (fewer at the end); *done_out = layers done so far. */
int dlab_chaos_sim_step(dlab_chaos_sim *s, int n, int *done_out);
/* Copies the layers done so far: meas (L x NMEAS) and proj (L x M x 3); either may be 0. */
int dlab_chaos_sim_read(const dlab_chaos_sim *s, double *meas, double *proj);
void dlab_chaos_sim_free(dlab_chaos_sim *s);

#endif
