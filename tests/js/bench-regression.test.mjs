// Performance regressions that noise cannot fake: relations between two kernels
// timed side by side in this process (each the best of several batches in CPU
// time, bench/measure.mjs), never an absolute time. `make bench` reports the figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { instantiate } from '../../web/js/engine/wasm.js';
import { bestRate } from '../../bench/measure.mjs';

// Compile straight to optimised code. V8 otherwise runs a baseline tier first and
// optimises in a background thread, which under `node --test` (many processes on
// few cores) may not land within the measurement: then both builds run baseline
// code (~5 and ~3 GFLOP/s, measured) and the ratio says nothing about the kernels.
setFlagsFromString('--no-liftoff');
const simd = await instantiate(new URL('../../web/wasm/depthlab.wasm', import.meta.url));
const scalar = await instantiate(new URL('../../web/wasm/depthlab-scalar.wasm', import.meta.url));

function gemmRate(w, kernel, n, ta, tb) {
  const [A, B, C] = [w.alloc(n * n), w.alloc(n * n), w.alloc(n * n)];
  for (let i = 0; i < n * n; i++) { w.f64[A / 8 + i] = Math.sin(i); w.f64[B / 8 + i] = Math.cos(i); }
  const r = bestRate(() => w.check(w.x.dlab_linalg_gemm(kernel, ta, tb, n, n, n, 1, A, B, 0, C)), 2 * n ** 3, { totalMs: 250 });
  for (const p of [A, B, C]) w.x.dlab_free(p);
  return r;
}

// Measured 5-10x (SIMD ~24 GFLOP/s, scalar 2-5). Under 2x means the SIMD kernel is
// no longer the one dispatched, or packing swamps it; load on the machine slows
// both alike and cannot close a gap that wide.
test('wasm SIMD GEMM beats the scalar build by >= 2x at N = 128, in every variant backprop uses', () => {
  for (const [name, ta, tb] of [['NN', 0, 0], ['TN', 1, 0], ['NT', 0, 1]]) {
    // Up to three alternating tries, best of each: a burst of load on one measurement cannot fail it.
    let s = 0, c = 0;
    for (let i = 0; i < 3 && !(s >= 2 * c && c > 0); i++) {
      s = Math.max(s, gemmRate(simd, 2, 128, ta, tb));
      c = Math.max(c, gemmRate(scalar, 0, 128, ta, tb));
    }
    assert.ok(s >= 2 * c, `${name}: SIMD ${(s / 1e9).toFixed(2)} GFLOP/s vs scalar ${(c / 1e9).toFixed(2)}`);
  }
});

// In the SIMD build the packed kernel must beat that build's own portable loop
// (same module, same compiler flags); measured ~4x.
test('in the SIMD module the packed kernel beats the portable one by >= 1.5x at N = 128', () => {
  let s = 0, p = 0;   // kernel 1 = portable, 2 = simd
  for (let i = 0; i < 3 && !(s >= 1.5 * p && p > 0); i++) {
    s = Math.max(s, gemmRate(simd, 2, 128, 0, 1));
    p = Math.max(p, gemmRate(simd, 1, 128, 0, 1));
  }
  assert.ok(s >= 1.5 * p, `NT: packed ${(s / 1e9).toFixed(2)} GFLOP/s vs portable ${(p / 1e9).toFixed(2)}`);
});
