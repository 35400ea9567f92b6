// Support for the single-file build (dist/depthlab.html), which carries the
// worker's code and the wasm modules inside the page: this turns them into a
// worker URL. In the ordinary build none of those elements exist.

/**
 * { url, type } of the inlined worker (a classic worker: Chromium refuses module
 * workers on file:// pages), or undefined when the page is not the single file.
 */
export function inlineWorker() {
  const worker = document.getElementById('inline-worker');
  if (!worker) return undefined;
  const wasm = (variant) => document.getElementById(`inline-wasm-${variant}`).textContent.trim();
  const prelude = `globalThis.DEPTHLAB_INLINE_WASM = { simd: "${wasm('simd')}", scalar: "${wasm('scalar')}" };\n`;
  return { url: URL.createObjectURL(new Blob([prelude, worker.textContent], { type: 'text/javascript' })), type: 'classic' };
}
