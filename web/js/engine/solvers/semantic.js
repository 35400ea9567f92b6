// eng.semantic: semantic development (Saxe, McClelland & Ganguli 2019;
// docs/theory.md §4). Item x property datasets (C generates the numbers, this file
// names the items and properties), their SVD, the hierarchy theory, classical
// MDS, and gradient descent on deep linear networks with one-hot items: the
// deep-linear runner (dl_sim.h) with Sigma11 = I, Sigma31 = Y.
import { int, real, reals, choice, seed as seedOf } from '../params.js';
import { yieldToLoop } from '../chunked.js';
import { parseItemCSV } from '../csv.js';
import { aborted } from '../errors.js';
import { log, pow, sin } from '../dmath.js';
import { spikeTheory } from '../theory.js';
import { train, stableLr, halfTime, MAX_RECORDS, MAX_RECORD_DOUBLES } from './deep-linear.js';
import { groupErrors, rsa } from './semantic-signals.js';
import {
  DLAB_SEM_MAX_ITEMS, DLAB_SEM_MAX_FEATURES, DLAB_SEM_MAX_BRANCHING, DLAB_SEM_MAX_LEVELS, DLAB_SEM_MAX_MDS,
  DLAB_SEM_MAX_MDS_VALUES, DLAB_DLS_MAX_DEPTH, DLAB_DLS_MAX_WIDTH, DLAB_DLS_MAX_STEPS,
  DLAB_DLS_GET_WEIGHTS, DLAB_DLS_GET_WTOT,
} from '../c-constants.js';

const MAX_SWEEP = 64;   // coherence ratios per call

export const KINDS = Object.freeze(['tree', 'diffusion', 'living', 'planted', 'csv']);

/** The living-things set (ours, after Rogers & McClelland 2004): order as in semantic.h. */
export const LIVING = Object.freeze({
  items: Object.freeze(['pine', 'oak', 'rose', 'daisy', 'robin', 'canary', 'penguin', 'sunfish', 'salmon']),
  features: Object.freeze(['grow', 'living', 'roots', 'bark', 'branches', 'big', 'leaves', 'green', 'petals', 'pretty',
    'red', 'yellow', 'move', 'skin', 'wings', 'feathers', 'fly', 'sing', 'swim', 'scales', 'gills', 'fins', 'pink']),
  // The categories of the set, as item indices (for legends and typicality).
  categories: Object.freeze({ plants: [0, 1, 2, 3], animals: [4, 5, 6, 7, 8], trees: [0, 1], flowers: [2, 3], birds: [4, 5, 6], fish: [7, 8] }),
});

// ---- tree names ----------------------------------------------------------------
// Level 1 nodes are A, B, C..., level 2 appends 1, 2, 3..., level 3 a, b, c...,
// then digits again: "A2b" is the 2nd child's 2nd child of A. '.' separates
// the parts when the branching exceeds 9 (so "A.12.c" stays readable).
const UPPER = 'ABCDEFGHIJKLMNOP', LOWER = 'abcdefghijklmnop';
function partName(k, c) {
  if (k === 1) return UPPER[c];
  return k % 2 === 0 ? String(c + 1) : LOWER[c];
}

/** Names of the nodes of a B-ary tree of L levels, breadth-first (root = "all"). */
export function treeNames(B, L) {
  const sep = B > 9 ? '.' : '';
  const names = ['all'];
  let prev = [''];
  for (let k = 1; k <= L; k++) {
    const next = [];
    for (const p of prev) for (let c = 0; c < B; c++) next.push(p === '' ? partName(k, c) : `${p}${sep}${partName(k, c)}`);
    names.push(...next);
    prev = next;
  }
  return { nodes: names, leaves: prev };
}

/** The level (0 = root mode, k + 1 = contrasts below level-k nodes) of each
 * mode, by where its object analyzer v (items) has the most energy. */
export function modeLevels(V, cols, p, B, L) {
  // |P_j v|^2: energy of v's block means over level-j subtrees (P_L v = v).
  const out = new Int32Array(p);
  const energy = new Float64Array(L + 1);
  for (let a = 0; a < p; a++) {
    for (let j = 0; j <= L; j++) {
      const span = pow(B, L - j), blocks = cols / span;
      let e = 0;
      for (let b = 0; b < blocks; b++) {
        let m = 0;
        for (let i = b * span; i < (b + 1) * span; i++) m += V[i * p + a];
        e += (m * m) / span;
      }
      energy[j] = e;
    }
    let best = 0, bestE = energy[0];
    for (let k = 0; k < L; k++) {
      const e = energy[k + 1] - energy[k];
      if (e > bestE) { bestE = e; best = k + 1; }
    }
    out[a] = best;
  }
  return out;
}

/** Level labels for legends: index 0 the root mode, k + 1 the split below level k. */
export function levelLabel(k) {
  if (k === 0) return 'all items (root)';
  if (k === 1) return 'top split (level 1)';
  return `split into level-${k} categories`;
}

// ---- validation of a matrix argument ----------------------------------------------
function matrixOf(p) {
  const rows = int(p, 'rows', { min: 1, max: DLAB_SEM_MAX_FEATURES });
  const cols = int(p, 'cols', { min: 1, max: DLAB_SEM_MAX_ITEMS });
  const Y = reals(p, 'Y', { minLength: rows * cols, maxLength: rows * cols });
  return { Y, rows, cols };
}

// ---- gradient descent: the deep-linear runner with one-hot items ---------------------

/** deepLinear parameters for a network learning Y (one-hot items: Sigma11 = I, Sigma31 = Y). */
function networkOf(p) {
  const { Y, rows, cols } = matrixOf(p);
  const depth = int(p, 'depth', { min: 1, max: DLAB_DLS_MAX_DEPTH, def: 2 });
  const modes = Math.min(rows, cols);
  const init = choice(p, 'init', ['decoupled', 'small'], 'decoupled');
  const hidden = int(p, 'hidden', { min: 1, max: DLAB_DLS_MAX_WIDTH, def: modes });
  if (depth > 1 && init === 'decoupled' && hidden < modes) {
    throw new RangeError(`hidden must be >= min(features, items) = ${modes} for the decoupled init, got ${hidden}; use init 'small' for narrower layers`);
  }
  if (rows > DLAB_DLS_MAX_WIDTH) throw new RangeError(`rows (features) must be at most ${DLAB_DLS_MAX_WIDTH} to simulate, got ${rows}`);
  const widths = Float64Array.from({ length: depth + 1 }, (_, l) => (l === 0 ? cols : l === depth ? rows : hidden));
  const net = { depth, widths, sigma31: Y, init, a0: p.a0 ?? 0.001, scale: p.scale, seed: p.seed };
  if (p.frequency === undefined) return net;
  // Items presented with relative frequencies f: weights w = f / mean(f) (uniform = I),
  // Sigma11 = diag(w), Sigma31 = Y diag(w), y2 = sum_i w_i |y_i|^2.
  const f = reals(p, 'frequency', { minLength: cols, maxLength: cols, each: { min: 0, max: 1e6, minOpen: true } });
  const mean = f.reduce((a, b) => a + b, 0) / cols, wt = f.map((x) => x / mean);
  const sigma11 = new Float64Array(cols * cols), sigma31 = new Float64Array(rows * cols);
  let y2 = 0;
  for (let i = 0; i < cols; i++) sigma11[i * cols + i] = wt[i];
  for (let k = 0; k < rows * cols; k++) {
    sigma31[k] = Y[k] * wt[k % cols];
    y2 += wt[k % cols] * Y[k] * Y[k];
  }
  return { ...net, sigma11, sigma31, y2 };
}

/**
 * Gradient descent on y = W^D..W^1 x with one-hot items, recording every `every`
 * steps, and the matrices `record` asks for. See the namespace's simulate.
 */
async function simulate(w, p, { signal, onProgress } = {}) {
  const net = networkOf(p);
  const { depth, widths } = net, cols = widths[0], rows = widths[depth];
  const steps = int(p, 'steps', { min: 0, max: DLAB_DLS_MAX_STEPS });
  const every = int(p, 'every', { min: 1, max: Math.max(1, steps), def: Math.max(1, Math.floor(steps / 100)) });
  const keep = { hidden: true, outputs: true, readout: false, ...(p.record ?? {}) };
  const readout = keep.readout && depth > 1;
  const nrec = Math.ceil(steps / every) + 1;
  const n1 = widths[1], nL = widths[depth - 1];
  const perRec = 2 + Math.min(rows, cols) + (keep.hidden ? n1 * cols : 0) + (keep.outputs ? rows * cols : 0) +
    (readout ? rows * n1 + nL * cols : 0);
  if (nrec > MAX_RECORDS || perRec * nrec > MAX_RECORD_DOUBLES) {
    throw new RangeError(`every must leave at most ${MAX_RECORD_DOUBLES} recorded numbers (${nrec} records of ${perRec}); raise every or record less, got every ${every}`);
  }
  const hiddenRecs = [], outputRecs = [], readoutRecs = [], lastHiddenRecs = [];
  const onRecord = (r, h) => {
    if (keep.hidden) hiddenRecs.push(h.get(DLAB_DLS_GET_WEIGHTS, 1, n1 * cols));
    if (keep.outputs) outputRecs.push(h.get(DLAB_DLS_GET_WTOT, 0, rows * cols));
    if (readout) {
      const Ws = h.layers(DLAB_DLS_GET_WEIGHTS);
      let M = Ws[depth - 1];   // W^D..W^2: features x n_1
      for (let l = depth - 2; l >= 1; l--) M = w.matmul(M, Ws[l], rows, widths[l + 1], widths[l]);
      let H = Ws[0];           // W^(D-1)..W^1: n_(D-1) x items
      for (let l = 1; l < depth - 1; l++) H = w.matmul(Ws[l], H, widths[l + 1], widths[l], cols);
      readoutRecs.push(M);
      lastHiddenRecs.push(H);
    }
  };
  const run = await train(w, { ...net, lr: p.lr, steps, every }, { signal, onProgress, first: 16, onRecord });
  if (signal?.aborted) throw aborted();
  const res = { t: run.t, loss: run.loss, modes: run.modes, singularValues: run.singularValues, widths: Array.from(widths) };
  if (keep.hidden) res.hidden = hiddenRecs;
  if (keep.outputs) res.outputs = outputRecs;
  if (readout) { res.readout = readoutRecs; res.lastHidden = lastHiddenRecs; }
  return res;
}

// ---- the namespace -------------------------------------------------------------------
export function semantic(w) {
  // V8 runs a wasm function in its baseline tier until it is entered again after
  // getting hot (docs/design.md §6), so one long SVD stays several times slower than it
  // needs to be. Before the first large SVD (ours, or the one
  // dl_sim does in set_stats) a few small ones get the kernels optimised.
  let warm = false;
  const warmUp = (size) => {
    if (warm || size < 20000) return;
    warm = true;
    const A = Float64Array.from({ length: 48 * 24 }, (_, i) => sin(i));
    for (let k = 0; k < 3; k++) w.call([A], [48 * 24, 24, 24 * 24], (y, u, sv, v) => w.x.dlab_sem_svd(48, 24, y, u, sv, v));
  };
  const ns = {
    /**
     * An item x property dataset. { kind, ... }:
     *   tree: branching = 2, levels = 3 (one feature per node, items = leaves);
     *   diffusion: branching, levels, eps (flip probability in [0, 0.5]), features, seed;
     *   living: (no parameters) the living-things set, LIVING;
     *   planted: No, Nf, Ko, Kf, p, q, seed (category = the first Ko items, first Kf features);
     *   csv: text (header "item,prop,...", one line per item; see csv.js).
     * -> { kind, Y (features x items, row-major), rows, cols, items, features, ... }
     *   (tree: level per feature; tree/diffusion: branching, levels; planted: category).
     */
    dataset(p) {
      const kind = choice(p, 'kind', KINDS);
      if (kind === 'tree' || kind === 'diffusion') {
        const branching = int(p, 'branching', { min: 2, max: DLAB_SEM_MAX_BRANCHING, def: 2 });
        const levels = int(p, 'levels', { min: 1, max: DLAB_SEM_MAX_LEVELS, def: 3 });
        const [dims] = w.call([], [2], (o) => w.x.dlab_sem_tree_size(branching, levels, o));
        const nodes = dims[0], cols = dims[1];
        const names = treeNames(branching, levels);
        if (kind === 'tree') {
          const [Y, level] = w.call([], [nodes * cols, nodes], (y, l) => w.x.dlab_sem_tree(branching, levels, y, l));
          return { kind, Y, rows: nodes, cols, items: names.leaves, features: names.nodes, level, branching, levels };
        }
        const eps = real(p, 'eps', { min: 0, max: 0.5, def: 0.1 });
        const features = int(p, 'features', { min: 1, max: DLAB_SEM_MAX_FEATURES, def: 100 });
        const seed = seedOf(p);
        const [Y] = w.call([], [features * cols], (y) => w.x.dlab_sem_diffusion(branching, levels, eps, features, seed, y));
        return { kind, Y, rows: features, cols, items: names.leaves,
          features: Array.from({ length: features }, (_, f) => `f${f + 1}`), branching, levels, eps, seed };
      }
      if (kind === 'living') {
        const rows = LIVING.features.length, cols = LIVING.items.length;
        const [Y] = w.call([], [rows * cols], (y) => w.x.dlab_sem_living(y));
        return { kind, Y, rows, cols, items: [...LIVING.items], features: [...LIVING.features] };
      }
      if (kind === 'planted') {
        const No = int(p, 'No', { min: 1, max: DLAB_SEM_MAX_ITEMS, def: 48 });
        const Nf = int(p, 'Nf', { min: 1, max: DLAB_SEM_MAX_FEATURES, def: 48 });
        const Ko = int(p, 'Ko', { min: 1, max: No, def: Math.min(12, No) });
        const Kf = int(p, 'Kf', { min: 1, max: Nf, def: Math.min(12, Nf) });
        const pin = real(p, 'p', { min: 0, max: 1 });
        const q = real(p, 'q', { min: 0, max: 1 });
        const seed = seedOf(p);
        const [Y] = w.call([], [Nf * No], (y) => w.x.dlab_sem_planted(No, Nf, Ko, Kf, pin, q, seed, y));
        return { kind, Y, rows: Nf, cols: No,
          items: Array.from({ length: No }, (_, i) => (i < Ko ? `c${i + 1}` : `o${i + 1}`)),
          features: Array.from({ length: Nf }, (_, f) => (f < Kf ? `cf${f + 1}` : `f${f + 1}`)),
          category: { items: Ko, features: Kf }, p: pin, q, seed };
      }
      // csv: parsed and checked here (line and column), checked again by C.
      const parsed = parseItemCSV(p.text);
      if (parsed.rows > DLAB_SEM_MAX_FEATURES) throw new RangeError(`the CSV has ${parsed.rows} properties, above ${DLAB_SEM_MAX_FEATURES}`);
      w.call([parsed.Y], [], (y) => w.x.dlab_sem_check(parsed.rows, parsed.cols, y));
      return { kind, ...parsed };
    },

    /** Thin SVD Y = U diag(S) V^T. { Y, rows, cols } -> { U (rows x p), S (p, descending), V (cols x p), p } */
    svd(p) {
      const { Y, rows, cols } = matrixOf(p);
      const q = Math.min(rows, cols);
      warmUp(rows * cols);
      const [U, S, V] = w.call([Y], [rows * q, q, cols * q], (y, u, s, v) => w.x.dlab_sem_svd(rows, cols, y, u, s, v));
      return { U, S, V, p: q };
    },

    /**
     * Singular values by hierarchy level (semantic.h): index 0 the root mode, k + 1
     * the contrasts below level-k nodes. Pure tree: { branching, levels }; diffusion
     * (expected, large features): also eps, features.
     * -> { s, multiplicity, labels }
     */
    treeTheory(p) {
      const branching = int(p, 'branching', { min: 2, max: DLAB_SEM_MAX_BRANCHING, def: 2 });
      const levels = int(p, 'levels', { min: 1, max: DLAB_SEM_MAX_LEVELS, def: 3 });
      const n = levels + 1;
      let s, multiplicity;
      if (p.eps === undefined) {
        [s, multiplicity] = w.call([], [n, n], (a, b) => w.x.dlab_sem_tree_svals(branching, levels, a, b));
      } else {
        const eps = real(p, 'eps', { min: 0, max: 0.5 });
        const features = int(p, 'features', { min: 1, max: DLAB_SEM_MAX_FEATURES });
        [s, multiplicity] = w.call([], [n, n], (a, b) => w.x.dlab_sem_diffusion_svals(branching, levels, eps, features, a, b));
      }
      return { s, multiplicity, labels: Array.from({ length: n }, (_, k) => levelLabel(k)) };
    },

    /**
     * The coherence of each category of nested item partitions against its singular
     * value (docs/theory.md §4.6). parts: coarse to fine, parts[j][i] = item i's group at
     * level j, each level refining the one before. A category is a group of level j >= 1
     * whose parent (its group at level j - 1) has other items, its siblings. With item
     * similarity Y^T Y (shared properties): coherence = mean similarity within the
     * category minus mean similarity to its siblings; s = |Y z| for the unit contrast
     * z ~ 1_c/|c| - 1_sib/|sib| (the singular value of the category's mode when z is a
     * singular vector, as in a tree).
     * { Y, rows, cols, parts: [Int32Array (cols)] } -> { level, group, size, within, between, coherence, s } (one entry per category)
     */
    categories(p) {
      const { Y, rows, cols } = matrixOf(p);
      if (!Array.isArray(p.parts) || p.parts.length < 2 || p.parts.length > DLAB_SEM_MAX_LEVELS + 2) {
        throw new RangeError(`parts must be a list of 2 to ${DLAB_SEM_MAX_LEVELS + 2} partitions of the items, coarse to fine`);
      }
      const parts = p.parts.map((g, j) => {
        const name = `parts[${j}]`, a = reals({ [name]: g }, name, { minLength: cols, maxLength: cols, each: { min: 0, max: cols - 1 } });
        if (!a.every(Number.isInteger)) throw new RangeError(`parts[${j}] must hold whole group numbers in [0, ${cols - 1}]`);
        return a;
      });
      for (let j = 1; j < parts.length; j++) {
        const parent = new Map();
        parts[j].forEach((g, i) => {
          if (parent.has(g) && parent.get(g) !== parts[j - 1][i]) {
            throw new RangeError(`parts[${j}] must refine parts[${j - 1}]: group ${g} of level ${j} spans two groups of level ${j - 1}`);
          }
          parent.set(g, parts[j - 1][i]);
        });
      }
      const G = w.matmul(Y, Y, cols, rows, cols, { transA: true });   // item similarity Y^T Y
      const out = { level: [], group: [], size: [], within: [], between: [], coherence: [], s: [] };
      for (let j = 1; j < parts.length; j++) {
        for (const g of new Set(parts[j])) {
          const cat = [], sib = [];
          const first = parts[j].indexOf(g);
          for (let i = 0; i < cols; i++) {
            if (parts[j][i] === g) cat.push(i);
            else if (parts[j - 1][i] === parts[j - 1][first]) sib.push(i);
          }
          if (!sib.length) continue;
          let within = 0, between = 0;
          for (const a of cat) {
            for (const b of cat) within += G[a * cols + b];
            for (const b of sib) between += G[a * cols + b];
          }
          within /= cat.length * cat.length;
          between /= cat.length * sib.length;
          let sibsib = 0;
          for (const a of sib) for (const b of sib) sibsib += G[a * cols + b];
          sibsib /= sib.length * sib.length;
          // |Y z|^2 = z^T G z for z = 1_c/|c| - 1_sib/|sib|, over |z|^2 = 1/|c| + 1/|sib|
          const s2 = (within - 2 * between + sibsib) / (1 / cat.length + 1 / sib.length);
          out.level.push(j); out.group.push(g); out.size.push(cat.length);
          out.within.push(within); out.between.push(between); out.coherence.push(within - between);
          out.s.push(Math.sqrt(Math.max(s2, 0)));
        }
      }
      return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float64Array.from(v)]));
    },

    /**
     * Familiarity: items presented with relative frequencies f (weights w = f / mean f),
     * Sigma11 = diag(w), Sigma31 = Y diag(w) (docs/theory.md §4.7). The modes of Sigma31
     * (s, U, V; those above 1e-6 s_1) and, per mode, m = v^T diag(w) v. Neglecting the
     * coupling of modes by Sigma11 (v_a^T diag(w) v_b, a != b), c_a = u_a^T W_tot Sigma11 v_a
     * follows the exact mode solution of strength s_a from a0 m_a with time scaled by
     * m_a^(1 - 2/D); halfTime is its time to s_a / 2.
     * { Y, rows, cols, frequency, depth = 2, a0 = 0.001 } -> { weights, s, U, V, p, m, halfTime }
     */
    familiarity(p) {
      const net = networkOf({ ...p, init: 'small' });
      const { rows, cols } = matrixOf(p);
      const depth = net.depth, a0 = real(p, 'a0', { min: 0, max: 1, minOpen: true, def: 0.001 });
      const weights = net.sigma11 ? Float64Array.from({ length: cols }, (_, i) => net.sigma11[i * cols + i]) : new Float64Array(cols).fill(1);
      const { U, S, V, p: q } = ns.svd({ Y: net.sigma31, rows, cols });
      const n = S.filter((x) => x > 1e-6 * S[0]).length;
      const m = Float64Array.from({ length: n }, (_, a) => {
        let sum = 0;
        for (let i = 0; i < cols; i++) sum += weights[i] * V[i * q + a] * V[i * q + a];
        return sum;
      });
      const halfTimes = Float64Array.from(m, (ma, a) => pow(ma, 1 - 2 / depth) * halfTime(w, { depth, s: S[a], a0: a0 * ma }));
      return { weights, s: S.slice(0, n), U, V, p: q, m, halfTime: halfTimes };
    },

    /** The level of each mode of a tree-shaped item set: { V, cols, p, branching, levels } -> Int32Array */
    modeLevels(p) {
      const branching = int(p, 'branching', { min: 2, max: DLAB_SEM_MAX_BRANCHING });
      const levels = int(p, 'levels', { min: 1, max: DLAB_SEM_MAX_LEVELS });
      const cols = int(p, 'cols', { min: 1, max: DLAB_SEM_MAX_ITEMS });
      if (cols !== pow(branching, levels)) throw new RangeError(`cols must be branching^levels = ${pow(branching, levels)}, got ${cols}`);
      const q = int(p, 'p', { min: 1, max: cols });
      const V = reals(p, 'V', { minLength: cols * q, maxLength: cols * q });
      return modeLevels(V, cols, q, branching, levels);
    },

    /**
     * Classical MDS. { points (n x dim, row-major), n, dim, k = 2 } or
     * { distances (squared, n x n), n, k = 2 } -> { coords (n x k), eig (k, descending) }
     */
    mds(p) {
      const k = int(p, 'k', { min: 1, max: DLAB_SEM_MAX_MDS, def: 2 });
      if (p.points !== undefined) {
        const n = int(p, 'n', { min: 1, max: DLAB_SEM_MAX_MDS_VALUES });
        const dim = int(p, 'dim', { min: 1, max: DLAB_SEM_MAX_MDS_VALUES });
        if (n * dim > DLAB_SEM_MAX_MDS_VALUES) throw new RangeError(`n x dim must be at most ${DLAB_SEM_MAX_MDS_VALUES}, got ${n} x ${dim}`);
        const X = reals(p, 'points', { minLength: n * dim, maxLength: n * dim });
        const [coords, eig] = w.call([X], [n * k, k], (x, c, e) => w.x.dlab_sem_mds_points(n, dim, x, k, c, e));
        return { coords, eig };
      }
      const n = int(p, 'n', { min: 1, max: DLAB_SEM_MAX_MDS });
      const D2 = reals(p, 'distances', { minLength: n * n, maxLength: n * n });
      const [coords, eig] = w.call([D2], [n * k, k], (d, c, e) => w.x.dlab_sem_mds(n, d, k, c, e));
      return { coords, eig };
    },

    /**
     * Gradient descent on a deep linear network with one-hot items: y = W^D..W^1 x,
     * Sigma11 = I, Sigma31 = Y (dl_sim.h). Parameters:
     *   Y, rows (features), cols (items); depth (1..200, D = 1 is shallow);
     *   hidden (every hidden layer; default min(rows, cols)); init 'decoupled' (each
     *   mode starts at a0, the exact theory applies) or 'small' (W_ij ~ N(0, scale^2));
     *   a0, scale, lr (dt / tau), steps, every (record interval), seed;
     *   record: { hidden = true, outputs = true, readout = false }.
     * -> { t, loss, modes: [per mode a_a(t) = u_a^T W_tot v_a], singularValues,
     *      hidden: [per record W^1 (hidden x items): column i = item i's representation],
     *      outputs: [per record W_tot (features x items)],
     *      readout, lastHidden (with record.readout, depth >= 2): [per record
     *      W^D..W^2 (features x n_1)] and [per record W^(D-1)..W^1 (n_(D-1) x items)] }.
     * Async and chunked: { signal, onProgress }.
     */
    async simulate(p, opts = {}) {
      if (Array.isArray(p?.Y) || ArrayBuffer.isView(p?.Y)) warmUp(p.Y.length);
      return simulate(w, p, opts);
    },

    /**
     * The error each group of properties sends back to the first hidden layer over
     * training, simulated and from the exact mode dynamics (semantic-signals.js).
     * simulate's parameters (depth >= 2) and groups: a group index per feature.
     * -> { t, loss, modes, S, groups, errors: [per group, per record], theory: [same] }
     */
    async groupErrors(p, opts = {}) {
      return groupErrors(w, ns, p, opts);
    },

    /**
     * Two networks of different hidden widths from small random starts, same data and
     * step size: their items' hidden similarity matrices and the correlation (RSA)
     * between them and with the theory's (semantic-signals.js). simulate's parameters
     * with hidden: [hA, hB], seeds: [sA, sB], scale, a0 (theory's start), 2 <= cols <= 64.
     * -> { t, loss: [A, B], rsm: [A, B] (per record, items x items), theory (per record),
     *      between (RSA of A and B per record), vsTheory: [A, B] }
     */
    async rsa(p, opts = {}) {
      return rsa(w, ns, p, opts);
    },

    /** The stable learning-rate estimate (dl_sim.h) for simulate's network and start: { Y, rows, cols, depth, hidden, init, a0, scale, seed } -> number */
    stableLr(p) {
      if (Array.isArray(p?.Y) || ArrayBuffer.isView(p?.Y)) warmUp(p.Y.length);
      return stableLr(w, networkOf(p));
    },

    /**
     * Theory of planted categories (Benaych-Georges & Nadakuditi 2012) at coherence
     * ratios r: top singular value s, squared overlaps of its singular vectors with the
     * category, and the half-learning time of one mode of strength s from a0 at depth.
     * { No, Nf, ratios: [..], depth = 2, a0 = 0.001 } -> { s, itemOverlap, featureOverlap, halfTime }
     */
    coherenceTheory(p) {
      const No = int(p, 'No', { min: 1, max: DLAB_SEM_MAX_ITEMS }), Nf = int(p, 'Nf', { min: 1, max: DLAB_SEM_MAX_FEATURES });
      const ratios = reals(p, 'ratios', { maxLength: 10000, each: { min: 0, max: 1e4 } });
      const depth = int(p, 'depth', { min: 1, max: DLAB_DLS_MAX_DEPTH, def: 2 });
      const a0 = real(p, 'a0', { min: 0, max: 1, minOpen: true, def: 0.001 });
      const th = Array.from(ratios, (r) => spikeTheory(No, Nf, r * Math.sqrt(No * Nf)));
      const pick = (key) => Float64Array.from(th, (o) => o[key]);
      return { s: pick('s'), itemOverlap: pick('itemOverlap'), featureOverlap: pick('featureOverlap'),
        halfTime: halfTime(w, { depth, s: pick('s'), a0 }) };
    },

    /**
     * Category coherence: planted categories over a range of coherence ratios
     * r = SNR^2 Ko Kf / sqrt(No Nf) (detectable when r > 1). For each r: sample Y
     * (p = q + SNR sqrt(q (1 - q))), standardise X = (Y - q)/sqrt(q (1 - q)), take its
     * SVD, and train a depth-D network on X from the decoupled start a0.
     * { No, Nf, Ko, Kf, q, ratios: [..], depth = 2, a0 = 0.001, seed, steps = 120 }
     * -> { ratios, p, s1 (top singular value), itemOverlap (|v1 . 1_Ko|^2 / Ko),
     *      featureOverlap, learnTime (first t with category output >= half its data value;
     *      NaN if not within the run), tmax, edge (sqrt No + sqrt Nf), printedRatio (where
     *      a form of the condition with the SNR unsquared would put the threshold,
     *      docs/theory.md §4.6), theory: per r { s, ... } }
     */
    async coherence(p, { signal, onProgress } = {}) {
      const No = int(p, 'No', { min: 2, max: 256, def: 48 });
      const Nf = int(p, 'Nf', { min: 2, max: 256, def: 48 });
      const Ko = int(p, 'Ko', { min: 1, max: No, def: 12 });
      const Kf = int(p, 'Kf', { min: 1, max: Nf, def: 12 });
      const q = real(p, 'q', { min: 0, max: 1, minOpen: true, maxOpen: true, def: 0.2 });
      const ratios = reals(p, 'ratios', { maxLength: MAX_SWEEP, each: { min: 0, max: 1e4 } });
      const depth = int(p, 'depth', { min: 1, max: 10, def: 2 });
      const a0 = real(p, 'a0', { min: 0, max: 1, minOpen: true, def: 0.001 });
      const steps = int(p, 'steps', { min: 1, max: 100000, def: 120 });
      const seed = seedOf(p);
      const sd = Math.sqrt(q * (1 - q)), root = Math.sqrt(No * Nf), edge = Math.sqrt(No) + Math.sqrt(Nf);
      const n = ratios.length;
      const out = { ratios, p: new Float64Array(n), s1: new Float64Array(n), itemOverlap: new Float64Array(n),
        featureOverlap: new Float64Array(n), learnTime: new Float64Array(n), edge,
        printedRatio: root / (Ko * Kf), theory: [] };
      // One time horizon for every r: enough for a mode of a quarter of the noise edge.
      const sLow = edge / 4;
      const tmax = depth === 2 ? log(sLow / a0) / sLow : 4 / sLow;
      const sHigh = Math.max(edge, spikeTheory(No, Nf, ratios.reduce((m, r) => Math.max(m, r), 0) * root).s) * 1.3;
      const lr = Math.min(tmax / steps, 0.5 / (depth * pow(sHigh, 2 - 2 / depth)));
      const nsteps = Math.ceil(tmax / lr), every = Math.max(1, Math.floor(nsteps / 60));
      out.tmax = nsteps * lr;
      for (let r = 0; r < n; r++) {
        if (signal?.aborted) throw aborted();
        const snr = Math.sqrt((ratios[r] * root) / (Ko * Kf));
        const pin = q + snr * sd;
        if (pin > 1) throw new RangeError(`ratios[${r}] = ${ratios[r]} needs p = ${pin.toFixed(3)} > 1; lower the ratio or raise Ko, Kf or q`);
        out.p[r] = pin;
        out.theory.push(spikeTheory(No, Nf, ratios[r] * root));
        const data = ns.dataset({ kind: 'planted', No, Nf, Ko, Kf, p: pin, q, seed: seed + r });
        const X = data.Y.map((v) => (v - q) / sd);
        const { S, U, V } = ns.svd({ Y: X, rows: Nf, cols: No });
        const pp = Math.min(No, Nf);
        let vo = 0, uo = 0;
        for (let i = 0; i < Ko; i++) vo += V[i * pp];
        for (let f = 0; f < Kf; f++) uo += U[f * pp];
        out.s1[r] = S[0];
        out.itemOverlap[r] = (vo * vo) / Ko;
        out.featureOverlap[r] = (uo * uo) / Kf;
        // The category output c(t) = 1_Kf^T W_tot 1_Ko / (Kf Ko) against the data's.
        let target = 0;
        for (let f = 0; f < Kf; f++) for (let i = 0; i < Ko; i++) target += X[f * No + i];
        target /= Kf * Ko;
        const sim = await simulate(w, { Y: X, rows: Nf, cols: No, depth, hidden: pp, a0, lr, steps: nsteps, every,
          seed: seed + r, record: { hidden: false, outputs: true } }, { signal });
        out.learnTime[r] = NaN;
        for (let k = 0; k < sim.t.length; k++) {
          const Wt = sim.outputs[k];
          let c = 0;
          for (let f = 0; f < Kf; f++) for (let i = 0; i < Ko; i++) c += Wt[f * No + i];
          c /= Kf * Ko;
          if (c >= 0.5 * target) {
            // interpolate between records for a smooth readout
            if (k === 0) { out.learnTime[r] = 0; break; }
            const Wp = sim.outputs[k - 1];
            let cp = 0;
            for (let f = 0; f < Kf; f++) for (let i = 0; i < Ko; i++) cp += Wp[f * No + i];
            cp /= Kf * Ko;
            const frac = (0.5 * target - cp) / (c - cp);
            out.learnTime[r] = sim.t[k - 1] + frac * (sim.t[k] - sim.t[k - 1]);
            break;
          }
        }
        onProgress?.((r + 1) / n, `coherence ratio ${ratios[r].toFixed(2)}`);
        await yieldToLoop();
      }
      return out;
    },
  };
  return ns;
}
