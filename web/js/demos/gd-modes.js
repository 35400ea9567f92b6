// Deep linear dynamics, view (a): gradient descent simulated in wasm (markers)
// over the exact mode dynamics (lines), for any depth, width and initialisation.
import { fmt } from '../format.js';

const N_THEORY = 300;
const SEGMENT_MS = 250;
const INIT_NOTE = {
  decoupled: 'decoupled, balanced start: theory is exact up to the O(lr) error of a finite step',
  small: 'small random start: theory uses each mode’s measured initial strength |a(0)| and is only approximate',
  gaussian: 'scaled Gaussian start: theory uses each mode’s measured initial strength |a(0)| and is only approximate',
  orthogonal: 'scaled orthogonal start: theory uses each mode’s measured initial strength |a(0)| and is only approximate',
};

/** A segment's records after a run's: its first record repeats the run's last. */
function appendRecords(run, seg) {
  const join = (a, b) => { const out = new Float64Array(a.length + b.length - 1); out.set(a); out.set(b.subarray(1), a.length); return out; };
  return {
    ...seg,
    t: join(run.t, seg.t), loss: join(run.loss, seg.loss),
    modes: run.modes.map((m, i) => join(m, seg.modes[i])),
    layerChange: run.layerChange.map((m, i) => join(m, seg.layerChange[i])),
  };
}

async function theoryCurves(call, v, s, t, sim) {
  const out = [];
  for (let a = 0; a < s.length; a++) {
    const a0 = v.init === 'decoupled' ? v.a0 : Math.max(Math.abs(sim.modes[a][0]), 1e-12);
    out.push({ a0, a: await call('deepLinear.modeTrajectory', { depth: v.depth, s: s[a], a0, t }) });
  }
  return out;
}

export default {
  id: 'gd-modes',
  area: 'deep-linear',
  title: 'Simulation vs theory',
  refs: ['saxe2014'],
  live: false,
  pausable: true,
  params: [
    { key: 'depth', label: 'Depth D (weight matrices)', type: 'int', min: 1, max: 100, step: 1, def: 3 },
    { key: 'width', label: 'Width N (every layer)', type: 'int', min: 3, max: 64, step: 1, def: 8 },
    { key: 's1', label: 'Singular value s₁', type: 'real', min: 0.1, max: 5, step: 0.1, def: 3 },
    { key: 's2', label: 'Singular value s₂', type: 'real', min: 0.1, max: 5, step: 0.1, def: 2 },
    { key: 's3', label: 'Singular value s₃', type: 'real', min: 0.1, max: 5, step: 0.1, def: 1 },
    { key: 'init', label: 'Initialisation', help: 'How the weights start: decoupled (aligned with the modes, the theory’s exact case), small random, or random Gaussian or orthogonal scaled by the gain g.', type: 'choice', options: ['decoupled', 'small', 'gaussian', 'orthogonal'], def: 'decoupled' },
    { key: 'a0', label: 'Initial strength a₀ (decoupled)', type: 'real', min: 1e-4, max: 1, def: 0.01, scale: 'log', showIf: (v) => v.init === 'decoupled' },
    { key: 'scale', label: 'Weight scale (small random)', type: 'real', min: 1e-3, max: 1, def: 0.1, scale: 'log', showIf: (v) => v.init === 'small' },
    { key: 'gain', label: 'Gain g (Gaussian, orthogonal)', type: 'real', min: 0.1, max: 2, step: 0.01, def: 1, showIf: (v) => v.init === 'gaussian' || v.init === 'orthogonal' },
    { key: 'lr', label: 'Learning rate (= dt/τ)', type: 'real', min: 1e-4, max: 1, def: 0.01, scale: 'log' },
    { key: 'steps', label: 'Steps', type: 'int', min: 10, max: 100000, step: 10, def: 600 },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 1000000, step: 1, def: 1 },
  ],
  charts: [
    { id: 'a', title: 'Mode strengths a = uᵀ W_tot v: simulation (dots) over theory (lines)', xLabel: 'time t / τ = steps × lr', yLabel: 'mode strength a' },
    { id: 'loss', title: 'Loss', xLabel: 'time t / τ', yLabel: 'loss ½⟨|y − W_tot x|²⟩', yType: 'logarithmic' },
    { id: 'layers', title: 'How far each layer moved, |Wˡ(t) − Wˡ(0)|', xLabel: 'time t / τ', yLabel: 'Frobenius distance' },
  ],
  equation: `
    <p>Gradient descent: <span class="math">Wˡ ← Wˡ + lr (W<sup>D</sup>⋯W<sup>l+1</sup>)<sup>T</sup> (Σ<sup>31</sup> − W<sub>tot</sub> Σ<sup>11</sup>) (W<sup>l−1</sup>⋯W<sup>1</sup>)<sup>T</sup></span>,
       &nbsp; t/τ = steps × lr</p>
    <p>Each mode, from a decoupled start: <span class="math">τ <span class="frac"><span>da</span><span>dt</span></span> = D a<sup>2−2/D</sup> (s − a)</span>;
       &nbsp; D = 2: <span class="math">a(t) = <span class="frac"><span>s e<sup>2st/τ</sup></span><span>e<sup>2st/τ</sup> − 1 + s/a<sub>0</sub></span></span></span></p>`,
  lookFor: `With the decoupled start the dots sit on the lines: a finite learning rate only adds an
    error proportional to lr (halve lr and it halves). Each mode waits on a plateau, then jumps to its
    singular value; the strongest mode goes first. Try a small random start: the plateaus and the order
    stay, though the modes are no longer exactly independent. Raise the learning rate past the
    stable maximum shown below and the run stops with an explanation instead of blowing up.
    On a long run (raise Steps), Pause holds the dots where they are; Resume carries on exactly
    as if it had never stopped.`,

  // Run in segments, each resumed from the last one's state (bit-identical to one
  // long run, whatever the segment sizes): the dots appear as they are computed,
  // and Pause waits between segments. Segments are sized to take about SEGMENT_MS.
  async compute(call, v, run) {
    const s = [v.s1, v.s2, v.s3];
    const every = Math.max(1, Math.floor(v.steps / 40));
    const params = {
      depth: v.depth, width: v.width, singularValues: s, init: v.init, a0: v.a0, scale: v.scale, gain: v.gain,
      lr: v.lr, every, seed: v.seed, resumable: true,
    };
    const tEnd = v.steps * v.lr;
    const t = Array.from({ length: N_THEORY }, (_, i) => (tEnd * i) / (N_THEORY - 1));
    let sim = null, state, theory = null, done = 0, blocks = 1;
    while (done < v.steps) {
      const n = Math.min(v.steps - done, blocks * every);
      const began = performance.now();
      const seg = await call('deepLinear.simulate', { ...params, steps: n, resume: state },
        (f) => run.progress((done + f * n) / v.steps));
      ({ state } = seg);
      sim = sim ? appendRecords(sim, seg) : seg;
      done += n;
      // Theory needs each mode's starting strength: measured, unless the start is decoupled.
      theory ??= await theoryCurves(call, v, s, t, sim);
      if (done < v.steps) await run.partial({ sim, t, theory, s, maxErr: NaN, done }, `step ${done} of ${v.steps}`);
      blocks = Math.max(1, Math.min(4 * blocks, Math.round((blocks * SEGMENT_MS) / Math.max(1, performance.now() - began))));
    }
    delete sim.state;
    // Theory at the simulation's own record times, for the agreement readout.
    let maxErr = 0;
    for (let a = 0; a < s.length; a++) {
      const at = await call('deepLinear.modeTrajectory', { depth: v.depth, s: s[a], a0: theory[a].a0, t: sim.t });
      for (let k = 0; k < at.length; k++) maxErr = Math.max(maxErr, Math.abs(at[k] - sim.modes[a][k]));
    }
    return { sim, t, theory, s, maxErr, done };
  },

  draw({ sim, t, theory, s }, v) {
    const tt = Float64Array.from(t);
    const a = [], loss = [], layers = [];
    s.forEach((sv, i) => {
      a.push({ label: `mode ${i + 1}, s = ${fmt(sv)}: simulated`, x: sim.t, y: sim.modes[i], colorIndex: i, points: true });
      a.push({ label: `_theory ${i + 1}`, x: tt, y: theory[i].a, colorIndex: i, width: 2 });
    });
    loss.push({ label: 'simulated', x: sim.t, y: sim.loss, colorIndex: 0, points: true });
    const th = tt.map((_, k) => 0.5 * s.reduce((sum, sv, i) => { const e = sv - theory[i].a[k]; return sum + e * e; }, 0));
    loss.push({ label: v.init === 'decoupled' ? 'theory ½Σ(s − a)²' : 'theory ½Σ(s − a)² (modes only)', x: tt, y: th, colorIndex: 1 });
    const D = sim.layerChange.length, show = D <= 7 ? [...Array(D).keys()] : [0, 1, Math.floor(D / 2), D - 2, D - 1];
    // Balanced starts move every layer alike: draw wide-to-narrow so overlapping curves stay visible.
    show.forEach((l, j) => layers.push({ label: `layer ${l + 1}`, x: sim.t, y: sim.layerChange[l], colorIndex: l % 7, width: Math.max(1, 5 - 1.5 * j) }));
    return { a, loss, layers };
  },

  readout({ sim, maxErr, done }, v) {
    const last = sim.loss.length - 1;
    return [
      ['max |simulated − theory| over modes and times', Number.isNaN(maxErr) ? 'when the run ends' : fmt(maxErr)],
      ['what the theory assumes', INIT_NOTE[v.init]],
      ['final loss', fmt(sim.loss[last])],
      ['estimated largest stable learning rate', fmt(sim.stableLr)],
      ['time simulated', `${fmt(sim.t[last])} τ in ${done === v.steps ? v.steps : `${done} of ${v.steps}`} steps`],
    ];
  },
};
