// The figure gallery (web/js/demos/gallery-table.js): every entry is complete and its
// link opens its view with no notice, every number a paper states is recomputed by
// the engine and compared with its tolerance, views at entries' own settings make no
// claim that fails there, and every entry has a current thumbnail within budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { loadEngine, engineMethod } from '../../web/js/engine/index.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { parseHash, defaults, toHash } from '../../web/js/demos/state.js';
import { reference, referenceUrl } from '../../web/js/demos/references.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { checkClaims } from '../../web/js/demos/claims.js';
import { GALLERY, MAX_THUMB_BYTES, galleryDemo, galleryLink } from '../../web/js/demos/gallery-table.js';

const eng = await loadEngine();
const PAPERS = ['saxe2014', 'saxe2019', 'poole2016', 'schoenholz2017', 'pennington2017', 'shi2022', 'domine2025'];

test('at least 20 entries, each complete, from every paper behind depthlab; links open their view with no notice', () => {
  assert.ok(GALLERY.length >= 20, `${GALLERY.length} entries`);
  assert.equal(new Set(GALLERY.map((e) => e.id)).size, GALLERY.length, 'ids are unique');
  for (const e of GALLERY) {
    assert.match(e.id, /^[a-z0-9-]+$/, e.id);
    assert.match(referenceUrl(reference(e.ref)), /^https:\/\//, `${e.id}: the paper has a link`);
    assert.ok(galleryDemo(e), `${e.id}: no view ${e.demo}`);
    assert.ok(typeof e.shows === 'string' && /^[A-Z].{30,240}\.$/.test(e.shows), `${e.id}: one sentence on what it shows`);
    assert.equal(typeof e.paper, 'boolean', `${e.id}: paper`);
    assert.ok(e.paper || e.note, `${e.id}: at depthlab's settings, the note says what differs`);
    for (const set of [e.set, e.code ?? {}]) {
      for (const key of Object.keys(set)) assert.ok(galleryDemo(e).params.some((p) => p.key === key), `${e.id}: ${key} is no parameter of ${e.demo}`);
    }
    for (const code of [false, ...(e.code ? [true] : [])]) {
      const link = galleryLink(e, { code });
      const parsed = parseHash(link, DEMOS);
      assert.equal(parsed.demo, galleryDemo(e));
      assert.deepEqual(parsed.notices, [], `${e.id}: ${link}`);
      assert.equal(toHash(parsed.demo, parsed.values), link, `${e.id}: the link is canonical`);
    }
  }
  for (const id of PAPERS) assert.ok(GALLERY.some((e) => e.ref === id), `no figure of ${id}`);
});

test('the paper parameters the issue lists are the links’ (Poole et al. 2016)', () => {
  const values = (id) => parseHash(galleryLink(GALLERY.find((e) => e.id === id)), DEMOS).values;
  assert.deepEqual([values('poole2016-length').qa, values('poole2016-length').qb, values('poole2016-length').qc, values('poole2016-length').qMax], [3.94, 8.03, 12.12, 15]);
  const corr = values('poole2016-correlation');
  assert.deepEqual([corr.sw1, corr.sw2, corr.sw3, corr.sb, corr.c0, corr.c0b, corr.c0c, corr.layers], [1.3, 2.5, 4, 0.3, 0.8, 0.5, 0.2, 31]);
  const conv = values('poole2016-convergence');
  assert.deepEqual([conv.res, conv.swMin, conv.swMax, conv.sbMax, conv.band], [41, 1, 5, 4, '0.01']);
  assert.equal(parseHash(galleryLink(GALLERY.find((e) => e.id === 'poole2016-convergence'), { code: true }), DEMOS).values.band, '0.1');
  for (const id of ['poole2016-circle', 'poole2016-autocorrelation']) {
    const v = values(id);
    assert.deepEqual([v.width, v.layers, v.sw, v.sb], [1000, 40, 4, 0.3], id);
  }
  const b = values('poole2016-boundary');
  assert.deepEqual([b.width, b.layers, b.sw, b.sb], [200, 10, 4, 0.3]);
  for (const e of GALLERY.filter((x) => x.ref === 'poole2016' && x.paper)) assert.equal(values(e.id).phi, 'tanh', e.id);
});

test('every number a paper states is within its tolerance of depthlab’s', async () => {
  const numbers = GALLERY.flatMap((e) => (e.numbers ?? []).map((n) => ({ e, n })));
  assert.ok(numbers.length >= 4);
  for (const { e, n } of numbers) {
    assert.ok(n.tol > 0 && Number.isFinite(n.paper), `${e.id}: ${n.what}`);
    const v = n.pick(await engineMethod(eng, n.call)(n.params));
    assert.ok(Math.abs(v - n.paper) <= n.tol, `${e.id}: ${n.what}: depthlab ${v}, paper ${n.paper} ± ${n.tol}`);
  }
});

test('at each entry’s own settings its view makes no claim that fails (defaults: claims.test.mjs; the width-1000 circles: too slow here)', async () => {
  for (const e of GALLERY) {
    const d = galleryDemo(e), link = galleryLink(e);
    if (link === toHash(d, defaults(d)) || (e.set.width ?? 0) >= 1000) continue;
    const r = await runDemo(eng, link);
    for (const c of checkClaims(d, r.data, r.values)) assert.ok(c.holds, `${e.id}: "${c.claim.text}" fails at ${link}: ${c.detail}`);
  }
});

test('every entry has its thumbnail, made from its current link and within the size budget', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../web/gallery/manifest.json', import.meta.url), 'utf8'));
  assert.deepEqual(Object.keys(manifest).sort(), GALLERY.map((e) => e.id).sort(), 'one thumbnail per entry (make thumbs)');
  for (const e of GALLERY) {
    assert.equal(manifest[e.id], galleryLink(e), `${e.id}: the thumbnail is of another state: run make thumbs THUMBS=${e.id}`);
    const file = new URL(`../../web/gallery/${e.id}.webp`, import.meta.url);
    const bytes = statSync(file).size;
    assert.ok(bytes > 500 && bytes <= MAX_THUMB_BYTES, `${e.id}: ${bytes} bytes`);
    assert.equal(readFileSync(file).subarray(8, 12).toString('latin1'), 'WEBP', `${e.id}: a WebP file`);
  }
});
