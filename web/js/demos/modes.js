// Deep linear dynamics, view 1: the exact trajectory of each input-output mode
// (Saxe et al. 2014), computed in wasm. Closed form at D = 1, 2; the mode ODE beyond.
import { fmt } from '../format.js';

const N_POINTS = 400;

export default {
  id: 'modes',
  area: 'deep-linear',
  title: 'Mode trajectories',
  refs: ['saxe2014'],
  live: true,
  params: [
    { key: 'depth', label: 'Depth D (weight matrices)', type: 'int', min: 1, max: 20, step: 1, def: 2 },
    { key: 's1', label: 'Singular value s₁', type: 'real', min: 0.1, max: 10, step: 0.1, def: 3 },
    { key: 's2', label: 'Singular value s₂', type: 'real', min: 0.1, max: 10, step: 0.1, def: 2 },
    { key: 's3', label: 'Singular value s₃', type: 'real', min: 0.1, max: 10, step: 0.1, def: 1 },
    { key: 'a0', label: 'Initial strength a₀', type: 'real', min: 1e-6, max: 1, def: 0.001, scale: 'log' },
    { key: 'tmax', label: 'Time shown (τ)', help: 'How much training time the chart shows, in units of τ.', type: 'real', min: 0.5, max: 100, step: 0.5, def: 6 },
  ],
  charts: [{ id: 'a', title: 'Mode strength a(t)', xLabel: 'time t / τ', yLabel: 'mode strength a' }],
  equation: `
    <p><span class="math">τ <span class="frac"><span>da</span><span>dt</span></span> = D a<sup>2−2/D</sup> (s − a)</span>, &nbsp; <span class="math">a(0) = a<sub>0</sub></span></p>
    <p>D = 2: <span class="math">a(t) = <span class="frac"><span>s e<sup>2st/τ</sup></span>
       <span>e<sup>2st/τ</sup> − 1 + s/a<sub>0</sub></span></span></span></p>`,
  lookFor: `Each mode waits on a plateau near a₀, then rises suddenly to its singular value s.
    Stronger modes are learned first: at D = 2 the half-way time is (τ/2s) ln(s/a₀ − 1), so
    learning time scales as 1/s (at other depths, with a₀ in proportion to s, as s^−(2−2/D)).
    Shrinking a₀ lengthens every plateau; depth 1 (a shallow network) has no plateau at all,
    only an exponential approach.`,

  async compute(run, v) {
    const t = Array.from({ length: N_POINTS }, (_, i) => (v.tmax * i) / (N_POINTS - 1));
    const modes = [v.s1, v.s2, v.s3].map((s) => ({ s }));
    for (const m of modes) {
      m.a = await run('deepLinear.modeTrajectory', { depth: v.depth, s: m.s, a0: v.a0, t });
      m.half = v.a0 < m.s / 2
        ? await run('deepLinear.learningTime', { depth: v.depth, s: m.s, a0: v.a0, af: m.s / 2 })
        : 0;
    }
    return { t, modes };
  },

  draw({ t, modes }, v) {
    const tt = Float64Array.from(t);
    const series = [];
    modes.forEach((m, i) => {
      series.push({ label: `mode ${i + 1} (s = ${fmt(m.s)})`, x: tt, y: m.a, colorIndex: i });
      series.push({ label: `_s${i + 1}`, x: [0, v.tmax], y: [m.s, m.s], colorIndex: i, dash: true, width: 1 });
    });
    return { a: series };
  },

  readout({ modes }) {
    return modes.map((m, i) => [`mode ${i + 1}: time to reach s/2`, `${fmt(m.half)} τ`]);
  },
};
