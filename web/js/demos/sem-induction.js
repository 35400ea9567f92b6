// Semantic differentiation, view (e): typicality and inductive generalisation
// in the living-things set, over developmental time.
//  - A novel item known to have one property: a new input unit is trained on
//    that property alone with the rest of the network frozen at time t; the
//    new column reaches W_new = M^T e_m / |M^T e_m|^2 (M = W^D..W^2), so it is
//    predicted to have  y = M M^T e_m / (e_m^T M M^T e_m).
//  - A novel property given to one item: a new output unit trained on that item
//    alone reads h_i / |h_i|^2 from the last hidden layer, so item j gets it to
//    the degree h_i . h_j / |h_i|^2.
//  - Typicality: an item's feature vector against the category's feature
//    synthesizer u (the mode whose object analyzer best separates the category).
import { fmt } from '../format.js';
import { styleCycle } from '../charts/theme.js';
import { LIVING } from '../engine/solvers/semantic.js';
import { schedule, runTime } from './common/semantic.js';
import { seedParam } from './common/params.js';

const CATEGORIES = ['birds', 'fish', 'plants', 'animals', 'trees', 'flowers'];

/**
 * A novel item known to have property m, met at each record: what it is inferred to
 * have, [record][property] = e_f^T M M^T e_m / (e_m^T M M^T e_m), M = W^D..W^2.
 */
function inferredFrom({ data, sim }, m) {
  const nf = data.rows, n1 = sim.readout[0].length / nf;
  return sim.readout.map((M) => {
    const g = M.subarray(m * n1, (m + 1) * n1);
    let gg = 0;
    for (const x of g) gg += x * x;
    return Float64Array.from({ length: nf }, (_, f) => {
      let s = 0;
      for (let h = 0; h < n1; h++) s += M[f * n1 + h] * g[h];
      return gg > 0 ? s / gg : 0;
    });
  });
}

/** A novel property given to item i: how much each item j gets, [item] over records (h_i·h_j / |h_i|²). */
function generalisation({ data, sim }, i) {
  const ni = data.cols, nL = sim.lastHidden[0].length / ni;
  return data.items.map((_, j) => Float64Array.from(sim.lastHidden, (H) => {
    let hij = 0, hii = 0;
    for (let h = 0; h < nL; h++) { hij += H[h * ni + i] * H[h * ni + j]; hii += H[h * ni + i] * H[h * ni + i]; }
    return hii > 0 ? hij / hii : 0;
  }));
}

/**
 * Typicality in a category: its members with cos(y_j, u) against the feature
 * synthesizer u of the mode whose object analyzer best separates the category, and
 * their verification signal u^T ŷ_j over records.
 */
function typicality({ data, svd, sim }, category) {
  const nf = data.rows, ni = data.cols, p = svd.p;
  const members = LIVING.categories[category];
  const ind = Float64Array.from({ length: ni }, (_, j) => (members.includes(j) ? 1 : 0) - members.length / ni);
  let best = 0, bestC = -1, sign = 1;
  for (let a = 0; a < p; a++) {
    if (!(svd.S[a] > 1e-9 * svd.S[0])) continue;
    let c = 0;
    for (let j = 0; j < ni; j++) c += svd.V[j * p + a] * ind[j];
    if (Math.abs(c) > bestC) { bestC = Math.abs(c); best = a; sign = c >= 0 ? 1 : -1; }
  }
  const u = Float64Array.from({ length: nf }, (_, f) => sign * svd.U[f * p + best]);
  return members.map((j) => {
    let dot = 0, nn = 0;
    for (let f = 0; f < nf; f++) { dot += u[f] * data.Y[f * ni + j]; nn += data.Y[f * ni + j] * data.Y[f * ni + j]; }
    return { j, cos: dot / Math.sqrt(nn),
      y: Float64Array.from(sim.outputs, (W) => { let s = 0; for (let f = 0; f < nf; f++) s += u[f] * W[f * ni + j]; return s; }) };
  });
}

/** The record after which `y` stays within 10 % of its final value. */
function settles(y) {
  const end = y[y.length - 1];
  let k = y.length - 1;
  while (k > 0 && Math.abs(y[k - 1] - end) <= 0.1 * Math.abs(end)) k--;
  return k;
}

const GROUPS = ['birds', 'fish', 'trees', 'flowers'];
const BROAD = ['grow', 'living', 'move', 'skin'], BIRD = ['fly', 'sing'];

export default {
  id: 'sem-induction',
  area: 'semantic',
  title: 'Typicality and induction',
  refs: ['saxe2019', 'rogers2008'],
  live: true,
  params: [
    { key: 'property', label: 'A novel item has this property', help: 'A new item is known to have only this property: what else does the network infer about it?', type: 'choice', options: [...LIVING.features], def: 'feathers' },
    { key: 'item', label: 'A novel property is given to this item', help: 'This item is given a new property: which other items does the network extend it to?', type: 'choice', options: [...LIVING.items], def: 'canary' },
    { key: 'category', label: 'Category for typicality', help: 'The category whose typical and atypical members the last chart compares.', type: 'choice', options: CATEGORIES, def: 'birds' },
    { key: 'depth', label: 'Depth D', type: 'int', min: 2, max: 4, step: 1, def: 2 },
    { key: 'a0', label: 'Initial mode strength a₀', type: 'real', min: 1e-5, max: 0.1, def: 1e-3, scale: 'log' },
    seedParam(),
  ],
  charts: [
    { id: 'novelItem', title: 'A novel item has the chosen property: what else does the network infer? (7 strongest at the end)', xLabel: 'time t / τ (when the novel item is met)', yLabel: 'inferred property value' },
    { id: 'novelProp', title: 'A novel property of the chosen item: which items get it?', xLabel: 'time t / τ', yLabel: 'generalisation hᵢ·hⱼ / |hᵢ|²' },
    { id: 'typ', title: 'Category verification: output along the category’s feature synthesizer', xLabel: 'time t / τ', yLabel: 'uᵀ ŷᵢ (network output along u)' },
  ],
  equation: `
    <p>Novel item with property m: <span class="math">ŷ = M M<sup>T</sup> e<sub>m</sub> / (e<sub>m</sub><sup>T</sup> M M<sup>T</sup> e<sub>m</sub>)</span>,
       <span class="math">M = W<sup>D</sup>⋯W<sup>2</sup></span>; with balanced modes <span class="math">M M<sup>T</sup> = Σ<sub>α</sub> a<sub>α</sub>(t)<sup>2(D−1)/D</sup> u<sub>α</sub> u<sub>α</sub><sup>T</sup></span>: broad modes count first.</p>
    <p>Novel property on item i: item j gets <span class="math">h<sub>i</sub> · h<sub>j</sub> / |h<sub>i</sub>|<sup>2</sup></span> (last hidden layer).</p>
    <p>Typicality of item i for a category: <span class="math">cos(y<sub>i</sub>, u<sub>α</sub>)</span>; its verification signal
       <span class="math">u<sub>α</sub><sup>T</sup> ŷ<sub>i</sub>(t) = a<sub>α</sub>(t) v<sub>α i</sub></span> is larger for typical members.</p>`,
  lookFor: `Three questions to the network at each stage of training: what a new item with one property is inferred to
    have, which items a new property of one item spreads to, and how strongly each member signals its category.
    Change the property, the item and the category.`,
  claims: [
    {
      text: 'Feathers and wings belong to exactly the same items here, so a new item with one of them is given the other in full (1) at every stage: the data cannot tell them apart.',
      when: (v) => v.property === 'feathers' || v.property === 'wings',
      check: (d, v) => {
        const { data } = d, m = data.features.indexOf(v.property), o = data.features.indexOf(v.property === 'wings' ? 'feathers' : 'wings');
        const same = data.items.every((_, i) => data.Y[m * data.cols + i] === data.Y[o * data.cols + i]);
        const err = Math.max(...inferredFrom(d, m).map((y) => Math.abs(y[o] - 1)));
        return { holds: same && err < 1e-6, detail: `largest gap from 1: ${fmt(err)}` };
      },
    },
    {
      text: 'Told only that a new item has feathers, the network’s projections sharpen with development: the broad properties (grow, living, move, skin) settle before the bird properties (fly, sing).',
      when: (v) => v.property === 'feathers',
      check: (d) => {
        const inf = inferredFrom(d, d.data.features.indexOf('feathers'));
        const at = (name) => d.sim.t[settles(inf.map((y) => y[d.data.features.indexOf(name)]))];
        const broad = Math.max(...BROAD.map(at)), bird = Math.min(...BIRD.map(at));
        return { holds: broad < bird, detail: `broad ones settle by ${fmt(broad)} τ, bird ones from ${fmt(bird)} τ` };
      },
    },
    {
      text: 'A new property of one item ends up given most to the rest of its group (birds, fish, trees or flowers): at the end each of them gets more than any item outside the group.',
      check: (d, v) => {
        const i = d.data.items.indexOf(v.item), group = GROUPS.map((g) => LIVING.categories[g]).find((g) => g.includes(i));
        const end = generalisation(d, i).map((y) => y[y.length - 1]);
        const inside = group.filter((j) => j !== i).map((j) => end[j]), outside = end.filter((_, j) => !group.includes(j));
        return { holds: Math.min(...inside) > Math.max(...outside), detail: `group at least ${fmt(Math.min(...inside))}, others at most ${fmt(Math.max(...outside))}` };
      },
    },
    {
      text: 'Typical members are verified more easily: at every time after the start, a more typical member (higher cos) carries a stronger category signal.',
      check: (d, v) => {
        const ms = typicality(d, v.category).sort((a, b) => b.cos - a.cos);
        const bad = d.sim.t.findIndex((_, k) => k > 0 && ms.some((m, n) => n > 0 && m.cos < ms[n - 1].cos && !(m.y[k] < ms[n - 1].y[k])));
        return { holds: bad < 0, detail: bad < 0 ? ms.map((m) => `${d.data.items[m.j]} ${fmt(m.y[m.y.length - 1])}`).join(', ') + ' at the end' : `order broken at t = ${fmt(d.sim.t[bad])} τ` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', { kind: 'living' });
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const net = { Y: data.Y, rows: data.rows, cols: data.cols, depth: v.depth, a0: v.a0, seed: v.seed };
    const tmax = await runTime(call, svd.S, v.depth, v.a0);
    const { lr, steps, every } = await schedule(call, net, tmax, { minSteps: 300, records: 80 });
    const sim = await call('semantic.simulate', { ...net, lr, steps, every, record: { hidden: false, outputs: true, readout: true } });
    return { data, svd, sim };
  },

  draw(d, v) {
    const { data, sim } = d;
    const nf = data.rows, nrec = sim.t.length;
    // novel item with property m: the 7 properties inferred most strongly at the end
    const m = data.features.indexOf(v.property);
    const inferred = inferredFrom(d, m);
    const last = inferred[nrec - 1];
    const order = Array.from({ length: nf }, (_, f) => f).filter((f) => f !== m)
      .sort((a, b) => Math.abs(last[b]) - Math.abs(last[a])).slice(0, 7);
    const novelItem = order.map((f, c) => ({ label: `${data.features[f]} (→ ${fmt(last[f])})`, x: sim.t,
      y: Float64Array.from(inferred, (y) => y[f]), colorIndex: c }));
    const novelProp = generalisation(d, data.items.indexOf(v.item)).map((y, j) =>
      ({ label: data.items[j], x: sim.t, ...styleCycle(j), y }));
    const typ = typicality(d, v.category).map(({ j, cos, y }, c) =>
      ({ label: `${data.items[j]} (typicality cos = ${fmt(cos)})`, x: sim.t, ...styleCycle(c), y }));
    return { novelItem, novelProp, typ };
  },

  readout({ data, svd }, v) {
    return [['category mode', `${v.category}: the mode whose object analyzer best separates it`],
      ['singular values', Array.from(svd.S.slice(0, 6), fmt).join(', ') + ', …'],
      ['items', data.items.join(', ')]];
  },
};
