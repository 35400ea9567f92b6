// Every demo, run headless at its defaults exactly as the page runs it: each
// chart gets data, every number drawn on a line or bar chart is finite (no NaN
// reaches a chart), its CSV and JSON exports carry the parameters and every
// point, and no two entries of a legend look alike. Heatmaps may hold non-finite
// cells on purpose (xi_c = Infinity exactly at the order-chaos boundary; grey
// cells where q* does not exist), which they draw in a colour of their own and explain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, engineMethod } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { toHash, defaults } from '../../web/js/demos/state.js';
import { toCSV, toJSON } from '../../web/js/page/export.js';
import { legendItems } from '../../web/js/charts/legend.js';

// The ink colour (Okabe-Ito black) as the page draws it in light mode.
const COLOURS = { ink: '#000000' };

const eng = await loadEngine();

/** Legend entries: colour, line pattern and mark (dot, line, level mark, bar) together tell each one apart. */
function assertDistinctLegend(chart, series) {
  const items = legendItems(series, COLOURS, { kind: chart.kind ?? 'line', index: chart.xType === 'index' });
  const seen = new Map();
  for (const it of items) {
    const look = `${it.color.toLowerCase()} ${it.dash} ${it.mark}`;
    assert.ok(!seen.has(look), `${chart.id}: "${it.label}" looks like "${seen.get(look)}" (${look})`);
    seen.set(look, it.label);
  }
}

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
      const lines = csv.trim().split('\n');
      if (chart.kind === 'matrix') {
        // The matrix itself: a header of column names, one line per row, each starting with its name.
        const rows = series.filter((s) => !String(s.label).startsWith('_'));
        assert.equal(lines.length, 4 + rows.length, `${chart.id}: CSV rows`);
        assert.equal(lines[3], ['row', ...rows[0].columns].map((c) => `"${c}"`).join(','), `${chart.id}: CSV header names the columns`);
        assert.ok(lines[4].startsWith(`"${rows[0].label}",`), `${chart.id}: CSV rows carry their names`);
      } else {
        assert.equal(lines.length, 4 + points, `${chart.id}: CSV rows`);
      }
      if (!grid) assertDistinctLegend(chart, series);
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

test('legends stay distinct beyond the defaults: long lists of properties, items without categories', async () => {
  for (const hash of ['#/sem-illusory?item=canary&v=1', '#/sem-differentiation?dataset=csv-animals&v=1',
    '#/sem-differentiation?dataset=tree&branching=3&levels=2&v=1']) {
    const r = await runDemo(eng, hash);
    const drawn = r.demo.draw(r.data, r.values);
    for (const chart of r.demo.charts) if (!chart.kind || chart.kind === 'line') assertDistinctLegend(chart, drawn[chart.id]);
  }
});

test('gd-modes: theory from a measured start the mode equation does not cover is explained, never an error', async () => {
  const demo = DEMOS.find((d) => d.id === 'gd-modes');
  const v = { ...defaults(demo), init: 'gaussian', steps: 40 };
  // The engine, except that the simulation reports the kind of start a deep gain-2 network has
  // (mode 1 at 4.76e6, as at depth 30, width 64): no setting of the page's controls gets there
  // today without diverging first.
  const call = async (method, params) => {
    const r = await engineMethod(eng, method)(params, {});
    if (method === 'deepLinear.simulate') r.modes[0][0] = 4.76e6;
    return r;
  };
  const data = await demo.compute(call, v, { progress() {}, async partial() {} });
  const drawn = demo.draw(data, v);
  assert.equal(drawn.a.filter((s) => s.label.startsWith('_theory')).length, 2, 'modes 2 and 3 keep their theory curves');
  assert.ok(!drawn.loss.some((s) => s.label.startsWith('theory')), 'no loss theory without every mode');
  const said = demo.readout(data, v).map(([label, text]) => `${label}: ${text}`).join('\n');
  assert.match(said, /mode 1 starts at strength 4\.76e\+6, beyond the 10000 the mode equation is solved for: no theory curve/);
  // No sentence names a parameter the page has no control for (a0 is hidden for this init).
  assert.doesNotMatch(said, /\ba0\b|a₀/);
  // The link from the report runs to an explanation in words (today: the run diverges at once).
  const out = await runDemo(eng, '#/gd-modes?depth=30&init=gaussian&gain=2&width=64&s1=5').catch((e) => e);
  const words = out instanceof Error ? out.message : demo.readout(out.data, out.values).flat().join(' ');
  assert.doesNotMatch(words, /\ba0\b|a₀ must/);
});

test('a link naming no demo runs the first with a notice, also when it names another module of the folder', async () => {
  // runDemo imports only the module a link names; a file there that is not a demo must not pass as one.
  for (const path of ['nope', 'index', 'state', 'headless', '../engine/index', '']) {
    const r = await runDemo(eng, `#/${path}?v=1`);
    assert.equal(r.demo, DEMOS[0], path);
    assert.deepEqual(r.notices, path ? [`Unknown demo "${path}": showing ${DEMOS[0].title} instead.`] : [], path);
  }
});
