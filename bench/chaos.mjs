// Throughput of the transient-chaos solvers and the semantic simulator, wasm SIMD
// vs wasm scalar, through the engine exactly as the page calls it (bench/run.mjs
// prints the rows). CPU time, best of a few calls (bench/measure.mjs).
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../web/js/engine/index.js';
import { bestRateAsync } from './measure.mjs';

export const PHASE = { phi: 'tanh', swMin: 0.05, swMax: 5, sbMin: 0, sbMax: 2, nw: 200, nb: 200 };

const phasePointsPerSecond = (eng) => bestRateAsync(() => eng.chaos.phaseDiagram(PHASE), PHASE.nw * PHASE.nb, { reps: 2 });

function circlePointLayersPerSecond(eng) {
  const p = { phi: 'tanh', sw: 2.5, sb: 0.3, width: 1000, layers: 12, points: 128, seed: 1 };
  return bestRateAsync(() => eng.chaos.simulateCircle(p), p.points * p.layers, { reps: 2 });
}

// Semantic learning (eng.semantic.simulate: GD on a deep linear net with one-hot
// items): a binary hierarchy of 16 items, one feature per tree node (31).
function semanticStepsPerSecond(eng) {
  const items = 16, nodes = 31, Y = new Float64Array(nodes * items);
  for (let f = 0; f < nodes; f++) {
    const level = Math.floor(Math.log2(f + 1)), first = f + 1 - 2 ** level, span = items >> level;
    for (let i = first * span; i < (first + 1) * span; i++) Y[f * items + i] = 1;
  }
  const p = { Y, rows: nodes, cols: items, depth: 3, hidden: 16, a0: 0.001, lr: 0.05, steps: 4000, every: 40, seed: 1 };
  return bestRateAsync(() => eng.semantic.simulate(p), p.steps, { reps: 2 });
}

/** Rows { name, unit, simd, scalar }. */
export async function benchChaos() {
  const simd = await loadEngine({ variant: 'simd' });
  const scalar = await loadEngine({ variant: 'scalar' });
  const rows = [
    { name: 'chaos phase diagram, tanh 200 x 200 (q*, chi1, xi_q, Mehler c*, xi_c)', unit: 'grid points/s',
      simd: await phasePointsPerSecond(simd), scalar: await phasePointsPerSecond(scalar) },
    { name: 'chaos circle simulation, N = 1000, M = 128, forward-mode h, v, a + PCA', unit: 'points x layers/s',
      simd: await circlePointLayersPerSecond(simd), scalar: await circlePointLayersPerSecond(scalar) },
  ];
  if (typeof simd.semantic?.simulate === 'function') {
    rows.push({ name: 'semantic GD, 31 features x 16 items (binary tree), D = 3, hidden 16, records every 40', unit: 'steps/s',
      simd: await semanticStepsPerSecond(simd), scalar: await semanticStepsPerSecond(scalar) });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await benchChaos());
