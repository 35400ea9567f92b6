// The legend of a line or bar chart, as text under the plot rather than inside the
// canvas: it wraps on a phone (and scrolls there when long), screen readers read
// it, and each entry is a button (aria-pressed) that hides or shows its series.
// Every entry has a swatch drawn the way its series is: a solid, dashed, dotted
// or dash-dotted line, a dot, a level mark or a bar; the PNG export draws the
// same swatches (drawSwatch).
import { DASHES, dashName, seriesColor } from './theme.js';

export const SWATCH = { width: 26, height: 12 };

/**
 * The entries for `series`: one per named series (labels starting with '_' stay
 * out). An unnamed series joins the first named one of its colour (a theory line
 * under simulated dots), so they hide and show together.
 */
export function legendItems(series, colours, { kind = 'line', index = false } = {}) {
  const items = [];
  const byColour = new Map();
  series.forEach((s, i) => {
    const color = seriesColor(s, i, colours);
    if (String(s.label).startsWith('_')) {
      byColour.get(color)?.members.push(i);
      return;
    }
    const mark = s.points ? 'dot' : kind === 'bar' && !s.line ? 'bar' : index ? 'level' : 'line';
    const item = { label: String(s.label), color, dash: dashName(s), width: s.width ?? 2, mark, members: [i] };
    items.push(item);
    if (!byColour.has(color)) byColour.set(color, item);
  });
  return items;
}

/** Draws an entry's swatch on a 2-D context, its box's left edge at x, centred on y. */
export function drawSwatch(ctx, item, x, y) {
  const { width: w } = SWATCH;
  ctx.save();
  ctx.strokeStyle = item.color;
  ctx.fillStyle = item.color;
  if (item.mark === 'dot') {
    ctx.beginPath();
    ctx.arc(x + w / 2, y, 3.5, 0, 2 * Math.PI);
    ctx.fill();
  } else if (item.mark === 'bar') {
    ctx.globalAlpha = 0.7;
    ctx.fillRect(x + 5, y - 5, w - 10, 10);
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 5.5, y - 4.5, w - 11, 9);
  } else {
    const inset = item.mark === 'level' ? 6 : 0;
    ctx.lineWidth = Math.min(3, Math.max(1.5, item.width));
    ctx.setLineDash(DASHES[item.dash]);
    ctx.beginPath();
    ctx.moveTo(x + inset, y);
    ctx.lineTo(x + w - inset, y);
    ctx.stroke();
  }
  ctx.restore();
}

/** The swatch as a small canvas for the page's legend (same drawing as the PNG's). */
function swatchCanvas(item) {
  const dpr = globalThis.devicePixelRatio || 1;
  const c = document.createElement('canvas');
  c.width = Math.round(SWATCH.width * dpr);
  c.height = Math.round(SWATCH.height * dpr);
  c.style.width = `${SWATCH.width}px`;
  c.style.height = `${SWATCH.height}px`;
  c.setAttribute('aria-hidden', 'true');
  const ctx = c.getContext('2d');
  ctx.scale(dpr, dpr);
  drawSwatch(ctx, item, 0, SWATCH.height / 2);
  return c;
}

/**
 * Fills `list` (a <ul>) with the entries; toggle(item, hidden) is called when one
 * is pressed. `isHidden(item)` gives each button's state.
 */
export function renderLegend(list, items, isHidden, toggle) {
  list.replaceChildren(...items.map((item) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-pressed', String(!isHidden(item)));
    b.append(swatchCanvas(item), item.label);
    b.addEventListener('click', () => {
      const hide = b.getAttribute('aria-pressed') === 'true';
      b.setAttribute('aria-pressed', String(!hide));
      toggle(item, hide);
    });
    const li = document.createElement('li');
    li.append(b);
    return li;
  }));
}
