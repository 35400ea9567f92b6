// A chart as a table: the text alternative behind each chart's Table button, for
// screen readers and for anyone who wants the numbers. It is built only when
// opened, and sampled so that it stays small whatever the chart holds (a series
// may have 10^4 points, a heatmap 200 x 200 cells): at most MAX_ROWS rows per
// series and MAX_CELLS rows and columns of a grid, evenly spaced and always with
// the first and the last. The caption says what was left out; the CSV download
// has everything.
import { fmt } from '../format.js';

export const MAX_ROWS = 12;
export const MAX_CELLS = 16;

/** Up to `max` indices into a length-n array, evenly spaced, first and last included. */
export function sample(n, max) {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

const named = (series) => series.filter((s) => !String(s.label).startsWith('_'));
const num = (v) => (typeof v === 'number' ? fmt(v) : String(v));
const sampledNote = (shown, total, what) => (shown < total ? ` ${shown} of ${total} ${what}, evenly spaced; the CSV download has all of them.` : '');

function cell(tag, text, attrs = {}) {
  const c = document.createElement(tag);
  c.textContent = text;
  for (const [k, v] of Object.entries(attrs)) c.setAttribute(k, v);
  return c;
}
const row = (...cells) => { const r = document.createElement('tr'); r.append(...cells); return r; };

function table(caption, head, rows) {
  const t = document.createElement('table');
  const thead = document.createElement('thead'), tbody = document.createElement('tbody');
  thead.append(row(...head.map((h) => cell('th', h, { scope: 'col' }))));
  tbody.append(...rows);
  t.append(cell('caption', caption), thead, tbody);
  return t;
}

/** Line and bar charts: one block of rows per named series (series, x, y). */
function seriesTable(spec, series) {
  const rows = [];
  let cut = false;
  for (const s of named(series)) {
    const idx = sample(s.x.length, MAX_ROWS);
    cut ||= idx.length < s.x.length;
    idx.forEach((i, k) => {
      const head = cell('th', k === 0 ? String(s.label) : '', { scope: 'row' });
      if (k === 0 && idx.length > 1) head.setAttribute('rowspan', String(idx.length));
      rows.push(k === 0 ? row(head, cell('td', num(s.x[i])), cell('td', num(s.y[i])))
        : row(cell('td', num(s.x[i])), cell('td', num(s.y[i]))));
    });
    if (!idx.length) rows.push(row(cell('th', String(s.label), { scope: 'row' }), cell('td', '—'), cell('td', '—')));
  }
  const caption = `${spec.title}: ${named(series).length} series.` +
    (cut ? ` Series with more than ${MAX_ROWS} points show ${MAX_ROWS} of them, evenly spaced; the CSV download has all of them.` : '');
  return table(caption, ['series', spec.xLabel ?? 'x', spec.yLabel ?? 'y'], rows);
}

/** Matrix charts: rows by name, columns by name. */
function matrixTable(spec, series) {
  const rows = series.filter((s) => s.y?.length);
  if (!rows.length) return table(`${spec.title}: nothing drawn yet.`, [], []);
  const nc = rows[0].y.length;
  const names = rows[0].columns ?? Array.from({ length: nc }, (_, j) => String(j + 1));
  const ri = sample(rows.length, MAX_CELLS), ci = sample(nc, MAX_CELLS);
  const caption = `${spec.title}: ${spec.zLabel || 'value'} by ${spec.yLabel || 'row'} (rows) and ${spec.xLabel || 'column'} (columns).` +
    sampledNote(ri.length, rows.length, 'rows') + sampledNote(ci.length, nc, 'columns');
  return table(caption, ['', ...ci.map((j) => names[j])],
    ri.map((i) => row(cell('th', String(rows[i].label), { scope: 'row' }), ...ci.map((j) => cell('td', num(rows[i].y[j]))))));
}

/** Heatmaps: the grid sampled (rows by their y, columns by x), then the overlay curves. */
function heatmapTable(spec, series) {
  const grid = series.filter((s) => s.heat);
  const out = [];
  if (grid.length) {
    const xs = grid[0].x;
    const ri = sample(grid.length, MAX_CELLS).reverse(), ci = sample(xs.length, MAX_CELLS);   // top row first, as drawn
    const caption = `${spec.title}: ${spec.zLabel || 'value'} by ${spec.yLabel} (rows) and ${spec.xLabel} (columns); empty cells have no finite value.` +
      sampledNote(ri.length, grid.length, 'rows') + sampledNote(ci.length, xs.length, 'columns');
    out.push(table(caption, [`${spec.yLabel} ↓ ${spec.xLabel} →`, ...ci.map((j) => num(xs[j]))],
      ri.map((i) => row(cell('th', num(grid[i].row), { scope: 'row' }),
        ...ci.map((j) => cell('td', Number.isFinite(grid[i].y[j]) ? num(grid[i].y[j]) : ''))))));
  }
  const curves = series.filter((s) => !s.heat);
  if (named(curves).length) out.push(seriesTable({ ...spec, title: `${spec.title}, curves drawn over it` }, curves));
  return out;
}

/** The table(s) for a chart of `kind` ('line', 'bar', 'heatmap', 'matrix') showing `series`. */
export function chartTables(kind, spec, series) {
  if (kind === 'matrix') return [matrixTable(spec, series)];
  if (kind === 'heatmap') return heatmapTable(spec, series);
  return [seriesTable(spec, series)];
}
