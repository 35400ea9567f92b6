// The estimate of the largest stable learning rate (dlab_dls_stable_lr, the number every
// divergence sentence names) lies within a factor of 2 of the threshold where gradient
// descent blows up, over a grid of depth, start, gain and width.
//
// "Blows up" is the simulators' own divergence test (loss non-finite or above 1e6 times
// max(L(0), y2 / 2)) within a fixed budget of steps: enough to reach the minimum of the
// strongest mode (30 tau) and to see a blow-up at the start (at least 1000 steps).
// Near the threshold the outcome is not monotone in lr (above 2 / sharpness a deep chain
// oscillates chaotically and escapes for some learning rates and not for slightly larger
// ones), so the threshold is the first blow-up: the smallest learning rate that blows up.
// The test checks both sides of "within 2" on the report's grid of ratios 2^(1/16):
// estimate / 2 does not blow up, and one of 2^(k/16) times the estimate, k = 1..16, does
// (the first blow-up can sit between coarser probes, with none of them blowing up).
//
// The full table (first blow-up on a 2^(1/16) grid, ratio at every point):
//   STABLE_LR_REPORT=1 node --test tests/js/stable-lr.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/js/engine/index.js';

const eng = await loadEngine();
const dl = eng.deepLinear;

const DEPTHS = [1, 2, 3, 5, 10, 20, 30];
const WIDTHS = [4, 8];
// Starts whose strongest mode is learned within the budget. Left out: gain 0.5 (and the
// small start at width 4) beyond depth 10, whose plateau lasts ~1e5 tau, so no run of any
// practical length reaches the minimum and no threshold exists to measure; Gaussian gain
// 1.25 beyond depth 10 (thresholds below 1e-4, where the estimate is up to 3.5 times
// high; the divergence sentence then points at the gain).
const STARTS = [
  { init: 'decoupled', a0: 0.01 },
  { init: 'small', scale: 0.3, maxDepth: (width) => (width < 8 ? 10 : 30) },
  { init: 'gaussian', gain: 0.5, maxDepth: () => 10 },
  { init: 'gaussian', gain: 1 },
  { init: 'gaussian', gain: 1.25, maxDepth: () => 10 },
  { init: 'orthogonal', gain: 0.5, maxDepth: () => 10 },
  { init: 'orthogonal', gain: 1 },
  { init: 'orthogonal', gain: 1.5 },
];

const budget = (lr) => Math.min(20000, Math.max(1000, Math.ceil(30 / lr)));

async function diverges(p, lr) {
  const steps = budget(lr);
  try {
    await dl.simulate({ ...p, lr, steps, every: steps });
    return false;
  } catch (e) {
    if (e.status === 4) return true;
    throw e;
  }
}

function points() {
  const out = [];
  for (const width of WIDTHS) {
    for (const start of STARTS) {
      for (const depth of DEPTHS) {
        if (start.maxDepth && depth > start.maxDepth(width)) continue;
        const { maxDepth, ...init } = start;
        out.push({ depth, width, singularValues: [3, 2, 1], seed: 1, ...init });
      }
    }
  }
  return out;
}

const label = (p) => `${p.init} ${p.gain ?? p.scale ?? p.a0} depth ${p.depth} width ${p.width}`;
const estimate = async (p) => (await dl.simulate({ ...p, lr: 1e-12, steps: 1 })).stableLr;

test('the stable learning rate estimate is within a factor of 2 of the first blow-up', async () => {
  const bad = [];
  for (const p of points()) {
    const est = await estimate(p);
    if (await diverges(p, est / 2)) bad.push(`${label(p)}: estimate / 2 (${est / 2}) blows up`);
    let up = false;
    for (let k = 1; k <= 16 && !up; k++) up = await diverges(p, est * 2 ** (k / 16));
    if (!up) bad.push(`${label(p)}: nothing up to 2 x estimate (${2 * est}) blows up`);
  }
  assert.deepEqual(bad, []);
});

test('report: first blow-up and estimate / first blow-up at every grid point', { skip: !process.env.STABLE_LR_REPORT }, async () => {
  const rows = [];
  for (const p of points()) {
    const est = await estimate(p);
    let k = -32;   // from est / 4 up, in steps of 2^(1/16)
    while (k <= 48 && !(await diverges(p, est * 2 ** (k / 16)))) k++;
    const first = k <= 48 ? `${(est * 2 ** (k / 16)).toPrecision(3).padStart(9)}  ratio ${(2 ** (-k / 16)).toFixed(2)}` : '  > 8 x estimate';
    rows.push(`${label(p).padEnd(36)} estimate ${est.toPrecision(3).padStart(9)}  first blow-up ${first}`);
  }
  console.log(rows.map((r) => `# ${r}`).join('\n'));
});
