// The page's worker pool (engine/client.js) with real workers: web/js/engine/worker.js
// in Node worker threads behind the Web Worker interface (node-worker.mjs). Errors keep
// their class, status and detail across the boundary, so the page can tell a diverged
// run from an invalid one; idle workers are ended and fresh ones started on demand.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { NodeWebWorker } from './node-worker.mjs';
import { EngineClient } from '../../web/js/engine/client.js';
import { EngineError } from '../../web/js/engine/errors.js';
import { DLAB_EDIVERGED, DLAB_EINVAL } from '../../web/js/engine/c-constants.js';

globalThis.Worker = NodeWebWorker;
const IDLE_MS = 300;
const client = new EngineClient(undefined, 1, { idleMs: IDLE_MS });
after(() => client.close());

const rejection = async (promise) => {
  try { await promise; } catch (e) { return e; }
  assert.fail('the call should have failed');
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a diverged run arrives as an EngineError with its status and the divergence facts', async () => {
  const p = { depth: 4, width: 4, singularValues: [3, 1], init: 'decoupled', a0: 0.5, steps: 2000, lr: 5 };
  const e = await rejection(client.call('deepLinear.simulate', p));
  assert.ok(e instanceof EngineError, `${e.name}: ${e.message}`);
  assert.equal(e.status, DLAB_EDIVERGED);
  assert.match(e.message, /training diverged at step \d+/);
  // The facts behind the sentence, as numbers: the step it names, the lr, the estimate.
  const { step, lr, stableLr } = e.detail;
  assert.equal(lr, 5);
  assert.equal(e.message.match(/at step (\d+)/)[1], String(step));
  assert.ok(stableLr > 0 && stableLr < lr, `stableLr ${stableLr}`);
});

test('an invalid argument caught in C is an EngineError with status DLAB_EINVAL', async () => {
  const e = await rejection(client.call('deepLinear.learningTime', { depth: 2, s: 1, a0: 0.1, af: 2 }));
  assert.ok(e instanceof EngineError);
  assert.equal(e.status, DLAB_EINVAL);
  assert.match(e.message, /af must lie between a0/);
});

test('a parameter refused in JS stays a RangeError; a CSV error keeps its line and column', async () => {
  const range = await rejection(client.call('deepLinear.simulate', { depth: 0 }));
  assert.ok(range instanceof RangeError && !(range instanceof EngineError));
  assert.match(range.message, /depth must be an integer in \[1, 200\], got 0/);
  const csv = await rejection(client.call('semantic.dataset', { kind: 'csv', text: 'item,fly\nrobin,yes' }));
  assert.ok(csv instanceof RangeError);
  assert.equal(csv.name, 'CSVError');
  assert.deepEqual([csv.line, csv.column], [2, 2]);
});

test('an idle worker is ended after idleMs, and the next call starts a fresh one', async () => {
  assert.equal(await client.call('deepLinear.learningTime', { depth: 1, s: 2, a0: 1, af: 1.5 }), Math.log(2));
  assert.equal(client.live, 1);
  const ended = NodeWebWorker.ended;
  await sleep(3 * IDLE_MS);   // generous: a loaded machine delays timers, never shortens them
  assert.equal(client.live, 0, 'the idle worker is still running');
  assert.equal(NodeWebWorker.ended, ended + 1, 'its thread did not exit');
  // A busy worker is not ended: a call running longer than idleMs keeps its worker.
  const long = client.run('deepLinear.simulate', { depth: 2, width: 4, singularValues: [1], lr: 0.01, steps: 1e8, every: 1e6 });
  let settled = false;
  long.promise.catch(() => {}).finally(() => { settled = true; });
  await sleep(3 * IDLE_MS);
  assert.ok(!settled, 'the long call ended early');
  assert.equal(client.live, 1);
  long.cancel();
  assert.equal((await rejection(long.promise)).name, 'AbortError');
});
