// A bar chart (histograms) with the same narrow API as LineChart:
//   new BarChart(canvas, { xLabel, yLabel, xType, yType, yMin, yMax }), update(series), toPNG(), destroy().
// series: [{ label, x (bar centres), y (heights), colorIndex | color }]; a series
// with `line: true` is drawn as a line over the bars (e.g. a theory curve).
import { seriesColor, cssVar } from './theme.js';
import { fmt } from '../format.js';


export class BarChart {
  constructor(canvas, { xLabel, yLabel, yType = 'linear', yMin, yMax } = {}) {
    const text = cssVar('--text-muted', '#555'), grid = cssVar('--grid', '#e3e3e3');
    const axis = (label, type, extra = {}) => ({
      type, title: { display: true, text: label, color: text }, ticks: { color: text, maxTicksLimit: 10 },
      grid: { color: grid }, ...extra,
    });
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: { datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: axis(xLabel, 'linear', { offset: false }), y: axis(yLabel, yType, { min: yMin ?? 0, max: yMax, beginAtZero: true }) },
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
      const data = Array.from({ length: s.x.length }, (_, j) => ({ x: s.x[j], y: s.y[j] }));
      return s.line
        ? { type: 'line', label: s.label, data, borderColor: color, backgroundColor: color, borderWidth: s.width ?? 2,
          borderDash: s.dash ? [6, 4] : [], pointRadius: 0, tension: 0 }
        : { type: 'bar', label: s.label, data, borderColor: color, backgroundColor: `${color}b0`, borderWidth: 1,
          barPercentage: 1, categoryPercentage: 0.9, grouped: s.grouped ?? true };
    });
    this.chart.update('none');
  }

  /** PNG data URL of the chart as drawn. */
  toPNG() { return this.chart.toBase64Image('image/png', 1); }

  destroy() { this.chart.destroy(); }
}
