// The guided tours: one per area, 5-10 steps; every step's link is a valid
// state (no notice), and what each step tells the student to notice is true of
// that state's computed result, run headless exactly as the page runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { AREAS } from '../../web/js/demos/index.js';
import { coerce, parseHash, toHash } from '../../web/js/demos/state.js';
import { TOURS, stepLink, stepState } from '../../web/js/demos/tours.js';

test('one tour per area, each of 5 to 10 steps with a title, a task and a checked notice', () => {
  assert.deepEqual(TOURS.map((t) => t.id), AREAS.map((a) => a.id));
  for (const tour of TOURS) {
    assert.ok(tour.steps.length >= 5 && tour.steps.length <= 10, `${tour.id}: ${tour.steps.length} steps`);
    for (const s of tour.steps) {
      for (const field of ['title', 'do', 'notice']) assert.ok(typeof s[field] === 'string' && s[field].length > 10, `${tour.id}: ${field}`);
      assert.equal(typeof s.check, 'function', `${tour.id} / ${s.title}: no check`);
    }
  }
});

test('every step’s link parses to exactly the state it sets, with no notice', () => {
  for (const tour of TOURS) {
    tour.steps.forEach((s, i) => {
      const { demo, values } = stepState(s);
      assert.ok(demo, `${tour.id} ${i + 1}: unknown demo ${s.demo}`);
      for (const [k, v] of Object.entries(s.set)) {
        const p = demo.params.find((q) => q.key === k);
        assert.ok(p, `${tour.id} ${i + 1}: ${demo.id} has no parameter ${k}`);
        assert.equal(coerce(p, String(v)).value, v, `${tour.id} ${i + 1}: ${k}=${v} is not a valid value`);
      }
      const parsed = parseHash(stepLink(s), [demo]);
      assert.deepEqual(parsed.notices, [], `${tour.id} ${i + 1}`);
      assert.deepEqual(parsed.values, values);
    });
  }
});

const eng = await loadEngine();
const run = async (link) => {
  const r = await runDemo(eng, link);
  return { ...r, drawn: r.demo.draw(r.data, r.values) };
};

for (const tour of TOURS) {
  test(`${tour.id} tour: what every step says to notice holds at its state`, async () => {
    for (const [i, step] of tour.steps.entries()) {
      const r = await run(stepLink(step));
      const other = (set) => run(toHash(r.demo, { ...r.values, ...set }));
      const { holds, detail } = await step.check(r.data, r.values, { drawn: r.drawn, other });
      assert.ok(typeof detail === 'string' && detail.length > 0 && !detail.includes('NaN'), `step ${i + 1}: detail "${detail}"`);
      assert.equal(holds, true, `step ${i + 1} (${step.title}): “${step.notice}” — ${detail}`);
    }
  });
}
