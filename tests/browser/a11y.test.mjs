// The page for every reader and every screen, in real Chromium: axe-core finds no
// serious or critical problem on any demo (light, dark, embedded), nothing scrolls
// sideways at 320 px, charts follow their box when the window changes, the tabs
// and controls work from the keyboard and speak their values, the theme can
// change under an open page, and long runs pause at once and say how long is left.
// axe-core comes from node_modules (a pinned dev dependency): nothing loads from the web.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';
import { DEMOS } from '../../web/js/demos/index.js';

const AXE = await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Runs axe on the page as it is; returns its serious and critical violations as lines. */
async function axeProblems(page) {
  // Evaluated, not added as a <script>: the page's CSP rightly refuses inline scripts.
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.evaluate(AXE);
  const { violations } = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

// Views that train networks at their defaults for seconds: the same page at smaller
// settings (what is checked here does not depend on how long the networks train).
const SMALL = {
  trainability: 'nw=3&depthMax=10&trainSize=200&epochs=1',
  'deep-tanh': 'layers=6&trainSize=200&epochs=2',
  'fmnist-depth': 'maxDepth=3',
};

/** Shows the start view, the glossary, the gallery, then every demo in turn on one page (one load, then the hash) and calls check(view). */
async function eachDemo(page, suffix, check) {
  await page.goto(env.url);
  await page.waitForSelector('#start .area-card');
  await check({ id: 'start' });
  await page.evaluate(() => { location.hash = '#/glossary'; });
  await page.waitForSelector('#glossary dl');
  await check({ id: 'glossary' });
  await page.evaluate(() => { location.hash = '#/gallery'; });
  await page.waitForSelector('#gallery .gallery-card');
  await check({ id: 'gallery' });
  let runs = 0;
  for (const demo of DEMOS) {
    const query = [SMALL[demo.id] && `${SMALL[demo.id]}&v=1`, suffix.slice(1)].filter(Boolean).join('&');
    await page.evaluate((h) => { location.hash = h; }, `#/${demo.id}${query ? `?${query}` : ''}`);
    await waitRuns(page, ++runs, 120000);
    await check(demo);
  }
}

test('every demo, light and dark, full page and embedded: no serious or critical axe violation; at 320 px nothing scrolls sideways and equations read as words; embedded at 560 × 480 the title, a chart and Run fit without scrolling', async () => {
  const problems = [];
  const pass = async (name, { width, height, colorScheme }, suffix, extra = async () => []) => {
    const page = await env.newPage({ width, height, colorScheme });
    await eachDemo(page, suffix, async (demo) => {
      for (const p of await axeProblems(page)) problems.push(`${name} ${demo.id}: ${p}`);
      for (const p of await extra(page)) problems.push(`${name} ${demo.id}: ${p}`);
    });
    for (const e of page.errors) problems.push(`${name}: console: ${e}`);
  };
  // Three passes side by side: each page computes in its own workers while another runs axe.
  await Promise.all([
    pass('light 1280', { width: 1280, height: 900, colorScheme: 'light' }, ''),
    pass('dark 320', { width: 320, height: 640, colorScheme: 'dark' }, '', (page) => page.evaluate(() => {
      const out = [];
      const over = document.documentElement.scrollWidth - window.innerWidth;
      if (over > 0) out.push(`scrolls sideways by ${over} px`);
      for (const c of document.querySelectorAll('#charts .canvas-box > canvas')) {
        const f = c.closest('figure').getBoundingClientRect(), r = c.getBoundingClientRect();
        if (r.right > f.right + 0.5 || r.left < f.left - 0.5) out.push(`a canvas (${r.width} px) overflows its figure (${f.width} px)`);
      }
      for (const m of document.querySelectorAll('#equation .math')) {
        if (m.getAttribute('role') !== 'math' || !/\w/.test(m.getAttribute('aria-label') ?? '')) out.push(`equation "${m.textContent}" has no spoken form`);
      }
      const demoShown = !document.querySelector('#demo').hidden;   // the start view and glossary have no status line
      if (demoShown && !/^Computed in (\d+ ms|\d+(\.\d)? s|\d+ min \d+ s|\d+ h \d+ min)\.$/.test(document.querySelector('#status').textContent)) {
        out.push(`status reads "${document.querySelector('#status').textContent}"`);
      }
      return out;
    })),
    // An embed at the snippet's size shows the demo alone: its title (the page's h1), the
    // first chart and Run in view without scrolling, and a link to the full page.
    pass('embed 560x480', { width: 560, height: 480, colorScheme: 'light' }, '?embed=1', (page) => page.evaluate(() => {
      if (document.querySelector('#demo').hidden) return [];   // the start view and glossary are never embedded
      const out = [], root = document.documentElement, id = location.hash.slice(2).split('?')[0];
      const inView = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; };
      if (root.scrollWidth > innerWidth + 1 || root.scrollHeight > innerHeight + 1) out.push(`scrolls: ${root.scrollWidth} × ${root.scrollHeight}`);
      for (const sel of ['h1', '#run', '#charts canvas']) if (!inView(sel)) out.push(`${sel} out of view`);
      if (document.querySelector('h1').textContent !== document.querySelector('#demo-title').textContent) out.push('the h1 is not the demo title');
      if (document.querySelector('#tabs').offsetParent !== null || document.querySelector('header.top').getBoundingClientRect().height > 1) out.push('the page chrome shows');
      const full = document.querySelector('#full-page').getAttribute('href');
      if (!full.includes(`#/${id}?`) || full.includes('embed=1')) out.push(`full-page link ${full}`);
      return out;
    })),
  ]);
  assert.deepEqual(problems, []);
});

test('charts follow their box from 1400 to 900 to 375 px (line, matrix, heatmap); on a phone Run stays in view with the chart and the controls open in a drawer', async () => {
  const page = await env.newPage({ width: 1400, height: 900 });
  let runs = 0;
  for (const id of ['sem-data', 'chaos-phase']) {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${env.url}#/${id}`);
    await waitRuns(page, ++runs, 60000);
    const widths = {};
    for (const width of [1400, 900, 375]) {
      await page.setViewportSize({ width, height: 740 });
      // Chart.js and the canvas charts resize on their ResizeObserver's next frame.
      await page.waitForFunction(() => [...document.querySelectorAll('#charts .canvas-box > canvas')].every((c) => {
        const box = c.parentElement.getBoundingClientRect(), r = c.getBoundingClientRect();
        return r.width > 0 && Math.abs(r.width - box.width) < 1.5 && r.right <= c.closest('figure').getBoundingClientRect().right;
      }), null, { timeout: 10000 }).catch(() => assert.fail(`${id} at ${width} px: a canvas does not fit its figure`));
      widths[width] = await page.$$eval('#charts .canvas-box > canvas', (cs) => cs.map((c) => c.getBoundingClientRect().width));
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${id} at ${width} px scrolls sideways`);
    }
    widths[375].forEach((w, i) => assert.ok(w < widths[1400][i] && w < widths[900][i], `${id}: canvas ${i} at 1400/900/375 px: ${widths[1400][i]}/${widths[900][i]}/${w}`));
  }
  // Now a phone (375 x 740) showing chaos-phase: the bar with Run is on screen beside the second chart.
  const inView = (sel) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; });
  await page.$eval('#charts figure:nth-child(2)', (f) => f.scrollIntoView());
  assert.ok(await inView('#run'), 'Run is on screen');
  assert.equal(await page.isVisible('#ctl-sw'), false, 'controls closed');
  await page.click('#drawer');
  assert.equal(await page.getAttribute('#drawer', 'aria-expanded'), 'true');
  const first = await page.$eval('#controls input, #controls select', (e) => e.id);
  assert.ok(await inView(`#${first}`), 'the first control is on screen');
  const visible = await page.evaluate(() => {
    const panel = document.querySelector('#panel').getBoundingClientRect().top;
    const box = document.querySelector('#charts figure:nth-child(2) .canvas-box').getBoundingClientRect();
    return Math.min(panel, box.bottom) - Math.max(0, box.top);
  });
  assert.ok(visible > 120, `${visible} px of the chart stay visible above the open drawer`);
  await page.focus(`#${first}`);
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#drawer', 'aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'drawer');
  assert.deepEqual(page.errors, []);
});

test('one open page: named for its demo, results spoken when a run ends, re-coloured by a theme switch; legends, tables and the PNG; switching demos; the tabs from the keyboard', async () => {
  const page = await env.newPage({ colorScheme: 'light' });
  await page.goto(`${env.url}#/modes`);
  await waitRuns(page);
  assert.equal(await page.title(), 'Mode trajectories — depthlab');
  assert.equal(await page.getAttribute('meta[property="og:title"]', 'content'), 'Mode trajectories — depthlab');
  // The live region gets the outcome with the readout, once, after the run.
  await page.waitForFunction(() => /^Computed in .*mode 1: time to reach s\/2/.test(document.querySelector('#announce').textContent));

  // The system switches to dark: the open chart's text takes the dark theme's colour.
  const canvas = '#charts figure:nth-child(1) canvas';
  const DARK_TEXT = [0xa9, 0xad, 0xb3], LIGHT_TEXT = [0x55, 0x5a, 0x60];
  const light = await pixelsOfColour(page, canvas, LIGHT_TEXT, 30);
  assert.ok(light > 50, `axis text in the light theme's colour: ${light} px`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(([sel, rgb]) => {
    const c = document.querySelector(sel), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) <= 30) n++;
    return n > 50;
  }, [canvas, DARK_TEXT], { timeout: 5000 });
  assert.ok(await pixelsOfColour(page, canvas, LIGHT_TEXT, 30) < light / 4, 'no light-theme text left');

  // Legend: a button per named series; pressing one hides that series (and its asymptote).
  const BLUE = [0, 114, 178];
  const entry = '#charts figure:nth-child(1) .legend li:first-child button';
  assert.equal(await page.getAttribute(entry, 'aria-pressed'), 'true');
  assert.match(await page.textContent(entry), /mode 1/);
  assert.ok(await pixelsOfColour(page, canvas, BLUE) > 300);
  await page.click(entry);
  assert.equal(await page.getAttribute(entry, 'aria-pressed'), 'false');
  assert.ok(await pixelsOfColour(page, canvas, BLUE) < 20, 'mode 1 hidden');
  await page.click(entry);

  // Table: built when opened, with the chart's numbers, sampled.
  const button = '#charts figure:nth-child(1) .chart-tools button[aria-controls]';
  assert.equal(await page.getAttribute(button, 'aria-expanded'), 'false');
  await page.click(button);
  assert.equal(await page.getAttribute(button, 'aria-expanded'), 'true');
  const table = await page.$eval('#charts figure:nth-child(1) .chart-table table', (t) => ({ caption: t.caption.textContent,
    head: [...t.tHead.rows[0].cells].map((c) => c.textContent), rows: t.tBodies[0].rows.length }));
  assert.match(table.caption, /3 series\. Series with more than 12 points show 12 of them/);
  assert.deepEqual(table.head, ['series', 'time t / τ', 'mode strength a']);
  assert.equal(table.rows, 3 * 12);

  // PNG, taken in the dark theme: twice the resolution, title above, light background.
  const cssWidth = await page.$eval(canvas, (c) => c.getBoundingClientRect().width);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#charts figure:nth-child(1) [data-export=png]')]);
  const png = (await readFile(await dl.path())).toString('base64');
  const img = await page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;   // the CSP allows data: images, not fetches
    await image.decode();
    const c = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
    const ctx = c.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const px = (x, y) => Array.from(ctx.getImageData(x, y, 1, 1).data);
    // The title's band: dark ink on white.
    const band = ctx.getImageData(0, 0, Math.floor(image.width / 2), 40).data;
    let ink = 0;
    for (let i = 0; i < band.length; i += 4) if (band[i] < 90 && band[i + 1] < 90 && band[i + 2] < 90) ink++;
    return { width: image.width, corner: px(2, 2), bottom: px(2, image.height - 3), ink };
  }, png);
  assert.equal(img.width, Math.round(2 * Math.max(320, cssWidth)), 'two device pixels per CSS pixel');
  assert.deepEqual(img.corner, [255, 255, 255, 255]);
  assert.deepEqual(img.bottom, [255, 255, 255, 255]);
  assert.ok(img.ink > 200, `title drawn in dark ink: ${img.ink} px`);

  // Another demo: right after the switch, before it has computed, nothing of the old results shows.
  const after = await page.evaluate(() => new Promise((resolve) => {
    addEventListener('hashchange', () => resolve({ rows: document.querySelectorAll('#readout tr').length,
      fingerprint: document.querySelector('#fingerprint').textContent, title: document.title,
      og: document.querySelector('meta[property="og:description"]').content }), { once: true });
    location.hash = '#/chaos-phase';
  }));
  assert.deepEqual(after, { rows: 0, fingerprint: '—', title: 'Order-chaos phase diagram — depthlab', og: after.og });
  assert.ok(after.og.length > 20 && !/plateau/.test(after.og), after.og);
  await waitRuns(page, 2, 60000);

  // The tabs: arrows move the focus, Enter opens, the focus stays; only one tab is in the Tab order.
  const tabs = () => page.$$eval('#tabs [role=tab]', (ts) => ts.map((t) => ({ id: t.id, selected: t.getAttribute('aria-selected'), tabIndex: t.tabIndex })));
  const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
  assert.deepEqual((await tabs()).filter((t) => t.tabIndex === 0).map((t) => t.id), ['tab-chaos']);
  assert.equal(await page.getAttribute('#area', 'role'), 'tabpanel');
  assert.equal(await page.getAttribute('#area', 'aria-labelledby'), 'tab-chaos');
  await page.focus('#tab-chaos');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'tab-perceptual');
  assert.equal((await tabs()).find((t) => t.id === 'tab-chaos').selected, 'true', 'arrows move the focus, not the selection');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'tab-start', 'wraps around');
  await page.keyboard.press('End');
  assert.equal(await focused(), 'tab-perceptual');
  await page.keyboard.press('Home');
  assert.equal(await focused(), 'tab-start');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'tab-semantic');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#tab-semantic').getAttribute('aria-selected') === 'true');
  await waitRuns(page, 3, 60000);
  assert.equal(await focused(), 'tab-semantic', 'the focus stays on the opened tab');
  assert.equal(await page.getAttribute('#area', 'aria-labelledby'), 'tab-semantic');
  assert.match(page.url(), /#\/sem-/);
  // Moving along the tabs and leaving them: Tab comes back to the selected one.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  assert.deepEqual((await tabs()).filter((t) => t.tabIndex === 0).map((t) => t.id), ['tab-semantic']);
  assert.deepEqual(page.errors, []);
});

test('controls speak their values; a long run shows step k of n and the time left, pauses at once and resumes', async () => {
  const page = await env.newPage();
  await page.goto(`${env.url}#/gd-modes?a0=0.00427&v=1`);
  await waitRuns(page);
  // A log-scale slider announces the value, not its logarithm.
  const slider = '.control:has(#ctl-a0) input[type=range]';
  assert.equal(await page.getAttribute(slider, 'aria-valuetext'), '0.00427');
  await page.focus(slider);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => !location.hash.includes('a0=0.00427&'));
  assert.equal(await page.getAttribute(slider, 'aria-valuetext'), String(Number(await page.inputValue('#ctl-a0'))));
  // A decimal comma is read as a decimal point; a comma that may group thousands is refused, saying why.
  await page.fill('#ctl-s1', '1,5');
  await page.press('#ctl-s1', 'Enter');
  await page.waitForFunction(() => location.hash.includes('s1=1.5&'));
  assert.equal(await page.inputValue('#ctl-s1'), '1.5');
  assert.equal(await page.getAttribute('#ctl-s1', 'aria-invalid'), 'false');
  await page.fill('#ctl-steps', '1,000');
  await page.press('#ctl-steps', 'Enter');
  assert.equal(await page.getAttribute('#ctl-steps', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#ctl-steps-range'), /Steps: “1,000” could mean 1000 or 1\.000/);
  assert.match(page.url(), /steps=600&/, 'the refused value does not reach the link');
  await page.fill('#ctl-steps', '1000');
  await page.press('#ctl-steps', 'Enter');
  assert.equal(await page.getAttribute('#ctl-steps', 'aria-invalid'), 'false');

  // A long run (depth 30, width 64: one record interval of 500 steps takes seconds).
  await page.evaluate(() => { location.hash = '#/gd-modes?depth=30&width=64&steps=20000&v=1'; });
  await page.waitForFunction(() => /^Computing: step \d+ of 20000 · about (\d+(\.\d)? s|\d+ min \d+ s|\d+ h \d+ min) left$/
    .test(document.querySelector('#status').textContent), null, { timeout: 60000 });
  const latency = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    const seen = () => (document.body.dataset.state === 'paused' ? resolve(performance.now() - t0) : requestAnimationFrame(seen));
    document.querySelector('#pause').click();
    seen();
  }));
  assert.ok(latency < 500, `paused after ${latency.toFixed(0)} ms`);
  assert.match(await page.textContent('#status'), /^Paused at (step \d+ of 20000|the start)\./);
  await page.waitForFunction(() => globalThis.depthlab.client.slots.every((s) => !s.job), null, { timeout: 5000 });
  await page.click('#pause');
  await page.waitForFunction(() => document.body.dataset.state === 'running' && /^Computing/.test(document.querySelector('#status').textContent));
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  assert.deepEqual(page.errors, []);
});
