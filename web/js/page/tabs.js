// The area tabs and, under them, the links to the views of the current area.
// The tabs follow the WAI-ARIA tab pattern with manual activation (showing an area
// mounts and computes a demo): Left/Right/Home/End move the focus along the tabs,
// Enter or Space (or a click) opens the area, and the focus stays on its tab. Only
// the selected tab is in the Tab order; the area's views and demo are its tabpanel.
import { AREAS, DEMOS } from '../demos/index.js';
import { toHash, defaults } from '../demos/state.js';
import { $, el } from './dom.js';

// The start view comes first, as a tab of its own.
const START = { id: 'start', title: 'Start' };
let tabs = null;   // the buttons, built once so the focus survives navigation

function open(area) {
  const first = DEMOS.find((d) => d.area === area.id);
  location.hash = first ? toHash(first, defaults(first)) : '#/';
}

function build() {
  tabs = [START, ...AREAS].map((a) => {
    const b = el('button', { role: 'tab', type: 'button', id: `tab-${a.id}`, 'aria-controls': 'area', 'aria-selected': 'false', tabindex: '-1' }, a.title);
    b.addEventListener('click', () => { if (b.getAttribute('aria-selected') !== 'true') open(a); });
    return b;
  });
  const list = $('#tabs');
  list.replaceChildren(...tabs);
  list.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    for (const t of tabs) t.tabIndex = t === next ? 0 : -1;
    next.focus();
  });
  // Leaving the tabs without opening another area: Tab comes back to the selected one.
  list.addEventListener('focusout', (e) => {
    if (tabs.includes(e.relatedTarget)) return;
    const selected = tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0];
    for (const t of tabs) t.tabIndex = t === selected ? 0 : -1;
  });
}

/** Marks `areaId`'s tab selected (none for another id) and labels the tabpanel with it. */
export function renderTabs(areaId) {
  if (!tabs) build();
  const selected = tabs.find((t) => t.id === `tab-${areaId}`);
  const focused = tabs.includes(document.activeElement) ? document.activeElement : null;
  for (const t of tabs) {
    t.setAttribute('aria-selected', String(t === selected));
    // Tab reaches the selected tab (else the first), or the tab that has the focus now.
    t.tabIndex = t === (focused ?? selected ?? tabs[0]) ? 0 : -1;
  }
  if (selected) $('#area').setAttribute('aria-labelledby', selected.id);
  else $('#area').removeAttribute('aria-labelledby');
}

export function renderViews(demo) {
  const siblings = DEMOS.filter((d) => d.area === demo.area);
  $('#views').replaceChildren(...(siblings.length > 1 ? siblings.map((d) =>
    el('a', { href: toHash(d, defaults(d)), 'aria-current': String(d === demo) }, d.title)) : []));
}

/** "See also": links to the views a demo names in `related` (none: hidden). */
export function showRelated(demo) {
  const box = $('#related'), list = (demo.related ?? []).map((id) => DEMOS.find((d) => d.id === id));
  box.replaceChildren(...(list.length ? [el('strong', {}, 'See also. '),
    ...list.flatMap((d, i) => [i ? ', ' : '', el('a', { href: toHash(d, defaults(d)) }, d.title)]), '.'] : []));
  box.hidden = list.length === 0;
}
