// The tour panel above a demo on a tour route (`#/tour/<id>/<n>`): where the
// student is, what to do, what to notice, and Back / Next as plain links, so
// every step is a URL a teacher can hand out.
import { AREAS } from '../demos/index.js';
import { tourHash } from '../demos/tours.js';
import { $, el } from './dom.js';

let shown = null;   // 'tourId/n' of the step on screen, to move focus only when the step changes

/** Shows step n (from 1) of `tour`, or hides the panel when tour is null. */
export function renderTour(tour, n) {
  const box = $('#tour');
  box.hidden = !tour;
  if (!tour) { shown = null; box.replaceChildren(); return; }
  const key = `${tour.id}/${n}`;
  if (shown === key) return;
  const moved = shown !== null;   // arrived by Back / Next, not by opening a link
  shown = key;
  const step = tour.steps[n - 1], last = tour.steps.length;
  const area = AREAS.find((a) => a.id === tour.id);
  const nav = (href, text, rel) => el('a', { class: `button${rel === 'next' ? ' primary' : ''}`, href, rel }, text);
  box.replaceChildren(
    el('p', { class: 'tour-where' }, `Tour · ${area.title} · step ${n} of ${last}`,
      el('a', { class: 'tour-leave', href: '#/' }, 'Leave the tour')),
    el('h2', { id: 'tour-title', tabindex: '-1' }, step.title),
    el('p', {}, el('strong', {}, 'Try. '), step.do),
    el('p', {}, el('strong', {}, 'Notice. '), step.notice),
    el('p', { class: 'tour-nav' },
      n > 1 ? nav(tourHash(tour, n - 1), '← Back', 'prev') : nav('#/', '← Start', 'prev'),
      n < last ? nav(tourHash(tour, n + 1), 'Next →', 'next') : nav('#/', 'Finish: back to the start', 'next')),
  );
  if (moved) $('#tour-title').focus();   // a screen reader announces the new step; Back / Next stay one Tab away
}
