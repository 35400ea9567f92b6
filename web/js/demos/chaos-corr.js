// Transient chaos, view (b): the correlation map c -> C(c)/q* for several sw at one
// sb (Poole et al. 2016, Fig. 2: sw = 1.3, 2.5, 4.0 at sb = 0.3), its stable fixed point
// c* and how fast pairs of inputs decorrelate or merge with depth. Where lengths grow
// without bound (no finite q*) the map is drawn at the largest length the engine
// takes, where the bias hardly matters any more.
import { fmt } from '../format.js';
import { phiParam, phase, unboundedPhi, sbParam } from './common/chaos.js';

const NC = 41;
const Q_UNBOUNDED = 1000;   // the engine's largest q (README, Limits)

/** The curves by regime: 'ordered', 'chaotic' (finite q*) or 'unbounded' (q* = ∞). */
const regime = (cv) => (cv.fp.qStar === Infinity ? 'unbounded' : cv.fp.chi1 < 1 ? 'ordered' : 'chaotic');

/**
 * A claim about the curves in one regime: holds when there is at least one and
 * `ok` holds for each; the detail lists them.
 */
/** The drawn curves (those with a map) in regime `which`. */
const inRegime = (d, which) => d.curves.filter((cv) => cv.map && regime(cv) === which);
const hasRegime = (d, which) => inRegime(d, which).length > 0;

function regimeCheck(d, which, ok, describe) {
  const cs = inRegime(d, which);
  if (!cs.length) return { holds: false, detail: `no curve is ${which} here` };
  return { holds: cs.every(ok), detail: cs.map(describe).join('; ') };
}

/** A depth path as text: where it starts and ends. */
const fromTo = (p) => `${fmt(p[0])} → ${fmt(p[p.length - 1])}`;

export default {
  id: 'chaos-corr',
  area: 'chaos',
  title: 'Correlation map and c*',
  refs: ['poole2016', 'schoenholz2017'],
  live: true,
  params: [
    phiParam,
    sbParam(),
    { key: 'sw1', label: 'σw, curve 1', help: 'σw of the first network (first curve).', type: 'real', min: 0.1, max: 6, step: 0.05, def: 1.3 },
    { key: 'sw2', label: 'σw, curve 2', help: 'σw of the second network (second curve).', type: 'real', min: 0.1, max: 6, step: 0.05, def: 2.5 },
    { key: 'sw3', label: 'σw, curve 3', help: 'σw of the third network (third curve).', type: 'real', min: 0.1, max: 6, step: 0.05, def: 4 },
    { key: 'c0', label: 'Input correlation c¹, first (depth chart)', help: 'How alike the first pair of inputs is when it enters the network (1: identical), for the chart against depth.', type: 'real', min: -1, max: 1, step: 0.01, def: 0.8 },
    { key: 'c0b', label: 'Input correlation c¹, second', help: 'How alike the second pair of inputs is when it enters the network.', type: 'real', min: -1, max: 1, step: 0.01, def: 0.5 },
    { key: 'c0c', label: 'Input correlation c¹, third', help: 'How alike the third pair of inputs is when it enters the network.', type: 'real', min: -1, max: 1, step: 0.01, def: 0.2 },
    { key: 'layers', label: 'Layers (depth chart)', help: 'How many layers the chart against depth follows the pairs through.', type: 'int', min: 2, max: 200, step: 1, def: 31 },
  ],
  charts: [
    { id: 'map', title: 'Correlation map cˡ = C(cˡ⁻¹) / q* at the length fixed point', xLabel: 'cˡ⁻¹', yLabel: 'cˡ', yMin: 0, yMax: 1 },
    { id: 'depth', title: 'Correlation cˡ of two inputs against depth', xLabel: 'layer l', yLabel: 'cˡ', yMin: -1, yMax: 1 },
  ],
  equation: `
    <p><span class="math">q<sub>12</sub><sup>l</sup> = σ<sub>w</sub><sup>2</sup> ∫Dz<sub>1</sub>Dz<sub>2</sub> φ(u<sub>1</sub>) φ(u<sub>2</sub>) + σ<sub>b</sub><sup>2</sup></span>,
       &nbsp; <span class="math">u<sub>1</sub> = √q* z<sub>1</sub>, u<sub>2</sub> = √q* (c z<sub>1</sub> + √(1−c²) z<sub>2</sub>)</span>,
       &nbsp; <span class="math">cˡ = q<sub>12</sub><sup>l</sup> / q*</span></p>
    <p><span class="math">χ<sub>1</sub> = ∂cˡ/∂cˡ⁻¹ |<sub>c=1</sub> = σ<sub>w</sub><sup>2</sup> ∫Dz φ′(√q* z)<sup>2</sup></span>;
       &nbsp; <span class="math">ξ<sub>c</sub> = −1 / ln(slope at c*)</span></p>`,
  lookFor: `Each curve maps the correlation of two inputs at one layer to the next; where it crosses the
    diagonal, correlations stop changing. Watch the slope at c = 1 (that is χ₁) and the depth chart. Try σb = 0,
    and ReLU with σw beyond √2.`,
  claims: [
    {
      text: 'Where χ₁ < 1, c = 1 attracts: two inputs become ever more alike until they are indistinguishable (ordered).',
      applies: (d) => hasRegime(d, 'ordered'),
      check: (d) => regimeCheck(d, 'ordered', (cv) => cv.fp.cStar === 1 && cv.paths.every((p) => p[p.length - 1] > Math.min(p[0], 0.999)),
        (cv) => `σw = ${fmt(cv.sw)}: c ${cv.paths.map(fromTo).join(', ')}`),
    },
    {
      text: 'Where χ₁ > 1 (with finite q*), c = 1 repels: the map crosses the diagonal again at c* < 1, and every pair of inputs is driven towards c* (chaotic); well inside that phase (χ₁ > 1.2) more than halfway there by the last layer shown.',
      applies: (d) => hasRegime(d, 'chaotic'),
      check: (d) => regimeCheck(d, 'chaotic',
        (cv) => cv.fp.cStar < 1 && (cv.fp.chi1 <= 1.2 || cv.paths.every((p) => Math.abs(p[p.length - 1] - cv.fp.cStar) <= 0.5 * Math.abs(p[0] - cv.fp.cStar) + 1e-9)),
        (cv) => `σw = ${fmt(cv.sw)}: c* = ${fmt(cv.fp.cStar)}, c ${cv.paths.map(fromTo).join(', ')}`),
    },
    {
      text: 'In the chaotic phase, larger σw gives a smaller c*.',
      applies: (d) => new Set(inRegime(d, 'chaotic').map((cv) => cv.sw)).size >= 2 && inRegime(d, 'chaotic').some((cv) => cv.fp.cStar > 0),
      check: (d) => {
        const ch = inRegime(d, 'chaotic').sort((a, b) => a.sw - b.sw);
        const holds = ch.length >= 2 && ch.every((cv, i) => i === 0 || cv.sw === ch[i - 1].sw || cv.fp.cStar < ch[i - 1].fp.cStar);
        return { holds, detail: ch.length < 2 ? 'fewer than two chaotic curves' : ch.map((cv) => `c* = ${fmt(cv.fp.cStar)} at σw = ${fmt(cv.sw)}`).join(', ') };
      },
    },
    {
      text: 'At σb = 0 the chaotic c* is exactly 0: inputs end up uncorrelated.',
      when: (v) => v.sb === 0,
      at: { sb: 0 },
      check: (d) => regimeCheck(d, 'chaotic', (cv) => cv.fp.cStar === 0, (cv) => `σw = ${fmt(cv.sw)}: c* = ${fmt(cv.fp.cStar)}`),
    },
    {
      text: 'Unbounded length is not chaos: where q* = ∞ (ReLU beyond σw = √2, linear beyond 1) correlations do not fall to a c* < 1. ReLU pulls every pair towards c = 1; linear keeps c as it is.',
      when: unboundedPhi,
      at: { phi: 'relu' },
      check: (d, v) => regimeCheck(d, 'unbounded', (cv) => cv.paths.every((p) => {
        const from = p[0], to = p[p.length - 1];
        return v.phi === 'relu' ? to > from || from === 1 : Math.abs(to - from) < 0.01;
      }), (cv) => `σw = ${fmt(cv.sw)}: c ${cv.paths.map(fromTo).join(', ')}`),
    },
  ],

  async compute(call, v) {
    const c = Array.from({ length: NC }, (_, i) => i / (NC - 1));
    const curves = [];
    for (const sw of [v.sw1, v.sw2, v.sw3]) {
      const base = { phi: v.phi, sw, sb: v.sb };
      const fp = await call('chaos.fixedPoint', base);
      const curve = { sw, fp };
      const q = fp.qStar === Infinity ? Q_UNBOUNDED : fp.qStar;
      if (Number.isFinite(q) && q > 0) {
        curve.map = (await call('chaos.correlationMap', { ...base, q11: q, c })).c;
        const it = await call('chaos.correlationIterates', { ...base, q1: q, layers: v.layers, c: [v.c0, v.c0b, v.c0c] });
        curve.paths = [0, 1, 2].map((i) => Float64Array.from(it.c, (row) => row[i]));
      }
      curves.push(curve);
    }
    return { c: Float64Array.from(c), curves, layers: v.layers };
  },

  draw(d) {
    const map = [{ label: 'diagonal', x: [0, 1], y: [0, 1], color: '#888', dash: true, width: 1 }];
    const depth = [];
    const layers = Float64Array.from({ length: d.layers }, (_, l) => l + 1);
    d.curves.forEach((cv, i) => {
      if (!cv.map) return;
      const label = `σw = ${fmt(cv.sw)}${regime(cv) === 'unbounded' ? ` (q* = ∞: at q = ${Q_UNBOUNDED})` : ''}`;
      map.push({ label, x: d.c, y: cv.map, colorIndex: i });
      cv.paths.forEach((path, k) => depth.push({ label: `${k ? '_' : ''}${label}`, x: layers, y: path, colorIndex: i }));
      if (regime(cv) === 'unbounded') return;
      map.push({ label: `_c* ${i}`, x: [cv.fp.cStar], y: [cv.fp.cStar], colorIndex: i, points: true });
      depth.push({ label: `_c* line ${i}`, x: [1, d.layers], y: [cv.fp.cStar, cv.fp.cStar], colorIndex: i, dash: true, width: 1 });
    });
    return { map, depth };
  },

  readout(d) {
    return d.curves.map((cv) => [`σw = ${fmt(cv.sw)}`, !cv.map
      ? `q* = ${fmt(cv.fp.qStar)}: no map to draw (χ₁ = ${fmt(cv.fp.chi1)})`
      : regime(cv) === 'unbounded'
        ? `χ₁ = ${fmt(cv.fp.chi1)}: ${phase(cv.fp.chi1, cv.fp.qStar)}; map drawn at q = ${Q_UNBOUNDED}`
        : `χ₁ = ${fmt(cv.fp.chi1)}, c* = ${fmt(cv.fp.cStar)}, ξ_c = ${fmt(cv.fp.xiC)}: ${phase(cv.fp.chi1, cv.fp.qStar)}`]);
  },
};
