// The mounted demo: its controls, charts, readout, claims and fingerprint. One demo
// is mounted at a time; its state lives in the URL hash. What the screen shows is
// always labelled for what it is: the result at the current settings ('current'),
// an unfinished run at them ('partial'), or a result of other settings while a new
// one is computed ('computing') or not ('stale': dimmed, readout and fingerprint
// withheld, exports disabled, until Run brings it back in step).
import { sameResult } from '../demos/state.js';
import { checkClaims } from '../demos/claims.js';
import { fingerprint } from '../engine/fingerprint.js';
import { createFigure } from '../charts/figure.js';
import { buildControls } from './controls.js';
import { $, el } from './dom.js';
import { showEquation } from './equation.js';
import { exportChart } from './export.js';
import { pageHash, syncLinks } from './links.js';
import { describePage } from './meta.js';
import { renderTabs, renderViews, showRelated } from './tabs.js';
import { run, stop, cancelRun, state, setStatus } from './run.js';

// { demo, values, charts, setControls, data, computedWith, final, drawn, fingerprint, checked }:
// `data` was computed at `computedWith`; `final` is false for a run's partial result;
// `checked` holds its claims' verdicts (checkClaims) once it is final.
let mounted = null;

export const current = () => mounted;

export function teardown() {
  cancelRun();
  mounted?.charts.forEach((c) => c.destroy());
  mounted = null;
}

/** The demo's figures by chart id, in the page. */
function buildCharts(demo) {
  const charts = new Map(demo.charts.map((c) => [c.id, createFigure(c, (kind) => { if (shown() === 'current') exportChart(mounted, c.id, kind); })]));
  $('#charts').replaceChildren(...[...charts.values()].map((f) => f.element));
  return charts;
}

/** 'current', 'partial', 'computing' or 'stale': how the result on screen relates to the settings. */
function shown() {
  const { demo, values, data, computedWith, final } = mounted;
  if (data && sameResult(demo, computedWith, values)) return final ? 'current' : 'partial';
  const s = state();
  return s === 'running' || s === 'paused' ? 'computing' : 'stale';
}

/** Labels the screen for what it shows: fingerprint, exports, dimming and the out-of-date notice. */
function syncShown() {
  if (!mounted) return;
  const now = shown(), error = state() === 'error';
  $('#demo').dataset.shown = now;
  $('#fingerprint').textContent = now === 'current' ? mounted.fingerprint : '—';
  for (const b of document.querySelectorAll('#charts [data-export]')) {
    b.disabled = now !== 'current';
    b.title = now === 'current' ? '' : 'Available when the chart shows a finished run at these settings';
  }
  $('#out-of-date').hidden = !(now === 'stale' || error);
  $('#out-of-date').dataset.kind = error ? 'error' : 'stale';
  $('#run-again').hidden = error;
  // An error's sentence stands by the Run button too; this copy is for narrow screens, where the charts come first.
  $('#out-of-date-text').textContent = error ? $('#status').textContent : 'Settings changed: these charts are from the previous run.';
  showClaims(now === 'current' ? mounted.checked : null);
}

/** A control moved: the URL follows, then the view recomputes, redraws, or says it is out of date. */
function changed(key, v) {
  const { demo, values } = mounted;
  values[key] = v;
  history.replaceState(null, '', pageHash(demo, values));
  syncLinks(mounted);
  const busy = state() === 'running' || state() === 'paused';
  // A view-only parameter (p.view) changes what is drawn from the last result, not the result.
  if (demo.params.find((p) => p.key === key)?.view) { if (mounted.data) paint(); }
  else if (demo.live) recompute();
  else if (busy) stop('Stopped: the settings changed. Run computes the new ones.');
  // (An error belonged to the settings that caused it: a change clears it too.)
  else setStatus('ready', shown() === 'stale' ? 'Settings changed: press Run to compute them.' : 'Back at the settings of the run on screen.');
  syncShown();
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
  showRelated(demo);
  describePage(demo);
  // Nothing of the previous demo's results stays on show while this one computes.
  $('#claims').replaceChildren();
  $('#claims-box').hidden = true;
  $('#readout').replaceChildren();
  $('#fingerprint').textContent = '—';
  const charts = buildCharts(demo);
  const setControls = buildControls($('#controls'), demo.params, values, changed);
  mounted = { demo, values, charts, setControls, data: null, computedWith: null, final: false, drawn: {}, fingerprint: '', checked: null };
  recompute();
}

/** New values for the mounted demo (the hash changed): controls follow, then it recomputes. */
export function update(values) {
  mounted.values = values;
  mounted.setControls(values);
  recompute();
}

export function recompute() {
  const done = run(mounted.demo, mounted.values, show);
  syncShown();
  return done.finally(syncShown);
}

/** Takes a result computed at `values` (partial: a run's result so far) and draws it. */
function show(data, { partial = false, values }) {
  Object.assign(mounted, { data, computedWith: values, final: !partial, fingerprint: partial ? '' : fingerprint(data) });
  paint();
  syncShown();
}

/** Draws the result on screen with the current values (also alone, for view-only parameters). */
function paint() {
  const { demo, values, charts, data, final } = mounted;
  const drawn = demo.draw(data, values);
  for (const [id, series] of Object.entries(drawn)) charts.get(id).update(series);
  mounted.drawn = drawn;
  const rows = demo.readout?.(data, values) ?? [];
  $('#readout').replaceChildren(...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))));
  mounted.checked = final ? checkClaims(demo, data, values) : null;
}

/** The claims list: each result sentence with whether it holds for the run on screen (null: not checked yet). */
function showClaims(results) {
  // Before a result: every claim these settings may bring; after: those that apply to it.
  const claims = results ? results.map((r) => r.claim) : (mounted.demo.claims ?? []).filter((c) => !c.when || c.when(mounted.values));
  $('#claims-box').hidden = claims.length === 0;
  $('#claims-pending').hidden = !!results;
  $('#claims').replaceChildren(...claims.map((claim) => {
    const r = results?.find((x) => x.claim === claim);
    if (!r) return el('li', { class: 'claim', 'data-holds': 'unknown' }, el('span', { class: 'mark', 'aria-hidden': 'true' }, '·'), el('span', { class: 'claim-text' }, claim.text));
    const verdict = r.holds ? 'holds in this run' : 'not at these settings';
    return el('li', { class: 'claim', 'data-holds': String(r.holds) },
      el('span', { class: 'mark', 'aria-hidden': 'true' }, r.holds ? '✓' : '✗'),
      el('span', { class: 'claim-text' }, claim.text, ' ', el('small', { class: 'verdict' }, r.detail ? `${verdict}: ${r.detail}` : verdict)));
  }));
}
