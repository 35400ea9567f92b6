#!/usr/bin/env node
// depthlab on the command line: runs one demo with the page's parameter names
// and prints its result as JSON, or sweeps a grid of its parameters to CSV.
//   depthlab modes depth=3 s1=4 a0=0.01
//   depthlab --list
//   depthlab sweep gd-modes lr=0.001..0.1:log:12 depth=2,4,8 --csv out.csv   (bin/sweep.mjs)
import { loadEngine } from '../web/js/engine/index.js';
import { runDemo } from '../web/js/demos/headless.js';
import { DEMOS } from '../web/js/demos/index.js';
import { checkClaims } from '../web/js/demos/claims.js';
import { SWEEP_USAGE, sweepCommand } from './sweep.mjs';

const args = process.argv.slice(2);
if (!args.length || args[0] === '--help' || args[0] === '-h') {
  console.log(`usage: depthlab <demo> [key=value ...]   (depthlab --list shows demos and keys)\n  or   ${SWEEP_USAGE.slice('usage: '.length)}`);
  process.exit(args.length ? 0 : 2);
}
if (args[0] === 'sweep') {
  if (args.length === 1) { console.error(SWEEP_USAGE); process.exit(2); }
  process.exit(await sweepCommand(args.slice(1)));
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
