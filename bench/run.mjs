// `make bench`: throughput measured in this one run, each figure printed with
// its ratios. GEMM: wasm SIMD against the machine's wasm f64x2 ceiling (a
// multiply-add loop with enough independent chains, bench/peak.c), wasm scalar
// and native C (build/bench-native). Then each area's solver throughput.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { instantiate } from '../web/js/wasm.js';

const SIZES = [64, 128, 256, 512];
const VARIANTS = [['NN', 0, 0], ['TN', 1, 0], ['NT', 0, 1]];   // forward, W^T delta, delta x^T
const MIN_SECONDS = 0.3;
const here = (p) => new URL(p, import.meta.url);

/** Repeats fn (which does `flops` flops) for MIN_SECONDS after a warm-up; returns GFLOP/s. */
function rate(fn, flops) {
  for (let i = 0; i < 3; i++) fn();   // V8 tiers a wasm function up when it is entered again
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < MIN_SECONDS * 1000) { fn(); reps++; }
  return (flops * reps) / ((performance.now() - t0) / 1000) / 1e9;
}

function gemmGflops(w, kernel, n, ta, tb) {
  const [A, B, C] = [w.alloc(n * n), w.alloc(n * n), w.alloc(n * n)];
  const f64 = w.f64;
  for (let i = 0; i < n * n; i++) { f64[A / 8 + i] = Math.sin(i); f64[B / 8 + i] = Math.cos(i); }
  const g = rate(() => w.check(w.x.dlab_linalg_gemm(kernel, ta, tb, n, n, n, 1, A, B, 0, C)), 2 * n ** 3);
  for (const p of [A, B, C]) w.x.dlab_free(p);
  return g;
}

async function ceiling() {
  const module = await WebAssembly.compile(readFileSync(here('../build/bench-peak.wasm')));
  const imports = {};
  for (const i of WebAssembly.Module.imports(module)) (imports[i.module] ??= {})[i.name] = () => 0;
  const x = (await WebAssembly.instantiate(module, imports)).exports;
  x._initialize?.();
  const iters = 200000;
  // The best of three, so a moment of load elsewhere does not lower the ceiling.
  return Math.max(...[0, 1, 2].map(() => rate(() => x.peak_f64x2(iters, 0.999999, 1e-7), iters * x.peak_flops_per_iter())));
}

const nativeRows = (binary) => (existsSync(binary)
  ? execFileSync(binary).toString().trim().split('\n').map((l) => JSON.parse(l)) : []);
const f = (x, d = 2, w = 8) => (Number.isFinite(x) ? x.toFixed(d) : '—').padStart(w);

const simd = await instantiate(here('../web/wasm/depthlab.wasm'));
const scalar = await instantiate(here('../web/wasm/depthlab-scalar.wasm'));
const native = nativeRows(here('../build/bench-native').pathname);
const peak = await ceiling();

console.log(`wasm f64x2 ceiling (mul + add, 12 chains): ${peak.toFixed(2)} GFLOP/s`);
console.log('GEMM, f64, GFLOP/s (NN = forward, TN = W^T delta, NT = delta x^T)');
console.log('     N var  wasm-SIMD  of-ceiling  wasm-scalar   native  SIMD/scalar SIMD/native');
for (const n of SIZES) {
  const nat = native.find((r) => r.kernel === 'gemm' && r.n === n)?.gflops ?? NaN;
  for (const [name, ta, tb] of VARIANTS) {
    const s = gemmGflops(simd, 2, n, ta, tb), c = gemmGflops(scalar, 0, n, ta, tb);
    const natCol = name === 'NN' ? nat : NaN;   // the native program times NN only
    console.log(`${String(n).padStart(6)} ${name}  ${f(s)}   ${f(s / peak, 3)}    ${f(c)}  ${f(natCol)}   ${f(s / c)}x   ${f(s / natCol)}x`);
  }
}

// Solver throughput rows contributed by each area's bench module, if present.
for (const [file, fn] of [['./deep-linear.mjs', 'benchDeepLinear'], ['./chaos.mjs', 'benchChaos']]) {
  if (!existsSync(here(file))) continue;
  for (const r of await (await import(file))[fn]()) {
    const parts = [`wasm-SIMD ${f(r.simd, 1)}`, `wasm-scalar ${f(r.scalar, 1)}`];
    if (r.native != null) parts.push(`native ${f(r.native, 1)}`);
    parts.push(`SIMD/scalar ${f(r.simd / r.scalar)}x`);
    if (r.native != null) parts.push(`SIMD/native ${f(r.simd / r.native)}x`);
    console.log(`${r.name} (${r.unit}): ${parts.join('  ')}`);
  }
}
