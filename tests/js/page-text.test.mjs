// What the page writes and reads, checked without a browser: durations in words,
// numbers typed with a decimal comma, the sampling of chart tables, the one-line
// description of every demo, and the records of a segmented gd-modes run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration } from '../../web/js/format.js';
import { decimalText } from '../../web/js/page/controls.js';
import { sample, MAX_ROWS } from '../../web/js/charts/table.js';
import { summary } from '../../web/js/page/meta.js';
import { DEMOS } from '../../web/js/demos/index.js';
import gdModes from '../../web/js/demos/gd-modes.js';
import { loadEngine, engineMethod } from '../../web/js/engine/index.js';

test('durations read as people say them, never as milliseconds in exponent form', () => {
  const cases = [[0.4, '0 ms'], [850, '850 ms'], [999.6, '1 s'], [4249, '4.2 s'], [59999, '59 s'], [60000, '1 min 0 s'],
    [197300, '3 min 17 s'], [3599999, '59 min 59 s'], [7500000, '2 h 5 min']];
  for (const [ms, text] of cases) assert.equal(duration(ms), text, `${ms} ms`);
});

test('a decimal comma is read as a decimal point; a comma that may group thousands is refused with a sentence', () => {
  for (const [typed, read] of [['1,5', '1.5'], [' -0,25 ', '-0.25'], [',5', '.5'], ['1,5e3', '1.5e3'], ['2.5', '2.5'], ['7', '7']]) {
    assert.deepEqual(decimalText(typed), { text: read }, typed);
  }
  assert.match(decimalText('1,000').error, /“1,000” could mean 1000 or 1\.000/);
  assert.match(decimalText('12,500,000').error, /without thousands separators \(12500000\)/);
  assert.match(decimalText('1,2,3').error, /is not a number/);
});

test('chart tables sample long series evenly, keeping the first and last point', () => {
  assert.deepEqual(sample(5, MAX_ROWS), [0, 1, 2, 3, 4]);
  const idx = sample(10000, MAX_ROWS);
  assert.equal(idx.length, MAX_ROWS);
  assert.equal(idx[0], 0);
  assert.equal(idx.at(-1), 9999);
  assert.ok(idx.every((v, i) => i === 0 || v > idx[i - 1]), 'ascending, no repeats');
});

test("every demo's link preview has a description of whole sentences, 80 to 200 characters", () => {
  for (const demo of DEMOS) {
    const text = summary(demo);
    assert.match(text, /^\S.*[.!?…]$/s, demo.id);
    assert.ok(text.length >= Math.min(80, demo.lookFor.trim().length) && text.length <= 200, `${demo.id}: ${text.length} characters: ${text}`);
  }
});

test('gd-modes in segments, some cut inside a record interval, keeps the records of one uninterrupted run', async () => {
  const eng = await loadEngine();
  const call = (method, params) => engineMethod(eng, method)(params, {});
  // steps 600: records every 15 steps, and the first segment (10 steps) ends inside the first interval.
  const v = { depth: 3, width: 8, s1: 3, s2: 2, s3: 1, init: 'small', a0: 0.01, scale: 0.1, gain: 1, lr: 0.01, steps: 600, seed: 4 };
  const ends = [];
  const out = await gdModes.compute(call, v, { progress() {}, partial: async (d) => { ends.push(d.done); } });
  assert.ok(ends[0] % 15 !== 0, `a segment ended between records (at step ${ends[0]})`);
  const one = await eng.deepLinear.simulate({ depth: 3, width: 8, singularValues: [3, 2, 1], init: 'small', scale: 0.1, lr: 0.01,
    steps: 600, every: 15, seed: 4 });
  for (const key of ['t', 'loss']) assert.deepEqual(Array.from(out.sim[key]), Array.from(one[key]), key);
  out.sim.modes.forEach((m, a) => assert.deepEqual(Array.from(m), Array.from(one.modes[a]), `mode ${a + 1}`));
  out.sim.layerChange.forEach((m, l) => assert.deepEqual(Array.from(m), Array.from(one.layerChange[l]), `layer ${l + 1}`));
});
