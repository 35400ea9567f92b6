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
