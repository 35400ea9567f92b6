// What leaves the page: the address bar's hash for the current route, Copy
// link, Copy as script, and the embed mode's link back to the full page, kept in step with the
// mounted demo's state. The route's options (a tour step, hide=, embed=1) live
// here, so every hash the page writes keeps them.
import { stateQuery, toHash } from '../demos/state.js';
import { stepState, tourHash } from '../demos/tours.js';
import { nodeScript } from '../demos/script.js';
import { $ } from './dom.js';
import { download } from './export.js';
import { setStatus } from './run.js';

let route = { embed: false, hide: [], tour: null, step: 0 };

/** main.js sets the route on every navigation: { embed, hide, tour, step }. */
export function setRoute(r) { route = { embed: false, hide: [], tour: null, step: 0, ...r }; }
export const currentRoute = () => route;

/**
 * The hash that records `values` of `demo` on the current route. A tour step at
 * its own state is just `#/tour/<id>/<n>`; changed values or options follow as a query.
 */
export function pageHash(demo, values) {
  const options = { embed: route.embed, hide: route.hide };
  if (!route.tour) return toHash(demo, values, options);
  const base = stepState(route.tour.steps[route.step - 1]).values;
  const plain = !route.embed && !route.hide.length && demo.params.every((p) => values[p.key] === base[p.key]);
  return tourHash(route.tour, route.step) + (plain ? '' : `?${stateQuery(demo, values, options)}`);
}

/** An absolute URL of this page with `hash`. */
export function pageUrl(hash) {
  const u = new URL(location.href);
  u.hash = hash;
  return u.href;
}

/** The full page in the same state: every control shown, no embed mode. */
export const fullPageUrl = (mounted) => pageUrl(toHash(mounted.demo, mounted.values));

/** Refreshes the link back to the full page for `mounted`. */
export function syncLinks(mounted) {
  if (mounted) $('#full-page').href = fullPageUrl(mounted);
}

/** Wires Copy link; `current()` returns the mounted demo. Inside an embed it copies the full-page link. */
export function initLinks(current) {
  $('#copy-link').addEventListener('click', async () => {
    const link = route.embed ? fullPageUrl(current()) : location.href;
    try { await navigator.clipboard.writeText(link); setStatus('ready', route.embed ? 'Link to the full page copied.' : 'Link copied.'); }
    catch { setStatus('ready', `Copy this link: ${link}`); }
  });
  // A Node script for the state on screen; the fingerprint beside it only when the result shown is of that state.
  $('#copy-script').addEventListener('click', async () => {
    const { demo, values, fingerprint } = current();
    const shown = $('#demo').dataset.shown === 'current' ? fingerprint : '';
    const script = nodeScript(demo, values, { fingerprint: shown, version: $('#engine-info').dataset.version });
    try { await navigator.clipboard.writeText(script); setStatus('ready', `Node script copied: it prints ${shown ? `the fingerprint ${shown}` : 'these settings\' fingerprint'} (with the depthlab package, see the README).`); }
    catch { download(`depthlab-${demo.id}.mjs`, new Blob([script], { type: 'text/javascript' })); setStatus('ready', 'The clipboard is not available here: the Node script was downloaded instead.'); }
  });
}
