// The page's side of the worker protocol (see worker.js): request ids,
// progress callbacks, cancel, and a fresh worker when one crashes or ignores
// a cancel, so the page stays usable.

const CANCEL_GRACE_MS = 1500;
const MAX_CRASHES = 3;

export class EngineClient {
  /** `worker`: { url, type } of the worker script; by default the module worker beside this file. */
  constructor(worker = { url: new URL('./worker.js', import.meta.url), type: 'module' }) {
    this.workerSpec = worker;
    this.crashes = 0;   // consecutive crashes without an answer in between
    this.nextId = 1;
    this.pending = new Map();   // id -> { resolve, reject, onProgress }
    this.spawn();
  }

  spawn() {
    this.worker = new Worker(this.workerSpec.url, { type: this.workerSpec.type });
    this.worker.onmessage = ({ data }) => { this.crashes = 0; this.receive(data); };
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      // A worker that cannot even start would crash again at once: stop after a few tries.
      if (++this.crashes >= MAX_CRASHES) {
        this.worker.terminate();
        this.failed = `the compute worker could not start (${e.message || 'it failed to load'})`;
        for (const { reject } of this.pending.values()) reject(new Error(this.failed));
        this.pending.clear();
        return;
      }
      this.restart(`the compute worker crashed (${e.message || 'no message'}); it has been restarted`);
    };
  }

  /** Ends the current worker, fails every pending call with `why`, starts a new worker. */
  restart(why) {
    this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(new Error(why));
    this.pending.clear();
    this.spawn();
  }

  receive(msg) {
    const call = this.pending.get(msg.id);
    if (!call) return;
    if (msg.type === 'progress') { call.onProgress?.(msg.fraction, msg.note); return; }
    this.pending.delete(msg.id);
    if (msg.type === 'result') call.resolve(msg.result);
    else call.reject(Object.assign(new Error(msg.message), { name: msg.name }));
  }

  /**
   * Starts engine method `method` (e.g. 'deepLinear.modeTrajectory') on `params`.
   * Returns { promise, cancel }. cancel() rejects the promise with an AbortError
   * at once; if the worker has not let go of the call soon after, it is replaced.
   */
  run(method, params, { onProgress } = {}) {
    if (this.failed) return { promise: Promise.reject(new Error(this.failed)), cancel() {} };
    const id = this.nextId++;
    let reject;
    const promise = new Promise((res, rej) => {
      reject = rej;
      this.pending.set(id, { resolve: res, reject: rej, onProgress });
    });
    this.worker.postMessage({ type: 'call', id, method, params });
    const cancel = () => {
      if (!this.pending.has(id)) return;
      this.pending.delete(id);
      reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
      this.worker.postMessage({ type: 'cancel', id });
      const worker = this.worker;
      const probe = this.nextId++;
      const timer = setTimeout(() => {
        if (this.worker === worker) this.restart('the compute worker did not stop in time and was restarted');
      }, CANCEL_GRACE_MS);
      // The worker answers calls in order once it is free: an answer to this probe means it let go.
      this.pending.set(probe, { resolve: () => clearTimeout(timer), reject: () => clearTimeout(timer) });
      worker.postMessage({ type: 'call', id: probe, method: 'info' });
    };
    return { promise, cancel };
  }

  /** Convenience: await the result of one call. */
  call(method, params, options) {
    return this.run(method, params, options).promise;
  }
}
