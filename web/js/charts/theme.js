// How series and axes look, shared by every chart kind: a colour-blind-safe
// palette, line patterns, and the page's colours (CSS variables) so light and
// dark themes both read well and charts re-colour when the system theme changes.
// Imports nothing from the page: demos (which also run in Node) use styleCycle.

/** Okabe & Ito (2008) palette: distinguishable under the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/** Line patterns a series may ask for (`dash: true` is 'dash'), as canvas line-dash arrays. */
export const DASHES = { solid: [], dash: [6, 4], dot: [1.5, 3], dashdot: [8, 3, 1.5, 3] };

/** The pattern name of a series: 'solid', 'dash', 'dot' or 'dashdot'. */
export const dashName = (s) => (s.dash === true ? 'dash' : DASHES[s.dash] ? s.dash : 'solid');

/**
 * Colour and pattern of the k-th of many series that should all look different:
 * the palette first in solid lines, then again dashed, dotted, dash-dotted
 * (`patterns` reorders them, e.g. to start a group of "false" series dashed).
 */
export function styleCycle(k, patterns = ['solid', 'dash', 'dot', 'dashdot']) {
  return { colorIndex: k % PALETTE.length, dash: patterns[Math.floor(k / PALETTE.length) % patterns.length] };
}

export const cssVar = (name, fallback) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** The page's current chart colours (from app.css, light or dark). */
export function pageColours() {
  return {
    text: cssVar('--text-muted', '#555a60'), ink: cssVar('--text', '#1d1d1f'), grid: cssVar('--grid', '#e8e8e4'),
    border: cssVar('--border', '#dcdcd8'), surface: cssVar('--surface', '#ffffff'),
  };
}

/** Colours for a picture that leaves the page (PNG export): always light, whatever the theme. */
export const PRINT_COLOURS = { text: '#3a3d42', ink: '#000000', grid: '#e4e4e0', border: '#c8c8c4', surface: '#ffffff' };

/** A series' colour: its own, else the palette's; Okabe-Ito's black is the theme's ink (visible in dark mode). */
export function seriesColor(s, i, colours) {
  const c = s.color ?? PALETTE[(s.colorIndex ?? i) % PALETTE.length];
  return c === '#000000' ? colours?.ink ?? cssVar('--text', c) : c;
}

/** Calls fn() whenever the system switches between light and dark; returns the unsubscriber. */
export function onSchemeChange(fn) {
  const q = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  if (!q) return () => {};
  q.addEventListener('change', fn);
  return () => q.removeEventListener('change', fn);
}
