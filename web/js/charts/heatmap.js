// A heatmap with the same narrow API as LineChart (chartjs.js), drawn straight
// onto its canvas: viridis colours (sequential, colour-blind safe), axis ticks
// and labels, a colour bar, and overlaid curves (e.g. a phase boundary).
//
//   new HeatmapChart(canvas, { xLabel, yLabel, zLabel, zType: 'linear'|'logarithmic', zMin, zMax, nanLabel })
//     nanLabel: the legend line for NaN cells, in the demo's words (default: 'grey: no value')
//     grid rows   { label, x: column centres, y: values of that row, row: the row's y, heat: true }
//                 (rows in ascending `row`, equal spacing; NaN cells are drawn hatched grey)
//     overlays    { label, x, y, dash } drawn as a white-haloed dark curve, listed in a legend
//   restyle(colours), destroy() (canvas.js)
import { CanvasChart } from './canvas.js';
import { fmt } from '../format.js';

// Viridis (van der Walt & Smith, matplotlib) sampled at 10 equal steps; linear in between.
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779',
  '#6ece58', '#b5de2b', '#fde725'].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

export function viridis(t) {
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u)), f = u - i;
  return VIRIDIS[i].map((a, k) => Math.round(a + (VIRIDIS[i + 1][k] - a) * f));
}


/** About n "nice" ticks (1, 2, 5 x 10^k) covering [lo, hi]. */
export function niceTicks(lo, hi, n = 6) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n, p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.abs(v) < 1e-12 * step ? 0 : v);
  return out;
}

function logTicks(lo, hi) {
  const out = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of (Math.log10(hi / lo) < 2.5 ? [1, 2, 5] : [1])) {
      const v = m * 10 ** e;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

export class HeatmapChart extends CanvasChart {
  /** nanLabel: the legend's words for the hatched grey (NaN) cells, say what they mean in this chart. */
  constructor(canvas, { xLabel = '', yLabel = '', zLabel = '', zType = 'linear', zMin, zMax, nanLabel = 'grey: no value' } = {}, options) {
    super(canvas, { xLabel, yLabel, zLabel, zType, zMin, zMax, nanLabel }, options);
    this.draw();
  }

  paint(ctx, cssW, cssH) {
    const ink = this.colours.text;
    ctx.font = '12px system-ui, sans-serif';
    const rows = this.series.filter((s) => s.heat);
    const overlays = this.series.filter((s) => !s.heat);
    const plot = { l: 58, t: 10, r: cssW - 92, b: cssH - 44 };
    if (!rows.length) {
      ctx.fillStyle = ink;
      ctx.fillText('no data yet', plot.l + 10, plot.t + 20);
      return;
    }
    const frame = this.frame(rows, plot), scale = this.colourScale(rows);
    this.paintCells(ctx, rows, plot, scale);
    this.paintOverlays(ctx, overlays, frame);
    this.paintAxes(ctx, frame, ink);
    this.paintColourBar(ctx, plot, scale, ink, cssW);
    this.paintLegend(ctx, rows, overlays, plot);
  }

  /** Data-to-pixel maps for cells centred on the grid points. */
  frame(rows, plot) {
    const xs = rows[0].x, nx = xs.length, ny = rows.length;
    const dx = nx > 1 ? (xs[nx - 1] - xs[0]) / (nx - 1) : 1;
    const dy = ny > 1 ? (rows[ny - 1].row - rows[0].row) / (ny - 1) : 1;
    const x0 = xs[0] - dx / 2, x1 = xs[nx - 1] + dx / 2, y0 = rows[0].row - dy / 2, y1 = rows[ny - 1].row + dy / 2;
    return {
      plot, x0, x1, y0, y1,
      X: (x) => plot.l + ((x - x0) / (x1 - x0)) * (plot.r - plot.l),
      Y: (y) => plot.b - ((y - y0) / (y1 - y0)) * (plot.b - plot.t),
    };
  }

  /** The colour scale: { log, zMin, zMax, tz: value -> [0, 1] }, from the spec or the finite cells. */
  colourScale(rows) {
    const log = this.spec.zType === 'logarithmic';
    let { zMin, zMax } = this.spec;
    if (zMin === undefined || zMax === undefined) {
      let lo = Infinity, hi = -Infinity;
      for (const r of rows) for (const v of r.y) if (Number.isFinite(v) && (!log || v > 0)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      zMin ??= lo; zMax ??= hi > lo ? hi : lo + 1;
    }
    const tz = log
      ? (v) => (Math.log(v) - Math.log(zMin)) / (Math.log(zMax) - Math.log(zMin))
      : (v) => (v - zMin) / (zMax - zMin);
    return { log, zMin, zMax, tz };
  }

  /** Cells into an nx x ny image, scaled up without smoothing; NaN cells hatched grey. */
  paintCells(ctx, rows, plot, { log, tz }) {
    const nx = rows[0].x.length, ny = rows.length;
    const img = new ImageData(nx, ny), d = img.data;
    rows.forEach((r, j) => {
      const py = ny - 1 - j;
      for (let i = 0; i < nx; i++) {
        const v = r.y[i], k = 4 * (py * nx + i);
        let rgb;
        if (Number.isNaN(v) || v === undefined) rgb = ((i + py) & 1) ? [190, 190, 190] : [160, 160, 160];
        else rgb = viridis(v === Infinity ? 1 : v === -Infinity ? 0 : tz(log ? Math.max(v, 1e-300) : v));
        d[k] = rgb[0]; d[k + 1] = rgb[1]; d[k + 2] = rgb[2]; d[k + 3] = 255;
      }
    });
    const off = document.createElement('canvas');
    off.width = nx; off.height = ny;
    off.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, plot.l, plot.t, plot.r - plot.l, plot.b - plot.t);
  }

  /** Overlay curves as white-haloed dark lines, clipped to the plot. */
  paintOverlays(ctx, overlays, { plot, x0, x1, X, Y }) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.l, plot.t, plot.r - plot.l, plot.b - plot.t);
    ctx.clip();
    for (const s of overlays) {
      for (const [color, width] of [['rgba(255,255,255,0.95)', 4.5], ['#111', 2]]) {
        ctx.strokeStyle = color; ctx.lineWidth = width; ctx.lineJoin = 'round';
        ctx.setLineDash(s.dash && width < 3 ? [6, 4] : []);
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < s.x.length; i++) {
          const ok = Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]);
          if (!ok) { pen = false; continue; }
          const px = X(Math.min(Math.max(s.x[i], x0 - (x1 - x0)), x1 + (x1 - x0))), py = Y(s.y[i]);
          if (pen) ctx.lineTo(px, py); else ctx.moveTo(px, py);
          pen = true;
        }
        ctx.stroke();
      }
    }
    ctx.restore();
    ctx.setLineDash([]);
  }

  /** Frame, ticks and axis labels. */
  paintAxes(ctx, { plot, x0, x1, y0, y1, X, Y }, ink) {
    ctx.strokeStyle = ink; ctx.fillStyle = ink; ctx.lineWidth = 1;
    ctx.strokeRect(plot.l + 0.5, plot.t + 0.5, plot.r - plot.l, plot.b - plot.t);
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    for (const v of niceTicks(x0, x1, Math.max(3, Math.floor((plot.r - plot.l) / 70)))) {
      const px = X(v);
      ctx.beginPath(); ctx.moveTo(px, plot.b); ctx.lineTo(px, plot.b + 4); ctx.stroke();
      ctx.fillText(fmt(v), px, plot.b + 6);
    }
    ctx.fillText(this.spec.xLabel, (plot.l + plot.r) / 2, plot.b + 24);
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    for (const v of niceTicks(y0, y1, Math.max(3, Math.floor((plot.b - plot.t) / 50)))) {
      const py = Y(v);
      ctx.beginPath(); ctx.moveTo(plot.l, py); ctx.lineTo(plot.l - 4, py); ctx.stroke();
      ctx.fillText(fmt(v), plot.l - 6, py);
    }
    ctx.save();
    ctx.translate(14, (plot.t + plot.b) / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center'; ctx.fillText(this.spec.yLabel, 0, 0);
    ctx.restore();
  }

  /** The colour bar right of the plot, with its ticks and label. */
  paintColourBar(ctx, plot, { log, zMin, zMax, tz }, ink, cssW) {
    const bar = { l: plot.r + 16, r: plot.r + 30, t: plot.t, b: plot.b };
    for (let py = bar.t; py < bar.b; py++) {
      const [r, g, b] = viridis(1 - (py - bar.t) / (bar.b - bar.t));
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(bar.l, py, bar.r - bar.l, 1);
    }
    ctx.strokeStyle = ink; ctx.fillStyle = ink;
    ctx.strokeRect(bar.l + 0.5, bar.t + 0.5, bar.r - bar.l, bar.b - bar.t);
    ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    for (const v of log ? logTicks(zMin, zMax) : niceTicks(zMin, zMax, 5)) {
      const py = bar.b - tz(v) * (bar.b - bar.t);
      if (py < bar.t - 0.5 || py > bar.b + 0.5) continue;
      ctx.beginPath(); ctx.moveTo(bar.r, py); ctx.lineTo(bar.r + 3, py); ctx.stroke();
      ctx.fillText(fmt(v), bar.r + 5, py);
    }
    ctx.save();
    ctx.translate(cssW - 8, (bar.t + bar.b) / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center'; ctx.textBaseline = 'bottom';
    ctx.fillText(this.spec.zLabel, 0, 0);
    ctx.restore();
  }

  /** Legend of overlays and of hatched cells (top-left, on a translucent plate). */
  paintLegend(ctx, rows, overlays, plot) {
    const items = overlays.filter((s) => !String(s.label).startsWith('_')).map((s) => s.label);
    const nLines = items.length;
    if (rows.some((r) => Array.prototype.some.call(r.y, Number.isNaN))) items.push(this.spec.nanLabel);
    if (!items.length) return;
    const w = Math.max(...items.map((t) => ctx.measureText(t).width)) + 34;
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(plot.l + 6, plot.t + 6, w, 18 * items.length + 6);
    ctx.fillStyle = '#111'; ctx.strokeStyle = '#111'; ctx.lineWidth = 2;
    items.forEach((t, k) => {
      const py = plot.t + 18 + 18 * k;
      if (k < nLines) { ctx.beginPath(); ctx.moveTo(plot.l + 12, py); ctx.lineTo(plot.l + 32, py); ctx.stroke(); }
      ctx.textAlign = 'left';
      ctx.fillText(t, plot.l + (k < nLines ? 36 : 12), py);
    });
  }
}
