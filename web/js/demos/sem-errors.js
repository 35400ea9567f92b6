// Semantic development: the error each group of properties sends back to the items'
// hidden representations over training (after Rogers & McClelland's error signals
// by property level), simulated (dots) against the exact mode dynamics (lines).
import { fmt } from '../format.js';
import { pow } from '../engine/dmath.js';
import { smallNetworkParams, datasetArgs, featureGroups, schedule, runTime, limitItems } from './common/semantic.js';

// Larger trees take seconds per run and draw matrices too fine to read.
const MAX_ITEMS = 64;
const RECORDS = 80;
// Gradient descent is Euler's method on the mode ODE: its lead on the exact curves
// grows in proportion to the step, and deeper modes turn more sharply, so deeper runs take more steps.
const MIN_STEPS = { 2: 1500, 3: 6000 };

/** Per group: its peak, when, and the first time after the peak that the error is at most half of it. */
function falls(t, errors) {
  return errors.map((e) => {
    let k = 0;
    for (let j = 1; j < e.length; j++) if (e[j] > e[k]) k = j;
    const f = e.findIndex((x, j) => j > k && x <= e[k] / 2);
    return { peak: e[k], tPeak: t[k], tHalf: f < 0 ? Infinity : t[f], start: e[0] };
  });
}

const when = (x) => (Number.isFinite(x) ? `${fmt(x)} τ` : 'not within the run');

export default {
  id: 'sem-errors',
  area: 'semantic',
  title: 'Error signals by property group',
  refs: ['saxe2019', 'rogers2004'],
  related: ['sem-stages'],
  live: false,
  params: [
    ...smallNetworkParams(),
    { key: 'init', label: 'Initial weights', help: 'decoupled: weights aligned with the data’s modes, each of strength a₀ (the exact theory); small: small random weights of scale a₀^(1/D).', type: 'choice', options: ['decoupled', 'small'], def: 'decoupled' },
    { key: 'a0', label: 'Initial mode strength a₀', type: 'real', min: 1e-4, max: 0.1, def: 1e-3, scale: 'log' },
    { key: 'relative', label: 'Show each group relative to its peak', help: 'Divide each group’s error by its largest value, so groups of different sizes compare on one scale.', type: 'choice', options: ['no', 'yes'], def: 'no', view: true },
  ],
  charts: [
    { id: 'errors', title: 'Error sent back to the hidden layer by each group of properties: simulated (dots), theory (lines)', xLabel: 'time t / τ', yLabel: 'error signal ‖δ_G‖', yMin: 0 },
  ],
  equation: `
    <p>The properties are grouped by how general they are: a property belongs to the coarsest level of the item hierarchy
       at which it is the same for every item of a group (“grows”: all items; “has wings”: the birds; “is red”: one item).</p>
    <p>Group G sends back to the first hidden layer the error signal
       <span class="math">δ<sub>G</sub> = (W<sup>D</sup>⋯W<sup>2</sup>)<sub>G</sub><sup>T</sup> (Y − W<sub>tot</sub>)<sub>G</sub></span>
       (one column per item); the chart shows its size <span class="math">‖δ<sub>G</sub>‖</span> summed over items (Frobenius norm).</p>
    <p>From a balanced, decoupled start, <span class="math">W<sup>D</sup>⋯W<sup>2</sup> = U A<sup>(D−1)/D</sup> R<sup>T</sup></span> and
       <span class="math">Y − W<sub>tot</sub> = U (S − A) V<sup>T</sup></span>, so
       <span class="math">‖δ<sub>G</sub>‖<sup>2</sup> = Σ<sub>αβ</sub> a<sub>α</sub><sup>2(D−1)/D</sup> (U<sub>G</sub><sup>T</sup>U<sub>G</sub>)<sub>αβ</sub><sup>2</sup> (s<sub>β</sub> − a<sub>β</sub>)<sup>2</sup></span>
       with each <span class="math">a<sub>α</sub>(t)</span> the exact mode strength: a group’s error lasts until the modes that carry its properties are learned.
       The lines are this theory from a decoupled start at a₀; a small random start begins its modes at other strengths, so its dots keep the order but not the timing.</p>`,
  lookFor: `Watch when each group's error signal peaks and dies away: the general properties' first, the item-specific ones' last.
    Show each group relative to its peak to compare the groups on one scale; then try the living-things set, depth 3 and small random starts.`,
  claims: [
    {
      text: 'The error from the general properties falls first: each group’s error signal drops to half its peak earlier than that of the more specific group below it.',
      check: ({ t, errors, names }) => {
        const f = falls(t, errors);
        return { holds: f.every((x, g) => Number.isFinite(x.tHalf) && (g === 0 || x.tHalf > f[g - 1].tHalf)),
          detail: f.map((x, g) => `${names[g]}: ${when(x.tHalf)}`).join('; ') };
      },
    },
    {
      text: 'No group sends much error back at first: the signal grows over tenfold before it falls, because the weights that carry it back start small.',
      check: ({ t, errors }) => {
        const g = Math.min(...falls(t, errors).map((x) => x.peak / x.start));
        return { holds: g > 10, detail: `smallest growth from the start to the peak ×${fmt(g)}` };
      },
    },
    {
      text: 'From the decoupled start the simulation follows the exact mode dynamics: every group’s error signal stays within 10 % of its peak from the theory (the gap is the step size’s and shrinks with it).',
      when: (v) => v.init === 'decoupled',
      check: ({ errors, theory }) => {
        const gap = Math.max(...errors.map((e, g) => {
          const th = theory[g], peak = Math.max(...th);
          return e.reduce((m, x, k) => Math.max(m, Math.abs(x - th[k])), 0) / peak;
        }));
        return { holds: gap < 0.1, detail: `largest gap ${fmt(100 * gap)} % of the theory’s peak` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', datasetArgs(v));
    limitItems(data, MAX_ITEMS);
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const { groups, names } = featureGroups(data);
    const net = { Y: data.Y, rows: data.rows, cols: data.cols, depth: v.depth, init: v.init, a0: v.a0,
      scale: pow(v.a0, 1 / v.depth), seed: v.seed };
    const tmax = await runTime(call, svd.S, v.depth, v.a0, 2);
    const { lr, steps, every } = await schedule(call, net, tmax, { minSteps: MIN_STEPS[v.depth], records: RECORDS });
    const r = await call('semantic.groupErrors', { ...net, lr, steps, every, groups });
    return { names, t: r.t, errors: r.errors, theory: r.theory };
  },

  draw({ names, t, errors, theory }, v) {
    const out = [];
    errors.forEach((e, g) => {
      const k = v.relative === 'yes' ? 1 / Math.max(...e) : 1;
      out.push({ label: `${names[g]}: simulated`, x: t, y: e.map((x) => k * x), points: true, colorIndex: g });
      out.push({ label: `_theory ${g}`, x: t, y: theory[g].map((x) => k * x), colorIndex: g });
    });
    return { errors: out };
  },

  readout({ names, t, errors }) {
    return falls(t, errors).map((x, g) => [names[g], `peak ${fmt(x.peak)} at ${fmt(x.tPeak)} τ; half of it again at ${when(x.tHalf)}`]);
  },
};
