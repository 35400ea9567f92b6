// A labelled matrix (items x properties, similarity matrices, singular vectors)
// with the same narrow API as LineChart (chartjs.js), drawn straight onto its canvas.
//
//   new MatrixChart(canvas, { xLabel, yLabel, zLabel, diverging = true, zMax })
//   update(series)   one series per matrix row, export-friendly:
//     { label: the row's name, x: column indices 0..n-1, y: the row's values,
//       columns: the column names (read from the first row) }
//   restyle(colours), destroy() (canvas.js)
// Colours: diverging blue - white - orange (Okabe & Ito hues) centred on 0 with a
// symmetric range, or sequential white - blue for non-negative data. Row and
// column names are shown when they fit, else every k-th.


import { CanvasChart } from './canvas.js';

const BLUE = [0, 114, 178], ORANGE = [213, 94, 0], WHITE = [247, 247, 247];
const mix = (a, b, f) => a.map((v, k) => Math.round(v + (b[k] - v) * f));

export function matrixColour(v, zMax, diverging) {
  if (!Number.isFinite(v)) return [160, 160, 160];
  const f = zMax > 0 ? Math.min(1, Math.abs(v) / zMax) : 0;
  if (!diverging) return mix(WHITE, BLUE, v > 0 ? f : 0);
  return v >= 0 ? mix(WHITE, ORANGE, f) : mix(WHITE, BLUE, f);
}

function short(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1).replace('e+', 'e');
  return String(+v.toPrecision(3));
}

export class MatrixChart extends CanvasChart {
  constructor(canvas, { xLabel = '', yLabel = '', zLabel = '', diverging = true, zMax } = {}, options) {
    super(canvas, { xLabel, yLabel, zLabel, diverging, zMax }, options);
    this.draw();
  }

  paint(ctx, W, H) {
    const text = this.colours.text, font = '11px system-ui, sans-serif';
    ctx.font = font;
    ctx.fillStyle = text;
    const rows = this.series.filter((s) => s && s.y && s.y.length);
    if (!rows.length) return;
    const nr = rows.length, nc = rows[0].y.length;
    const colNames = rows[0].columns ?? Array.from({ length: nc }, (_, j) => String(j + 1));
    const rowNames = rows.map((s) => String(s.label));
    let zMax = this.spec.zMax;
    if (!(zMax > 0)) {
      zMax = 0;
      for (const s of rows) for (const v of s.y) if (Number.isFinite(v)) zMax = Math.max(zMax, Math.abs(v));
      if (zMax === 0) zMax = 1;
    }
    // Layout: row names on the left, column names below (rotated), colour bar right.
    const rowW = Math.min(110, Math.max(...rowNames.map((t) => ctx.measureText(t).width)) + 6);
    const colH = Math.min(80, Math.max(...colNames.map((t) => ctx.measureText(t).width)) + 6);
    const left = 16 + rowW, top = 6, right = 70, bottom = colH + 22;
    const pw = Math.max(20, W - left - right), ph = Math.max(20, H - top - bottom);
    const cw = pw / nc, rh = ph / nr;
    // Cells through an offscreen image: one pixel per cell, scaled without smoothing.
    const img = new ImageData(nc, nr);
    rows.forEach((s, i) => {
      for (let j = 0; j < nc; j++) {
        const [r, g, b] = matrixColour(s.y[j], zMax, this.spec.diverging);
        const o = 4 * (i * nc + j);
        img.data[o] = r; img.data[o + 1] = g; img.data[o + 2] = b; img.data[o + 3] = 255;
      }
    });
    const off = offscreen(nc, nr);
    off.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, left, top, pw, ph);
    ctx.strokeStyle = this.colours.border;
    ctx.strokeRect(left, top, pw, ph);
    // Names, thinned to what fits (about 11 px per name).
    ctx.fillStyle = text;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    const rStep = Math.ceil(12 / rh);
    for (let i = 0; i < nr; i += rStep) ctx.fillText(rowNames[i].slice(0, 16), left - 4, top + (i + 0.5) * rh);
    const cStep = Math.ceil(12 / cw);
    for (let j = 0; j < nc; j += cStep) {
      ctx.save();
      ctx.translate(left + (j + 0.5) * cw, top + ph + 4);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'right';
      ctx.fillText(colNames[j].slice(0, 14), 0, 0);
      ctx.restore();
    }
    // Axis titles.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(this.spec.xLabel, left + pw / 2, H - 2);
    ctx.save();
    ctx.translate(10, top + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(this.spec.yLabel, 0, 0);
    ctx.restore();
    // Colour bar with its range.
    const bx = left + pw + 14, bw = 12, bh = Math.min(ph, 220), by = top;
    const lo = this.spec.diverging ? -zMax : 0;
    for (let k = 0; k < bh; k++) {
      const v = zMax - ((zMax - lo) * k) / (bh - 1);
      const [r, g, b] = matrixColour(v, zMax, this.spec.diverging);
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(bx, by + k, bw, 1);
    }
    ctx.strokeRect(bx, by, bw, bh);
    ctx.fillStyle = text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(short(zMax), bx + bw + 3, by + 4);
    ctx.fillText(short(lo), bx + bw + 3, by + bh - 4);
    if (this.spec.diverging) ctx.fillText('0', bx + bw + 3, by + bh / 2);
    if (this.spec.zLabel) {
      ctx.save();
      ctx.translate(bx + bw + 3, by + bh + 6);
      ctx.textBaseline = 'top';
      ctx.fillText(this.spec.zLabel.slice(0, 12), 0, 0);
      ctx.restore();
    }
  }
}

// An offscreen 2-D surface: OffscreenCanvas where available, else a detached <canvas>.
function offscreen(w, h) {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}
