// Deterministic elementary functions: the same bits in every JavaScript engine.
//
// ECMAScript fixes + - * / and Math.sqrt to IEEE 754 correct rounding, but
// leaves Math.exp, log, pow (and `**`), sin, cos, ... "implementation-
// approximated": each engine ships its own libm, and they differ in the last
// bit on a good share of inputs (measured: Node 20 vs Chromium, 5-20% for
// log/exp/pow/sin). A shared link promises bit-identical numbers everywhere,
// so every number that reaches a demo's result is computed here instead, from
// correctly rounded operations only: + - * /, Math.floor, exact bit access to
// a double (DataView), decimal constants (parsed correctly rounded) and
// double-double arithmetic (error-free sums and products, Dekker/Knuth).
//
// Accuracy (tests/js/dmath.test.mjs): exp, log, log2, log10, pow within about
// 1 ulp of the true value; pow with an integer exponent is exact whenever the
// result is representable (2 ** 10, 3 ** 4, ...). sin and cos within about
// 1 ulp for |x| < 1.6e6 (Cody-Waite reduction; larger |x| throws a RangeError:
// no caller needs it). Special values follow ECMAScript's Math.* semantics.

const bits = new DataView(new ArrayBuffer(8));

/** The high 32 bits of a double (sign, 11-bit exponent, top 20 mantissa bits). */
function highWord(x) { bits.setFloat64(0, x); return bits.getUint32(0); }

/** 2^n for an integer n in [-1022, 1023], built from its bits. */
function pow2(n) {
  bits.setUint32(0, (n + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

// ---- double-double helpers: results in the registers H (high) and L (low) ----
let H = 0, L = 0;
const SPLITTER = 134217729; // 2^27 + 1

/** H + L = a + b exactly, H = fl(a + b) (Knuth's two-sum). */
function twoSum(a, b) {
  const s = a + b, bb = s - a;
  L = (a - (s - bb)) + (b - bb);
  H = s;
}

/** H + L = a + b exactly when |a| >= |b| or a = 0 (Dekker's fast two-sum). */
function fastTwoSum(a, b) {
  const s = a + b;
  L = b - (s - a);
  H = s;
}

/** H + L = a * b exactly (Dekker's product with Veltkamp splitting; |a|, |b| < 2^996). */
function twoProd(a, b) {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  L = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  H = p;
}

/** (ah + al) * (bh + bl), normalised; relative error about 2^-104. */
function ddMul(ah, al, bh, bl) {
  twoProd(ah, bh);
  const hi = H, lo = L + (ah * bl + al * bh);
  fastTwoSum(hi, lo);
}

/** (ah + al) + (bh + bl), normalised. */
function ddAdd(ah, al, bh, bl) {
  twoSum(ah, bh);
  const hi = H, lo = L + al + bl;
  fastTwoSum(hi, lo);
}

// ---- constants (decimal literals are parsed correctly rounded) ---------------
// ln 2 = LN2_HI + LN2_LO: LN2_HI has 40 significant bits, so k * LN2_HI is
// exact for |k| < 2^13; together they carry about 93 bits of ln 2.
const LN2_HI = 0.6931471805592082;
const LN2_LO = 7.371002565167799e-13;
const INV_LN2 = 1.4426950408889634, INV_LN2_LO = 2.0355273740931033e-17;
const INV_LN10 = 0.4342944819032518, INV_LN10_LO = 1.098319650216765e-17;
const TWO_THIRDS = 0.6666666666666666, TWO_THIRDS_LO = 3.700743415417188e-17;
const SQRT2 = 1.4142135623730951;
const TWO54 = 18014398509481984; // 2^54
// pi/2 = PIO2_1 + PIO2_2 + PIO2_3 + PIO2_4: the first three have 33 significant
// bits, so n * PIO2_i is exact for |n| <= 2^20.
const PIO2_1 = 1.5707963267341256, PIO2_2 = 6.077100506303966e-11;
const PIO2_3 = 2.0222662487111665e-21, PIO2_4 = 8.4784276603689e-32;
const TWO_OVER_PI = 0.6366197723675814;
const PI_OVER_4 = 0.7853981633974483;
const MAX_TRIG = 1.6e6; // < 2^20 * pi/2

// 1/n! for n = 2..21 (Taylor coefficients of exp, sin, cos).
const F2 = 0.5, F3 = 0.16666666666666666, F4 = 0.041666666666666664, F5 = 0.008333333333333333,
  F6 = 0.001388888888888889, F7 = 0.0001984126984126984, F8 = 2.48015873015873e-05,
  F9 = 2.7557319223985893e-06, F10 = 2.755731922398589e-07, F11 = 2.505210838544172e-08,
  F12 = 2.08767569878681e-09, F13 = 1.6059043836821613e-10, F14 = 1.1470745597729725e-11,
  F15 = 7.647163731819816e-13, F16 = 4.779477332387385e-14, F17 = 2.8114572543455206e-15,
  F18 = 1.5619206968586225e-16, F19 = 8.22063524662433e-18, F20 = 4.110317623312165e-19;

// 2/(2j+1) for j = 2..12: the series 2 atanh(s) = 2s + s z (2/3 + 2z/5 + 2z^2/7 + ...), z = s^2.
const A5 = 2 / 5, A7 = 2 / 7, A9 = 2 / 9, A11 = 2 / 11, A13 = 2 / 13, A15 = 2 / 15,
  A17 = 2 / 17, A19 = 2 / 19, A21 = 2 / 21, A23 = 2 / 23, A25 = 2 / 25;

// ---- exp ------------------------------------------------------------------------
/**
 * exp(h + l) for a double-double argument with -746 < h < 710 (the caller
 * handles the rest). h + l = k ln2 + r + rl, |r| <= ln2/2 + tiny, exp(r) by its
 * Taylor series to r^13 (truncation < 2^-57), then an exact scaling by 2^k.
 */
function expDD(h, l) {
  const k = Math.floor(h * INV_LN2 + 0.5);
  const t = h - k * LN2_HI; // exact: k * LN2_HI is exact and close to h (Sterbenz)
  twoSum(t, -k * LN2_LO);
  const r = H, rl = L + l;
  // exp(r) = 1 + r + r^2/2 + r^3 P(r), with 1 + r and r^2 kept exact and the
  // large parts summed in double-double, so the result rounds only once at the end.
  twoProd(r, r);
  const zh = H, zl = L;
  const tail = zh * r * (F3 + r * (F4 + r * (F5 + r * (F6 + r * (F7 + r * (F8
    + r * (F9 + r * (F10 + r * (F11 + r * (F12 + r * F13))))))))));
  twoSum(1, r);
  const a = H, b = L;
  twoSum(a, 0.5 * zh);
  const small = b + 0.5 * zl + tail;
  // exp(r + rl) = exp(r) (1 + rl + ...), exp(r) = H + L + small
  const y = H + (L + (small + rl * ((H + small) + L)));
  if (k > 1023) return y * pow2(k - 1) * 2;
  if (k < -1022) return y * pow2(k + 1000) * pow2(-1000); // one rounding, in the last product
  return y * pow2(k);
}

/** e^x, deterministic (ECMAScript Math.exp special values). */
export function exp(x) {
  if (x !== x) return NaN;
  if (x > 710) return Infinity;
  if (x < -746) return 0;
  return expDD(x, 0);
}

// ---- log ------------------------------------------------------------------------
/**
 * ln x as a double-double (H, L) for finite x > 0, relative error about 2^-100.
 * x = 2^e m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s), s = (m - 1)/(m + 1),
 * |s| < 0.1716, with s, s^2 and the leading terms in double-double.
 */
function logDD(x) {
  let hw = highWord(x), e = (hw >>> 20) - 1023;
  if (e === -1023) { // subnormal: scale into the normal range (exact)
    x *= TWO54;
    hw = highWord(x);
    e = (hw >>> 20) - 1023 - 54;
  }
  bits.setFloat64(0, x);
  bits.setUint32(0, (hw & 0xfffff) | 0x3ff00000);
  let m = bits.getFloat64(0); // in [1, 2)
  if (m > SQRT2) { m *= 0.5; e += 1; }
  const f = m - 1; // exact (Sterbenz)
  twoSum(m, 1);
  const dh = H, dl = L; // m + 1
  const sh = f / dh;
  twoProd(sh, dh);
  const sl = (((f - H) - L) - sh * dl) / dh; // s = sh + sl
  twoProd(sh, sh);
  const zh = H, zl = L + 2 * sh * sl; // z = s^2
  const q = zh * (A5 + zh * (A7 + zh * (A9 + zh * (A11 + zh * (A13 + zh * (A15 + zh * (A17
    + zh * (A19 + zh * (A21 + zh * (A23 + zh * A25))))))))));
  twoSum(TWO_THIRDS, q);
  const ch = H, cl = L + TWO_THIRDS_LO; // c = 2/3 + q
  ddMul(sh, sl, zh, zl);
  ddMul(H, L, ch, cl); // s z c
  ddAdd(2 * sh, 2 * sl, H, L); // ln m
  if (e === 0) return;
  const mh = H, ml = L;
  ddAdd(e * LN2_HI, e * LN2_LO, mh, ml);
}

/** Natural logarithm, deterministic (ECMAScript Math.log special values). */
export function log(x) {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  logDD(x);
  return H;
}

/** Base-2 logarithm; exact for powers of two. */
export function log2(x) {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  logDD(x);
  ddMul(H, L, INV_LN2, INV_LN2_LO);
  return H;
}

/** Base-10 logarithm; exact for powers of ten. */
export function log10(x) {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  logDD(x);
  ddMul(H, L, INV_LN10, INV_LN10_LO);
  return H;
}

// ---- pow ------------------------------------------------------------------------
function isOddInteger(y) { return Math.floor(y) === y && y % 2 !== 0; }

/** x^n for an integer 1 <= n <= 2^31 by binary powering in double-double (H, L). */
function powIntDD(x, n) {
  let rh = 1, rl = 0, bh = x, bl = 0;
  for (;;) {
    if (n % 2 === 1) { ddMul(rh, rl, bh, bl); rh = H; rl = L; }
    n = Math.floor(n / 2);
    if (n === 0) break;
    ddMul(bh, bl, bh, bl); bh = H; bl = L;
  }
  H = rh; L = rl;
}

/**
 * x^y with ECMAScript's Math.pow / `**` semantics, deterministic. Integer
 * exponents (|y| <= 2^31, result well inside the double range) use exact
 * double-double powering, so representable results are exact; other
 * exponents use exp(y ln x) with both steps in double-double.
 */
export function pow(x, y) {
  if (y !== y) return NaN;
  if (y === 0) return 1;
  if (x !== x) return NaN;
  const ax = x < 0 ? -x : x;
  if (y === Infinity || y === -Infinity) {
    if (ax === 1) return NaN;
    return (ax > 1) === (y > 0) ? Infinity : 0;
  }
  const odd = isOddInteger(y);
  if (ax === Infinity || ax === 0) {
    const big = (ax === Infinity) === (y > 0); // the result's magnitude is Infinity
    const neg = x < 0 || Object.is(x, -0);
    const sign = neg && odd ? -1 : 1;
    return sign * (big ? Infinity : 0);
  }
  if (x < 0 && Math.floor(y) !== y) return NaN;
  const sign = x < 0 && odd ? -1 : 1;
  if (ax === 1) return sign;
  const ay = y < 0 ? -y : y;
  if (Math.floor(ay) === ay && ay <= 2147483648) {
    const e = (highWord(ax) >>> 20) - 1023; // |x| in [2^e, 2^(e+1))
    if (e > -1023 && ay * ((e < 0 ? -e : e) + 1) <= 960) {
      powIntDD(ax, ay);
      if (y > 0) return sign * H;
      const ph = H, pl = L, qh = 1 / ph;
      twoProd(qh, ph);
      const err = ((1 - H) - L) - qh * pl; // 1 - qh (ph + pl)
      return sign * (qh + qh * err);
    }
  }
  logDD(ax);
  const lh = H, ll = L;
  const p = y * lh;
  if (p > 710) return sign * Infinity;
  if (p < -746) return sign * 0;
  ddMul(y, 0, lh, ll);
  const h = H, l = L;
  if (h > 709.79) return sign * Infinity; // beyond the largest double
  if (h < -745.2) return sign * 0; // below half the smallest subnormal
  return sign * expDD(h, l);
}

// ---- sin, cos -------------------------------------------------------------------
let quadrant = 0;

/** x = n pi/2 + (H + L), |H| <= pi/4 (about), quadrant = n mod 4. */
function reduce(x) {
  const ax = x < 0 ? -x : x;
  if (ax <= PI_OVER_4) { H = x; L = 0; quadrant = 0; return; }
  if (!(ax < MAX_TRIG)) throw new RangeError(`dmath: sin/cos need |x| < ${MAX_TRIG}, got ${x}`);
  const n = Math.floor(x * TWO_OVER_PI + 0.5);
  const t = x - n * PIO2_1; // exact (Sterbenz)
  twoSum(t, -n * PIO2_2);
  const a = H, b = L;
  twoSum(a, -n * PIO2_3);
  const hi = H, lo = (b + L) - n * PIO2_4;
  fastTwoSum(hi, lo);
  quadrant = ((n % 4) + 4) % 4;
}

/** sin(h + l), |h| <= pi/4 + tiny, |l| <= ulp(h). */
function kernelSin(h, l) {
  const z = h * h;
  const p = -F3 + z * (F5 + z * (-F7 + z * (F9 + z * (-F11 + z * (F13 + z * (-F15 + z * (F17 - z * F19)))))));
  return h + (h * z * p + l * (1 - 0.5 * z));
}

/** cos(h + l), |h| <= pi/4 + tiny, |l| <= ulp(h). */
function kernelCos(h, l) {
  twoProd(h, h);
  const z = H, zl = L; // h^2 = z + zl exactly
  const p = F4 + z * (-F6 + z * (F8 + z * (-F10 + z * (F12 + z * (-F14 + z * (F16 + z * (-F18 + z * F20)))))));
  const hz = 0.5 * z, w = 1 - hz;
  // 1 - hz rounds; ((1 - w) - hz) is that rounding error, exactly.
  return w + (((1 - w) - hz) + (z * z * p - 0.5 * zl - h * l));
}

/** Sine, deterministic; |x| < 1.6e6 (RangeError beyond), NaN for NaN and infinities. */
export function sin(x) {
  if (x !== x || x === Infinity || x === -Infinity) return NaN;
  if ((x < 0 ? -x : x) < 7.450580596923828e-9) return x; // |x| < 2^-27: sin x = x to the last bit (and -0 stays -0)
  reduce(x);
  switch (quadrant) {
    case 0: return kernelSin(H, L);
    case 1: return kernelCos(H, L);
    case 2: return -kernelSin(H, L);
    default: return -kernelCos(H, L);
  }
}

/** Cosine, deterministic; |x| < 1.6e6 (RangeError beyond), NaN for NaN and infinities. */
export function cos(x) {
  if (x !== x || x === Infinity || x === -Infinity) return NaN;
  if ((x < 0 ? -x : x) < 7.450580596923828e-9) return 1;
  reduce(x);
  switch (quadrant) {
    case 0: return kernelCos(H, L);
    case 1: return -kernelSin(H, L);
    case 2: return -kernelCos(H, L);
    default: return kernelSin(H, L);
  }
}
