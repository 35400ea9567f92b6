// One chart of a demo as a <figure>: a caption with the title and its tools (PNG,
// CSV and JSON downloads, and Table: the chart as a table), the canvas in a box
// that follows the page's layout, the legend (line and bar charts) and the table.
// The figure re-colours its chart when the system theme changes.
//
//   const f = createFigure(spec, onExport)   spec: a demo's `charts` entry;
//                                           onExport('png' | 'csv' | 'json')
//   f.element, f.update(series), f.destroy()
//   f.legendItems(), f.image({ colours, scale }): what the PNG export draws
import { LineChart } from './line.js';
import { BarChart } from './bar.js';
import { HeatmapChart } from './heatmap.js';
import { MatrixChart } from './matrix.js';
import { legendItems, renderLegend } from './legend.js';
import { chartTables } from './table.js';
import { onSchemeChange, pageColours } from './theme.js';

// Chart kinds a demo may ask for in its `charts` table (kind defaults to 'line').
export const CHART_KINDS = { line: LineChart, bar: BarChart, heatmap: HeatmapChart, matrix: MatrixChart };

function node(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export function createFigure(spec, onExport) {
  const kind = spec.kind ?? 'line';
  const Kind = CHART_KINDS[kind];
  const hasLegend = kind === 'line' || kind === 'bar';
  const canvas = node('canvas', { role: 'img', 'aria-label': spec.title });
  const box = node('div', { class: 'canvas-box' }, canvas);
  const legend = node('ul', { class: 'legend', 'aria-label': `Legend of ${spec.title}: each entry shows or hides its series` });
  const tableBox = node('div', { class: 'chart-table', id: `table-${spec.id}`, hidden: '' });
  const tableButton = node('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': tableBox.id,
    'aria-label': `Table of ${spec.title}` }, 'Table');
  const tools = node('span', { class: 'chart-tools' }, ...['PNG', 'CSV', 'JSON'].map((k) => {
    const b = node('button', { type: 'button', 'data-export': k.toLowerCase(), 'aria-label': `Download ${spec.title} as ${k}` }, k);
    b.addEventListener('click', () => onExport(k.toLowerCase()));
    return b;
  }), tableButton);
  const element = node('figure', { class: 'chart', 'data-chart': spec.id },
    node('figcaption', {}, node('span', {}, spec.title), tools), box, ...(hasLegend ? [legend] : []), tableBox);

  const chart = new Kind(canvas, spec);
  let series = [];
  const hiddenItem = (item) => item.members.every((i) => chart.hidden.has(i));
  let drawnLegend = '';   // what the legend shows: redrawn only when that changes, so a focused entry keeps the focus
  const drawLegend = () => {
    if (!hasLegend) return;
    const items = legendItems(series, chart.colours, { kind, index: spec.xType === 'index' });
    const look = JSON.stringify(items);
    if (look === drawnLegend) return;
    drawnLegend = look;
    renderLegend(legend, items, hiddenItem, (item, hide) => chart.setHidden(item.members, hide));
  };
  const drawTable = () => {
    if (!tableBox.hidden) tableBox.replaceChildren(...chartTables(kind, spec, series));
  };
  tableButton.addEventListener('click', () => {
    const open = tableBox.hidden;
    tableBox.hidden = !open;
    tableButton.setAttribute('aria-expanded', String(open));
    if (open) drawTable(); else tableBox.replaceChildren();
  });
  const unsubscribe = onSchemeChange(() => { chart.restyle(pageColours()); drawLegend(); });

  return {
    element,
    update(next) {
      // A series list of another length is another set of curves: start with all shown.
      if (next.length !== series.length) { chart.hidden?.clear(); drawnLegend = ''; }
      series = next;
      chart.update(series);
      drawLegend();
      drawTable();
    },
    legendItems: () => (hasLegend ? legendItems(series, chart.colours, { kind, index: spec.xType === 'index' })
      .filter((item) => !hiddenItem(item)) : []),
    /** The chart drawn afresh on a detached canvas at its on-page size, in `colours`, `scale` pixels per CSS pixel. */
    image({ colours, scale }) {
      const size = { width: Math.max(320, box.clientWidth || 640), height: Math.max(200, box.clientHeight || 380) };
      const work = document.createElement('canvas');
      const copy = new Kind(work, spec, { colours, size, scale });
      for (const i of chart.hidden ?? []) copy.hidden?.add(i);
      copy.update(series);
      // Chart.js clears its canvas when destroyed: keep the pixels first.
      const out = Object.assign(document.createElement('canvas'), { width: work.width, height: work.height });
      out.getContext('2d').drawImage(work, 0, 0);
      copy.destroy();
      return out;
    },
    destroy() {
      unsubscribe();
      chart.destroy();
    },
  };
}
