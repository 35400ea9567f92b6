// GD steps per second of a deep linear network (D = 6, N = 256 in every
// layer): wasm SIMD, wasm scalar (each through the engine, exactly as the page
// runs it) and native C (build/bench-native-dl, from bench/native_dl.c).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../web/js/engine.js';

const D = 6, N = 256, SECONDS = 1.5;
const NATIVE = fileURLToPath(new URL('../build/bench-native-dl', import.meta.url));

const params = (steps) => ({
  depth: D, width: N, singularValues: Array.from({ length: N }, (_, a) => 1 + (2 * (N - a)) / N),
  init: 'orthogonal', gain: 1, lr: 1e-3, steps, every: Math.max(1, steps), seed: 1,
});

// Steps per second of the step loop alone: the time of a run of `steps` steps
// minus that of the same run with 0 steps (set-up: Haar matrices, records).
async function wasmRate(variant) {
  const eng = await loadEngine({ variant });
  const time = async (steps) => {
    const t0 = performance.now();
    await eng.deepLinear.simulate(params(steps));
    return (performance.now() - t0) / 1000;
  };
  await time(3);                                        // compile, warm up, size the heap
  const setup = Math.min(await time(0), await time(0));
  let steps = 4;
  for (;;) {
    const s = (await time(steps)) - setup;
    if (s >= SECONDS / 3) return steps / s;
    steps = Math.max(steps * 2, Math.ceil((steps / Math.max(s, 1e-3)) * SECONDS));
  }
}

function nativeRate() {
  if (!existsSync(NATIVE)) return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile(NATIVE, { timeout: 60000 }, (err, stdout) => {
      if (err) { resolve(null); return; }
      try { resolve(JSON.parse(stdout).native); } catch { resolve(null); }
    });
  });
}

/** -> [{ name, unit, simd, scalar, native }] (native null when the binary is missing). */
export async function benchDeepLinear() {
  const simd = await wasmRate('simd');
  const scalar = await wasmRate('scalar');
  const native = await nativeRate();
  return [{ name: `deep linear GD step, D = ${D}, N = ${N}`, unit: 'steps/s', simd, scalar, native }];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await benchDeepLinear());
}
