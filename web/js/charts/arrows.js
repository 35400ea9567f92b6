// Chart.js plugin: the arrows of a line series marked `arrows` (line.js), whose points
// come in pairs, tail then head: a quiver plot of a flow field. Drawn here rather than
// as a Chart.js line, which expects its points in order of x (the page's charts say
// their data are normalized); the heads are drawn in pixels, so they keep their shape
// whatever the axes' scales.
const HEAD = 5, SPREAD = 0.45;   // head length (px) and half-angle (rad)

export const arrows = {
  id: 'depthlabArrows',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea: area, scales: { x, y } } = chart;
    chart.data.datasets.forEach((d, i) => {
      if (!d.arrows || !chart.isDatasetVisible(i)) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      ctx.strokeStyle = d.borderColor;
      ctx.lineWidth = d.borderWidth;
      ctx.beginPath();
      for (let j = 1; j < d.data.length; j += 2) {
        const x0 = x.getPixelForValue(d.data[j - 1].x), y0 = y.getPixelForValue(d.data[j - 1].y);
        const x1 = x.getPixelForValue(d.data[j].x), y1 = y.getPixelForValue(d.data[j].y);
        const len = Math.hypot(x1 - x0, y1 - y0);
        if (!(len > 0)) continue;
        const a = Math.atan2(y1 - y0, x1 - x0), h = Math.min(HEAD, 0.5 * len);
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
        ctx.moveTo(x1 - h * Math.cos(a - SPREAD), y1 - h * Math.sin(a - SPREAD));
        ctx.lineTo(x1, y1);
        ctx.lineTo(x1 - h * Math.cos(a + SPREAD), y1 - h * Math.sin(a + SPREAD));
      }
      ctx.stroke();
      ctx.restore();
    });
  },
};
