// One thread of `depthlab sweep`: loads the engine once, then answers
// { index, hash, summary } with { index, fingerprint, summary } or { index, error }.
// A run that fails (a learning rate that diverges, a size past a limit) is a row
// with its sentence; a summary name the result does not have ends the sweep (fatal).
import { parentPort } from 'node:worker_threads';
import { loadEngine } from '../web/js/engine/index.js';
import { runDemo } from '../web/js/demos/headless.js';
import { summarize } from '../web/js/demos/sweep.js';

const eng = await loadEngine();
parentPort.on('message', async ({ index, hash, summary }) => {
  let result;
  try {
    result = await runDemo(eng, hash);
  } catch (e) {
    parentPort.postMessage({ index, error: e.message });
    return;
  }
  try {
    const cells = summarize(result.demo, result.data, result.values, summary);
    parentPort.postMessage({ index, fingerprint: result.fingerprint, summary: cells });
  } catch (e) {
    parentPort.postMessage({ index, fatal: e.message });
  }
});
parentPort.postMessage({ ready: true });
