// The page's side of the worker protocol (see worker.js): a small pool of
// compute workers, request ids, progress callbacks and cancel. Independent
// calls (the points of a sweep) spread over the pool; a worker that crashes or
// ignores a cancel is replaced, so the page stays usable.

const CANCEL_GRACE_MS = 1500;
const MAX_CRASHES = 3;

/** Workers to start: one per core (the page thread mostly waits), at most 4 (memory grows with each). */
export function poolSize() {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(4, cores));
}

class Slot {
  constructor(spec, onMessage, onCrash) {
    this.spec = spec;
    this.onMessage = onMessage;
    this.onCrash = onCrash;
    this.pending = new Map();   // id -> { resolve, reject, onProgress }
    this.crashes = 0;           // consecutive crashes with no message in between
    this.spawn();
  }

  spawn() {
    this.worker = new Worker(this.spec.url, { type: this.spec.type });
    this.worker.onmessage = ({ data }) => { this.crashes = 0; this.onMessage(this, data); };
    this.worker.onerror = (e) => { e.preventDefault?.(); this.onCrash(this, e.message || 'it failed to load'); };
  }

  /** Ends the worker, fails its pending calls with `why`, and starts a new one. */
  restart(why) {
    this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(new Error(why));
    this.pending.clear();
    this.spawn();
  }
}

export class EngineClient {
  /**
   * `worker`: { url, type } of the worker script (default: the module worker
   * beside this file); `size`: number of workers.
   */
  constructor(worker = { url: new URL('./worker.js', import.meta.url), type: 'module' }, size = poolSize()) {
    this.nextId = 1;
    this.failed = null;
    this.slots = Array.from({ length: size }, () => new Slot(worker, (s, m) => this.receive(s, m), (s, why) => this.crashed(s, why)));
  }

  get size() { return this.slots.length; }

  crashed(slot, why) {
    // A worker that cannot even start would crash again at once: stop after a few tries.
    if (++slot.crashes >= MAX_CRASHES) {
      this.failed = `the compute worker could not start (${why})`;
      for (const s of this.slots) {
        s.worker.terminate();
        for (const { reject } of s.pending.values()) reject(new Error(this.failed));
        s.pending.clear();
      }
      return;
    }
    slot.restart(`the compute worker crashed (${why}); it has been restarted`);
  }

  receive(slot, msg) {
    const call = slot.pending.get(msg.id);
    if (!call) return;
    if (msg.type === 'progress') { call.onProgress?.(msg.fraction, msg.note); return; }
    slot.pending.delete(msg.id);
    if (msg.type === 'result') call.resolve(msg.result);
    else call.reject(Object.assign(new Error(msg.message), { name: msg.name }));
  }

  /**
   * Starts engine method `method` (e.g. 'deepLinear.modeTrajectory') on `params`
   * in the least busy worker. Returns { promise, cancel }. cancel() rejects the
   * promise with an AbortError at once; if the worker has not let go of the
   * call soon after, it is replaced.
   */
  run(method, params, { onProgress } = {}) {
    if (this.failed) return { promise: Promise.reject(new Error(this.failed)), cancel() {} };
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    let reject;
    const promise = new Promise((res, rej) => {
      reject = rej;
      slot.pending.set(id, { resolve: res, reject: rej, onProgress });
    });
    slot.worker.postMessage({ type: 'call', id, method, params });
    const cancel = () => {
      if (!slot.pending.has(id)) return;
      slot.pending.delete(id);
      reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
      slot.worker.postMessage({ type: 'cancel', id });
      // A worker busy inside one long wasm call cannot read the cancel; an
      // answer to this probe shows it is free again, its absence gets it replaced.
      const worker = slot.worker;
      const probe = this.nextId++;
      const timer = setTimeout(() => {
        if (slot.worker === worker) slot.restart('the compute worker did not stop in time and was restarted');
      }, CANCEL_GRACE_MS);
      slot.pending.set(probe, { resolve: () => clearTimeout(timer), reject: () => clearTimeout(timer) });
      worker.postMessage({ type: 'call', id: probe, method: 'info' });
    };
    return { promise, cancel };
  }

  /** Convenience: await the result of one call. */
  call(method, params, options) {
    return this.run(method, params, options).promise;
  }
}
