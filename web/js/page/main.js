// The page: tabs per area, one view at a time, state in the URL hash, all
// computation in the worker pool (engine/client.js). Routes:
//   #/                 the start view          #/glossary        symbols and papers
//   #/gallery          the papers' figures
//   #/<demo>?...       a demo in a state       #/tour/<id>/<n>   step n of a tour (a demo, with the tour panel)
import { DEMOS } from '../demos/index.js';
import { parseHash, parseState, splitHash, defaults } from '../demos/state.js';
import { TOURS, stepState } from '../demos/tours.js';
import { paramHelp } from '../demos/common/help.js';
import { EngineClient } from '../engine/client.js';
import { $, el } from './dom.js';
import { applyMode, fixControls, initFullscreen } from './embed.js';
import { initEmbedDialog } from './embed-dialog.js';
import { showReadMore } from './cite.js';
import { explainControls } from './controls.js';
import { renderGlossary } from './glossary-view.js';
import { renderGallery } from './gallery-view.js';
import { initDrawer } from './drawer.js';
import { inlineWorker } from './inline.js';
import { currentRoute, initLinks, pageHash, setRoute, syncLinks } from './links.js';
import { useClient, setStatus, stop, togglePause, state } from './run.js';
import { renderStart } from './start.js';
import { renderTabs } from './tabs.js';
import { renderTour } from './tour.js';
import { current, mount, update, recompute, teardown } from './view.js';

// The worker is named here, relative to this script, so the bundled page (dist/) finds it too.
const client = new EngineClient(inlineWorker() ?? { url: new URL('../engine/worker.js', import.meta.url), type: 'module' });
useClient(client);
// The worker pool, for the browser console and the robustness tests (e.g. simulate a crash).
globalThis.depthlab = Object.freeze({ client });

const PAGES = { '': ['start', renderStart], glossary: ['glossary', renderGlossary],
  gallery: ['gallery', () => renderGallery((method, params) => client.call(method, params))] };
let baseline = null;   // what Reset returns to: a tour step's state, an embed's opening state, else the defaults

/** Notices about the link: on the page, except inside an embed, where students get none (the console has them). */
function showNotices(list, embed) {
  if (embed) for (const t of list) console.warn(`depthlab: ${t}`);
  const box = $('#notices');
  box.replaceChildren(...(embed ? [] : list.map((t) => el('p', {}, t))));
  box.hidden = embed || list.length === 0;
}

/** A view that is not a demo: the start view, the glossary or the gallery. */
function showPage(name, render, notices = []) {
  teardown();
  setRoute({});
  applyMode(null, { embed: false, hide: [] });
  renderTour(null);
  $('#demo').hidden = true;
  for (const [id] of Object.values(PAGES)) $(`#${id}`).hidden = id !== name;
  renderTabs(name);
  $('#views').replaceChildren();
  render();
  showNotices(notices, false);
  const canonical = name === 'start' ? '#/' : `#/${name}`;
  if (location.hash !== canonical) history.replaceState(null, '', canonical);
}

/** `#/tour/<id>/<n>`: the step's demo at the step's state, or at the state the query changes it to. */
function tourRoute(id, n, query) {
  const tour = TOURS.find((t) => t.id === id);
  if (!tour) return { notices: [`Unknown tour "${id.slice(0, 40)}": here is the start page.`] };
  const step = Math.min(Math.max(1, n), tour.steps.length);
  const notices = step === n ? [] : [`The ${tour.title} tour has steps 1 to ${tour.steps.length}: showing step ${step}.`];
  const { demo, values: base } = stepState(tour.steps[step - 1]);
  const parsed = parseState(demo, query, base);
  return { demo, ...parsed, notices: [...notices, ...parsed.notices], tour, step, base };
}

function route() {
  const { path, query } = splitHash(location.hash);
  if (path in PAGES) return showPage(...PAGES[path]);
  const m = /^tour\/([^/]*)\/(\d+)$/.exec(path);
  const r = m ? tourRoute(m[1], Number(m[2]), query) : parseHash(location.hash, DEMOS);
  if (!r.demo) return showPage(...PAGES[''], r.notices);
  const { demo, values, notices, embed, hide, tour = null, step = 0 } = r;
  for (const [id] of Object.values(PAGES)) $(`#${id}`).hidden = true;
  const before = currentRoute();
  setRoute({ embed, hide, tour, step });
  showNotices(notices, embed);
  renderTour(tour, step);
  applyMode(demo, { embed, hide });
  const same = current()?.demo === demo;
  if (same) update(values);
  else {
    mount(demo, values);
    explainControls($('#controls'), demo.params, (p) => paramHelp(demo, p));
    showReadMore(demo);
  }
  if (!same || before.tour !== tour || before.step !== step) baseline = r.base ?? (embed ? values : defaults(demo));
  fixControls(demo, hide);
  const canonical = pageHash(demo, values);
  if (location.hash !== canonical) history.replaceState(null, '', canonical);
  syncLinks(current());
}

// Reset returns to the baseline; controls hidden by the link keep their values.
$('#reset').addEventListener('click', () => {
  const { demo, values } = current();
  const kept = Object.fromEntries(currentRoute().hide.filter((k) => k in values).map((k) => [k, values[k]]));
  const hash = pageHash(demo, { ...baseline, ...kept });
  if (location.hash === hash) route();   // already there: no hashchange, so compute it here
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
initEmbedDialog(current);
initFullscreen();
initDrawer();
window.addEventListener('hashchange', route);
client.call('info').then((i) => {
  $('#engine-info').dataset.version = i.version;
  $('#engine-info').textContent = `engine ${i.version}, wasm ${i.variant === 'simd' ? 'SIMD' : 'scalar'}`;
}, (e) => setStatus('error', `The engine failed to load: ${e.message}`));
route();
