// The page: tabs per area, one mounted demo at a time, state in the URL hash,
// all computation in the worker (EngineClient).
import { AREAS, DEMOS } from './demos/index.js';
import { parseHash, toHash, defaults } from './state.js';
import { buildControls, el } from './controls.js';
import { LineChart, fmt, cssVar } from './charts.js';
import { BarChart } from './bar-chart.js';
import { HeatmapChart } from './heatmap.js';
import { MatrixChart } from './matrix-chart.js';
import { EngineClient } from './engine-client.js';
import { inlineWorker } from './inline.js';
import { fingerprint } from './fingerprint.js';
import { download, toCSV, toJSON } from './export.js';

// Chart kinds a demo may ask for in its `charts` table (kind defaults to 'line').
const CHART_KINDS = { line: LineChart, bar: BarChart, heatmap: HeatmapChart, matrix: MatrixChart };

const $ = (sel) => document.querySelector(sel);
const client = new EngineClient(inlineWorker());
// The worker pool, for the browser console and the robustness tests (e.g. simulate a crash).
globalThis.depthlab = Object.freeze({ client });

let mounted = null;   // { demo, values, charts, setControls }
let runToken = 0;
const active = new Set();   // handles of the worker calls of the current run
// Pause: a pausable demo reports partial results between segments of its work
// (run.partial); while `wanted` it waits there, with no call in flight, until woken.
const pause = { wanted: false, wake: null };

function setStatus(state, text) {
  document.body.dataset.state = state;
  $('#status').textContent = text;
  $('#run').textContent = state === 'running' || state === 'paused' ? 'Stop' : 'Run';
  $('#pause').textContent = state === 'paused' || pause.wanted ? 'Resume' : 'Pause';
  $('#pause').disabled = state !== 'running' && state !== 'paused';
}

/** Cancels the current run's worker calls and wakes a paused run so it can end. */
function cancelRun() {
  for (const h of active) h.cancel();
  active.clear();
  runToken++;
  pause.wanted = false;
  pause.wake?.(false);
}

function stop(why = 'Stopped.') {
  cancelRun();
  setStatus('ready', why);
}

function showNotices(list) {
  const box = $('#notices');
  box.replaceChildren(...list.map((t) => el('p', {}, t)));
  box.hidden = list.length === 0;
}

function renderTabs(areaId) {
  const nav = $('#tabs');
  nav.replaceChildren(...AREAS.map((a) => {
    const b = el('button', { role: 'tab', type: 'button', 'aria-selected': String(a.id === areaId), id: `tab-${a.id}` }, a.title);
    b.addEventListener('click', () => {
      const first = DEMOS.find((d) => d.area === a.id);
      location.hash = first ? toHash(first, defaults(first)) : `#/${a.id}`;
    });
    return b;
  }));
}

function mountPlaceholder(area) {
  teardown();
  renderTabs(area.id);
  $('#views').replaceChildren();
  $('#demo').hidden = true;
  const p = $('#placeholder');
  p.hidden = false;
  p.replaceChildren(el('h2', {}, area.title), el('p', {}, `Coming next: ${area.soon}`));
  setStatus('ready', '');
}

function teardown() {
  cancelRun();
  mounted?.charts.forEach((c) => c.destroy());
  mounted = null;
}

function mount(demo, values) {
  teardown();
  renderTabs(demo.area);
  $('#placeholder').hidden = true;
  $('#demo').hidden = false;
  const siblings = DEMOS.filter((d) => d.area === demo.area);
  $('#views').replaceChildren(...(siblings.length > 1 ? siblings.map((d) =>
    el('a', { href: toHash(d, defaults(d)), 'aria-current': String(d === demo) }, d.title)) : []));
  $('#demo-title').textContent = demo.title;
  $('#pause').hidden = !demo.pausable;
  $('#equation').innerHTML = demo.equation;   // authored markup from the demo module, never user data
  $('#look-for').textContent = demo.lookFor;
  const chartsBox = $('#charts');
  chartsBox.replaceChildren();
  const charts = new Map();
  for (const c of demo.charts) {
    const canvas = el('canvas', { role: 'img', 'aria-label': c.title });
    const tools = el('span', { class: 'chart-tools' }, ...['PNG', 'CSV', 'JSON'].map((kind) => {
      const b = el('button', { type: 'button', 'data-export': kind.toLowerCase(), 'aria-label': `Download ${c.title} as ${kind}` }, kind);
      b.addEventListener('click', () => exportChart(c.id, kind.toLowerCase()));
      return b;
    }));
    chartsBox.append(el('figure', { class: 'chart', 'data-chart': c.id },
      el('figcaption', {}, el('span', {}, c.title), tools), el('div', { class: 'canvas-box' }, canvas)));
    const Kind = CHART_KINDS[c.kind ?? 'line'];
    charts.set(c.id, new Kind(canvas, c));
  }
  const setControls = buildControls($('#controls'), demo.params, values, (key, v) => {
    mounted.values[key] = v;
    history.replaceState(null, '', toHash(demo, mounted.values, { embed: document.body.classList.contains('embed') }));
    syncLinks();
    // A view-only parameter (p.view) changes what is drawn from the last result, not the result.
    if (demo.params.find((p) => p.key === key)?.view && mounted.data) show(mounted.data);
    else if (demo.live) run();
    else if (document.body.dataset.state === 'paused') stop('Stopped: a parameter changed. Run starts a new simulation with it.');
  });
  mounted = { demo, values, charts, setControls, drawn: {}, fingerprint: '' };
  run();
}

/** Draws a computed result with the current values (also on its own, for view-only parameters). */
function show(data, { partial = false } = {}) {
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

async function run() {
  const { demo, values } = mounted;
  cancelRun();
  const token = ++runToken;
  const started = performance.now();
  let paused = 0;   // ms spent paused, left out of the reported time
  setStatus('running', 'Computing…');
  const progress = (f, note) => {
    $('#progress').value = f;
    if (note && !pause.wanted) $('#status').textContent = note;
  };
  const call = (method, params, onProgress = progress) => {
    const h = client.run(method, params, { onProgress });
    active.add(h);
    return h.promise.finally(() => active.delete(h));
  };
  // Independent calls (a sweep's points) run across the worker pool; results keep their order.
  call.many = (method, list) => {
    const done = new Float64Array(list.length);
    const report = () => { $('#progress').value = done.reduce((a, b) => a + b, 0) / list.length; };
    return Promise.all(list.map((params, i) => call(method, params, (f) => { done[i] = f; report(); })
      .then((r) => { done[i] = 1; report(); return r; })));
  };
  const ended = () => Object.assign(new Error('superseded'), { name: 'AbortError' });
  const runCtx = {
    progress,
    /** Draws a partial result; holds here while the user has paused. */
    async partial(data, where) {
      if (token !== runToken) throw ended();
      show(data, { partial: true });
      if (!pause.wanted) return;
      const since = performance.now();
      setStatus('paused', `Paused at ${where}. Resume continues; Stop ends the run here.`);
      const go = await new Promise((resolve) => { pause.wake = resolve; });
      pause.wake = null;
      if (!go || token !== runToken) throw ended();
      paused += performance.now() - since;
      setStatus('running', 'Computing…');
    },
  };
  try {
    const data = await demo.compute(call, { ...values }, runCtx);
    if (token !== runToken) return;
    show(data);
    const ms = performance.now() - started - paused;
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
    pause.wanted = false;
    setStatus('ready', `Computed in ${fmt(ms)} ms.`);
  } catch (e) {
    if (token !== runToken || e.name === 'AbortError') return;
    pause.wanted = false;
    setStatus('error', e.message);
  }
}

function meta() {
  const { demo, values } = mounted;
  return { version: $('#engine-info').dataset.version ?? '', demo: demo.id, params: { ...values },
    url: location.href, fingerprint: mounted.fingerprint };
}

function exportChart(id, kind) {
  const name = `depthlab-${mounted.demo.id}-${id}`;
  if (kind === 'png') {
    // Compose on the theme's surface colour so the PNG reads outside the page.
    const src = document.querySelector(`figure[data-chart="${id}"] canvas`);
    const out = Object.assign(document.createElement('canvas'), { width: src.width, height: src.height });
    const ctx = out.getContext('2d');
    ctx.fillStyle = cssVar('--surface', '#fff');
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    out.toBlob((b) => download(`${name}.png`, b), 'image/png');
  } else if (kind === 'csv') {
    download(`${name}.csv`, new Blob([toCSV(meta(), mounted.drawn[id] ?? [])], { type: 'text/csv' }));
  } else {
    download(`${name}.json`, new Blob([toJSON(meta(), mounted.drawn[id] ?? [])], { type: 'application/json' }));
  }
}

/** Keeps the embed snippet and the embed-mode link back to the full page in step with the state. */
function syncLinks() {
  if (!mounted) return;
  const full = new URL(location.href);
  full.hash = toHash(mounted.demo, mounted.values);
  $('#full-page').href = full.href;
  const embed = new URL(location.href);
  embed.hash = toHash(mounted.demo, mounted.values, { embed: true });
  $('#embed-code').value = `<iframe src="${embed.href}" title="depthlab: ${mounted.demo.title}" ` +
    'width="100%" height="640" style="border:0" loading="lazy"></iframe>';
}

function route() {
  const body = location.hash.replace(/^#\/?/, '').split('?')[0];
  const area = AREAS.find((a) => a.id === body && !DEMOS.some((d) => d.area === a.id));
  if (area) { mountPlaceholder(area); showNotices([]); return; }
  const { demo, values, notices, embed } = parseHash(location.hash, DEMOS);
  document.body.classList.toggle('embed', embed);
  showNotices(notices);
  if (mounted?.demo === demo) {
    mounted.values = values;
    mounted.setControls(values);
    run();
  } else {
    mount(demo, values);
  }
  const canonical = toHash(demo, values, { embed });
  if (location.hash !== canonical) history.replaceState(null, '', canonical);
  syncLinks();
}

$('#reset').addEventListener('click', () => { location.hash = toHash(mounted.demo, defaults(mounted.demo)); });
$('#run').addEventListener('click', () => {
  const state = document.body.dataset.state;
  if (state === 'running' || state === 'paused') stop(state === 'paused' ? 'Stopped where it was paused.' : 'Stopped.');
  else if (mounted) run();
});
$('#pause').addEventListener('click', () => {
  const state = document.body.dataset.state;
  if (state === 'paused') { pause.wanted = false; pause.wake?.(true); return; }
  if (state !== 'running') return;
  pause.wanted = !pause.wanted;   // takes effect at the end of the current segment
  setStatus('running', pause.wanted ? 'Pausing at the end of this segment…' : 'Computing…');
});
$('#copy-link').addEventListener('click', async () => {
  try { await navigator.clipboard.writeText(location.href); setStatus('ready', 'Link copied.'); }
  catch { setStatus('ready', `Copy this link: ${location.href}`); }
});
window.addEventListener('hashchange', route);
$('#embed').addEventListener('click', () => { syncLinks(); $('#embed-dialog').showModal(); $('#embed-code').select(); });
$('#embed-copy').addEventListener('click', async () => {
  $('#embed-code').select();
  try { await navigator.clipboard.writeText($('#embed-code').value); $('#embed-copy').textContent = 'Copied'; }
  catch { $('#embed-copy').textContent = 'Press Ctrl+C'; }
});
client.call('info').then((i) => { $('#engine-info').dataset.version = i.version; $('#engine-info').textContent = `engine ${i.version}, wasm ${i.variant === 'simd' ? 'SIMD' : 'scalar'}`; },
  (e) => setStatus('error', `The engine failed to load: ${e.message}`));
route();
