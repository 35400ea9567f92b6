// Exact single-mode dynamics (docs/theory.md §1.2) in the wasm build: the D = 2 closed
// form, the mode ODE at other depths, and learning times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';

const eng = await loadEngine();

test('depth 2 matches the closed form and its limits', () => {
  const s = 3, a0 = 1e-3;
  const t = Array.from({ length: 101 }, (_, i) => i * 0.05);
  const a = eng.deepLinear.modeTrajectory({ depth: 2, s, a0, t });
  for (let i = 0; i < t.length; i++) {
    const e = Math.exp(2 * s * t[i]);
    const want = (s * e) / (e - 1 + s / a0);   // the form of docs/theory.md §1.2, evaluated independently
    assert.ok(Math.abs(a[i] - want) <= 1e-12 * s, `t=${t[i]}: ${a[i]} vs ${want}`);
  }
  assert.ok(Math.abs(a[0] - a0) <= 1e-15);
  // Far past the transition the mode sits at s.
  const late = eng.deepLinear.modeTrajectory({ depth: 2, s, a0, t: [1e6] });
  assert.ok(Math.abs(late[0] - s) < 1e-12);
});

test('the mode ODE at depth 3, 4, 6 satisfies its own learning-time integral', () => {
  // Two independent routes: DOPRI (rtol 1e-11) gives a(t); adaptive GK (rtol 1e-12)
  // gives t(a). Evaluating a at t(af) must return af to about the ODE tolerance.
  for (const depth of [3, 4, 6]) {
    for (const [s, a0] of [[1, 0.01], [2.5, 0.05], [0.5, 0.2]]) {
      for (const frac of [0.1, 0.5, 0.9]) {
        const af = a0 + frac * (s - a0);
        const tf = eng.deepLinear.learningTime({ depth, s, a0, af });
        const [a] = eng.deepLinear.modeTrajectory({ depth, s, a0, t: [tf] });
        // Error in a = rtol-level error in time times da/dt, plus the solver's own rtol.
        assert.ok(Math.abs(a - af) <= 1e-8 * s, `D=${depth} s=${s} a0=${a0} af=${af}: a(t(af)) = ${a}`);
      }
    }
  }
});

test('depth 2 ODE route agrees with the closed form (checks the integrator against theory)', () => {
  // Depth 2 uses the closed form; compare the same mode's learning-time integral
  // at depth 2 by quadrature against the closed-form time formula.
  const s = 2, a0 = 0.01, af = 1.5;
  const closed = Math.log((af * (s - a0)) / (a0 * (s - af))) / (2 * s);
  assert.ok(Math.abs(eng.deepLinear.learningTime({ depth: 2, s, a0, af }) - closed) < 1e-12);
});

test('learning time scales as 1/s at depth 2, and as s^-(2-2/D) in general', () => {
  // Rescaling a = s b, t = T / s^(2-2/D) maps tau da/dt = D a^(2-2/D) (s - a) onto
  // itself, so at fixed a0/s and af/s the product t s^(2-2/D) is invariant
  // (D = 2: t ~ 1/s; D = 1: t independent of s) up to quadrature error.
  for (const depth of [1, 2, 3, 5]) {
    const p = 2 - 2 / depth;
    const base = eng.deepLinear.learningTime({ depth, s: 1, a0: 0.001, af: 0.5 });
    for (const s of [0.5, 2, 8]) {
      const t = eng.deepLinear.learningTime({ depth, s, a0: 0.001 * s, af: 0.5 * s });
      assert.ok(Math.abs(t * s ** p - base) <= 1e-9 * base, `D=${depth} s=${s}: t*s^p=${t * s ** p} vs ${base}`);
    }
  }
});

test('decaying modes (a0 > s) relax down to s', () => {
  const a = eng.deepLinear.modeTrajectory({ depth: 3, s: 1, a0: 2, t: [0, 1, 5, 40] });
  assert.equal(a[0], 2);
  // Monotone down to s; at t = 40 the gap a - s ~ e^-120 is below one ulp of s, so a rounds to s.
  for (let i = 1; i < a.length; i++) assert.ok(a[i] <= a[i - 1] && a[i] >= 1, `t index ${i}: ${a[i]}`);
  assert.ok(a[1] < a[0] && a[2] < a[1] && a[2] > 1);
  assert.ok(Math.abs(a[3] - 1) < 1e-9);
  assert.ok(eng.deepLinear.learningTime({ depth: 3, s: 1, a0: 2, af: 1.5 }) > 0);
});
