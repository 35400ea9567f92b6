// A bar chart (histograms) on Chart.js, with LineChart's API (see chartjs.js).
// series: [{ label, x (bar centres), y (heights), colorIndex | color }]; a series
// with `line: true` is drawn as a line over the bars (e.g. a theory curve).
import { ChartJsChart } from './chartjs.js';
import { DASHES, dashName, seriesColor } from './theme.js';

export class BarChart extends ChartJsChart {
  constructor(canvas, spec = {}, options) { super(canvas, 'bar', spec, options); }

  axes(scales) {
    super.axes(scales);
    // Bars are centred on their x: the axis ends at round tick values, which leaves room for the end bars.
    Object.assign(scales.x, { offset: false });
    scales.x.ticks.includeBounds = true;
    Object.assign(scales.y, { min: this.spec.yMin ?? 0, beginAtZero: true });
    return scales;
  }

  fitX() {}

  datasets(series, colours) {
    return series.map((s, i) => {
      const color = seriesColor(s, i, colours);
      const data = Array.from({ length: s.x.length }, (_, j) => ({ x: s.x[j], y: s.y[j] }));
      return s.line
        ? { type: 'line', label: s.label, data, borderColor: color, backgroundColor: color, borderWidth: s.width ?? 2,
          borderDash: DASHES[dashName(s)], pointRadius: 0, tension: 0 }
        : { type: 'bar', label: s.label, data, borderColor: color, backgroundColor: `${color}b0`, borderWidth: 1,
          barPercentage: 1, categoryPercentage: 0.9, grouped: s.grouped ?? true };
    });
  }
}
