// The lecture's experiment at a browser's scale: a deep tanh network trained from four
// starts (Gaussian or orthogonal weights, gain 1 or just above), after Saxe, McClelland &
// Ganguli 2014 and Pennington, Schoenholz & Ganguli 2017. Trained by eng.nonlinear.
import { fmt } from '../format.js';
import { seedParam } from './common/params.js';
import { DATA_NOTE, trainSizeParam, lrParam, batchParam, appendRecords, pct } from './common/nonlinear.js';

const TEST_SIZE = 1000;
/** The four starts: init and which gain (1 or the chosen g). */
const STARTS = [
  { init: 'gaussian', high: false }, { init: 'gaussian', high: true },
  { init: 'orthogonal', high: false }, { init: 'orthogonal', high: true },
];
/**
 * Whether start `which` (default: orthogonal with gain g) ends with the training error
 * that is `better(mine, other)` than every other start's; the detail lists all four.
 */
function lastOf({ runs }, v, better, which = 3) {
  const last = runs.map(({ records, diverged }) => (diverged ? NaN : records.trainError[records.trainError.length - 1]));
  const holds = last.every((e, i) => i === which || better(last[which], e));
  return { holds, detail: last.map((e, i) => `${startName(STARTS[i], v.g)}: ${Number.isNaN(e) ? 'diverged' : pct(e)}`).join(', ') };
}
const startName = (s, g) => `${s.init === 'gaussian' ? 'Gaussian' : 'orthogonal'}, g = ${fmt(s.high ? g : 1)}`;
/** Wall time a segment of epochs should take, so Pause and the progress bar answer quickly. */
const SEGMENT_EPOCHS = 2;

export default {
  id: 'deep-tanh',
  area: 'chaos',
  title: 'Training a deep tanh network',
  refs: ['saxe2014', 'pennington2017', 'xiao2017'],
  live: false,
  pausable: true,
  params: [
    { key: 'layers', label: 'Layers of weights L', help: 'Weight layers from the input to the softmax output (Saxe et al. trained 30).', type: 'int', min: 2, max: 60, step: 1, def: 30 },
    { key: 'width', label: 'Units per hidden layer', type: 'int', min: 8, max: 256, step: 8, def: 32 },
    { key: 'g', label: 'Gain g of the second pair of starts', help: 'The weights are g times a Gaussian of variance 1/n or g times a random orthogonal matrix; two starts use g = 1, two use this g.', type: 'real', min: 0.5, max: 2, step: 0.05, def: 1.1 },
    trainSizeParam(1000),
    { key: 'epochs', label: 'Epochs', help: 'How many passes over the training images each of the four networks gets.', type: 'int', min: 1, max: 500, step: 1, def: 8 },
    lrParam(0.02),
    batchParam(50),
    seedParam(),
  ],
  charts: [
    { id: 'train', title: 'Training error', xLabel: 'epoch', yLabel: 'error (%)', yMin: 0 },
    { id: 'test', title: `Test error (${TEST_SIZE} held-out images)`, xLabel: 'epoch', yLabel: 'error (%)', yMin: 0 },
  ],
  equation: `
    <p><span class="math">hˡ = Wˡ xˡ⁻¹ + bˡ</span>, <span class="math">xˡ = tanh hˡ</span> for l &lt; L, softmax output and
       cross-entropy loss; minibatch SGD. Starts: <span class="math">Wˡ = g · G/√n</span> (G Gaussian) or
       <span class="math">Wˡ = g · Q</span> (Q a random orthogonal matrix), biases 0.</p>
    <p>Saxe, McClelland &amp; Ganguli (2014) ran this experiment with 30 layers of 500 units on MNIST, trained for
       1500 epochs, and report training errors of 2.3 % (Gaussian, g = 1), 1.5 % (Gaussian, g = 1.1), 2.8 % (orthogonal,
       g = 1) and 0.095 % (orthogonal, g = 1.1). Here the layers are narrower and the training is far shorter, on
       ${DATA_NOTE}: the curves are this run’s numbers, not theirs.
       For tanh without biases the order–chaos boundary is at g = 1 (χ₁ = 1), so g = 1.1 starts just on its chaotic side.</p>`,
  lookFor: `Compare the four starts at the same learning rate: which one’s training error falls first, and which
    lags? Then change g to 1 or 1.3, or the depth to 10, and see whether the order of the four starts holds.`,
  claims: [
    {
      text: 'Orthogonal weights just beyond the edge of chaos train fastest: after the last epoch the orthogonal start with gain g has the lowest training error of the four.',
      when: (v) => v.g > 1,
      check: (d, v) => lastOf(d, v, (mine, other) => mine < other),
    },
    {
      text: 'The Gaussian start at g = 1 lags: after the last epoch its training error is the highest of the four.',
      when: (v) => v.g > 1,
      check: (d, v) => lastOf(d, v, (mine, other) => mine > other, 0),
    },
  ],

  async compute(call, v, run) {
    const base = {
      data: 'fashion-mnist', trainSize: v.trainSize, testSize: TEST_SIZE, hidden: Array(v.layers - 1).fill(v.width),
      phi: 'tanh', sb: 0, loss: 'softmax', lr: v.lr, batch: v.batch, seed: v.seed, resumable: true,
    };
    const runs = STARTS.map(() => ({ records: null, state: undefined, diverged: false }));
    let done = 0;
    while (done < v.epochs) {
      const n = Math.min(SEGMENT_EPOCHS, v.epochs - done);
      const live = runs.map((r, i) => ({ r, i })).filter(({ r }) => !r.diverged);
      const parts = await call.many('nonlinear.train', live.map(({ r, i }) => ({
        ...base, init: STARTS[i].init, sw: STARTS[i].high ? v.g : 1, epochs: n, resume: r.state,
      })));
      live.forEach(({ r }, k) => {
        const p = parts[k];
        r.state = p.state;
        r.diverged = p.diverged;
        delete p.state;
        r.records = appendRecords(r.records, p);
      });
      done += n;
      if (done < v.epochs) await run.partial({ runs: runs.map(({ records, diverged }) => ({ records, diverged })), done }, `epoch ${done} of ${v.epochs}`);
    }
    return { runs: runs.map(({ records, diverged }) => ({ records, diverged })), done };
  },

  draw({ runs }, v) {
    const series = (key) => runs.map(({ records }, i) => ({
      label: startName(STARTS[i], v.g), x: records.epoch, y: records[key].map((e) => 100 * e),
      colorIndex: i, dash: STARTS[i].high ? undefined : true,
    }));
    return { train: series('trainError'), test: series('testError') };
  },

  readout({ runs }, v) {
    const rows = runs.map(({ records, diverged }, i) => {
      const k = records.epoch.length - 1;
      return [startName(STARTS[i], v.g), diverged ? `diverged: ${diverged}` : `training error ${pct(records.trainError[k])}, test error ${pct(records.testError[k])} after epoch ${records.epoch[k]}`];
    });
    rows.push(['scale', `${v.layers} layers of ${v.width} units, ${v.trainSize} training images of 14 × 14, ${v.epochs} epochs; the lecture: 30 layers of 500 units, 60 000 MNIST images of 28 × 28, 1500 epochs`]);
    return rows;
  },
};
