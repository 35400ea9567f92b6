// The page's compute worker: loads the engine once, then answers calls.
// Protocol (all messages carry the caller's request id):
//   in:  { type: 'call', id, method: 'deepLinear.modeTrajectory', params }
//        { type: 'cancel', id }
//   out: { type: 'progress', id, fraction, note }
//        { type: 'result', id, result }     (ArrayBuffers transferred)
//        { type: 'error', id, error }        (errors.js: name, message, status, detail, ...)
// Long engine calls are async, take { signal, onProgress } and yield between
// chunks, which is when a cancel message gets through.
import { loadEngine, engineMethod } from './index.js';
import { errorToData } from './errors.js';

let engine = null;
const running = new Map();

function transferables(value, out = []) {
  if (ArrayBuffer.isView(value)) out.push(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, out);
  return [...new Set(out)];
}

self.onmessage = async ({ data }) => {
  if (data?.type === 'cancel') { running.get(data.id)?.abort(); return; }
  if (data?.type !== 'call') return;
  const { id, params } = data;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    engine ??= loadEngine();
    const eng = await engine;
    const result = data.method === 'info'
      ? { version: eng.version, variant: eng.variant, wasmBytes: eng.wasmBytes }
      : await engineMethod(eng, data.method)(params, {
        signal: controller.signal,
        onProgress: (fraction, note = '') => self.postMessage({ type: 'progress', id, fraction, note }),
      });
    self.postMessage({ type: 'result', id, result }, transferables(result));
  } catch (e) {
    self.postMessage({ type: 'error', id, error: errorToData(e) });
  } finally {
    running.delete(id);
  }
};
