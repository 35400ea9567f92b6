// Transient chaos: the curvature of a random deep network's decision boundary against
// depth (Poole et al. 2016, Sec. 5 and Fig. 4G). Points on beta . phi(h^L) = 0 are found
// by Newton steps; the boundary's principal curvatures at every layer come from its exact
// gradient and Hessian, swept back from the readout.
import { fmt } from '../format.js';
import { pow } from '../engine/dmath.js';
import { networkParams, BOUNDARY_LIMITS, PHI_NOTE, phase, fmtQ } from './common/chaos.js';

/** Σκ² at layer 1 over Σκ² at the last layer: how much more the boundary bends at the input. */
const growth = (a) => a[0] / a[a.length - 1];

export default {
  id: 'chaos-boundary',
  area: 'chaos',
  title: 'Curvature of a decision boundary',
  refs: ['poole2016'],
  live: false,
  params: [
    ...networkParams({
      limits: BOUNDARY_LIMITS,
      width: { label: 'Width N (Hessians are N × N)', min: 10, def: 80 },
      layers: { def: 8 },
      points: { label: 'Points on the boundary', help: 'How many points of the decision boundary the curvatures are averaged over.', def: 6 },
    }),
  ],
  charts: [
    { id: 'kappa', title: 'Largest principal curvatures κ₊ₖ and −κ₋ₖ of the boundary, per layer (mean over points)', xLabel: 'layer l (the readout is layer L)', yLabel: '|principal curvature|', yType: 'logarithmic' },
    { id: 'sum', title: 'Σᵢ κᵢ² per layer: simulation (dots) and theory (lines)', xLabel: 'layer l', yLabel: 'sum of squared principal curvatures', yType: 'logarithmic' },
  ],
  equation: `
    <p>Network: layer 1 is the input <span class="math">h¹</span>, <span class="math">hˡ⁺¹ = Wˡ⁺¹ φ(hˡ) + bˡ⁺¹</span>;
       readout <span class="math">G = β · φ(hᴸ)</span>, β a random unit vector. The decision boundary G = 0, seen in the
       space of <span class="math">hˡ</span>, has N − 1 principal curvatures: the eigenvalues of
       <span class="math">|g|⁻¹ P H P</span>, g = ∂G/∂hˡ, H = ∂²G/∂hˡ∂hˡ, P = I − ĝĝᵀ.</p>
    <p>Exact, from the readout down: <span class="math">gˡ = φ′(hˡ) Wᵀgˡ⁺¹</span>,
       <span class="math">Hˡ = D WᵀHˡ⁺¹W D + diag(φ″(hˡ) Wᵀgˡ⁺¹)</span>, D = diag φ′(hˡ).
       Points: Newton steps along g from random <span class="math">h¹</span> with |h¹|² = N q*.</p>
    <p>Theory (W independent of the layers above, hᵢ ~ N(0, qˡ)): f = Σκ² obeys
       <span class="math">fᴸ = χ₂/χ₁</span>, <span class="math">fˡ = χ₁ [(1 − 1/N + 2ρ/N) fˡ⁺¹ + (ρ/N) tˡ⁺¹] + χ₂/χ₁</span>
       with t = (tr H)²/|g|² obeying <span class="math">tˡ = χ₁ [(1 + (ρ−1)/N) tˡ⁺¹ + (2ρ/N) fˡ⁺¹] + χ₂/χ₁</span>,
       ρ = E[φ′⁴]/E[φ′²]². As N → ∞: fˡ = χ₁ fˡ⁺¹ + χ₂/χ₁ (dashed). The model leaves out that hˡ⁺¹ depends on Wˡ⁺¹,
       another 1/N effect per layer that compounds with depth.</p>
    <p>Poole et al. 2016, Fig. 4G: tanh, N = 200, L = 10, σw = 4, σb = 0.3, 10 points.</p>`,
  lookFor: `Read the layers from right (the readout, where the boundary is a hyperplane bent only by
    the last tanh) to left (the input). Compare how the curvatures change from layer to layer at σw = 4
    (chaotic) and at σw = 1.3 (ordered, same σb), and against χ₁ in the readout. The solid theory line
    keeps the exact 1/N terms of its model; the dashed one is its wide-network limit.`,
  claims: [
    {
      text: 'Well inside the chaotic phase (χ₁ > 1.1) the boundary bends more and more towards the input: Σκ² grows over tenfold from the last layer to the first.',
      when: (v) => v.phi === 'tanh' || v.phi === 'erf',
      applies: (d) => d.fp.qStar !== Infinity && d.fp.chi1 > 1.1,
      check: (d) => {
        if (!(d.fp.qStar !== Infinity && d.fp.chi1 > 1)) return { holds: false, detail: `${phase(d.fp.chi1, d.fp.qStar)} here` };
        return { holds: growth(d.sumSq) > 10, detail: `×${fmt(growth(d.sumSq))} (χ₁ = ${fmt(d.fp.chi1)})` };
      },
    },
    {
      text: 'Near the edge of chaos (χ₁ within 0.15 of 1) the theory with its 1/N terms predicts that growth within a factor of 1.5; away from the edge the 1/N effects it leaves out can put it off by a factor of 2 or more.',
      when: (v) => v.phi === 'tanh' || v.phi === 'erf',
      applies: (d) => Math.abs(d.fp.chi1 - 1) <= 0.15,
      at: { sw: 1.3 },
      check: (d) => {
        const sim = growth(d.sumSq), th = growth(d.theory.sumSq);
        return { holds: Math.max(th / sim, sim / th) < 1.5, detail: `simulation ×${fmt(sim)}, theory ×${fmt(th)}` };
      },
    },
    {
      text: 'With ReLU or linear units φ″ = 0 away from the kinks: every principal curvature is 0, the boundary is flat (piecewise for ReLU).',
      when: (v) => v.phi === 'relu' || v.phi === 'linear',
      at: { phi: 'relu' },
      check: (d) => ({ holds: d.sumSq.every((x) => x === 0), detail: `largest Σκ² ${fmt(Math.max(...d.sumSq))}` }),
    },
  ],

  async compute(call, v) {
    const d = await call('chaos.boundaryCurvature', { phi: v.phi, sw: v.sw, sb: v.sb, width: v.width, layers: v.layers, points: v.points, seed: v.seed });
    d.fp = await call('chaos.fixedPoint', { phi: v.phi, sw: v.sw, sb: v.sb });
    return d;
  },

  draw(d, v) {
    const x = d.layer, kappa = [], flat = v.phi === 'relu' || v.phi === 'linear';
    if (!flat) {
      d.top.forEach((y, k) => {   // kappa_(+-1) .. kappa_(+-4), as in Fig. 4G
        kappa.push({ label: `κ₊${k + 1}`, x, y, colorIndex: k });
        kappa.push({ label: `−κ₋${k + 1}`, x, y: d.bottom[k].map((b) => -b), colorIndex: k, dash: true });
      });
    } else {
      kappa.push({ label: 'all κ = 0: a flat boundary', x, y: x.map(() => 0), colorIndex: 0 });
    }
    const sum = [
      { label: 'theory, width N', x, y: d.theory.sumSq, colorIndex: 0 },
      { label: 'theory, N → ∞', x, y: d.theory.sumSqWide, colorIndex: 0, dash: true, width: 1.5 },
      { label: 'simulation', x, y: d.sumSq, colorIndex: 1, points: true },
    ];
    return { kappa, sum };
  },

  readout(d, v) {
    const L = d.layer.length, growth = (a) => a[0] / a[L - 1];
    const rows = [
      ['q*', fmtQ(d.fp.qStar)], ['χ₁', fmt(d.fp.chi1)], ['phase', phase(d.fp.chi1, d.fp.qStar)],
      [`Σκ² at layer 1 ÷ at layer ${L}`, `simulation ${fmt(growth(d.sumSq))}, theory ${fmt(growth(d.theory.sumSq))} (N → ∞: ${fmt(growth(d.theory.sumSqWide))})`],
      [`χ₁ to the power ${L - 1}`, fmt(pow(d.fp.chi1, L - 1))],
      ['Newton steps per point', fmt(d.info.filter((_, i) => i % 4 === 0).reduce((a, b) => a + b, 0) / d.points)],
      ['nonlinearity', PHI_NOTE[v.phi]],
    ];
    if (v.phi === 'relu' || v.phi === 'linear') rows.splice(3, 2, ['curvature', 'φ″ = 0 away from the kinks: the Hessian is 0 and the boundary is flat (piecewise, for ReLU).']);
    return rows;
  },
};
