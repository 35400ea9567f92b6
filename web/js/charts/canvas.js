// What the hand-drawn charts (heatmap, matrix) share: LineChart's narrow API
// (update, restyle, destroy; see chartjs.js), and a canvas sized to its box at
// the device's pixel ratio, redrawn when the box changes size (window resize,
// phone rotation) or the theme changes colours. A subclass implements
// paint(ctx, width, height) in CSS pixels with this.colours.
//
//   new Kind(canvas, spec, { colours, size: { width, height }, scale })
//     size fixes the CSS size (exports) instead of following the canvas's box.
import { pageColours } from './theme.js';

export class CanvasChart {
  constructor(canvas, spec, { colours = pageColours(), size, scale } = {}) {
    this.canvas = canvas;
    this.spec = spec;
    this.colours = colours;
    this.size = size;
    this.scale = scale;
    this.series = [];
    this.observer = !size && typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.draw()) : null;
    this.observer?.observe(canvas.parentElement ?? canvas);
  }

  update(series) {
    this.series = series ?? [];
    this.draw();
  }

  restyle(colours) {
    this.colours = colours;
    this.draw();
  }

  destroy() { this.observer?.disconnect(); this.series = []; }

  draw() {
    const canvas = this.canvas, box = canvas.parentElement;
    const dpr = this.scale ?? (globalThis.devicePixelRatio || 1);
    const W = this.size?.width ?? Math.max(200, box?.clientWidth || 480);
    const H = this.size?.height ?? Math.max(160, box?.clientHeight || 380);
    if (!this.size) {
      canvas.style.width = `${W}px`;
      canvas.style.height = `${H}px`;
    }
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
