// The engine contract on the built wasm: loading in Node, SIMD really present,
// kernels agreeing, determinism, and errors that name the parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadEngine, EngineError } from '../../web/js/engine/index.js';

const simd = await loadEngine({ variant: 'simd' });
const scalar = await loadEngine({ variant: 'scalar' });
const wasmPath = (name) => fileURLToPath(new URL(`../../web/wasm/${name}`, import.meta.url));

test('both builds load and report a version', () => {
  assert.match(simd.version, /^\d+\.\d+\.\d+$/);
  assert.equal(scalar.version, simd.version);
  assert.equal(simd.variant, 'simd');
  assert.equal(simd.linalg.simd, true);
  assert.equal(scalar.linalg.simd, false);
});

test('the shipped module contains SIMD instructions and the scalar one none', () => {
  // binaryen's disassembler (installed with emscripten) names every instruction.
  const count = (name) => (execFileSync('wasm-dis', [wasmPath(name)], { maxBuffer: 1 << 28 })
    .toString().match(/\b(f64x2|v128|i64x2|i32x4|f32x4)\.[a-z_]+/g) ?? []).length;
  const n = count('depthlab.wasm');
  assert.ok(n > 50, `expected many SIMD instructions in depthlab.wasm, found ${n}`);
  assert.equal(count('depthlab-scalar.wasm'), 0);
});

function randomMatrix(eng, seed, n) { return eng.linalg.normal({ seed, n }); }

function naive(m, n, k, A, B, ta, tb) {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? A[p * m + i] : A[i * k + p]) * (tb ? B[j * k + p] : B[p * n + j]);
      C[i * n + j] = s;
    }
  }
  return C;
}

test('SIMD and portable GEMM agree with a naive product, all transposes', () => {
  for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [17, 9, 33], [64, 64, 64], [65, 31, 130]]) {
    const A = randomMatrix(simd, 1, m * k), B = randomMatrix(simd, 2, k * n), C0 = randomMatrix(simd, 3, m * n);
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const ref = naive(m, n, k, A, B, transA, transB);
        for (const kernel of ['portable', 'simd']) {
          const C = simd.linalg.gemm({ m, n, k, A, B, C: C0, alpha: 0.5, beta: 2, transA, transB, kernel });
          // Different summation orders differ by at most ~k ulps of sum |a||b| (~k * 1e-16 * k here).
          const tol = 4 * k * Number.EPSILON * Math.max(1, k);
          for (let i = 0; i < m * n; i++) {
            assert.ok(Math.abs(C[i] - (0.5 * ref[i] + 2 * C0[i])) <= tol * (1 + Math.abs(ref[i])),
              `${kernel} ${m}x${n}x${k} tA=${transA} tB=${transB} entry ${i}`);
          }
        }
      }
    }
  }
});

test('same seed gives bit-identical output; SIMD and scalar builds give the same stream', () => {
  const a = simd.linalg.normal({ seed: 12345, n: 1000 });
  const b = simd.linalg.normal({ seed: 12345, n: 1000 });
  const c = scalar.linalg.normal({ seed: 12345, n: 1000 });
  assert.deepEqual(Buffer.from(a.buffer), Buffer.from(b.buffer));
  assert.deepEqual(Buffer.from(a.buffer), Buffer.from(c.buffer));
  assert.notDeepEqual(a, simd.linalg.normal({ seed: 12346, n: 1000 }));
  const t = Array.from({ length: 50 }, (_, i) => i / 10);
  const x = simd.deepLinear.modeTrajectory({ depth: 4, s: 2, a0: 0.01, t });
  const y = simd.deepLinear.modeTrajectory({ depth: 4, s: 2, a0: 0.01, t });
  assert.deepEqual(Buffer.from(x.buffer), Buffer.from(y.buffer));
});

test('an invalid parameter raises an error naming it, from JS and from C', () => {
  assert.throws(() => simd.deepLinear.modeTrajectory({ depth: 400, s: 1, a0: 0.1, t: [0] }), /depth must be an integer in \[1, 200\], got 400/);
  assert.throws(() => simd.deepLinear.modeTrajectory({ depth: 2, s: NaN, a0: 0.1, t: [0] }), /^RangeError: s must be a finite number/);
  assert.throws(() => simd.deepLinear.modeTrajectory({ depth: 2, s: 1, a0: 0.1, t: [1, 0] }), /t must be ascending/);
  assert.throws(() => simd.linalg.gemm({ m: 0, n: 1, k: 1, A: [], B: [] }), /m must be an integer in \[1, 4096\], got 0/);
  assert.throws(() => simd.deepLinear.learningTime({ depth: 2, s: 1, a0: 0.1, af: 2 }), /af must lie between a0/);
});

test('loadEngine rejects an unknown variant by name', async () => {
  await assert.rejects(loadEngine({ variant: 'fast' }), /variant must be one of auto, simd, scalar/);
});

test('the C API validates on its own and its error text reaches JS as an EngineError', async () => {
  const { instantiate } = await import('../../web/js/engine/wasm.js');
  const w = await instantiate(new URL('../../web/wasm/depthlab.wasm', import.meta.url));
  const t = w.alloc(1), out = w.alloc(1);
  const status = w.x.dlab_dl_mode_trajectory(0, 1, 0.1, t, 1, out);
  assert.equal(status, 1);
  assert.throws(() => w.check(status), (e) => e instanceof EngineError && /depth must be an integer in \[1, 200\], got 0/.test(e.message));
  assert.equal(w.x.dlab_dl_mode_trajectory(2, 1, 0.1, 0, 1, out), 1);
  assert.match(w.cstring(w.x.dlab_last_error()), /t must not be NULL/);
  assert.equal(w.x.dlab_alloc_f64(-5), 0);
  assert.match(w.cstring(w.x.dlab_last_error()), /n \(doubles to allocate\) must be an integer/);
  w.x.dlab_free(t); w.x.dlab_free(out);
});
