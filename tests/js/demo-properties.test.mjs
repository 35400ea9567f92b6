// Every demo at random valid settings (fast-check, fixed seed and number of runs,
// so `make test` gives the same answer every time): it either draws charts of
// finite numbers (the README's promise: no NaN reaches a chart) or stops with a
// sentence, as the page would show it. Every claim's check answers { holds, detail }
// there, never an exception. Headless in Node, exactly as the page computes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';
import { DEMOS } from '../../web/js/demos/index.js';
import { toHash, defaults } from '../../web/js/demos/state.js';
import { CSV_EXAMPLES } from '../../web/js/demos/common/semantic.js';

const eng = await loadEngine();
// Fixed for `make test`; explore further by hand with e.g. DEMO_PROPERTY_SEED=7 DEMO_PROPERTY_RUNS=50.
const SEED = Number(process.env.DEMO_PROPERTY_SEED ?? 20240613);
const RUNS = Number(process.env.DEMO_PROPERTY_RUNS ?? 6);

// Work, not behaviour, grows with these sizes: they are drawn from the low end of their
// range so the whole test stays within seconds (the largest settings take minutes,
// e.g. chaos-circle at width 2000 with 512 points). Every other parameter, and the
// range's low end, is drawn in full.
const CAP = {
  'chaos-circle': { width: 200, points: 64 },
  'chaos-phase': { res: 40 },
  'sem-coherence': { N: 32, depth: 2 },
  'gd-modes': { steps: 3000, width: 16 },
  'depth-speed': { maxSteps: 2000, width: 16 },
  'fmnist-depth': { maxEpochs: 500, maxDepth: 6, width: 16, components: 30 },
  'pl-pathways': { steps: 3000, seeds: 2, width: 16 },
  'isometry': { width: 32 },
  'sem-differentiation': { hidden: 16 },
  'trainability': { nw: 4, depthMax: 8, width: 16, trainSize: 200, epochs: 2 },
  'deep-tanh': { layers: 8, width: 16, trainSize: 200, epochs: 2 },
  'lazy-rich-dynamics': { time: 20 },
};

// Values a user can reach: the ends of each range and the default often, anything in between.
function arbitraryOf(p, cap) {
  if (p.type === 'choice') return fc.constantFrom(...p.options);
  if (p.type === 'text') return fc.constantFrom('', ...Object.values(CSV_EXAMPLES), 'item,a\nx,1\ny,oops', 'item,a,b\nx,1,0\ny,0,1');
  const max = Math.min(p.max, cap ?? Infinity);
  const ends = fc.constantFrom(p.min, max, Math.min(p.def, max));
  if (p.type === 'int') return fc.oneof(ends, fc.integer({ min: p.min, max }));
  const inner = p.scale === 'log'
    ? fc.double({ min: Math.log10(p.min), max: Math.log10(max), noNaN: true }).map((e) => Math.min(max, Math.max(p.min, Number((10 ** e).toPrecision(3)))))
    : fc.double({ min: p.min, max, noNaN: true }).map((x) => Number(x.toPrecision(6)));
  return fc.oneof(ends, inner);
}

/** Random valid values of a demo; a control hidden by its showIf keeps its default. */
function valuesOf(demo) {
  const cap = CAP[demo.id] ?? {};
  return fc.record(Object.fromEntries(demo.params.map((p) => [p.key, arbitraryOf(p, cap[p.key])])))
    .map((v) => {
      const out = { ...v };
      for (const p of demo.params) if (p.showIf && !p.showIf(v)) out[p.key] = defaults(demo)[p.key];
      return out;
    });
}

/** The first number drawn on a chart that is not finite, as text, or '' if none. */
function nonFinite(demo, drawn) {
  for (const chart of demo.charts) {
    const grid = chart.kind === 'heatmap' || chart.kind === 'matrix';
    for (const s of drawn[chart.id] ?? []) {
      if (s.x.length !== s.y.length) return `${chart.id} / ${s.label}: ${s.x.length} x for ${s.y.length} y`;
      for (let i = 0; i < s.x.length; i++) {
        // Heatmap cells may be NaN (drawn grey and explained in the legend) or ±Infinity.
        const ok = grid ? !Number.isNaN(s.x[i]) : Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]);
        if (!ok) return `${chart.id} / ${s.label}: point ${i} is (${s.x[i]}, ${s.y[i]})`;
      }
    }
  }
  return '';
}

for (const demo of DEMOS) {
  test(`${demo.id}: at random valid settings, finite charts or a sentence; every claim answers`, async () => {
    await fc.assert(fc.asyncProperty(valuesOf(demo), async (values) => {
      const hash = toHash(demo, values);
      let r;
      try {
        r = await runDemo(eng, hash);
      } catch (e) {
        // What the page would show: a sentence of its own, not a stray exception.
        assert.ok(['RangeError', 'EngineError', 'CSVError'].includes(e.name), `${hash}: ${e.name}: ${e.message}`);
        assert.ok(e.message.length > 20 && !/undefined|NaN|\[object/.test(e.message), `${hash}: "${e.message}"`);
        return;
      }
      const drawn = demo.draw(r.data, r.values);
      const bad = nonFinite(demo, drawn);
      assert.equal(bad, '', `${hash}: ${bad}`);
      for (const row of demo.readout?.(r.data, r.values) ?? []) assert.ok(!/NaN|undefined/.test(row.join(' ')), `${hash}: readout ${row}`);
      for (const c of (demo.claims ?? []).filter((x) => !x.when || x.when(r.values))) {
        const out = c.check(r.data, r.values);
        assert.equal(typeof out.holds, 'boolean', `${hash}: "${c.text}"`);
        assert.ok(typeof out.detail === 'string' && !/NaN|undefined/.test(out.detail), `${hash}: "${c.text}": ${out.detail}`);
      }
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
  });
}
