// Deep linear dynamics, view 1: the exact trajectory of each input-output mode
// (Saxe et al. 2014), computed in wasm. Closed form at D = 1, 2; the mode ODE beyond.
import { fmt } from '../format.js';

const N_POINTS = 400;

export default {
  id: 'modes',
  area: 'deep-linear',
  title: 'Mode trajectories',
  refs: ['saxe2014'],
  related: ['saddle'],
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
       <span>e<sup>2st/τ</sup> − 1 + s/a<sub>0</sub></span></span></span>, half-way at
       <span class="math">t<sub>½</sub> = (τ/2s) ln(s/a<sub>0</sub> − 1)</span></p>`,
  lookFor: `Each curve is one mode of the data: watch how long it waits near a₀ before it rises to its
    singular value s (dashed). Compare the three modes, then shrink a₀ and try depth 1.`,
  claims: [
    {
      text: 'Stronger modes are learned first: the time to reach s/2 is shorter the larger s is.',
      when: (v) => v.depth >= 2,
      check: ({ modes }) => {
        const by = [...modes].sort((a, b) => b.s - a.s);
        const holds = by.every((m, i) => i === 0 || m.s === by[i - 1].s || m.half > by[i - 1].half);
        return { holds, detail: by.map((m) => `t½ = ${fmt(m.half)} τ at s = ${fmt(m.s)}`).join(', ') };
      },
    },
    {
      text: 'Each mode waits on a plateau, then rises suddenly: reaching 10 % of s takes longer than going on from 10 % to 90 %.',
      when: (v) => v.depth >= 2,
      check: ({ modes }) => {
        const bad = modes.filter((m) => !(m.t10 > m.t90 - m.t10));
        return { holds: bad.length === 0, detail: modes.map((m) => `s = ${fmt(m.s)}: ${fmt(m.t10)} τ, then ${fmt(m.t90 - m.t10)} τ`).join('; ') };
      },
    },
    {
      text: 'A shallow network (D = 1) has no plateau and no order: every mode reaches s/2 at about the same time (within 10 %).',
      when: (v) => v.depth === 1,
      check: ({ modes }) => {
        const h = modes.map((m) => m.half), spread = Math.max(...h) / Math.min(...h);
        return { holds: spread < 1.1, detail: `t½ from ${fmt(Math.min(...h))} τ to ${fmt(Math.max(...h))} τ` };
      },
      at: { depth: 1 },
    },
  ],

  async compute(run, v) {
    const t = Array.from({ length: N_POINTS }, (_, i) => (v.tmax * i) / (N_POINTS - 1));
    const modes = [v.s1, v.s2, v.s3].map((s) => ({ s }));
    // Time to reach a fraction f of s (0 if the mode starts beyond it).
    const reach = (m, f) => (v.a0 < f * m.s ? run('deepLinear.learningTime', { depth: v.depth, s: m.s, a0: v.a0, af: f * m.s }) : 0);
    for (const m of modes) {
      m.a = await run('deepLinear.modeTrajectory', { depth: v.depth, s: m.s, a0: v.a0, t });
      m.half = await reach(m, 0.5);
      m.t10 = await reach(m, 0.1);
      m.t90 = await reach(m, 0.9);
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
