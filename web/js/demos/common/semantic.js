// Shared pieces of the semantic-development views (area 'semantic'): the
// dataset controls, example CSVs, hierarchy partitions of the items and the
// step size and duration of a run.
import { LIVING } from '../../engine/solvers/semantic.js';
import { pow } from '../../engine/dmath.js';

// Two small example matrices for the 'csv' path (item x property, as a user pastes them).
export const CSV_EXAMPLES = {
  'csv-animals': `item,has fur,barks,meows,purrs,has feathers,flies,sings,lays eggs,swims,has gills
dog,1,1,0,0,0,0,0,0,1,0
wolf,1,1,0,0,0,0,0,0,1,0
cat,1,0,1,1,0,0,0,0,0,0
lion,1,0,0,1,0,0,0,0,0,0
sparrow,0,0,0,0,1,1,1,1,0,0
crow,0,0,0,0,1,1,0,1,0,0
trout,0,0,0,0,0,0,0,1,1,1
shark,0,0,0,0,0,0,0,0,1,1`,
  'csv-vehicles': `item,wheels,engine,pedals,wings,sails,rails,carries cargo
bicycle,1,0,1,0,0,0,0
scooter,1,1,0,0,0,0,0
car,1,1,1,0,0,0,0
truck,1,1,1,0,0,0,1
train,1,1,0,0,0,1,1
plane,1,1,1,1,0,0,1
sailboat,0,0,0,0,1,0,0`,
};

export const DATASETS = ['tree', 'diffusion', 'living', 'planted', ...Object.keys(CSV_EXAMPLES), 'your-csv'];

// Pasted tables travel in the link, so they are kept to a size links carry everywhere.
const MAX_PASTE = 10000;

// Which controls matter for the chosen dataset (the others are hidden, not dropped).
const treeLike = (v) => v.dataset === 'tree' || v.dataset === 'diffusion';
const diffusion = (v) => v.dataset === 'diffusion';

/** The dataset controls; `which` picks the dataset options offered. */
export function dataParams(which = DATASETS, def = 'tree') {
  const paste = which.includes('your-csv') ? [{
    key: 'csv', label: 'Your CSV: item × property table', type: 'text', maxLength: MAX_PASTE, def: '', rows: 7,
    placeholder: CSV_EXAMPLES['csv-vehicles'], showIf: (v) => v.dataset === 'your-csv',
    hint: `a header (item, then property names), one line per item; numbers in the cells; at most ${MAX_PASTE} characters. Ctrl+Enter or leaving the box takes it.`,
  }] : [];
  return [
    { key: 'dataset', label: 'Dataset', type: 'choice', options: which, def },
    ...paste,
    { key: 'branching', label: 'Tree: branching factor', type: 'int', min: 2, max: 4, step: 1, def: 2, showIf: treeLike },
    { key: 'levels', label: 'Tree: levels below the root', type: 'int', min: 1, max: 8, step: 1, def: 3, showIf: treeLike },
    { key: 'eps', label: 'Diffusion: flip probability ε', type: 'real', min: 0, max: 0.5, step: 0.01, def: 0.1, showIf: diffusion },
    { key: 'features', label: 'Diffusion: features N', type: 'int', min: 1, max: 1000, step: 1, def: 200, showIf: diffusion },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 1000000, step: 1, def: 1 },
  ];
}

/** Engine parameters of eng.semantic.dataset for the control values. */
export function datasetArgs(v) {
  if (v.dataset === 'tree') return { kind: 'tree', branching: v.branching, levels: v.levels };
  if (v.dataset === 'diffusion') return { kind: 'diffusion', branching: v.branching, levels: v.levels, eps: v.eps, features: v.features, seed: v.seed };
  if (v.dataset === 'living') return { kind: 'living' };
  if (v.dataset === 'planted') return { kind: 'planted', No: 32, Nf: 32, Ko: 8, Kf: 8, p: v.p ?? 0.75, q: v.q ?? 0.2, seed: v.seed };
  if (v.dataset !== 'your-csv') return { kind: 'csv', text: CSV_EXAMPLES[v.dataset] };
  if (!v.csv?.trim()) {
    throw new RangeError('Paste a table into “Your CSV”: a header line (item, then property names), then one line per item with its values. The grey example in the box shows the format.');
  }
  return { kind: 'csv', text: v.csv };
}

/**
 * Nested partitions of the items, coarse to fine: parts[0] puts every item in
 * one group, the last puts each item alone. names[j] says what level j splits.
 */
export function partitions(data) {
  const n = data.cols;
  const all = new Int32Array(n), alone = Int32Array.from({ length: n }, (_, i) => i);
  if (data.kind === 'tree' || data.kind === 'diffusion') {
    const B = data.branching, L = data.levels, parts = [], names = [];
    for (let j = 0; j <= L; j++) {
      const span = pow(B, L - j);
      parts.push(Int32Array.from({ length: n }, (_, i) => Math.floor(i / span)));
      names.push(j === 0 ? 'all items' : j === L ? 'single items' : `level-${j} categories`);
    }
    return { parts, names };
  }
  if (data.kind === 'living') {
    const c = LIVING.categories;
    const kingdom = Int32Array.from({ length: n }, (_, i) => (c.plants.includes(i) ? 0 : 1));
    const group = Int32Array.from({ length: n }, (_, i) => ['trees', 'flowers', 'birds', 'fish'].findIndex((g) => c[g].includes(i)));
    return { parts: [all, kingdom, group, alone], names: ['all items', 'plants / animals', 'trees / flowers / birds / fish', 'single items'] };
  }
  if (data.kind === 'planted') {
    const cat = Int32Array.from({ length: n }, (_, i) => (i < data.category.items ? 0 : 1));
    return { parts: [all, cat, alone], names: ['all items', 'category / rest', 'single items'] };
  }
  return { parts: [all, alone], names: ['all items', 'single items'] };
}

/**
 * The level of each mode: where its object analyzer v_a (column a of V, items x p)
 * has the most energy, energy at level j being |P_j v|^2 - |P_(j-1) v|^2 with P_j
 * the projection on vectors constant within level-j groups.
 */
export function levelsOfModes(V, p, parts) {
  const n = parts[0].length, out = new Int32Array(p);
  for (let a = 0; a < p; a++) {
    let prev = 0, best = 0, bestE = -Infinity;
    parts.forEach((g, j) => {
      const sum = new Map(), cnt = new Map();
      for (let i = 0; i < n; i++) {
        sum.set(g[i], (sum.get(g[i]) ?? 0) + V[i * p + a]);
        cnt.set(g[i], (cnt.get(g[i]) ?? 0) + 1);
      }
      let e = 0;
      for (const [k, s] of sum) e += (s * s) / cnt.get(k);
      if (e - prev > bestE) { bestE = e - prev; best = j; }
      prev = e;
    });
    out[a] = best;
  }
  return out;
}

/** The singular values of S that are really there (above 1e-6 of the largest), descending. */
export function dataModes(S) {
  return Array.from(S).filter((s) => s > 1e-6 * S[0]);
}

// The accuracy rule below buys at most this many steps, and at most WORK_BUDGET
// multiply-adds of the network (a fraction of a second): large trees keep minSteps.
const MAX_ACCURATE_STEPS = 50000, WORK_BUDGET = 3e8;

/**
 * Learning rate, steps and record interval for a run of the network `net` (the
 * semantic.simulate parameters) to time tmax: lr stays at 0.4 of the engine's
 * stable learning-rate estimate and gives at least minSteps steps. With sMax (the
 * strongest mode), also lr <= 0.01 / sMax within the budgets above: the Euler step
 * shifts a mode's rate by a relative ~ s lr (docs/theory.md §1.5), so half times stay
 * within ~1 % of the flow's.
 */
export async function schedule(call, net, tmax, { minSteps = 300, records = 80, sMax = 0 } = {}) {
  const lrMax = 0.4 * await call('semantic.stableLr', net);
  const { rows, cols, depth } = net, hidden = net.hidden ?? Math.min(rows, cols);
  const perStep = cols * (depth === 1 ? rows * cols : hidden * cols + (depth - 2) * hidden * hidden + rows * hidden);
  const affordable = Math.max(minSteps, Math.min(MAX_ACCURATE_STEPS, WORK_BUDGET / perStep));
  const accurate = sMax > 0 ? Math.max(0.01 / sMax, tmax / affordable) : Infinity;
  const lr = Math.min(tmax / minSteps, lrMax, accurate);
  const steps = Math.ceil(tmax / lr);
  return { lr, steps, every: Math.max(1, Math.floor(steps / records)) };
}

/** A run long enough for the weakest mode: `span` times its half-learning time from a0. */
export async function runTime(call, S, depth, a0, span = 1.5) {
  const modes = dataModes(S);
  return span * await call('deepLinear.halfTime', { depth, s: modes[modes.length - 1], a0 });
}

/** The item groups used for colours: the coarsest non-trivial partition. */
export function itemColours(data) {
  const { parts } = partitions(data);
  return parts.length > 2 ? parts[1] : new Int32Array(data.cols);
}

/**
 * The time each recorded strength curve first reaches half its target: curves[a]
 * (one value per record at times t) against target[a], linearly interpolated
 * between records; Infinity where the run ends first (or the target is not positive).
 */
export function halfCrossings(t, curves, target) {
  return Float64Array.from(curves, (y, a) => {
    const half = 0.5 * target[a];
    if (!(half > 0)) return Infinity;
    const k = y.findIndex((v) => v >= half);
    if (k < 0) return Infinity;
    if (k === 0) return t[0];
    return t[k - 1] + ((half - y[k - 1]) / (y[k] - y[k - 1])) * (t[k] - t[k - 1]);
  });
}

/**
 * Property groups by generality: a feature belongs to the coarsest level j of the
 * item hierarchy at which its values are constant within every level-j group (the
 * root property to level 0, an item's own property to the finest). Levels without
 * features are left out. -> { groups: per feature, group index; names: per group }
 */
export function featureGroups(data) {
  const { parts, names } = partitions(data);
  const { Y, rows, cols } = data;
  const level = Int32Array.from({ length: rows }, (_, f) => parts.findIndex((g) => {
    const first = new Map();
    for (let i = 0; i < cols; i++) {
      const y = Y[f * cols + i];
      if (!first.has(g[i])) first.set(g[i], y);
      else if (Math.abs(first.get(g[i]) - y) > 1e-12) return false;
    }
    return true;
  }));
  const used = [...new Set(level)].sort((a, b) => a - b);
  return { groups: Int32Array.from(level, (j) => used.indexOf(j)), names: used.map((j) => `properties of ${names[j]}`) };
}

/**
 * The controls of a view that trains networks on the tree (at most 5 levels) or the
 * living-things set at depth 2 or 3, where a run at any setting takes seconds at most.
 */
export function smallNetworkParams() {
  return [
    ...dataParams(['tree', 'living'], 'tree').map((p) => (p.key === 'levels' ? { ...p, max: 5 } : p)),
    { key: 'depth', label: 'Depth D', type: 'int', min: 2, max: 3, step: 1, def: 2 },
  ];
}

/** Throws a sentence the user can act on when the dataset has more items than a view handles. */
export function limitItems(data, max) {
  if (data.cols <= max) return;
  throw new RangeError(`This view handles at most ${max} items, and this tree has ${data.cols} (branching^levels): lower the branching factor or the levels.`);
}
