// What leaves the page: the shareable link, the embed snippet and the embed
// mode's link back to the full page, kept in step with the mounted demo's state.
import { toHash } from '../demos/state.js';
import { $ } from './dom.js';
import { setStatus } from './run.js';

/** Refreshes the embed snippet and the link back to the full page for `mounted`. */
export function syncLinks(mounted) {
  if (!mounted) return;
  const full = new URL(location.href);
  full.hash = toHash(mounted.demo, mounted.values);
  $('#full-page').href = full.href;
  const embed = new URL(location.href);
  embed.hash = toHash(mounted.demo, mounted.values, { embed: true });
  $('#embed-code').value = `<iframe src="${embed.href}" title="depthlab: ${mounted.demo.title}" ` +
    'width="100%" height="640" style="border:0" loading="lazy"></iframe>';
}

/** Wires Copy link and the Embed dialog; `current()` returns the mounted demo. */
export function initLinks(current) {
  $('#copy-link').addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(location.href); setStatus('ready', 'Link copied.'); }
    catch { setStatus('ready', `Copy this link: ${location.href}`); }
  });
  $('#embed').addEventListener('click', () => { syncLinks(current()); $('#embed-dialog').showModal(); $('#embed-code').select(); });
  $('#embed-copy').addEventListener('click', async () => {
    $('#embed-code').select();
    try { await navigator.clipboard.writeText($('#embed-code').value); $('#embed-copy').textContent = 'Copied'; }
    catch { $('#embed-copy').textContent = 'Press Ctrl+C'; }
  });
}
