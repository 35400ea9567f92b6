// One worker of bench/pool.mjs: loads the engine once, then answers
// { id, method, params } with { id, result } (like web/js/worker.js, minus the page).
import { parentPort } from 'node:worker_threads';
import { loadEngine, engineMethod } from '../web/js/engine/index.js';

const eng = await loadEngine({ variant: 'simd' });
parentPort.on('message', async ({ id, method, params }) => {
  const result = await engineMethod(eng, method)(params);
  parentPort.postMessage({ id, result });
});
parentPort.postMessage({ ready: true });
