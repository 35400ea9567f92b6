// web/js/dmath.js gives the same bits in Chromium as in Node on ~1e5 inputs
// (Math.exp/log/pow/sin/cos do not: each engine has its own libm). This is
// what lets a shared link promise the same fingerprint in every browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';
import * as D from '../../web/js/engine/dmath.js';
import { dmathCases } from '../js/dmath-cases.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const toBase64 = (f64) => Buffer.from(f64.buffer, f64.byteOffset, f64.byteLength).toString('base64');

test('dmath gives bit-identical results in Chromium and Node on 1e5 inputs', async () => {
  const groups = dmathCases(5000); // 21 groups -> 105000 calls
  const page = await env.newPage();
  await page.goto(env.url);
  const sent = groups.map(({ name, args }) => ({ name, arity: args[0].length, x: toBase64(Float64Array.from(args.flat())) }));
  const back = await page.evaluate(async (gs) => {
    const M = await import('/js/engine/dmath.js');
    const decode = (s) => new Float64Array(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer);
    const encode = (f) => { let s = ''; const b = new Uint8Array(f.buffer); for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]); return btoa(s); };
    return gs.map(({ name, arity, x }) => {
      const v = decode(x), out = new Float64Array(v.length / arity);
      for (let i = 0; i < out.length; i++) out[i] = arity === 1 ? M[name](v[i]) : M[name](v[2 * i], v[2 * i + 1]);
      return encode(out);
    });
  }, sent);
  let calls = 0;
  groups.forEach(({ name, args }, g) => {
    const page64 = new Float64Array(Buffer.from(back[g], 'base64').buffer.slice(0));
    const pageBits = new BigUint64Array(page64.buffer), node = new Float64Array(1), nodeBits = new BigUint64Array(node.buffer);
    const bad = [];
    args.forEach((x, i) => {
      node[0] = D[name](...x);
      if (nodeBits[0] !== pageBits[i] && !(Number.isNaN(node[0]) && Number.isNaN(page64[i]))) bad.push(`${name}(${x}): node ${node[0]}, page ${page64[i]}`);
    });
    calls += args.length;
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${args.length} differ`);
  });
  assert.ok(calls >= 1e5, `${calls} calls`);
  assert.deepEqual(page.errors, []);
});
