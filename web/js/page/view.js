// The mounted demo: its controls, charts, readout and fingerprint. One demo is
// mounted at a time; its state lives in the URL hash.
import { toHash } from '../demos/state.js';
import { fingerprint } from '../engine/fingerprint.js';
import { createFigure } from '../charts/figure.js';
import { buildControls } from './controls.js';
import { $, el } from './dom.js';
import { showEquation } from './equation.js';
import { exportChart } from './export.js';
import { syncLinks } from './links.js';
import { describePage } from './meta.js';
import { renderTabs, renderViews } from './tabs.js';
import { run, stop, cancelRun, state } from './run.js';

let mounted = null;   // { demo, values, charts, setControls, data, drawn, fingerprint }

export const current = () => mounted;

export function teardown() {
  cancelRun();
  mounted?.charts.forEach((c) => c.destroy());
  mounted = null;
}

/** The demo's figures by chart id, in the page. */
function buildCharts(demo) {
  const charts = new Map(demo.charts.map((c) => [c.id, createFigure(c, (kind) => exportChart(mounted, c.id, kind))]));
  $('#charts').replaceChildren(...[...charts.values()].map((f) => f.element));
  return charts;
}

/** A control moved: the URL follows, then the view recomputes, redraws or waits for Run. */
function changed(key, v) {
  const { demo, values } = mounted;
  values[key] = v;
  history.replaceState(null, '', toHash(demo, values, { embed: document.body.classList.contains('embed') }));
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
  showEquation($('#equation'), demo.equation);
  $('#look-for').textContent = demo.lookFor;
  describePage(demo);
  // Nothing of the previous demo's results stays on show while this one computes.
  $('#readout').replaceChildren();
  $('#fingerprint').textContent = '—';
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
