// Property-based tests (fast-check): whatever a link or a script passes in,
// the URL-state parser yields a valid state or a notice, and the engine returns
// finite numbers or an error naming the parameter — never a stray exception or NaN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHash, toHash, coerce } from '../../web/js/demos/state.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { loadEngine, EngineError } from '../../web/js/engine/index.js';

const eng = await loadEngine();

function inRange(prop, v) {
  if (prop.type === 'choice') return prop.options.includes(v);
  if (prop.type === 'text') return typeof v === 'string' && v.length <= prop.maxLength && !v.includes('\r');
  return typeof v === 'number' && Number.isFinite(v) && v >= prop.min && v <= prop.max && (prop.type !== 'int' || Number.isInteger(v));
}

// Strings shaped like links: a demo id or junk, then key=value pairs drawn from real keys and junk.
const keyArb = fc.oneof(fc.constantFrom(...new Set(DEMOS.flatMap((d) => d.params.map((p) => p.key))), 'v', 'embed'), fc.string());
const valueArb = fc.oneof(fc.double(), fc.integer().map(String), fc.string(), fc.constantFrom('NaN', 'Infinity', '-0', '1e999', '<script>', '%00', ''));
const linkArb = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.tuple(fc.oneof(fc.constantFrom(...DEMOS.map((d) => d.id)), fc.string()), fc.array(fc.tuple(keyArb, valueArb), { maxLength: 12 }))
    .map(([id, pairs]) => `#/${id}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`),
);

test('any link parses to a valid state plus notices, never an exception', () => {
  fc.assert(fc.property(linkArb, (link) => {
    const { demo, values, notices } = parseHash(link, DEMOS);
    assert.ok(DEMOS.includes(demo));
    for (const p of demo.params) assert.ok(inRange(p, values[p.key]), `${p.key}=${values[p.key]}`);
    for (const n of notices) assert.ok(typeof n === 'string' && n.length < 300);
  }), { numRuns: 2000 });
});

test('every valid state survives the round trip through its link', () => {
  for (const demo of DEMOS) {
    const valueFor = (p) => (p.type === 'choice' ? fc.constantFrom(...p.options)
      : p.type === 'text' ? fc.string({ maxLength: p.maxLength, unit: 'binary' }).map((t) => t.replace(/\r/g, ''))
      : p.type === 'int' ? fc.integer({ min: p.min, max: p.max })
        : fc.double({ min: p.min, max: p.max, noNaN: true }));
    const stateArb = fc.record(Object.fromEntries(demo.params.map((p) => [p.key, valueFor(p)])));
    fc.assert(fc.property(stateArb, (values) => {
      const back = parseHash(toHash(demo, values), DEMOS);
      assert.equal(back.demo, demo);
      assert.deepEqual(back.notices, []);
      for (const p of demo.params) assert.ok(Object.is(back.values[p.key], values[p.key]) || back.values[p.key] === values[p.key], p.key);
    }), { numRuns: 300 });
  }
});

test('coerce accepts exactly the in-range numbers', () => {
  const prop = { type: 'real', min: -2, max: 3 };
  fc.assert(fc.property(fc.double({ noNaN: true }), (x) => {
    const r = coerce(prop, String(x));
    assert.equal(r.error === undefined, x >= -2 && x <= 3 && Number.isFinite(x));
  }), { numRuns: 2000 });
});

// Anything at all, as a script might pass it.
const anything = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null),
  fc.constant(undefined), fc.array(fc.double(), { maxLength: 5 }), fc.object({ maxDepth: 1 }));

test('engine calls return finite numbers or an error naming a parameter', () => {
  const calls = [
    ['deepLinear.modeTrajectory', ['depth', 's', 'a0', 't'], (r) => r],
    ['deepLinear.learningTime', ['depth', 's', 'a0', 'af'], (r) => [r]],
  ];
  for (const [path, keys, numbers] of calls) {
    const [ns, fn] = path.split('.');
    fc.assert(fc.property(fc.record(Object.fromEntries(keys.map((k) => [k, anything])), { requiredKeys: [] }), (params) => {
      let out;
      try {
        out = eng[ns][fn](params);
      } catch (e) {
        assert.ok(e instanceof RangeError || e instanceof EngineError, `${path}: ${e}`);
        assert.ok(keys.some((k) => e.message.startsWith(k) || e.message.includes(` ${k} `)), `${path}: "${e.message}" names no parameter`);
        return;
      }
      for (const x of numbers(out)) assert.ok(Number.isFinite(x), `${path} returned ${x}`);
    }), { numRuns: 1000 });
  }
});
