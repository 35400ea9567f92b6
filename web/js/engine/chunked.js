// Drives a long computation in chunks of calls into wasm. Chunks keep V8
// re-entering the wasm function (it tiers up only on entry), report progress,
// and yield to the event loop so a cancel message can get through.

import { aborted } from './errors.js';

/**
 * Lets the event loop run (a cancel message, say) before going on. Not setTimeout(0):
 * it sleeps at least 1 ms in Node and 4 ms in a browser once timers nest, and a run
 * yields after every chunk (a sweep of short runs slept 16% of its time in Node).
 * Node's setImmediate and a browser's message to itself have no such floor.
 */
export const yieldToLoop = typeof setImmediate === 'function'
  ? () => new Promise((resolve) => setImmediate(resolve))
  : (() => {
    const channel = new MessageChannel(), waiting = [];
    channel.port1.onmessage = () => waiting.shift()();
    return () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(null); });
  })();

/**
 * Calls step(n) until `total` units of work are done, growing or shrinking n so
 * each chunk takes about `chunkMs`. step(n) must do n units and may return
 * false to stop early. Throws an AbortError when `signal` is aborted.
 */
export async function chunked(total, step, { signal, onProgress, chunkMs = 40, first = 1 } = {}) {
  let done = 0, n = Math.max(1, first);
  while (done < total) {
    if (signal?.aborted) throw aborted();
    const todo = Math.min(n, total - done);
    const t0 = performance.now();
    const more = step(todo);
    const dt = performance.now() - t0;
    done += todo;
    onProgress?.(done / total);
    if (more === false) break;
    // Aim the next chunk at chunkMs, changing by at most 4x per chunk.
    n = Math.max(1, Math.round(todo * Math.min(4, Math.max(0.25, chunkMs / Math.max(dt, 0.01)))));
    if (done < total) await yieldToLoop();
  }
  return done;
}
