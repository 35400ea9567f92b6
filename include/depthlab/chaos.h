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
enum { DLAB_CHAOS_PHI_F = 0, DLAB_CHAOS_PHI_D1 = 1, DLAB_CHAOS_PHI_D2 = 2 };

/* One step of the length map at q in [0, DLAB_CHAOS_MAX_Q]:
 * out[0] = V(q), out[1] = chi1(q), out[2] = chi2(q), out[3] = V'(q). */
int dlab_chaos_length_map(int phi, int method, double sw, double sb, double q, double *out);
enum { DLAB_CHAOS_LM_V = 0, DLAB_CHAOS_LM_CHI1 = 1, DLAB_CHAOS_LM_CHI2 = 2, DLAB_CHAOS_LM_SLOPE = 3, DLAB_CHAOS_LM_LEN = 4 };

/* One step of the correlation map, q11, q22 in (0, DLAB_CHAOS_MAX_Q], c in [-1, 1]:
 * out[DLAB_CHAOS_CM_*] = q11', q22', q12', c', dc'/dc.
 * At c = +-1 the 2-D integral is the 1-D one exactly (u2 = +-sqrt(q22/q11) u1).
 * c' is a correlation: always in [-1, 1]. At sb = 0, sw cancels from c' and dc'/dc, so
 * where q11' or q22' leaves the normal double range (sw^2 E[phi^2] subnormal or 0) they
 * come from the moments alone, and where those do too (sqrt(q11 q22) below ~1e-308) they are
 * their limits q -> 0: c' = c, slope 1 for linear, tanh, erf (phi is linear at 0); the
 * arc-cosine kernel (sqrt(1 - c^2) + (pi - acos c) c) / pi and slope (pi - acos c) / pi
 * for ReLU (homogeneous: exact at every q). */
int dlab_chaos_corr_map(int phi, int method, double sw, double sb, double q11, double q22,
                        double c, double *out);
enum {
  DLAB_CHAOS_CM_Q11 = 0, DLAB_CHAOS_CM_Q22 = 1, DLAB_CHAOS_CM_Q12 = 2, DLAB_CHAOS_CM_C = 3,
  DLAB_CHAOS_CM_SLOPE = 4, DLAB_CHAOS_CM_LEN = 5
};

/* Fixed points and depth scales. out[0..7] = q*, chi1, chi2, c*, xi_q, xi_c,
 * V'(q*), c-map slope at c* (= chi1 when c* = 1). */
#define DLAB_CHAOS_FP_LEN 8
enum {
  DLAB_CHAOS_FP_QSTAR = 0, DLAB_CHAOS_FP_CHI1 = 1, DLAB_CHAOS_FP_CHI2 = 2, DLAB_CHAOS_FP_CSTAR = 3,
  DLAB_CHAOS_FP_XI_Q = 4, DLAB_CHAOS_FP_XI_C = 5, DLAB_CHAOS_FP_SLOPE_Q = 6, DLAB_CHAOS_FP_SLOPE_C = 7
};
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
enum { DLAB_CHAOS_CURV_Q = 0, DLAB_CHAOS_CURV_GE = 1, DLAB_CHAOS_CURV_KAPPA2 = 2, DLAB_CHAOS_CURV_LEN = 3 };

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
 *   1 c between points a quarter turn apart (c^1 = 0): the autocorrelation at k = M/4
 *   2 c between points an eighth of a turn apart (c^1 = cos(pi/4)): at k = M/8
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
 * Deterministic given seed (a whole number in [0, 2^53 - 1]). */
#define DLAB_CHAOS_SIM_NMEAS 10
enum {
  DLAB_CHAOS_SIM_Q = 0, DLAB_CHAOS_SIM_C4 = 1, DLAB_CHAOS_SIM_C8 = 2, DLAB_CHAOS_SIM_GE = 3,
  DLAB_CHAOS_SIM_KAPPA2 = 4, DLAB_CHAOS_SIM_LENGTH_E = 5, DLAB_CHAOS_SIM_LENGTH_G = 6,
  DLAB_CHAOS_SIM_LENGTH_X = 7, DLAB_CHAOS_SIM_TOP2 = 8, DLAB_CHAOS_SIM_PARTICIPATION = 9
};
typedef struct dlab_chaos_sim dlab_chaos_sim;

/* Checks every argument and the memory it needs before allocating; *out receives the
 * handle (NULL on failure). q1 in (0, DLAB_CHAOS_MAX_Q], width in [2, MAX_WIDTH], points
 * a multiple of 8 in [MIN_POINTS, MAX_POINTS], layers in [1, MAX_DEPTH]. */
int dlab_chaos_sim_create(int phi, double sw, double sb, double q1, int width, int points, int layers,
                          double seed, dlab_chaos_sim **out);
/* Computes the next n >= 1 layers (fewer at the end); *done_out = layers done so far. */
int dlab_chaos_sim_step(dlab_chaos_sim *s, int n, int *done_out);
/* Copies the layers done so far: meas (L x NMEAS) and proj (L x M x 3); either may be 0. */
int dlab_chaos_sim_read(const dlab_chaos_sim *s, double *meas, double *proj);

/* The manifold's autocorrelation (Poole et al. 2016, Fig. 3B): per layer (rows of `out`,
 * M/2 + 1 columns), the mean over p of the cosine between points p and p + k (indices
 * mod M), k = 0..M/2, i.e. at angle offsets 2 pi k / M. c^1(k) = cos(2 pi k / M). Pairs
 * with a point at the origin are left out (1 if every pair is), as in columns 1, 2. */
int dlab_chaos_sim_read_autocorr(const dlab_chaos_sim *s, double *out);

/* Depth against width (Poole et al. 2016, Theorem 1): out[l-1] = the Euclidean length of
 * x = phi(h) for ONE hidden layer of N l units fed the same circle, h_i(theta) =
 * sqrt(q1) (g_i cos theta + g'_i sin theta), g, g' ~ N(0, 1) (layer 1 of this simulation,
 * widened from N to N l units; at l = 1 it has the law of column 7). The units of width
 * N l are those of width N (l - 1) plus N new ones, drawn from a second stream of the
 * seed, so the deep network's numbers do not depend on it. */
int dlab_chaos_sim_read_shallow(const dlab_chaos_sim *s, double *out);
void dlab_chaos_sim_free(dlab_chaos_sim *s);

/* ---- correlations at every offset: the c-map iterated --------------------------------
 * out (layers x n, row l-1 = layer l): the correlation c^l of two inputs of equal length
 * q^l whose correlation at layer 1 is c1[i] in [-1, 1]; q^1 = q1 in (0, DLAB_CHAOS_MAX_Q],
 * q^(l+1) = V(q^l), c^(l+1) = C(c^l; q^l) / q^(l+1) (the correlation map, FAST method).
 * For a great circle, c1 = cos(delta theta) gives the autocorrelation at every offset.
 * tanh uses the Mehler series of the map at equal lengths, C(c) = sw^2 sum_k a_k^2 c^k
 * + sb^2 with a_k = E[phi(sqrt(q) z) He_k(z)] / sqrt(k!), up to k = 2000, wherever its
 * rigorous tail bound sw^2 (E[phi^2] - sum a_k^2) |c|^(K+1) / q^(l+1) is below 1e-12;
 * elsewhere (|c| near 1 at large q) the 2-D trapezoid rule of dlab_chaos_corr_map.
 * Coefficients are reused while q stays within a relative 1e-13 of the length they were
 * computed at. c = 1 stays 1 exactly. ReLU and linear are homogeneous: the map at length q
 * is the unit-length map with sb^2 / q, so lengths may grow past the double range (then
 * sb^2 / q = 0). n in [1, DLAB_CHAOS_MAX_CORR], layers in [1, DLAB_CHAOS_MAX_LAYERS]. */
#define DLAB_CHAOS_MAX_CORR 10000
int dlab_chaos_corr_iterate(int phi, double sw, double sb, double q1, int layers, int n,
                            const double *c1, double *out);

/* ---- iterations to converge over the phase plane (Poole et al. 2016, Fig. 1D) -------
 * For grid cells as in dlab_chaos_phase_rows (rows j in [row0, row0 + nrows)): the mean,
 * over nq0 starts q0_k = q0Min + (q0Max - q0Min) k / (nq0 - 1) (q0Min alone if nq0 = 1),
 * of the number of length-map steps t >= 0 until |q^t - q*| <= band q*, q^0 = q0_k.
 * +Infinity if a start does not get there within max_iter steps (q* = 0 leaves a band of
 * width 0, met only when q underflows to 0; at sb = 0 the start q0 = 0 stays on the
 * unstable fixed point 0); NaN where q* is infinite. q_star gets q* (nb x nw, may be 0).
 * The caption of Fig. 1D asks for 1 % (band = 0.01); Poole et al.'s code stops at
 * (q - q*)^2 / q*^2 < 0.01 (band = 0.1).
 * q0Min >= 0, q0Max in [q0Min, DLAB_CHAOS_MAX_Q], nq0 in [1, 1000], band in (0, 1),
 * max_iter in [1, 100000]. */
int dlab_chaos_converge_rows(int phi, double sw_min, double sw_max, double sb_min, double sb_max,
                             int nw, int nb, int row0, int nrows, double q0_min, double q0_max,
                             int nq0, double band, int max_iter, double *iters, double *q_star);

/* ---- the curvature of a random network's decision boundary (Poole et al. 2016, Fig. 4G)
 * A random network of width N and L layers as in the simulation above (layer 1 is the
 * input h^1, then h^(l+1) = W^(l+1) phi(h^l) + b^(l+1)), read out by a random unit
 * vector beta: G = beta . phi(h^L). The decision boundary G = 0, seen at layer l as a
 * hypersurface in the space of h^l, has N - 1 principal curvatures at each of its points:
 * the eigenvalues of |g|^-1 P H P on the tangent space, g = dG/dh^l, H = d2G/dh^l dh^l,
 * P = I - g g^T / |g|^2. Exact derivatives, back to front (reverse mode):
 *   g^L = beta phi'(h^L),            H^L = diag(beta phi''(h^L)),
 *   r = W^(l+1)^T g^(l+1),  g^l = phi'(h^l) r,
 *   H^l = D W^(l+1)^T H^(l+1) W^(l+1) D + diag(phi''(h^l) r),  D = diag(phi'(h^l)).
 * Points: h^1 drawn at random with |h^1|^2 = N q1, then Newton steps along the gradient,
 * h^1 -= G g^1 / |g^1|^2 (at most a quarter of |h^1| each), until |G| <= 1e-12 |phi(h^L)|;
 * at most 50 steps from each of at most 20 starts (DLAB_ENOCONV beyond). Deterministic
 * given seed. ReLU and linear networks have H = 0 (phi'' = 0 off the kinks): a flat
 * boundary.
 * Theory (dlab_chaos_boundary_theory): treat W^(l+1) as independent of what lies above it
 * and the h^l_i as independent N(0, q^l). Then |g^l|^2 = chi1 |g^(l+1)|^2 in expectation,
 * and f = |H|_F^2 / |g|^2, t = (tr H)^2 / |g|^2 obey, exactly in that model,
 *   f^L = t^L = chi2 / chi1 at q^L (beta of unit norm),
 *   f^l = chi1 [(1 - 1/N + 2 rho/N) f^(l+1) + (rho/N) t^(l+1)] + chi2 / chi1,
 *   t^l = chi1 [(1 + (rho - 1)/N) t^(l+1) + (2 rho/N) f^(l+1)] + chi2 / chi1,
 * with chi1, chi2 and rho = E[phi'^4] / E[phi'^2]^2 at q^l; the 1/N terms come from the
 * diagonal of W^T H W, E[(w^T H w)^2] = s^4 ((tr H)^2 + 2 |H|_F^2). f = sum_i kappa_i^2 up
 * to the projection (O(1/N)). As N -> Infinity, f^l = chi1 f^(l+1) + chi2/chi1: growth like
 * chi1^(L-l) towards the input in the chaotic phase, saturation at (chi2/chi1)/(1 - chi1)
 * in the ordered one. At finite N the 1/N terms multiply f by about (1 + c rho / N) per
 * layer: large where tanh saturates (rho ~ 4.7 at sw = 4, sb = 0.3). The model leaves out
 * that h^(l+1), and so H^(l+1) and g^(l+1), depend on W^(l+1): also O(1/N) per layer, and
 * also compounding with depth. At sw = 4, sb = 0.3, N = 200 the simulated sum at the input
 * is about 1.5 to 2 times f^1 after 5 to 10 layers; at N = 100, L = 6 they agree to ~10 %. */
#define DLAB_CHAOS_BOUNDARY_MAX_WIDTH 300
#define DLAB_CHAOS_BOUNDARY_MAX_DEPTH 40
#define DLAB_CHAOS_BOUNDARY_MAX_POINTS 64
#define DLAB_CHAOS_BOUNDARY_NINFO 4
typedef struct dlab_chaos_boundary dlab_chaos_boundary;

/* Draws the network (width N in [2, 300], layers L in [1, 40]) and readout; `points` in
 * [1, 64] boundary points will be found. q1 in (0, DLAB_CHAOS_MAX_Q], seed a whole number
 * in [0, 2^53 - 1]. *out receives the handle (NULL on failure). */
int dlab_chaos_boundary_create(int phi, double sw, double sb, double q1, int width, int layers, int points,
                               double seed, dlab_chaos_boundary **out);
/* Finds the next n >= 1 points and their curvatures at every layer; *done_out = points done. */
int dlab_chaos_boundary_step(dlab_chaos_boundary *b, int n, int *done_out);
/* Copies the points done so far: kappa (points x L x (N - 1)), the principal curvatures of
 * each point at layers 1..L in ascending order; info (points x DLAB_CHAOS_BOUNDARY_NINFO):
 * Newton steps, starts used, |G| at the point, |h^1|^2 / N. Either may be 0. */
int dlab_chaos_boundary_read(const dlab_chaos_boundary *b, double *kappa, double *info);
/* The exact G, gradient (N) and Hessian (N x N) with respect to h^layer at the point h (N,
 * finite) of layer `layer` in [1, L]; grad and hess may be 0 (not computed). DLAB_EDIVERGED
 * if G overflows (linear and ReLU layers carry |h| near the largest doubles on). */
int dlab_chaos_boundary_derivs(dlab_chaos_boundary *b, int layer, const double *h, double *G,
                               double *grad, double *hess);
void dlab_chaos_boundary_free(dlab_chaos_boundary *b);
/* out[l-1] = f^l, l = 1..layers: the predicted sum of squared principal curvatures at
 * layer l for width N = width (>= 2; +Infinity for the mean-field limit), q^1 = q1 and
 * q^(l+1) = V(q^l); 0 for ReLU and linear; +Infinity where it overflows (it grows like
 * chi1^(L - l) in the chaotic phase), never NaN. layers in [1, DLAB_CHAOS_MAX_LAYERS]. */
int dlab_chaos_boundary_theory(int phi, double sw, double sb, double q1, double width, int layers,
                               double *out);

/* ---- the input-output Jacobian at initialisation (dynamical isometry) ---------------
 * Pennington, Schoenholz & Ganguli 2017; Saxe et al. 2014 (docs/theory.md).
 * A network of width N and L layers, h^l = W^l x^(l-1) + b^l, x^l = phi(h^l), b^l_i ~
 * N(0, sb^2), W^l Gaussian (W_ij ~ N(0, sw^2/N)) or scaled orthogonal (sw times a Haar
 * orthogonal matrix). Input x^0 = phi(h^0) with h^0 a random direction of squared length
 * N q*, so the pre-activations of every layer start at the fixed point q* (FAST method);
 * for linear and ReLU networks whose q* is 0 or infinite, length N (their D^l do not
 * depend on it then). The Jacobian of layers 1..l is
 *   J^l = dx^l/dx^0 = D^l W^l ... D^1 W^1,  D^l = diag(phi'(h^l)).
 * svals (L x N, row l-1; may be 0: no SVDs, 4 to 20 times cheaper): the singular
 * values of J^l, descending, accumulated by QR steps (dlab_qr_product_push: accurate far
 * below eps * sigma_max). msq (L, may be 0): |J^l|_F^2 / N, their mean square.
 * q (L, may be 0): |h^l|^2 / N, the lengths the network really carried.
 * theory (L x DLAB_CHAOS_JAC_NTHEORY, may be 0), as N -> infinity: the mean of the squared
 * singular values, chi1^l, and their variance l chi1^(2l) (rho - 1 + s), rho =
 * E[phi'^4] / E[phi'^2]^2 at q*, s = 1 for Gaussian and 0 for orthogonal layers
 * (free probability: the relative variances of D^2 and W^T W add up layer by layer).
 * info (DLAB_CHAOS_JAC_NINFO, may be 0): q*, chi1 (as dlab_chaos_fixed_point), the input's
 * length q_in, rho.
 * Weights come from the seed's stream in the order dlab_dls_init draws them: a linear
 * network gives the singular values of the deep linear simulator's partial products
 * (DLAB_DLS_GET_PARTIAL_SVALS) bit for bit. Input and biases come from a second stream.
 * width in [1, DLAB_CHAOS_JAC_MAX_WIDTH], layers in [1, DLAB_CHAOS_JAC_MAX_DEPTH],
 * layers x width^3 <= DLAB_CHAOS_JAC_MAX_WORK (checked before allocating), seed a whole
 * number in [0, 2^53). DLAB_EDIVERGED if the pre-activations or singular values overflow. */
enum { DLAB_CHAOS_INIT_GAUSSIAN = 0, DLAB_CHAOS_INIT_ORTHOGONAL = 1 };
#define DLAB_CHAOS_JAC_MAX_WIDTH 512
#define DLAB_CHAOS_JAC_MAX_DEPTH 200
#define DLAB_CHAOS_JAC_MAX_WORK 1073741824.0   /* 2^30: 256 wide x 64 layers */
#define DLAB_CHAOS_JAC_NTHEORY 2
#define DLAB_CHAOS_JAC_NINFO 4
enum { DLAB_CHAOS_JAC_QSTAR = 0, DLAB_CHAOS_JAC_CHI1 = 1, DLAB_CHAOS_JAC_QIN = 2, DLAB_CHAOS_JAC_RHO = 3 };
int dlab_chaos_jacobian(int phi, int init, double sw, double sb, int width, int layers, double seed,
                        double *svals, double *msq, double *q, double *theory, double *info);

#endif
