// The run lifecycle of the mounted demo: Run / Stop / Pause / Resume, the status
// line and the progress bar. All computation goes to the worker pool (`client`).
// The status line shows progress as it goes (step k of n, time left); screen
// readers hear a calmer channel (#announce): how a run ended, with its readout,
// once the results have stopped changing.
import { $ } from './dom.js';
import { duration } from '../format.js';
import { costliestFirst } from '../demos/sweep.js';

let client = null;
let runToken = 0;
const active = new Set();   // handles of the worker calls of the current run
// Pause: takes effect at once. The calls in flight are cancelled and sent again on
// Resume (engine calls are pure: the same parameters give the same result), so the
// run carries on from the last segment a pausable demo finished (run.partial).
// While paused nothing computes: every call of the run waits at `gate` (hold()).
const pause = { wanted: false, gate: null, wake: null, where: '', since: 0, total: 0 };

function requestPause() {
  pause.wanted = true;
  pause.since = performance.now();
  pause.gate = new Promise((resolve) => { pause.wake = resolve; });
}

/** Ends a pause: the held calls go on (`go`) or give up. */
function endPause(go) {
  if (!pause.wanted) return;
  pause.total += performance.now() - pause.since;
  pause.wanted = false;
  pause.wake(go);
}

export function useClient(c) { client = c; }

export const state = () => document.body.dataset.state;

// Live-region messages wait this long for the next one, so a slider held down on a
// live demo is announced once, when it stops, not at every step.
const ANNOUNCE_QUIET_MS = 800;
let announceTimer = 0;

/** Says `text` to screen readers (polite), after ANNOUNCE_QUIET_MS unless `now`. */
export function announce(text, { now = false } = {}) {
  clearTimeout(announceTimer);
  const say = () => { $('#announce').textContent = text; };
  if (now) say(); else announceTimer = setTimeout(say, ANNOUNCE_QUIET_MS);
}

/** The readout table as one sentence: "label: value; label: value." */
function readoutText() {
  const rows = [...$('#readout').rows].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(': '));
  return rows.length ? ` ${rows.join('; ')}.` : '';
}

export function setStatus(s, text) {
  document.body.dataset.state = s;
  $('#status').textContent = text;
  $('#run').textContent = s === 'running' || s === 'paused' ? 'Stop' : 'Run';
  $('#pause').textContent = s === 'paused' || pause.wanted ? 'Resume' : 'Pause';
  $('#pause').disabled = s !== 'running' && s !== 'paused';
  if (s === 'error' || s === 'paused') announce(text, { now: true });
  else if (s === 'ready' && text) announce(text + readoutText());
}

/** Cancels the current run's worker calls and wakes a paused run so it can end. */
export function cancelRun() {
  clearTimeout(announceTimer);   // the run it would announce is over
  for (const h of active) h.cancel();
  active.clear();
  runToken++;
  endPause(false);
}

export function stop(why = 'Stopped.') {
  cancelRun();
  setStatus('ready', why);
}

/** The Pause button: pauses a running demo now, or resumes it. */
export function togglePause() {
  const s = state();
  if (s === 'paused') { endPause(true); return; }
  if (s !== 'running' || pause.wanted) return;
  requestPause();
  for (const h of active) h.cancel();   // each call() sees the AbortError and holds
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
  Object.assign(pause, { where: '', total: 0 });   // total: ms paused, left out of the times shown
  const started = performance.now();
  setStatus('running', 'Computing…');
  // Progress: the bar, and "Computing: <note or percent> · about <time> left" once
  // a second of work gives a fair estimate (the rate so far, pauses left out).
  const progress = (f, note) => {
    if (token !== runToken) return;
    $('#progress').value = f;
    if (pause.wanted || state() !== 'running') return;
    const spent = performance.now() - started - pause.total;
    const left = spent > 1000 && f > 0.01 && f < 1 ? ` · about ${duration((spent * (1 - f)) / f)} left` : '';
    $('#status').textContent = `Computing: ${note ?? `${Math.floor(100 * f)} %`}${left}`;
  };
  const ended = () => Object.assign(new Error('superseded'), { name: 'AbortError' });
  // Waits while the user has paused; throws an AbortError if the run ends meanwhile.
  const hold = async () => {
    if (token !== runToken) throw ended();
    if (!pause.wanted) return;
    if (state() !== 'paused') setStatus('paused', `Paused at ${pause.where || 'the start'}. Resume continues; Stop ends the run here.`);
    const go = await pause.gate;
    if (!go || token !== runToken) throw ended();
    if (state() === 'paused') setStatus('running', 'Computing…');
  };
  const call = async (method, params, onProgress = progress) => {
    for (;;) {
      await hold();
      const h = client.run(method, params, { onProgress });
      active.add(h);
      try {
        return await h.promise;
      } catch (e) {
        // Cancelled by Pause: hold, then send the same call again.
        if (!(e.name === 'AbortError' && pause.wanted && token === runToken)) throw e;
      } finally {
        active.delete(h);
      }
    }
  };
  // Independent calls (a sweep's points) run across the worker pool, which takes
  // them from one queue: queued costliest first (`cost(params)`, an estimate) so no
  // long call is left for the end. Results keep the order of `list`.
  call.many = async (method, list, { cost } = {}) => {
    const done = new Float64Array(list.length);
    const report = () => {
      const finished = done.reduce((n, f) => n + (f === 1), 0);
      progress(done.reduce((a, b) => a + b, 0) / list.length, `${finished} of ${list.length} runs done`);
    };
    const out = new Array(list.length);
    await Promise.all(costliestFirst(list, cost ?? (() => 0)).map((i) => call(method, list[i], (f) => { done[i] = f; report(); })
      .then((r) => { done[i] = 1; report(); out[i] = r; })));
    return out;
  };
  const runCtx = {
    progress,
    /** Draws a partial result; holds here while the user has paused. */
    async partial(data, where) {
      if (token !== runToken) throw ended();
      show(data, { partial: true, values: asked });
      pause.where = where;
      await hold();
    },
  };
  try {
    const data = await demo.compute(call, { ...asked }, runCtx);
    if (token !== runToken) return;
    show(data, { values: asked });
    const ms = performance.now() - started - pause.total;
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
    pause.wanted = false;   // a Pause pressed as the run finished
    setStatus('ready', `Computed in ${duration(ms)}.`);
  } catch (e) {
    if (token !== runToken || e.name === 'AbortError') return;
    pause.wanted = false;
    setStatus('error', e.message);
  }
}
