// The tables behind the way in: papers (every demo cites some; each has a
// persistent identifier), the glossary (the symbols the views use), and the
// one-sentence help of every control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEMOS } from '../../web/js/demos/index.js';
import { REFERENCES, reference, referenceUrl, shortCite } from '../../web/js/demos/references.js';
import { GLOSSARY } from '../../web/js/demos/glossary.js';
import { paramHelp } from '../../web/js/demos/common/help.js';
import { HIDE_PARTS, PAGE_KEYS } from '../../web/js/demos/state.js';

test('every reference is complete and has a DOI, an arXiv id or a PubMed Central id', () => {
  assert.equal(new Set(REFERENCES.map((r) => r.id)).size, REFERENCES.length, 'ids are unique');
  for (const r of REFERENCES) {
    for (const f of ['id', 'authors', 'title', 'venue']) assert.ok(typeof r[f] === 'string' && r[f].length > 2, `${r.id}: ${f}`);
    assert.ok(Number.isInteger(r.year) && r.year > 1950 && r.year < 2100, `${r.id}: year`);
    const ids = [r.doi && /^10\.\d{4,9}\/\S+$/.test(r.doi), r.arxiv && /^\d{4}\.\d{4,5}$/.test(r.arxiv), r.pmcid && /^PMC\d+$/.test(r.pmcid)];
    assert.ok(ids.some(Boolean), `${r.id}: no well-formed DOI, arXiv or PMC id`);
    assert.match(referenceUrl(r), /^https:\/\/(doi\.org|arxiv\.org|pmc\.ncbi\.nlm\.nih\.gov)\//);
  }
  assert.equal(shortCite(reference('saxe2014')), 'Saxe, McClelland & Ganguli (2014)');
  assert.equal(shortCite(reference('poole2016')), 'Poole et al. (2016)');
  assert.throws(() => reference('nobody1999'), /unknown reference/);
});

test('a paper that docs/theory.md also lists carries the same identifiers there', () => {
  const theory = readFileSync(new URL('../../docs/theory.md', import.meta.url), 'utf8').toLowerCase().replace(/\s+/g, ' ');
  for (const r of REFERENCES) {
    if (!theory.includes(r.title.toLowerCase())) continue;   // a paper only the page cites
    for (const id of [r.doi, r.arxiv, r.pmcid].filter(Boolean)) assert.ok(theory.includes(id.toLowerCase()), `${r.id}: ${id} not in docs/theory.md`);
  }
});

test('every demo cites the papers it rests on, and every paper is cited', () => {
  const cited = new Set();
  for (const d of DEMOS) {
    assert.ok(Array.isArray(d.refs) && d.refs.length > 0, `${d.id}: no refs`);
    for (const id of d.refs) { reference(id); cited.add(id); }
  }
  for (const r of REFERENCES) assert.ok(cited.has(r.id), `${r.id} is cited by no demo`);
});

test('the glossary explains the symbols the views use, and points at real views and papers', () => {
  const terms = GLOSSARY.map((g) => g.term);
  for (const t of ['τ', 'a₀', 's', 'D', 'σw', 'σb', 'χ₁', 'q*', 'ξ_q', 'ξ_c', 'SNR', 'MDS', 'λ-balanced', 'NTK']) assert.ok(terms.includes(t), t);
  const keys = GLOSSARY.map((g) => `${g.term}/${g.area ?? ''}`);
  assert.equal(new Set(keys).size, keys.length, 'a term appears twice for the same area');
  for (const g of GLOSSARY) {
    assert.ok(g.name && g.text.length > 20, g.term);
    for (const id of g.views) assert.ok(DEMOS.some((d) => d.id === id), `${g.term}: no view ${id}`);
    for (const id of g.refs ?? []) reference(id);
  }
});

test('every control explains itself in a sentence, and no parameter takes a key the page reserves', () => {
  for (const d of DEMOS) {
    for (const p of d.params) {
      const help = paramHelp(d, p);
      assert.ok(typeof help === 'string' && help.length > 15 && help.length < 240 && /[.)?]$/.test(help), `${d.id}.${p.key}: "${help}"`);
      assert.ok(!PAGE_KEYS.includes(p.key) && !HIDE_PARTS.includes(p.key), `${d.id}.${p.key} is reserved`);
    }
  }
});
