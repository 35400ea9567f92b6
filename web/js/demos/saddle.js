// Deep linear dynamics: the saddle behind the plateau (Saxe et al. 2014). The
// smallest deep network, y = w2 w1 x, in the plane of its two weights: the flow
// field, the saddle at 0, the hyperbola of minima, and gradient-descent paths
// (engine: deepLinear.saddlePaths) set against the exact mode solution.
import { fmt } from '../format.js';
import { pow } from '../engine/dmath.js';

const RATIOS = [1, 0.1, 0.01];          // balanced starts at r0, r0/10, r0/100 on the diagonal
const TILTED = [20, -40, 120];          // starts at r0 off the diagonal, angle in degrees from the w1 axis
const DEG = 0.017453292519943295;      // pi / 180

/** The starts: three balanced ones (w1 = w2), then the tilted ones; each with its name. */
function starts(r0) {
  // Angles are fixed multiples of a degree: their sines and cosines are exact table values.
  const trig = { 20: [0.9396926207859084, 0.3420201433256687], [-40]: [0.766044443118978, -0.6427876096865393], 120: [-0.5, 0.8660254037844386] };
  const list = RATIOS.map((k) => ({ w: [r0 * k * Math.SQRT1_2, r0 * k * Math.SQRT1_2], balanced: true,
    name: k === 1 ? 'balanced, r₀' : `balanced, r₀/${Math.round(1 / k)}` }));
  for (const deg of TILTED) list.push({ w: [r0 * trig[deg][0], r0 * trig[deg][1]], balanced: false, name: `start at ${deg}°` });
  return list;
}

/** Time at which w2 w1 first reaches `level` (linear between records), or NaN. */
function reachTime(t, w1, w2, level) {
  for (let i = 1; i < t.length; i++) {
    const a = w1[i - 1] * w2[i - 1], b = w1[i] * w2[i];
    if (b >= level && a < level) return t[i - 1] + ((level - a) / (b - a)) * (t[i] - t[i - 1]);
    if (i === 1 && a >= level) return 0;
  }
  return NaN;
}

const hyp = (x, y) => Math.sqrt(x * x + y * y);   // (Math.hypot is not required to round the same everywhere)

export default {
  id: 'saddle',
  area: 'deep-linear',
  title: 'The saddle behind the plateau',
  refs: ['saxe2014'],
  related: ['modes'],
  live: true,
  params: [
    { key: 's', label: 'Target s', help: 'What the network y = w₂w₁x must learn: the input–output correlation (with the input whitened), i.e. the singular value of its one mode.', type: 'real', min: 0.5, max: 4, step: 0.1, def: 1 },
    { key: 'r0', label: 'Start distance r₀ from the saddle', help: 'How far from w = 0 the paths start: the balanced paths start at r₀, r₀/10 and r₀/100, the tilted ones at r₀.', type: 'real', min: 1e-4, max: 1, def: 0.3, scale: 'log' },
    { key: 'lr', label: 'Learning rate', type: 'real', min: 0.001, max: 0.05, step: 0.001, def: 0.01 },
    { key: 'tmax', label: 'Time shown (τ)', help: 'How much training time the paths cover, in units of τ (steps = time / learning rate).', type: 'real', min: 2, max: 40, step: 0.5, def: 10 },
  ],
  charts: [
    { id: 'plane', title: 'Weight plane: flow and gradient-descent paths', xLabel: 'w₁ (input → hidden)', yLabel: 'w₂ (hidden → output)' },
    { id: 'product', title: 'Input–output map w₂w₁ over training', xLabel: 'time t / τ', yLabel: 'w₂w₁' },
  ],
  equation: `
    <p><span class="math">y = w<sub>2</sub> w<sub>1</sub> x</span>, &nbsp; loss <span class="math">½ (s − w<sub>2</sub>w<sub>1</sub>)<sup>2</sup></span></p>
    <p><span class="math">τ <span class="frac"><span>dw<sub>1</sub></span><span>dt</span></span> = w<sub>2</sub> (s − w<sub>2</sub>w<sub>1</sub>)</span>, &nbsp;
       <span class="math">τ <span class="frac"><span>dw<sub>2</sub></span><span>dt</span></span> = w<sub>1</sub> (s − w<sub>2</sub>w<sub>1</sub>)</span></p>
    <p>Saddle at <span class="math">w = 0</span>; minima on the hyperbola <span class="math">w<sub>2</sub>w<sub>1</sub> = s</span>;
       <span class="math">w<sub>1</sub><sup>2</sup> − w<sub>2</sub><sup>2</sup></span> is conserved. Balanced starts
       (<span class="math">w<sub>1</sub> = w<sub>2</sub></span>) follow the mode solution with <span class="math">a = w<sub>2</sub>w<sub>1</sub></span>, <span class="math">D = 2</span>.</p>`,
  lookFor: `The arrows show which way gradient descent moves the two weights. Follow a path from near the centre:
    it creeps away from the saddle, then runs to the hyperbola of minima. Compare the three balanced paths in the lower
    chart, then shrink r₀ or raise s.`,
  claims: [
    {
      text: 'Each tenfold step closer to the saddle adds the same waiting time: the time to reach w₂w₁ = s/2 grows like ln(1/r₀).',
      check: ({ paths }) => {
        const [t1, t2, t3] = paths.slice(0, 3).map((p) => p.half);
        if (![t1, t2, t3].every(Number.isFinite)) return { holds: false, detail: 'a balanced path has not reached s/2 within the time shown' };
        const d1 = t2 - t1, d2 = t3 - t2;
        return { holds: Math.abs(d2 / d1 - 1) < 0.1, detail: `t½ = ${fmt(t1)}, ${fmt(t2)}, ${fmt(t3)} τ: steps of ${fmt(d1)} τ and ${fmt(d2)} τ` };
      },
    },
    {
      text: 'Balanced starts follow the exact mode solution of the mode-trajectory view: they reach w₂w₁ = s/2 at its time, to within 3 %.',
      // Gradient descent is the Euler step of the flow: its relative time error is about lr s.
      when: (v) => v.lr * v.s <= 0.02,
      check: ({ paths }) => {
        const bal = paths.filter((p) => p.exact);
        if (!bal.every((p) => Number.isFinite(p.half))) return { holds: false, detail: 'a balanced path has not reached s/2 within the time shown' };
        const worst = Math.max(...bal.map((p) => Math.abs(p.half / p.exactHalf - 1)));
        return { holds: worst < 0.03, detail: bal.map((p) => `${fmt(p.half)} τ (exact ${fmt(p.exactHalf)} τ)`).join(', ') };
      },
    },
    {
      text: 'Starts with w₂w₁ < 0 first move towards the saddle, then leave it along the diagonal to the minima.',
      check: ({ paths, s }) => {
        const off = paths.filter((p) => p.w1[0] * p.w2[0] < 0);
        const ok = off.every((p) => p.closest < p.r && p.w1.at(-1) * p.w2.at(-1) > 0.9 * s);
        return { holds: ok, detail: off.map((p) => `${p.name}: closest ${fmt(p.closest)} from ${fmt(p.r)}, ends at w₂w₁ = ${fmt(p.w1.at(-1) * p.w2.at(-1))}`).join('; ') };
      },
    },
  ],

  async compute(call, v) {
    const list = starts(v.r0);
    const steps = Math.max(1, Math.round(v.tmax / v.lr));
    // The arrows' grid stops short of the plane's edge (2 sqrt(s), where the hyperbola ends) by an arrow's length.
    const res = await call('deepLinear.saddlePaths', { s: v.s, starts: list.flatMap((p) => p.w), lr: v.lr, steps,
      every: Math.max(1, Math.floor(steps / 300)), half: 1.8 * Math.sqrt(v.s), grid: 15 });
    const paths = list.map((st, k) => {
      const { w1, w2 } = res.paths[k];
      let closest = Infinity;
      for (let i = 0; i < w1.length; i++) closest = Math.min(closest, hyp(w1[i], w2[i]));
      return { name: st.name, w1, w2, r: hyp(st.w[0], st.w[1]), closest, half: reachTime(res.t, w1, w2, v.s / 2) };
    });
    // The exact solution for the balanced starts (a0 = w1 w2 at the start).
    for (const p of paths.filter((_, k) => list[k].balanced)) {
      p.exact = await call('deepLinear.modeTrajectory', { depth: 2, s: v.s, a0: p.w1[0] * p.w2[0], t: res.t });
      p.exactHalf = await call('deepLinear.halfTime', { depth: 2, s: v.s, a0: p.w1[0] * p.w2[0] });
    }
    return { t: res.t, s: v.s, paths, field: res.field };
  },

  draw({ t, s, paths, field }) {
    // Arrows of one length (the direction of the flow), none where it vanishes.
    const n = Math.round(Math.sqrt(field.w1.length)), half = -field.w1[0], len = (0.7 * 2 * half) / (n - 1);
    const ax = [], ay = [];
    for (let i = 0; i < field.w1.length; i++) {
      const g = hyp(field.dw1[i], field.dw2[i]);
      if (!(g > 0)) continue;
      ax.push(field.w1[i], field.w1[i] + (len * field.dw1[i]) / g);
      ay.push(field.w2[i], field.w2[i] + (len * field.dw2[i]) / g);
    }
    // The hyperbola w2 = s / w1 inside the square, both branches.
    const m = 120, edge = 2 * Math.sqrt(s), lo = s / edge;
    const hx = Array.from({ length: m + 1 }, (_, i) => lo * pow(edge / lo, i / m)), hy = hx.map((x) => s / x);
    const plane = [
      { label: 'flow direction', x: ax, y: ay, color: '#8a8f98', width: 1, arrows: true },
      { label: 'minima w₂w₁ = s', x: hx, y: hy, colorIndex: 6, dash: true, width: 2 },
      { label: '_minima, other branch', x: hx.map((x) => -x), y: hy.map((y) => -y), colorIndex: 6, dash: true, width: 2 },
      { label: 'saddle', x: [0], y: [0], colorIndex: 6, points: true, marker: 'crossRot' },
    ];
    const product = [];
    paths.forEach((p, k) => {
      plane.push({ label: p.name, x: p.w1, y: p.w2, colorIndex: k });
      plane.push({ label: `_${p.name} start`, x: [p.w1[0]], y: [p.w2[0]], colorIndex: k, points: true });
      // The loss is even in w: each path's mirror image -w is a path too.
      plane.push({ label: `_${p.name} mirrored`, x: p.w1.map((x) => -x), y: p.w2.map((y) => -y), colorIndex: k });
      product.push({ label: p.name, x: t, y: p.w1.map((x, i) => x * p.w2[i]), colorIndex: k });
    });
    paths.filter((p) => p.exact).forEach((p, k) => product.push({ label: k ? `_exact ${k}` : 'exact mode solution', x: t, y: p.exact, colorIndex: 6, dash: 'dot', width: 1.5 }));
    return { plane, product };
  },

  readout({ paths }) {
    return paths.map((p) => [`${p.name}: time to reach w₂w₁ = s/2`, Number.isFinite(p.half) ? `${fmt(p.half)} τ` : 'not within the time shown']);
  },
};
