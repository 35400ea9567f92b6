// Exports of what a chart shows: a PNG for slides and handouts (twice the
// on-screen resolution, the chart's title above and its legend below, on a light
// background whatever the page's theme), and its series as CSV or JSON with the
// demo, its parameters, the engine version and the fingerprint.
import { PRINT_COLOURS } from '../charts/theme.js';
import { SWATCH, drawSwatch } from '../charts/legend.js';

export const PNG_SCALE = 2;

export function download(filename, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const visible = (series) => series.filter((s) => !String(s.label).startsWith('_') || s.export);
const quote = (v) => `"${String(v).replaceAll('"', '""')}"`;

/**
 * CSV after '#' lines naming the state. Line and bar charts: long format, one row
 * per point (`series,x,y`). Matrix charts (series with `columns`): the matrix
 * itself, a header row with the column names and one row per named row.
 */
export function toCSV(meta, series) {
  const lines = [
    `# depthlab ${meta.version}; demo ${meta.demo}; fingerprint ${meta.fingerprint}`,
    `# parameters: ${Object.entries(meta.params).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `# link: ${meta.url}`,
  ];
  const shown = visible(series);
  const columns = shown[0]?.columns;
  if (columns) {
    lines.push(['row', ...columns].map(quote).join(','));
    for (const s of shown) lines.push([quote(s.label), ...Array.from(s.y)].join(','));
  } else {
    lines.push('series,x,y');
    for (const s of shown) {
      const label = quote(s.label);
      for (let i = 0; i < s.x.length; i++) lines.push(`${label},${s.x[i]},${s.y[i]}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function toJSON(meta, series) {
  return JSON.stringify({
    ...meta,
    series: visible(series).map((s) => ({ label: s.label, x: Array.from(s.x), y: Array.from(s.y), ...(s.columns ? { columns: s.columns } : {}) })),
  }, null, 1);
}

/** What a download says about its origin: demo, parameters, link, engine version, fingerprint. */
function meta(mounted) {
  const { demo, values } = mounted;
  return { version: document.querySelector('#engine-info').dataset.version ?? '', demo: demo.id, params: { ...values },
    url: location.href, fingerprint: mounted.fingerprint };
}

/** Lines of `text` no wider than `width` on ctx (words kept whole). */
function wrap(ctx, text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
  }
  return line ? [...lines, line] : lines;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * The PNG's picture of a figure: title, chart and legend on a light background,
 * PNG_SCALE device pixels per CSS pixel. Returns a canvas.
 */
export function figureImage(figure, title) {
  const colours = PRINT_COLOURS, k = PNG_SCALE, pad = 14;
  const chart = figure.image({ colours, scale: k });
  const W = chart.width / k;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  const titleFont = `600 15px ${FONT}`, legendFont = `12px ${FONT}`;
  ctx.font = titleFont;
  const titleLines = wrap(ctx, title, W - 2 * pad);
  // Legend entries flow left to right and wrap, as on the page.
  ctx.font = legendFont;
  const items = figure.legendItems(), rowH = 18, placed = [];
  let x = pad, y = 0;
  for (const item of items) {
    const w = SWATCH.width + 5 + ctx.measureText(item.label).width + 14;
    if (x + w > W - pad && x > pad) { x = pad; y += rowH; }
    placed.push({ item, x, y });
    x += w;
  }
  const titleH = pad + 20 * titleLines.length, legendH = items.length ? y + rowH + pad : pad / 2;
  out.width = Math.round(W * k);
  out.height = Math.round((titleH + chart.height / k + legendH) * k);
  ctx.scale(k, k);
  ctx.fillStyle = colours.surface;
  ctx.fillRect(0, 0, W, out.height / k);
  ctx.fillStyle = colours.ink;
  ctx.font = titleFont;
  ctx.textBaseline = 'top';
  titleLines.forEach((line, i) => ctx.fillText(line, pad, pad + 20 * i));
  ctx.drawImage(chart, 0, titleH, W, chart.height / k);
  ctx.font = legendFont;
  ctx.textBaseline = 'middle';
  const top = titleH + chart.height / k + rowH / 2;
  for (const { item, x: ix, y: iy } of placed) {
    drawSwatch(ctx, item, ix, top + iy);
    ctx.fillStyle = colours.ink;
    ctx.fillText(item.label, ix + SWATCH.width + 5, top + iy);
  }
  return out;
}

/** Downloads chart `id` of the mounted demo as 'png', 'csv' or 'json'. */
export function exportChart(mounted, id, kind) {
  const name = `depthlab-${mounted.demo.id}-${id}`;
  if (kind === 'png') {
    const spec = mounted.demo.charts.find((c) => c.id === id);
    figureImage(mounted.charts.get(id), spec.title).toBlob((b) => download(`${name}.png`, b), 'image/png');
  } else if (kind === 'csv') {
    download(`${name}.csv`, new Blob([toCSV(meta(mounted), mounted.drawn[id] ?? [])], { type: 'text/csv' }));
  } else {
    download(`${name}.json`, new Blob([toJSON(meta(mounted), mounted.drawn[id] ?? [])], { type: 'application/json' }));
  }
}
