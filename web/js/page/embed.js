// Embed mode and the hide= options: the demo's title as the page's h1 and a
// full-screen button in an iframe; controls, the whole panel or the text taken
// away where a teacher's link says so. Hidden controls keep the link's values
// and cannot be changed.
import { $ } from './dom.js';

/** The page's mode for `demo` (set before it mounts, so its charts are sized in the right layout). */
export function applyMode(demo, { embed, hide }) {
  const body = document.body.classList;
  body.toggle('embed', embed);
  body.toggle('hide-controls', hide.includes('controls'));
  body.toggle('hide-text', hide.includes('text'));
  $('#embed-h1').textContent = embed ? demo.title : '';
  $('#fullscreen').hidden = !embed || !document.fullscreenEnabled;
}

/** Takes away the mounted demo's controls that the link hides. */
export function fixControls(demo, hide) {
  for (const p of demo.params) $(`#ctl-${p.key}`)?.closest('.control').classList.toggle('fixed', hide.includes(p.key));
}

export function initFullscreen() {
  const button = $('#fullscreen');
  button.addEventListener('click', () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => { button.hidden = true; });
  });
  document.addEventListener('fullscreenchange', () => {
    button.textContent = document.fullscreenElement ? 'Exit full screen' : 'Full screen';
  });
}
