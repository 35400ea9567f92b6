// On narrow screens the control panel is a bar at the bottom of the window (Run,
// Pause, the status line) whose Controls button opens a drawer of controls over
// the lower part of the page, so a control and the chart it drives are in view
// together (app.css). On wide screens the button is not shown and the controls
// are always open beside the charts.
import { $ } from './dom.js';

export function initDrawer() {
  const panel = $('#panel'), toggle = $('#drawer');
  const set = (open) => {
    panel.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => set(toggle.getAttribute('aria-expanded') !== 'true'));
  // Escape closes an open drawer and gives the focus back to its button.
  panel.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || toggle.getAttribute('aria-expanded') !== 'true' || !toggle.offsetParent) return;
    set(false);
    toggle.focus();
  });
}
