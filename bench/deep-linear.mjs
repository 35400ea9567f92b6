// GD steps per second of a deep linear network (D = 6, N = 256 in every layer):
// wasm SIMD and wasm scalar (the engine's module, stepped through the exported
// dlab_dls_step in calls of STEPS_PER_CALL, as the page steps between two records at
// gd-modes' defaults) and native C (build/bench-native-dl, bench/native_dl.c, the same
// calls). Each call ends with one more forward pass, which checks the weights it leaves
// (a divergence on the last step is caught): a tenth of a forward per step here, a
// third of a step's GEMMs in calls of one. Best of batches in CPU time (bench/measure.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiate } from '../web/js/engine/wasm.js';
import { alternating, bestRate } from './measure.mjs';

export const D = 6, N = 256, STEPS_PER_CALL = 10;
const here = (p) => new URL(p, import.meta.url);
const NATIVE = fileURLToPath(here('../build/bench-native-dl'));

/** A simulator handle on module `w`: orthogonal init, prescribed spectrum. */
export function openDls(w) {
  const ws = w.alloc(D + 1), out = w.alloc(1), sp = w.alloc(N);
  w.f64.set(new Float64Array(D + 1).fill(N), ws / 8);
  w.check(w.x.dlab_dls_create(D, ws, out));
  const h = new Uint32Array(w.x.memory.buffer)[out / 4];
  w.f64.set(Float64Array.from({ length: N }, (_, a) => 1 + (2 * (N - a)) / N), sp / 8);
  w.check(w.x.dlab_dls_set_spectrum(h, sp, N, 1));
  w.check(w.x.dlab_dls_init(h, 2, 1, 0, 1));
  for (const p of [ws, out, sp]) w.x.dlab_free(p);
  return h;
}

/** STEPS_PER_CALL GD steps of the engine build at `file`, and its release. */
async function dlStepper(file) {
  const w = await instantiate(here(file));
  const h = openDls(w);
  return { step: () => w.check(w.x.dlab_dls_step(h, STEPS_PER_CALL, 1e-3)), work: STEPS_PER_CALL, close: () => w.x.dlab_dls_free(h) };
}

async function wasmRate(file, seconds) {
  const s = await dlStepper(file);
  const r = bestRate(s.step, s.work, { batchMs: 60, totalMs: seconds * 1000 });
  s.close();
  return r;
}

function nativeRate() {
  if (!existsSync(NATIVE)) return null;
  try { return JSON.parse(execFileSync(NATIVE, { timeout: 60000 })).native; } catch { return null; }
}

/**
 * -> [{ name, unit, simd, scalar, native, peer }] (native null when the binary is missing).
 * `peer` is a stepper ({ step, work, close }) of the same step in another library: the
 * SIMD build is timed against it in alternating windows (bench/measure.mjs), and its
 * rate is `peer` (null without one).
 */
export async function benchDeepLinear({ peer = null } = {}) {
  const simdStepper = await dlStepper('../web/wasm/depthlab.wasm');
  const [simd, peerRate = null] = alternating(peer ? [simdStepper, peer] : [simdStepper]);
  for (const s of [simdStepper, peer]) s?.close();
  const scalar = await wasmRate('../web/wasm/depthlab-scalar.wasm', 2);
  return [{ name: `deep linear GD step, D = ${D}, N = ${N}`, unit: 'steps/s', simd, scalar, native: nativeRate(), peer: peerRate }];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await benchDeepLinear());
