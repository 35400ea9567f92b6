// Guided tours: one per area, a short path through its views. A step puts a
// demo in a state (`demo` + the values it `set`s over the defaults), says what to
// do and what to notice, and makes `notice` a checked claim, in the form demos
// give their claims: `check(data, values, { drawn, other })` returns
// { holds, detail } for that state's computed result (tests/js/tours.test.mjs
// runs every step headless and requires holds). `drawn` is demo.draw's output,
// what the student sees; `other(set)` resolves to { data, values, drawn } of the
// same demo with `set` over the step's values, for a notice that compares two states.
// A step's page URL is `#/tour/<tour id>/<step number, from 1>`.
import { DEMOS } from './index.js';
import { defaults, toHash } from './state.js';
import { log } from '../engine/dmath.js';
import { fmt } from '../format.js';

/** Index of the largest element. */
const argmax = (a) => Array.from(a).reduce((k, x, i, arr) => (x > arr[k] ? i : k), 0);

/** Is the array strictly increasing? */
const increasing = (a) => a.every((x, i) => i === 0 || x > a[i - 1]);

/** First x at which y reaches `level` (linear interpolation), or Infinity. */
function crossing(x, y, level) {
  for (let i = 1; i < y.length; i++) {
    if (y[i] >= level) return x[i - 1] + ((level - y[i - 1]) * (x[i] - x[i - 1])) / (y[i] - y[i - 1]);
  }
  return Infinity;
}

/** The visible series of a drawn chart (labels starting with '_' are helpers). */
const shown = (series) => series.filter((s) => !s.label.startsWith('_'));

/** D = 2 half-learning time from a0 (Saxe et al. 2014): t½ = ln(s/a0 − 1) / (2s). */
const halfD2 = (s, a0) => log(s / a0 - 1) / (2 * s);

export const TOURS = [
  {
    id: 'deep-linear',
    title: 'Learning in stages: deep linear networks',
    summary: 'Why a deep network learns in sudden steps, strongest structure first, and how depth and the starting weights change that.',
    steps: [
      {
        demo: 'modes', set: {},
        title: 'Plateaus, then sudden learning',
        do: 'Read the chart: three input–output modes, of strengths s = 3, 2 and 1, in a network with one hidden layer (D = 2) that starts almost silent (a₀ = 0.001).',
        notice: 'Each mode waits on a plateau near a₀, then rises quickly to its singular value s. The strongest goes first: mode 1 reaches s/2 at about 1.3 τ, mode 3 only at about 3.5 τ (the table under the controls).',
        check: (d) => {
          const half = d.modes.map((m) => m.half);
          const holds = increasing(half) && Math.abs(half[0] - 1.33) < 0.05 && Math.abs(half[2] - 3.45) < 0.05
            && d.modes.every((m) => m.a[0] < 0.01 * m.s && m.a.at(-1) > 0.95 * m.s);
          return { holds, detail: `t½ = ${half.map((t) => fmt(t)).join(', ')} τ` };
        },
      },
      {
        demo: 'modes', set: { a0: 1e-5, tmax: 10 },
        title: 'A smaller start, a longer wait',
        do: 'The initial strength a₀ is now 100 times smaller. Move the a₀ slider yourself and watch the plateaus.',
        notice: 'Every plateau is longer: at D = 2 the half-way time is ln(s/a₀ − 1)/(2s) τ, so a start 100 times smaller adds about ln(100)/(2s) τ, most for the weakest mode. Mode 1 now needs about 2.1 τ, mode 3 about 5.8 τ.',
        check: (d, v) => {
          const holds = d.modes.every((m) => Math.abs(m.half - halfD2(m.s, v.a0)) < 1e-6 * m.half)
            && Math.abs(d.modes[0].half - 2.1) < 0.05 && Math.abs(d.modes[2].half - 5.76) < 0.05;
          return { holds, detail: d.modes.map((m) => `t½ = ${fmt(m.half)} τ (formula ${fmt(halfD2(m.s, v.a0))} τ)`).join(', ') };
        },
      },
      {
        demo: 'modes', set: { depth: 1 },
        title: 'A shallow network has no plateau',
        do: 'Depth D = 1: one weight matrix, no hidden layer.',
        notice: 'The curves rise at once and exponentially, and every mode reaches half its value at the same time, ln 2 ≈ 0.69 τ, whatever its strength: without depth there are no stages and no order.',
        check: (d) => {
          const concave = (a) => a.every((x, i) => i < 2 || x - a[i - 1] <= a[i - 1] - a[i - 2] + 1e-12);
          const holds = d.modes.every((m) => Math.abs(m.half - Math.LN2) < 0.01 && concave(m.a));
          return { holds, detail: `t½ = ${d.modes.map((m) => fmt(m.half)).join(', ')} τ, every curve concave` };
        },
      },
      {
        demo: 'gd-modes', set: {},
        title: 'Simulated gradient descent on the theory',
        do: 'Each dot is a real network (width 8, depth 3) trained by gradient descent with learning rate 0.01; the lines are the exact mode dynamics.',
        notice: 'The dots follow the lines. The largest gap (first row of the table), about 0.1, sits where the curves rise fastest: it is the error of taking finite steps.',
        check: (d) => ({ holds: d.maxErr > 0.07 && d.maxErr < 0.13, detail: `largest gap ${fmt(d.maxErr)}` }),
      },
      {
        demo: 'gd-modes', set: { lr: 0.005, steps: 1200 },
        title: 'Halve the step, halve the gap',
        do: 'The learning rate is halved and the number of steps doubled, so the network trains for the same time.',
        notice: 'The largest gap between dots and lines is now about half of what it was: the simulation approaches the theory in proportion to the learning rate.',
        check: async (d, v, { other }) => {
          const before = (await other({ lr: 0.01, steps: 600 })).data.maxErr;
          return { holds: d.maxErr / before > 0.4 && d.maxErr / before < 0.6, detail: `largest gap ${fmt(d.maxErr)}, against ${fmt(before)} at lr = 0.01` };
        },
      },
      {
        demo: 'depth-speed', set: { maxDepth: 30 },
        title: 'Deep networks can learn as fast as shallow ones',
        do: 'Each point is a network trained until its loss falls below 5 % of where it started, with the learning rate scaled as 1/D.',
        notice: 'From orthogonal or decoupled starts the number of epochs hardly changes from depth 1 to depth 30. From a scaled Gaussian start it grows many times over.',
        check: (d) => {
          const { orthogonal: o, decoupled: c, gaussian: g } = d.steps, last = d.depths.length - 1;
          const holds = o[last] / o[0] < 1.5 && c[last] / c[0] < 1.5 && !(g[last] / g[0] < 10);
          return { holds, detail: `epochs at D = 1 → ${d.depths[last]}: orthogonal ${o[0]} → ${o[last]}, decoupled ${c[0]} → ${c[last]}, Gaussian ${g[0]} → ${g[last]}` };
        },
      },
      {
        demo: 'isometry', set: {},
        title: 'Why: dynamical isometry',
        do: 'The histogram counts the singular values of the product of 10 random layers of width 64.',
        notice: 'The orthogonal product keeps all 64 singular values exactly equal (gᴰ = 1): every direction passes unchanged. The Gaussian product spreads them over more than ten decades, so most directions are nearly lost.',
        check: (d, v) => {
          const o = d.orthogonal[v.depth - 1], g = d.gaussian[v.depth - 1];
          const spread = (x) => Math.max(...x) / Math.min(...x);
          return { holds: spread(o) - 1 < 1e-9 && spread(g) > 1e10, detail: `largest / smallest: orthogonal ${fmt(spread(o))}, Gaussian ${fmt(spread(g))}` };
        },
      },
      {
        demo: 'rich-lazy', set: {},
        title: 'Rich and lazy learning',
        do: 'λ sets how unequal the two layers are at the start (λ = 0: balanced); the sweep trains a network at each λ.',
        notice: 'Near λ = 0 the tangent kernel is rebuilt completely (relative change ≈ 1): rich learning. At λ = ±20 it moves by only a few per cent: lazy learning.',
        check: (d) => {
          const mid = Math.floor(d.lambdas.length / 2);
          return { holds: d.ntk[mid] > 0.9 && d.ntk[0] < 0.05 && d.ntk.at(-1) < 0.05,
            detail: `tangent-kernel change ${fmt(d.ntk[mid])} at λ = 0, ${fmt(d.ntk[0])} and ${fmt(d.ntk.at(-1))} at the ends` };
        },
      },
      {
        demo: 'lazy-rich-dynamics', set: {},
        title: 'Reversing a task: lazy relearns, rich stalls',
        do: 'Three networks start at λ = 0, 2 and 8; at t = 10 τ every target flips sign. Dots are gradient descent, lines the exact solution.',
        notice: 'The lazy network (λ = 8) learns the reversed task: its loss on it falls to nothing. The balanced one (λ = 0) cannot: its function shrinks to W = 0, a saddle, and stays there. The dots lie on the lines.',
        check: (d) => {
          const [rich, , lazy] = d.runs, gap = Math.max(...d.runs.map((r) => r.fnGap));
          const lazyEnd = lazy.lossB.at(-1) / d.zeroLoss, richEnd = rich.lossB.at(-1) / d.zeroLoss;
          return { holds: lazyEnd < 1e-6 && Math.abs(richEnd - 1) < 0.01 && gap < 0.03,
            detail: `loss on the reversed task at the end / at W = 0: ${fmt(lazyEnd)} at λ = 8, ${fmt(richEnd)} at λ = 0; largest gap to the exact solution ${fmt(gap)}` };
        },
      },
    ],
  },
  {
    id: 'semantic',
    title: 'How a network learns what things are',
    summary: 'Broad categories before fine ones, sudden stages, a penguin that flies for a while, and why coherent categories are easy.',
    steps: [
      {
        demo: 'sem-data', set: {},
        title: 'Data with a hierarchy',
        do: 'The matrix lists 8 items (the leaves of a binary tree with 3 levels) and 15 properties, one for each node of the tree.',
        notice: 'The singular value decomposition finds the tree: each mode splits the items at one level, and the singular values fall level by level, √15, √7, √3, 1, exactly as s² = (B^(L−k) − 1)/(B − 1) gives.',
        check: (d) => {
          const S = Array.from(d.svd.S), th = Array.from(d.theory.s);
          const byLevel = th.map((_, k) => S.filter((s, a) => d.level[a] === k));
          const holds = byLevel.every((ss, k) => ss.length > 0 && ss.every((s) => Math.abs(s - th[k]) < 1e-9 * th[0]))
            && [15, 7, 3, 1].every((x, k) => Math.abs(th[k] - Math.sqrt(x)) < 1e-12);
          return { holds, detail: byLevel.map((ss, k) => `level ${k}: ${ss.map((x) => fmt(x)).join(', ')}`).join('; ') };
        },
      },
      {
        demo: 'sem-data', set: { dataset: 'living' },
        title: 'Real categories are not a perfect tree',
        do: 'The living-things set: pine, oak, rose, daisy, robin, canary, penguin, sunfish, salmon and 23 properties. The penguin swims, the pine has no leaves.',
        notice: 'The strongest mode still treats all items alike, the next splits plants from animals, and the next two split trees from flowers and birds from fish.',
        check: (d) => ({ holds: d.level[0] === 0 && d.level[1] === 1 && d.level[2] === 2 && d.level[3] === 2,
          detail: `levels of the four strongest modes: ${Array.from(d.level.slice(0, 4)).join(', ')}` }),
      },
      {
        demo: 'sem-stages', set: {},
        title: 'Stages in a deep network, none in a shallow one',
        do: 'Both networks learn the tree data. Each curve is one level of the hierarchy: how much of it has been learned.',
        notice: 'The deep network learns each level in its own sudden transition, the broadest first, and the finest takes over three times as long. The shallow network learns every level together.',
        check: (d, v, { drawn }) => {
          const half = (series) => shown(series).map((s) => crossing(s.x, s.y, 0.5));
          const deep = half(drawn.deep), flat = half(drawn.shallow);
          return { holds: increasing(deep) && deep.at(-1) / deep[0] > 3 && Math.max(...flat) / Math.min(...flat) < 1.1,
            detail: `half learned at ${deep.map((t) => fmt(t)).join(', ')} τ (deep), ${flat.map((t) => fmt(t)).join(', ')} τ (shallow)` };
        },
      },
      {
        demo: 'sem-differentiation', set: {},
        title: 'Progressive differentiation',
        do: 'Watch the items’ hidden representations move apart (the MDS paths), and slide “Time shown” to see the similarity matrix at any moment.',
        notice: 'The items separate from coarse to fine: plants from animals first, then trees from flowers and birds from fish, and the single items last (the distances chart).',
        check: (d, v, { drawn }) => {
          const mid = shown(drawn.dist).filter((s) => s.label.startsWith('split'))
            .map((s) => crossing(s.x, s.y, (s.y[0] + s.y.at(-1)) / 2));
          return { holds: mid.length === 3 && increasing(mid), detail: `half-way apart at ${mid.map((t) => fmt(t)).join(', ')} τ` };
        },
      },
      {
        demo: 'sem-illusory', set: {},
        title: 'Illusory correlations: the flying penguin',
        do: 'The chart follows one answer of the network during training: does the penguin fly?',
        notice: 'The answer rises to about 0.5 while the network knows only that the penguin is an animal and a bird, then falls back to the truth, 0, once the mode that singles out the penguin is learned.',
        check: (d, v, { drawn }) => {
          const y = Array.from(drawn.out[0].y), top = argmax(y);
          return { holds: y[top] > 0.4 && y[top] < 0.6 && top < y.length - 1 && Math.abs(y.at(-1)) < 0.05,
            detail: `largest answer ${fmt(y[top])}, final ${fmt(y.at(-1))}` };
        },
      },
      {
        demo: 'sem-coherence', set: {},
        title: 'Coherent categories are learned as a whole',
        do: 'Each dot is a random item × property matrix with a planted category; r measures how coherent the category is.',
        notice: 'Below r = 1 the top mode has nothing to do with the category (overlap under 0.1). Well above it (r > 3) the mode lines up with the category (overlap over one half) and the network learns the category faster. At this size (N = 48) the transition between is smoothed.',
        check: (d) => {
          const { ratios, itemOverlap, learnTime } = d.res;
          const below = [], above = [];
          ratios.forEach((r, i) => { if (r < 1) below.push(i); if (r > 3) above.push(i); });
          const at = (idx, a) => idx.map((i) => a[i]);
          const holds = below.length > 0 && above.length > 0 && below.every((i) => itemOverlap[i] < 0.1) && above.every((i) => itemOverlap[i] > 0.5)
            && Math.max(...at(above, learnTime)) < Math.min(...at(below, learnTime));
          return { holds, detail: `overlap ≤ ${fmt(Math.max(...at(below, itemOverlap)))} below r = 1, ≥ ${fmt(Math.min(...at(above, itemOverlap)))} above r = 3` };
        },
      },
      {
        demo: 'sem-induction', set: {},
        title: 'What a new fact generalises to',
        do: 'The middle chart: the canary is given a new property. Which other items does the network think have it?',
        notice: 'Early on (t ≈ 0.5 τ) every living thing gets a good share of it, a third or more. As training goes on the trees lose it almost entirely, and in the end the robin, the other songbird, gets the largest share.',
        check: (d, v, { drawn }) => {
          const items = drawn.novelProp, t = items[0].x;
          const early = t.findIndex((x) => x >= 0.4), end = t.length - 1;
          const others = items.filter((s) => s.label !== v.item);
          const at = (name, k) => items.find((s) => s.label === name).y[k];
          const top = others[argmax(others.map((s) => s.y[end]))].label;
          return { holds: others.every((s) => s.y[early] >= 1 / 3) && at('pine', end) < 0.1 && at('oak', end) < 0.1 && top === 'robin',
            detail: `smallest share at t = ${fmt(t[early])} τ: ${fmt(Math.min(...others.map((s) => s.y[early])))}; at the end pine ${fmt(at('pine', end))}, oak ${fmt(at('oak', end))}, largest: ${top}` };
        },
      },
    ],
  },
  {
    id: 'chaos',
    title: 'Order, chaos and the edge between',
    summary: 'What a deep random network does to the length of an input, to two nearby inputs, and to a whole circle of them.',
    steps: [
      {
        demo: 'chaos-length', set: {},
        title: 'Lengths settle to a fixed point',
        do: 'An input enters a deep random tanh network (σw = 2.5, σb = 0.3). The cobweb follows its length per neuron, q, from layer to layer.',
        notice: 'Wherever it starts, the length reaches the same value q* within a few layers (the chart of qˡ against depth): the point where the curve V(q) crosses the diagonal.',
        check: (d) => ({ holds: d.fp.qStar > 0 && d.starts.every((s) => Math.abs(s.q.at(-1) - d.fp.qStar) < 1e-6 * d.fp.qStar),
          detail: `q* = ${fmt(d.fp.qStar)}; deepest layer: ${d.starts.map((s) => fmt(s.q.at(-1))).join(', ')}` }),
      },
      {
        demo: 'chaos-length', set: { sw: 0.8, sb: 0 },
        title: 'Signals that die out',
        do: 'Weights are small now (σw = 0.8) and there is no bias.',
        notice: 'The only fixed point is q* = 0: every input fades towards nothing as it goes deeper.',
        check: (d) => ({ holds: d.fp.qStar === 0 && d.starts.every((s) => s.q.at(-1) < 0.01 * s.q[0]),
          detail: `q* = ${fmt(d.fp.qStar)}; deepest layer: ${d.starts.map((s) => fmt(s.q.at(-1))).join(', ')}` }),
      },
      {
        demo: 'chaos-corr', set: {},
        title: 'Two inputs: merge or fly apart',
        do: 'Pairs of inputs with correlations 0.8, 0.5 and 0.2 pass through networks with three weight scales σw; the chart against depth follows them for 30 layers.',
        notice: 'At σw = 1.3 (χ₁ < 1, ordered) every pair is pulled together: its correlation climbs towards 1. At σw = 2.5 and 4 (χ₁ > 1, chaotic) every pair ends at the same correlation c* far below 1, whatever it started from, and the larger σw, the smaller c*.',
        check: (d) => {
          const [a, b, c] = d.curves;
          const settles = (cv) => cv.fp.chi1 > 1 && cv.paths.every((p) => Math.abs(p.at(-1) - cv.fp.cStar) < 0.01);
          const holds = a.fp.chi1 < 1 && a.fp.cStar === 1 && a.paths.every((p) => increasing(Array.from(p)))
            && settles(b) && settles(c) && c.fp.cStar < b.fp.cStar && b.fp.cStar < 0.5;
          return { holds, detail: d.curves.map((cv) => `σw = ${fmt(cv.sw)}: χ₁ = ${fmt(cv.fp.chi1)}, c* = ${fmt(cv.fp.cStar)}, ends ${cv.paths.map((p) => fmt(p.at(-1))).join(', ')}`).join('; ') };
        },
      },
      {
        demo: 'chaos-corr', set: { sb: 0 },
        title: 'Without bias, chaos forgets everything',
        do: 'The same three networks with no bias (σb = 0).',
        notice: 'At σw = 2.5 and 4 the pairs now head for c* = 0, and within the 30 layers shown they get there (below 0.05): deep enough, any two different inputs become uncorrelated. At σw = 1.3, just past the edge of chaos, they drift there slowly.',
        check: (d) => ({ holds: d.curves.slice(1).every((cv) => cv.fp.chi1 > 1 && Math.abs(cv.fp.cStar) < 1e-9 && cv.paths.every((p) => Math.abs(p.at(-1)) < 0.05)),
          detail: d.curves.slice(1).map((cv) => `σw = ${fmt(cv.sw)}: c* = ${fmt(cv.fp.cStar)}, ends ${cv.paths.map((p) => fmt(p.at(-1))).join(', ')}`).join('; ') }),
      },
      {
        demo: 'chaos-phase', set: { res: 40 },
        title: 'The edge of chaos',
        do: 'The maps colour every (σw, σb) by χ₁ and by the correlation depth scale ξ_c; the line is χ₁ = 1. Raise the resolution for a finer grid (it takes longer).',
        notice: 'Along the dashed cut σb = 0.3 (the depth-scale chart) ξ_c, the depth over which two inputs stay distinguishable, peaks right at the boundary, while ξ_q, the depth scale of lengths, stays below 2 layers.',
        check: (d) => {
          const { sw, xiC, xiQ, boundary } = d.cut, n = sw.length, crit = boundary[0];
          const peak = sw[argmax(Array.from(xiC.slice(0, n), (x) => (Number.isFinite(x) ? x : -1)))];
          const xiQmax = Math.max(...xiQ.slice(0, n).filter(Number.isFinite));
          return { holds: Math.abs(peak - crit) <= 2 * (sw[1] - sw[0]) && xiQmax < 2,
            detail: `ξ_c peaks at σw = ${fmt(peak)}, boundary at ${fmt(crit)}; largest ξ_q ${fmt(xiQmax)}` };
        },
      },
      {
        demo: 'chaos-phase', set: { res: 40, phi: 'relu' },
        title: 'ReLU’s straight boundary',
        do: 'The same maps for ReLU networks.',
        notice: 'For ReLU χ₁ = σw²/2 whatever the bias, so the boundary is the vertical line σw = √2 ≈ 1.41. To its right the lengths have no finite fixed point (grey).',
        check: (d) => {
          const b = Array.from(d.pd.boundary).filter(Number.isFinite);
          return { holds: b.length > 0 && b.every((x) => Math.abs(x - Math.SQRT2) < 1e-6), detail: `boundary σw from ${fmt(Math.min(...b))} to ${fmt(Math.max(...b))}` };
        },
      },
      {
        demo: 'chaos-circle', set: { width: 300, layers: 10, points: 64 },
        title: 'A circle crumpled by chaos',
        do: 'A circle of 64 inputs passes through a chaotic tanh network of width 300.',
        notice: 'Layer after layer the circle gets longer, by a factor √χ₁ each time, and winds through ever more dimensions (the participation ratio in the table grows), as the theory (lines) predicts for the simulation (dots).',
        check: (d) => {
          const th = d.theory.lengthE, L = d.layers - 1;
          const holds = d.chi1 > 1 && Math.abs(d.lengthE[L] / th[L] - 1) < 0.1 && increasing(th)
            && Math.abs(th[L] / th[L - 1] - Math.sqrt(d.chi1)) < 1e-6 * Math.sqrt(d.chi1) && d.participation[L] > 2 * d.participation[0];
          return { holds, detail: `growth per layer ${fmt(th[L] / th[L - 1])} = √χ₁; simulation / theory at the last layer ${fmt(d.lengthE[L] / th[L])}; participation ratio ${fmt(d.participation[0])} → ${fmt(d.participation[L])}` };
        },
      },
      {
        demo: 'chaos-circle', set: { width: 300, layers: 10, points: 64, sw: 0.8 },
        title: 'Order: the circle shrinks to a point',
        do: 'The same circle through an ordered network (σw = 0.8).',
        notice: 'Now χ₁ < 1: the circle contracts layer after layer towards a point, and the network forgets the shape it was given.',
        check: (d) => ({ holds: d.chi1 < 1 && d.lengthE.every((x, i) => i === 0 || x < d.lengthE[i - 1]) && d.lengthE.at(-1) < 0.2 * d.lengthE[0],
          detail: `χ₁ = ${fmt(d.chi1)}; length ${fmt(d.lengthE[0])} → ${fmt(d.lengthE.at(-1))}` }),
      },
    ],
  },
  {
    id: 'perceptual',
    title: 'Which layers change when we practise',
    summary: 'A deep linear model of a fine orientation discrimination: what changes, where, first, and what transfers.',
    steps: [
      {
        demo: 'pl-reduction', set: {},
        title: 'A whole network, two numbers',
        do: 'A network of 60 orientation-tuned neurons and a decision unit learns to tell two orientations 4° apart.',
        notice: 'The dots (the full network, trained by gradient descent) sit on the lines: two numbers, α for the input layer and β for the decision layer, describe the whole learning.',
        check: (d) => {
          const { alpha, beta, agreement } = d.sim;
          return { holds: agreement.alpha < 0.01 * Math.max(...alpha) && agreement.beta < 0.01 * Math.max(...beta),
            detail: `largest gaps ${fmt(agreement.alpha)} (α), ${fmt(agreement.beta)} (β)` };
        },
      },
      {
        demo: 'pl-reduction', set: {},
        title: 'The decision layer changes more, and first',
        do: 'Look at the ratio chart, β/α.',
        notice: 'β stays above √2·α at every moment. Early on β/α is large (it follows √(2/α)); later it falls towards √2: the higher layer moves first and most.',
        check: (d) => {
          const { alpha: a, beta: b } = d.sim;
          const k = a.findIndex((x) => x > 1e-12), early = b[k] / a[k], late = b.at(-1) / a.at(-1);
          return { holds: a.every((x, i) => b[i] >= Math.SQRT2 * x) && early > 5 && late < early && late > Math.SQRT2,
            detail: `β/α from ${fmt(early)} to ${fmt(late)}` };
        },
      },
      {
        demo: 'pl-reduction', set: { offset: 30 },
        title: 'An easy task changes only the decision layer',
        do: 'The two stimuli are now 60° apart: a coarse, easy discrimination.',
        notice: 'β alone brings the output to its target, and α ends below 0.01, against about 1 in the fine task: the input layer is left almost untouched.',
        check: async (d, v, { other }) => {
          const fine = (await other({ offset: 2 })).data.sim.alpha.at(-1);
          return { holds: d.sim.alpha.at(-1) < 0.01 && fine > 0.8 && d.sim.margin.at(-1) > 0.99 * d.sim.c,
            detail: `final α ${fmt(d.sim.alpha.at(-1))} (fine task ${fmt(fine)}), output ${fmt(d.sim.margin.at(-1) / d.sim.c)} of its target` };
        },
      },
      {
        demo: 'pl-precision', set: {},
        title: 'Which neurons change',
        do: 'Fine task (stimuli at ±2°) and coarse task (±30°), input neurons with tuning width 12°.',
        notice: 'In the fine task the neurons that change most prefer orientations several degrees from the reference, where their tuning curves are steepest; those tuned to the reference itself barely move. In the coarse task the neurons preferring the two stimuli change most.',
        check: (d, v) => {
          const f = d.fine.neurons, c = d.coarse.neurons;
          const fTop = Math.abs(f.pref[argmax(f.input)]), cTop = Math.abs(c.pref[argmax(c.input)]);
          const centre = argmax(Array.from(f.pref, (p) => -Math.abs(p)));
          const holds = fTop > 0.4 * v.width && fTop < 1.6 * v.width && f.input[centre] < 0.2 * Math.max(...f.input)
            && Math.abs(cTop - v.coarse) < v.width / 2;
          return { holds, detail: `most changed: ±${fmt(fTop)}° (fine), ±${fmt(cTop)}° (coarse); at the reference ${fmt(f.input[centre] / Math.max(...f.input))} of the largest` };
        },
      },
      {
        demo: 'pl-hierarchy', set: {},
        title: 'The reverse hierarchy',
        do: 'A chain of four layers whose higher layers start less tuned to the task.',
        notice: 'At every moment of training the top layer has changed most and the input layer least.',
        check: (d) => {
          const change = (i) => d.sim.b.map((b) => b[i] - b[0]);
          return { holds: d.sim.t.every((_, i) => i === 0 || increasing(change(i))), detail: `final changes ${change(d.sim.t.length - 1).map((x) => fmt(x)).join(' < ')}` };
        },
      },
      {
        demo: 'pl-transfer', set: {},
        title: 'What transfers to a new position',
        do: 'The network trains at position a first, then at position b.',
        notice: 'While it trains at a, performance at b rises too, but only through the decision layer: the input-layer change seen from b stays exactly 0, and the decision strength at b is β times the overlap cₐ·c_b of the two positions.',
        check: (d) => {
          const s = d.sim;
          const first = s.t.map((t, i) => i).filter((i) => s.t[i] <= s.switchAt && s.t[i] > 0);
          const last = first.at(-1);
          return { holds: first.every((i) => s.alphaB[i] === 0 && Math.abs(s.betaB[i] / s.beta[i] - s.cab) < 1e-9) && s.cab < 1 && s.marginB[last] > 0,
            detail: `α at b ${fmt(s.alphaB[last])}; β at b / β ${fmt(s.betaB[last] / s.beta[last])}, cₐ·c_b ${fmt(s.cab)}` };
        },
      },
      {
        demo: 'pl-topology', set: {},
        title: 'Parallel or serial',
        do: 'The same informativeness values, wired in parallel (first chart) and in series (second chart).',
        notice: 'In parallel the most informative unit changes most. In series the least informative layer changes most: wiring decides where learning goes.',
        check: (d) => {
          const p = argmax(d.res.parallelChange) + 1, s = argmax(d.res.serialChange) + 1;
          return { holds: p === 1 && s === d.info.length, detail: `most changed: unit ${p} (parallel), layer ${s} of ${d.info.length} (serial)` };
        },
      },
      {
        demo: 'pl-pathways', set: {},
        title: 'Many pathways: each mode picks one',
        do: 'Three parallel deep pathways learn the same task, summed at the output.',
        notice: 'Shallow pathways share every mode evenly (concentration about 1/P = 0.33 at depth 1). The deeper the pathways, the more each mode ends up carried by one of them: the concentration rises with depth (the last chart).',
        check: (d, v) => ({ holds: Math.abs(d.conc[0] - 1 / v.pathways) < 0.02 && increasing(d.conc) && d.conc.at(-1) > d.conc[0] + 0.3,
          detail: `concentration by depth ${d.conc.map((x) => fmt(x)).join(', ')}` }),
      },
    ],
  },
];

/** The demo a step shows, and its full state (the step's `set` over the demo's defaults). */
export function stepState(step) {
  const demo = DEMOS.find((d) => d.id === step.demo);
  return { demo, values: { ...defaults(demo), ...step.set } };
}

/** The step's state as an ordinary demo link. */
export function stepLink(step) {
  const { demo, values } = stepState(step);
  return toHash(demo, values);
}

/** The tour step's page URL; n counts from 1. */
export const tourHash = (tour, n) => `#/tour/${tour.id}/${n}`;
