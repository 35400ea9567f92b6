// The page's side of the worker protocol (see worker.js): a small pool of
// compute workers fed from one queue, request ids, progress callbacks and
// cancel. Each worker runs one call at a time and takes the next queued call
// as soon as it is free, so a sweep's uneven points balance themselves. A
// worker that crashes or ignores a cancel is replaced; the page stays usable.
// A worker left idle for `idleMs` is ended, which returns the wasm memory a
// heavy run grew to (wasm memory never shrinks); the next call starts a fresh one.
import { aborted, errorFromData } from './errors.js';

const CANCEL_GRACE_MS = 1500;
const MAX_CRASHES = 3;
const IDLE_MS = 30000;

/** Workers to start: one per core (the page thread mostly waits), at most 4 (memory grows with each). */
export function poolSize() {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(4, cores));
}

export class EngineClient {
  /**
   * `worker`: { url, type } of the worker script (default: the module worker
   * beside this file); `size`: number of workers; `idleMs`: how long a worker
   * may sit idle before it is ended.
   */
  constructor(worker = { url: new URL('./worker.js', import.meta.url), type: 'module' }, size = poolSize(), { idleMs = IDLE_MS } = {}) {
    this.spec = worker;
    this.idleMs = idleMs;
    this.nextId = 1;
    this.failed = null;
    this.queue = [];
    this.slots = Array.from({ length: size }, () => this.spawn({ worker: null, job: null, crashes: 0, idle: 0 }));
  }

  get size() { return this.slots.length; }

  /** Workers running now (idle ones are ended after idleMs). */
  get live() { return this.slots.filter((s) => s.worker).length; }

  spawn(slot) {
    slot.worker = new Worker(this.spec.url, { type: this.spec.type });
    slot.worker.onmessage = ({ data }) => { slot.crashes = 0; this.receive(slot, data); };
    slot.worker.onerror = (e) => { e.preventDefault?.(); this.crashed(slot, e.message || 'it failed to load'); };
    this.idleFrom(slot);
    return slot;
  }

  /** Ends the slot's worker once it has had nothing to do for idleMs. */
  idleFrom(slot) {
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => { if (!slot.job) this.end(slot); }, this.idleMs);
    slot.idle.unref?.();   // Node: an idle pool does not keep the process alive
  }

  end(slot) {
    clearTimeout(slot.idle);
    slot.worker?.terminate();
    slot.worker = null;
  }

  /** Ends every worker; queued and running calls are rejected. The pool starts workers again on the next call. */
  close() {
    for (const s of this.slots) { this.end(s); this.finish(s, (job) => job.reject(aborted('the engine client was closed'))); }
    for (const job of this.queue.splice(0)) job.reject(aborted('the engine client was closed'));
  }

  /** Replaces a slot's worker; its current call (if any) fails with `why`. */
  restart(slot, why) {
    this.end(slot);
    this.finish(slot, (job) => job.reject(new Error(why)));
    this.spawn(slot);
    this.pump();
  }

  crashed(slot, why) {
    // A worker that cannot even start would crash again at once: stop after a few tries.
    if (++slot.crashes < MAX_CRASHES) {
      this.restart(slot, `the compute worker crashed (${why}); it has been restarted`);
      return;
    }
    this.failed = `the compute worker could not start (${why})`;
    for (const s of this.slots) { this.end(s); this.finish(s, (job) => job.reject(new Error(this.failed))); }
    for (const job of this.queue.splice(0)) job.reject(new Error(this.failed));
  }

  /** Frees the slot, settling its job with `settle` unless the caller already gave up on it. */
  finish(slot, settle) {
    const job = slot.job;
    slot.job = null;
    if (!job) return;
    clearTimeout(job.timer);
    if (!job.cancelled) settle(job);
  }

  receive(slot, msg) {
    const job = slot.job;
    if (!job || msg.id !== job.id) return;
    if (msg.type === 'progress') { if (!job.cancelled) job.onProgress?.(msg.fraction, msg.note); return; }
    this.finish(slot, msg.type === 'result' ? (j) => j.resolve(msg.result) : (j) => j.reject(errorFromData(msg.error)));
    this.idleFrom(slot);
    this.pump();
  }

  /** Hands queued calls to free workers. */
  pump() {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift();
      slot.job = job;
      if (!slot.worker) this.spawn(slot);
      clearTimeout(slot.idle);
      slot.worker.postMessage({ type: 'call', id: job.id, method: job.method, params: job.params });
    }
  }

  /**
   * Queues engine method `method` (e.g. 'deepLinear.modeTrajectory') on `params`.
   * Returns { promise, cancel }. cancel() rejects the promise with an AbortError
   * at once; a running call is asked to stop, and its worker is replaced if it
   * has not let go within CANCEL_GRACE_MS.
   */
  run(method, params, { onProgress } = {}) {
    if (this.failed) return { promise: Promise.reject(new Error(this.failed)), cancel() {} };
    const job = { id: this.nextId++, method, params, onProgress, cancelled: false };
    const promise = new Promise((resolve, reject) => { job.resolve = resolve; job.reject = reject; });
    this.queue.push(job);
    this.pump();
    const cancel = () => {
      if (job.cancelled) return;
      const queued = this.queue.indexOf(job);
      const slot = this.slots.find((s) => s.job === job);
      if (queued < 0 && !slot) return;          // already settled
      job.cancelled = true;
      job.reject(aborted());
      if (queued >= 0) { this.queue.splice(queued, 1); return; }
      slot.worker.postMessage({ type: 'cancel', id: job.id });
      // A worker busy inside one long wasm call cannot read the cancel in time.
      job.timer = setTimeout(() => { if (slot.job === job) this.restart(slot, 'stopped'); }, CANCEL_GRACE_MS);
    };
    return { promise, cancel };
  }

  /** Convenience: await the result of one call. */
  call(method, params, options) {
    return this.run(method, params, options).promise;
  }
}
