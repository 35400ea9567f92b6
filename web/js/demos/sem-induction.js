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
import { LIVING } from '../engine/solvers/semantic.js';
import { schedule, halfTime } from './common/semantic.js';

const CATEGORIES = ['birds', 'fish', 'plants', 'animals', 'trees', 'flowers'];

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
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 1000000, step: 1, def: 1 },
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
  lookFor: `Told only that a new item has feathers, the young network projects the broadest
    properties first (it grows, it lives: only the root mode is learned, so the ratio can even exceed
    1), then animal properties (it moves, has skin), and finally bird properties (wings, and it flies)
    — inductive projections sharpen with development. A new property of the canary is at first given
    to every living thing alike, then to the animals more than the plants, and in the end mostly to
    the birds. In the typicality chart the
    robin and canary, closer to the bird synthesizer than the penguin, carry a stronger bird signal at
    every time: category membership is easier to verify for typical members.`,

  async compute(call, v) {
    const data = await call('semantic.dataset', { kind: 'living' });
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const S = svd.S, s1 = S[0];
    const sMin = Array.from(S).filter((s) => s > 1e-6 * s1).reduce((m, s) => Math.min(m, s), s1);
    const tmax = 1.5 * halfTime(sMin, v.a0, v.depth);
    const { lr, steps, every } = schedule(tmax, s1, v.depth, { minSteps: 300, records: 80 });
    const sim = await call('semantic.simulate', { Y: data.Y, rows: data.rows, cols: data.cols, depth: v.depth,
      a0: v.a0, lr, steps, every, seed: v.seed, record: { hidden: false, outputs: true, readout: true } });
    return { data, svd, sim };
  },

  draw({ data, svd, sim }, v) {
    const nf = data.rows, ni = data.cols, p = svd.p, nrec = sim.t.length;
    const n1 = sim.readout[0].length / nf, nL = sim.lastHidden[0].length / ni;
    // novel item with property m
    const m = data.features.indexOf(v.property);
    const inferred = sim.readout.map((M) => {
      const g = M.subarray(m * n1, (m + 1) * n1);
      let gg = 0;
      for (const x of g) gg += x * x;
      return Float64Array.from({ length: nf }, (_, f) => {
        let s = 0;
        for (let h = 0; h < n1; h++) s += M[f * n1 + h] * g[h];
        return gg > 0 ? s / gg : 0;
      });
    });
    const last = inferred[nrec - 1];
    const order = Array.from({ length: nf }, (_, f) => f).filter((f) => f !== m)
      .sort((a, b) => Math.abs(last[b]) - Math.abs(last[a])).slice(0, 7);
    const novelItem = order.map((f, c) => ({ label: `${data.features[f]} (→ ${fmt(last[f])})`, x: sim.t,
      y: Float64Array.from(inferred, (y) => y[f]), colorIndex: c }));
    // novel property on item i
    const i = data.items.indexOf(v.item);
    const novelProp = data.items.map((name, j) => ({ label: name, x: sim.t, colorIndex: j % 7, dash: j >= 7,
      y: Float64Array.from(sim.lastHidden, (H) => {
        let hij = 0, hii = 0;
        for (let h = 0; h < nL; h++) { hij += H[h * ni + i] * H[h * ni + j]; hii += H[h * ni + i] * H[h * ni + i]; }
        return hii > 0 ? hij / hii : 0;
      }) }));
    // typicality: the mode separating the category best
    const members = LIVING.categories[v.category];
    const ind = Float64Array.from({ length: ni }, (_, j) => (members.includes(j) ? 1 : 0) - members.length / ni);
    let best = 0, bestC = -1, sign = 1;
    for (let a = 0; a < p; a++) {
      if (!(svd.S[a] > 1e-9 * svd.S[0])) continue;
      let c = 0;
      for (let j = 0; j < ni; j++) c += svd.V[j * p + a] * ind[j];
      if (Math.abs(c) > bestC) { bestC = Math.abs(c); best = a; sign = c >= 0 ? 1 : -1; }
    }
    const u = Float64Array.from({ length: nf }, (_, f) => sign * svd.U[f * p + best]);
    const typ = members.map((j, c) => {
      let dot = 0, nn = 0;
      for (let f = 0; f < nf; f++) { dot += u[f] * data.Y[f * ni + j]; nn += data.Y[f * ni + j] * data.Y[f * ni + j]; }
      return { label: `${data.items[j]} (typicality cos = ${fmt(dot / Math.sqrt(nn))})`, x: sim.t, colorIndex: c,
        y: Float64Array.from(sim.outputs, (W) => { let s = 0; for (let f = 0; f < nf; f++) s += u[f] * W[f * ni + j]; return s; }) };
    });
    return { novelItem, novelProp, typ };
  },

  readout({ data, svd }, v) {
    return [['category mode', `${v.category}: the mode whose object analyzer best separates it`],
      ['singular values', Array.from(svd.S.slice(0, 6), fmt).join(', ') + ', …'],
      ['items', data.items.join(', ')]];
  },
};
