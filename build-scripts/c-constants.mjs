// Writes web/js/engine/c-constants.js: every numeric constant of the public C
// headers (limits, enum values, record and info indices, status codes) as a
// named ES export, so the engine imports them instead of copying them by hand.
// Run by `make build`; the output is a build artifact (not in git).
//
// Recognised forms (the headers keep to them; anything else is an error here):
//   #define DLAB_NAME <number or integer expression>      e.g. (40L << 20), 1e-3, 100.0
//   enum { DLAB_A = 0, DLAB_B, ... };   typedef enum { ... } name;   (implicit values count on)
// tests/js/c-constants.test.mjs compiles the headers and checks every value against C.
import { readFile, readdir, writeFile } from 'node:fs/promises';

const root = new URL('../', import.meta.url);
const HEADERS = new URL('include/depthlab/', root);
const OUT = new URL('web/js/engine/c-constants.js', root);

/**
 * Value of a C constant expression: literals (suffixes U, L), + - * / << and parentheses,
 * and DLAB_ names, whose values `known` gives (an object, or a function of the name).
 */
export function evaluate(text, known = {}) {
  const lookup = typeof known === 'function' ? known : (name) => known[name];
  const tokens = text.match(/0x[\da-f]+[ul]*|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?[ul]*|DLAB_\w+|<<|[-+*/()]|\S/gi) ?? [];
  let i = 0;
  const fail = (why) => { throw new Error(`cannot evaluate "${text}": ${why}`); };
  // Each value carries whether C would treat it as an integer (for / and <<).
  const primary = () => {
    const tok = tokens[i++];
    if (tok === '(') { const v = shift(); if (tokens[i++] !== ')') fail('missing )'); return v; }
    if (tok === '-') { const v = primary(); return { n: -v.n, int: v.int }; }
    if (tok && /^DLAB_\w+$/.test(tok)) {
      const n = lookup(tok);
      if (n === undefined) fail(`${tok} is not defined`);
      return { n, int: Number.isInteger(n) };
    }
    if (tok && /^\.?\d/.test(tok)) {
      const lit = tok.replace(/[uUlL]+$/, '');
      const int = /^(0x[\da-f]+|\d+)$/i.test(lit);
      const n = Number(lit);
      if (!Number.isFinite(n)) fail(`bad number ${tok}`);
      return { n, int };
    }
    return fail(`unexpected ${tok ?? 'end'}`);
  };
  const product = () => {
    let v = primary();
    while (tokens[i] === '*' || tokens[i] === '/') {
      const op = tokens[i++], r = primary();
      if (op === '*') v = { n: v.n * r.n, int: v.int && r.int };
      else v = v.int && r.int ? { n: Math.trunc(v.n / r.n), int: true } : { n: v.n / r.n, int: false };
    }
    return v;
  };
  const sum = () => {
    let v = product();
    while (tokens[i] === '+' || tokens[i] === '-') {
      const op = tokens[i++], r = product();
      v = { n: op === '+' ? v.n + r.n : v.n - r.n, int: v.int && r.int };
    }
    return v;
  };
  const shift = () => {
    let v = sum();
    while (tokens[i] === '<<') {
      i++;
      const r = sum();
      if (!v.int || !r.int) fail('<< needs integers');
      v = { n: v.n * 2 ** r.n, int: true };
    }
    return v;
  };
  const v = shift();
  if (i !== tokens.length) fail(`unexpected ${tokens[i]}`);
  if (!Number.isSafeInteger(v.n) && v.int) fail('integer beyond 2^53');
  return v.n;
}

/** The DLAB_ constants one header's text defines, in order, unevaluated: [[name, expression], ...]. */
export function definitionsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, '');
  const out = [];
  const re = /^[ \t]*#[ \t]*define[ \t]+(DLAB_\w+)[ \t]+([^\n]+)$|\benum\b[^{;]*\{([^}]*)\}/gm;
  for (const m of code.matchAll(re)) {
    if (m[1]) { out.push([m[1], m[2].trim()]); continue; }
    let prev = null;   // an enum member without a value is the one before it + 1 (the first 0)
    for (const item of m[3].split(',').map((t) => t.trim()).filter(Boolean)) {
      const [, name, expr] = item.match(/^(\w+)\s*(?:=\s*(.+))?$/s) ?? [];
      if (!name) throw new Error(`cannot read the enum member "${item}"`);
      out.push([name, expr ?? (prev ? `${prev} + 1` : '0')]);
      prev = name;
    }
  }
  return out;
}

/** Every header's constants, evaluated (a constant may use one from any header): [{ header, constants: [[name, value]] }]. */
export async function headerConstants() {
  const names = (await readdir(HEADERS)).filter((f) => f.endsWith('.h')).sort();
  const headers = [], exprs = new Map();
  for (const header of names) {
    const defs = definitionsOf(await readFile(new URL(header, HEADERS), 'utf8'));
    for (const [name, expr] of defs) {
      if (exprs.has(name)) throw new Error(`${name} is defined twice`);
      exprs.set(name, expr);
    }
    if (defs.length) headers.push({ header, names: defs.map(([name]) => name) });
  }
  const values = new Map(), busy = new Set();
  const value = (name) => {
    if (!values.has(name) && exprs.has(name)) {
      if (busy.has(name)) throw new Error(`${name} is defined in terms of itself`);
      busy.add(name);
      values.set(name, evaluate(exprs.get(name), value));
      busy.delete(name);
    }
    return values.get(name);
  };
  return headers.map(({ header, names: ns }) => ({ header, constants: ns.map((name) => [name, value(name)]) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = [
    '// Generated by build-scripts/c-constants.mjs from include/depthlab/*.h (make build):',
    '// do not edit; change the header instead. Each name and value is the C one.',
  ];
  for (const { header, constants } of await headerConstants()) {
    lines.push('', `// ${header}`);
    for (const [name, value] of constants) lines.push(`export const ${name} = ${value};`);
  }
  await writeFile(OUT, `${lines.join('\n')}\n`);
}
