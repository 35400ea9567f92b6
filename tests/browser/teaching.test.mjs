// The way in for students and the embeds teachers shape, in real Chromium: the
// start view and glossary, a tour from its first step to its last, hide= in a
// link, the Embed dialog with its live preview, and embed mode's own buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns } from './harness.mjs';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { AREAS } from '../../web/js/demos/index.js';
import { GLOSSARY } from '../../web/js/demos/glossary.js';
import { REFERENCES } from '../../web/js/demos/references.js';
import { TOURS, stepLink } from '../../web/js/demos/tours.js';

let env, eng;
before(async () => { env = await start(); eng = await loadEngine(); });
after(async () => { await env?.close(); });

const shown = (page, sel) => page.isVisible(sel);

test('from the start view a tour runs from its first step to its last; each step URL loads its state, whose notice holds', async () => {
  const page = await env.newPage();
  await page.goto(env.url);
  await page.waitForSelector('#start .area-card');
  assert.equal(await shown(page, '#demo'), false);
  assert.equal(await page.evaluate(() => document.body.dataset.runs), undefined, 'nothing computes on the start view');
  const cards = await page.$$eval('#start .area-card', (cs) => cs.map((c) => ({
    title: c.querySelector('h3').textContent, alt: c.querySelector('svg[role=img]')?.getAttribute('aria-label'),
    tour: c.querySelector('a.button').getAttribute('href') })));
  assert.deepEqual(cards.map((c) => c.title), AREAS.map((a) => a.title));
  cards.forEach((c, i) => { assert.ok(c.alt?.length > 10); assert.equal(c.tour, `#/tour/${AREAS[i].id}/1`); });

  const tour = TOURS.find((t) => t.id === 'perceptual');   // the quickest to compute
  await page.click(`#start a[href="#/tour/${tour.id}/1"]`);
  for (const [i, step] of tour.steps.entries()) {
    const n = i + 1;
    await waitRuns(page, n, 60000);
    assert.equal(await page.evaluate(() => location.hash), `#/tour/${tour.id}/${n}`);
    assert.match(await page.textContent('#tour .tour-where'), new RegExp(`step ${n} of ${tour.steps.length}`));
    assert.equal(await page.textContent('#tour h2'), step.title);
    // The page computed the step's state (the same numbers as Node), and at that state the notice holds.
    const node = await runDemo(eng, stepLink(step));
    assert.equal(await page.textContent('#fingerprint'), node.fingerprint, `step ${n}`);
    const other = async (set) => runDemo(eng, stepLink({ ...step, set: { ...step.set, ...set } }));
    const { holds, detail } = await step.check(node.data, node.values, { drawn: node.demo.draw(node.data, node.values), other });
    assert.equal(holds, true, `step ${n}: ${detail}`);
    await page.click('#tour a[rel=next]');
  }
  await page.waitForSelector('#start:not([hidden])');   // Finish leads back to the start
  await page.goBack();
  await page.waitForSelector(`#tour h2:text("${tour.steps.at(-1).title}")`);
  await page.click('#tour a[rel=prev]');
  const n = tour.steps.length - 1, step = tour.steps[n - 1];
  await page.waitForSelector(`#tour h2:text("${step.title}")`);
  assert.equal(await page.evaluate(() => location.hash), `#/tour/${tour.id}/${n}`);

  // A student's change stays in the step's link (reloading keeps tour and state); Reset returns to the step.
  const key = (await page.getAttribute('#controls input[inputmode]', 'id')).slice('ctl-'.length);
  const runs = Number(await page.evaluate(() => document.body.dataset.runs));
  await page.fill(`#ctl-${key}`, '3');
  await page.press(`#ctl-${key}`, 'Enter');
  await page.waitForFunction(([k, p]) => location.hash.startsWith(`${p}?`) && location.hash.includes(`${k}=3&`), [key, `#/tour/${tour.id}/${n}`]);
  await waitRuns(page, runs + 1);
  await page.reload();
  await waitRuns(page);
  assert.equal(await page.textContent('#tour h2'), step.title);
  assert.equal(await page.inputValue(`#ctl-${key}`), '3');
  await page.click('#reset');
  await page.waitForFunction((h) => location.hash === h, `#/tour/${tour.id}/${n}`);

  // The glossary: every symbol, and the page's only links off-site, one per paper, in a new tab that cannot reach back.
  await page.click('#tour a[href="#/"]');
  await page.click('#start a[href="#/glossary"]');
  await page.waitForSelector('#glossary dl');
  assert.equal(await page.$$eval('#glossary dt', (d) => d.length), GLOSSARY.length);
  const out = await page.$$eval('a[href^="http"]', (as) => as.filter((a) => a.offsetParent).map((a) => [a.target, a.rel]));
  assert.equal(out.length, REFERENCES.length);
  for (const link of out) assert.deepEqual(link, ['_blank', 'noopener']);
  assert.deepEqual(page.errors, []);
});

test('hide= takes away single controls, the whole panel or the text; hidden values still apply', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/modes?s1=5&hide=s1,a0,bogus&v=1`);
  await waitRuns(page);
  assert.equal(await page.textContent('#fingerprint'), (await runDemo(eng, '#/modes?s1=5')).fingerprint, 's1 = 5 from the link applies');
  assert.deepEqual([await shown(page, '#ctl-s1'), await shown(page, '#ctl-a0'), await shown(page, '#ctl-s2')], [false, false, true]);
  assert.match(await page.textContent('#notices'), /hide=bogus names no control/);
  assert.match(page.url(), /&hide=s1,a0&v=1$/);
  // Visible controls still work, the link keeps hide=, and Reset leaves hidden values alone.
  await page.fill('#ctl-s2', '4');
  await page.press('#ctl-s2', 'Enter');
  await page.waitForFunction(() => /s2=4&.*hide=s1,a0&v=1$/.test(location.hash));
  await page.click('#reset');
  await page.waitForFunction(() => /s1=5&s2=2&.*hide=s1,a0&v=1$/.test(location.hash));
  await page.evaluate(() => { location.hash = location.hash.replace('hide=s1,a0', 'hide=controls,text'); });
  await page.waitForSelector('#controls', { state: 'hidden' });
  assert.deepEqual([await shown(page, '.explain'), await shown(page, '#reset'), await shown(page, '#run'), await shown(page, '#charts canvas')],
    [false, false, true, true]);
  assert.deepEqual(page.errors, []);
});

test('the Embed dialog builds the snippet from its checkboxes and previews exactly that URL', async () => {
  const page = await env.newPage({ width: 1400, height: 1000 });
  await page.goto(`${env.url}#/modes?s1=5`);
  await waitRuns(page);
  await page.click('#embed');
  const code = () => page.inputValue('#embed-code');
  const src = async () => (await code()).match(/src="([^"]+)"/)[1];
  assert.match(await code(), /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#\/modes\?depth=2&s1=5&.*&embed=1&v=1" title="depthlab: Mode trajectories" width="560" height="480" style="border:0" allow="fullscreen; clipboard-write" loading="lazy"><\/iframe>$/);
  await page.check('#embed-hide input[value=a0]');
  await page.check('#embed-hide input[value=text]');
  assert.match(await src(), /&hide=a0,text&embed=1&v=1$/);
  assert.equal(await page.getAttribute('#embed-preview', 'src'), await src());
  await page.check('#embed-hide input[value=controls]');
  assert.match(await src(), /&hide=controls,text&embed=1&v=1$/, 'the whole panel makes single controls moot');
  assert.equal(await page.isDisabled('#embed-hide input[value=s1]'), true);
  // The preview is the embed itself: it computes, and shows what the snippet promises.
  const frame = page.frame({ url: (u) => u.href.includes('embed=1') });
  await frame.waitForFunction((s) => location.href === s && Number(document.body.dataset.runs) >= 1, await src());
  assert.equal(await frame.textContent('h1'), 'Mode trajectories');
  assert.deepEqual([await frame.isVisible('#controls'), await frame.isVisible('.explain'), await frame.isVisible('#charts canvas')], [false, false, true]);
  await page.click('#embed-dialog button[value=close]');
  // The dialog's close event (which empties the preview box) is queued as a task: wait for it.
  await page.waitForSelector('#embed-preview', { state: 'detached', timeout: 5000 });
  assert.equal(await page.$('#embed-preview'), null, 'closing unloads the preview');
  assert.deepEqual(page.errors, []);
});

test('in an embed: no notice for students (the console has it), a full-screen button, and Copy link gives the full-page link', async () => {
  const page = await env.newPage({ width: 560, height: 480 });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(`${env.url}#/modes?s1=4&hide=a0,bogus&embed=1&v=1`);
  await waitRuns(page);
  assert.equal(await shown(page, '#notices'), false);
  assert.ok(warnings.some((w) => /hide=bogus/.test(w)), warnings.join('\n'));
  assert.equal(await shown(page, '#ctl-a0'), false);
  assert.equal(await shown(page, '#fullscreen'), true);
  await page.click('#fullscreen');
  await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
  assert.equal(await page.textContent('#fullscreen'), 'Exit full screen');
  await page.click('#fullscreen');
  await page.waitForFunction(() => !document.fullscreenElement);
  await page.click('#copy-link');
  await page.waitForFunction(() => /copied/.test(document.querySelector('#status').textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `${env.url}#/modes?depth=2&s1=4&s2=2&s3=1&a0=0.001&tmax=6&v=1`);
  assert.equal(copied, await page.getAttribute('#full-page', 'href'));
  assert.deepEqual(page.errors, []);
});
