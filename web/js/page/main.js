// The page: tabs per area, one mounted demo at a time, state in the URL hash,
// all computation in the worker pool (engine/client.js).
import { DEMOS } from '../demos/index.js';
import { parseHash, toHash, defaults } from '../demos/state.js';
import { EngineClient } from '../engine/client.js';
import { $, el } from './dom.js';
import { initDrawer } from './drawer.js';
import { inlineWorker } from './inline.js';
import { initLinks, syncLinks } from './links.js';
import { useClient, setStatus, stop, togglePause, state } from './run.js';
import { current, mount, update, recompute } from './view.js';

// The worker is named here, relative to this script, so the bundled page (dist/) finds it too.
const client = new EngineClient(inlineWorker() ?? { url: new URL('../engine/worker.js', import.meta.url), type: 'module' });
useClient(client);
// The worker pool, for the browser console and the robustness tests (e.g. simulate a crash).
globalThis.depthlab = Object.freeze({ client });

function showNotices(list) {
  const box = $('#notices');
  box.replaceChildren(...list.map((t) => el('p', {}, t)));
  box.hidden = list.length === 0;
}

function route() {
  const { demo, values, notices, embed } = parseHash(location.hash, DEMOS);
  document.body.classList.toggle('embed', embed);
  showNotices(notices);
  if (current()?.demo === demo) update(values);
  else mount(demo, values);
  const canonical = toHash(demo, values, { embed });
  if (location.hash !== canonical) history.replaceState(null, '', canonical);
  syncLinks(current());
}

$('#reset').addEventListener('click', () => {
  const hash = toHash(current().demo, defaults(current().demo));
  if (location.hash === hash) route();   // already at the defaults: no hashchange, so compute them here
  else location.hash = hash;
});
$('#run').addEventListener('click', () => {
  const s = state();
  if (s === 'running' || s === 'paused') stop(s === 'paused' ? 'Stopped where it was paused.' : 'Stopped.');
  else if (current()) recompute();
});
$('#run-again').addEventListener('click', () => { if (current()) recompute(); });
$('#pause').addEventListener('click', togglePause);
initLinks(current);
initDrawer();
window.addEventListener('hashchange', route);
client.call('info').then((i) => {
  $('#engine-info').dataset.version = i.version;
  $('#engine-info').textContent = `engine ${i.version}, wasm ${i.variant === 'simd' ? 'SIMD' : 'scalar'}`;
}, (e) => setStatus('error', `The engine failed to load: ${e.message}`));
route();
