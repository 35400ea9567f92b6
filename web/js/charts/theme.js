// Colours shared by every chart kind: a colour-blind-safe palette, and the
// page's CSS variables so light and dark themes both read well.

/** Okabe & Ito (2008) palette: distinguishable under the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export const cssVar = (name, fallback) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** A series' colour: its own, else the palette's; Okabe-Ito's black becomes the theme's ink (visible in dark mode). */
export function seriesColor(s, i) {
  const c = s.color ?? PALETTE[(s.colorIndex ?? i) % PALETTE.length];
  return c === '#000000' ? cssVar('--text', c) : c;
}
