// The Embed dialog: a teacher picks what students should not see (whole
// panel, text, single controls), and gets the iframe snippet of that embed with
// a live preview of exactly that URL at the snippet's size.
import { hideable, toHash } from '../demos/state.js';
import { $, el } from './dom.js';
import { pageUrl } from './links.js';

export const EMBED_SIZE = { width: 560, height: 480 };
const PARTS = { controls: 'All controls (the whole panel)', text: 'The equations and the explanation' };

/** Quotes text for an HTML attribute value. */
const attr = (s) => String(s).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * The iframe snippet for an embed URL. The URL goes in as it is: URL.href
 * percent-encodes quotes and angle brackets, and its `&key=` are no character references.
 */
export function snippet(url, title) {
  return `<iframe src="${url}" title="${attr(`depthlab: ${title}`)}" ` +
    `width="${EMBED_SIZE.width}" height="${EMBED_SIZE.height}" style="border:0" allow="fullscreen; clipboard-write" loading="lazy"></iframe>`;
}

const checkbox = (value, label) => el('label', {}, el('input', { type: 'checkbox', value }), ` ${label}`);

/** Fills the dialog for `mounted` and keeps snippet and preview in step with the checkboxes. */
function open(mounted) {
  const { demo, values } = mounted;
  const set = $('#embed-hide');
  set.replaceChildren(set.querySelector('legend'), set.querySelector('.hint'),
    el('div', { class: 'embed-parts' }, ...Object.entries(PARTS).map(([v, label]) => checkbox(v, label))),
    el('p', { class: 'embed-sub' }, 'Or single controls:'),
    el('div', { class: 'embed-keys' }, ...demo.params.map((p) => checkbox(p.key, p.label))));
  // The single file (dist/depthlab.html) may not frame itself: no preview there.
  const offline = Boolean(document.getElementById('inline-worker'));
  const frame = offline ? null : el('iframe', { id: 'embed-preview', title: `Preview: ${demo.title} as embedded`,
    width: String(EMBED_SIZE.width), height: String(EMBED_SIZE.height), allow: 'fullscreen' });
  $('#embed-preview-box').replaceChildren(frame ?? el('p', {}, 'No live preview in the offline single file.'));
  const refresh = () => {
    const boxes = [...set.querySelectorAll('input')];
    const all = boxes.find((b) => b.value === 'controls').checked;
    for (const b of boxes) if (!(b.value in PARTS)) b.disabled = all;
    const hide = hideable(demo).filter((w) => boxes.some((b) => b.value === w && b.checked && !b.disabled));
    const url = pageUrl(toHash(demo, values, { embed: true, hide }));
    $('#embed-code').value = snippet(url, demo.title);
    if (frame && frame.src !== url) frame.src = url;
  };
  set.onchange = refresh;
  refresh();
  $('#embed-copy').textContent = 'Copy';
  $('#embed-dialog').showModal();
}

export function initEmbedDialog(current) {
  $('#embed').addEventListener('click', () => open(current()));
  $('#embed-copy').addEventListener('click', async () => {
    $('#embed-code').select();
    try { await navigator.clipboard.writeText($('#embed-code').value); $('#embed-copy').textContent = 'Copied'; }
    catch { $('#embed-copy').textContent = 'Press Ctrl+C'; }
  });
  // Closing unloads the preview: it is a whole page with its own compute workers.
  $('#embed-dialog').addEventListener('close', () => $('#embed-preview-box').replaceChildren());
}
