// The figure gallery and the saddle view in Chromium, on one page navigating by hash:
// the start view loads no thumbnail; the gallery lists the table's entries with lazy
// thumbnails and the stated numbers computed live; every gallery link opens its view
// with no notice; the saddle view draws its paths, its claims hold, and it and the
// mode-trajectory view link to each other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, waitRuns, pixelsOfColour } from './harness.mjs';
import { GALLERY, galleryDemo, galleryLink } from '../../web/js/demos/gallery-table.js';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const BLUE = [0, 114, 178];

test('gallery: one card per table entry, lazy thumbnails only there, numbers computed live, every link opens with no notice; the saddle view', async () => {
  const page = await env.newPage();
  const thumbs = [];
  page.on('request', (r) => { if (r.url().includes('/gallery/')) thumbs.push(r.url()); });
  await page.goto(env.url);
  await page.waitForSelector('#start .area-card');
  assert.ok(await page.$('#start a[href="#/gallery"]'), 'the start view links to the gallery');
  assert.ok(await page.$('footer a[href="#/gallery"]'), 'the footer links to the gallery');
  assert.deepEqual(thumbs, [], 'the start view loads no thumbnail');

  await page.evaluate(() => { location.hash = '#/gallery'; });
  await page.waitForSelector('#gallery .gallery-card');
  const cards = await page.$$eval('#gallery .gallery-card', (els) => els.map((c) => ({
    id: c.id, open: c.querySelector('.gallery-open a').getAttribute('href'),
    img: c.querySelector('img').getAttribute('src'), lazy: c.querySelector('img').getAttribute('loading'),
  })));
  assert.deepEqual(cards.map((c) => c.id), GALLERY.map((e) => `g-${e.id}`), 'the cards are the table, in order');
  GALLERY.forEach((e, i) => {
    assert.equal(cards[i].open, galleryLink(e), e.id);
    assert.equal(cards[i].img, `gallery/${e.id}.webp`, e.id);
    assert.equal(cards[i].lazy, 'lazy', e.id);
  });
  // Every stated number is computed in the workers and agrees with the paper's.
  const stated = GALLERY.reduce((n, e) => n + (e.numbers?.length ?? 0), 0);
  await page.waitForFunction((n) => document.querySelectorAll('#gallery .gallery-numbers td.holds').length === n, stated, { timeout: 30000 });
  assert.equal(await page.$$eval('#gallery .gallery-numbers td.fails', (x) => x.length), 0);
  // The first thumbnails are in view and load; they decode as images.
  await page.waitForFunction(() => { const img = document.querySelector('#gallery img'); return img.complete && img.naturalWidth > 0; });
  assert.equal(await page.$eval('#gallery img', (img) => img.naturalWidth), 320);

  // Every link (and each code variant) opens its view, with no notice about the link.
  for (const e of GALLERY) {
    for (const link of [galleryLink(e), ...(e.code ? [galleryLink(e, { code: true })] : [])]) {
      await page.evaluate((h) => { location.hash = h; }, link);
      await page.waitForFunction((t) => document.querySelector('#demo-title')?.textContent === t && !document.querySelector('#demo').hidden, galleryDemo(e).title);
      assert.equal(await page.$eval('#notices', (n) => n.hidden), true, `${e.id}: ${link}: ${await page.textContent('#notices')}`);
      assert.equal(await page.evaluate(() => location.hash), link, `${e.id}: the link is kept as is`);
    }
  }

  // The saddle view: paths drawn, every claim holds at the defaults, See also both ways.
  const runs = await page.evaluate(() => Number(document.body.dataset.runs ?? 0));
  await page.evaluate(() => { location.hash = '#/saddle'; });
  await waitRuns(page, runs + 1, 60000);
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(1) canvas', BLUE) > 100, 'a path is drawn in the weight plane');
  assert.ok(await pixelsOfColour(page, '#charts figure:nth-child(2) canvas', BLUE) > 100, 'its w2 w1 over time');
  const marks = await page.$$eval('#claims .claim', (els) => els.map((c) => c.dataset.holds));
  assert.ok(marks.length >= 3 && marks.every((m) => m === 'true'), `claims: ${marks}`);
  await page.click('#related a');
  await page.waitForFunction(() => location.hash.startsWith('#/modes?'));
  assert.ok(await page.$('#related a[href^="#/saddle?"]'), 'the mode view links back');
  assert.deepEqual(page.errors, []);
});
