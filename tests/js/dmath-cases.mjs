// Seeded test inputs for web/js/dmath.js, shared by tests/js/dmath.test.mjs
// (agreement with Math.*) and tests/browser/dmath.test.mjs (same bits in Chromium).
// Inputs are built from exact operations only, so they are the same everywhere.

/** A seeded uniform generator on [0, 1) (32-bit LCG, exact arithmetic). */
function uniform(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
}

/** A double spread over [2^lo, 2^hi) in magnitude: a random mantissa and exponent. */
function spread(rnd, lo, hi) {
  let x = 1 + rnd();
  let e = lo + Math.floor(rnd() * (hi - lo));
  while (e > 0) { x *= 2; e--; }
  while (e < 0) { x *= 0.5; e++; }
  return x;
}

/** [{ name, args: [[x] | [x, y], ...] }] with n argument lists per group. */
export function dmathCases(n) {
  const rnd = uniform(20240531);
  const groups = [];
  const add = (name, gen) => groups.push({ name, args: Array.from({ length: n }, gen) });
  const sign = () => (rnd() < 0.5 ? -1 : 1);
  add('exp', () => [(rnd() - 0.5) * 1500]);
  add('exp', () => [(rnd() - 0.5) * 2]);
  add('exp', () => [sign() * spread(rnd, -60, 0)]);
  add('log', () => [spread(rnd, -1074, 1024)]);
  add('log', () => [1 + (rnd() - 0.5) * 0.2]);
  add('log', () => [1 + sign() * spread(rnd, -52, -10)]);
  add('log2', () => [spread(rnd, -1074, 1024)]);
  add('log10', () => [spread(rnd, -1074, 1024)]);
  add('log10', () => [rnd() * 100]);
  // pow: |y ln x| up to ~700, results across the whole double range
  add('pow', () => {
    const e = Math.floor(rnd() * 60) - 30, x = spread(rnd, e, e + 1);
    return [x, ((rnd() - 0.5) * 1400) / ((e < 0 ? -e : e) * 0.7 + 0.4)];
  });
  add('pow', () => [rnd() * 100, (rnd() - 0.5) * 8]);
  add('pow', () => [spread(rnd, -200, 200), (rnd() - 0.5) * 6]);
  add('pow', () => [(rnd() - 0.5) * 40, Math.floor((rnd() - 0.5) * 80)]);
  add('pow', () => [1 + (rnd() - 0.5) * 1e-3, (rnd() - 0.5) * 1e5]);
  add('sin', () => [(rnd() - 0.5) * 20]);
  add('sin', () => [(rnd() - 0.5) * 3e6]);
  add('sin', () => [sign() * spread(rnd, -40, 0)]);
  add('cos', () => [(rnd() - 0.5) * 20]);
  add('cos', () => [(rnd() - 0.5) * 3e6]);
  add('cos', () => [sign() * spread(rnd, -40, 0)]);
  return groups;
}
