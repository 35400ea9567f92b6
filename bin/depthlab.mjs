#!/usr/bin/env node
// depthlab on the command line: runs one demo with the page's parameter names
// and prints its result as JSON.
//   node bin/depthlab.mjs modes depth=3 s1=4 a0=0.01
//   node bin/depthlab.mjs --list
import { loadEngine } from '../web/js/engine/index.js';
import { runDemo } from '../web/js/demos/headless.js';
import { DEMOS } from '../web/js/demos/index.js';
import { checkClaims } from '../web/js/demos/claims.js';

const args = process.argv.slice(2);
if (!args.length || args[0] === '--help' || args[0] === '-h') {
  console.log('usage: node bin/depthlab.mjs <demo> [key=value ...]   (node bin/depthlab.mjs --list shows demos and keys)');
  process.exit(args.length ? 0 : 2);
}
if (args[0] === '--list') {
  for (const d of DEMOS) {
    console.log(`${d.id}  (${d.title})`);
    for (const p of d.params) console.log(`    ${p.key}=${p.def}  ${p.label}; ${p.type === 'choice' ? p.options.join('|') : p.type === 'text' ? `text, at most ${p.maxLength} characters` : `${p.min}..${p.max}`}`);
  }
  process.exit(0);
}
const [id, ...pairs] = args;
if (!DEMOS.some((d) => d.id === id)) {
  console.error(`unknown demo "${id}"; known: ${DEMOS.map((d) => d.id).join(', ')}`);
  process.exit(2);
}
const bad = pairs.filter((p) => !/^[A-Za-z0-9_]+=/.test(p));
if (bad.length) { console.error(`arguments must be key=value, got ${bad.join(' ')}`); process.exit(2); }

const eng = await loadEngine();
const query = new URLSearchParams(pairs.map((p) => p.split(/=(.*)/s).slice(0, 2)));
const result = await runDemo(eng, `#/${id}?${query}`);
if (result.notices.length) { for (const n of result.notices) console.error(n); process.exit(2); }
const plain = (v) => (ArrayBuffer.isView(v) ? Array.from(v) : Array.isArray(v) ? v.map(plain)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v);
// The result sentences the page states for this run, each with whether it holds here.
const claims = checkClaims(result.demo, result.data, result.values).map((c) => ({ text: c.claim.text, holds: c.holds, detail: c.detail }));
console.log(JSON.stringify({
  depthlab: eng.version, demo: id, params: result.values, fingerprint: result.fingerprint,
  link: result.hash, claims, data: plain(result.data),
}));
