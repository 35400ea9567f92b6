// Deep linear dynamics, view (a): gradient descent simulated in wasm (markers)
// over the exact mode dynamics (lines), for any depth, width and initialisation.
import { fmt } from '../format.js';
import { EngineError } from '../engine/index.js';
import { DLAB_EDIVERGED } from '../engine/c-constants.js';
import { seedParam } from './common/params.js';

const N_THEORY = 300;
const SEGMENT_MS = 500;
const INIT_NOTE = {
  decoupled: 'decoupled, balanced start: theory is exact up to the O(lr) error of a finite step',
  small: 'small random start: theory uses each mode’s measured initial strength |a(0)| and is only approximate',
  gaussian: 'scaled Gaussian start: theory uses each mode’s measured initial strength |a(0)| and is only approximate',
  orthogonal: 'scaled orthogonal start: theory uses each mode’s measured initial strength |a(0)| and is only approximate',
};

/** A run's records cut to the first one (its start). */
function firstRecord(seg) {
  const one = (a) => a.slice(0, 1);
  return { ...seg, t: one(seg.t), loss: one(seg.loss), modes: seg.modes.map(one), layerChange: seg.layerChange.map(one) };
}

/** A segment's records after a run's: its first record (where it started) is left out. */
function appendRecords(run, seg) {
  const join = (a, b) => { const out = new Float64Array(a.length + b.length - 1); out.set(a); out.set(b.subarray(1), a.length); return out; };
  return {
    ...seg,
    t: join(run.t, seg.t), loss: join(run.loss, seg.loss),
    modes: run.modes.map((m, i) => join(m, seg.modes[i])),
    layerChange: run.layerChange.map((m, i) => join(m, seg.layerChange[i])),
  };
}

/** The exact mode dynamics at times t, from a0 (decoupled start) or from each mode's measured start. */
function theory(call, v, s, t, sim) {
  const starts = v.init === 'decoupled' ? s.map(() => v.a0) : sim.modes.map((m) => m[0]);
  return call('deepLinear.modeTheory', { depth: v.depth, singularValues: s, starts, t });
}

/**
 * A divergence explained with advice the user can follow on this page: a learning
 * rate the slider offers, below the engine's estimate of the largest stable rate
 * for this network (stableLr), or, when none is small enough, the other levers.
 */
async function divergence(call, v, params, lrRange) {
  const { stableLr } = await call('deepLinear.simulate', { ...params, steps: 0, every: 1, resumable: false });
  const target = Math.min(0.8 * stableLr, v.lr / 2);   // under the estimate, and a real step down
  const what = `Training diverged: the loss blew up at learning rate ${fmt(v.lr)}; the largest stable rate for this network is about ${fmt(stableLr)}.`;
  if (target >= lrRange.min) return `${what} Try a learning rate of ${fmt(target)} or less.`;
  const levers = {
    gaussian: `lower the gain g (now ${fmt(v.gain)}), start orthogonal or decoupled instead`,
    orthogonal: `lower the gain g (now ${fmt(v.gain)}), start decoupled instead`,
    small: `lower the weight scale (now ${fmt(v.scale)})`,
    decoupled: `lower the singular values (s₁ = ${fmt(Math.max(v.s1, v.s2, v.s3))})`,
  }[v.init];
  return `${what} The learning rate slider goes down to ${fmt(lrRange.min)} only, so ${levers}, or use fewer layers (now D = ${v.depth}).`;
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
    seedParam(),
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
  lookFor: `Dots are gradient descent, lines the exact mode dynamics. Halve the learning rate and watch the
    gap in the table; try the random starts; raise the learning rate past the estimated stable maximum in the
    table. On a long run (raise Steps), Pause holds the dots where they are, and Resume carries on exactly
    as an uninterrupted run would.`,
  claims: [
    {
      text: 'From the decoupled start the dots sit on the lines: the largest gap is under 5 % of s₁.',
      when: (v) => v.init === 'decoupled',
      check: ({ maxErr, s }) => ({ holds: maxErr < 0.05 * Math.max(...s), detail: `largest gap ${fmt(maxErr)}, s₁ = ${fmt(Math.max(...s))}` }),
    },
    {
      text: 'The strongest mode is learned first: the simulated modes reach half their singular value in order of s.',
      check: ({ sim, s }) => {
        const half = s.map((sv, i) => sim.t[sim.modes[i].findIndex((a) => a >= sv / 2)]);
        const order = s.map((_, i) => i).sort((i, j) => s[j] - s[i]);
        const holds = order.every((i, k) => half[i] !== undefined && (k === 0 || s[i] === s[order[k - 1]] || half[i] > half[order[k - 1]]));
        return { holds, detail: order.map((i) => `s = ${fmt(s[i])}: ${half[i] === undefined ? 'not reached' : `t = ${fmt(half[i])} τ`}`).join(', ') };
      },
    },
  ],

  // Run in segments, each resumed from the last one's state (bit-identical to one
  // long run, whatever the segment sizes): the dots appear as they are computed,
  // and a paused run resumes from the last segment (Pause cancels the one in
  // flight). Segments are sized to take about SEGMENT_MS: long enough that
  // rebuilding the network for each costs little, short enough to lose little to a
  // Pause. A segment is whole record intervals (`every` steps) when those are
  // quick; a slower interval is cut into pieces, and a piece keeps only its last
  // record, and only if it ends on the interval: the records are those of a single
  // run either way.
  async compute(call, v, run) {
    const s = [v.s1, v.s2, v.s3];
    const every = Math.max(1, Math.floor(v.steps / 40));
    const params = {
      depth: v.depth, width: v.width, singularValues: s, init: v.init, a0: v.a0, scale: v.scale, gain: v.gain,
      lr: v.lr, seed: v.seed, resumable: true,
    };
    const tEnd = v.steps * v.lr;
    const t = Array.from({ length: N_THEORY }, (_, i) => (tEnd * i) / (N_THEORY - 1));
    let sim = null, state, curves = null, done = 0, size = Math.min(every, 10);   // size: steps in the next segment
    while (done < v.steps) {
      const mark = Math.min(v.steps, (Math.floor(done / every) + 1) * every);   // the next record's step
      // Whole intervals from an interval's start; else a piece that stops at the next record.
      const n = done % every === 0 && size >= every
        ? Math.min(v.steps - done, Math.floor(size / every) * every)
        : Math.min(size, mark - done);
      const began = performance.now();
      let seg;
      try {
        seg = await call('deepLinear.simulate', { ...params, steps: n, every: Math.min(every, n), resume: state },
          (f) => run.progress((done + f * n) / v.steps, `step ${Math.floor(done + f * n)} of ${v.steps}`));
      } catch (e) {
        if (e.status !== DLAB_EDIVERGED) throw e;
        throw new EngineError(await divergence(call, v, params, this.params.find((p) => p.key === 'lr')), DLAB_EDIVERGED);
      }
      ({ state } = seg);
      size = Math.max(1, Math.min(4 * n, Math.round((n * SEGMENT_MS) / Math.max(1, performance.now() - began))));
      // A piece's records are its start and end: keep the end if it is the interval's record.
      sim ??= firstRecord(seg);
      if (n >= every || done + n === mark) sim = appendRecords(sim, seg);
      done += n;
      // Theory needs each mode's starting strength: measured, unless the start is decoupled.
      curves ??= await theory(call, v, s, t, sim);
      if (done < v.steps) await run.partial({ sim, t, theory: curves, s, maxErr: NaN, done }, `step ${done} of ${v.steps}`);
    }
    delete sim.state;
    // Theory at the simulation's own record times, for the agreement readout.
    const at = await theory(call, v, s, sim.t, sim);
    let maxErr = at.a.some(Boolean) ? 0 : NaN;
    at.a.forEach((a, i) => { if (a) for (let k = 0; k < a.length; k++) maxErr = Math.max(maxErr, Math.abs(a[k] - sim.modes[i][k])); });
    return { sim, t, theory: curves, s, maxErr, done };
  },

  draw({ sim, t, theory, s }, v) {
    const tt = Float64Array.from(t);
    const a = [], loss = [], layers = [];
    s.forEach((sv, i) => {
      a.push({ label: `mode ${i + 1}, s = ${fmt(sv)}: simulated`, x: sim.t, y: sim.modes[i], colorIndex: i, points: true });
      if (theory.a[i]) a.push({ label: `_theory ${i + 1}`, x: tt, y: theory.a[i], colorIndex: i, width: 2 });
    });
    loss.push({ label: 'simulated', x: sim.t, y: sim.loss, colorIndex: 0, points: true });
    if (theory.a.every(Boolean)) {
      const th = tt.map((_, k) => 0.5 * s.reduce((sum, sv, i) => { const e = sv - theory.a[i][k]; return sum + e * e; }, 0));
      loss.push({ label: v.init === 'decoupled' ? 'theory ½Σ(s − a)²' : 'theory ½Σ(s − a)² (modes only)', x: tt, y: th, colorIndex: 1 });
    }
    const D = sim.layerChange.length, show = D <= 7 ? [...Array(D).keys()] : [0, 1, Math.floor(D / 2), D - 2, D - 1];
    // Balanced starts move every layer alike: draw wide-to-narrow so overlapping curves stay visible.
    show.forEach((l, j) => layers.push({ label: `layer ${l + 1}`, x: sim.t, y: sim.layerChange[l], colorIndex: l % 7, width: Math.max(1, 5 - 1.5 * j) }));
    return { a, loss, layers };
  },

  readout({ sim, theory, maxErr, done }, v) {
    const last = sim.loss.length - 1;
    const missing = theory.notes.filter(Boolean);
    return [
      ['max |simulated − theory| over modes and times',
        !Number.isNaN(maxErr) ? fmt(maxErr) : done < v.steps ? 'when the run ends' : 'no mode has a theory curve'],
      ['what the theory assumes', [INIT_NOTE[v.init], ...missing].join('; ')],
      ['final loss', fmt(sim.loss[last])],
      ['estimated largest stable learning rate', fmt(sim.stableLr)],
      ['time simulated', `${fmt(sim.t[last])} τ in ${done === v.steps ? v.steps : `${done} of ${v.steps}`} steps`],
    ];
  },
};
