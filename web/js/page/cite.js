// References as the page shows them: a citation with its outbound link (the
// page's only links off-site: they open in a new tab), and the "Read more" line
// of the mounted demo.
import { reference, referenceUrl } from '../demos/references.js';
import { $, el } from './dom.js';

/** A link that leaves depthlab: new tab, no access back to this page. */
export const outbound = (href, text) => el('a', { href, target: '_blank', rel: 'noopener' }, text);

/** "Authors (year). Title. Venue. doi:… / arXiv:…" with the title linked to the paper. */
export function citation(id) {
  const r = reference(id);
  const ids = [r.doi && `doi:${r.doi}`, r.arxiv && `arXiv:${r.arxiv}`, r.pmcid].filter(Boolean).join(' · ');
  return el('span', { class: 'citation' }, `${r.authors} (${r.year}). `, outbound(referenceUrl(r), r.title), `. ${r.venue}. `,
    el('span', { class: 'ref-id' }, ids));
}

/** Fills the demo's "Read more" with the papers it rests on. */
export function showReadMore(demo) {
  const refs = demo.refs ?? [];
  $('#read-more').replaceChildren(...(refs.length ? [
    el('h3', {}, 'Read more'),
    el('ul', {}, ...refs.map((id) => el('li', {}, citation(id)))),
    el('p', {}, 'Symbols are explained in the ', el('a', { href: '#/glossary' }, 'glossary'), '.'),
  ] : []));
}
