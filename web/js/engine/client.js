// The page's side of the worker protocol (see worker.js): a small pool of
// compute workers fed from one queue, request ids, progress callbacks and
// cancel. Each worker runs one call at a time and takes the next queued call
// as soon as it is free, so a sweep's uneven points balance themselves. A
// worker that crashes or ignores a cancel is replaced; the page stays usable.

const CANCEL_GRACE_MS = 1500;
const MAX_CRASHES = 3;

/** Workers to start: one per core (the page thread mostly waits), at most 4 (memory grows with each). */
export function poolSize() {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, Math.min(4, cores));
}

const abortError = () => Object.assign(new Error('cancelled'), { name: 'AbortError' });

export class EngineClient {
  /**
   * `worker`: { url, type } of the worker script (default: the module worker
   * beside this file); `size`: number of workers.
   */
  constructor(worker = { url: new URL('./worker.js', import.meta.url), type: 'module' }, size = poolSize()) {
    this.spec = worker;
    this.nextId = 1;
    this.failed = null;
    this.queue = [];
    this.slots = Array.from({ length: size }, () => this.spawn({ job: null, crashes: 0 }));
  }

  get size() { return this.slots.length; }

  spawn(slot) {
    slot.worker = new Worker(this.spec.url, { type: this.spec.type });
    slot.worker.onmessage = ({ data }) => { slot.crashes = 0; this.receive(slot, data); };
    slot.worker.onerror = (e) => { e.preventDefault?.(); this.crashed(slot, e.message || 'it failed to load'); };
    return slot;
  }

  /** Replaces a slot's worker; its current call (if any) fails with `why`. */
  restart(slot, why) {
    slot.worker.terminate();
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
    for (const s of this.slots) { s.worker.terminate(); this.finish(s, (job) => job.reject(new Error(this.failed))); }
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
    this.finish(slot, msg.type === 'result' ? (j) => j.resolve(msg.result)
      : (j) => j.reject(Object.assign(new Error(msg.message), { name: msg.name, status: msg.status })));
    this.pump();
  }

  /** Hands queued calls to free workers. */
  pump() {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift();
      slot.job = job;
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
      job.reject(abortError());
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
