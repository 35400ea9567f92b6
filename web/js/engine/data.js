// Real data for the demos that train networks: Fashion-MNIST (Xiao, Rasul & Vollgraf
// 2017, arXiv:1708.07747) as derived by build-scripts/fashion-mnist.mjs — 14 x 14 images
// (2 x 2 mean-pooled), class-balanced training and test subsets. Loaded on first use,
// in the worker or Node, never with the first page.

const FILE = '../../data/fashion-mnist.bin';
const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/**
 * Parses the file's bytes: { name, side, classes, train: { X, y, count }, test: { X, y, count } },
 * X a Uint8Array of count x side^2 pixels (row-major images), y the labels 0..9.
 */
export function parseFashionMnist(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const magic = String.fromCharCode(...u8.subarray(0, 4));
  if (magic !== 'DLFM' || dv.getUint32(4, true) !== 1) throw new Error('not a depthlab Fashion-MNIST file (version 1)');
  const hlen = dv.getUint32(8, true);
  const head = JSON.parse(new TextDecoder().decode(u8.subarray(12, 12 + hlen)));
  const px = head.side * head.side;
  let at = 12 + hlen;
  const take = (n) => { const v = u8.subarray(at, at + n); at += n; return v; };
  const part = (count) => ({ count, X: take(count * px), y: take(count) });
  const train = part(head.train), test = part(head.test);
  if (at !== u8.length) throw new Error(`Fashion-MNIST file has ${u8.length} bytes, expected ${at}`);
  return { ...head, train, test };
}

/** The bytes gzip-compressed `bytes` expand to (DecompressionStream: every current browser, Node >= 18). */
export async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

let cached = null;

/** The dataset, read once per worker (or Node process). `source`: bytes or a URL overriding the built file. */
export function loadFashionMnist(source) {
  if (source === undefined && cached) return cached;
  const load = async () => {
    if (source instanceof Uint8Array || source instanceof ArrayBuffer) return parseFashionMnist(source);
    const inline = globalThis.DEPTHLAB_INLINE_DATA?.fashionMnist;   // the single-file build: base64 of the gzipped file
    if (source === undefined && inline) return parseFashionMnist(await gunzip(Uint8Array.from(atob(inline), (c) => c.charCodeAt(0))));
    const url = new URL(source ?? FILE, import.meta.url);
    if (isNode && url.protocol === 'file:') {
      const { readFile } = await import('node:fs/promises');
      return parseFashionMnist(await readFile(url));
    }
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load ${url.href}: HTTP ${res.status} (run make build)`);
    return parseFashionMnist(await res.arrayBuffer());
  };
  const p = load();
  if (source === undefined) { cached = p; p.catch(() => { cached = null; }); }
  return p;
}
