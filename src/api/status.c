/* Status codes and the last-error sentence (the library's only mutable global). */
#include "api/status_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

static char last_error[512];

const char *dlab_status_text(int status) {
  switch (status) {
    case DLAB_OK: return "ok";
    case DLAB_EINVAL: return "invalid argument";
    case DLAB_ELIMIT: return "size limit exceeded";
    case DLAB_ENOMEM: return "out of memory";
    case DLAB_EDIVERGED: return "computation diverged";
    case DLAB_ENOCONV: return "no convergence";
    case DLAB_ESTATE: return "invalid state";
    default: return "unknown status";
  }
}

const char *dlab_last_error(void) { return last_error; }
void dlab_clear_error(void) { last_error[0] = '\0'; }

/* Minimal formatter: the wasm build carries no stdio, and %g of a user value
 * only needs to be readable, not round-trippable. */
typedef struct { char *p, *end; } sink;

static void put_char(sink *s, char c) { if (s->p < s->end) *s->p++ = c; }
static void put_str(sink *s, const char *t) { while (*t) put_char(s, *t++); }

static void put_uint(sink *s, uintmax_t v) {
  char buf[24];
  int n = 0;
  do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (n) put_char(s, buf[--n]);
}

static void put_int(sink *s, long long v) {
  if (v < 0) { put_char(s, '-'); put_uint(s, (uintmax_t)(-(v + 1)) + 1); }
  else put_uint(s, (uintmax_t)v);
}

/* %g-like: 6 significant digits, plain notation for 1e-4 <= |x| < 1e6. */
static void put_real(sink *s, double x) {
  if (isnan(x)) { put_str(s, "NaN"); return; }
  if (isinf(x)) { put_str(s, x > 0 ? "Infinity" : "-Infinity"); return; }
  if (x < 0) { put_char(s, '-'); x = -x; }
  if (x == 0) { put_char(s, '0'); return; }
  int e = (int)floor(log10(x));
  /* 10^e underflows below 1e-308: scale subnormal-range values up first. */
  double m = e < -300 ? (x * 1e300) / pow(10, e + 300) : x / pow(10, e);
  long digits = lround(m * 1e5);              /* 6 significant digits */
  if (digits >= 1000000) { digits /= 10; e++; }
  char d[7];
  for (int i = 5; i >= 0; i--) { d[i] = (char)('0' + digits % 10); digits /= 10; }
  int nd = 6;
  while (nd > 1 && d[nd - 1] == '0') nd--;    /* trim trailing zeros */
  if (e >= -4 && e < 6) {
    if (e < 0) {
      put_str(s, "0.");
      for (int i = -1; i > e; i--) put_char(s, '0');
      for (int i = 0; i < nd; i++) put_char(s, d[i]);
    } else {
      for (int i = 0; i <= e; i++) put_char(s, i < nd ? d[i] : '0');
      if (nd > e + 1) { put_char(s, '.'); for (int i = e + 1; i < nd; i++) put_char(s, d[i]); }
    }
  } else {
    put_char(s, d[0]);
    if (nd > 1) { put_char(s, '.'); for (int i = 1; i < nd; i++) put_char(s, d[i]); }
    put_char(s, 'e');
    put_int(s, e);
  }
}

static void format(char *buf, size_t size, const char *fmt, va_list ap) {
  sink s = { buf, buf + size - 1 };
  for (const char *f = fmt; *f; f++) {
    if (*f != '%') { put_char(&s, *f); continue; }
    switch (*++f) {
      case 'd': put_int(&s, va_arg(ap, int)); break;
      case 'l':
        if (f[1] == 'd') { f++; put_int(&s, va_arg(ap, long)); }
        else if (f[1] == 'l' && f[2] == 'd') { f += 2; put_int(&s, va_arg(ap, long long)); }
        break;
      case 'z': if (f[1] == 'u') { f++; put_uint(&s, va_arg(ap, size_t)); } break;
      case 'g': put_real(&s, va_arg(ap, double)); break;
      case 's': put_str(&s, va_arg(ap, const char *)); break;
      case '%': put_char(&s, '%'); break;
      case '\0': f--; break;
      default: put_char(&s, '%'); put_char(&s, *f); break;
    }
  }
  *s.p = '\0';
}

void dlab_format(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  format(buf, size, fmt, ap);
  va_end(ap);
}

int dlab_fail(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  format(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  return status;
}

int dlab_check_int(const char *name, long value, long lo, long hi) {
  if (value < lo || value > hi)
    return dlab_fail(DLAB_EINVAL, "%s must be an integer in [%ld, %ld], got %ld", name, lo, hi, value);
  return DLAB_OK;
}

int dlab_check_real(const char *name, double value, double lo, double hi) {
  if (!isfinite(value))
    return dlab_fail(DLAB_EINVAL, "%s must be a finite number in [%g, %g], got %g", name, lo, hi, value);
  if (value < lo || value > hi)
    return dlab_fail(DLAB_EINVAL, "%s must be in [%g, %g], got %g", name, lo, hi, value);
  return DLAB_OK;
}

int dlab_check_real_above(const char *name, double value, double lo, double hi) {
  if (!(isfinite(value) && value > lo && value <= hi))
    return dlab_fail(DLAB_EINVAL, "%s must be a finite number in (%g, %g], got %g", name, lo, hi, value);
  return DLAB_OK;
}

int dlab_check_whole(const char *name, double value) {
  /* The bound is spelled out: %g would print 2^53 - 1 as 9.0072e15, hiding which it is. */
  if (!(value >= 0 && value <= DLAB_MAX_WHOLE && value == floor(value)))
    return dlab_fail(DLAB_EINVAL, "%s must be a whole number in [0, 2^53 - 1], got %g", name, value);
  return DLAB_OK;
}

int dlab_check_seed(double seed) { return dlab_check_whole("seed", seed); }

int dlab_check_ptr(const char *name, const void *p) {
  return p ? DLAB_OK : dlab_fail(DLAB_EINVAL, "%s must not be NULL", name);
}

int dlab_size_mul(size_t a, size_t b, size_t size, size_t *out) {
  if (size && b && a > SIZE_MAX / size / b)
    return dlab_fail(DLAB_ELIMIT, "requested size overflows (%zu x %zu x %zu bytes)", a, b, size);
  *out = a * b * size;
  return DLAB_OK;
}
