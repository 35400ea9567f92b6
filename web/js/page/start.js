// The start view (`#/`): what depthlab is, where to begin, each area with a
// picture, its tour and its views, and the way to the glossary, the papers and the gallery.
// Built once, from the area, tour and demo tables.
import { AREAS, DEMOS } from '../demos/index.js';
import { defaults, toHash } from '../demos/state.js';
import { TOURS, tourHash } from '../demos/tours.js';
import { $, el } from './dom.js';
import { sketch } from './sketches.js';

function areaCard(area) {
  const tour = TOURS.find((t) => t.id === area.id);
  const views = DEMOS.filter((d) => d.area === area.id);
  const viewLinks = views.flatMap((d, i) => [i ? ' · ' : '', el('a', { href: toHash(d, defaults(d)) }, d.title)]);
  return el('article', { class: 'area-card', 'aria-labelledby': `start-${area.id}` },
    sketch(area.id),
    el('h3', { id: `start-${area.id}` }, area.title),
    el('p', {}, area.about),
    el('p', { class: 'area-go' },
      el('a', { class: 'button primary', href: tourHash(tour, 1) }, `Take the tour (${tour.steps.length} steps)`)),
    el('p', { class: 'area-views' }, `${views.length} views: `, ...viewLinks));
}

export function renderStart() {
  const box = $('#start');
  if (box.childElementCount) return;   // static: built on first visit
  const first = TOURS[0];
  box.append(
    el('div', { class: 'start-intro' },
      el('h2', {}, 'Learning in deep networks, computed live'),
      el('p', {}, 'depthlab lets you watch the theory of how deep networks learn: every curve is computed in this page from the equations of the papers, and most are set against a network actually trained by gradient descent, so you can see where the theory holds. Move a control and see what changes; every state is a link you can share.'),
      el('p', { class: 'start-begin' }, el('strong', {}, 'Where to begin. '),
        'New to the subject? Take the ', el('a', { href: tourHash(first, 1) }, `${AREAS[0].title} tour`), ' first: ',
        'the other areas build on its one equation. Each tour is a few steps; each step sets up a view, says what to try and what to notice, and can be linked to on its own.')),
    el('div', { class: 'area-grid' }, ...AREAS.map(areaCard)),
    el('p', { class: 'start-more' }, 'Unfamiliar symbol? The ', el('a', { href: '#/glossary' }, 'glossary'),
      ' explains τ, a₀, σw, χ₁, ξ_c, SNR, MDS and the rest in plain words, and lists the papers behind every view.'),
    el('p', { class: 'start-more' }, 'Read the papers? The ', el('a', { href: '#/gallery' }, 'figure gallery'),
      ' opens each of their figures that depthlab computes, in the paper’s state, with the numbers the papers state beside depthlab’s.'),
  );
}
