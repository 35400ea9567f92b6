// The glossary view (`#/glossary`): every symbol in plain words, with the views
// that use it, then the papers behind depthlab. Built once, from the tables.
import { AREAS, DEMOS } from '../demos/index.js';
import { GLOSSARY } from '../demos/glossary.js';
import { REFERENCES } from '../demos/references.js';
import { defaults, toHash } from '../demos/state.js';
import { citation } from './cite.js';
import { $, el } from './dom.js';

const demoLink = (id) => {
  const d = DEMOS.find((x) => x.id === id);
  return el('a', { href: toHash(d, defaults(d)) }, d.title);
};

function entry(g) {
  const where = g.area ? ` (${AREAS.find((a) => a.id === g.area).title.toLowerCase()})` : '';
  const see = g.views.length ? [' See ', ...g.views.flatMap((id, i) => [i ? ', ' : '', demoLink(id)]), '.'] : [];
  // A term that is its own name (dynamical isometry) is not repeated after the dash.
  const named = g.name && g.name !== g.term ? ` — ${g.name}` : '';
  return [el('dt', {}, el('span', { class: 'term' }, g.term), `${named}${where}`),
    el('dd', {}, g.text, ...see)];
}

export function renderGlossary() {
  const box = $('#glossary');
  if (box.childElementCount) return;   // static: built on first visit
  box.append(
    el('h2', { id: 'glossary-title' }, 'Glossary of symbols'),
    el('p', {}, 'The symbols and terms the views use, in plain words. Hover over or focus any control for what it sets.'),
    el('dl', { class: 'glossary-list' }, ...GLOSSARY.flatMap(entry)),
    el('h2', { id: 'papers' }, 'The papers behind depthlab'),
    el('ol', { class: 'papers' }, ...REFERENCES.map((r) => el('li', {}, citation(r.id)))),
  );
}
