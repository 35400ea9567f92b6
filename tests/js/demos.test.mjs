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

test('depth-speed tells a run that diverged from one that ran out of epochs, in chart and readout', async () => {
  // Gain 1.2 at width 64: the Gaussian and orthogonal products blow up past depth ~10 (x markers);
  // at gain 1 the deep Gaussian runs are merely slow: with 100 epochs they run out (triangles).
  const row = (r, init) => r.demo.readout(r.data, r.values).find(([k]) => k.startsWith(init))[1];
  const blown = await runDemo(eng, '#/depth-speed?maxDepth=20&width=64&gain=1.2&maxSteps=300&v=1');
  assert.match(row(blown, 'scaled Gaussian'), /→ diverged$/);
  const slow = await runDemo(eng, '#/depth-speed?maxDepth=50&width=16&maxSteps=100&v=1');
  assert.match(row(slow, 'scaled Gaussian'), /→ > 100$/);
  const markers = (r) => r.demo.draw(r.data, r.values).steps.filter((s) => s.marker).map((s) => s.marker);
  assert.ok(markers(blown).includes('crossRot') && markers(slow).includes('triangle'));
});

test('chaos views: where q* is infinite the regime is unbounded length, not chaos (readout and phase diagram)', async () => {
  const length = DEMOS.find((d) => d.id === 'chaos-length');
  const r = await runDemo(eng, '#/chaos-length?phi=relu&sw=2.5&v=1');
  assert.match(length.readout(r.data, r.values).find(([k]) => k === 'phase')[1], /^unbounded length/);
  const phaseDemo = DEMOS.find((d) => d.id === 'chaos-phase');
  const p = await runDemo(eng, '#/chaos-phase?phi=relu&res=20&v=1');
  const rows = phaseDemo.draw(p.data, p.values).chi1.filter((s) => s.heat);
  const grey = rows.flatMap((s) => Array.from(s.y)).filter(Number.isNaN).length;
  const unbounded = Array.from(p.data.pd.qStar).filter((q) => q === Infinity).length;
  assert.ok(unbounded > 0 && grey === unbounded, `${grey} grey cells for ${unbounded} without a finite q*`);
  assert.match(phaseDemo.charts.find((c) => c.id === 'chi1').nanLabel, /unbounded length/);
});
