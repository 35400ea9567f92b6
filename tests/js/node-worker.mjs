// Runs web/js/engine/worker.js in a Node worker thread behind the Web Worker
// interface the page uses (new Worker(url), onmessage, onerror, postMessage,
// terminate), so EngineClient can be tested with real workers in Node.
import { Worker as ThreadWorker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (!isMainThread) {
  // Inside the thread: the globals a dedicated Web Worker has, then the worker script.
  globalThis.self = globalThis;
  globalThis.postMessage = (msg, transfer) => parentPort.postMessage(msg, transfer);
  // Messages that arrive while the script loads wait for it, as a Web Worker's do.
  const early = [];
  parentPort.on('message', (data) => (globalThis.onmessage ? globalThis.onmessage({ data }) : early.push(data)));
  await import(workerData);
  for (const data of early.splice(0)) globalThis.onmessage({ data });
}

/** A Web Worker made of a Node worker thread; counts the threads that have ended. */
export class NodeWebWorker {
  static ended = 0;

  constructor(url) {
    this.thread = new ThreadWorker(new URL(import.meta.url), { workerData: String(url) });
    this.thread.on('message', (data) => this.onmessage?.({ data }));
    this.thread.on('error', (e) => this.onerror?.({ message: e.message }));
    this.thread.on('exit', () => { NodeWebWorker.ended++; });
  }

  postMessage(msg) { this.thread.postMessage(msg); }

  terminate() { this.thread.terminate(); }
}
