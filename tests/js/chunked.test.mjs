// The chunk driver of long runs (web/js/engine/chunked.js): it does all the work,
// stops on a signal, and its yields to the event loop cost no sleep (a run yields
// after every chunk, so a timer's 1 ms floor added up to a sixth of a sweep).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunked, yieldToLoop } from '../../web/js/engine/chunked.js';

test('chunked does exactly the work asked, in growing chunks, and reports progress up to 1', async () => {
  const sizes = [], progress = [];
  const done = await chunked(10000, (n) => { sizes.push(n); }, { onProgress: (f) => progress.push(f) });
  assert.equal(done, 10000);
  assert.equal(sizes.reduce((a, b) => a + b, 0), 10000);
  assert.equal(sizes[0], 1);
  assert.ok(sizes[1] > sizes[0], 'a fast step grows the next chunk');
  assert.equal(progress.at(-1), 1);
  assert.ok(progress.every((f, i) => i === 0 || f > progress[i - 1]));
});

test('chunked stops when step returns false, and throws an AbortError once the signal is aborted', async () => {
  const sizes = [];
  const done = await chunked(1e6, (n) => sizes.push(n) < 3, { first: 5 });
  assert.equal(sizes.length, 3);
  assert.equal(done, sizes[0] + sizes[1] + sizes[2]);
  const ctl = new AbortController();
  await assert.rejects(chunked(1e9, () => { ctl.abort(); }, { signal: ctl.signal }), { name: 'AbortError' });
});

test('a yield lets a waiting message through and sleeps no timer floor', async () => {
  // A message sent before the yield is handled during it (how a cancel gets through).
  const { port1, port2 } = new MessageChannel();
  let got = false;
  port1.onmessage = () => { got = true; };
  port2.postMessage('cancel');
  for (let i = 0; i < 5 && !got; i++) await yieldToLoop();
  port1.close();
  assert.ok(got, 'the message arrived while yielding');
  // setTimeout(0) waits at least 1 ms here: 300 of them would take 300 ms or more.
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) await yieldToLoop();
  const ms = performance.now() - t0;
  assert.ok(ms < 150, `300 yields took ${ms.toFixed(1)} ms`);
});
