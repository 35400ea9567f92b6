// Line chart of {x, y} series on Chart.js (see chartjs.js for the shared API).
//   series: [{ label, x, y, colorIndex | color, dash = false | 'dash' | 'dot' | 'dashdot',
//              points = false, width = 2, marker, radius, arrows }]  (marker: a Chart.js point style for
//              a `points` series, e.g. 'crossRot', 'triangle'; radius in px; arrows: the points
//              come in pairs, tail and head, each drawn as an arrow by arrows.js)
// `points` series are dots, others lines. On an index axis (spec.xType 'index':
// layers, units, modes) nothing is joined by lines: a line series is drawn as a
// short level mark at each x.
import { ChartJsChart } from './chartjs.js';
import { arrows } from './arrows.js';
import { DASHES, dashName, seriesColor } from './theme.js';

export class LineChart extends ChartJsChart {
  constructor(canvas, spec = {}, options) {
    Chart.register(arrows);   // once is enough; registering again replaces it by its id
    super(canvas, 'line', spec, options);
  }

  datasets(series, colours) {
    const logX = this.spec.xType === 'logarithmic', logY = this.spec.yType === 'logarithmic';
    const index = this.spec.xType === 'index';
    return series.map((s, i) => {
      const color = seriesColor(s, i, colours);
      // A log axis cannot place values <= 0 (a loss that reached exactly 0): leave them
      // out, or Chart.js would clip the axis at a tenth of the largest value.
      const data = [];
      for (let j = 0; j < s.x.length; j++) {
        if ((logX && !(s.x[j] > 0)) || (logY && !(s.y[j] > 0))) continue;
        data.push({ x: s.x[j], y: s.y[j] });
      }
      // Thinner lines draw over thicker ones and dots over lines (Chart.js draws low `order` last),
      // so nested widths (a thick line under a thin one) all stay visible.
      const common = { label: s.label, data, borderColor: color, backgroundColor: color, tension: 0, order: s.points ? 0 : (s.width ?? 2) };
      // Markers other than dots (e.g. 'crossRot', 'triangle') are drawn by their outline.
      if (s.points) {
        // A dot on the axis's last value (axes end at the data) is drawn whole, past the plot's edge.
        const radius = s.radius ?? (s.marker ? 6 : 3);
        return { ...common, borderWidth: s.marker ? 2 : 0, pointRadius: radius, pointStyle: s.marker ?? 'circle', showLine: false, clip: radius + 2 };
      }
      // Arrows are drawn by their plugin (arrows.js), not as a Chart.js line: its points are tail-head pairs.
      if (s.arrows) return { ...common, borderWidth: s.width ?? 1, pointRadius: 0, pointHoverRadius: 0, showLine: false, arrows: true };
      if (index) return { ...common, showLine: false, pointStyle: 'line', pointRadius: 9, pointBorderWidth: s.width ?? 2, pointHoverRadius: 10 };
      return { ...common, borderWidth: s.width ?? 2, borderDash: DASHES[dashName(s)], pointRadius: 0, showLine: true };
    });
  }
}
