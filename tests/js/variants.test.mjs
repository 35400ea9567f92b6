// The SIMD and scalar wasm builds give the same bits: a browser without wasm SIMD
// (the scalar fallback) shows the same numbers and fingerprints as every other.
// The GEMM kernels are the only code that differs between the builds (gemm.c keeps the
// portable kernel's arithmetic in the SIMD kernel's order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine.js';
import { runDemo } from '../../web/js/demos/headless.js';

const simd = await loadEngine({ variant: 'simd' }), scalar = await loadEngine({ variant: 'scalar' });

test('GEMM: SIMD and scalar builds agree bit for bit (every transpose, alpha, beta, edge tiles, k past one slice)', () => {
  let s = 12345;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; };
  for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [8, 8, 8], [17, 33, 300], [5, 130, 9], [130, 7, 513]]) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const [alpha, beta] of [[1, 0], [0.7, 1], [1.3, -0.4], [0, 2]]) {
          const p = { m, n, k, alpha, beta, transA, transB,
            A: Array.from({ length: m * k }, rnd), B: Array.from({ length: k * n }, rnd), C: Array.from({ length: m * n }, rnd) };
          const x = simd.linalg.gemm(p), y = scalar.linalg.gemm(p);
          for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${m}x${n}x${k} ${transA} ${transB} ${alpha} ${beta}: entry ${i} ${x[i]} vs ${y[i]}`);
        }
      }
    }
  }
});

test('the demos whose numbers once differed between the builds, and the boundary view (GEMMs of one row or column), give the same fingerprint', async () => {
  for (const id of ['chaos-circle', 'chaos-boundary', 'pl-transfer', 'sem-differentiation']) {
    const a = await runDemo(simd, `#/${id}?v=1`), b = await runDemo(scalar, `#/${id}?v=1`);
    assert.equal(a.fingerprint, b.fingerprint, id);
  }
});
