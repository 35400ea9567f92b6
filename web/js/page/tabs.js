// The area tabs and, under them, the links to the views of the current area.
import { AREAS, DEMOS } from '../demos/index.js';
import { toHash, defaults } from '../demos/state.js';
import { $, el } from './dom.js';

// The start view comes first, as a tab of its own.
const START = { id: 'start', title: 'Start' };

export function renderTabs(areaId) {
  $('#tabs').replaceChildren(...[START, ...AREAS].map((a) => {
    const b = el('button', { role: 'tab', type: 'button', 'aria-selected': String(a.id === areaId), id: `tab-${a.id}` }, a.title);
    b.addEventListener('click', () => {
      const first = DEMOS.find((d) => d.area === a.id);
      location.hash = first ? toHash(first, defaults(first)) : '#/';
    });
    return b;
  }));
}

export function renderViews(demo) {
  const siblings = DEMOS.filter((d) => d.area === demo.area);
  $('#views').replaceChildren(...(siblings.length > 1 ? siblings.map((d) =>
    el('a', { href: toHash(d, defaults(d)), 'aria-current': String(d === demo) }, d.title)) : []));
}
