// Throughput of the transient-chaos solvers, wasm SIMD vs wasm scalar, through the
// engine exactly as the page calls it (bench/run.mjs prints the rows).
import { loadEngine } from '../web/js/engine.js';

async function phasePointsPerSecond(eng) {
  const p = { phi: 'tanh', swMin: 0.05, swMax: 5, sbMin: 0, sbMax: 2, nw: 200, nb: 200 };
  await eng.chaos.phaseDiagram({ ...p, nw: 50, nb: 50 });   // warm-up and tier-up
  const pd = await eng.chaos.phaseDiagram(p);
  return (p.nw * p.nb) / (pd.ms / 1000);
}

async function circlePointLayersPerSecond(eng) {
  const p = { phi: 'tanh', sw: 2.5, sb: 0.3, width: 1000, layers: 12, points: 128, seed: 1 };
  await eng.chaos.simulateCircle({ ...p, layers: 2 });
  const d = await eng.chaos.simulateCircle(p);
  return (p.points * p.layers) / (d.ms / 1000);
}

/** Rows { name, unit, simd, scalar }. */
export async function benchChaos() {
  const simd = await loadEngine({ variant: 'simd' });
  const scalar = await loadEngine({ variant: 'scalar' });
  return [
    { name: 'chaos phase diagram, tanh 200 x 200 (q*, chi1, xi_q, Mehler c*, xi_c)', unit: 'grid points/s',
      simd: await phasePointsPerSecond(simd), scalar: await phasePointsPerSecond(scalar) },
    { name: 'chaos circle simulation, N = 1000, M = 128, forward-mode h, v, a + PCA', unit: 'points x layers/s',
      simd: await circlePointLayersPerSecond(simd), scalar: await circlePointLayersPerSecond(scalar) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchChaos());
