// Small pictures of each area for the start view, drawn here as inline SVG
// (no image files): the mode curves of a deep linear network, a category tree,
// a circle crumpled by a chaotic network, and orientation tuning curves.
import { PALETTE } from '../charts/theme.js';

const W = 160, H = 96;
const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const path = (pts, attrs) => svgEl('path', { d: `M${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}`, fill: 'none', ...attrs });

/** Three modes of strengths 3, 2, 1 learned from a₀ = 0.001 at depth 2: plateaus, then sudden rises (exact solution). */
function modes() {
  const curves = [3, 2, 1].map((s, i) => {
    const pts = [];
    for (let k = 0; k <= 60; k++) {
      const t = (5 * k) / 60, e = Math.exp(2 * s * t);
      const a = (s * e) / (e - 1 + s / 0.001);
      pts.push([8 + (144 * k) / 60, 88 - (76 * a) / 3]);
    }
    return [path([[8, 88 - (76 * s) / 3], [152, 88 - (76 * s) / 3]], { stroke: PALETTE[i], 'stroke-dasharray': '3 3', 'stroke-width': 1 }),
      path(pts, { stroke: PALETTE[i], 'stroke-width': 2.5 })];
  });
  return [path([[8, 8], [8, 88], [152, 88]], { stroke: 'currentColor', 'stroke-width': 1 }), ...curves.flat()];
}

/** A tree of categories, coloured by its first split (plants and animals). */
function tree() {
  const out = [];
  const node = (x, y, level, lo, hi) => {
    if (level === 3) {
      out.push(svgEl('circle', { cx: x, cy: y, r: 4.5, fill: PALETTE[lo < 80 ? 2 : 0] }));
      return;
    }
    const mid = (lo + hi) / 2;
    for (const [a, b] of [[lo, mid], [mid, hi]]) {
      const cx = (a + b) / 2, cy = y + 26;
      out.push(path([[x, y], [cx, cy]], { stroke: 'currentColor', 'stroke-width': 1.5 }));
      node(cx, cy, level + 1, a, b);
    }
    out.push(svgEl('circle', { cx: x, cy: y, r: 3, fill: 'currentColor' }));
  };
  node(80, 10, 0, 0, 160);
  return out;
}

/** A circle, and what a chaotic network makes of it: a longer, crumpled closed curve. */
function circle() {
  const ring = (cx, r) => {
    const pts = [];
    for (let k = 0; k <= 180; k++) {
      const th = (2 * Math.PI * k) / 180;
      const rr = r(th);
      pts.push([cx + rr * Math.cos(th), 48 + rr * Math.sin(th)]);
    }
    return pts;
  };
  return [
    path(ring(34, () => 26), { stroke: PALETTE[0], 'stroke-width': 2 }),
    path([[66, 48], [84, 48]], { stroke: 'currentColor', 'stroke-width': 1.5 }),
    path([[79, 43], [85, 48], [79, 53]], { stroke: 'currentColor', 'stroke-width': 1.5 }),
    path(ring(122, (th) => 27 * (1 + 0.3 * Math.sin(5 * th) + 0.16 * Math.cos(9 * th + 1) + 0.1 * Math.sin(14 * th))),
      { stroke: PALETTE[1], 'stroke-width': 1.6 }),
  ];
}

/** Orientation tuning curves; the neurons steepest at the reference (flanking it) are the ones fine practice changes. */
function tuning() {
  const out = [path([[6, 86], [154, 86]], { stroke: 'currentColor', 'stroke-width': 1 })];
  for (let j = -4; j <= 4; j++) {
    const mu = 80 + 17 * j, pts = [];
    for (let x = 6; x <= 154; x += 2) pts.push([x, 86 - 62 * Math.exp(-((x - mu) * (x - mu)) / (2 * 11 * 11))]);
    const steep = Math.abs(j) === 1;
    out.push(path(pts, { stroke: steep ? PALETTE[1] : PALETTE[5], 'stroke-width': steep ? 2.5 : 1.2 }));
  }
  for (const x of [74, 86]) out.push(path([[x, 8], [x, 86]], { stroke: 'currentColor', 'stroke-dasharray': '2 3', 'stroke-width': 1 }));
  return out;
}

const SKETCHES = {
  'deep-linear': [modes, 'Three learning curves: each waits on a plateau, then rises suddenly; the strongest rises first.'],
  semantic: [tree, 'A tree of categories: all items split in two, then each half in two again.'],
  chaos: [circle, 'A circle, and the longer, crumpled curve a chaotic network turns it into.'],
  perceptual: [tuning, 'Bell-shaped orientation tuning curves; the two flanking the reference are highlighted.'],
};

/** The picture of an area, as an SVG element with a text alternative. */
export function sketch(area) {
  const [draw, alt] = SKETCHES[area];
  return svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': alt, class: 'sketch' }, ...draw());
}
