// Every sentence a demo states about its result is a claim with a check (see
// web/js/demos/README.md): each check runs here, headless, on the result computed
// at the claim's settings, and must hold there. A claim's `when` must include
// those settings, and its text must not lean on a document the reader lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { toHash } from '../../web/js/demos/state.js';
import { claimValues } from '../../web/js/demos/claims.js';

const eng = await loadEngine();
const runs = new Map();   // claims at the same settings share one run
const resultAt = (demo, values) => {
  const hash = toHash(demo, values);
  if (!runs.has(hash)) runs.set(hash, runDemo(eng, hash));
  return runs.get(hash);
};

for (const demo of DEMOS) {
  test(`${demo.id}: every result claim holds at the settings it is made at`, async () => {
    assert.ok((demo.claims ?? []).length > 0, `${demo.id} states no checked result`);
    for (const claim of demo.claims ?? []) {
      assert.ok(typeof claim.text === 'string' && claim.text.length > 10, `${demo.id}: a claim needs its sentence`);
      assert.equal(typeof claim.check, 'function', `${claim.text}: no check`);
      for (const key of Object.keys(claim.at ?? {})) assert.ok(demo.params.some((p) => p.key === key), `${claim.text}: unknown parameter ${key}`);
      const values = claimValues(demo, claim);
      assert.ok(!claim.when || claim.when(values), `${claim.text}: its settings are outside its own 'when'`);
      const { data } = await resultAt(demo, values);
      assert.ok(!claim.applies || claim.applies(data, values), `${claim.text}: does not apply to the result at its own settings`);
      const r = claim.check(data, values);
      assert.equal(typeof r.holds, 'boolean', `${claim.text}: check must return { holds, detail }`);
      assert.ok(r.holds, `${demo.id} at ${toHash(demo, values)}: "${claim.text}" does not hold (${r.detail})`);
    }
  });
}

test('page text cites papers, never a document the reader does not have', () => {
  for (const demo of DEMOS) {
    const texts = [demo.title, demo.lookFor, demo.equation, ...(demo.claims ?? []).map((c) => c.text),
      ...demo.params.map((p) => p.label), ...demo.charts.flatMap((c) => [c.title, c.xLabel, c.yLabel, c.zLabel])];
    for (const t of texts.filter(Boolean)) {
      assert.doesNotMatch(t, /\bthe seed\b|\bseed 00\d|\bthe (lecture )?slides\b|THEORY\.md|DESIGN\.md/i, `${demo.id}: "${t.slice(0, 80)}…"`);
    }
  }
});
