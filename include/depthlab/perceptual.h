/* depthlab — perceptual learning in deep linear networks (docs/theory.md §2; Saxe 2015,
 * "Deep linear neural networks: a theory of learning in the brain and mind", PhD thesis,
 * Stanford University).
 *
 * Population: n orientation-tuned neurons with preferred orientations, relative to
 * the reference orientation, phi_i = -90 + 180 (i + 1/2) / n degrees (a grid symmetric
 * about the reference), and von Mises tuning of period 180 degrees
 *     f_i(theta) = amp exp((cos(2 (theta - phi_i)) - 1) / (4 sigma^2)),  sigma = width in radians
 * (a Gaussian of standard deviation `width` near its peak). The task discriminates the
 * two stimuli theta = +offset and theta = -offset (small offset = fine, high precision;
 * large = coarse, low precision). g+- = f(+-offset) (n-vectors), d = g+ - g-.
 * Because the grid is symmetric about the reference, |g+| = |g-| exactly, so
 *     v = d^T g+ = g+^T g+ - g+^T g- = |d|^2 / 2.
 *
 * Network (depth 2): one-hot stimulus x in {e+, e-} -> W1 (n x 2, column j = the
 * population's response to stimulus j, W1(0) = [g+ g-]) -> W2 (1 x n, the decision
 * readout) -> y; targets y = +-c. Loss = 1/2 mean over the two stimuli of (y - W2 W1 x)^2,
 * so Sigma11 = I/2, Sigma31 = (c/2) [1 -1], and batch gradient descent with learning
 * rate lr is the Euler step of gradient flow with tau = 2 / lr steps.
 * From W2(0) = beta0 d^T the weights stay exactly on
 *     W1(t) = [g+ g-] + alpha(t) [d -d],  W2(t) = beta(t) d^T,
 *     tau dalpha/dt = beta (c - v beta (1 + 2 alpha)),
 *     tau dbeta/dt  = (c - v beta (1 + 2 alpha)) (1 + 2 alpha),
 * and beta^2 - 2 alpha^2 - 2 alpha is conserved.
 *
 * Deeper chain (depth D > 2): W1 as above, hidden layers W_k = b_k d^ d^T + B_k
 * (d^ = d/|d|; B_k = g P Q_k P with P = I - d^ d^T, Q_k Haar orthogonal and g half the
 * smallest hidden b_k(0), so every layer passes the other directions too, but more
 * weakly than the task direction. With a background stronger than the task gain the
 * reduced form is unstable: rounding errors grow off it and the network reroutes the
 * task through the background), readout W_D = b_D d^T. The task
 * gain of the input layer is b_1 = |d| (1 + 2 alpha) / 2; the output for stimulus
 * + is b_1 b_2 ... b_D. All layers stay on this form; the reduction is
 *     tau dalpha/dt = (c - b_1..b_D) b_2..b_D / |d|,
 *     tau db_k/dt   = 2 (c - b_1..b_D) prod_(j != k) b_j        (k = 2..D),
 * which is the three-layer one at D = 2 with b_2 = beta |d|.
 *
 * Transfer: L spatial locations with n neurons each (hidden size n L); a stimulus at
 * position p drives location m with gain c_p[m] (c_p a Gaussian profile of width rf
 * location spacings centred at -sep/2 (p = a) or +sep/2 (p = b), unit length). The
 * 4 inputs are (a+, a-, b+, b-), W1(0) column (+-, p) = g+- (x) c_p, W2(0) = beta0 (d (x) c_a)^T.
 * Training at a has the same reduced dynamics; at b the decision strength is
 * beta c_a.c_b and the input-layer change is 0.
 *
 * Records (dlab_pl_read), length 9 + 2 D (indices DLAB_PL_REC_*):
 *   [step, loss, alpha, beta, margin, residual, margin_b, alpha_b, beta_b,
 *    b_1..b_D, |W_l - W_l(0)|_F (l = 1..D)]
 * alpha = ((col+ - col+(0)) - (col- - col-(0))) . d_a / (2 |d|^2) with d_a = d (x) c_a
 * (= d without locations), beta = W_D . d_a / |d|^2 (D = 2), margin = (y(+) - y(-)) / 2
 * at the trained position a, residual = the Frobenius distance of the weight change from
 * the reduced form's change (0 up to rounding from the exact start); *_b: the same
 * measured with the position-b columns (transfer only, else 0).
 * All functions clear, then possibly set, the last error; step allocates nothing.
 * Errors: DLAB_EINVAL for a NULL pointer or handle, or an argument outside its stated
 * range or not finite, the sentence naming it; DLAB_ENOMEM only from the functions
 * that say they allocate; the other statuses where stated. */
#ifndef DEPTHLAB_PERCEPTUAL_H
#define DEPTHLAB_PERCEPTUAL_H

#define DLAB_PL_MAX_NEURONS 720      /* n */
#define DLAB_PL_MAX_DEPTH 10         /* weight layers of the chain */
#define DLAB_PL_MAX_LOCATIONS 32     /* transfer: L, with n L <= DLAB_PL_MAX_HIDDEN */
#define DLAB_PL_MAX_HIDDEN 4096
#define DLAB_PL_MAX_DOUBLES (8L << 20)  /* storage of one handle */
#define DLAB_PL_MAX_TIMES 100000     /* output times of the reduced ODEs */
#define DLAB_PL_MAX_STEPS 100000000L /* per dlab_pl_step call */
#define DLAB_PL_MAX_LR 100.0
#define DLAB_PL_MAX_UNITS 32         /* dlab_pl_topologies: k */

/* Population vectors: pref, gplus, gminus (n each) and
 * stats[DLAB_PL_POP_*] = v, |d|, |g+|^2 (GG), g+.g- (GPGM). n in [2, MAX_NEURONS],
 * width in [0.5, 90] degrees, offset in (0, 90) degrees, amp in (0, 1000]. */
int dlab_pl_population(int n, double width, double offset, double amp, double *pref,
                       double *gplus, double *gminus, double *stats);
enum { DLAB_PL_POP_V = 0, DLAB_PL_POP_DNORM = 1, DLAB_PL_POP_GG = 2, DLAB_PL_POP_GPGM = 3, DLAB_PL_POP_LEN = 4 };

/* The two-variable reduction at times t[0..nt-1] (ascending, in [0, 1e12]; the start
 * is t = 0): alpha, beta (nt each). c in (0, 1000], v in (0, 1e6], tau in (0, 1e9],
 * alpha0 in (-1/2, 1000], beta0 in [-1000, 1000], nt in [1, MAX_TIMES].
 * Dormand-Prince, rtol 1e-12, atol 1e-14; allocates. DLAB_EDIVERGED if the solution
 * or its derivative leaves the double range (or blows up in finite time);
 * DLAB_ENOCONV if the step size collapses otherwise or 1e7 steps do not reach the
 * last time (dlab_ode_dopri). */
int dlab_pl_reduced(double c, double v, double tau, double alpha0, double beta0,
                    const double *t, int nt, double *alpha, double *beta);

/* The chain reduction (see above): y0 = [alpha(0), b_2(0), ..., b_D(0)]; out (nt x D)
 * row i = [alpha, b_2, ..., b_D] at t[i]. depth in [2, MAX_DEPTH], dnorm = |d| in (0, 1e4],
 * other ranges and errors as dlab_pl_reduced (each b_k(0) in [-1000, 1000]); allocates. */
int dlab_pl_chain_reduced(int depth, double c, double dnorm, double tau, const double *y0,
                          const double *t, int nt, double *out);

typedef struct dlab_pl dlab_pl;

/* A chain of `depth` weight layers (2 = the three-layer model). rel0 (depth - 1
 * values, each in [0, 1000]): b_k(0) / b_1(0) for k = 2..depth, b_1(0) = |d| / 2
 * (at depth 2, rel0[0] = 2 beta0). noise in [0, 10]: adds N(0, noise^2 / n) to every
 * readout weight (the reduction is then only approximate). target c in (0, 1000].
 * seed: whole number in [0, 2^53 - 1] (hidden backgrounds and noise). n, width,
 * offset, amp as dlab_pl_population; depth in [2, MAX_DEPTH]. Allocates the handle,
 * *out (which must not be 0; set to 0 on failure). DLAB_EINVAL also when the
 * population does not tell the stimuli apart (|d| < 2^-511, ~1.5e-154: tuning so
 * narrow that the responses underflow). DLAB_ELIMIT if the storage would exceed
 * DLAB_PL_MAX_DOUBLES (not reachable within these limits: n 720, depth 10 needs 8.3 M). */
int dlab_pl_create(int n, double width, double offset, double amp, double target, int depth,
                   const double *rel0, double noise, double seed, dlab_pl **out);

/* The transfer network (depth 2). locations in [2, MAX_LOCATIONS], rf in [0.1, 100],
 * sep in [0, 100] (location spacings), beta0 in [0, 1000]; population, target and
 * out as dlab_pl_create, as is the |d| DLAB_EINVAL. DLAB_ELIMIT if n * locations >
 * DLAB_PL_MAX_HIDDEN (checked before |d|). Allocates. Trains at a until
 * dlab_pl_train_at switches. */
int dlab_pl_transfer_create(int n, double width, double offset, double amp, double target,
                            double beta0, int locations, double rf, double sep, dlab_pl **out);

/* Transfer only (DLAB_ESTATE for a chain, checked before position): position 0 = a,
 * 1 = b for the following steps. */
int dlab_pl_train_at(dlab_pl *h, int position);

/* nsteps in [0, MAX_STEPS] steps of learning rate lr in (0, MAX_LR]. On a blow-up
 * (loss non-finite or 1e6 x its reference) returns DLAB_EDIVERGED naming the step
 * and a suggested largest learning rate; the handle then refuses to step (DLAB_ESTATE)
 * for good: create a new one. */
int dlab_pl_step(dlab_pl *h, long nsteps, double lr);

/* *out = 9 + 2 depth, the length of a record (see above). */
int dlab_pl_record_size(const dlab_pl *h, int *out);
/* The fields of a record; b_1..b_D start at DLAB_PL_REC_GAINS, the layer changes follow. */
enum {
  DLAB_PL_REC_STEP = 0, DLAB_PL_REC_LOSS = 1, DLAB_PL_REC_ALPHA = 2, DLAB_PL_REC_BETA = 3,
  DLAB_PL_REC_MARGIN = 4, DLAB_PL_REC_RESIDUAL = 5, DLAB_PL_REC_MARGIN_B = 6, DLAB_PL_REC_ALPHA_B = 7,
  DLAB_PL_REC_BETA_B = 8, DLAB_PL_REC_GAINS = 9
};
/* Writes the record of the current weights into out (record_size doubles). Also after a
 * divergence: the record then shows the blown-up weights (entries may not be finite). */
int dlab_pl_read(dlab_pl *h, double *out);

/* Per input neuron i (out: DLAB_PL_NEURON_BLOCKS n values, block k at out[k n + i],
 * k = DLAB_PL_NEURON_*): INPUT |row i of W1 - W1(0)| (transfer: summed in quadrature over
 * locations), READOUT |W_D,i - W_D,i(0)| at depth 2 (else 0), PREF pref_i, DABS |d_i|. */
int dlab_pl_neurons(const dlab_pl *h, double *out);
enum { DLAB_PL_NEURON_INPUT = 0, DLAB_PL_NEURON_READOUT = 1, DLAB_PL_NEURON_PREF = 2, DLAB_PL_NEURON_DABS = 3,
       DLAB_PL_NEURON_BLOCKS = 4 };

/* out[0 .. DLAB_PL_INFO_LEN - 1] = c, v, |d|, tau * lr (= 2), n, depth, hidden size, inputs,
 * c_a.c_b (1 if no transfer), steps taken. */
int dlab_pl_info(const dlab_pl *h, double *out);
enum {
  DLAB_PL_INFO_C = 0, DLAB_PL_INFO_V = 1, DLAB_PL_INFO_DNORM = 2, DLAB_PL_INFO_TAU_LR = 3, DLAB_PL_INFO_N = 4,
  DLAB_PL_INFO_DEPTH = 5, DLAB_PL_INFO_HIDDEN = 6, DLAB_PL_INFO_INPUTS = 7, DLAB_PL_INFO_CAB = 8,
  DLAB_PL_INFO_STEPS = 9, DLAB_PL_INFO_LEN = 10
};

void dlab_pl_free(dlab_pl *h);   /* NULL is fine */

/* Parallel vs serial (docs/theory.md §2.5), k units with informativeness info[0..k-1] in (0, 100]:
 *  parallel  y = sum_j w_j x_j, x_j = info_j s + noise_j (s = +-1, noise N(0, noise^2)),
 *            target c s, w(0) = 0: Sigma11 = info info^T + noise^2 I, Sigma31 = c info^T;
 *  serial    y = w_k..w_1 s, w_j(0) = info_j, target c s.
 * Gradient descent (lr, steps) on both; records every `every` steps (and the last):
 * par and ser each (nrec x (k + 1)), row = [step, w_1..w_k], nrec = ceil(steps / every) + 1.
 * k in [1, MAX_UNITS], target in (0, 100], noise in [0, 100], steps in [1, 1e7],
 * every in [1, steps], lr in (0, MAX_LR]; nrec > MAX_TIMES is DLAB_ELIMIT. If a weight
 * of either model is not finite or exceeds 1e6 in size, stops with DLAB_EDIVERGED naming
 * the step and a suggested learning rate (the records up to it are written). */
int dlab_pl_topologies(int k, const double *info, double target, double noise, double lr,
                       long steps, long every, double *par, double *ser);

#endif
