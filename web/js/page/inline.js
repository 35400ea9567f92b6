// Support for the single-file build (dist/depthlab.html), which carries the
// worker's code, the wasm modules and the real data inside the page: this turns them
// into a worker URL. In the ordinary build none of those elements exist.

/**
 * { url, type } of the inlined worker (a classic worker: Chromium refuses module
 * workers on file:// pages), or undefined when the page is not the single file.
 */
export function inlineWorker() {
  const worker = document.getElementById('inline-worker');
  if (!worker) return undefined;
  const text = (id) => document.getElementById(id).textContent.trim();
  // The build writes base64 only, so each goes into a string literal as it is.
  const prelude = `globalThis.DEPTHLAB_INLINE_WASM = { simd: "${text('inline-wasm-simd')}", scalar: "${text('inline-wasm-scalar')}" };\n` +
    `globalThis.DEPTHLAB_INLINE_DATA = { fashionMnist: "${text('inline-data-fashion-mnist')}" };\n`;
  return { url: URL.createObjectURL(new Blob([prelude, worker.textContent], { type: 'text/javascript' })), type: 'classic' };
}
