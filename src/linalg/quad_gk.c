/* Globally adaptive Gauss-Kronrod G7/K15 (Piessens et al., QUADPACK 1983, qk15/qag):
 * keep a max-heap of intervals by error estimate, bisect the worst until the summed
 * estimate meets the tolerance. Fixed-size heap on the stack: no allocation. */
#include "linalg/quad.h"

#include <float.h>
#include <math.h>

#include "api/status_internal.h"

#define GAUSS_ZMAX 12.0
#define INITIAL_PIECES 16   /* start from a uniform partition: no single-rule luck */

/* Kronrod abscissae on [-1, 1] (non-negative half, odd ones are the Gauss points). */
static const double xgk[8] = {
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.000000000000000000000000000000000};
static const double wgk[8] = {
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
static const double wg[4] = {   /* Gauss weights of xgk[1], xgk[3], xgk[5], xgk[7] */
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

typedef struct {
  dlab_fn1 f;
  void *ctx;
  int gaussian;      /* multiply f by the N(0, 1) density */
  int bad;           /* set when f returned a non-finite value */
  double bad_at;
} integrand;

static double eval(integrand *g, double z) {
  double v = g->f(z, g->ctx);
  if (g->gaussian) v *= exp(-0.5 * z * z) * 0.398942280401432677939946059934;  /* 1/sqrt(2 pi) */
  if (!isfinite(v) && !g->bad) { g->bad = 1; g->bad_at = z; }
  return v;
}

typedef struct { double a, b, r, e; } piece;

/* K15 on [a, b]; error estimate as QUADPACK qk15 (|K - G| scaled by the integrand's
 * variation, and never below the rounding level of the sum). */
static piece qk15(integrand *g, double a, double b) {
  double c = 0.5 * (a + b), h = 0.5 * (b - a), fv1[7], fv2[7];
  double fc = eval(g, c), resk = fc * wgk[7], resg = fc * wg[3], resabs = fabs(resk);
  for (int j = 0; j < 7; j++) {
    double dx = h * xgk[j], f1 = eval(g, c - dx), f2 = eval(g, c + dx);
    fv1[j] = f1; fv2[j] = f2;
    resk += wgk[j] * (f1 + f2);
    resabs += wgk[j] * (fabs(f1) + fabs(f2));
    if (j % 2) resg += wg[j / 2] * (f1 + f2);
  }
  double mean = 0.5 * resk, resasc = wgk[7] * fabs(fc - mean);
  for (int j = 0; j < 7; j++) resasc += wgk[j] * (fabs(fv1[j] - mean) + fabs(fv2[j] - mean));
  piece p = { a, b, resk * h, fabs((resk - resg) * h) };
  resasc *= fabs(h);
  resabs *= fabs(h);
  if (resasc != 0.0 && p.e != 0.0) p.e = resasc * fmin(1.0, pow(200.0 * p.e / resasc, 1.5));
  if (resabs > DBL_MIN / (50.0 * DBL_EPSILON)) p.e = fmax(50.0 * DBL_EPSILON * resabs, p.e);
  return p;
}

static void heap_push(piece *h, int *n, piece p) {
  int i = (*n)++;
  while (i > 0 && h[(i - 1) / 2].e < p.e) { h[i] = h[(i - 1) / 2]; i = (i - 1) / 2; }
  h[i] = p;
}

static piece heap_pop(piece *h, int *n) {
  piece top = h[0], last = h[--*n];
  int i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= *n) break;
    if (c + 1 < *n && h[c + 1].e > h[c].e) c++;
    if (h[c].e <= last.e) break;
    h[i] = h[c];
    i = c;
  }
  if (*n > 0) h[i] = last;
  return top;
}

static int check_tols(double abstol, double reltol) {
  if (!(abstol >= 0) || !isfinite(abstol))
    return dlab_fail(DLAB_EINVAL, "abstol must be a finite number >= 0, got %g", abstol);
  if (!(reltol >= 0) || !isfinite(reltol))
    return dlab_fail(DLAB_EINVAL, "reltol must be a finite number >= 0, got %g", reltol);
  if (abstol == 0 && reltol == 0)
    return dlab_fail(DLAB_EINVAL, "abstol and reltol must not both be 0");
  return DLAB_OK;
}

static int adapt(integrand *g, double a, double b, double abstol, double reltol,
                 double *result, double *abserr) {
  piece heap[DLAB_QUAD_MAX_INTERVALS];
  int n = 0, status = DLAB_OK;
  double r = 0.0, e = 0.0;
  for (int i = 0; i < INITIAL_PIECES; i++)
    heap_push(heap, &n, qk15(g, a + (b - a) * i / INITIAL_PIECES,
                             i + 1 == INITIAL_PIECES ? b : a + (b - a) * (i + 1) / INITIAL_PIECES));
  for (;;) {
    r = e = 0.0;    /* re-summed each time: no drift from incremental updates */
    for (int i = 0; i < n; i++) { r += heap[i].r; e += heap[i].e; }
    if (g->bad || e <= fmax(abstol, reltol * fabs(r))) break;
    piece w = heap[0];
    double mid = 0.5 * (w.a + w.b);
    if (n + 1 > DLAB_QUAD_MAX_INTERVALS || mid == w.a || mid == w.b) {
      status = dlab_fail(DLAB_ENOCONV,
                         "quadrature error estimate %g is above the tolerance %g after %d intervals",
                         e, fmax(abstol, reltol * fabs(r)), n);
      break;
    }
    heap_pop(heap, &n);
    heap_push(heap, &n, qk15(g, w.a, mid));
    heap_push(heap, &n, qk15(g, mid, w.b));
  }
  if (g->bad)
    status = dlab_fail(DLAB_EDIVERGED, "the integrand is not finite at z = %g", g->bad_at);
  *result = r;
  if (abserr) *abserr = e;
  return status;
}

int dlab_quad_gauss_expect(dlab_fn1 f, void *ctx, double abstol, double reltol,
                           double *result, double *abserr) {
  if (!f || !result) return dlab_fail(DLAB_EINVAL, "f and result must not be NULL");
  int st = check_tols(abstol, reltol);
  if (st) return st;
  integrand g = { f, ctx, 1, 0, 0.0 };
  return adapt(&g, -GAUSS_ZMAX, GAUSS_ZMAX, abstol, reltol, result, abserr);
}

int dlab_quad_gk(dlab_fn1 f, void *ctx, double a, double b, double abstol, double reltol,
                 double *result, double *abserr) {
  if (!f || !result) return dlab_fail(DLAB_EINVAL, "f and result must not be NULL");
  if (!isfinite(a)) return dlab_fail(DLAB_EINVAL, "a must be finite, got %g", a);
  if (!isfinite(b)) return dlab_fail(DLAB_EINVAL, "b must be finite, got %g", b);
  int st = check_tols(abstol, reltol);
  if (st) return st;
  integrand g = { f, ctx, 0, 0, 0.0 };
  if (a == b) { *result = 0.0; if (abserr) *abserr = 0.0; return DLAB_OK; }
  return adapt(&g, a, b, abstol, reltol, result, abserr);   /* b < a gives the negated integral */
}
