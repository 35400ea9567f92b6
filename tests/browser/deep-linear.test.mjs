// The deep linear dynamics views in real Chromium: each runs in the worker and
// draws, simulation agrees with theory on the page, state round-trips through
// the URL, a diverging learning rate is explained, and a long sweep can be stopped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { fmt } from '../../web/js/format.js';

const BLUE = [0, 114, 178], VERMILION = [213, 94, 0], GREEN = [0, 158, 115];
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const readout = (page) => page.$$eval('#readout tr', (rows) => Object.fromEntries(rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])));

test('simulation vs theory: dots on the lines, and the link restores the same numbers', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/gd-modes`);
  await waitRuns(page);
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', BLUE) > 200, 'mode 1 drawn');
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', VERMILION) > 200, 'mode 2 drawn');
  const err = Number((await readout(page))['max |simulated − theory| over modes and times']);
  // Euler's O(lr) error at the default lr = 0.01, D = 3, s1 = 3: bound lr D s1^2 (tests/js explain it)
  assert.ok(err > 0 && err < 0.01 * 3 * 9, `max error ${err}`);
  await page.fill('#ctl-lr', '0.005');
  await page.press('#ctl-lr', 'Enter');
  await page.waitForFunction(() => location.hash.includes('lr=0.005'));
  await page.click('#run');
  await waitRuns(page, 2);
  const err2 = Number((await readout(page))['max |simulated − theory| over modes and times']);
  assert.ok(err2 < 0.6 * err, `halving lr must shrink the error: ${err} -> ${err2}`);
  const other = await env.newPage();
  await other.goto(page.url());
  await waitRuns(other);
  assert.equal(await other.inputValue('#ctl-lr'), '0.005');
  assert.deepEqual(await readout(other), await readout(page));
  assert.deepEqual([...page.errors, ...other.errors], []);
});

test('pause holds a long run with no work in flight; resume finishes it exactly as Node computes it', async () => {
  const hash = '#/gd-modes?depth=6&width=32&lr=0.002&steps=60000&v=1';
  const page = await env.newPage();
  await page.goto(`${env.url}${hash}`);
  // Partial results are drawn while it runs: the readout counts steps done so far.
  await page.waitForFunction(() => / of 60000 steps/.test(document.querySelector('#readout')?.textContent ?? ''), null, { timeout: 30000 });
  assert.equal(await page.textContent('#pause'), 'Pause');
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.state === 'paused', null, { timeout: 30000 });
  const status = await page.textContent('#status');
  const [, at] = status.match(/Paused at step (\d+) of 60000/) ?? [];
  assert.ok(Number(at) > 0 && Number(at) < 60000, status);
  assert.equal(await page.textContent('#pause'), 'Resume');
  assert.equal(await page.textContent('#run'), 'Stop');
  assert.equal(await page.textContent('#fingerprint'), '—', 'no fingerprint for a partial result');
  const held = await readout(page);
  await page.waitForTimeout(1000);
  assert.deepEqual(await readout(page), held, 'nothing moves while paused');
  assert.equal(await page.evaluate(() => globalThis.depthlab.client.slots.filter((s) => s.job).length), 0, 'no worker call in flight');
  await page.click('#pause');
  await waitRuns(page, 1, 90000);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
  assert.match((await readout(page))['time simulated'], /in 60000 steps/);
  const node = await runDemo(await loadEngine(), hash);
  assert.equal(await page.textContent('#fingerprint'), node.fingerprint, 'paused-and-resumed run equals an uninterrupted one');
  assert.deepEqual(page.errors, []);
});

test('a paused run ends on Stop or on a parameter change, keeping what it drew', async () => {
  const page = await env.newPage();
  for (const end of ['stop', 'change']) {
    await page.goto(`${env.url}#/gd-modes?depth=6&width=32&lr=0.002&steps=60000&seed=${end === 'stop' ? 2 : 3}&v=1`);
    // Pause acts at once: wait until a first segment is drawn, so there is something to keep.
    await page.waitForFunction(() => / of 60000 steps/.test(document.querySelector('#readout')?.textContent ?? ''), null, { timeout: 30000 });
    await page.click('#pause');
    await page.waitForFunction(() => document.body.dataset.state === 'paused', null, { timeout: 30000 });
    if (end === 'stop') {
      await page.click('#run');
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      assert.match(await page.textContent('#status'), /Stopped where it was paused/);
    } else {
      await page.fill('#ctl-seed', '4');
      await page.press('#ctl-seed', 'Enter');
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      assert.match(await page.textContent('#status'), /the settings changed/);
      assert.equal(await page.textContent('#fingerprint'), '—');
      assert.ok(await page.isVisible('#out-of-date'), 'the partial result of the old settings is marked out of date');
    }
    assert.equal(await page.textContent('#run'), 'Run');
    assert.ok(await page.isDisabled('#pause'));
    assert.match((await readout(page))['time simulated'], / of 60000 steps/, 'the partial result stays drawn');
    assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', BLUE) > 100);
  }
  assert.deepEqual(page.errors, []);
});

test('a learning rate that diverges is stopped and explained, not drawn', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/gd-modes?lr=0.9&v=1`);
  await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 30000 });
  const [, lr] = (await page.textContent('#status')).match(/Try a learning rate of ([\d.e-]+) or less/);
  // Following the advice clears the error, which belonged to the old settings; Run then trains.
  await page.fill('#ctl-lr', lr);
  await page.press('#ctl-lr', 'Enter');
  assert.match(await page.textContent('#status'), /Settings changed/);
  await page.click('#run');
  await waitRuns(page, 1, 30000);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
  assert.deepEqual(page.errors, []);
});

test('depth and learning speed: the sweep runs with progress and shows flat orthogonal times', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/depth-speed?maxDepth=20&width=12&v=1`);
  await waitRuns(page, 1, 60000);
  for (const c of [BLUE, VERMILION, GREEN]) assert.ok(await pixelsOfColour(page, '#charts canvas', c) > 50, `series ${c} drawn`);
  const r = await readout(page);
  const [o1, o20] = r['scaled orthogonal (gain g): epochs at D = 1 → D = 20'].split(' → ').map(Number);
  assert.ok(o20 < 2 * o1, `orthogonal ${o1} -> ${o20}`);
  assert.deepEqual(page.errors, []);
});

test('Fashion-MNIST depth: no data with the first view; the view loads it once and shows Node’s numbers and checked claims', async () => {
  const hash = '#/fmnist-depth?maxDepth=4&components=20&v=1';
  const expected = (await runDemo(await loadEngine(), hash)).fingerprint;
  const page = await env.newPage();
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/data/')) fetched.push(r.url()); });
  await page.goto(`${env.url}#/modes`);
  await waitRuns(page);
  assert.deepEqual(fetched, [], 'the first view loads no data');
  await page.evaluate((h) => { location.hash = h; }, hash);
  await waitRuns(page, 2, 60000);
  assert.equal(await page.textContent('#fingerprint'), expected);
  assert.equal(fetched.length, 1, `the data file, once: ${fetched}`);
  for (const c of [BLUE, VERMILION]) assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', c) > 50, `series ${c} drawn`);
  assert.match((await readout(page)).data, /^10000 training images, 20 inputs keeping \d/);
  assert.ok(await page.$$eval('#claims li', (li) => li.length) >= 1, 'its claims are listed');
  assert.deepEqual(page.errors, []);
});

test('a long sweep can be stopped', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/depth-speed?maxSteps=50000&width=64&v=1`);
  await page.waitForFunction(() => document.body.dataset.state === 'running');
  await page.waitForTimeout(300);
  await page.click('#run');   // the Run button is Stop while running
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  assert.match(await page.textContent('#status'), /Stopped/);
  assert.deepEqual(page.errors, []);
});

test('dynamical isometry: the histogram and the spread chart draw', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/isometry?depth=8&width=32&v=1`);
  await waitRuns(page);
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', BLUE, 60) > 50, 'orthogonal bar');
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', VERMILION, 60) > 20, 'Gaussian bars');
  assert.match((await readout(page))['orthogonal: largest / smallest'], /^1 \/ 1$/);
  // A tanh network on the same page: the Jacobian's spectrum, the mean-field χ₁ in the
  // readout (the engine's fixed point), and the chosen setting on the phase diagram.
  await page.selectOption('#ctl-phi', 'tanh');
  await waitRuns(page, 2);
  const chi1 = (await readout(page))['theory: χ₁, q*, mean λ = χ₁ᴰ'].split(', ')[0];
  assert.equal(chi1, fmt((await loadEngine()).chaos.fixedPoint({ phi: 'tanh', sw: 1, sb: 0.05 }).chi1));
  assert.ok(await pixelsOfColour(page, 'figure[data-chart="phase"] canvas', [17, 17, 17], 30) > 20, 'the χ₁ = 1 line and the dot');
  assert.ok(await pixelsOfColour(page, 'figure[data-chart="hist"] canvas', BLUE, 60) > 50, 'orthogonal bars');
  assert.deepEqual(page.errors, []);
});

test('rich vs lazy: the λ sweep agrees with the aligned theory', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/rich-lazy`);
  await waitRuns(page);
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', GREEN) > 100, 'tangent kernel drawn');
  const err = Number((await readout(page))['max |simulated − theory| (relative change)']);
  assert.ok(err < 0.02, `max error ${err} (O(lr) with lr = 0.01)`);
  assert.deepEqual(page.errors, []);
});

test('lazy to rich over time: gradient descent on the exact solution, every claim holds, linked from rich vs lazy', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/lazy-rich-dynamics`);
  await waitRuns(page);
  const gap = Number((await readout(page))['largest |W₂W₁ (gradient descent) − W₂W₁ (exact)| / |Σ₃₁|']);
  assert.ok(gap < 0.03, `gap ${gap} (O(lr) with lr = 0.005)`);
  const marks = await page.$$eval('#claims .claim', (els) => els.map((c) => c.dataset.holds));
  assert.ok(marks.length >= 4 && marks.every((m) => m === 'true'), `claims: ${marks}`);
  assert.ok(await page.$('#related a[href^="#/rich-lazy?"]'), 'See also: rich vs lazy');
  assert.deepEqual(page.errors, []);
});
