// Speed-up of the worker pool on the page's two split sweeps: the phase diagram
// (web/js/demos/chaos-phase.js: 8 bands of rows) and the depth sweep
// (web/js/demos/depth-speed.js: one call per depth), run by each demo's own
// compute() with call.many over K Node worker_threads fed from one queue,
// costliest first (as the page's pool, web/js/engine/client.js, and run.js deal
// them), K = 1 and 2; and of `depthlab sweep` (bin/sweep.mjs) on a grid of uneven
// points. Wall time, best of 3 runs per K; the merged results must be
// bit-identical for every K (fingerprints).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { DEMOS } from '../web/js/demos/index.js';
import { parseHash } from '../web/js/demos/state.js';
import { costliestFirst, dealOrder, parseAxis, sweepPoints } from '../web/js/demos/sweep.js';
import { fingerprint } from '../web/js/engine/fingerprint.js';
import { runSweep } from '../bin/sweep.mjs';

class Pool {
  static async open(size) {
    const pool = new Pool();
    pool.workers = await Promise.all(Array.from({ length: size }, () => new Promise((resolve) => {
      const w = new Worker(new URL('./pool-worker.mjs', import.meta.url));
      w.pending = new Map();
      w.on('message', (m) => {
        if (m.ready) { resolve(w); return; }
        const job = w.pending.get(m.id);
        w.pending.delete(m.id);
        pool.times.set(job.params, performance.now() - job.t0);
        job.resolve(m.result);
      });
    })));
    pool.queue = [];
    pool.ids = 0;
    pool.times = new Map();   // params object -> ms of its last call
    for (const w of pool.workers) w.on('message', () => pool.pump());
    return pool;
  }

  /** Hands queued calls to idle workers (each runs one call at a time). */
  pump() {
    for (const w of this.workers) {
      if (w.pending.size || !this.queue.length) continue;
      const { id, method, params, resolve } = this.queue.shift();
      w.pending.set(id, { resolve, params, t0: performance.now() });
      w.postMessage({ id, method, params });
    }
  }

  call(method, params) {
    return new Promise((resolve) => { this.queue.push({ id: ++this.ids, method, params, resolve }); this.pump(); });
  }

  get fn() {
    const call = (method, params) => this.call(method, params);
    call.many = async (method, list, { cost } = {}) => {
      const out = new Array(list.length);
      const order = costliestFirst(list, cost ?? (() => 0));
      this.many = { list, order };
      await Promise.all(order.map(async (i) => { out[i] = await this.call(method, list[i]); }));
      return out;
    };
    return call;
  }

  close() { return Promise.all(this.workers.map((w) => w.terminate())); }
}

/**
 * The speed-up that dealing jobs of known `times` in `order` to the first free of
 * `k` workers gives over one worker: total time / the time the last worker finishes.
 */
export function dealtSpeedup(times, order, k) {
  const free = new Float64Array(k);
  for (const i of order) { const w = free.indexOf(Math.min(...free)); free[w] += times[i]; }
  return order.reduce((a, i) => a + times[i], 0) / Math.max(...free);
}

const CASES = [
  ['chaos phase diagram 200 x 200 (8 bands)', '#/chaos-phase?v=1'],
  ['deep linear depth sweep (15 depths x 3 inits)', '#/depth-speed?v=1'],
];

/**
 * Runs with every pool size open at once, alternating sizes round by round, so a
 * change of load on the machine falls on all of them alike.
 * -> [{ name, ms: { [size]: best wall ms }, speedup (first size / last), identical }]
 */
export async function benchPool(sizes = [1, 2], rounds = 3) {
  const pools = await Promise.all(sizes.map((k) => Pool.open(k)));
  try {
    const rows = [];
    for (const [name, hash] of CASES) {
      const { demo, values } = parseHash(hash, DEMOS);
      const row = { name, ms: {}, prints: new Set() };
      for (const pool of pools) await demo.compute(pool.fn, { ...values, ...(demo.id === 'chaos-phase' ? { res: 40 } : { maxDepth: 6 }) });   // warm up
      let alone = null;   // each call's best time on the first pool (one worker: calls one after another)
      for (let r = 0; r < rounds; r++) {
        for (const [i, pool] of pools.entries()) {
          const t0 = performance.now();
          const data = await demo.compute(pool.fn, { ...values });
          row.ms[sizes[i]] = Math.min(row.ms[sizes[i]] ?? Infinity, performance.now() - t0);
          row.prints.add(fingerprint(data));
          if (i === 0) {
            const { list } = pool.many;
            alone = list.map((p, k) => Math.min(alone?.[k] ?? Infinity, pool.times.get(p)));
          }
        }
      }
      // What dealing allows on the last size, from those times: the calls in the order
      // listed (as the page queued them before) and costliest first (as it does now).
      const { list, order } = pools[0].many;
      rows.push({ name, ms: row.ms, speedup: row.ms[sizes[0]] / row.ms[sizes.at(-1)], identical: row.prints.size === 1,
        dealt: { listed: dealtSpeedup(alone, list.map((_, k) => k), sizes.at(-1)), queued: dealtSpeedup(alone, order, sizes.at(-1)) } });
    }
    return rows;
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

/**
 * The uneven grids `depthlab sweep` is timed on: depths 1 to 48 by widths 8 to 32 (a
 * few ms to about a second per point), at 2000 steps (about 3 s on one thread) and at
 * 8000 (about 10 s). Starting the threads and warming them up costs the same on both,
 * so the two show how the speed-up grows with the length of a sweep.
 */
export const SWEEP_BENCH = ['gd-modes', 'depth=1,2,4,8,16,32,48', 'width=8,16,32', 'steps=2000'];
export const SWEEP_BENCH_LONG = [...SWEEP_BENCH.slice(0, 3), 'steps=8000'];

/**
 * `depthlab sweep` over `grid` with each number of threads in `sizes`, alternated
 * round by round. On a shared machine the measured ratio is capped by the cores
 * others leave free, so this also gives the ratio the dealing itself allows: the
 * points' times on one thread (best of the rounds), dealt costliest first to the
 * first free of the last size's threads; and the last size's time beyond an even
 * share of the first's (thread start, warm-up, the last point, the cores' contention).
 * -> { name, points, ms: { [size]: best wall ms }, speedup, dealt, overEvenShareMs, identical }
 */
export async function benchSweep(grid = SWEEP_BENCH, sizes = [1, 2], rounds = 3) {
  const [id, ...axes] = grid;
  const demo = DEMOS.find((d) => d.id === id);
  const points = sweepPoints(demo, axes.map((a) => parseAxis(demo, a)));
  const ms = {}, prints = new Set(), alone = new Float64Array(points.length).fill(Infinity);
  for (let r = 0; r < rounds; r++) {
    for (const workers of sizes) {
      const rows = new Array(points.length);
      const t0 = performance.now();
      let last = null;
      await runSweep(points, { workers, onRow: (p, reply) => {
        rows[p.index] = reply.fingerprint ?? reply.error;
        const now = performance.now();
        if (workers === 1 && last !== null) alone[p.index] = Math.min(alone[p.index], now - last);
        last = now;
      } }).done;
      ms[workers] = Math.min(ms[workers] ?? Infinity, performance.now() - t0);
      prints.add(rows.join());
    }
  }
  // The first point's time on one thread includes the thread's start: take the rest.
  const timed = dealOrder(points).filter((p) => Number.isFinite(alone[p.index])).map((p) => p.index);
  const [k1, k] = [sizes[0], sizes.at(-1)];
  return { name: `depthlab sweep ${grid.join(' ')} (${points.length} uneven points)`, points: points.length, ms,
    speedup: ms[k1] / ms[k], dealt: { queued: dealtSpeedup(alone, timed, k) }, overEvenShareMs: ms[k] - (ms[k1] * k1) / k,
    identical: prints.size === 1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`cores: ${availableParallelism()}`);
  console.log(await benchPool());
  console.log(await benchSweep());
  console.log(await benchSweep(SWEEP_BENCH_LONG));
}
