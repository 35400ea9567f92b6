// Long work never hurts the page: Stop cancels, a new run supersedes the old,
// a crashed worker is replaced, and the page keeps working after each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

// A slow depth sweep: wide networks and many epochs, so it is still running when we act.
const SLOW = '#/depth-speed?maxDepth=50&width=64&maxSteps=50000&v=1';

test('Stop cancels a long run, and the next run completes', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}${SLOW}`);
  await page.waitForFunction(() => document.body.dataset.state === 'running');
  await page.waitForTimeout(300);
  assert.equal(await page.textContent('#run'), 'Stop');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  assert.equal(await page.textContent('#status'), 'Stopped.');
  assert.equal(await page.isVisible('#progress'), false);
  // The page still works: a cheap view runs to the end.
  await page.goto(`${env.url}#/modes?s1=4&v=1`);
  await waitRuns(page);
  assert.match(await page.textContent('#status'), /^Computed in/);
  assert.deepEqual(page.errors, []);
});

test('a crashed worker is replaced and the page stays usable', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/modes`);
  await waitRuns(page);
  // Every worker in the pool "crashes" (the error event a dying worker raises).
  await page.evaluate(() => {
    for (const slot of globalThis.depthlab.client.slots) slot.worker.dispatchEvent(new ErrorEvent('error', { message: 'simulated crash' }));
  });
  await page.fill('#ctl-s1', '5');
  await page.press('#ctl-s1', 'Enter');
  await waitRuns(page, 2);
  assert.match(await page.textContent('#status'), /^Computed in/);
  assert.deepEqual(page.errors, []);
});

test('changing a control while a run is going starts over with the new values', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}${SLOW}`);
  await page.waitForFunction(() => document.body.dataset.state === 'running');
  await page.goto(`${env.url}#/depth-speed?maxDepth=4&width=8&maxSteps=2000&v=1`);
  await waitRuns(page, 1, 60000);
  assert.match(await page.textContent('#status'), /^Computed in/);
  assert.match(page.url(), /maxDepth=4/);
  assert.deepEqual(page.errors, []);
});

test('a run yields between chunks without the 4 ms floor of a nested timer, in a worker as the engine runs', async () => {
  const page = await env.newPage();
  // A worker of the page's own origin (its CSP allows no other) that times 200 yields.
  await page.route('**/yield-timing-worker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: `
    import { yieldToLoop } from './js/engine/chunked.js';
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await yieldToLoop();
    postMessage(performance.now() - t0);` }));
  await page.goto(`${env.url}#/modes?v=1`);
  const ms = await page.evaluate(() => new Promise((resolve, reject) => {
    const w = new Worker('yield-timing-worker.js', { type: 'module' });
    w.onmessage = (e) => { resolve(e.data); w.terminate(); };
    w.onerror = (e) => reject(new Error(`worker: ${e.message}`));
  }));
  // setTimeout(0) sleeps 4 ms once nested: 200 such yields would take 780 ms or more.
  assert.ok(ms < 300, `200 yields took ${ms.toFixed(1)} ms`);
  assert.deepEqual(page.errors, []);
});
