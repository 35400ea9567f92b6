// The page in real Chromium: loads with no console error, computes in the
// worker, draws, keeps its state in the URL, and survives bad links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';

const BLUE = [0, 114, 178];   // PALETTE[0]: the first mode's line
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('the first demo loads, runs in the worker and draws its curves', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/modes`);
  await waitRuns(page);
  // The footer's engine line comes from its own worker call, which may answer after the first run.
  await page.waitForFunction(() => /wasm SIMD/.test(document.querySelector('#engine-info').textContent));
  assert.ok(await pixelsOfColour(page, '#charts canvas', BLUE) > 300, 'mode 1 curve drawn');
  assert.match(page.url(), /#\/modes\?depth=2&s1=3&s2=2&s3=1&a0=0\.001&tmax=6&v=1$/);
  assert.match(await page.textContent('#readout'), /mode 1: time to reach s\/2/);
  assert.deepEqual(page.errors, []);
});

test('a control change updates the URL, and reloading that URL restores the state', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/modes`);
  await waitRuns(page);
  const before = await page.textContent('#readout');
  await page.fill('#ctl-s1', '6');
  await page.press('#ctl-s1', 'Enter');
  await page.waitForFunction(() => location.hash.includes('s1=6'));
  await waitRuns(page, 2);
  assert.notEqual(await page.textContent('#readout'), before, 'readout recomputed');
  const link = page.url();
  const other = await env.newPage();
  await other.goto(link);
  await waitRuns(other);
  assert.equal(await other.inputValue('#ctl-s1'), '6');
  assert.equal(await other.textContent('#readout'), await page.textContent('#readout'));
  // The slider is keyboard-operable and moves the value too.
  await other.focus('.control:has(#ctl-depth) input[type=range]');
  await other.keyboard.press('ArrowRight');
  await other.waitForFunction(() => location.hash.includes('depth=3'));
  assert.deepEqual([...page.errors, ...other.errors], []);
});

test('a hostile or malformed link falls back to defaults with a visible notice', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/modes?s1=<img src=x onerror=alert(1)>&depth=999&bogus=1&v=1`);
  await waitRuns(page);
  const notice = await page.textContent('#notices');
  assert.match(notice, /s₁ \(s1\) is not a number/);
  assert.match(notice, /\(depth\) must be in \[1, 20\]/);
  assert.match(notice, /unknown parameter "bogus"/);
  assert.equal(await page.inputValue('#ctl-s1'), '3');
  assert.equal(await page.$('#notices img'), null, 'nothing from the URL became markup');
  assert.deepEqual(page.errors, []);
});

test('the start view comes first, then a tab per area; switching tabs keeps the page working', async () => {
  const page = await env.newPage();
  await page.goto(env.url);
  await page.waitForSelector('#tab-start[aria-selected=true]');
  const tabs = await page.$$eval('#tabs [role=tab]', (b) => b.map((x) => x.textContent));
  assert.deepEqual(tabs, ['Start', 'Deep linear dynamics', 'Semantic differentiation', 'Transient chaos', 'Perceptual learning']);
  for (const id of ['semantic', 'chaos', 'perceptual', 'deep-linear']) {
    await page.click(`#tab-${id}`);
    await page.waitForSelector(`#tab-${id}[aria-selected=true]`);
  }
  await waitRuns(page, 1);
  await page.click('#tab-start');
  await page.waitForSelector('#start:not([hidden])');
  assert.equal(await page.isVisible('#demo'), false);
  assert.deepEqual(page.errors, []);
});

test('hostile links execute nothing, and the CSP blocks inline script', async () => {
  const page = await env.newPage();
  const hostile = [
    '#/modes?s1=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E&v=1',
    '#/%3Csvg%20onload%3D%22window.__pwned%3D1%22%3E?a0=1',
    '#/modes?%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E=1',
    `#/modes?tmax=${'9'.repeat(5000)}`,
  ];
  for (const hash of hostile) {
    await page.goto(`${env.url}${hash}`);
    await waitRuns(page);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, hash);
    assert.ok((await page.textContent('#notices')).length < 2000, 'notices stay short');
  }
  // Even script injected into the DOM does not run: only files from the page's origin may.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    return window.__inline;
  });
  assert.equal(ran, undefined);
  // The CSP report itself is a console error; nothing else may be.
  assert.deepEqual(page.errors.filter((e) => !/Content Security Policy/.test(e)), []);
});

test('the claims list marks each result sentence for the run on screen', async () => {
  const read = (page) => page.$$eval('#claims .claim', (li) => li.map((x) => ({ holds: x.dataset.holds, text: x.querySelector('.claim-text').textContent })));
  // A tenfold learning rate: gradient descent leaves the exact dynamics by more than the sentence allows.
  const gd = await env.newPage();
  await gd.goto(`${env.url}#/gd-modes?lr=0.1&v=1`);
  await waitRuns(gd);
  const gap = (await read(gd)).find((c) => c.text.startsWith('From the decoupled start the dots sit on the lines'));
  assert.equal(gap.holds, 'false');
  assert.match(gap.text, /not at these settings: largest gap /);
  // At depth 1 every mode has the same time course: only the sentence about a shallow network is listed, and holds.
  const page = await env.newPage();
  await page.goto(`${env.url}#/modes?depth=1&v=1`);
  await waitRuns(page);
  const claims = await read(page);
  assert.ok(!claims.some((c) => c.text.startsWith('Stronger modes are learned first')), 'a sentence about depth >= 2 is not listed');
  assert.equal(claims.find((c) => c.text.startsWith('A shallow network (D = 1)')).holds, 'true');
  // Depth 2 (a live view: it recomputes): the order holds, the depth-1 sentence is no longer shown.
  await page.fill('#ctl-depth', '2');
  await page.press('#ctl-depth', 'Enter');
  await waitRuns(page, 2);
  const after = await read(page);
  assert.equal(after.find((c) => c.text.startsWith('Stronger modes are learned first')).holds, 'true');
  assert.ok(!after.some((c) => c.text.startsWith('A shallow network')));
  assert.deepEqual([...gd.errors, ...page.errors], []);
});
