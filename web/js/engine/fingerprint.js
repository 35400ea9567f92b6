// A short, stable fingerprint of a computation's result: two 32-bit FNV-1a
// hashes (different offsets) over the bytes of every number, in a fixed walk
// order. Equal fingerprints in Node and in the page mean bit-identical output.

const FNV_PRIME = 0x01000193;

function walk(value, visit) {
  if (ArrayBuffer.isView(value)) { visit(value instanceof Float64Array ? value : Float64Array.from(value)); return; }
  if (typeof value === 'number') { visit(Float64Array.of(value)); return; }
  if (Array.isArray(value)) { for (const v of value) walk(v, visit); return; }
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) walk(value[key], visit);
  }
}

/** 16 hex digits identifying every number in `value` (objects walked by sorted key). */
export function fingerprint(value) {
  let h1 = 0x811c9dc5, h2 = 0x050c5d1f;
  walk(value, (f64) => {
    const bytes = new Uint8Array(f64.buffer, f64.byteOffset, f64.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      h1 = Math.imul(h1 ^ bytes[i], FNV_PRIME);
      h2 = Math.imul(h2 ^ bytes[i], FNV_PRIME);
    }
  });
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
