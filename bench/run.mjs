// `make bench`: throughput figures measured in this one run, printed with their
// ratios. GEMM: wasm SIMD vs wasm scalar vs native C (build/bench-native).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { instantiate } from '../web/js/wasm.js';

const SIZES = [64, 128, 256, 512];
const MIN_SECONDS = 0.3;

/** GFLOP/s of C = A B at size n, calling the export many times so V8 tiers it up. */
function gemmGflops(w, kernel, n) {
  const A = w.alloc(n * n), B = w.alloc(n * n), C = w.alloc(n * n);
  const f64 = w.f64;
  for (let i = 0; i < n * n; i++) { f64[A / 8 + i] = Math.sin(i); f64[B / 8 + i] = Math.cos(i); }
  const once = () => w.check(w.x.dlab_linalg_gemm(kernel, 0, 0, n, n, n, 1, A, B, 0, C));
  for (let i = 0; i < 3; i++) once();            // warm-up and tier-up
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < MIN_SECONDS * 1000) { once(); reps++; }
  const seconds = (performance.now() - t0) / 1000;
  for (const p of [A, B, C]) w.x.dlab_free(p);
  return (2 * n ** 3 * reps) / seconds / 1e9;
}

function nativeRows(binary) {
  if (!existsSync(binary)) return [];
  return execFileSync(binary).toString().trim().split('\n').map((l) => JSON.parse(l));
}

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—').padStart(8);

const simd = await instantiate(new URL('../web/wasm/depthlab.wasm', import.meta.url));
const scalar = await instantiate(new URL('../web/wasm/depthlab-scalar.wasm', import.meta.url));
const native = nativeRows(new URL('../build/bench-native', import.meta.url).pathname);

console.log('GEMM (C = A B, f64), GFLOP/s; ratios are SIMD over the others');
console.log('     N  wasm-SIMD wasm-scalar   native  SIMD/scalar SIMD/native');
for (const n of SIZES) {
  const s = gemmGflops(simd, 2, n), c = gemmGflops(scalar, 0, n);
  const nat = native.find((r) => r.kernel === 'gemm' && r.n === n)?.gflops ?? NaN;
  console.log(`${String(n).padStart(6)} ${fmt(s)}   ${fmt(c)}  ${fmt(nat)}   ${fmt(s / c)}x   ${fmt(s / nat)}x`);
}

// Solver throughput rows contributed by each area's bench module, if present.
for (const [file, fn] of [['./deep-linear.mjs', 'benchDeepLinear'], ['./chaos.mjs', 'benchChaos']]) {
  if (!existsSync(new URL(file, import.meta.url))) continue;
  const rows = await (await import(file))[fn]();
  for (const r of rows) {
    const parts = [`wasm-SIMD ${fmt(r.simd)}`, `wasm-scalar ${fmt(r.scalar)}`];
    if (r.native !== undefined) parts.push(`native ${fmt(r.native)}`);
    parts.push(`SIMD/scalar ${fmt(r.simd / r.scalar)}x`);
    if (r.native !== undefined) parts.push(`SIMD/native ${fmt(r.simd / r.native)}x`);
    console.log(`${r.name} (${r.unit}): ${parts.join('  ')}`);
  }
}
