// The page options a link may carry besides a demo's values: hide= (controls,
// the whole panel, the text) and embed=. They are validated like every other
// parameter (a notice for a bad value) and survive the round trip through the link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEMOS } from '../../web/js/demos/index.js';
import { defaults, hideable, parseHash, parseState, toHash } from '../../web/js/demos/state.js';

const modes = DEMOS.find((d) => d.id === 'modes');

test('hide= takes parameter keys, controls and text; anything else is a notice', () => {
  const r = parseHash('#/modes?s1=5&hide=text,a0,nope,s1,,a0&v=1', DEMOS);
  assert.deepEqual(r.hide, ['s1', 'a0', 'text'], 'canonical order, no duplicates');
  assert.equal(r.values.s1, 5, 'a hidden key still takes its value from the link');
  assert.equal(r.notices.length, 1);
  assert.match(r.notices[0], /hide=nope names no control of Mode trajectories/);
  const hostile = parseHash(`#/modes?hide=${'<b>'.repeat(50)}`, DEMOS);
  assert.ok(hostile.notices[0].length < 200);
});

test('embed= is 1 or 0; anything else is a notice', () => {
  assert.equal(parseHash('#/modes?embed=1', DEMOS).embed, true);
  assert.equal(parseHash('#/modes?embed=0', DEMOS).embed, false);
  const r = parseHash('#/modes?embed=yes', DEMOS);
  assert.equal(r.embed, false);
  assert.match(r.notices[0], /embed=yes must be 1/);
});

test('a link keeps hide= readable (literal commas) and every state with options survives the round trip', () => {
  assert.match(toHash(modes, defaults(modes), { embed: true, hide: ['text', 's1'] }), /&hide=s1,text&embed=1&v=1$/);
  for (const demo of DEMOS) {
    const words = hideable(demo);
    fc.assert(fc.property(fc.subarray(words), fc.boolean(), (hide, embed) => {
      const back = parseHash(toHash(demo, defaults(demo), { embed, hide }), DEMOS);
      assert.deepEqual(back.notices, []);
      assert.equal(back.embed, embed);
      assert.deepEqual(back.hide, words.filter((w) => hide.includes(w)));
    }), { numRuns: 50 });
  }
});

test('a link read over a base state (a tour step) changes only what it names, and a bad value falls back to the base', () => {
  const base = { ...defaults(modes), a0: 1e-5, tmax: 10 };
  const r = parseState(modes, new URLSearchParams('depth=3&s1=oops'), base);
  assert.deepEqual(r.values, { ...base, depth: 3 });
  assert.match(r.notices[0], /s₁ \(s1\) is not a number, got "oops": using 3/);
});
