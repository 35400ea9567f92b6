// Trainability at the edge of chaos (Schoenholz, Gilmer, Ganguli & Sohl-Dickstein 2017):
// tanh networks of many depths and weight scales, each trained briefly on Fashion-MNIST,
// against the mean-field bound that depth L trains when L is below about 6 ξ_c.
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';
import { sbParam } from './common/chaos.js';
import { DATA_NOTE, trainSizeParam, lrParam, batchParam, pct } from './common/nonlinear.js';

const TEST_SIZE = 500;
const FAILED = 0.25;   // below this accuracy a network has not trained (a guess among 10 classes gets 0.1)

/** The grid's cells as { sw, L, acc, xiC } (a diverged cell's accuracy is NaN). */
const cells = ({ sw, depths, acc, xiCells }) => depths.flatMap((L, j) => Array.from(sw, (s, i) => ({ sw: s, L, acc: acc[j * sw.length + i], xiC: xiCells[i] })));
const CURVE_POINTS = 200;

/** The grid: nw weight scales from swMin to swMax, depths from depthStep to depthMax. */
function grid(v) {
  const sw = Float64Array.from({ length: v.nw }, (_, i) => v.swMin + ((v.swMax - v.swMin) * i) / Math.max(1, v.nw - 1));
  const depths = [];
  for (let L = v.depthStep; L <= v.depthMax; L += v.depthStep) depths.push(L);
  return { sw, depths };
}

export default {
  id: 'trainability',
  area: 'chaos',
  title: 'Trainability at the edge of chaos',
  refs: ['schoenholz2017', 'poole2016', 'xiao2017'],
  live: false,
  params: [
    { key: 'swMin', label: 'Smallest σw', help: 'The left end of the grid’s weight scales σw.', type: 'real', min: 0.1, max: 3, step: 0.05, def: 0.5 },
    { key: 'swMax', label: 'Largest σw', help: 'The right end of the grid’s weight scales σw.', type: 'real', min: 0.5, max: 6, step: 0.05, def: 2.5 },
    { key: 'nw', label: 'Weight scales in the grid', help: 'How many equally spaced σw the grid trains at each depth.', type: 'int', min: 2, max: 40, step: 1, def: 7 },
    sbParam(0.3),
    { key: 'depthStep', label: 'Depth step', help: 'Depths (layers of weights) run from this step to the largest depth in these steps.', type: 'int', min: 1, max: 50, step: 1, def: 5 },
    { key: 'depthMax', label: 'Largest depth L', help: 'The deepest networks of the grid, in layers of weights.', type: 'int', min: 2, max: 200, step: 1, def: 30 },
    { key: 'width', label: 'Units per hidden layer', type: 'int', min: 8, max: 256, step: 8, def: 32 },
    trainSizeParam(500),
    { key: 'epochs', label: 'Epochs per network', help: 'How many passes over the training images each network of the grid gets.', type: 'int', min: 1, max: 100, step: 1, def: 3 },
    lrParam(0.02),
    batchParam(10),
    seedParam(),
  ],
  charts: [
    { id: 'acc', kind: 'heatmap', title: 'Training accuracy after training, over (σw, depth); dashed: 6 ξ_c', xLabel: 'σw', yLabel: 'depth L', zLabel: 'training accuracy (%)', zMin: 0, zMax: 100, nanLabel: 'diverged' },
  ],
  equation: `
    <p>Each cell trains a tanh network of depth L (L − 1 hidden layers of the chosen width, Gaussian weights of variance
       σw²/n, biases of variance σb²) with softmax cross-entropy and minibatch SGD, the same data, learning rate and
       epochs everywhere, and shows its accuracy on the training images.</p>
    <p>Mean-field theory: two inputs’ correlation reaches its fixed point over <span class="math">ξ<sub>c</sub> = −1/ln χ<sub>c</sub></span>
       layers, and a network of depth L trains when L is below about 6 ξ<sub>c</sub> (Schoenholz et al. 2017, dashed);
       ξ<sub>c</sub> diverges at the order–chaos boundary χ₁ = 1.</p>
    <p>Data: ${DATA_NOTE}.</p>`,
  lookFor: `Find where deep networks still train: compare the cells near the σw where the dashed curve peaks with
    those far to the left (ordered) and far to the right (chaotic). Raise the epochs or the largest depth to see the band sharpen.`,
  claims: [
    {
      text: `No network much deeper than the mean-field bound trains: every cell above the dashed curve (L > 6 ξ_c) stays below ${100 * FAILED} % accuracy (a guess gets 10 %).`,
      check: (d) => {
        const above = cells(d).filter((c) => c.L > 6 * c.xiC);
        const top = above.reduce((m, c) => (c.acc > m.acc ? c : m), { acc: -1 });
        return {
          holds: above.length > 0 && !(top.acc >= FAILED),
          detail: above.length ? `${above.length} cells above the curve, the best at ${pct(top.acc)} (σw = ${fmt(top.sw)}, L = ${top.L})` : 'no cell above the curve',
        };
      },
    },
    {
      text: 'Deep networks train best near the order–chaos boundary: at every depth in the deeper half of the grid, the cell nearest χ₁ = 1 reaches a higher accuracy than both ends of the σw range.',
      check: (d) => {
        const n = d.sw.length, b = d.cut.boundary;
        if (!Number.isFinite(b) || b < d.sw[0] || b > d.sw[n - 1]) return { holds: false, detail: `χ₁ = 1 at σw = ${fmt(b)}, outside the grid` };
        const near = d.sw.reduce((k, s, i) => (Math.abs(s - b) < Math.abs(d.sw[k] - b) ? i : k), 0);
        const deep = d.depths.map((L, j) => ({ L, j })).filter(({ L }) => 2 * L > d.depths[d.depths.length - 1]);
        const row = (j, i) => d.acc[j * n + i];
        const bad = deep.filter(({ j }) => !(row(j, near) > Math.max(row(j, 0), row(j, n - 1)) || near === 0 || near === n - 1));
        return {
          holds: deep.length > 0 && bad.length === 0 && near !== 0 && near !== n - 1,
          detail: deep.map(({ L, j }) => `L = ${L}: ${pct(row(j, near))} at σw = ${fmt(d.sw[near])} against ${pct(row(j, 0))} and ${pct(row(j, n - 1))}`).join('; '),
        };
      },
    },
  ],

  async compute(call, v) {
    if (!(v.swMin < v.swMax)) throw new RangeError(`The smallest σw (${fmt(v.swMin)}) must be below the largest σw (${fmt(v.swMax)}): lower the one or raise the other.`);
    if (v.depthStep > v.depthMax) throw new RangeError(`The depth step (${v.depthStep}) is larger than the largest depth L (${v.depthMax}), so the grid has no depth: lower the step or raise the depth.`);
    const { sw, depths } = grid(v);
    const base = {
      data: 'fashion-mnist', trainSize: v.trainSize, testSize: TEST_SIZE, phi: 'tanh', sb: v.sb, init: 'gaussian',
      loss: 'softmax', lr: v.lr, batch: v.batch, epochs: v.epochs, recordEvery: v.epochs, seed: v.seed,
    };
    const cells = [];
    for (const L of depths) for (const s of sw) cells.push({ ...base, sw: s, hidden: Array(L - 1).fill(v.width) });
    // Deepest first: the pool finishes the costly cells while cheap ones fill the gaps.
    const order = cells.map((_, k) => k).sort((a, b) => cells[b].hidden.length - cells[a].hidden.length);
    const done = await call.many('nonlinear.train', order.map((k) => cells[k]));
    const acc = new Float64Array(cells.length);
    order.forEach((k, j) => {
      const r = done[j];
      acc[k] = r.diverged ? NaN : 1 - r.trainError[r.trainError.length - 1];
    });
    // ξ_c along σb = const: finely for the curve, and at the grid's own σw for the claims.
    const line = async (nw) => {
      const pd = await call('chaos.phaseDiagram', { phi: 'tanh', swMin: v.swMin, swMax: v.swMax, sbMin: v.sb, sbMax: v.sb + 1e-9, nw, nb: 2 });
      return { sw: pd.sw, xiC: pd.xiC.slice(0, nw), boundary: pd.boundary[0] };
    };
    return { sw, depths, acc, cut: await line(CURVE_POINTS), xiCells: (await line(sw.length)).xiC };
  },

  draw({ sw, depths, acc, cut }, v) {
    const rows = depths.map((L, j) => ({ label: `L = ${L}`, x: sw, y: acc.slice(j * sw.length, (j + 1) * sw.length).map((a) => 100 * a), row: L, heat: true }));
    const six = Array.from(cut.xiC, (x) => (Number.isFinite(x) ? Math.min(6 * x, 10 * v.depthMax) : NaN));
    return { acc: [...rows, { label: '6 ξ_c', x: cut.sw, y: six, dash: true }] };
  },

  readout({ sw, depths, acc, cut }, v) {
    const n = acc.length, diverged = acc.filter((a) => Number.isNaN(a)).length;
    return [
      ['grid', `${sw.length} weight scales × ${depths.length} depths = ${n} networks`],
      ['order–chaos boundary', `χ₁ = 1 at σw = ${fmt(cut.boundary)} (σb = ${fmt(v.sb)})`],
      ['diverged', `${diverged} of ${n}`],
      ['chance', '10 % accuracy: the 10 classes are equally common'],
      ['data', DATA_NOTE],
    ];
  },
};
