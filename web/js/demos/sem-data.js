// Semantic differentiation, view 1: the dataset Y = Σ³¹ and its SVD — feature
// synthesizers U, singular values S, object analyzers V — with the singular
// value of every mode placed at the hierarchy level it distinguishes, and each
// category's coherence against the singular value of its mode.
import { fmt } from '../format.js';
import { dataParams, datasetArgs, partitions, levelsOfModes } from './common/semantic.js';

const MAX_MODES_SHOWN = 16;

/** Dots: categories by level; dashed: s = sqrt(K c) for each category size K. */
function coherenceSeries(c, names) {
  const out = [];
  for (let j = 1; j < names.length; j++) {
    const ks = Array.from(c.level.keys()).filter((k) => c.level[k] === j);
    if (ks.length) out.push({ label: names[j], x: ks.map((k) => c.coherence[k]), y: ks.map((k) => c.s[k]), points: true, colorIndex: j });
  }
  const cMax = 1.1 * Math.max(0, ...c.coherence), sizes = [...new Set(c.size)].sort((a, b) => b - a);
  const grid = Float64Array.from({ length: 60 }, (_, i) => (cMax * i) / 59);
  sizes.forEach((K, n) => out.push({ label: n ? `_K = ${K}` : 'law s = √(K × coherence), K = size', x: grid, y: grid.map((x) => Math.sqrt(K * x)), colorIndex: 0, dash: true, width: 1 }));
  return out;
}

export default {
  id: 'sem-data',
  area: 'semantic',
  title: 'Data and its modes',
  refs: ['saxe2019'],
  live: true,
  params: [
    ...dataParams(),
    { key: 'p', label: 'Planted: p inside the category', help: 'In the planted category, the chance that a member has one of the category’s properties.', type: 'real', min: 0, max: 1, step: 0.01, def: 0.75, showIf: (v) => v.dataset === 'planted' },
    { key: 'q', label: 'Planted: q elsewhere', help: 'The chance of every other item–property pair.', type: 'real', min: 0.01, max: 0.99, step: 0.01, def: 0.2, showIf: (v) => v.dataset === 'planted' },
  ],
  charts: [
    { id: 'Y', title: 'Data Σ³¹ = Y: property of each item', kind: 'matrix', xLabel: 'item', yLabel: 'property', zLabel: 'value' },
    { id: 'levels', title: 'Singular value of each mode at the level it splits (dots), theory (marks)', xLabel: 'hierarchy level split by the mode (0 = all items)', xType: 'index', yLabel: 'singular value s' },
    { id: 'coherence', title: 'Each category: coherence against singular value', xLabel: 'coherence (shared properties within − with siblings)', yLabel: 'singular value s of its contrast' },
    { id: 'U', title: 'U: feature synthesizers (property loadings of each mode)', kind: 'matrix', xLabel: 'mode (strongest first)', yLabel: 'property', zLabel: 'loading' },
    { id: 'V', title: 'Vᵀ: object analyzers (item loadings of each mode)', kind: 'matrix', xLabel: 'item', yLabel: 'mode', zLabel: 'loading' },
  ],
  equation: `
    <p>One-hot items, summed over items: <span class="math">Σ<sup>11</sup> = I</span>, <span class="math">Σ<sup>31</sup> = Y</span> (properties × items).</p>
    <p><span class="math">Σ<sup>31</sup> = U S V<sup>T</sup> = Σ<sub>α</sub> s<sub>α</sub> u<sup>α</sup> v<sup>αT</sup></span>:
       mode α links coherently covarying properties <span class="math">u<sup>α</sup></span> to coherently covarying items <span class="math">v<sup>α</sup></span>.</p>
    <p>Pure tree (branching B, L levels, one feature per node): the split below a level-k node has
       <span class="math">s<sub>k</sub><sup>2</sup> = (B<sup>L−k</sup> − 1)/(B − 1)</span>, the root mode
       <span class="math">(B<sup>L+1</sup> − 1)/(B − 1)</span>: singular values fall with level.</p>
    <p>Coherence of a category c of K items: its items’ mean similarity (shared properties, <span class="math">Y<sup>T</sup>Y</span>) to each other
       minus to its siblings (the rest of its parent category). In a tree <span class="math">s<sub>c</sub><sup>2</sup> = K × coherence</span>:
       coherent categories have strong modes, learned first.</p>`,
  lookFor: `Each row of Vᵀ says which items a mode groups together; the middle chart places each mode at
    the level of the hierarchy it splits. Compare the tree, the noisy diffusion data (raise ε) and the
    living-things set, which is not a perfect tree (the penguin swims, the pine has no leaves). The coherence
    chart puts each category beside its mode’s strength: compare where the tree’s, the diffusion data’s and the
    living things’ categories fall against the dashed curves.`,
  claims: [
    {
      text: 'In the tree every mode is one distinction of the hierarchy, and the singular values fall level by level exactly as the formula says (to 10⁻⁹).',
      when: (v) => v.dataset === 'tree',
      check: ({ svd, theory, level }) => {
        let err = 0;
        for (let a = 0; a < svd.p; a++) if (svd.S[a] > 1e-9 * svd.S[0]) err = Math.max(err, Math.abs(svd.S[a] / theory.s[level[a]] - 1));
        return { holds: err < 1e-9, detail: `largest relative gap ${fmt(err)}` };
      },
    },
    {
      text: 'In the noisy diffusion data the modes still line up with the tree: each mode sits at its level, with a singular value within 20 % of the expected one.',
      when: (v) => v.dataset === 'diffusion',
      at: { dataset: 'diffusion' },
      check: ({ svd, theory, level }) => {
        let err = 0;
        for (let a = 0; a < svd.p; a++) if (svd.S[a] > 1e-9 * svd.S[0]) err = Math.max(err, Math.abs(svd.S[a] / theory.s[level[a]] - 1));
        return { holds: err < 0.2, detail: `largest relative gap ${fmt(100 * err)} %` };
      },
    },
    {
      text: 'The living-things set is not a perfect tree, yet its strongest modes split it as one: first all items alike, then plants from animals, then within each (trees / flowers, birds / fish).',
      when: (v) => v.dataset === 'living',
      at: { dataset: 'living' },
      check: ({ level, names }) => {
        const want = [0, 1, 2, 2];
        return { holds: want.every((l, a) => level[a] === l), detail: want.map((_, a) => `mode ${a + 1}: ${names[level[a]]}`).join('; ') };
      },
    },
    {
      text: 'In the tree a category’s coherence sets its singular value: s² = K × coherence exactly (to 10⁻⁹), each such s is a singular value of the data, and more coherent categories have larger ones.',
      when: (v) => v.dataset === 'tree',
      check: ({ svd, categories: c }) => {
        const n = c.s.length, S = Array.from(svd.S);
        let law = 0, mode = 0;
        for (let k = 0; k < n; k++) {
          law = Math.max(law, Math.abs(c.s[k] * c.s[k] / (c.size[k] * c.coherence[k]) - 1));
          mode = Math.max(mode, Math.min(...S.map((x) => Math.abs(x - c.s[k]))) / S[0]);
        }
        const order = Array.from(c.s.keys()).sort((a, b) => c.coherence[a] - c.coherence[b]);
        const rising = order.every((a, k) => k === 0 || c.s[a] >= c.s[order[k - 1]] * (1 - 1e-9));
        return { holds: n > 0 && law < 1e-9 && mode < 1e-9 && rising,
          detail: `${n} categories; largest gap ${fmt(law)} from the law, ${fmt(mode)} s₁ from a singular value; s ${rising ? 'rises' : 'does not rise'} with coherence` };
      },
    },
    {
      text: 'In the noisy diffusion data the law holds approximately: every category’s s² lies within 15 % of K × coherence.',
      when: (v) => v.dataset === 'diffusion',
      at: { dataset: 'diffusion' },
      check: ({ categories: c }) => {
        let gap = 0;
        for (let k = 0; k < c.s.length; k++) gap = Math.max(gap, Math.abs(c.s[k] * c.s[k] / (c.size[k] * c.coherence[k]) - 1));
        return { holds: c.s.length > 0 && gap < 0.15, detail: `largest gap ${fmt(100 * gap)} %` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', { ...datasetArgs(v), p: v.p, q: v.q });
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    let theory = null;
    if (data.kind === 'tree') theory = await call('semantic.treeTheory', { branching: data.branching, levels: data.levels });
    if (data.kind === 'diffusion') {
      theory = await call('semantic.treeTheory', { branching: data.branching, levels: data.levels, eps: data.eps, features: data.rows });
    }
    const { parts, names } = partitions(data);
    const level = levelsOfModes(svd.V, svd.p, parts);
    const categories = await call('semantic.categories', { Y: data.Y, rows: data.rows, cols: data.cols, parts: parts.map((g) => Array.from(g)) });
    return { data, svd, theory, level, names, categories };
  },

  draw({ data, svd, theory, level, names, categories }) {
    const { rows, cols, Y, items, features } = data;
    const p = svd.p, shown = Math.min(p, MAX_MODES_SHOWN);
    const idx = (n) => Float64Array.from({ length: n }, (_, j) => j);
    const modeNames = Array.from({ length: shown }, (_, a) => `${a + 1} (s=${fmt(svd.S[a])})`);
    const Ys = Array.from({ length: rows }, (_, f) => ({ label: features[f], x: idx(cols), y: Y.slice(f * cols, (f + 1) * cols), columns: items }));
    const U = Array.from({ length: rows }, (_, f) => ({ label: features[f], x: idx(shown),
      y: Float64Array.from({ length: shown }, (_, a) => svd.U[f * p + a]), columns: modeNames }));
    const V = Array.from({ length: shown }, (_, a) => ({ label: modeNames[a], x: idx(cols),
      y: Float64Array.from({ length: cols }, (_, i) => svd.V[i * p + a]), columns: items }));
    const lv = [];
    const L = names.length - 1;
    for (let j = 0; j <= L; j++) {
      const xs = [], ys = [];
      for (let a = 0; a < p; a++) if (level[a] === j && svd.S[a] > 1e-9 * svd.S[0]) { xs.push(j); ys.push(svd.S[a]); }
      if (xs.length) lv.push({ label: j === 0 ? 'root mode (all items alike)' : `splits ${names[j]} (level ${j})`, x: xs, y: ys, points: true, colorIndex: j });
    }
    if (theory) {
      // Theory index k + 1 = the split below level-k nodes = the split into level-(k+1) groups.
      lv.push({ label: data.kind === 'tree' ? 'theory (exact)' : 'theory (expected, large N)',
        x: idx(theory.s.length), y: theory.s, colorIndex: 6, width: 1.5 });
    }
    return { Y: Ys, U, V, levels: lv, coherence: coherenceSeries(categories, names) };
  },

  readout({ data, svd, theory }) {
    const rows = [['data', `${data.rows} properties × ${data.cols} items`],
      ['singular values (largest first)', Array.from(svd.S.slice(0, 8), fmt).join(', ') + (svd.p > 8 ? ', …' : '')]];
    if (theory) rows.push(['theory by level (root, then splits)', Array.from(theory.s, fmt).join(', ')]);
    return rows;
  },
};
