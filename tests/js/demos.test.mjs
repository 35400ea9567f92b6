// Every demo, run headless at its defaults exactly as the page runs it: each
// chart gets data, every number drawn on a line or bar chart is finite (no NaN
// reaches a chart), and its CSV and JSON exports carry the parameters and every
// point. Heatmaps may hold non-finite cells on purpose (xi_c = Infinity exactly
// at the order-chaos boundary; grey cells where q* does not exist), which they
// draw in a colour of their own and explain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { toHash, defaults } from '../../web/js/demos/state.js';
import { toCSV, toJSON } from '../../web/js/page/export.js';

const eng = await loadEngine();

for (const demo of DEMOS) {
  test(`${demo.id}: every chart is drawn from finite numbers and exports them`, async () => {
    const r = await runDemo(eng, toHash(demo, defaults(demo)));
    const drawn = demo.draw(r.data, r.values);
    const meta = { version: eng.version, demo: demo.id, params: r.values, url: r.hash, fingerprint: r.fingerprint };
    for (const chart of demo.charts) {
      const series = drawn[chart.id];
      assert.ok(Array.isArray(series) && series.length > 0, `${chart.id}: no series`);
      const grid = chart.kind === 'heatmap' || chart.kind === 'matrix';
      let points = 0, finite = 0;
      for (const s of series) {
        assert.equal(s.x.length, s.y.length, `${chart.id} / ${s.label}: x and y lengths differ`);
        for (let i = 0; i < s.x.length; i++) {
          const ok = Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]);
          finite += ok;
          assert.ok(ok || (grid && !Number.isNaN(s.x[i])), `${chart.id} / ${s.label}: point ${i} is (${s.x[i]}, ${s.y[i]})`);
        }
        if (!String(s.label).startsWith('_')) points += s.x.length;
      }
      assert.ok(finite > 0, `${chart.id}: nothing finite to draw`);
      const csv = toCSV(meta, series);
      assert.equal(csv.trim().split('\n').length, 4 + points, `${chart.id}: CSV rows`);
      const json = JSON.parse(toJSON(meta, series));
      assert.equal(json.fingerprint, r.fingerprint);
      assert.deepEqual(json.params, r.values);
    }
  });
}
