// The run lifecycle of the mounted demo: Run / Stop / Pause / Resume, the status
// line and the progress bar. All computation goes to the worker pool (`client`).
import { $ } from './dom.js';
import { fmt } from '../format.js';

let client = null;
let runToken = 0;
const active = new Set();   // handles of the worker calls of the current run
// Pause: a pausable demo reports partial results between segments of its work
// (run.partial); while `wanted` it waits there, with no call in flight, until woken.
const pause = { wanted: false, wake: null };

export function useClient(c) { client = c; }

export const state = () => document.body.dataset.state;

export function setStatus(s, text) {
  document.body.dataset.state = s;
  $('#status').textContent = text;
  $('#run').textContent = s === 'running' || s === 'paused' ? 'Stop' : 'Run';
  $('#pause').textContent = s === 'paused' || pause.wanted ? 'Resume' : 'Pause';
  $('#pause').disabled = s !== 'running' && s !== 'paused';
}

/** Cancels the current run's worker calls and wakes a paused run so it can end. */
export function cancelRun() {
  for (const h of active) h.cancel();
  active.clear();
  runToken++;
  pause.wanted = false;
  pause.wake?.(false);
}

export function stop(why = 'Stopped.') {
  cancelRun();
  setStatus('ready', why);
}

/** The Pause button: asks a running demo to pause at its next segment, or resumes it. */
export function togglePause() {
  const s = state();
  if (s === 'paused') { pause.wanted = false; pause.wake?.(true); return; }
  if (s !== 'running') return;
  pause.wanted = !pause.wanted;   // takes effect at the end of the current segment
  setStatus('running', pause.wanted ? 'Pausing at the end of this segment…' : 'Computing…');
}

/**
 * Computes `demo` at `values` (superseding any run in progress) and hands the result to
 * show(data, { partial, values }), `values` being the settings it was computed at.
 * Resolves when the run ends, whichever way it ends.
 */
export async function run(demo, values, show) {
  cancelRun();
  const token = ++runToken;
  const asked = { ...values };   // the settings this run computes, whatever changes meanwhile
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
      show(data, { partial: true, values: asked });
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
    const data = await demo.compute(call, { ...asked }, runCtx);
    if (token !== runToken) return;
    show(data, { values: asked });
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
