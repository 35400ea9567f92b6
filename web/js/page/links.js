// What leaves the page: the address bar's hash for the current route, Copy
// link, and the embed mode's link back to the full page, kept in step with the
// mounted demo's state. The route's options (a tour step, hide=, embed=1) live
// here, so every hash the page writes keeps them.
import { stateQuery, toHash } from '../demos/state.js';
import { stepState, tourHash } from '../demos/tours.js';
import { $ } from './dom.js';
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
}
