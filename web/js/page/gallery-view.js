// The figure gallery (`#/gallery`): the papers' figures that depthlab computes,
// each with its thumbnail (web/gallery/, made by `make thumbs`, loaded lazily), the
// paper, a sentence on what the figure shows, the link that opens the view in the
// paper's state, and the numbers the paper states beside depthlab's, computed live.
// Built once, from the one table (demos/gallery-table.js).
import { GALLERY, THUMB, galleryDemo, galleryLink } from '../demos/gallery-table.js';
import { reference, shortCite } from '../demos/references.js';
import { fmt } from '../format.js';
import { citation } from './cite.js';
import { $, el } from './dom.js';

/** One stated number: the paper's, depthlab's (filled in when the engine answers), and whether they agree. */
function numberRow(n, call) {
  const ours = el('td', { class: 'num' }, '…'), verdict = el('td', {}, '');
  call(n.call, n.params).then((r) => {
    const v = n.pick(r), ok = Math.abs(v - n.paper) <= n.tol;
    ours.textContent = fmt(v);
    verdict.textContent = ok ? `✓ within ${fmt(n.tol)}` : `✗ differs by more than ${fmt(n.tol)}`;
    verdict.className = ok ? 'holds' : 'fails';
  }, (e) => { ours.textContent = 'not computed'; verdict.textContent = e.message; });
  return el('tr', {}, el('td', {}, n.what), el('td', { class: 'num' }, fmt(n.paper)), ours, verdict);
}

function card(e, call) {
  const link = galleryLink(e), title = `${shortCite(reference(e.ref))}${e.figure ? `, ${e.figure}` : ''}`;
  const parts = [
    el('a', { href: link, class: 'gallery-thumb', tabindex: '-1', 'aria-hidden': 'true' },
      el('img', { src: `gallery/${e.id}.webp`, loading: 'lazy', alt: '', ...THUMB })),
    el('h3', {}, title),
    el('p', {}, e.shows),
    el('p', { class: 'gallery-open' }, el('a', { class: 'button', href: link }, `Open “${galleryDemo(e).title}”`),
      ` ${e.paper ? 'with the paper’s parameters' : 'at depthlab’s settings'}`),
  ];
  if (e.note) parts.push(el('p', { class: 'gallery-note' }, e.note));
  if (e.code) parts.push(el('p', { class: 'gallery-note' }, el('a', { href: galleryLink(e, { code: true }) }, 'Open it as Poole et al.’s code computes it'), '.'));
  if (e.numbers?.length) {
    parts.push(el('table', { class: 'gallery-numbers' },
      el('thead', {}, el('tr', {}, ...['Stated number', 'paper', 'depthlab', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...e.numbers.map((n) => numberRow(n, call)))));
  }
  parts.push(el('p', { class: 'gallery-ref' }, citation(e.ref)));
  return el('li', { class: 'gallery-card', id: `g-${e.id}` }, ...parts);
}

/** Builds the gallery; `call(method, params)` runs an engine call (for the stated numbers). */
export function renderGallery(call) {
  const box = $('#gallery');
  if (box.childElementCount) return;   // static: built on first visit
  box.append(
    el('h2', { id: 'gallery-title' }, 'Figure gallery'),
    el('p', {}, `${GALLERY.length} figures of the papers behind depthlab, each computed live by one of its views. `,
      'Open a figure to see it in the paper’s state (or as close as depthlab’s controls allow: the notes say where it differs), then change it. ',
      'Where a paper states a number, depthlab’s is computed beside it.'),
    el('ol', { class: 'gallery-grid' }, ...GALLERY.map((e) => card(e, call))),
  );
}
