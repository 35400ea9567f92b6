// web/js/dmath.js: deterministic exp/log/pow/sin/cos. Agreement with Math.*
// (itself within about 1 ulp) on many random inputs over wide ranges, ECMAScript
// special values, exact cases, and a pinned hash of the bits so any change in the
// results (a new Node, an edited polynomial) shows up here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as D from '../../web/js/engine/dmath.js';
import { fingerprint } from '../../web/js/engine/fingerprint.js';
import { dmathCases } from './dmath-cases.mjs';

const bits = new BigInt64Array(1), asF64 = new Float64Array(bits.buffer);
/** Position of a double on the number line, in ulps (monotonic, -0 = +0). */
function ordinal(x) {
  asF64[0] = x;
  const b = bits[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}
/** Distance in ulps between two doubles (0 for two NaNs). */
export function ulps(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

// Both dmath (<= 1 ulp, mostly correctly rounded) and V8's libm (<= ~1.2 ulp)
// are close to the true value, so they are within 2 ulps of each other.
const TOL = 2;

test('dmath agrees with Math.* within 2 ulps on random inputs over wide ranges', () => {
  for (const { name, args } of dmathCases(20000)) {
    let worst = 0, at;
    for (const x of args) {
      const got = D[name](...x), want = Math[name](...x);
      const d = ulps(got, want);
      if (d > worst) { worst = d; at = x; }
    }
    assert.ok(worst <= TOL, `${name}: ${worst} ulps at (${at})`);
  }
});

test('special values follow ECMAScript Math.*', () => {
  const specials = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1.5, -1.5,
    1e308, -1e308, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 0.9999999999999999, 1.0000000000000002];
  for (const name of ['exp', 'log', 'log2', 'log10', 'sin', 'cos']) {
    for (const x of specials) {
      if ((name === 'sin' || name === 'cos') && Math.abs(x) > 1e6 && Number.isFinite(x)) continue;
      const got = D[name](x), want = Math[name](x);
      assert.ok(ulps(got, want) <= 1 && (got !== 0 || Object.is(got, want)), `${name}(${x}) = ${got}, Math: ${want}`);
    }
  }
  for (const x of specials) {
    for (const y of specials) {
      const got = D.pow(x, y), want = Math.pow(x, y);
      const special = !Number.isFinite(want) || want === 0 || Math.abs(want) === 1;
      if (special) assert.ok(Object.is(got, want), `pow(${x}, ${y}) = ${got}, Math: ${want}`);
      else assert.ok(ulps(got, want) <= 1, `pow(${x}, ${y}) = ${got}, Math: ${want}`);
    }
  }
  assert.ok(Object.is(D.sin(-0), -0));
  assert.equal(D.exp(-746.5), 0);
  assert.equal(D.exp(709.8), Infinity);
  assert.equal(D.exp(-745.1), 5e-324);
});

test('exact results stay exact', () => {
  for (let k = -1074; k <= 1023; k++) {
    assert.equal(D.log2(2 ** k), k, `log2(2^${k})`);
    assert.equal(D.pow(2, k), 2 ** k, `pow(2, ${k})`);
  }
  for (let k = -307; k <= 308; k++) assert.equal(D.log10(Number(`1e${k}`)), k, `log10(1e${k})`);
  for (let k = 0; k <= 22; k++) assert.equal(D.pow(10, k), Number(`1e${k}`), `pow(10, ${k})`);
  for (let b = -30; b <= 30; b++) {
    for (let k = 0; k <= 40; k++) {
      let want = 1;
      for (let i = 0; i < k; i++) want *= b; // exact while |want| < 2^53
      if (Math.abs(want) < 2 ** 53) assert.equal(D.pow(b, k), want, `pow(${b}, ${k})`);
    }
  }
  assert.equal(D.pow(0.5, 3), 0.125);
  assert.equal(D.pow(4, 0.5), 2);
  assert.equal(D.pow(2, 0.5), Math.SQRT2);
  assert.equal(D.pow(1.5, -2), 1 / 2.25);
  assert.equal(D.exp(0), 1);
  assert.equal(D.log(1), 0);
  assert.equal(D.exp(1), Math.E);
  assert.equal(D.log(Math.E), 1);
  assert.equal(D.sin(0), 0);
  assert.equal(D.cos(0), 1);
});

test('sin and cos refuse arguments they cannot reduce accurately', () => {
  assert.throws(() => D.sin(2e6), RangeError);
  assert.throws(() => D.cos(-1e300), RangeError);
  assert.ok(Number.isNaN(D.sin(Infinity)) && Number.isNaN(D.cos(NaN)));
});

test('the bits are pinned (same in every engine: see tests/browser/dmath.test.mjs)', () => {
  const out = [];
  for (const { name, args } of dmathCases(2000)) for (const x of args) out.push(D[name](...x));
  assert.equal(fingerprint(out), PINNED);
});
// Update only for a deliberate change to dmath.js, after the browser test passes.
const PINNED = '6d22710a2793e5e4';
