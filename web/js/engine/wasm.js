// Loads the standalone depthlab wasm module and wraps its raw exports with the
// memory helpers every solver wrapper uses. Works unchanged in Node, a Web
// Worker and the page: only the way the bytes are read differs.
import { EngineError } from './errors.js';
import { DLAB_OK, DLAB_ENOMEM, DLAB_KERNEL_AUTO, DLAB_NOTRANS, DLAB_TRANS } from './c-constants.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

// The smallest module using a SIMD instruction (v128.const; drop). If it
// validates, the engine runs the SIMD build; otherwise the scalar one.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0,
  10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 26, 11]);

export function simdSupported() {
  return WebAssembly.validate(SIMD_PROBE);
}

async function readBytes(url) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

// The module imports nothing it really needs: memory growth is noticed by
// taking fresh heap views, and the C code does no I/O. Stub whatever it names.
function stubImports(module) {
  const imports = {};
  for (const { module: mod, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') continue;
    (imports[mod] ??= {})[name] = name === 'proc_exit'
      ? (code) => { throw new Error(`wasm module exited with code ${code}`); }
      : () => 52; // WASI ENOSYS for anything else; none is called in practice
  }
  return imports;
}

/**
 * Instantiates the module. `source` may be a URL (string or URL object) or the
 * module's bytes. Returns a Wasm wrapper.
 */
export async function instantiate(source) {
  const bytes = source instanceof URL || typeof source === 'string'
    ? await readBytes(new URL(source)) : source;
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, stubImports(module));
  instance.exports._initialize?.();
  return new Wasm(instance.exports, bytes.byteLength);
}

/** Raw exports plus the few helpers that move arrays across the boundary. */
export class Wasm {
  constructor(exports, byteLength) {
    this.x = exports;
    this.byteLength = byteLength;
    this.slot = this.alloc(1);   // where C writes a call's one scalar result (see result)
  }

  // Views are taken fresh on every use: any call may grow (and so detach) memory.
  get f64() { return new Float64Array(this.x.memory.buffer); }
  get u8() { return new Uint8Array(this.x.memory.buffer); }

  cstring(ptr) {
    const u8 = this.u8;
    let end = ptr;
    while (u8[end]) end++;
    return new TextDecoder().decode(u8.subarray(ptr, end));
  }

  /** Throws an EngineError with the C library's sentence for a non-zero status. */
  check(status) {
    if (status !== DLAB_OK) throw new EngineError(this.cstring(this.x.dlab_last_error()), status);
  }

  /** Allocates n doubles in wasm memory; throws with the library's sentence on failure. */
  alloc(n) {
    const ptr = this.x.dlab_alloc_f64(n);
    if (!ptr) throw new EngineError(this.cstring(this.x.dlab_last_error()), DLAB_ENOMEM);
    return ptr;
  }

  /** Copies an array of numbers into fresh wasm memory; returns its address (release with dlab_free). */
  copyIn(arr) {
    const p = this.alloc(Math.max(1, arr.length));
    this.f64.set(arr, p / 8);
    return p;
  }

  /** Calls fn(...args), arrays among args copied into wasm memory for the call; checks the status. */
  invoke(fn, ...args) {
    const ptrs = [];
    try {
      const passed = args.map((a) => {
        if (typeof a === 'number') return a;
        ptrs.push(this.copyIn(a));
        return ptrs.at(-1);
      });
      this.check(fn(...passed));
    } finally {
      for (const p of ptrs) this.x.dlab_free(p);
    }
  }

  /** invoke(fn, ...args, slot) for a C function that writes one result at its last argument: read as 'f64', 'i32' or 'ptr'. */
  result(type, fn, ...args) {
    this.invoke(fn, ...args, this.slot);
    const buf = this.x.memory.buffer;
    if (type === 'f64') return new Float64Array(buf)[this.slot / 8];
    return (type === 'i32' ? new Int32Array(buf) : new Uint32Array(buf))[this.slot / 4];
  }

  /**
   * Runs fn with wasm buffers: `inputs` are arrays copied in, `outputs` are
   * lengths allocated zeroed. fn(...inputPtrs, ...outputPtrs) returns a status.
   * Outputs come back as JS-owned Float64Arrays; every buffer is freed, even on error.
   */
  call(inputs, outputs, fn) {
    const ptrs = [];
    try {
      for (const arr of inputs) ptrs.push(this.copyIn(arr));
      for (const n of outputs) ptrs.push(this.alloc(Math.max(1, n)));
      this.check(fn(...ptrs));
      return outputs.map((n, i) => {
        const p = ptrs[inputs.length + i] / 8;
        return this.f64.slice(p, p + n);
      });
    } finally {
      for (const p of ptrs) this.x.dlab_free(p);
    }
  }

  /** op(A) op(B) (row-major; op(A) m x k, op(B) k x n) by the library's GEMM: the engine's one matrix product. */
  matmul(A, B, m, k, n, { transA = false, transB = false } = {}) {
    const ta = transA ? DLAB_TRANS : DLAB_NOTRANS, tb = transB ? DLAB_TRANS : DLAB_NOTRANS;
    return this.call([A, B], [m * n], (a, b, c) => this.x.dlab_linalg_gemm(DLAB_KERNEL_AUTO, ta, tb, m, n, k, 1, a, b, 0, c))[0];
  }
}
