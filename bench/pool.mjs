// Speed-up of the worker pool on the page's two split sweeps: the phase diagram
// (web/js/demos/chaos-phase.js: 8 bands of rows) and the depth sweep
// (web/js/demos/dl-depth.js: one call per depth), run by each demo's own
// compute() with call.many dealt round-robin over K Node worker_threads (as the
// page's pool deals calls to its least-busy worker), K = 1 and 2. Wall time, best
// of 3 runs per K; the merged results must be bit-identical for every K (fingerprint).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { DEMOS } from '../web/js/demos/index.js';
import { parseHash } from '../web/js/demos/state.js';
import { fingerprint } from '../web/js/engine/fingerprint.js';

class Pool {
  static async open(size) {
    const pool = new Pool();
    pool.workers = await Promise.all(Array.from({ length: size }, () => new Promise((resolve) => {
      const w = new Worker(new URL('./pool-worker.mjs', import.meta.url));
      w.pending = new Map();
      w.on('message', (m) => { if (m.ready) resolve(w); else { w.pending.get(m.id)(m.result); w.pending.delete(m.id); } });
    })));
    pool.next = 0;
    pool.ids = 0;
    return pool;
  }

  call(method, params) {
    const w = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = ++this.ids;
    return new Promise((resolve) => { w.pending.set(id, resolve); w.postMessage({ id, method, params }); });
  }

  get fn() {
    const call = (method, params) => this.call(method, params);
    call.many = (method, list) => Promise.all(list.map((p) => this.call(method, p)));
    return call;
  }

  close() { return Promise.all(this.workers.map((w) => w.terminate())); }
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
      for (let r = 0; r < rounds; r++) {
        for (const [i, pool] of pools.entries()) {
          const t0 = performance.now();
          const data = await demo.compute(pool.fn, { ...values });
          row.ms[sizes[i]] = Math.min(row.ms[sizes[i]] ?? Infinity, performance.now() - t0);
          row.prints.add(fingerprint(data));
        }
      }
      rows.push({ name, ms: row.ms, speedup: row.ms[sizes[0]] / row.ms[sizes.at(-1)], identical: row.prints.size === 1 });
    }
    return rows;
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`cores: ${availableParallelism()}`);
  console.log(await benchPool());
}
