// The mounted demo: its controls, charts, readout and fingerprint. One demo is
// mounted at a time; its state lives in the URL hash.
import { fingerprint } from '../engine/fingerprint.js';
import { LineChart } from '../charts/line.js';
import { BarChart } from '../charts/bar.js';
import { HeatmapChart } from '../charts/heatmap.js';
import { MatrixChart } from '../charts/matrix.js';
import { buildControls } from './controls.js';
import { $, el } from './dom.js';
import { exportChart } from './export.js';
import { pageHash, syncLinks } from './links.js';
import { renderTabs, renderViews } from './tabs.js';
import { run, stop, cancelRun, state } from './run.js';

// Chart kinds a demo may ask for in its `charts` table (kind defaults to 'line').
const CHART_KINDS = { line: LineChart, bar: BarChart, heatmap: HeatmapChart, matrix: MatrixChart };

let mounted = null;   // { demo, values, charts, setControls, data, drawn, fingerprint }

export const current = () => mounted;

export function teardown() {
  cancelRun();
  mounted?.charts.forEach((c) => c.destroy());
  mounted = null;
}

function buildCharts(demo) {
  const box = $('#charts');
  box.replaceChildren();
  const charts = new Map();
  for (const c of demo.charts) {
    const canvas = el('canvas', { role: 'img', 'aria-label': c.title });
    const tools = el('span', { class: 'chart-tools' }, ...['PNG', 'CSV', 'JSON'].map((kind) => {
      const b = el('button', { type: 'button', 'data-export': kind.toLowerCase(), 'aria-label': `Download ${c.title} as ${kind}` }, kind);
      b.addEventListener('click', () => exportChart(mounted, c.id, kind.toLowerCase()));
      return b;
    }));
    box.append(el('figure', { class: 'chart', 'data-chart': c.id },
      el('figcaption', {}, el('span', {}, c.title), tools), el('div', { class: 'canvas-box' }, canvas)));
    charts.set(c.id, new CHART_KINDS[c.kind ?? 'line'](canvas, c));
  }
  return charts;
}

/** A control moved: the URL follows, then the view recomputes, redraws or waits for Run. */
function changed(key, v) {
  const { demo, values } = mounted;
  values[key] = v;
  history.replaceState(null, '', pageHash(demo, values));
  syncLinks(mounted);
  // A view-only parameter (p.view) changes what is drawn from the last result, not the result.
  if (demo.params.find((p) => p.key === key)?.view && mounted.data) show(mounted.data);
  else if (demo.live) recompute();
  else if (state() === 'paused') stop('Stopped: a parameter changed. Run starts a new simulation with it.');
}

export function mount(demo, values) {
  teardown();
  renderTabs(demo.area);
  renderViews(demo);
  $('#demo').hidden = false;
  $('#demo-title').textContent = demo.title;
  $('#pause').hidden = !demo.pausable;
  $('#equation').innerHTML = demo.equation;   // authored markup from the demo module, never user data
  $('#look-for').textContent = demo.lookFor;
  const charts = buildCharts(demo);
  const setControls = buildControls($('#controls'), demo.params, values, changed);
  mounted = { demo, values, charts, setControls, drawn: {}, fingerprint: '' };
  recompute();
}

/** New values for the mounted demo (the hash changed): controls follow, then it recomputes. */
export function update(values) {
  mounted.values = values;
  mounted.setControls(values);
  recompute();
}

export function recompute() {
  return run(mounted.demo, mounted.values, show);
}

/** Draws a computed result with the current values (also on its own, for view-only parameters). */
export function show(data, { partial = false } = {}) {
  const { demo, values, charts } = mounted;
  const drawn = demo.draw(data, values);
  for (const [id, series] of Object.entries(drawn)) charts.get(id).update(series);
  mounted.data = data;
  mounted.drawn = drawn;
  mounted.fingerprint = partial ? '' : fingerprint(data);
  $('#fingerprint').textContent = mounted.fingerprint || '—';
  const rows = demo.readout?.(data, values) ?? [];
  $('#readout').replaceChildren(...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))));
}
