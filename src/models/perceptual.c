/* Perceptual learning in deep linear networks (Saxe 2015; docs/theory.md §2): the
 * tuned population, the two-variable and chain reductions, the full networks
 * (one chain of the gradient-descent core, gd_core.h) and the parallel/serial toy models
 * (two more).
 * See include/depthlab/perceptual.h for the model and the record layout. */
#include "depthlab/perceptual.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg/ode.h"
#include "linalg/rng_internal.h"
#include "api/status_internal.h"
#include "linalg/linalg_internal.h"
#include "models/gd_core.h"

#define PI 3.14159265358979323846

struct dlab_pl {
  gd_net net;
  int n, D, locations, transfer, position;
  double c, v, dnorm, cab;
  double *pref, *gp, *gm, *d;     /* n each */
  double *ca, *cb;                /* locations each (transfer) */
  double *da, *db;                /* hidden-size templates d (x) c_a, d (x) c_b (or d) */
  double *rows;                   /* scratch, hidden size */
};

/* ---- population --------------------------------------------------------- */

static int check_pop(int n, double width, double offset, double amp) {
  int st;
  if ((st = dlab_check_int("neurons", n, 2, DLAB_PL_MAX_NEURONS)) ||
      (st = dlab_check_real("tuning width", width, 0.5, 90)) ||
      (st = dlab_check_real("amplitude", amp, 0, 1000)))
    return st;
  if (!(offset > 0 && offset < 90))
    return dlab_fail(DLAB_EINVAL, "offset must be in (0, 90) degrees, got %g", offset);
  if (!(amp > 0)) return dlab_fail(DLAB_EINVAL, "amplitude must be in (0, 1000], got %g", amp);
  return DLAB_OK;
}

static void fill_pop(int n, double width, double offset, double amp, double *pref, double *gp,
                     double *gm) {
  double sig = width * PI / 180, k = 1.0 / (4 * sig * sig), off = offset * PI / 180;
  for (int i = 0; i < n; i++) {
    double phi = -PI / 2 + PI * (i + 0.5) / n;
    pref[i] = phi * 180 / PI;
    gp[i] = amp * exp((cos(2 * (off - phi)) - 1) * k);
    gm[i] = amp * exp((cos(2 * (-off - phi)) - 1) * k);
  }
}

static void pop_stats(int n, const double *gp, const double *gm, double *stats) {
  double pp = 0, pm = 0, dd = 0;
  for (int i = 0; i < n; i++) {
    pp += gp[i] * gp[i];
    pm += gp[i] * gm[i];
    dd += (gp[i] - gm[i]) * (gp[i] - gm[i]);
  }
  stats[DLAB_PL_POP_V] = pp - pm;
  stats[DLAB_PL_POP_DNORM] = sqrt(dd);
  stats[2] = pp;
  stats[3] = pm;
}

int dlab_pl_population(int n, double width, double offset, double amp, double *pref,
                       double *gplus, double *gminus, double *stats) {
  dlab_clear_error();
  int st;
  if ((st = check_pop(n, width, offset, amp)) || (st = dlab_check_ptr("pref", pref)) ||
      (st = dlab_check_ptr("gplus", gplus)) || (st = dlab_check_ptr("gminus", gminus)) ||
      (st = dlab_check_ptr("stats", stats)))
    return st;
  fill_pop(n, width, offset, amp, pref, gplus, gminus);
  pop_stats(n, gplus, gminus, stats);
  return DLAB_OK;
}

/* ---- reductions ----------------------------------------------------------- */

typedef struct { int D; double c, dn, tau; } chain_ctx;

/* y = [alpha, b_2..b_D]; b_1 = dn (1 + 2 alpha) / 2 (perceptual.h). */
static int chain_rhs(double t, const double *y, double *dy, void *vctx) {
  const chain_ctx *x = vctx;
  double b1 = 0.5 * x->dn * (1 + 2 * y[0]), B = 1;
  for (int k = 1; k < x->D; k++) B *= y[k];
  double e = x->c - b1 * B;
  dy[0] = e * B / (x->tau * x->dn);
  for (int k = 1; k < x->D; k++) {
    double others = b1;
    for (int j = 1; j < x->D; j++) if (j != k) others *= y[j];
    dy[k] = 2 * e * others / x->tau;
  }
  /* A derivative beyond the double range (e.g. dnorm denormal: alpha' ~ 1 / dnorm) would
   * only make the integrator shrink its step towards 0 for max_steps steps: stop here. */
  for (int k = 0; k < x->D; k++)
    if (!isfinite(dy[k]))
      return dlab_fail(DLAB_EDIVERGED, "the reduced dynamics left the double range at t = %g (dnorm %g, tau %g)", t,
                       x->dn, x->tau);
  return 0;
}

static int check_times(const double *t, int nt) {
  int st;
  if ((st = dlab_check_ptr("t", t)) || (st = dlab_check_int("number of times", nt, 1, DLAB_PL_MAX_TIMES)))
    return st;
  for (int i = 0; i < nt; i++) {
    if (!(isfinite(t[i]) && t[i] >= 0 && t[i] <= 1e12))
      return dlab_fail(DLAB_EINVAL, "t[%d] must be a finite time in [0, 1e12], got %g", i, t[i]);
    if (i && t[i] < t[i - 1])
      return dlab_fail(DLAB_EINVAL, "t must be ascending, but t[%d] = %g < t[%d] = %g", i, t[i], i - 1, t[i - 1]);
  }
  return DLAB_OK;
}

static int run_chain(int D, double c, double dn, double tau, const double *y0, const double *t,
                     int nt, double *out) {
  chain_ctx ctx = {D, c, dn, tau};
  size_t nwork = dlab_ode_dopri_work_size(D);
  double *tt = malloc(sizeof(double) * ((size_t)nt + 1));
  double *res = malloc(sizeof(double) * ((size_t)nt + 1) * D);
  double *work = malloc(sizeof(double) * nwork);
  int st = DLAB_OK;
  if (!tt || !res || !work) {
    st = dlab_fail(DLAB_ENOMEM, "could not allocate the ODE output for %d times", nt);
  } else {
    tt[0] = 0;
    memcpy(tt + 1, t, sizeof(double) * (size_t)nt);
    st = dlab_ode_dopri(chain_rhs, &ctx, D, y0, tt, nt + 1, 1e-12, 1e-14, 10000000L, res, work);
    if (!st) memcpy(out, res + D, sizeof(double) * (size_t)nt * D);
  }
  free(tt);
  free(res);
  free(work);
  return st;
}

static int check_cvt(double c, double tau) {
  int st;
  if ((st = dlab_check_real("c", c, 0, 1000)) || (st = dlab_check_real("tau", tau, 0, 1e9))) return st;
  if (!(c > 0)) return dlab_fail(DLAB_EINVAL, "c must be in (0, 1000], got %g", c);
  if (!(tau > 0)) return dlab_fail(DLAB_EINVAL, "tau must be in (0, 1e9], got %g", tau);
  return DLAB_OK;
}

static int check_alpha0(double a0) {
  int st = dlab_check_real("alpha0", a0, -0.5, 1000);
  if (st) return st;
  if (!(a0 > -0.5)) return dlab_fail(DLAB_EINVAL, "alpha0 must be in (-0.5, 1000], got %g", a0);
  return DLAB_OK;
}

int dlab_pl_reduced(double c, double v, double tau, double alpha0, double beta0,
                    const double *t, int nt, double *alpha, double *beta) {
  dlab_clear_error();
  int st;
  if ((st = check_cvt(c, tau)) || (st = dlab_check_real("v", v, 0, 1e6)) || (st = check_alpha0(alpha0)) ||
      (st = dlab_check_real("beta0", beta0, -1000, 1000)) || (st = check_times(t, nt)) ||
      (st = dlab_check_ptr("alpha", alpha)) || (st = dlab_check_ptr("beta", beta)))
    return st;
  if (!(v > 0)) return dlab_fail(DLAB_EINVAL, "v must be in (0, 1e6], got %g", v);
  /* With b_2 = beta |d| and v = |d|^2 / 2 the chain reduction at D = 2 is this one. */
  double dn = sqrt(2 * v), y0[2] = {alpha0, beta0 * dn};
  double *out = malloc(sizeof(double) * 2 * (size_t)nt);
  if (!out) return dlab_fail(DLAB_ENOMEM, "could not allocate the ODE output for %d times", nt);
  st = run_chain(2, c, dn, tau, y0, t, nt, out);
  if (!st)
    for (int i = 0; i < nt; i++) {
      alpha[i] = out[2 * i];
      beta[i] = out[2 * i + 1] / dn;
    }
  free(out);
  return st;
}

int dlab_pl_chain_reduced(int depth, double c, double dnorm, double tau, const double *y0,
                          const double *t, int nt, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("depth", depth, 2, DLAB_PL_MAX_DEPTH)) || (st = check_cvt(c, tau)) ||
      (st = dlab_check_real("dnorm", dnorm, 0, 1e4)) || (st = dlab_check_ptr("y0", y0)) ||
      (st = check_alpha0(y0[0])) || (st = check_times(t, nt)) || (st = dlab_check_ptr("out", out)))
    return st;
  if (!(dnorm > 0)) return dlab_fail(DLAB_EINVAL, "dnorm must be in (0, 1e4], got %g", dnorm);
  for (int k = 1; k < depth; k++)
    if (!(isfinite(y0[k]) && fabs(y0[k]) <= 1000))
      return dlab_fail(DLAB_EINVAL, "b_%d(0) must be in [-1000, 1000], got %g", k + 1, y0[k]);
  return run_chain(depth, c, dnorm, tau, y0, t, nt, out);
}

/* ---- the full networks ------------------------------------------------------ */

/* Allocates the handle, its network and vectors; sizes already checked. */
static int pl_alloc(dlab_pl **out, int n, int D, const int *widths, int locations) {
  int hidden = widths[1];
  double vec = 5.0 * n + 2.0 * locations + 3.0 * hidden, need = gd_doubles(1, D, widths) + vec;
  if (need > (double)DLAB_PL_MAX_DOUBLES)
    return dlab_fail(DLAB_ELIMIT, "this network needs %g doubles, above the limit of %ld (DLAB_PL_MAX_DOUBLES); use fewer neurons, locations or layers",
                     need, (long)DLAB_PL_MAX_DOUBLES);
  dlab_pl *h = calloc(1, sizeof *h);
  if (!h) return dlab_fail(DLAB_ENOMEM, "could not allocate the perceptual network");
  double *v;
  int st = gd_alloc(&h->net, 1, D, widths, vec, &v);
  if (st) {
    free(h);
    return st;
  }
  h->pref = v;
  h->gp = v + n;
  h->gm = v + 2 * n;
  h->d = v + 3 * n;
  h->ca = v + 5 * n;   /* v + 4n .. 5n is spare */
  h->cb = h->ca + locations;
  h->da = h->cb + locations;
  h->db = h->da + hidden;
  h->rows = h->db + hidden;
  h->n = n;
  h->D = D;
  h->locations = locations;
  *out = h;
  return DLAB_OK;
}

static void setup_pop(dlab_pl *h, double width, double offset, double amp, double c) {
  double stats[4];
  fill_pop(h->n, width, offset, amp, h->pref, h->gp, h->gm);
  pop_stats(h->n, h->gp, h->gm, stats);
  for (int i = 0; i < h->n; i++) h->d[i] = h->gp[i] - h->gm[i];
  h->v = stats[DLAB_PL_POP_V];
  h->dnorm = stats[DLAB_PL_POP_DNORM];
  h->c = c;
}

/* The networks divide by |d| and |d|^2: a population whose two stimuli give (nearly)
 * the same response, e.g. tuning so narrow that every f_i(+-offset) underflows to 0,
 * has no task direction. Needs |d|^2 >= DBL_MIN; frees h otherwise. */
static int check_task(dlab_pl *h, double width, double offset) {
  if (h->dnorm >= 0x1p-511) return DLAB_OK;
  int n = h->n;
  double dn = h->dnorm;
  dlab_pl_free(h);
  return dlab_fail(DLAB_EINVAL,
                   "the population does not tell the two stimuli apart: |d| = %g (below 1.5e-154) for %d neurons of tuning width %g degrees at offset %g degrees; widen the tuning or add neurons",
                   dn, n, width, offset);
}

static int check_common(double target, dlab_pl **out) {
  int st;
  if ((st = dlab_check_ptr("out", out))) return st;
  *out = NULL;
  if ((st = dlab_check_real("target", target, 0, 1000))) return st;
  if (!(target > 0)) return dlab_fail(DLAB_EINVAL, "target must be in (0, 1000], got %g", target);
  return DLAB_OK;
}

int dlab_pl_create(int n, double width, double offset, double amp, double target, int depth,
                   const double *rel0, double noise, double seed, dlab_pl **out) {
  dlab_clear_error();
  int st;
  if ((st = check_common(target, out)) || (st = check_pop(n, width, offset, amp)) ||
      (st = dlab_check_int("depth", depth, 2, DLAB_PL_MAX_DEPTH)) || (st = dlab_check_ptr("rel0", rel0)) ||
      (st = dlab_check_real("noise", noise, 0, 10)) || (st = dlab_check_seed(seed)))
    return st;
  for (int k = 0; k < depth - 1; k++)
    if (!(isfinite(rel0[k]) && rel0[k] >= 0 && rel0[k] <= 1000))
      return dlab_fail(DLAB_EINVAL, "initial gain of layer %d (relative to layer 1) must be in [0, 1000], got %g",
                       k + 2, rel0[k]);
  int widths[DLAB_PL_MAX_DEPTH + 1];
  widths[0] = 2;
  for (int l = 1; l < depth; l++) widths[l] = n;
  widths[depth] = 1;
  dlab_pl *h;
  if ((st = pl_alloc(&h, n, depth, widths, 1))) return st;
  setup_pop(h, width, offset, amp, target);
  if ((st = check_task(h, width, offset))) return st;
  h->cab = 1;
  memcpy(h->da, h->d, sizeof(double) * (size_t)n);
  gd_net *net = &h->net;
  double dn = h->dnorm, b1 = dn / 2;
  for (int i = 0; i < n; i++) {
    net->ch[0].W[1][2 * i] = h->gp[i];
    net->ch[0].W[1][2 * i + 1] = h->gm[i];
  }
  dlab_rng rng;
  dlab_rng_seed(&rng, (uint64_t)seed);
  double *R = h->rows;   /* hidden: W_k = b_k dh dh^T + P Q P, built row by row */
  double *work = depth > 2 ? malloc(sizeof(double) * dlab_haar_work_size(n)) : NULL;
  if (depth > 2 && !work) {
    dlab_pl_free(h);
    return dlab_fail(DLAB_ENOMEM, "could not allocate the workspace for the hidden layers");
  }
  /* Background gain: half the weakest hidden task gain, so the task direction stays the
   * strongest path through every layer (see perceptual.h). */
  double bg = INFINITY;
  for (int l = 2; l < depth; l++) bg = fmin(bg, 0.5 * b1 * rel0[l - 2]);
  for (int l = 2; l < depth; l++) {
    double *W = net->ch[0].W[l], bk = b1 * rel0[l - 2];
    if ((st = dlab_rng_haar_orthogonal(&rng, n, W, work))) {
      free(work);
      dlab_pl_free(h);
      return st;
    }
    for (int i = 0; i < n * n; i++) W[i] *= bg;
    /* W <- P W P = W - dh (dh^T W) - (W dh) dh^T + dh (dh^T W dh) dh^T */
    double dWd = 0;
    for (int j = 0; j < n; j++) {   /* R = dh^T W (row), rows = W dh via second pass */
      double s = 0;
      for (int i = 0; i < n; i++) s += h->d[i] * W[i * n + j];
      R[j] = s / dn;
    }
    for (int j = 0; j < n; j++) dWd += R[j] * h->d[j] / dn;
    for (int i = 0; i < n; i++) {
      double wd = 0;
      for (int j = 0; j < n; j++) wd += W[i * n + j] * h->d[j] / dn;
      for (int j = 0; j < n; j++) {
        double di = h->d[i] / dn, dj = h->d[j] / dn;
        W[i * n + j] += -di * R[j] - wd * dj + di * dWd * dj + bk * di * dj;
      }
    }
  }
  free(work);
  double bD = b1 * rel0[depth - 2];
  double *WD = net->ch[0].W[depth];
  for (int i = 0; i < n; i++) WD[i] = bD * h->d[i] / dn + (noise > 0 ? noise * dlab_rng_normal(&rng) / sqrt(n) : 0);
  net->S11[0] = net->S11[3] = 0.5;
  net->S31[0] = 0.5 * target;
  net->S31[1] = -0.5 * target;
  net->y2 = target * target;
  gd_stats_ready(net, 0);   /* the targets +-c are a function of the input: nothing is left unfitted */
  gd_start(net);
  *out = h;
  return DLAB_OK;
}

static void set_position(dlab_pl *h, int p) {
  gd_net *net = &h->net;
  memset(net->S11, 0, sizeof(double) * 16);
  memset(net->S31, 0, sizeof(double) * 4);
  net->S11[(2 * p) * 4 + 2 * p] = net->S11[(2 * p + 1) * 4 + 2 * p + 1] = 0.5;
  net->S31[2 * p] = 0.5 * h->c;
  net->S31[2 * p + 1] = -0.5 * h->c;
  h->position = p;
  gd_stats_ready(net, 0);
}

int dlab_pl_transfer_create(int n, double width, double offset, double amp, double target,
                            double beta0, int locations, double rf, double sep, dlab_pl **out) {
  dlab_clear_error();
  int st;
  if ((st = check_common(target, out)) || (st = check_pop(n, width, offset, amp)) ||
      (st = dlab_check_real("beta0", beta0, 0, 1000)) ||
      (st = dlab_check_int("locations", locations, 2, DLAB_PL_MAX_LOCATIONS)) ||
      (st = dlab_check_real("receptive field width", rf, 0.1, 100)) ||
      (st = dlab_check_real("separation", sep, 0, 100)))
    return st;
  if ((long)n * locations > DLAB_PL_MAX_HIDDEN)
    return dlab_fail(DLAB_ELIMIT, "neurons x locations must be at most %d, got %d x %d", DLAB_PL_MAX_HIDDEN, n, locations);
  int hidden = n * locations, widths[3] = {4, hidden, 1};
  dlab_pl *h;
  if ((st = pl_alloc(&h, n, 2, widths, locations))) return st;
  setup_pop(h, width, offset, amp, target);
  if ((st = check_task(h, width, offset))) return st;
  h->transfer = 1;
  /* Gaussian profiles relative to their largest entry (the nearest location gets 1): a
   * centre far off the grid (sep / 2 beyond it, rf small) would otherwise underflow
   * every entry to 0 and the normalisation to 0/0. */
  double na = 0, nb = 0, za = INFINITY, zb = INFINITY;
  for (int m = 0; m < locations; m++) {
    double x = m - 0.5 * (locations - 1);
    za = fmin(za, (x + sep / 2) * (x + sep / 2));
    zb = fmin(zb, (x - sep / 2) * (x - sep / 2));
  }
  for (int m = 0; m < locations; m++) {
    double x = m - 0.5 * (locations - 1);
    h->ca[m] = exp(-((x + sep / 2) * (x + sep / 2) - za) / (2 * rf * rf));
    h->cb[m] = exp(-((x - sep / 2) * (x - sep / 2) - zb) / (2 * rf * rf));
    na += h->ca[m] * h->ca[m];
    nb += h->cb[m] * h->cb[m];
  }
  h->cab = 0;
  for (int m = 0; m < locations; m++) {
    h->ca[m] /= sqrt(na);
    h->cb[m] /= sqrt(nb);
    h->cab += h->ca[m] * h->cb[m];
  }
  gd_net *net = &h->net;
  for (int m = 0; m < locations; m++)
    for (int i = 0; i < n; i++) {
      int r = m * n + i;
      double *row = net->ch[0].W[1] + 4 * r;
      row[0] = h->gp[i] * h->ca[m];
      row[1] = h->gm[i] * h->ca[m];
      row[2] = h->gp[i] * h->cb[m];
      row[3] = h->gm[i] * h->cb[m];
      h->da[r] = h->d[i] * h->ca[m];
      h->db[r] = h->d[i] * h->cb[m];
      net->ch[0].W[2][r] = beta0 * h->da[r];
    }
  net->y2 = target * target;
  set_position(h, 0);
  gd_start(net);
  *out = h;
  return DLAB_OK;
}

int dlab_pl_train_at(dlab_pl *h, int position) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h))) return st;
  if (!h->transfer) return dlab_fail(DLAB_ESTATE, "train_at needs a transfer network (dlab_pl_transfer_create)");
  if ((st = dlab_check_int("position", position, 0, 1))) return st;
  set_position(h, position);
  return DLAB_OK;
}

int dlab_pl_step(dlab_pl *h, long nsteps, double lr) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_int("steps", nsteps, 0, DLAB_PL_MAX_STEPS)) ||
      (st = dlab_check_real_above("lr", lr, 0, DLAB_PL_MAX_LR)))
    return st;
  if (h->net.diverged) return dlab_fail(DLAB_ESTATE, "the network diverged; create a new one");
  static const gd_advice advice = { "this population, target and depth", "smaller initial gains or fewer layers" };
  double taken;
  return gd_run(&h->net, nsteps, lr, -1, &taken, &advice);
}

int dlab_pl_record_size(const dlab_pl *h, int *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  *out = DLAB_PL_REC_GAINS + 2 * h->D;
  return DLAB_OK;
}

/* Input-layer change projected on the template of position p (columns 2p, 2p+1). */
static double fit_alpha(const dlab_pl *h, int p, const double *tmpl) {
  const gd_net *net = &h->net;
  int n0 = net->n[0], H = net->n[1];
  double s = 0;
  for (int r = 0; r < H; r++) {
    const double *w = net->ch[0].W[1] + r * n0, *w0 = net->ch[0].W0[1] + r * n0;
    s += ((w[2 * p] - w0[2 * p]) - (w[2 * p + 1] - w0[2 * p + 1])) * tmpl[r];
  }
  return s / (2 * h->dnorm * h->dnorm);
}

int dlab_pl_read(dlab_pl *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  gd_net *net = &h->net;
  int D = h->D, H = net->n[1], n0 = net->n[0];
  double loss = gd_forward(net), dn = h->dnorm, dd = dn * dn;
  double alpha = fit_alpha(h, 0, h->da), alpha_b = h->transfer ? fit_alpha(h, 1, h->db) : 0;
  const double *WD = net->ch[0].W[D], *WD0 = net->ch[0].W0[D];
  double beta = dlab_dot(WD, h->da, net->n[D - 1]) / dd;
  double beta_b = h->transfer ? dlab_dot(WD, h->db, H) / dd : 0;
  const double *Wt = net->out;
  out[DLAB_PL_REC_STEP] = (double)net->steps;
  out[DLAB_PL_REC_LOSS] = loss;
  out[DLAB_PL_REC_ALPHA] = alpha;
  out[DLAB_PL_REC_BETA] = beta;
  out[DLAB_PL_REC_MARGIN] = 0.5 * (Wt[0] - Wt[1]);
  out[DLAB_PL_REC_MARGIN_B] = h->transfer ? 0.5 * (Wt[2] - Wt[3]) : 0;
  out[DLAB_PL_REC_ALPHA_B] = alpha_b;
  out[DLAB_PL_REC_BETA_B] = beta_b;
  /* task gains b_l */
  double *b = out + DLAB_PL_REC_GAINS;
  b[0] = 0.5 * dn * (1 + 2 * alpha);
  for (int l = 2; l < D; l++) {   /* dh^T W_l dh */
    const double *W = net->ch[0].W[l];
    double s = 0;
    for (int i = 0; i < H; i++) s += h->d[i] * dlab_dot(W + (size_t)i * H, h->d, H);
    b[l - 1] = s / dd;
  }
  if (D > 2) b[D - 1] = dlab_dot(WD, h->d, H) / dn;
  else b[D - 1] = beta * dn;
  for (int l = 1; l <= D; l++) out[DLAB_PL_REC_GAINS + D + l - 1] = gd_change(net, 0, l);
  /* residual: distance of the change from the reduced form's change */
  double r2 = 0;
  for (int r = 0; r < H; r++) {
    const double *w = net->ch[0].W[1] + r * n0, *w0 = net->ch[0].W0[1] + r * n0;
    for (int j = 0; j < n0; j++) {
      int p = j / 2;
      double sgn = (j % 2) ? -1 : 1, a = p ? alpha_b : alpha;
      double tm = (p ? h->db[r] : h->da[r]) * sgn * a;
      double e = (w[j] - w0[j]) - tm;
      r2 += e * e;
    }
  }
  for (int l = 2; l < D; l++) {
    const double *W = net->ch[0].W[l], *W0 = net->ch[0].W0[l];
    double s0 = 0;
    for (int i = 0; i < H; i++) s0 += h->d[i] * dlab_dot(W0 + (size_t)i * H, h->d, H);
    double db = b[l - 1] - s0 / dd;
    for (int i = 0; i < H; i++)
      for (int j = 0; j < H; j++) {
        double e = (W[i * H + j] - W0[i * H + j]) - db * h->d[i] * h->d[j] / dd;
        r2 += e * e;
      }
  }
  {
    /* readout change minus its projection on span(da, db) (on da alone without transfer) */
    int m = net->n[D - 1];
    double *dw = h->rows;
    for (int i = 0; i < m; i++) dw[i] = WD[i] - WD0[i];
    double x = dlab_dot(dw, h->da, m) / dd, y = 0;
    if (h->transfer) {
      double g = h->cab, rb = dlab_dot(dw, h->db, m) / dd, det = 1 - g * g;
      if (det > 1e-12) {
        double xa = (x - g * rb) / det;
        y = (rb - g * x) / det;
        x = xa;
      }
    }
    for (int i = 0; i < m; i++) {
      double e = dw[i] - x * h->da[i] - (h->transfer ? y * h->db[i] : 0);
      r2 += e * e;
    }
  }
  out[DLAB_PL_REC_RESIDUAL] = sqrt(r2);
  return DLAB_OK;
}

int dlab_pl_neurons(const dlab_pl *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  const gd_net *net = &h->net;
  int n = h->n, L = h->transfer ? h->locations : 1, n0 = net->n[0];
  for (int i = 0; i < n; i++) {
    double s = 0, s2 = 0;
    for (int m = 0; m < L; m++) {
      int r = m * n + i;
      for (int j = 0; j < n0; j++) {
        double e = net->ch[0].W[1][r * n0 + j] - net->ch[0].W0[1][r * n0 + j];
        s += e * e;
      }
      if (h->D == 2) {
        double e = net->ch[0].W[2][r] - net->ch[0].W0[2][r];
        s2 += e * e;
      }
    }
    out[DLAB_PL_NEURON_INPUT * n + i] = sqrt(s);
    out[DLAB_PL_NEURON_READOUT * n + i] = sqrt(s2);
    out[DLAB_PL_NEURON_PREF * n + i] = h->pref[i];
    out[DLAB_PL_NEURON_DABS * n + i] = fabs(h->d[i]);
  }
  return DLAB_OK;
}

int dlab_pl_info(const dlab_pl *h, double *out) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_ptr("handle", h)) || (st = dlab_check_ptr("out", out))) return st;
  out[DLAB_PL_INFO_C] = h->c;
  out[DLAB_PL_INFO_V] = h->v;
  out[DLAB_PL_INFO_DNORM] = h->dnorm;
  out[DLAB_PL_INFO_TAU_LR] = 2;
  out[DLAB_PL_INFO_N] = h->n;
  out[DLAB_PL_INFO_DEPTH] = h->D;
  out[DLAB_PL_INFO_HIDDEN] = h->net.n[1];
  out[DLAB_PL_INFO_INPUTS] = h->net.n[0];
  out[DLAB_PL_INFO_CAB] = h->cab;
  out[DLAB_PL_INFO_STEPS] = (double)h->net.steps;
  return DLAB_OK;
}

void dlab_pl_free(dlab_pl *h) {
  if (!h) return;
  gd_release(&h->net);
  free(h);
}

/* ---- parallel vs serial ---------------------------------------------------- */

int dlab_pl_topologies(int k, const double *info, double target, double noise, double lr,
                       long steps, long every, double *par, double *ser) {
  dlab_clear_error();
  int st;
  if ((st = dlab_check_int("units", k, 1, DLAB_PL_MAX_UNITS)) || (st = dlab_check_ptr("info", info)) ||
      (st = dlab_check_real_above("target", target, 0, 100)) || (st = dlab_check_real("noise", noise, 0, 100)) ||
      (st = dlab_check_real_above("lr", lr, 0, DLAB_PL_MAX_LR)) || (st = dlab_check_int("steps", steps, 1, 10000000L)) ||
      (st = dlab_check_int("every", every, 1, steps)) || (st = dlab_check_ptr("par", par)) ||
      (st = dlab_check_ptr("ser", ser)))
    return st;
  long nrec = (steps + every - 1) / every + 1;
  if (nrec > DLAB_PL_MAX_TIMES)
    return dlab_fail(DLAB_ELIMIT, "steps / every gives %ld records, above %d; raise every", nrec, DLAB_PL_MAX_TIMES);
  for (int j = 0; j < k; j++)
    if (!(isfinite(info[j]) && info[j] > 0 && info[j] <= 100))
      return dlab_fail(DLAB_EINVAL, "info[%d] (informativeness) must be in (0, 100], got %g", j, info[j]);
  /* Two networks of the core, statistics of s = +-1 with y = target s:
   *   parallel  1 x k readout of x = info s + noise, Sigma11 = info info^T + noise^2 I,
   *             Sigma31 = target info^T, w(0) = 0;
   *   serial    a chain of k 1 x 1 layers of input s, Sigma11 = 1, Sigma31 = target, w(0) = info. */
  int npar[2] = { k, 1 }, nser[DLAB_PL_MAX_UNITS + 1];
  for (int l = 0; l <= k; l++) nser[l] = 1;
  gd_net par_net, ser_net;
  if ((st = gd_alloc(&par_net, 1, 1, npar, 0, NULL))) return st;
  if ((st = gd_alloc(&ser_net, 1, k, nser, 0, NULL))) {
    gd_release(&par_net);
    return st;
  }
  for (int i = 0; i < k; i++) {
    for (int j = 0; j < k; j++) par_net.S11[i * k + j] = info[i] * info[j] + (i == j ? noise * noise : 0);
    par_net.S31[i] = target * info[i];
    ser_net.ch[0].W[i + 1][0] = info[i];
  }
  ser_net.S11[0] = 1;
  ser_net.S31[0] = target;
  par_net.y2 = ser_net.y2 = target * target;
  gd_stats_ready(&par_net, -1);
  gd_stats_ready(&ser_net, 0);
  gd_start(&par_net);
  gd_start(&ser_net);
  static const gd_advice par_advice = { "the parallel units' informativeness and noise", NULL };
  static const gd_advice ser_advice = { "the serial chain's informativeness and target", NULL };
  long rec = 0, done = 0;
  int status = DLAB_OK;
  for (;;) {
    par[rec * (k + 1)] = ser[rec * (k + 1)] = (double)done;
    for (int j = 0; j < k; j++) {
      par[rec * (k + 1) + 1 + j] = par_net.ch[0].W[1][j];
      ser[rec * (k + 1) + 1 + j] = ser_net.ch[0].W[j + 1][0];
    }
    rec++;
    if (done == steps) break;
    long n = every < steps - done ? every : steps - done;
    double taken;
    if ((status = gd_run(&par_net, n, lr, -1, &taken, &par_advice)) ||
        (status = gd_run(&ser_net, n, lr, -1, &taken, &ser_advice)))
      break;
    done += n;
  }
  gd_release(&par_net);
  gd_release(&ser_net);
  return status;
}
