// Transient chaos, view (b): the correlation map c -> C(c)/q* for several sw at one
// sb (by default Poole et al. 2016's sw = 1.3, 2.5, 4.0 at sb = 0.3), its stable fixed point
// c* and how fast pairs of inputs decorrelate or merge with depth. Where lengths grow
// without bound (no finite q*) the map is drawn at the largest length the engine
// takes, where the bias hardly matters any more.
import { fmt } from '../format.js';
import { phiParam, phase, unboundedPhi } from './common/chaos.js';

const NC = 41;
const LAYERS = 20;
const Q_UNBOUNDED = 1000;   // the engine's largest q (README, Limits)

/** The curves by regime: 'ordered', 'chaotic' (finite q*) or 'unbounded' (q* = ∞). */
const regime = (cv) => (cv.fp.qStar === Infinity ? 'unbounded' : cv.fp.chi1 < 1 ? 'ordered' : 'chaotic');

/**
 * A claim about the curves in one regime: holds when there is at least one and
 * `ok` holds for each; the detail lists them.
 */
function regimeCheck(d, which, ok, describe) {
  const cs = d.curves.filter((cv) => cv.map && regime(cv) === which);
  if (!cs.length) return { holds: false, detail: `no curve is ${which} here` };
  return { holds: cs.every(ok), detail: cs.map(describe).join('; ') };
}

export default {
  id: 'chaos-corr',
  area: 'chaos',
  title: 'Correlation map and c*',
  live: true,
  params: [
    phiParam,
    { key: 'sb', label: 'Bias scale σb', type: 'real', min: 0, max: 2, step: 0.05, def: 0.3 },
    { key: 'sw1', label: 'σw, curve 1', type: 'real', min: 0.1, max: 6, step: 0.05, def: 1.3 },
    { key: 'sw2', label: 'σw, curve 2', type: 'real', min: 0.1, max: 6, step: 0.05, def: 2.5 },
    { key: 'sw3', label: 'σw, curve 3', type: 'real', min: 0.1, max: 6, step: 0.05, def: 4 },
    { key: 'c0', label: 'Input correlation c¹ (depth chart)', type: 'real', min: -1, max: 1, step: 0.01, def: 0.99 },
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
      check: (d) => regimeCheck(d, 'ordered', (cv) => cv.fp.cStar === 1 && cv.path[LAYERS - 1] > Math.min(cv.path[0], 0.999),
        (cv) => `σw = ${fmt(cv.sw)}: c → ${fmt(cv.path[LAYERS - 1])}`),
    },
    {
      text: 'Where χ₁ > 1 (with finite q*), c = 1 repels: the map crosses the diagonal again at c* < 1, and two inputs are driven apart towards c*, more than halfway there within 20 layers (chaotic).',
      check: (d) => regimeCheck(d, 'chaotic', (cv) => cv.fp.cStar < 1 && Math.abs(cv.path[LAYERS - 1] - cv.fp.cStar) < 0.5 * Math.abs(cv.path[0] - cv.fp.cStar),
        (cv) => `σw = ${fmt(cv.sw)}: c* = ${fmt(cv.fp.cStar)}, c from ${fmt(cv.path[0])} to ${fmt(cv.path[LAYERS - 1])}`),
    },
    {
      text: 'In the chaotic phase, larger σw gives a smaller c*.',
      check: (d) => {
        const ch = d.curves.filter((cv) => regime(cv) === 'chaotic').sort((a, b) => a.sw - b.sw);
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
      at: { phi: 'relu', c0: 0 },
      check: (d, v) => regimeCheck(d, 'unbounded', (cv) => {
        const from = cv.path[0], to = cv.path[LAYERS - 1];
        return v.phi === 'relu' ? to > from || from === 1 : Math.abs(to - from) < 0.01;
      }, (cv) => `σw = ${fmt(cv.sw)}: c from ${fmt(cv.path[0])} to ${fmt(cv.path[LAYERS - 1])} over ${LAYERS} layers`),
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
        curve.q = q;
        curve.map = (await call('chaos.correlationMap', { ...base, q11: q, c })).c;
        const path = [v.c0];
        for (let l = 1; l < LAYERS; l++) path.push((await call('chaos.correlationMap', { ...base, q11: q, c: path[l - 1] })).c);
        curve.path = Float64Array.from(path);
      }
      curves.push(curve);
    }
    return { c: Float64Array.from(c), curves };
  },

  draw(d) {
    const map = [{ label: 'diagonal', x: [0, 1], y: [0, 1], color: '#888', dash: true, width: 1 }];
    const depth = [];
    const layers = Float64Array.from({ length: LAYERS }, (_, l) => l + 1);
    d.curves.forEach((cv, i) => {
      if (!cv.map) return;
      const label = `σw = ${fmt(cv.sw)}${regime(cv) === 'unbounded' ? ` (q* = ∞: at q = ${Q_UNBOUNDED})` : ''}`;
      map.push({ label, x: d.c, y: cv.map, colorIndex: i });
      depth.push({ label, x: layers, y: cv.path, colorIndex: i });
      if (regime(cv) === 'unbounded') return;
      map.push({ label: `_c* ${i}`, x: [cv.fp.cStar], y: [cv.fp.cStar], colorIndex: i, points: true });
      depth.push({ label: `_c* line ${i}`, x: [1, LAYERS], y: [cv.fp.cStar, cv.fp.cStar], colorIndex: i, dash: true, width: 1 });
    });
    return { map, depth };
  },

  readout(d) {
    return d.curves.map((cv) => [`σw = ${fmt(cv.sw)}`, ({
      unbounded: () => `q* = ∞, χ₁ = ${fmt(cv.fp.chi1)}: ${phase(cv.fp.chi1, cv.fp.qStar)}; map drawn at q = ${Q_UNBOUNDED}, where σb hardly matters`,
      ordered: () => `χ₁ = ${fmt(cv.fp.chi1)}, c* = ${fmt(cv.fp.cStar)}, ξ_c = ${fmt(cv.fp.xiC)}: ${phase(cv.fp.chi1, cv.fp.qStar)}`,
      chaotic: () => `χ₁ = ${fmt(cv.fp.chi1)}, c* = ${fmt(cv.fp.cStar)}, ξ_c = ${fmt(cv.fp.xiC)}: ${phase(cv.fp.chi1, cv.fp.qStar)}`,
    })[regime(cv)]()]);
  },
};
