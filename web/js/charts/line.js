// Line chart: a thin wrapper over Chart.js (vendored UMD build, global `Chart`)
// with a narrow API; colours from theme.js.
import { cssVar, seriesColor } from './theme.js';
import { fmt } from '../format.js';

/**
 * A line chart of {x, y} series.
 * series: [{ label, x, y, color, dash = false, points = false, width = 2, marker = 'circle', radius }]
 * (marker: a Chart.js point style for `points` series, e.g. 'crossRot', 'triangle'; radius in px)
 */
export class LineChart {
  constructor(canvas, { xLabel, yLabel, xType = 'linear', yType = 'linear', yMin, yMax } = {}) {
    const text = cssVar('--text-muted', '#555'), grid = cssVar('--grid', '#e3e3e3');
    const axis = (label, type, extra = {}) => ({
      type, title: { display: true, text: label, color: text },
      // Chart.js prints raw floats on log axes (0.1000000000000000): format every tick.
      ticks: { color: text, maxTicksLimit: 8, callback: (v) => fmt(Number(v)) },
      grid: { color: grid }, ...extra,
    });
    this.logX = xType === 'logarithmic';
    this.logY = yType === 'logarithmic';
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: axis(xLabel, xType), y: axis(yLabel, yType, { min: yMin, max: yMax }) },
        plugins: {
          legend: { labels: { color: text, boxWidth: 18, filter: (item) => !item.text.startsWith('_') } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: (${fmt(c.parsed.x)}, ${fmt(c.parsed.y)})` } },
        },
      },
    });
  }

  update(series) {
    this.chart.data.datasets = series.map((s, i) => {
      const color = seriesColor(s, i);
      // A log axis cannot place values <= 0 (a loss that reached exactly 0): leave them
      // out, or Chart.js would clip the axis at a tenth of the largest value.
      const data = [];
      for (let j = 0; j < s.x.length; j++) {
        if ((this.logX && !(s.x[j] > 0)) || (this.logY && !(s.y[j] > 0))) continue;
        data.push({ x: s.x[j], y: s.y[j] });
      }
      return {
        label: s.label, data, borderColor: color, backgroundColor: color,
        // Markers other than dots are drawn by their outline.
        borderWidth: s.points ? (s.marker ? 2 : 0) : (s.width ?? 2), borderDash: s.dash ? [6, 4] : [],
        pointRadius: s.points ? (s.radius ?? (s.marker ? 6 : 3)) : 0, pointStyle: s.marker ?? 'circle', showLine: !s.points, tension: 0,
      };
    });
    this.chart.update('none');
  }

  /** PNG data URL of the chart as drawn. */
  toPNG() { return this.chart.toBase64Image('image/png', 1); }

  destroy() { this.chart.destroy(); }
}
