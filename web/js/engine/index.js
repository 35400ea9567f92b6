// depthlab engine: one ES module for the page's worker, the page and Node.
//
//   import { loadEngine } from '../web/js/engine.js';
//   const eng = await loadEngine();
//   eng.deepLinear.modeTrajectory({ depth: 2, s: 3, a0: 0.01, t: [0, 1, 2] });
//
// Each namespace takes plain objects of parameters and returns plain objects of
// Float64Arrays. A bad parameter throws a RangeError naming it; a failure inside
// the C library throws an EngineError carrying the library's sentence.
import { instantiate, simdSupported } from './wasm.js';
import { EngineError } from './errors.js';
import { deepLinear } from './solvers/deep-linear.js';
import { linalg } from './solvers/linalg.js';
import { chaos } from './solvers/chaos.js';
import { semantic } from './solvers/semantic.js';
import { perceptual, pathways } from './solvers/perceptual.js';
import { nonlinear } from './solvers/nonlinear.js';
import { dataStats } from './solvers/data-stats.js';

export { EngineError, simdSupported };

const FILES = { simd: '../../wasm/depthlab.wasm', scalar: '../../wasm/depthlab-scalar.wasm' };

// The built module: inlined base64 in the single-file build, else the file beside the page.
function defaultSource(variant) {
  const b64 = globalThis.DEPTHLAB_INLINE_WASM?.[variant];
  if (b64) return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new URL(FILES[variant], import.meta.url);
}

/**
 * Loads the engine.
 * options.variant: 'auto' (SIMD where the runtime supports it), 'simd' or 'scalar'.
 * options.wasm: the module's bytes or URL, overriding the variant's default file.
 */
export async function loadEngine({ variant = 'auto', wasm } = {}) {
  if (!['auto', 'simd', 'scalar'].includes(variant)) {
    throw new RangeError(`variant must be one of auto, simd, scalar, got ${JSON.stringify(variant)}`);
  }
  const chosen = variant === 'auto' ? (simdSupported() ? 'simd' : 'scalar') : variant;
  const w = await instantiate(wasm ?? defaultSource(chosen));
  return Object.freeze({
    version: w.cstring(w.x.dlab_version()),
    variant: chosen,
    wasmBytes: w.byteLength,
    linalg: linalg(w),
    deepLinear: deepLinear(w),
    chaos: chaos(w),
    semantic: semantic(w),
    perceptual: perceptual(w),
    pathways: pathways(w),
    nonlinear: nonlinear(w),
    data: dataStats(w),
  });
}

/**
 * The engine function named by a 'namespace.function' path (as the worker
 * protocol and the CLI name them), bound to its namespace. Only the engine's
 * own namespaces and functions resolve: nothing else reachable from a message.
 */
export function engineMethod(eng, path) {
  const [ns, fn, extra] = String(path).split('.');
  const target = extra === undefined && Object.hasOwn(eng, ns) ? eng[ns] : null;
  if (!target || typeof target !== 'object' || !Object.hasOwn(target, fn) || typeof target[fn] !== 'function') {
    throw new TypeError(`unknown engine method ${JSON.stringify(String(path).slice(0, 60))}`);
  }
  return target[fn].bind(target);
}
