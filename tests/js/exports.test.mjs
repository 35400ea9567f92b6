// include/depthlab is the public C API and exactly what the module exports: every
// function declared in its headers is listed in src/api/exports.txt and exported by both
// wasm builds, and nothing else is. Internal headers live under src/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

/** Names of the functions a header declares (comments and preprocessor lines removed). */
function declared(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, '').replace(/^\s*#.*$/gm, '');
  const names = [];
  for (const statement of code.split(/[;{}]/)) {
    const m = /^\s*(?!typedef\b)[A-Za-z_][\w\s*]*?\b(dlab_\w+)\s*\(/.exec(statement);
    if (m) names.push(m[1]);
  }
  return names;
}

const headers = readdirSync(new URL('include/depthlab/', root)).filter((f) => f.endsWith('.h'));
const byHeader = Object.fromEntries(headers.map((h) => [h, declared(read(`include/depthlab/${h}`))]));
const publicNames = Object.values(byHeader).flat().sort();
const exportList = read('src/api/exports.txt').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean).sort();

test('the public headers declare exactly the functions exports.txt exports', () => {
  assert.ok(publicNames.length > 50, `found ${publicNames.length} declarations: the parser must see them`);
  assert.deepEqual(publicNames.filter((n) => !exportList.includes(n)), [], 'declared in include/depthlab but not exported');
  assert.deepEqual(exportList.filter((n) => !publicNames.includes(n)), [], 'exported but not declared in include/depthlab');
  assert.equal(new Set(publicNames).size, publicNames.length, 'each function is declared once');
});

test('both wasm builds export every function of exports.txt', () => {
  for (const file of ['web/wasm/depthlab.wasm', 'web/wasm/depthlab-scalar.wasm']) {
    const mod = new WebAssembly.Module(readFileSync(new URL(file, root)));
    const fns = new Set(WebAssembly.Module.exports(mod).filter((e) => e.kind === 'function').map((e) => e.name));
    assert.deepEqual(exportList.filter((n) => !fns.has(n)), [], file);
  }
});

test('the public headers include only public headers', () => {
  for (const h of headers) {
    for (const [, inc] of read(`include/depthlab/${h}`).matchAll(/#include\s+"([^"]+)"/g)) {
      assert.ok(headers.includes(inc), `${h} includes "${inc}", which is not a public header`);
    }
  }
});
