// Static check: code whose numbers reach a demo's result (solvers, demos, the
// engine and its helpers) uses no JavaScript Math function that engines may
// round differently, and no `**` operator.
//
// Why: ECMAScript requires + - * / and Math.sqrt to be correctly rounded, but
// Math.exp, log, pow (and `**`), sin, cos, tanh, atan, cbrt, ... are only
// "implementation-approximated". Every engine ships its own libm (Node 20 and
// Chromium disagree in the last bit on 5-20% of inputs; Firefox and Safari have
// theirs), so one call would break the promise that a shared link gives the
// same fingerprint in every browser and in Node. Use web/js/dmath.js (exp, log,
// log2, log10, pow, sin, cos), exact multiplication for small powers (x * x),
// or Number.MAX_SAFE_INTEGER-style literals for constants. UI-only modules
// (controls, charts, heatmap, ...) may use Math freely: they draw, and a
// slider's value reaches the computation only through the URL, which records
// it exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../web/js/', import.meta.url));
// Everything that runs in workers and Node (engine/) and every demo (computed in the
// page and headless in Node): the layout of web/js says where code runs.
const walk = (dir) => readdirSync(`${WEB}${dir}`, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(`${dir}${e.name}/`) : e.name.endsWith('.js') ? [`${dir}${e.name}`] : []);
const FILES = [...walk('engine/'), ...walk('demos/'), 'engine.js', 'format.js'];

// Exact everywhere: correctly rounded (sqrt, fround), exact by definition
// (floor, ceil, round, trunc, abs, sign, min, max, imul, clz32), or constants.
const EXACT = new Set(['abs', 'ceil', 'floor', 'round', 'trunc', 'sign', 'min', 'max', 'sqrt', 'fround',
  'imul', 'clz32', 'PI', 'E', 'SQRT2', 'SQRT1_2', 'LN2', 'LN10', 'LOG2E', 'LOG10E']);

/**
 * The source with comments removed and the text of string, template and regular
 * expression literals blanked (template ${...} expressions are kept: they are
 * code). Newlines are kept, so line numbers still match.
 */
export function codeOnly(src) {
  let out = '';
  let i = 0;
  const braces = []; // for each open template ${, the brace depth it started at
  let depth = 0;
  let last = ''; // last significant code character (decides regex vs division)
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  const regexCanStart = () => last === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(last) || /\b(return|typeof|case|do|else|in|of|void|yield|await)$/.test(out.trimEnd());
  const template = () => { // at a template's text: up to the closing ` or a ${
    let j = i;
    while (j < src.length && src[j] !== '`' && !(src[j] === '$' && src[j + 1] === '{')) j += src[j] === '\\' ? 2 : 1;
    out += blank(src.slice(i, j));
    if (src[j] === '`') { out += '`'; i = j + 1; last = '`'; } else { out += '${'; braces.push(depth); depth++; i = j + 2; last = '{'; }
  };
  while (i < src.length) {
    const c = src[i], n = src[i + 1];
    if (c === '/' && n === '/') { const j = src.indexOf('\n', i); const e = j < 0 ? src.length : j; out += blank(src.slice(i, e)); i = e; continue; }
    if (c === '/' && n === '*') { const j = src.indexOf('*/', i + 2); const e = j < 0 ? src.length : j + 2; out += blank(src.slice(i, e)); i = e; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += c + blank(src.slice(i + 1, j)) + c; i = j + 1; last = c; continue;
    }
    if (c === '`') { out += '`'; i++; template(); continue; }
    if (c === '}' && braces.length && braces[braces.length - 1] === depth - 1) { depth--; braces.pop(); out += '}'; i++; template(); continue; }
    if (c === '/' && regexCanStart()) {
      let j = i + 1, cls = false;
      while (j < src.length && src[j] !== '\n' && (cls || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') cls = true;
        else if (src[j] === ']') cls = false;
        j++;
      }
      j++;
      while (/[a-z]/i.test(src[j] ?? '')) j++;
      out += '/' + blank(src.slice(i + 1, j - 1)) + '/'; i = j; last = '/'; continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    out += c;
    if (!/\s/.test(c)) last = c;
    i++;
  }
  return out;
}

/** [{ line, text, why }] for every non-exact Math use and every `**` in the code. */
export function findings(src) {
  const code = codeOnly(src), lines = src.split('\n'), found = [];
  const lineOf = (at) => code.slice(0, at).split('\n').length;
  for (const m of code.matchAll(/\bMath\b(\s*\.\s*([A-Za-z_$][\w$]*))?/g)) {
    if (m[2] && EXACT.has(m[2])) continue;
    found.push({ line: lineOf(m.index), why: m[2] ? `Math.${m[2]}` : 'Math used other than Math.<exact function>' });
  }
  for (const m of code.matchAll(/\*\*/g)) found.push({ line: lineOf(m.index), why: '** operator' });
  return found.map((f) => ({ ...f, text: lines[f.line - 1].trim() }));
}

test('the stripper keeps code and drops comments, strings and regular expressions', () => {
  const src = [
    "const a = 'Math.log(x)', b = \"x ** 2\"; // Math.exp",
    '/* Math.pow(2, 3) ** */ const c = x / 2 / y;',
    'const r = /\\*\\*|Math.sin/g, t = `Math.cos ${Math.tanh(x) + `${y ** 2}`} **`;',
    'if (x) { const o = { a: `${{ b: Math.cbrt(1) }.b}` }; }',
  ].join('\n');
  assert.deepEqual(findings(src).map((f) => [f.line, f.why]),
    [[3, 'Math.tanh'], [4, 'Math.cbrt'], [3, '** operator']]);
  assert.deepEqual(findings('const m = Math; m.log(2); Math["exp"](1); x **= 2;').map((f) => f.why),
    ['Math used other than Math.<exact function>', 'Math used other than Math.<exact function>', '** operator']);
  assert.deepEqual(findings('Math.sqrt(Math.max(Math.abs(x), Math.PI)) / Math.floor(y) * Math.fround(z)'), []);
});

test('solvers, demos and the engine use only exact Math functions and no ** (see web/js/dmath.js)', () => {
  const bad = [];
  for (const file of FILES) {
    for (const f of findings(readFileSync(WEB + file, 'utf8'))) bad.push(`web/js/${file}:${f.line}: ${f.why}: ${f.text}`);
  }
  assert.deepEqual(bad, []);
});
