// Semantic differentiation, view (b): progressive differentiation of the items'
// hidden representations (columns of W¹) — their similarity at a chosen time, a
// 2-D classical MDS of their paths over training, and the distance between
// items separated at each level of the hierarchy.
import { fmt } from '../format.js';
import { styleCycle } from '../charts/theme.js';
import { pow } from '../engine/dmath.js';
import { dataParams, datasetArgs, partitions, schedule, runTime, itemColours } from './common/semantic.js';

const PATTERNS = ['solid', 'dash', 'dot', 'dashdot'];   // items of one group, in order

const RECORDS = 40;

/**
 * Per level j >= 1 of the hierarchy: the mean hidden-layer distance |h_a − h_b| over
 * the item pairs it first separates, per record: [{ name, j, y }].
 */
function levelDistances({ data, sim, hidden }) {
  const n = data.cols, { parts, names } = partitions(data), out = [];
  for (let j = 1; j < parts.length; j++) {
    const pairs = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (parts[j - 1][a] === parts[j - 1][b] && parts[j][a] !== parts[j][b]) pairs.push([a, b]);
    if (!pairs.length) continue;
    const y = Float64Array.from(sim.hidden, (M) => pairs.reduce((m, [a, b]) => {
      let d = 0;
      for (let h = 0; h < hidden; h++) { const e = M[h * n + a] - M[h * n + b]; d += e * e; }
      return m + Math.sqrt(d);
    }, 0) / pairs.length);
    out.push({ name: names[j], j, y });
  }
  return out;
}

export default {
  id: 'sem-differentiation',
  area: 'semantic',
  title: 'Progressive differentiation',
  refs: ['saxe2019', 'rogers2008'],
  live: true,
  params: [
    ...dataParams(['living', 'tree', 'diffusion', 'your-csv'], 'living'),
    { key: 'depth', label: 'Depth D', type: 'int', min: 2, max: 4, step: 1, def: 2 },
    { key: 'hidden', label: 'Hidden units (each hidden layer)', help: 'The number of neurons in each hidden layer: the items’ representations live there.', type: 'int', min: 2, max: 64, step: 1, def: 16 },
    { key: 'init', label: 'Initial weights', help: 'small: small random starting weights; decoupled: weights aligned with the data’s modes (the exact theory).', type: 'choice', options: ['small', 'decoupled'], def: 'small' },
    { key: 'a0', label: 'Initial size a₀ (mode strength; small: weight scale a₀^(1/D))', type: 'real', min: 1e-5, max: 0.1, def: 1e-3, scale: 'log' },
    { key: 'time', label: 'Time shown (fraction of the run)', help: 'Which moment of training the similarity matrix and the dots show, as a fraction of the run.', type: 'real', min: 0, max: 1, step: 0.01, def: 0.15, view: true },
  ],
  charts: [
    { id: 'sim', title: 'Hidden-layer similarity hᵢ · hⱼ at the time shown', kind: 'matrix', xLabel: 'item', yLabel: 'item', zLabel: 'hᵢ·hⱼ' },
    { id: 'mds', title: 'MDS of the hidden representations over training (paths; dots at the time shown)', xLabel: 'MDS axis 1', yLabel: 'MDS axis 2' },
    { id: 'dist', title: 'Mean distance |hᵢ − hⱼ| between items first split at each level', xLabel: 'time t / τ', yLabel: 'distance in the hidden layer' },
  ],
  equation: `
    <p>Item i's hidden representation is <span class="math">h<sub>i</sub> = W<sup>1</sup> e<sub>i</sub></span> (column i of W<sup>1</sup>).
       From a balanced start, <span class="math">W<sup>1</sup>(t) ≈ R √A(t) V<sup>T</sup></span> with
       <span class="math">A = diag(a<sub>α</sub>(t))</span>, so
       <span class="math">h<sub>i</sub> · h<sub>j</sub> = Σ<sub>α</sub> a<sub>α</sub>(t) v<sub>α i</sub> v<sub>α j</sub></span>.</p>
    <p>Classical MDS of all the representations at all the recorded times together (one common frame), so paths are comparable.</p>`,
  lookFor: `Slide the time shown: watch the similarity matrix gain block structure and the items move apart in the MDS
    picture. The distance chart follows each level of the hierarchy; try the tree and the diffusion data.`,
  claims: [
    {
      text: 'Differentiation goes from coarse to fine, as in Rogers & McClelland’s simulations and in children: the items split at each level of the hierarchy move apart (half their final distance) later than those split at the level above.',
      check: (d) => {
        const h = levelDistances(d).map(({ name, y }) => {
          const k = y.findIndex((x) => x >= 0.5 * y[y.length - 1]);
          return { name, t: d.sim.t[k] };
        });
        return { holds: h.length > 1 && h.every((x, i) => i === 0 || x.t > h[i - 1].t), detail: h.map((x) => `${x.name}: ${fmt(x.t)} τ`).join('; ') };
      },
    },
    {
      text: 'The representations differentiate from a small random start: the distance across every split grows over fivefold during training.',
      check: (d) => {
        const g = Math.min(...levelDistances(d).map(({ y }) => y[y.length - 1] / y[0]));
        return { holds: g > 5, detail: `smallest growth ×${fmt(g)}` };
      },
    },
  ],

  async compute(call, v) {
    const data = await call('semantic.dataset', datasetArgs(v));
    const svd = await call('semantic.svd', { Y: data.Y, rows: data.rows, cols: data.cols });
    const S = svd.S;
    const hidden = v.init === 'decoupled' ? Math.max(v.hidden, svd.p) : v.hidden;
    const net = { Y: data.Y, rows: data.rows, cols: data.cols, depth: v.depth, hidden, init: v.init, a0: v.a0,
      scale: pow(v.a0, 1 / v.depth), seed: v.seed };
    const tmax = await runTime(call, S, v.depth, v.a0);
    const { lr, steps, every } = await schedule(call, net, tmax, { minSteps: 200, records: RECORDS });
    const sim = await call('semantic.simulate', { ...net, lr, steps, every, record: { hidden: true, outputs: false } });
    const nrec = sim.t.length, n = data.cols;
    // points: record r, item i -> column i of W^1 at r
    const points = new Float64Array(nrec * n * hidden);
    sim.hidden.forEach((W1, r) => {
      for (let i = 0; i < n; i++) for (let h = 0; h < hidden; h++) points[(r * n + i) * hidden + h] = W1[h * n + i];
    });
    const mds = await call('semantic.mds', { points, n: nrec * n, dim: hidden, k: 2 });
    return { data, S, sim: { t: sim.t, loss: sim.loss, hidden: sim.hidden }, hidden, mds };
  },

  draw({ data, sim, hidden, mds }, v) {
    const n = data.cols, nrec = sim.t.length;
    const r = Math.min(nrec - 1, Math.round(v.time * (nrec - 1)));
    const W1 = sim.hidden[r];
    const idx = Float64Array.from({ length: n }, (_, j) => j);
    const simRows = Array.from({ length: n }, (_, i) => ({ label: data.items[i], x: idx, columns: data.items,
      y: Float64Array.from({ length: n }, (_, j) => { let s = 0; for (let h = 0; h < hidden; h++) s += W1[h * n + i] * W1[h * n + j]; return s; }) }));
    // MDS paths
    const colours = itemColours(data), named = n <= 12;
    const { parts: fine } = partitions(data);
    const sub = fine.length > 2 ? fine[fine.length - 2] : colours;   // finest real groups: one colour each
    const mdsSeries = [];
    const seenGroup = new Set();
    const inGroup = new Map();   // named items: how many of the item's group came before it
    const single = named && sub.every((g) => g === sub[0]);   // no groups: every item its own style
    for (let i = 0; i < n; i++) {
      const g = colours[i];
      const label = named ? data.items[i] : (seenGroup.has(g) ? `_${data.items[i]}` : `group ${data.items[i][0]}…`);
      seenGroup.add(g);
      const k = inGroup.get(sub[i]) ?? 0;
      inGroup.set(sub[i], k + 1);
      // Named items: one colour per group, one line pattern per item within it.
      const style = !named ? { colorIndex: g % 6 } : single ? styleCycle(i) : { colorIndex: sub[i] % 6, dash: PATTERNS[k % PATTERNS.length] };
      mdsSeries.push({ label, x: Float64Array.from({ length: nrec }, (_, k) => mds.coords[(k * n + i) * 2]),
        y: Float64Array.from({ length: nrec }, (_, k) => mds.coords[(k * n + i) * 2 + 1]), ...style, width: 1.5 });
    }
    mdsSeries.push({ label: `items at t = ${fmt(sim.t[r])} τ`, x: Float64Array.from({ length: n }, (_, i) => mds.coords[(r * n + i) * 2]),
      y: Float64Array.from({ length: n }, (_, i) => mds.coords[(r * n + i) * 2 + 1]), points: true, colorIndex: 6 });
    const dist = levelDistances({ data, sim, hidden }).map(({ name, j, y }) => ({ label: `split ${name}`, x: sim.t, y, colorIndex: j - 1 }));
    const yMax = Math.max(0, ...dist.flatMap((s) => Array.from(s.y)));
    dist.push({ label: 'time shown', x: [sim.t[r], sim.t[r]], y: [0, yMax], colorIndex: 6, dash: true, width: 1 });
    return { sim: simRows, mds: mdsSeries, dist };
  },

  readout({ sim, mds, hidden }, v) {
    const nrec = sim.t.length, r = Math.min(nrec - 1, Math.round(v.time * (nrec - 1)));
    return [['time shown', `${fmt(sim.t[r])} τ of ${fmt(sim.t[nrec - 1])} τ (record ${r} of ${nrec - 1})`],
      ['loss at that time', fmt(sim.loss[r])],
      ['hidden units', String(hidden)],
      ['MDS eigenvalues of the two axes', `${fmt(mds.eig[0])}, ${fmt(mds.eig[1])}`]];
  },
};
