// Timing for `make bench`. Every rate is the best of several batches, each timed
// in CPU time of this process (process.cpuUsage), not wall time: on a shared
// machine the bench is preempted by other jobs for whole milliseconds, which wall
// time would count as work. The best batch is the figure least disturbed by
// them (what is left: caches and clock speed shared with the other jobs).

/** CPU milliseconds used by this process so far (all its threads). */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Best rate of `fn` (which does `work` units per call) over batches of about
 * `batchMs` CPU ms, repeated for `totalMs` wall ms (at least `minBatches`).
 * Calls fn for 50 ms first, so V8 tiers the wasm up (it swaps in optimised code
 * when a function is entered again). Returns units per CPU second.
 */
export function bestRate(fn, work, { batchMs = 20, totalMs = 400, minBatches = 3 } = {}) {
  // Warm-up, long enough for the optimising compile (a background job) to land.
  const w0 = performance.now();
  for (let i = 0; i < 3 || performance.now() - w0 < 50; i++) fn();
  let t = cpuMs();
  fn();
  const one = Math.max(cpuMs() - t, 0.005);
  const calls = Math.max(1, Math.round(batchMs / one));
  let best = Infinity, batches = 0;
  const t0 = performance.now();
  do {
    t = cpuMs();
    for (let i = 0; i < calls; i++) fn();
    best = Math.min(best, (cpuMs() - t) / calls);
    batches++;
  } while (batches < minBatches || performance.now() - t0 < totalMs);
  return work / (best / 1000);
}

/**
 * Units per CPU second of each { step, work } in `steppers`, the best of short windows
 * taken in turn: on a shared machine what else runs changes from second to second, and
 * alternating lets both sides of a ratio meet the same conditions.
 */
export function alternating(steppers, rounds = 5) {
  const best = steppers.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    steppers.forEach((s, i) => { best[i] = Math.max(best[i], bestRate(s.step, s.work, { batchMs: 100, totalMs: 300 })); });
  }
  return best;
}

/** As bestRate for an async fn (a whole engine call); CPU time as well. */
export async function bestRateAsync(fn, work, { reps = 3 } = {}) {
  await fn();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = cpuMs();
    await fn();
    best = Math.min(best, cpuMs() - t);
  }
  return work / (best / 1000);
}

export const fmt = (x, d = 2, w = 8) => (Number.isFinite(x) ? x.toFixed(d) : '—').padStart(w);
