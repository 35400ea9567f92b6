// What the Chart.js charts (line, bar) share: axes styled from the theme colours,
// the legend left to the page (legend.js draws it as text), series shown and
// hidden by index, and a fixed-size rendering for exports. Chart.js is the
// vendored UMD build (global `Chart`).
//
//   new Kind(canvas, spec, { colours, size: { width, height }, scale })
//     colours: pageColours() by default; size: a fixed CSS size instead of following
//     the canvas's box (responsive); scale: device pixels per CSS pixel.
//   update(series), restyle(colours), setHidden(indices, hidden), destroy()
// A subclass provides datasets(series, colours) and may adjust the axes in axes(spec).
import { fmt } from '../format.js';
import { pageColours } from './theme.js';

/** [min, max] of the finite numbers in `arrays` (positive ones only if `positive`), or null. */
function extent(arrays, positive) {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v) && (!positive || v > 0)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return lo <= hi ? [lo, hi] : null;
}

/** True when every finite number in `arrays` is a whole number (and there is one). */
function allIntegers(arrays) {
  let any = false;
  for (const a of arrays) {
    for (const v of a) {
      if (!Number.isFinite(v)) continue;
      if (!Number.isInteger(v)) return false;
      any = true;
    }
  }
  return any;
}

export class ChartJsChart {
  constructor(canvas, type, spec, { colours = pageColours(), size, scale } = {}) {
    this.spec = spec;
    this.colours = colours;
    this.series = [];
    this.hidden = new Set();
    if (size) { canvas.width = size.width; canvas.height = size.height; }
    const axis = (key, label, type) => ({
      type: type === 'index' ? 'linear' : type, title: { display: true, text: label },
      // Chart.js prints raw floats on log axes (0.1000000000000000): format every tick.
      ticks: { maxTicksLimit: key === 'x' ? 10 : 8, callback: (v) => fmt(Number(v)) },
    });
    this.chart = new Chart(canvas, {
      type,
      data: { datasets: [] },
      options: {
        animation: false, responsive: !size, maintainAspectRatio: false, parsing: false, normalized: true,
        devicePixelRatio: scale,
        interaction: { mode: 'nearest', intersect: false },
        scales: this.axes({ x: axis('x', spec.xLabel, spec.xType ?? 'linear'), y: axis('y', spec.yLabel, spec.yType ?? 'linear') }),
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: (${fmt(c.parsed.x)}, ${fmt(c.parsed.y)})` } },
        },
      },
    });
    this.style();
  }

  /** Axis options beyond the common ones; a subclass may override. */
  axes(scales) {
    const { x, y } = scales;
    // An axis of categories (layer k, unit j): whole-number ticks only, half a step of
    // room at both ends so the end points are not cut, no connecting lines (see line.js).
    if (this.spec.xType === 'index') {
      x.afterBuildTicks = (a) => {
        const lo = Math.ceil(a.min), hi = Math.floor(a.max), step = Math.max(1, Math.ceil((hi - lo + 1) / 12));
        a.ticks = [];
        for (let v = lo; v <= hi; v += step) a.ticks.push({ value: v });
      };
    } else {
      x.ticks.includeBounds = false;   // the axis ends where the data end (see fitX), ticks stay round
    }
    Object.assign(y, { min: this.spec.yMin, max: this.spec.yMax });
    return scales;
  }

  /** Applies this.colours to the axes. */
  style() {
    const { text, grid, border } = this.colours;
    for (const a of Object.values(this.chart.options.scales)) {
      a.title.color = text;
      a.ticks.color = text;
      a.grid = { ...a.grid, color: grid };
      a.border = { ...a.border, color: border };
    }
  }

  update(series) {
    this.series = series ?? [];
    this.chart.data.datasets = this.datasets(this.series, this.colours);
    this.chart.data.datasets.forEach((d, i) => { d.hidden = this.hidden.has(i); });
    // Whole-number data on a linear axis get whole-number ticks (no "1.5 layers").
    const { x, y } = this.chart.options.scales;
    const shown = this.series.filter((_, i) => !this.hidden.has(i));
    if (x.type === 'linear') x.ticks.precision = allIntegers(shown.map((s) => s.x)) ? 0 : undefined;
    if (y.type === 'linear') y.ticks.precision = allIntegers(shown.map((s) => s.y)) ? 0 : undefined;
    this.fitX(x, this.series.map((s) => s.x));
    this.chart.update('none');
  }

  /** Sets the x axis's ends: the data's (an index axis: half a step beyond them). */
  fitX(x, xs) {
    const range = extent(xs, x.type === 'logarithmic');
    const pad = this.spec.xType === 'index' ? 0.5 : 0;
    x.min = range ? range[0] - pad : undefined;
    x.max = range && range[1] > range[0] ? range[1] + pad : undefined;
  }

  /** New theme colours (the system switched between light and dark): redraw in them. */
  restyle(colours) {
    this.colours = colours;
    this.style();
    this.update(this.series);
  }

  /** Shows or hides the series at `indices` (the legend's buttons). */
  setHidden(indices, hidden) {
    for (const i of indices) { if (hidden) this.hidden.add(i); else this.hidden.delete(i); }
    this.update(this.series);
  }

  destroy() { this.chart.destroy(); }
}
