// What the hand-drawn charts (heatmap, matrix) share: LineChart's narrow API
// (update, toPNG, destroy), redrawing on resize, and a canvas sized to its box
// at the device's pixel ratio. A subclass implements paint(ctx, width, height)
// in CSS pixels.

export class CanvasChart {
  constructor(canvas, spec) {
    this.canvas = canvas;
    this.spec = spec;
    this.series = [];
    this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.draw()) : null;
    this.observer?.observe(canvas.parentElement ?? canvas);
  }

  update(series) {
    this.series = series ?? [];
    this.draw();
  }

  toPNG() { return this.canvas.toDataURL('image/png'); }

  destroy() { this.observer?.disconnect(); this.series = []; }

  draw() {
    const canvas = this.canvas, box = canvas.parentElement ?? canvas;
    const dpr = globalThis.devicePixelRatio || 1;
    const W = Math.max(200, box.clientWidth || 480), H = Math.max(160, box.clientHeight || 380);
    canvas.style.width = `${W}px`;
    canvas.style.height = `${H}px`;
    if (canvas.width !== Math.round(W * dpr) || canvas.height !== Math.round(H * dpr)) {
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(H * dpr);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    this.paint(ctx, W, H);
  }
}
