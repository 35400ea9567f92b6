// The one driver for every C simulator handle (dl_sim.h, perceptual.h,
// pathways.h, chaos.h): create, step in chunks with records, read, free, and
// the pause/resume state as plain data. Each handle type's functions follow one
// naming scheme, dlab_<prefix>_create(..., &handle), dlab_<prefix>_step,
// dlab_<prefix>_read, dlab_<prefix>_free, so one class drives them all.
import { chunked } from './chunked.js';
import { reals } from './params.js';
import { DLAB_EDIVERGED } from './c-constants.js';

export class Handle {
  /**
   * Opens dlab_<prefix>_create(...args, &handle) (or the create function named
   * `create`); array arguments are copied in for the call. Always free() it.
   */
  constructor(w, prefix, args, create = `dlab_${prefix}_create`) {
    this.w = w;
    this.prefix = prefix;
    this.ptr = w.result('ptr', w.x[create], ...args);
  }

  fn(name) { return this.w.x[`dlab_${this.prefix}_${name}`]; }

  /** dlab_<prefix>_<name>(handle, ...args), status checked. */
  call(name, ...args) { this.w.invoke(this.fn(name), this.ptr, ...args); }

  /** The one scalar dlab_<prefix>_<name>(handle, ...args, &out) writes ('f64', 'i32'). */
  result(type, name, ...args) { return this.w.result(type, this.fn(name), this.ptr, ...args); }

  /** The n doubles dlab_<prefix>_<name>(handle, ...args, out) writes. */
  doubles(name, n, ...args) {
    return this.w.call([], [n], (out) => this.fn(name)(this.ptr, ...args, out))[0];
  }

  free() { this.fn('free')(this.ptr); }

  /**
   * Steps the handle `steps` times in chunks (progress, cancel, and V8 tiering the
   * wasm up between calls: chunked.js), with a record of `size` doubles read at the
   * start, at every multiple of `every` and at the end (nrec = ceil(steps / every) + 1).
   *   step(n)       does n steps (returns a status);
   *   read(out)     writes a record at `out` (default dlab_<prefix>_read(handle, out));
   *   onRecord(r)   runs after record r is read (for reads beyond the record);
   *   breaks        step counts at which a stretch of steps must end, and before(done)
   *                 runs ahead of every stretch (to switch something at a break);
   *   explain()     facts for a divergence's EngineError.detail (e.g. { step }).
   * Returns the records, row-major: Float64Array(nrec * size).
   */
  async record({ steps, every, size, step, read, onRecord, breaks = [], before, explain },
    { signal, onProgress, note, first = 1 } = {}) {
    const { w } = this;
    read ??= (out) => this.fn('read')(this.ptr, out);
    const nrec = Math.ceil(steps / every) + 1;
    const recs = new Float64Array(nrec * size), buf = w.alloc(size);
    const take = (r) => {
      w.check(read(buf));
      recs.set(w.f64.subarray(buf / 8, buf / 8 + size), r * size);
      onRecord?.(r);
    };
    try {
      take(0);
      let done = 0, r = 1;
      await chunked(steps, (n) => {
        const end = done + n;
        while (done < end) {
          const mark = Math.min(steps, r * every);
          let next = Math.min(end, mark);
          for (const b of breaks) if (b > done && b < next) next = b;
          before?.(done);
          try {
            w.check(step(next - done));
          } catch (e) {
            if (e.status === DLAB_EDIVERGED && explain) e.detail = { ...explain(), ...e.detail };
            throw e;
          }
          done = next;
          if (done === mark) take(r++);
        }
      }, { signal, first, onProgress: (f) => onProgress?.(f, note?.(Math.round(f * steps)) ?? '') });
      return recs;
    } finally {
      w.x.dlab_free(buf);
    }
  }
}

/**
 * Opens a handle with open(), returns use(handle) and frees the handle whatever
 * happens: at once, or when use's promise settles.
 */
export function withHandle(open, use) {
  const h = open();
  let out;
  try {
    out = use(h);
  } catch (e) {
    h.free();
    throw e;
  }
  if (out instanceof Promise) return out.finally(() => h.free());
  h.free();
  return out;
}

/** Column j of row-major records of `size` doubles each. */
export function column(recs, size, j) {
  return Float64Array.from({ length: recs.length / size }, (_, i) => recs[i * size + j]);
}

// ---- pause and resume ------------------------------------------------------------
// A paused run is plain data, { run, steps, t, weights }: workers keep no handle in
// between. Resuming rebuilds the handle from the same parameters and puts the state
// back (dlab_dls_restore), so the continuation is bit-identical. `run` fingerprints
// what fixes the trajectory, so a state cannot be resumed under another run by mistake.

/**
 * p.resume checked: the state of the run fingerprinted `run` (one that differs only in
 * the parameters `changeable` names), with `size` weights. Steps and t are C's to check.
 */
export function resumeOf(p, run, size, { fixed, changeable }) {
  const r = p.resume;
  if (r === null || typeof r !== 'object') {
    throw new RangeError('resume must be the state object of an earlier run (its result.state, asked for with resumable: true)');
  }
  if (r.run !== run) throw new RangeError(`resume comes from a run with other ${fixed}: only ${changeable} may change when resuming`);
  return { weights: reals(r, 'weights', { minLength: size, maxLength: size }), steps: r.steps, t: r.t };
}
