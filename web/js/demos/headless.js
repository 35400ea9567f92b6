// Runs a demo exactly as the page does, but on an engine in this thread: the
// same parameter table, the same compute(), the same fingerprint. Used by the
// command line and by tests that compare Node with the page.
import { parseHash, splitHash, toHash } from './state.js';
import { engineMethod } from '../engine/index.js';
import { fingerprint } from '../engine/fingerprint.js';

/**
 * `link` is a page URL or just its hash (`#/modes?s1=3&v=1`). Resolves to
 * { demo, values, notices, data, fingerprint, hash }.
 */
export async function runDemo(eng, link, { onProgress } = {}) {
  const hash = String(link).includes('#') ? String(link).slice(String(link).indexOf('#')) : `#/${link}`;
  const { demo, values, notices } = parseHash(hash, await demosFor(splitHash(hash).path));
  const call = async (method, params, onCallProgress = onProgress) => engineMethod(eng, method)(params, { onProgress: onCallProgress });
  // One call after another on this thread: the order (call.many's `cost`) changes nothing.
  call.many = async (method, list) => {
    const out = [];
    for (const params of list) out.push(await call(method, params));
    return out;
  };
  // A pausable demo's partial results have no one to show them to here.
  const run = { progress: (f) => onProgress?.(f), partial: async () => {} };
  const data = await demo.compute(call, { ...values }, run);
  return { demo, values, notices, data, fingerprint: fingerprint(data), hash: toHash(demo, values) };
}

/**
 * The demo a link's path names, importing only its module (each demo's file is named
 * after its id), which spares a sweep's threads the other demos' start-up; every
 * demo when the path names none, so parseHash falls back and says so.
 */
async function demosFor(path) {
  if (/^[a-z][a-z0-9-]*$/.test(path)) {
    const demo = (await import(`./${path}.js`).catch(() => null))?.default;
    if (demo?.id === path) return [demo];
  }
  return (await import('./index.js')).DEMOS;
}
