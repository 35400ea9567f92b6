// Dynamical isometry: the singular values of the input-output Jacobian at
// initialisation. Linear networks (φ = linear): W_tot = W^D..W^1 — scaled Gaussian
// layers spread them over many decades, scaled orthogonal layers keep them all equal.
// Nonlinear networks: J = D^D W^D..D^1 W^1 from an input at the fixed point q*, with
// the mean-field moments χ₁ˡ and the free-probability variance (Pennington et al. 2017).
import { fmt } from '../format.js';
import { exp, log, log10, pow } from '../engine/dmath.js';
import { heatRows, phiParam, sbParam } from './common/chaos.js';
import { seedParam } from './common/params.js';

const BINS_PER_DECADE = 2;
const FLOOR = 1e-12;          // ReLU: singular values below FLOOR x the largest (directions lost to φ′ = 0) stay out of the histogram
const PHASE = { n: 24, swMax: 2, sbMax: 2 };   // the phase diagram covers the ranges of σw (gain) and σb

function quantile(sorted, q) {
  const i = (sorted.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/** Mean and variance / mean² of the squared singular values of one row. */
function moments(row) {
  let m = 0, m2 = 0;
  for (const s of row) { const x = s * s; m += x; m2 += x * x; }
  m /= row.length;
  m2 /= row.length;
  return { mean: m, relVar: m > 0 ? m2 / (m * m) - 1 : 0 };
}

/** Log-spaced histogram of each list of singular values, values below `floor` counted in the lowest bin. */
function histogram(lists, labels, floor = 0) {
  const logs = lists.flatMap((vals) => Array.from(vals, (s) => log10(Math.max(s, floor))));
  const lo = Math.floor(Math.min(...logs) * BINS_PER_DECADE) / BINS_PER_DECADE;
  const hi = Math.ceil((Math.max(...logs) + 1e-9) * BINS_PER_DECADE) / BINS_PER_DECADE;
  const nb = Math.max(1, Math.round((hi - lo) * BINS_PER_DECADE));
  const centres = Float64Array.from({ length: nb }, (_, i) => lo + (i + 0.5) / BINS_PER_DECADE);
  return lists.map((vals, k) => {
    const c = new Float64Array(nb);
    for (const s of vals) c[Math.min(nb - 1, Math.max(0, Math.floor((log10(Math.max(s, floor)) - lo) * BINS_PER_DECADE)))]++;
    return { label: labels[k], x: centres, y: c, colorIndex: k === 0 ? 1 : 0 };
  });
}

const nonlinear = (v) => v.phi !== 'linear';
/** The singular values (descending) above FLOOR x the largest. */
const nonzero = (row) => Array.from(row).filter((s) => s > FLOOR * row[0]);
const relVarAt = (d, init, l) => moments(d[init].svals[l - 1]).relVar;
const layers = (n) => Float64Array.from({ length: n }, (_, i) => i + 1);

export default {
  id: 'isometry',
  area: 'deep-linear',
  title: 'Dynamical isometry',
  refs: ['saxe2014', 'pennington2017'],
  live: true,
  params: [
    { ...phiParam, def: 'linear' },
    { key: 'depth', label: 'Depth D (weight matrices)', type: 'int', min: 1, max: 50, step: 1, def: 10 },
    { key: 'width', label: 'Width N', type: 'int', min: 4, max: 96, step: 1, def: 64 },
    { key: 'gain', label: 'Gain σw (g)', type: 'real', min: 0.5, max: 2, step: 0.01, def: 1 },
    { ...sbParam(0.05), showIf: nonlinear },
    seedParam(),
  ],
  charts: [
    { id: 'hist', kind: 'bar', title: 'Singular values of the input–output Jacobian J at depth D', xLabel: 'log₁₀ singular value', yLabel: 'count' },
    { id: 'spread', title: 'Spread of the singular values with depth', xLabel: 'depth l (layers 1..l)', yLabel: 'singular value', yType: 'logarithmic' },
    { id: 'variance', title: 'Variance / mean² of the squared singular values', xLabel: 'depth l (layers 1..l)', yLabel: 'var(λ) / mean(λ)²' },
    { id: 'phase', kind: 'heatmap', title: 'Where (σw, σb) lies: χ₁ over the phase diagram', xLabel: 'σw', yLabel: 'σb', zLabel: 'χ₁ (log scale)', zType: 'logarithmic', zMin: 0.1, zMax: 10, nanLabel: 'grey: unbounded length (q* = ∞)' },
  ],
  equation: `
    <p><b>φ = linear</b> (J = W<sub>tot</sub>). Gaussian: <span class="math">W<sup>l</sup><sub>ij</sub> ~ N(0, g²/N)</span> keeps
       <span class="math">E|W x|² = g²|x|²</span> only on average. Theory (dashed): largest singular value →
       <span class="math">g<sup>l</sup> √((l+1)<sup>l+1</sup>/l<sup>l</sup>)</span> (Fuss–Catalan edge, N → ∞);
       geometric mean = <span class="math">exp(l · mean<sub>i</sub> μ<sub>i</sub>)</span>,
       μ<sub>i</sub> = ln g + ½[ln(2/N) + ψ((N − i + 1)/2)] (exact in expectation).
       Orthogonal: <span class="math">W<sup>l</sup> = g Q<sup>l</sup></span>, Q<sup>l</sup>ᵀQ<sup>l</sup> = I, so every singular value of W<sub>tot</sub> is exactly g<sup>D</sup>.</p>
    <p><b>φ = tanh, ReLU, erf</b>: <span class="math">h<sup>l</sup> = W<sup>l</sup> φ(h<sup>l−1</sup>) + b<sup>l</sup></span>,
       b<sub>i</sub> ~ N(0, σb²), σw = g, from an input whose pre-activations have squared length q* per unit.
       <span class="math">J = D<sup>D</sup>W<sup>D</sup>⋯D<sup>1</sup>W<sup>1</sup></span>, D<sup>l</sup> = diag φ′(h<sup>l</sup>).
       Mean field (dashed): the mean of the squared singular values λ is
       <span class="math">χ<sub>1</sub><sup>l</sup></span>, χ<sub>1</sub> = σw² E[φ′(√q* z)²]; free probability (N → ∞) gives
       <span class="math">var(λ)/mean(λ)² = l (ρ − 1 + s)</span>, ρ = E[φ′⁴]/E[φ′²]², s = 1 for Gaussian and 0 for orthogonal layers
       (Pennington, Schoenholz &amp; Ganguli 2017). Only these two moments are drawn, not the whole limiting density.</p>
    <p>The product is accumulated by QR steps, so singular values far below 10⁻¹⁶ × the largest stay accurate.</p>`,
  lookFor: `Compare the two products in the histogram, then raise the depth and watch the spread chart. Then pick tanh and
    set σw near the black χ₁ = 1 line of the phase diagram: compare how narrow the orthogonal and the Gaussian spectra stay as depth grows, then switch to ReLU and compare again.`,
  claims: [
    {
      text: 'The orthogonal product is an isometry: all its singular values are equal to gᴰ (to 1 part in 10¹²).',
      when: (v) => !nonlinear(v),
      check: (d, v) => {
        const o = d.orthogonal[v.depth - 1], gD = pow(v.gain, v.depth);
        const err = Math.max(...Array.from(o, (x) => Math.abs(x / gD - 1)));
        return { holds: err < 1e-12, detail: `largest relative deviation ${fmt(err)}` };
      },
    },
    {
      text: 'The Gaussian product spreads its singular values apart, by about the same number of decades per layer.',
      when: (v) => !nonlinear(v) && v.depth >= 2,
      at: { depth: 10 },
      check: (d, v) => {
        const decades = (l) => { const r = d.gaussian[l - 1]; return log10(Math.max(...r) / Math.min(...r)); };
        const half = Math.ceil(v.depth / 2), rate = decades(v.depth) / v.depth, early = decades(half) / half;
        return { holds: rate > 0 && rate < 2 * early && early < 2 * rate,
          detail: `${fmt(early)} decades per layer up to layer ${half}, ${fmt(rate)} up to layer ${v.depth}` };
      },
    },
    {
      text: 'With orthogonal weights the mean squared singular value of J follows the mean field: it is χ₁ᴰ to within 25 % at depth D.',
      when: nonlinear,
      at: { phi: 'tanh', gain: 1.12 },
      check: ({ orthogonal: o }, v) => {
        const r = o.meanSq[v.depth - 1] / o.theory.meanSq[v.depth - 1];
        return { holds: Math.abs(r - 1) <= 0.25, detail: `mean λ / χ₁ᴰ = ${fmt(r)}, χ₁ = ${fmt(o.chi1)}` };
      },
    },
    {
      text: 'With orthogonal weights the spread follows free probability: var(λ)/mean(λ)² at depth D is D(ρ − 1) to within 30 % (or 0.05).',
      when: nonlinear,
      at: { phi: 'tanh', gain: 1.12 },
      check: ({ orthogonal: o }, v) => {
        const L = v.depth, got = relVarAt({ orthogonal: o }, 'orthogonal', L);
        const want = o.theory.varSq[L - 1] / (o.theory.meanSq[L - 1] * o.theory.meanSq[L - 1]);
        return { holds: Math.abs(got - want) <= Math.max(0.3 * want, 0.05), detail: `${fmt(got)} measured, ${fmt(want)} in theory (ρ = ${fmt(o.rho)})` };
      },
    },
    {
      text: 'For tanh and erf, orthogonal weights keep the squared singular values far more concentrated than Gaussian ones: var(λ)/mean(λ)² at depth D is under a quarter of the Gaussian network’s.',
      when: (v) => (v.phi === 'tanh' || v.phi === 'erf') && v.depth >= 2,
      at: { phi: 'tanh', gain: 1.12 },
      check: (d, v) => {
        const o = relVarAt(d, 'orthogonal', v.depth), g = relVarAt(d, 'gaussian', v.depth);
        return { holds: o < g / 4, detail: `var(λ)/mean(λ)² = ${fmt(o)} (orthogonal), ${fmt(g)} (Gaussian)` };
      },
    },
    {
      text: 'For ReLU, orthogonal weights do not give isometry: var(λ)/mean(λ)² grows with depth, by about one per layer (theory: exactly D), even at χ₁ = 1.',
      when: (v) => v.phi === 'relu' && v.depth >= 4,
      at: { phi: 'relu', gain: 1.41 },
      check: (d, v) => {
        const L = v.depth, o = relVarAt(d, 'orthogonal', L), half = relVarAt(d, 'orthogonal', Math.ceil(L / 2));
        return { holds: o > half && o > L / 2, detail: `var(λ)/mean(λ)² = ${fmt(half)} at depth ${Math.ceil(L / 2)}, ${fmt(o)} at depth ${L}` };
      },
    },
  ],

  async compute(call, v) {
    if (!nonlinear(v)) return call('deepLinear.initSpectrum', { depth: v.depth, width: v.width, gain: v.gain, seed: v.seed });
    const base = { phi: v.phi, sw: v.gain, sb: v.sb, width: v.width, layers: v.depth, seed: v.seed };
    const [gaussian, orthogonal] = await call.many('chaos.jacobianSpectrum', [{ ...base, init: 'gaussian' }, { ...base, init: 'orthogonal' }]);
    const { ms, rowStart, ...phase } = await call('chaos.phaseDiagram', { phi: v.phi, swMin: PHASE.swMax / PHASE.n, swMax: PHASE.swMax,
      sbMin: 0, sbMax: PHASE.sbMax, nw: PHASE.n, nb: PHASE.n });
    return { gaussian, orthogonal, phase };
  },

  draw(d, v) {
    return nonlinear(v) ? drawNonlinear(d, v) : drawLinear(d, v);
  },

  readout(d, v) {
    if (nonlinear(v)) {
      const row = (k) => {
        const r = d[k].svals[v.depth - 1], m = moments(r);
        const lost = r.length - nonzero(r).length;
        return `${fmt(r[0])} / ${fmt(r[r.length - 1])}; mean λ ${fmt(m.mean)}, var/mean² ${fmt(m.relVar)}${lost ? `; ${lost} below 10⁻¹² × the largest` : ''}`;
      };
      const th = d.orthogonal.theory, L = v.depth - 1;
      return [
        ['Gaussian: largest / smallest singular value', row('gaussian')],
        ['orthogonal: largest / smallest singular value', row('orthogonal')],
        ['theory: χ₁, q*, mean λ = χ₁ᴰ', `${fmt(d.orthogonal.chi1)}, ${fmt(d.orthogonal.qStar)}, ${fmt(th.meanSq[L])}`],
        ['theory: var/mean² Gaussian / orthogonal', `${fmt(d.gaussian.theory.varSq[L] / (th.meanSq[L] * th.meanSq[L]))} / ${fmt(th.varSq[L] / (th.meanSq[L] * th.meanSq[L]))}`],
      ];
    }
    const g = d.gaussian[v.depth - 1], o = d.orthogonal[v.depth - 1];
    const gmax = Math.max(...g), gmin = Math.min(...g);
    return [
      ['Gaussian: largest / smallest singular value', `${fmt(gmax)} / ${fmt(gmin)} (ratio ${fmt(gmax / gmin)})`],
      ['orthogonal: largest / smallest', `${fmt(Math.max(...o))} / ${fmt(Math.min(...o))}`],
      ['gᴰ', fmt(pow(v.gain, v.depth))],
    ];
  },
};

/** The chosen (σw, σb) as a dot. */
const chosen = (v, sb) => ({ label: `σw = ${fmt(v.gain)}, σb = ${fmt(sb)}`, x: [v.gain], y: [sb], points: true });

function drawLinear(d, v) {
  const D = v.depth;
  const hist = histogram([d.gaussian[D - 1], d.orthogonal[D - 1]], [`Gaussian, D = ${D}`, `orthogonal, D = ${D}`]);
  const l = layers(d.gaussian.length);
  const stat = (rows, q) => Float64Array.from(rows, (r) => quantile([...r].sort((a, b) => a - b), q));
  // Theory (the engine's): the geometric mean of the singular values, exact in expectation,
  // and the largest one, the edge of the Fuss-Catalan law (N -> infinity at fixed l).
  const geo = Float64Array.from(d.gaussian, (r) => exp(r.reduce((t, s) => t + log(s), 0) / r.length));
  const spread = [
    { label: 'Gaussian: largest', x: l, y: stat(d.gaussian, 1), colorIndex: 1, points: true },
    { label: 'Gaussian: geometric mean', x: l, y: geo, colorIndex: 4, points: true },
    { label: 'Gaussian: smallest', x: l, y: stat(d.gaussian, 0), colorIndex: 3, points: true },
    { label: 'orthogonal: all (gˡ)', x: l, y: stat(d.orthogonal, 0.5), colorIndex: 0, width: 3 },
    { label: 'theory (dashed)', x: l, y: d.theory.largest, colorIndex: 1, dash: true, width: 1.5 },
    { label: '_theory geometric mean', x: l, y: d.theory.geometricMean, colorIndex: 4, dash: true, width: 1.5 },
  ];
  // A linear layer has ρ = 1: var(λ)/mean(λ)² = l for Gaussian layers (Fuss-Catalan moments), 0 for orthogonal ones.
  const variance = [
    { label: 'Gaussian', x: l, y: Float64Array.from(d.gaussian, (r) => moments(r).relVar), colorIndex: 1, points: true },
    { label: 'orthogonal', x: l, y: Float64Array.from(d.orthogonal, (r) => moments(r).relVar), colorIndex: 0, points: true },
    { label: 'theory: l (Gaussian), 0 (orthogonal)', x: l, y: l, colorIndex: 1, dash: true, width: 1.5 },
    { label: '_theory orthogonal', x: l, y: new Float64Array(l.length), colorIndex: 0, dash: true, width: 1.5 },
  ];
  // Linear: χ₁ = σw² whatever σb, critical at σw = 1; lengths are unbounded (grey) for
  // σw > 1, and for σw = 1 with σb > 0 (the linear chaos-phase diagram, in closed form).
  const sw = Float64Array.from({ length: PHASE.n }, (_, i) => (PHASE.swMax * (i + 1)) / PHASE.n);
  const sb = Float64Array.from({ length: PHASE.n }, (_, j) => (PHASE.sbMax * j) / (PHASE.n - 1));
  const pd = { sw, sb, chi1: Float64Array.from({ length: PHASE.n * PHASE.n }, (_, k) => {
    const w = sw[k % PHASE.n], b = sb[Math.floor(k / PHASE.n)];
    return w < 1 || (w === 1 && b === 0) ? w * w : NaN;
  }) };
  const phase = [...heatRows(pd, pd.chi1), { label: 'χ₁ = σw² = 1', x: [1, 1], y: [0, PHASE.sbMax] }, chosen(v, 0)];
  return { hist, spread, variance, phase };
}

function drawNonlinear({ gaussian: g, orthogonal: o, phase: pd }, v) {
  const D = v.depth, l = layers(D);
  // ReLU's dead units (φ′ = 0) take directions out of J: for ReLU the histogram and the
  // medians leave out the singular values below FLOOR x the largest, and the legend counts
  // them. tanh and erf keep every value (their φ′ is never 0), like the linear view.
  const relu = v.phi === 'relu', keep = (row) => (relu ? nonzero(row) : Array.from(row));
  const kept = [g, o].map((r) => keep(r.svals[D - 1]));
  const left = (k, r) => (kept[k].length < r.svals[D - 1].length ? ` (${r.svals[D - 1].length - kept[k].length} below 10⁻¹² × the largest left out)` : '');
  const hist = kept.every((k) => k.length) ? histogram(kept, [`Gaussian, D = ${D}${left(0, g)}`, `orthogonal, D = ${D}${left(1, o)}`])
    : histogram([g.svals[D - 1], o.svals[D - 1]], [`Gaussian, D = ${D}`, `orthogonal, D = ${D}`], 1e-300);   // J = 0: every unit of a layer dead
  const rms = (r) => Float64Array.from(r.meanSq, (m) => Math.sqrt(m));
  const median = (r) => Float64Array.from(r.svals, (row) => { const k = keep(row); return k.length ? quantile(k.reverse(), 0.5) : 0; });
  const med = relu ? 'median of those above 10⁻¹² × the largest' : 'median';
  const spread = [
    { label: 'Gaussian: largest', x: l, y: Float64Array.from(g.svals, (r) => r[0]), colorIndex: 1, points: true },
    { label: `Gaussian: ${med}`, x: l, y: median(g), colorIndex: 3, points: true },
    { label: 'orthogonal: largest', x: l, y: Float64Array.from(o.svals, (r) => r[0]), colorIndex: 0, points: true },
    { label: `orthogonal: ${med}`, x: l, y: median(o), colorIndex: 2, points: true },
    { label: 'Gaussian: root mean square', x: l, y: rms(g), colorIndex: 1, width: 2 },
    { label: 'orthogonal: root mean square', x: l, y: rms(o), colorIndex: 0, width: 2 },
    { label: 'theory √(χ₁ˡ)', x: l, y: Float64Array.from(o.theory.meanSq, (m) => Math.sqrt(m)), colorIndex: 4, dash: true, width: 2 },
  ];
  const rel = (r) => Float64Array.from(r.theory.varSq, (s, i) => s / (r.theory.meanSq[i] * r.theory.meanSq[i]));
  const variance = [
    { label: 'Gaussian', x: l, y: Float64Array.from(g.svals, (r) => moments(r).relVar), colorIndex: 1, points: true },
    { label: 'orthogonal', x: l, y: Float64Array.from(o.svals, (r) => moments(r).relVar), colorIndex: 0, points: true },
    { label: 'theory l(ρ − 1 + s)', x: l, y: rel(g), colorIndex: 1, dash: true, width: 1.5 },
    { label: '_theory orthogonal', x: l, y: rel(o), colorIndex: 0, dash: true, width: 1.5 },
  ];
  const grid = pd.chi1.map((c, k) => (pd.qStar[k] === Infinity ? NaN : c));
  const phase = [...heatRows(pd, grid), { label: 'χ₁ = 1', x: pd.boundary, y: pd.sb }, chosen(v, v.sb)];
  return { hist, spread, variance, phase };
}
