// The repository explains itself: every relative link in the README and docs/*.md
// reaches a file (and a heading, when it names one), every reference in
// docs/theory.md carries a well-formed DOI or arXiv id (or says why it has none) and
// is cited in the text, every "docs/theory.md §n" or "docs/design.md §n" in the code
// names a section that exists, and nothing cites a document the repository lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  'web/js/demos/README.md'];

/** Markdown without fenced code blocks and inline code spans (their brackets are not links). */
const prose = (md) => md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's heading anchors: rendered text, lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(md) {
  const seen = new Map(), out = new Set();
  for (const [, text] of md.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const plain = text.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = plain.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** [text](target) links of a Markdown file, with balanced parentheses inside the target. */
function links(md) {
  const out = [];
  for (const m of prose(md).matchAll(/\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g)) out.push(m[1]);
  return out;
}

test('every relative link in the README and docs/ reaches a file and, if named, a heading', () => {
  for (const doc of DOCS) {
    for (const target of links(read(doc))) {
      if (/^[a-z]+:/i.test(target)) continue;   // https:, mailto:: checked by hand, not offline
      const [path, hash] = target.split('#');
      const file = path ? join(dirname(join(ROOT, doc)), decodeURI(path)) : join(ROOT, doc);
      assert.ok(existsSync(file), `${doc}: link to ${target}, but ${relative(ROOT, file)} does not exist`);
      if (hash !== undefined && file.endsWith('.md')) {
        const want = decodeURIComponent(hash);
        assert.ok(anchors(readFileSync(file, 'utf8')).has(want), `${doc}: link to ${target}, but ${relative(ROOT, file)} has no heading #${want}`);
      }
    }
  }
});

/** The reference list of docs/theory.md: one "- **Key.** ..." item each, whitespace folded. */
function references() {
  const md = read('docs/theory.md');
  const start = md.search(/^## \d+\. References$/m);
  assert.ok(start > 0, 'docs/theory.md has a numbered References section');
  const body = md.slice(0, start).replace(/\s+/g, ' ');
  const items = md.slice(start).split(/^- /m).slice(1).map((s) => s.replace(/\s+/g, ' ').trim());
  return { body, items };
}

test('every reference in docs/theory.md has a well-formed DOI or arXiv id, or says why not, and is cited', () => {
  const { body, items } = references();
  assert.ok(items.length >= 10, `only ${items.length} references`);
  const keys = new Set();
  for (const item of items) {
    const key = item.match(/^\*\*(.+?)\.\*\*/)?.[1];
    assert.ok(key, `reference without a bold key: ${item.slice(0, 60)}`);
    assert.ok(!keys.has(key), `reference ${key} listed twice`);
    keys.add(key);
    // Identifiers: the link text must be the identifier the link resolves.
    const dois = [...item.matchAll(/DOI \[([^\]]+)\]\(https:\/\/doi\.org\/([^ ]+?)\)(?=[,. ]|$)/g)];
    const arxivs = [...item.matchAll(/arXiv \[([^\]]+)\]\(https:\/\/arxiv\.org\/abs\/([^ )]+)\)/g)];
    for (const [, text, url] of dois) {
      assert.equal(text, url, `${key}: DOI text and link differ`);
      assert.match(text, /^10\.\d{4,9}\/\S+$/, `${key}: malformed DOI`);
    }
    for (const [, text, url] of arxivs) {
      assert.equal(text, url, `${key}: arXiv text and link differ`);
      // New style yymm.nnnnn (month 01-12) or old style archive/yymmnnn.
      assert.match(text, /^(\d{2}(0[1-9]|1[0-2])\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{2}(0[1-9]|1[0-2])\d{3})$/, `${key}: malformed arXiv id`);
    }
    const why = /No DOI or arXiv id; .*\]\(https:\/\/[^)]+\)/.test(item);
    assert.ok(dois.length + arxivs.length > 0 || why, `${key}: no DOI or arXiv id, and no stated reason with a link`);
    // Cited in the text as "Names Year" or "Names (Year)".
    const [, names, year] = key.match(/^(.+) (\d{4})$/);
    assert.ok(body.includes(`${names} ${year}`) || body.includes(`${names} (${year})`), `${key} is listed but never cited in docs/theory.md`);
  }
});

/** Files the code and docs live in (sources, headers, tests, docs), without built or vendored ones. */
function sources(dir = '', out = []) {
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (['node_modules', 'build', 'dist', '.git', 'vendor', 'wasm', 'data', 'corpus'].includes(name)) continue;
    if (statSync(join(ROOT, rel)).isDirectory()) sources(rel, out);
    else if (/\.(c|h|js|mjs|md|html|css|sh|txt)$|^Makefile$/.test(name)) out.push(rel);
  }
  return out;
}

test('every "docs/theory.md §n" and "docs/design.md §n" in the repository names a section that exists', () => {
  const sections = {};
  for (const doc of ['theory', 'design']) {
    sections[doc] = new Set([...read(`docs/${doc}.md`).matchAll(/^#{2,3} (\d+(?:\.\d+)?)[. ]/gm)].map((m) => m[1]));
  }
  let cited = 0;
  for (const file of sources()) {
    for (const m of read(file).matchAll(/docs\/(theory|design)\.md,? §(\d+(?:\.\d+)?)/g)) {
      cited++;
      assert.ok(sections[m[1]].has(m[2]), `${file} cites docs/${m[1]}.md §${m[2]}, which has no such section`);
    }
  }
  assert.ok(cited > 0, 'no citation of docs/theory.md found: the pattern is wrong');
});

test('no file cites a document the repository does not have (design notes, source documents, slides)', () => {
  // Built from pieces so that this file does not match itself.
  const unknown = new RegExp(`${'THEORY'}\\.md|${'DESIGN'}\\.md|seed 00\\d|the ${'slides'}`);
  const offending = sources().filter((file) => unknown.test(read(file)));
  assert.deepEqual(offending, [], 'cite docs/theory.md, docs/design.md or the paper (authors, year, title, DOI or arXiv) instead');
});
