// Transient chaos, view (b): the correlation map c -> C(c)/q* for several sw at one
// sb (Poole et al. 2016, Fig. 2: sw = 1.3, 2.5, 4.0 at sb = 0.3), its stable fixed point
// c* and how fast pairs of inputs decorrelate or merge with depth.
import { fmt } from '../format.js';
import { phiParam, phase } from './common/chaos.js';

const NC = 41;

export default {
  id: 'chaos-corr',
  area: 'chaos',
  title: 'Correlation map and c*',
  refs: ['poole2016', 'schoenholz2017'],
  live: true,
  params: [
    phiParam,
    { key: 'sb', label: 'Bias scale σb', type: 'real', min: 0, max: 2, step: 0.05, def: 0.3 },
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
  lookFor: `c = 1 (identical inputs) is always a fixed point. When its slope χ₁ is below 1 it attracts:
    nearby inputs merge (ordered). When χ₁ > 1 it repels and the curve crosses the diagonal again at
    c* < 1: nearby inputs are driven apart until their correlation settles at c* (chaotic). Larger σw
    relative to σb gives a smaller c*; at σb = 0 the chaotic c* is exactly 0.`,

  async compute(call, v) {
    const c = Array.from({ length: NC }, (_, i) => i / (NC - 1));
    const curves = [];
    for (const sw of [v.sw1, v.sw2, v.sw3]) {
      const base = { phi: v.phi, sw, sb: v.sb };
      const fp = await call('chaos.fixedPoint', base);
      const curve = { sw, fp };
      if (Number.isFinite(fp.qStar) && fp.qStar > 0) {
        curve.map = (await call('chaos.correlationMap', { ...base, q11: fp.qStar, c })).c;
        const it = await call('chaos.correlationIterates', { ...base, q1: fp.qStar, layers: v.layers, c: [v.c0, v.c0b, v.c0c] });
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
      map.push({ label: `σw = ${fmt(cv.sw)}`, x: d.c, y: cv.map, colorIndex: i });
      map.push({ label: `_c* ${i}`, x: [cv.fp.cStar], y: [cv.fp.cStar], colorIndex: i, points: true });
      cv.paths.forEach((path, k) => depth.push({ label: `${k ? '_' : ''}σw = ${fmt(cv.sw)}`, x: layers, y: path, colorIndex: i }));
      depth.push({ label: `_c* line ${i}`, x: [1, d.layers], y: [cv.fp.cStar, cv.fp.cStar], colorIndex: i, dash: true, width: 1 });
    });
    return { map, depth };
  },

  readout(d) {
    return d.curves.map((cv) => [`σw = ${fmt(cv.sw)}`, Number.isFinite(cv.fp.qStar) && cv.fp.qStar > 0
      ? `χ₁ = ${fmt(cv.fp.chi1)}, c* = ${fmt(cv.fp.cStar)}, ξ_c = ${fmt(cv.fp.xiC)}: ${phase(cv.fp.chi1)}`
      : `q* = ${fmt(cv.fp.qStar)}: lengths grow without bound (χ₁ = ${fmt(cv.fp.chi1)}), no fixed point to draw the map at`]);
  },
};
